import Foundation
import SitegenCore
import Synchronization

/// A page as the index records it.
public struct SearchDocument: Sendable {
    public var url: String
    public var title: String
    /// Position of the page's product in the writer's `products`, if it has one.
    public var product: Int?
    /// The page's sections; the first is the text before the first heading.
    public var sections: [PageSection]

    public init(url: String, title: String, product: Int?, sections: [PageSection]) {
        self.url = url
        self.title = title
        self.product = product
        self.sections = sections
    }
}

/// A page as the build hands it to the index: its body's HTML, not yet read into sections.
public struct SearchPage: Sendable {
    public var url: String
    public var title: String
    /// Position of the page's product in the writer's `products`, if it has one.
    public var product: Int?
    /// The rendered Markdown body, as `PageSections` reads it.
    public var html: String

    public init(url: String, title: String, product: Int?, html: String) {
        (self.url, self.title, self.product, self.html) = (url, title, product, html)
    }
}

/// The index's files, relative to its folder (`assets/search/` in the output):
///
/// - `meta.json`: `{"version":1,"buckets":B,"chunk":C,"docs":N,"products":[[slug,name]…],"docProducts":[p…],
///   "titleTerms":[n…]}`. Each document slot has a product position (-1: none, or not indexed) and the number of
///   distinct terms of its title. `docs` counts the indexed pages.
/// - `t/<bucket>.json`: `{"terms":[t…],"postings":["…"…]}`, terms in byte order; a term is in the bucket
///   of the FNV-1a hash (over UTF-16 code units) of its first two scalars (of its first, when that is an
///   ideograph: `SearchText.isIdeograph`), so a prefix finds all its terms in one file. A term's postings are one string of numbers, pairs (slot delta, code), each number written as
///   `PostingPacking` says. Document slots are delta-coded; `c` is a posting's code: bits 0–2 the fields the term is in (1 title,
///   2 a heading, 4 the body), bits 3–5 its count in the body (at most 7), bits 6 and up the section where it
///   is (the first section whose heading has it, else the first whose body has it).
/// - `d/<chunk>.json`: `C` slots each `[url, title, [[headingID, heading, excerpt]…]]`, or null when the slot's
///   page is not indexed. Loaded only for the results shown.
/// - `v/<bucket>.json`: `{"tails":[s…],"terms":[t…]}`, each term of 5 or more scalars under its tail (the term
///   without its first scalar), in the bucket of the tail's first two scalars, ordered by tail then term. Read only
///   for a word that matches nothing in its own and its variant buckets: a wrong or missing first letter
///   (`nailbox`, `ailbox`) leaves the rest of the word, which is a tail here, and names the term's bucket.
///
/// Which files there are depends only on the number of slots (`paths`), so the build can claim them before the
/// index is made, and an edit that keeps the set of pages keeps the set of files.
public enum SearchIndexWriter {
    public static let formatVersion = 4
    /// Document slots per `d/` file: small, because a query loads one per result shown.
    public static let documentsPerChunk = 4
    /// Characters of a section's text kept as its excerpt.
    public static let excerptLength = 160

    /// Buckets for `slots` documents: a power of two near a quarter of the pages, from 16 to 512, so that a
    /// bucket stays a few kilobytes on a help center and the number of files stays bounded on a large site.
    public static func bucketCount(slots: Int) -> Int {
        var count = 16
        while count < 512 && count * 4 < slots { count *= 2 }
        return count
    }

    public static func chunkCount(slots: Int) -> Int { max(1, (slots + documentsPerChunk - 1) / documentsPerChunk) }

    /// The files of an index of `slots` document slots.
    public static func paths(slots: Int) -> [String] {
        ["meta.json"] + (0..<bucketCount(slots: slots)).map { "t/\($0).json" }
            + (0..<chunkCount(slots: slots)).map { "d/\($0).json" } + (0..<bucketCount(slots: slots)).map { "v/\($0).json" }
    }

    /// The bucket of a term (see the type's comment); `search.js` computes the same.
    public static func bucket(of term: String, count: Int) -> Int {
        var term = term
        return term.withUTF8 { bucket(ofUTF8: $0, count: count) }
    }

