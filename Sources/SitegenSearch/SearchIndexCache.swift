import SitegenCore

/// The search index kept between the preview's rebuilds, so that an edit costs its own page's words rather than the
/// whole site's: each slot's terms and excerpts stay as they were while its page is the same, the postings are kept
/// per bucket and changed where a page's terms changed, and only the files whose contents that changes are made
/// again. The files are byte for byte those `SearchIndexWriter.write` makes for the same pages (a test holds the
/// two together). A one-shot build does not use it: it holds the postings of the whole site in memory.
public final class SearchIndexCache: @unchecked Sendable {
    /// What a slot's page is made from: the parsed article (the same object while its file is unchanged), its URL
    /// and its product's position. The page is analysed again when any of them changes.
    public struct Key {
        public let source: AnyObject
        public let url: String
        public let product: Int?

        public init(source: AnyObject, url: String, product: Int?) {
            (self.source, self.url, self.product) = (source, url, product)
        }

        /// Whether two keys (nil: not indexed) name the same page.
        static func same(_ one: Key?, _ other: Key?) -> Bool {
            guard let one, let other else { return one == nil && other == nil }
            return one.source === other.source && one.url == other.url && one.product == other.product
        }
    }

    // Each slot's key, page (with excerpts only), terms, and what the manifest records of it; kept in arrays of
    // their own so that an update that looks at every slot copies none of them.
    private var keys: [Key?] = []
    private var pages: [SearchDocument?] = []
    private var terms: [[(term: String, code: Int, bucket: Int)]] = []
    private var productOf: [Int] = []
    private var titleTerms: [Int] = []
    private var indexed = 0
    private var bucketCount = 0
    /// The products the manifest was last written with.
    private var products: [(slug: String, name: String)] = []
    /// By bucket, each term's postings in slot order, each `slot << 32 | code`.
    private var postings: [[String: [UInt64]]] = []
    /// By the bucket of their tails, the terms that have a tail (`SearchIndexWriter.tail(of:)`) and a posting.
    private var tailTerms: [Set<String>] = []

    public init() {}

