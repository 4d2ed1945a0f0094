import SitegenCore

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

/// The index's files, relative to its folder (`assets/search/` in the output):
///
/// - `meta.json`: `{"version":1,"buckets":B,"chunk":C,"docs":N,"products":[[slug,name]…],"docProducts":[p…],
///   "titleTerms":[n…]}`. Each document slot has a product position (-1: none, or not indexed) and the number of
///   distinct terms of its title. `docs` counts the indexed pages.
/// - `t/<bucket>.json`: `{"terms":[t…],"postings":[[d,c,d,c…]…]}`, terms in byte order; a term is in the bucket
///   of the FNV-1a hash (over UTF-16 code units) of its first two scalars, so a prefix finds all its terms in one
///   file. Document slots are delta-coded; `c` is a posting's code: bits 0–2 the fields the term is in (1 title,
///   2 a heading, 4 the body), bits 3–5 its count in the body (at most 7), bits 6 and up the section where it
///   is (the first section whose heading has it, else the first whose body has it).
/// - `d/<chunk>.json`: `C` slots each `[url, title, [[headingID, heading, excerpt]…]]`, or null when the slot's
///   page is not indexed. Loaded only for the results shown.
///
/// Which files there are depends only on the number of slots (`paths`), so the build can claim them before the
/// index is made, and an edit that keeps the set of pages keeps the set of files.
public enum SearchIndexWriter {
    public static let formatVersion = 1
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
            + (0..<chunkCount(slots: slots)).map { "d/\($0).json" }
    }

    /// The bucket of a term (see the type's comment); `search.js` computes the same.
    public static func bucket(of term: String, count: Int) -> Int {
        var hash: UInt32 = 0x811C9DC5
        // ASCII first two scalars (nearly every term of an English help center): their UTF-16 units are the bytes.
        var bytes = term.utf8.makeIterator()
        if let first = bytes.next(), first < 0x80 {
            let second = bytes.next()
            if second.map({ $0 < 0x80 }) ?? true {
                hash = (hash ^ UInt32(first)) &* 0x01000193
                if let second { hash = (hash ^ UInt32(second)) &* 0x01000193 }
                return Int(hash % UInt32(count))
            }
        }
        for unit in String(String.UnicodeScalarView(term.unicodeScalars.prefix(2))).utf16 {
            hash ^= UInt32(unit)
            hash = hash &* 0x01000193
        }
        return Int(hash % UInt32(count))
    }

    /// One page's terms with their posting codes (without the slot).
    public static func analyze(_ document: SearchDocument) -> [(term: String, code: Int)] {
        typealias Entry = (fields: Int, count: Int, headingSection: Int?, bodySection: Int?)
        var codes: [String: Entry] = [:]
        codes.reserveCapacity(256)
        // Each word is looked up once (`&codes[term, default:]` modifies the entry in place): this runs for every
        // word of the site.
        func update(_ entry: inout Entry, _ change: (inout Entry) -> Void) { change(&entry) }
        for term in SearchText.terms(document.title) { codes[term, default: (0, 0, nil, nil)].fields |= 1 }
        for (position, section) in document.sections.enumerated() {
            for term in SearchText.terms(section.heading) {
                update(&codes[term, default: (0, 0, nil, nil)]) { entry in
                    entry.fields |= 2
                    if entry.headingSection == nil { entry.headingSection = position }
                }
            }
            for term in SearchText.terms(section.text) {
                update(&codes[term, default: (0, 0, nil, nil)]) { entry in
                    entry.fields |= 4
                    entry.count = min(7, entry.count + 1)
                    if entry.bodySection == nil { entry.bodySection = position }
                }
            }
        }
        return codes.map { term, entry in
            (term: term, code: entry.fields | entry.count << 3 | (entry.headingSection ?? entry.bodySection ?? 0) << 6)
        }
    }

    private static func update<Value>(_ value: inout Value, _ change: (inout Value) -> Void) { change(&value) }

    /// The index's files (paths as `paths(slots:)` lists them) for `documents` (nil: a slot not indexed).
    public static func files(documents: [SearchDocument?], products: [(slug: String, name: String)],
                             jobs: Int = 1) -> [String: [UInt8]] {
        files(slots: documents.count, products: products, jobs: jobs) { documents[$0] }
    }

    /// What the index keeps of a page once its words are counted: the text of its sections is dropped, only
    /// their excerpts stay.
    private struct Kept: Sendable {
        var url: String
        var title: String
        var product: Int?
        var sections: [(id: String, heading: String, excerpt: String)]
        var titleTerms: Int
    }

    /// Postings of one part of the buckets, filled by one task at a time.
    private final class Part: @unchecked Sendable {
        var postings: [String: [UInt32]] = [:]
    }

    /// Pages read per batch: a batch's text and words are dropped once its postings are gathered, so that the
    /// whole site's text is never held at once (at 50,000 articles it was more than the rest of the build).
    static let batchSize = 1024

    /// The index's files for `slots` document slots; `document(slot)` makes a slot's page (nil: not indexed), and is
    /// called once per slot, from several tasks at once.
    public static func files(slots: Int, products: [(slug: String, name: String)], jobs: Int = 1,
                             document: @Sendable (Int) -> SearchDocument?) -> [String: [UInt8]] {
        let buckets = bucketCount(slots: slots)
        // The postings are gathered in `jobs` parts, each for the buckets `b` with `b % jobs == part`, so that the
        // look-ups of every word of the site (the bulk of the work) run on every core; a bucket's terms are all
        // in one part.
        let parts = max(1, jobs)
        let gathered = (0..<parts).map { _ in Part() }
        var kept = [Kept?](repeating: nil, count: slots)
        for batchStart in stride(from: 0, to: slots, by: batchSize) {
            let batch = Array(batchStart..<min(slots, batchStart + batchSize))
            let analyzed = parallelMap(batch, jobs: jobs) { slot -> (Kept?, [(term: String, code: Int, bucket: Int)]) in
                guard let page = document(slot) else { return (nil, []) }
                let terms = analyze(page).map { (term: $0.term, code: $0.code, bucket: bucket(of: $0.term, count: buckets)) }
                let sections = page.sections.map { (id: $0.id, heading: $0.heading, excerpt: excerpt($0.text)) }
                return (Kept(url: page.url, title: page.title, product: page.product, sections: sections,
                             titleTerms: terms.lazy.filter { $0.code & 1 != 0 }.count), terms)
            }
            _ = parallelMap(Array(0..<parts), jobs: parts) { part -> Bool in
                let target = gathered[part]
                for (offset, (_, terms)) in analyzed.enumerated() {
                    let slot = UInt32(batchStart + offset)
                    for entry in terms where entry.bucket % parts == part {
                        // In place, and without a two-element array made for each posting.
                        update(&target.postings[entry.term, default: []]) { list in
                            list.append(slot)
                            list.append(UInt32(entry.code))
                        }
                    }
                }
                return true
            }
            for (offset, (page, _)) in analyzed.enumerated() { kept[batchStart + offset] = page }
        }
        let byBucketParts = parallelMap(Array(0..<parts), jobs: parts) { part -> [Int: [String]] in
            var byBucket: [Int: [String]] = [:]
            for term in gathered[part].postings.keys { byBucket[bucket(of: term, count: buckets), default: []].append(term) }
            return byBucket
        }
        var files: [String: [UInt8]] = [:]
        let bucketFiles = parallelMap(Array(0..<buckets), jobs: jobs) { number -> [UInt8] in
            let allPostings = gathered[number % parts].postings
            let terms = (byBucketParts[number % parts][number] ?? []).sorted { $0.utf8Precedes($1) }
            var out = JSONWriter()
            out.raw("{\"terms\":[")
            for (position, term) in terms.enumerated() {
                if position > 0 { out.raw(",") }
                out.string(term)
            }
            out.raw("],\"postings\":[")
            for (position, term) in terms.enumerated() {
                if position > 0 { out.raw(",") }
                out.raw("[")
                let list = allPostings[term]!
                var previous = 0
                var index = 0
                while index < list.count {
                    if index > 0 { out.raw(",") }
                    out.int(Int(list[index]) - previous)
                    out.raw(",")
                    out.int(Int(list[index + 1]))
                    previous = Int(list[index])
                    index += 2
                }
                out.raw("]")
            }
            out.raw("]}")
            return out.bytes
        }
        for (number, bytes) in bucketFiles.enumerated() { files["t/\(number).json"] = bytes }

        let pages = kept
        let chunkFiles = parallelMap(Array(0..<chunkCount(slots: slots)), jobs: jobs) { chunk -> [UInt8] in
            var out = JSONWriter()
            out.raw("[")
            for slot in (chunk * documentsPerChunk)..<((chunk + 1) * documentsPerChunk) where slot < max(slots, 1) {
                if slot > chunk * documentsPerChunk { out.raw(",") }
                guard slot < slots, let page = pages[slot] else {
                    out.raw("null")
                    continue
                }
                out.raw("[")
                out.string(page.url)
                out.raw(",")
                out.string(page.title)
                out.raw(",[")
                for (position, section) in page.sections.enumerated() {
                    if position > 0 { out.raw(",") }
                    out.raw("[")
                    out.string(section.id)
                    out.raw(",")
                    out.string(section.heading)
                    out.raw(",")
                    out.string(section.excerpt)
                    out.raw("]")
                }
                out.raw("]]")
            }
            out.raw("]")
            return out.bytes
        }
        for (chunk, bytes) in chunkFiles.enumerated() { files["d/\(chunk).json"] = bytes }

        var manifest = JSONWriter()
        manifest.raw("{\"version\":\(formatVersion),\"buckets\":\(buckets),\"chunk\":\(documentsPerChunk),")
        manifest.raw("\"docs\":\(pages.lazy.filter { $0 != nil }.count),\"products\":[")
        for (position, product) in products.enumerated() {
            if position > 0 { manifest.raw(",") }
            manifest.raw("[")
            manifest.string(product.slug)
            manifest.raw(",")
            manifest.string(product.name)
            manifest.raw("]")
        }
        manifest.raw("],\"docProducts\":[")
        for (slot, page) in pages.enumerated() {
            if slot > 0 { manifest.raw(",") }
            manifest.int(page?.product ?? -1)
        }
        manifest.raw("],\"titleTerms\":[")
        for (slot, page) in pages.enumerated() {
            if slot > 0 { manifest.raw(",") }
            manifest.int(page?.titleTerms ?? 0)
        }
        manifest.raw("]}")
        files["meta.json"] = manifest.bytes
        return files
    }

    /// The first `excerptLength` characters of a section's text, cut after a word, with `…` when cut.
    static func excerpt(_ text: String) -> String {
        // Scalars rather than characters: counting characters walks the whole (possibly long) text.
        let head = text.unicodeScalars.prefix(excerptLength)
        guard head.endIndex < text.unicodeScalars.endIndex else { return text }
        var cut = String(String.UnicodeScalarView(head))
        if let space = cut.unicodeScalars.lastIndex(of: " "),
           cut.unicodeScalars.distance(from: cut.unicodeScalars.startIndex, to: space) > excerptLength / 2 {
            cut = String(cut.unicodeScalars[..<space])
        }
        return cut + "…"
    }
}

/// Compact JSON, written directly: the index's files are large and their shape fixed, and a `Codable` encoding
/// of arrays of mixed values would need wrapper types for no gain.
struct JSONWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes += text.utf8 }

    mutating func int(_ value: Int) {
        // Digits written directly: the index has a number per posting, and a String per number was most of its cost.
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            int(-value)
            return
        }
        if value >= 10 { int(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [0x5C, 0x22]
            case UInt8(ascii: "\\"): bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