    /// `bucket(of:count:)` of a term's UTF-8 (valid UTF-8, as the index's terms are).
    static func bucket(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Int {
        var hash: UInt32 = 0x811C9DC5
        // ASCII first two scalars (nearly every term of an English help center): their UTF-16 units are the bytes.
        if let first = bytes.first, first < 0x80, bytes.count < 2 || bytes[1] < 0x80 {
            hash = (hash ^ UInt32(first)) &* 0x01000193
            if bytes.count >= 2 { hash = (hash ^ UInt32(bytes[1])) &* 0x01000193 }
            return Int(hash % UInt32(count))
        }
        // The first two scalars (one, when it is an ideograph: a query of one ideograph, typed as the start of a
        // pair (`SearchText`, step 4), then finds every pair it starts in one file), decoded from the UTF-8 and
        // hashed as UTF-16 code units, without making a String of each term: on a Japanese or Chinese site every
        // term takes this path.
        var index = 0, scalars = 0, limit = 2
        while index < bytes.count && scalars < limit {
            let lead = bytes[index]
            let size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = size == 1 ? UInt32(lead) : UInt32(lead) & (size == 4 ? 0x07 : size == 3 ? 0x0F : 0x1F)
            for offset in 1..<max(1, size) where index + offset < bytes.count {
                value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            }
            index += size
            if scalars == 0 && SearchText.isIdeograph(value) { limit = 1 }
            if value >= 0x10000 {
                let offset = value - 0x10000
                hash = (hash ^ (0xD800 + (offset >> 10))) &* 0x01000193
                hash = (hash ^ (0xDC00 + (offset & 0x3FF))) &* 0x01000193
            } else {
                hash = (hash ^ value) &* 0x01000193
            }
            scalars += 1
        }
        return Int(hash % UInt32(count))
    }

    /// One page's terms with their posting codes (without the slot).
    public static func analyze(_ document: SearchDocument) -> [(term: String, code: Int)] {
        table(document).codes()
    }

    /// The table of a page's terms: its title, then each section's heading and text.
    private static func table(_ document: SearchDocument) -> PageTerms {
        let table = PageTerms()
        table.read(document.title, field: 1, section: 0)
        for (position, section) in document.sections.enumerated() {
            table.read(section.heading, field: 2, section: position)
            table.read(section.text, field: 4, section: position)
        }
        return table
    }

    /// The index's files (paths as `paths(slots:)` lists them) for `documents` (nil: a slot not indexed).
    public static func files(documents: [SearchDocument?], products: [(slug: String, name: String)],
                             jobs: Int = 1) -> [String: [UInt8]] {
        let collected = Collected()
        write(slots: documents.count, products: products, jobs: jobs, document: { documents[$0] },
              to: { path, bytes in collected.files.withLock { $0[path] = bytes } })
        return collected.files.withLock { $0 }
    }

    private final class Collected: Sendable {
        let files = Mutex<[String: [UInt8]]>([:])
    }

    /// What the manifest keeps of a page once its words are counted and its excerpts written.
    private struct Slot: Sendable {
        var product: Int
        var titleTerms: Int
    }

    /// The postings of one bucket's terms, gathered in slot order. Each list is kept as the characters its `t/` file
    /// writes (`Postings`): two to four bytes a posting rather than the eight of two 32-bit numbers, on a site where
    /// postings are most of what the index holds.
    ///
    /// Hand-written rather than a `[String: Postings]`: gathering looks up every distinct term of every page (about
    /// three million at 10,000 articles), and a Dictionary keyed by String hashes each with SipHash. Here a term
    /// comes as bytes with the hash its page's table made (`PageTerms.key`), is compared by its bytes only when the hashes
    /// match, and is kept in one byte array with the bucket's other terms: a String is made once per distinct
    /// term, for the bucket's file.
    /// Only one task touches a bucket at a time (see `write`), so the run-time exclusivity checks, one per property
    /// access, are left out.
    private final class Bucket: @unchecked Sendable {
        /// A term and its postings, in one place: a look-up that finds its term touches this entry and the
        /// postings' bytes, and the term's bytes only when it is longer than `prefix` holds.
        private struct Entry {
            /// The term's first (up to) 8 bytes, the rest zero.
            var prefix: UInt64
            var start: Int32
            var length: Int32
            var postings: Postings
        }

        /// The terms' bytes, one after the other.
        @exclusivity(unchecked) private var bytes: [UInt8] = []
        @exclusivity(unchecked) private var entries: [Entry] = []
        /// Open addressing: a term's hash in the high 32 bits and its position + 1 in the low ones, 0 for a free
        /// slot (the hash is compared here, without reading the entry); a power of two, at most half full.
        @exclusivity(unchecked) private var slots = [UInt64](repeating: 0, count: 16)

        /// `term`: the term's UTF-8; `hash`: its `PageTerms.key` hash.
        func append(_ term: UnsafeBufferPointer<UInt8>, hash: UInt32, slot: UInt32, code: Int) {
            let prefix = Self.prefix(term)
            let mask = slots.count - 1
            var place = Int(hash) & mask
            let found: Int? = bytes.withUnsafeBufferPointer { stored in
                entries.withUnsafeBufferPointer { entries in
                    slots.withUnsafeBufferPointer { slots in
                        while true {
                            let value = slots[place]
                            if value == 0 { return nil }
                            if UInt32(truncatingIfNeeded: value >> 32) == hash {
                                let position = Int(UInt32(truncatingIfNeeded: value)) - 1
                                let entry = entries[position]
                                if entry.prefix == prefix, Int(entry.length) == term.count,
                                   term.count <= 8 || PageTerms.same(stored.baseAddress! + Int(entry.start) + 8, term.baseAddress! + 8, term.count - 8) {
                                    return position
                                }
                            }
                            place = (place + 1) & mask
                        }
                    }
                }
            }
            if let found {
                entries[found].postings.append(slot: slot, code: code)
                return
            }
            var postings = Postings()
            postings.append(slot: slot, code: code)
            entries.append(Entry(prefix: prefix, start: Int32(bytes.count), length: Int32(term.count), postings: postings))
            bytes.append(contentsOf: term)
            slots[place] = UInt64(hash) << 32 | UInt64(entries.count)
            if entries.count * 2 > slots.count { grow() }
        }

        /// The first (up to) 8 bytes of a term, the rest zero.
        private static func prefix(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
            guard let base = term.baseAddress else { return 0 }
            if term.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
            var value: UInt64 = 0
            for index in 0..<term.count { value |= UInt64(base[index]) << (8 * index) }
            return value
        }

        private func grow() {
            let old = slots
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for value in old where value != 0 {
                var place = Int(UInt32(truncatingIfNeeded: value >> 32)) & mask
                while slots[place] != 0 { place = (place + 1) & mask }
                slots[place] = value
            }
        }

        /// The bucket's terms, in the order they came.
        var terms: [String] {
            bytes.withUnsafeBufferPointer { bytes in
                entries.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[Int($0.start)..<Int($0.start + $0.length)]), as: UTF8.self) }
            }
        }

        /// The bucket's `t/` file; its postings go with it.
        func file() -> [UInt8] {
            let terms = self.terms
            let order = terms.indices.sorted { terms[$0].utf8Precedes(terms[$1]) }
            let file = bucketFile(order.map { terms[$0] }, packed: { position, out in out.append(contentsOf: entries[order[position]].postings.bytes) })
            (bytes, entries, slots) = ([], [], [])
            return file
        }
    }

    /// A term's postings as its `t/` file writes them: pairs (slot delta, code), each number packed as
    /// `PostingPacking` says. Kept in that form from the start, so that the file copies the bytes; kept as LEB128
    /// (two bytes of memory a posting fewer) they were decoded and packed again, a tenth of the stage.
    private struct Postings {
        var last: UInt32 = 0
        var bytes: [UInt8] = []

        mutating func append(slot: UInt32, code: Int) {
            // The pair packed on the stack, then appended at once: each append to the array checks its owner and
            // its capacity, and a pair is two to four characters.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * PostingPacking.maximumLength) { buffer in
                var count = PostingPacking.pack(Int(slot - last), into: buffer.baseAddress!)
                count += PostingPacking.pack(code, into: buffer.baseAddress! + count)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
            last = slot
        }
    }

    /// Pages read per batch: a batch's text and words are dropped once its excerpts are written and its postings
    /// gathered, so that the whole site's text is never held at once. A multiple of `documentsPerChunk`, so that a
    /// batch writes whole `d/` files.
    static let batchSize = 1024

    /// Writes the index's files for `slots` document slots to `sink` (path, bytes), each once, from several tasks
    /// at once. `document(slot)` makes a slot's page (nil: not indexed); it is called once per slot, from several
    /// tasks at once. Memory: the postings of the whole site, compactly; each file is made and handed over alone.
    public static func write(slots: Int, products: [(slug: String, name: String)], jobs: Int = 1,
                             document: @escaping @Sendable (Int) -> SearchDocument?,
                             to sink: @escaping @Sendable (String, [UInt8]) -> Void) {
        write(slots: slots, products: products, jobs: jobs, prepared: { prepareList(document($0), buckets: $1) }, to: sink)
    }

    /// `write` for pages whose sections are not read yet: the same files as for the documents `PageSections.read`
    /// makes of them, with each body read once (`PageSections.index`).
    public static func write(slots: Int, products: [(slug: String, name: String)], jobs: Int = 1,
                             page: @escaping @Sendable (Int) -> SearchPage?,
                             to sink: @escaping @Sendable (String, [UInt8]) -> Void) {
        write(slots: slots, products: products, jobs: jobs, prepared: { prepareList(page($0), buckets: $1) }, to: sink)
    }

    /// `write`, with `prepared(slot, buckets)` making a slot's page (excerpts only) and terms.
    private static func write(slots: Int, products: [(slug: String, name: String)], jobs: Int,
                              prepared: @escaping @Sendable (Int, Int) -> (page: SearchDocument?, terms: PageTermList),
                              to sink: @escaping @Sendable (String, [UInt8]) -> Void) {
        Steps(slots: slots, products: products, prepared: prepared, sink: sink).finish(jobs: jobs)
    }

    /// The index made in steps: pages added in slot order a few at a time (`add`), then the rest and the files that
    /// need every page (`finish`). The steps may run on different threads, one after another, never two at once:
    /// a one-shot build adds pages on a thread of its own beside its link check, then finishes on all cores
    /// (`SitegenBuild.BackgroundSearch`).
    public final class Steps: @unchecked Sendable {
        /// The index's document slots.
        public let slots: Int
        private let products: [(slug: String, name: String)]
        private let prepared: @Sendable (Int, Int) -> (page: SearchDocument?, terms: PageTermList)
        private let sink: @Sendable (String, [UInt8]) -> Void
        private let bucketCount: Int
        private let buckets: [Bucket]
        private let unretained: [Unmanaged<Bucket>]
        private var manifestSlots: [Slot]
        private var indexed = 0
        /// The pages added so far: slots `0..<added`.
        public private(set) var added = 0
        /// The `d/` files written so far: `0..<chunksWritten`.
        private var chunksWritten = 0

        /// An index of `slots` document slots whose pages `page(slot)` makes (nil: not indexed), each file
        /// handed to `sink(path, bytes)` once.
        public convenience init(slots: Int, products: [(slug: String, name: String)],
                                page: @escaping @Sendable (Int) -> SearchPage?,
                                sink: @escaping @Sendable (String, [UInt8]) -> Void) {
            self.init(slots: slots, products: products, prepared: { prepareList(page($0), buckets: $1) }, sink: sink)
        }

        init(slots: Int, products: [(slug: String, name: String)],
             prepared: @escaping @Sendable (Int, Int) -> (page: SearchDocument?, terms: PageTermList),
             sink: @escaping @Sendable (String, [UInt8]) -> Void) {
            (self.slots, self.products, self.prepared, self.sink) = (slots, products, prepared, sink)
            bucketCount = SearchIndexWriter.bucketCount(slots: slots)
            buckets = (0..<bucketCount).map { _ in Bucket() }
            unretained = buckets.map { Unmanaged.passUnretained($0) }
            manifestSlots = [Slot](repeating: Slot(product: -1, titleTerms: 0), count: slots)
        }

        /// Adds the next `count` pages (or those left), rounded up to whole `d/` files, on `jobs` threads.
        public func add(pages count: Int, jobs: Int) {
            let chunkPages = (count + documentsPerChunk - 1) / documentsPerChunk * documentsPerChunk
            add(upTo: min(slots, added + max(documentsPerChunk, chunkPages)), jobs: jobs)
        }

        /// Adds the pages before slot `end` (a multiple of `documentsPerChunk`, or `slots`), a batch at a time.
        private func add(upTo end: Int, jobs: Int) {
            for batchStart in stride(from: added, to: end, by: batchSize) {
                let batchEnd = min(end, batchStart + batchSize)
                let batch = Array(batchStart..<batchEnd)
                let bucketCount = self.bucketCount, prepared = self.prepared
                let analyzed = parallelMap(batch, jobs: jobs) { slot in prepared(slot, bucketCount) }
                // This batch's `d/` files.
                let chunkEnd = batchEnd == slots ? chunkCount(slots: slots) : batchEnd / documentsPerChunk
                writeChunks(chunksWritten..<chunkEnd, batch: batchStart..<batchEnd, analyzed: analyzed, jobs: jobs)
                chunksWritten = chunkEnd
                // The postings are gathered by `parts` tasks, each for the buckets `b` with `b % parts == part`, so
                // that the look-ups of every term of the site run on every core, and no two tasks touch one bucket.
                // A bucket's postings stay in slot order: each batch is gathered whole before the next.
                let parts = max(1, jobs)
                let unretained = self.unretained
                _ = parallelMap(Array(0..<parts), jobs: parts) { part -> Bool in
                    for offset in analyzed.indices {
                        let slot = UInt32(batchStart + offset)
                        let terms = analyzed[offset].terms
                        terms.bytes.withUnsafeBufferPointer { bytes in
                            for term in terms.terms where Int(term.bucket) % parts == part {
                                // Unretained: `buckets` holds every bucket until the end, and a retain and a release
                                // for each term of the site were a tenth of the gathering.
                                unretained[Int(term.bucket)]._withUnsafeGuaranteedRef {
                                    $0.append(UnsafeBufferPointer(rebasing: bytes[Int(term.start)..<Int(term.start + term.length)]),
                                              hash: term.hash, slot: slot, code: term.code)
                                }
                            }
                        }
                    }
                    return true
                }
                for (offset, entry) in analyzed.enumerated() {
                    guard let page = entry.page else { continue }
                    indexed += 1
                    manifestSlots[batchStart + offset] = Slot(product: page.product ?? -1,
                                                              titleTerms: entry.terms.terms.lazy.filter { $0.code & 1 != 0 }.count)
                }
                added = batchEnd
            }
        }

        /// The `d/` files `chunks`, of the pages `analyzed` for the slots `batch` (null for the others).
        private func writeChunks(_ chunks: Range<Int>, batch: Range<Int>,
                                 analyzed: [(page: SearchDocument?, terms: PageTermList)], jobs: Int) {
            let slots = self.slots, sink = self.sink
            _ = parallelMap(Array(chunks), jobs: jobs) { chunk -> Bool in
                // The last file has only the slots there are (one null slot on a site with none).
                let pages = (chunk * documentsPerChunk..<min((chunk + 1) * documentsPerChunk, max(slots, 1))).map { slot in
                    batch.contains(slot) ? analyzed[slot - batch.lowerBound].page : nil
                }
                sink("d/\(chunk).json", chunkFile(pages))
                return true
            }
        }

        /// Adds the pages left, then writes the files that need every page, on `jobs` threads.
        public func finish(jobs: Int) {
            add(upTo: slots, jobs: jobs)
            // A site with no page still has its one `d/` file.
            writeChunks(chunksWritten..<chunkCount(slots: slots), batch: 0..<0, analyzed: [], jobs: jobs)
            let buckets = self.buckets, bucketCount = self.bucketCount, sink = self.sink
            // The tails of every term of the site, by the bucket of each tail, and their files.
            let tails = parallelMap(Array(0..<bucketCount), jobs: jobs) { number in
                buckets[number].terms.compactMap { term in tail(of: term).map { (tail: $0, term: term) } }
            }
            var grouping = [[(tail: String, term: String)]](repeating: [], count: bucketCount)
            for entries in tails {
                for entry in entries { grouping[bucket(of: entry.tail, count: bucketCount)].append(entry) }
            }
            let tailBuckets = grouping
            _ = parallelMap(Array(0..<bucketCount), jobs: jobs) { number -> Bool in
                sink("v/\(number).json", tailFile(tailBuckets[number]))
                return true
            }
            // Each bucket's file, then its postings go.
            _ = parallelMap(Array(0..<bucketCount), jobs: jobs) { number -> Bool in
                sink("t/\(number).json", buckets[number].file())
                return true
            }
            sink("meta.json", manifestFile(bucketCount: bucketCount, indexed: indexed, products: products,
                                           slots: manifestSlots.lazy.map { (product: $0.product, titleTerms: $0.titleTerms) }))
        }
    }

    /// A page made ready for the index: its terms with their codes and buckets, and the page with only the
    /// excerpts of its text (the rest goes now).
    static func prepare(_ document: SearchDocument?, buckets: Int)
        -> (page: SearchDocument?, terms: [(term: String, code: Int, bucket: Int)]) {
        guard var page = document else { return (nil, []) }
        let terms = analyze(page).map { (term: $0.term, code: $0.code, bucket: bucket(of: $0.term, count: buckets)) }
        for position in page.sections.indices { page.sections[position].text = excerpt(page.sections[position].text) }
        return (page, terms)
    }

    /// `prepare`, with the terms as bytes (`PageTermList`), for the one-shot writer.
    static func prepareList(_ document: SearchDocument?, buckets: Int) -> (page: SearchDocument?, terms: PageTermList) {
        guard let document else { return (nil, .empty) }
        let terms = table(document).list(buckets: buckets)
        // A new array of sections: changing the document's own in place would copy it first, section by section.
        let sections = document.sections.map { PageSection(id: $0.id, heading: $0.heading, text: excerpt($0.text)) }
        return (SearchDocument(url: document.url, title: document.title, product: document.product, sections: sections), terms)
    }

    /// `prepareList` of a page whose body is read here, once, for its sections and its words.
    static func prepareList(_ page: SearchPage?, buckets: Int) -> (page: SearchDocument?, terms: PageTermList) {
        guard let page else { return (nil, .empty) }
        let table = PageTerms()
        table.read(page.title, field: 1, section: 0)
        var html = page.html
        let sections = html.withUTF8 { PageSections.index(utf8: $0, into: table) }
        return (SearchDocument(url: page.url, title: page.title, product: page.product, sections: sections),
                table.list(buckets: buckets))
    }

    /// A `t/` file: `terms` in byte order, and `postings(position, pair)` calling `pair(slot delta, code)` for each
    /// of the postings of the term at `position` in `terms`, in slot order.
    static func bucketFile(_ terms: [String], postings: (Int, (Int, Int) -> Void) -> Void) -> [UInt8] {
        bucketFile(terms) { position, bytes in
            postings(position) { delta, code in
                PostingPacking.append(delta, to: &bytes)
                PostingPacking.append(code, to: &bytes)
            }
        }
    }

    /// `bucketFile` with `packed(position, bytes)` appending the packed postings of the term at `position`.
    static func bucketFile(_ terms: [String], packed: (Int, inout [UInt8]) -> Void) -> [UInt8] {
        var out = JSONWriter()
        out.raw("{\"terms\":")
        out.strings(terms)
        out.raw(",\"postings\":")
        out.array(terms.indices) { out, position in
            out.raw("\"")
            packed(position, &out.bytes)
            out.raw("\"")
        }
        out.raw("}")
        return out.bytes
    }

    /// The terms a tail is kept for: those of `minimumTailTermLength` scalars or more, the length from which a
    /// word may have a typo.
    static let minimumTailTermLength = 5

    /// A term without its first scalar, when the term is long enough to have its tail kept.
    static func tail(of term: String) -> String? {
        let scalars = term.unicodeScalars
        guard scalars.count >= minimumTailTermLength else { return nil }
        return String(scalars.dropFirst())
    }

    /// A `v/` file: the entries ordered by tail, then term.
    static func tailFile(_ entries: [(tail: String, term: String)]) -> [UInt8] {
        let sorted = entries.sorted { $0.tail != $1.tail ? $0.tail.utf8Precedes($1.tail) : $0.term.utf8Precedes($1.term) }
        var out = JSONWriter()
        out.raw("{\"tails\":")
        out.strings(sorted.lazy.map(\.tail))
        out.raw(",\"terms\":")
        out.strings(sorted.lazy.map(\.term))
        out.raw("}")
        return out.bytes
    }

    /// `meta.json`, from each slot's product (-1: none, or not indexed) and number of distinct title terms.
    static func manifestFile(bucketCount: Int, indexed: Int, products: [(slug: String, name: String)],
                             slots: some Collection<(product: Int, titleTerms: Int)>) -> [UInt8] {
        var manifest = JSONWriter()
        manifest.text("{\"version\":\(formatVersion),\"buckets\":\(bucketCount),\"chunk\":\(documentsPerChunk),")
        manifest.text("\"docs\":\(indexed),\"products\":")
        manifest.array(products) { $0.strings([$1.slug, $1.name]) }
        manifest.raw(",\"docProducts\":")
        manifest.ints(slots.lazy.map(\.product))
        manifest.raw(",\"titleTerms\":")
        manifest.ints(slots.lazy.map(\.titleTerms))
        manifest.raw("}")
        return manifest.bytes
    }

    /// A `d/` file: its slots' pages (their sections' text already cut to excerpts), null for a slot not indexed.
    static func chunkFile(_ pages: [SearchDocument?]) -> [UInt8] {
        var out = JSONWriter()
        // Room for the text and the punctuation at once, rather than growing the bytes as they come.
        out.bytes.reserveCapacity(pages.reduce(16) { total, page in
            total + (page.map { page in
                page.url.utf8.count + page.title.utf8.count + 16
                    + page.sections.reduce(0) { $0 + $1.id.utf8.count + $1.heading.utf8.count + $1.text.utf8.count + 16 }
            } ?? 5)
        })
        out.array(pages) { out, page in
            guard let page else {
                out.raw("null")
                return
            }
            out.raw("[")
            out.string(page.url)
            out.raw(",")
            out.string(page.title)
            out.raw(",")
            out.array(page.sections) { out, section in
                out.raw("[")
                out.string(section.id)
                out.raw(",")
                out.string(section.heading)
                out.raw(",")
                out.string(section.text)
                out.raw("]")
            }
            out.raw("]")
        }
        return out.bytes
    }

    /// The first `excerptLength` scalars of a section's text, cut after a word, with `…` when cut.
    static func excerpt(_ text: String) -> String {
        var text = text
        return text.withUTF8 { excerpt(utf8: $0) } ?? text
    }

    /// `excerpt` of valid UTF-8; nil when the text is short enough to be its own excerpt. Bytes rather than the
    /// String's scalar view: it runs for every section of the site, and counting scalars is counting the bytes
    /// that start one.
    static func excerpt(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var scalars = 0
        var cut = bytes.count  // the byte where scalar number `excerptLength` starts
        var space = -1, spaceScalar = 0  // the last space before it, and how many scalars come before that space
        for index in 0..<bytes.count where bytes[index] & 0xC0 != 0x80 {
            if scalars == excerptLength {
                cut = index
                break
            }
            if bytes[index] == 0x20 {
                space = index
                spaceScalar = scalars
            }
            scalars += 1
        }
        guard cut < bytes.count else { return nil }
        if space >= 0, spaceScalar > excerptLength / 2 { cut = space }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self) + "…"
    }
}