    /// Brings the index up to date with `slots` document slots (`key(slot)`: nil when the slot's page is not
    /// indexed; `document(slot)` is asked only for the slots whose key changed; with `candidates`, only those
    /// slots are looked at, the others being known to be as they were). Returns the files to write:
    /// all of them when the index was made whole (`complete`) or `everyFile` is asked, else those whose contents
    /// may have changed: the term files where a posting changed, the tail files where a term came or went, the edited
    /// slots' document files, and the manifest when what it records changed.
    public func update(slots count: Int, products: [(slug: String, name: String)], jobs: Int, everyFile: Bool = false,
                       candidates: [Int]? = nil, key: (Int) -> Key?, document: @Sendable (Int) -> SearchDocument?)
        -> (files: [String: [UInt8]], complete: Bool) {
        let buckets = SearchIndexWriter.bucketCount(slots: count)
        // A change in the number of slots moves every slot after it (and may change the bucket count): every file
        // is handed over.
        let complete = count != keys.count || buckets != bucketCount
        // A page added or removed moves the slots after it, but leaves the other pages as they were: with the same
        // bucket count, each page whose key is the same (the same parsed article, URL and product) keeps its terms,
        // excerpts and postings, the postings moved to its new slot (`renumber`); only the pages that came, went
        // or changed are read and gathered. Made whole, adding an article to the preview of 10,000 took 1.3 s.
        let moved = complete && buckets == bucketCount ? renumber(slots: count, key: key) : nil
        if complete && moved == nil {
            keys = Array(repeating: nil, count: count)
            pages = Array(repeating: nil, count: count)
            terms = Array(repeating: [], count: count)
            productOf = Array(repeating: -1, count: count)
            titleTerms = Array(repeating: 0, count: count)
            indexed = 0
            postings = Array(repeating: [:], count: buckets)
            tailTerms = Array(repeating: [], count: buckets)
            bucketCount = buckets
        }
        var changed: [Int] = moved ?? []
        // Only the candidates' keys are looked at when the caller knows the other slots are as they were.
        let looked = complete ? nil : candidates.map { Set($0.filter { $0 >= 0 && $0 < count }).sorted() }
        for slot in moved == nil ? looked ?? Array(0..<count) : [] {
            let now = key(slot)
            if complete ? now != nil : !Key.same(now, keys[slot]) { changed.append(slot) }
            keys[slot] = now
        }
        let prepared = parallelMap(changed, jobs: jobs) { slot in
            SearchIndexWriter.prepare(document(slot), buckets: buckets)
        }
        var dirtyBuckets = Set<Int>(), dirtyChunks = Set<Int>(), dirtyTails = Set<Int>()
        // A term that gains its first posting or loses its last changes the `v/` file of its tail.
        func termCame(_ term: String, _ present: Bool) {
            guard let tail = SearchIndexWriter.tail(of: term) else { return }
            let number = SearchIndexWriter.bucket(of: tail, count: buckets)
            if present { tailTerms[number].insert(term) } else { tailTerms[number].remove(term) }
            dirtyTails.insert(number)
        }
        // The manifest changes with the products, the count of indexed pages and a slot's product or title terms.
        var manifestChanged = complete || everyFile || !products.elementsEqual(self.products, by: { $0.slug == $1.slug && $0.name == $1.name })
        let indexedBefore = indexed
        for (slot, fresh) in zip(changed, prepared) {
            let manifestEntry = (productOf[slot], titleTerms[slot])
            let before = terms[slot]
            let tag = UInt64(slot) << 32
            // A page's terms come in the order they first occur, so an edit leaves the terms before it in place:
            // those are compared pair by pair, by their bytes, and only the rest through tables keyed by term.
            // (Tables for every term made each edit of a page of 200,000 distinct words cost 0.16 s, and grew
            // faster than the page.)
            var common = 0
            while common < min(before.count, fresh.terms.count), before[common].term.utf8Equals(fresh.terms[common].term) {
                let (was, now) = (before[common], fresh.terms[common])
                if was.code != now.code {
                    if remove(slot: tag, term: was.term, bucket: was.bucket) { termCame(was.term, false) }
                    if insert(tag | UInt64(now.code), term: now.term, bucket: now.bucket) { termCame(now.term, true) }
                    dirtyBuckets.insert(now.bucket)
                }
                common += 1
            }
            var old: [String: Int] = [:], new: [String: Int] = [:]
            old.reserveCapacity(before.count - common)
            new.reserveCapacity(fresh.terms.count - common)
            for term in before[common...] { old[term.term] = term.code }
            for term in fresh.terms[common...] { new[term.term] = term.code }
            for term in before[common...] where new[term.term] != term.code {
                if remove(slot: tag, term: term.term, bucket: term.bucket) { termCame(term.term, false) }
                dirtyBuckets.insert(term.bucket)
            }
            for term in fresh.terms[common...] where old[term.term] != term.code {
                if insert(tag | UInt64(term.code), term: term.term, bucket: term.bucket) { termCame(term.term, true) }
                dirtyBuckets.insert(term.bucket)
            }
            // A slot whose page could not be made (nil) stays unindexed, as in a one-shot build, and is asked for
            // again next time.
            if pages[slot] != nil { indexed -= 1 }
            pages[slot] = fresh.page
            terms[slot] = fresh.page == nil ? [] : fresh.terms
            productOf[slot] = fresh.page.map { $0.product ?? -1 } ?? -1
            titleTerms[slot] = fresh.page == nil ? 0 : fresh.terms.lazy.filter { $0.code & 1 != 0 }.count
            if fresh.page != nil { indexed += 1 } else { keys[slot] = nil }
            dirtyChunks.insert(slot / SearchIndexWriter.documentsPerChunk)
            if manifestEntry != (productOf[slot], titleTerms[slot]) { manifestChanged = true }
        }
        if indexed != indexedBefore { manifestChanged = true }
        self.products = products
        if complete || everyFile {
            dirtyBuckets = Set(0..<buckets)
            dirtyTails = Set(0..<buckets)
            dirtyChunks = Set(0..<SearchIndexWriter.chunkCount(slots: count))
        }
        var files: [String: [UInt8]] = [:]
        let chunkFiles = parallelMap(Array(dirtyChunks), jobs: jobs) { chunk -> (String, [UInt8]) in
            let range = chunk * SearchIndexWriter.documentsPerChunk..<min((chunk + 1) * SearchIndexWriter.documentsPerChunk, max(count, 1))
            return ("d/\(chunk).json", SearchIndexWriter.chunkFile(range.map { $0 < count ? self.pages[$0] : nil }))
        }
        let bucketFiles = parallelMap(Array(dirtyBuckets), jobs: jobs) { number -> (String, [UInt8]) in
            let table = self.postings[number]
            let terms = table.keys.sorted { $0.utf8Precedes($1) }
            return ("t/\(number).json", SearchIndexWriter.bucketFile(terms) { position, pair in
                var last: UInt64 = 0
                for posting in table[terms[position]]! {
                    let slot = posting >> 32
                    pair(Int(slot - last), Int(posting & 0xFFFF_FFFF))
                    last = slot
                }
            })
        }
        let tailFiles = parallelMap(Array(dirtyTails), jobs: jobs) { number -> (String, [UInt8]) in
            ("v/\(number).json", SearchIndexWriter.tailFile(self.tailTerms[number].map { (tail: SearchIndexWriter.tail(of: $0)!, term: $0) }))
        }
        for (path, bytes) in chunkFiles + bucketFiles + tailFiles { files[path] = bytes }
        if manifestChanged {
            files["meta.json"] = SearchIndexWriter.manifestFile(
                bucketCount: buckets, indexed: indexed, products: products,
                slots: productOf.indices.lazy.map { [productOf, titleTerms] in (product: productOf[$0], titleTerms: titleTerms[$0]) })
        }
        return (files, complete)
    }