/// How a `t/` file writes its postings' numbers: each number as 5-bit groups, lowest first, one character per
/// group from a 64-character alphabet that JSON never escapes; a character's value has 32 added when another
/// group follows. A posting's pair (slot delta, code) takes two or three characters, where decimal numbers in a
/// JSON array took about six: the term files are what a query downloads.
public enum PostingPacking {
    static let alphabet = [UInt8](UnsafeBufferPointer(start: alphabetText.utf8Start, count: alphabetText.utf8CodeUnitCount))
    /// The value of each alphabet character by its byte; -1 for any other byte.
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// Writes `value` (not negative) to `bytes`.
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<pack(value, into: buffer.baseAddress!)]))
        }
    }

    /// Characters `pack` writes at most (a number below 2^64).
    static let maximumLength = 13

    /// Writes `value` (not negative) at `out`; returns the number of characters. The alphabet is read from static
    /// text: an array's element is a bounds check and its static a call, for every posting of the site.
    static func pack(_ value: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let characters = alphabetText.utf8Start
        var rest = value, count = 0
        while rest >= 32 {
            out[count] = characters[rest & 31 | 32]
            count += 1
            rest >>= 5
        }
        out[count] = characters[rest]
        return count + 1
    }

    private static let alphabetText: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// The numbers of a packed string; nil when it is not one `append` writes.
    public static func numbers(_ text: String) -> [Int]? {
        var numbers: [Int] = []
        var value = 0, shift = 0
        for byte in text.utf8 {
            let digit = Int(values[Int(byte)])
            guard digit >= 0, shift < 60 else { return nil }
            value |= (digit & 31) << shift
            if digit & 32 != 0 {
                shift += 5
            } else {
                numbers.append(value)
                value = 0
                shift = 0
            }
        }
        return shift == 0 ? numbers : nil
    }
}