    /// Moves the pages that stay (the same key, `Key.same`) to their slots among `count`, postings included, and
    /// takes out the postings of those that went or changed; returns the slots whose pages must be made (the new
    /// and changed ones that are indexed). Nil, with nothing changed, when the pages that stay are not in the
    /// order they were (their postings, moved, would be out of slot order): the index is then made whole.
    private func renumber(slots count: Int, key: (Int) -> Key?) -> [Int]? {
        let now = (0..<count).map(key)
        var oldSlots: [ObjectIdentifier: Int] = [:]
        for (slot, old) in keys.enumerated() {
            if let old, pages[slot] != nil { oldSlots[ObjectIdentifier(old.source)] = slot }
        }
        // The old slot of each new one whose page stays, or -1.
        var from = [Int](repeating: -1, count: count)
        var last = -1
        for (slot, key) in now.enumerated() {
            guard let key, let old = oldSlots[ObjectIdentifier(key.source)], Key.same(key, keys[old]) else { continue }
            guard old > last else { return nil }
            from[slot] = old
            last = old
        }
        var to = [Int](repeating: -1, count: keys.count)
        for (slot, old) in from.enumerated() where old >= 0 { to[old] = slot }
        // The postings of the pages that go, under their old slots.
        for (old, slot) in to.enumerated() where slot < 0 && pages[old] != nil {
            for term in terms[old] where remove(slot: UInt64(old) << 32, term: term.term, bucket: term.bucket) {
                if let tail = SearchIndexWriter.tail(of: term.term) {
                    tailTerms[SearchIndexWriter.bucket(of: tail, count: bucketCount)].remove(term.term)
                }
            }
        }
        // Every posting moved to its page's new slot: the order of the pages that stay is kept, so each list stays
        // in slot order.
        for bucket in postings.indices {
            var table = postings[bucket]
            postings[bucket] = [:]
            var position = table.values.startIndex
            while position != table.values.endIndex {
                table.values[position] = table.values[position].map { posting in
                    UInt64(to[Int(posting >> 32)]) << 32 | (posting & 0xFFFF_FFFF)
                }
                table.values.formIndex(after: &position)
            }
            postings[bucket] = table
        }
        func laidOut<Value>(_ values: [Value], _ empty: Value) -> [Value] { from.map { $0 >= 0 ? values[$0] : empty } }
        pages = laidOut(pages, nil)
        terms = laidOut(terms, [])
        productOf = laidOut(productOf, -1)
        titleTerms = laidOut(titleTerms, 0)
        indexed = pages.lazy.filter { $0 != nil }.count
        keys = now
        return (0..<count).filter { from[$0] < 0 && now[$0] != nil }
    }

    /// The URL the slot's page had at the last update (nil: not indexed then).
    public func url(ofSlot slot: Int) -> String? { slot >= 0 && slot < keys.count ? keys[slot]?.url : nil }

    /// The position of the first posting of `list` whose slot is at least `slot` (binary search).
    private static func position(of slot: UInt64, in list: [UInt64]) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] >> 32 < slot >> 32 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Adds a posting; true when it is the term's first.
    private func insert(_ posting: UInt64, term: String, bucket: Int) -> Bool {
        var list = postings[bucket].removeValue(forKey: term) ?? []
        let first = list.isEmpty
        let at = Self.position(of: posting, in: list)
        if at < list.count, list[at] >> 32 == posting >> 32 { list[at] = posting } else { list.insert(posting, at: at) }
        postings[bucket][term] = list
        return first
    }

    /// Removes a slot's posting; true when it was the term's last.
    private func remove(slot tag: UInt64, term: String, bucket: Int) -> Bool {
        guard var list = postings[bucket].removeValue(forKey: term) else { return false }
        let at = Self.position(of: tag, in: list)
        if at < list.count, list[at] >> 32 == tag >> 32 { list.remove(at: at) }
        if !list.isEmpty { postings[bucket][term] = list }
        return list.isEmpty
    }
}
