import Foundation
import Testing
@testable import SitegenSearch

/// The preview's index (`SearchIndexCache`) must write, after any sequence of edits, the very bytes a one-shot
/// build (`SearchIndexWriter.write`) writes for the same pages, and hand over only the files an edit may change.
@Suite struct IndexCacheTests {
    /// A page's source: the object the cache compares by identity, as the pipeline's parsed article.
    private final class Source: Sendable {
        let document: SearchDocument?
        init(_ document: SearchDocument?) { self.document = document }
    }

    private static let vocabulary = ["mail", "mailbox", "mailboxes", "delete", "deleting", "password", "reset", "user",
                                     "users", "dns", "record", "records", "café", "exchange", "outlook", "imap", "2017",
                                     "set-up", "studies", "zebrafish"]

    private static func document(_ slot: Int, _ random: inout SeededRandom) -> SearchDocument? {
        if random.next() % 9 == 0 { return nil }  // not indexed
        func words(_ count: Int) -> String {
            (0..<count).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
        }
        let sections = (0..<Int(1 + random.next() % 3)).map { index in
            PageSection(id: index == 0 ? "" : "h\(index)", heading: index == 0 ? "" : words(2), text: words(Int(random.next() % 40)))
        }
        return SearchDocument(url: "/a/\(slot)/", title: words(3), product: random.next() % 3 == 0 ? nil : Int(random.next() % 2),
                              sections: sections)
    }

    private static func oneShot(_ sources: [Source]) -> [String: [UInt8]] {
        SearchIndexWriter.files(documents: sources.map(\.document), products: [("a", "A"), ("b", "B")], jobs: 2)
    }

    private static func update(_ cache: SearchIndexCache, _ sources: [Source], candidates: [Int]? = nil, everyFile: Bool = false)
        -> (files: [String: [UInt8]], complete: Bool) {
        cache.update(slots: sources.count, products: [("a", "A"), ("b", "B")], jobs: 2, everyFile: everyFile,
                     candidates: candidates,
                     key: { slot in sources[slot].document.map { SearchIndexCache.Key(source: sources[slot], url: $0.url, product: $0.product) } },
                     document: { [sources] slot in sources[slot].document })
    }

    @Test(arguments: 0..<12)
    func afterEachEditTheFilesAreThoseOfAOneShotBuild(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 100))
        var sources = (0..<70).map { Source(Self.document($0, &random)) }
        let cache = SearchIndexCache()
        var published = Self.update(cache, sources).files
        #expect(published == Self.oneShot(sources))
        for step in 0..<15 {
            // One to three pages edited (or made unindexed, or indexed again), told as candidates on odd steps.
            let edited = Set((0..<Int(1 + random.next() % 3)).map { _ in Int(random.next() % UInt64(sources.count)) })
            for slot in edited { sources[slot] = Source(Self.document(slot, &random)) }
            let result = Self.update(cache, sources, candidates: step % 2 == 1 ? Array(edited) : nil)
            #expect(!result.complete)
            let expected = Self.oneShot(sources)
            for (path, bytes) in result.files {
                // A term file is handed over only when a posting in it changed.
                #expect(published[path] != bytes || !path.hasPrefix("t/"), "\(path) handed over unchanged")
                published[path] = bytes
            }
            #expect(published == expected, "step \(step): the files differ from a one-shot build's")
        }
        // A page added: every slot after it moves, and the index is made whole.
        sources.insert(Source(Self.document(0, &random)), at: 10)
        let grown = Self.update(cache, sources)
        #expect(grown.complete)
        #expect(grown.files == Self.oneShot(sources))
        // Every file asked for, as the preview does when it renders everything: the same bytes.
        #expect(Self.update(cache, sources, everyFile: true).files == Self.oneShot(sources))
    }

    /// An edit as a writer makes one: the page as it was, with words added at its end, a word repeated (its count
    /// changes), a word put in the middle, or its last word taken out. The terms before the edit keep their order,
    /// which the cache compares pair by pair; the rest goes through its tables.
    private static func edited(_ document: SearchDocument?, _ random: inout SeededRandom) -> SearchDocument? {
        guard var document else { return Self.document(0, &random) }
        let word = vocabulary[Int(random.next() % UInt64(vocabulary.count))] + (random.next() % 2 == 0 ? "" : "x")
        let section = Int(random.next() % UInt64(document.sections.count))
        var words = document.sections[section].text.split(separator: " ").map(String.init)
        switch random.next() % 4 {
        case 0: words.append(word)
        case 1: if let first = words.first { words.insert(first, at: words.count / 2) } else { words.append(word) }
        case 2: words.insert(word, at: words.count / 2)
        default: if !words.isEmpty { words.removeLast() }
        }
        document.sections[section].text = words.joined(separator: " ")
        return document
    }

    @Test(arguments: 0..<8)
    func editsThatKeepThePageStartGiveTheFilesOfAOneShotBuild(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 700))
        var sources = (0..<40).map { Source(Self.document($0, &random)) }
        let cache = SearchIndexCache()
        var published = Self.update(cache, sources).files
        for step in 0..<40 {
            let slot = Int(random.next() % UInt64(sources.count))
            sources[slot] = Source(Self.edited(sources[slot].document, &random))
            let result = Self.update(cache, sources, candidates: step % 2 == 1 ? [slot] : nil)
            for (path, bytes) in result.files { published[path] = bytes }
            #expect(published == Self.oneShot(sources), "step \(step): the files differ from a one-shot build's")
        }
    }

    /// The slots whose documents an update asked for.
    private final class Reads: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Int] = []
        func add(_ slot: Int) { lock.withLock { slots.append(slot) } }
        var sorted: [Int] { lock.withLock { slots.sorted() } }
    }

    @Test func aPageAddedOrRemovedReadsOnlyItsOwnWords() {
        var random = SeededRandom(seed: 11)
        var sources = (0..<60).map { slot in Source(Self.document(slot, &random) ?? SearchDocument(url: "/a/\(slot)/", title: "t", product: nil, sections: [])) }
        let cache = SearchIndexCache()
        _ = Self.update(cache, sources)
        func counted(_ sources: [Source]) -> (files: [String: [UInt8]], complete: Bool, reads: [Int]) {
            let reads = Reads()
            let result = cache.update(slots: sources.count, products: [("a", "A"), ("b", "B")], jobs: 2,
                                      key: { slot in sources[slot].document.map { SearchIndexCache.Key(source: sources[slot], url: $0.url, product: $0.product) } },
                                      document: { [sources] slot in
                                          reads.add(slot)
                                          return sources[slot].document
                                      })
            return (result.files, result.complete, reads.sorted)
        }
        sources.insert(Source(SearchDocument(url: "/a/new/", title: "zebrafish studies", product: 1,
                                             sections: [PageSection(id: "", heading: "", text: "mailbox records")])), at: 20)
        let grown = counted(sources)
        #expect(grown.complete)
        #expect(grown.files == Self.oneShot(sources))
        #expect(grown.reads == [20], "only the new page's words are read")
        sources.remove(at: 35)
        let shrunk = counted(sources)
        #expect(shrunk.files == Self.oneShot(sources))
        #expect(shrunk.reads == [])
        // Past a bucket count's threshold every term moves to a new bucket: every page is read again.
        sources += (0..<10).map { slot in Source(SearchDocument(url: "/b/\(slot)/", title: "more", product: nil, sections: [])) }
        let regrouped = counted(sources)
        #expect(regrouped.files == Self.oneShot(sources))
        #expect(regrouped.reads.count == sources.count)
    }

    @Test(arguments: 0..<6)
    func pagesAddedAndRemovedAmongEditsGiveTheFilesOfAOneShotBuild(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 300))
        var sources = (0..<50).map { Source(Self.document($0, &random)) }
        let cache = SearchIndexCache()
        _ = Self.update(cache, sources)
        for step in 0..<25 {
            switch random.next() % 4 {
            case 0: sources.insert(Source(Self.document(step, &random)), at: Int(random.next() % UInt64(sources.count + 1)))
            case 1 where sources.count > 1: sources.remove(at: Int(random.next() % UInt64(sources.count)))
            case 2:
                // Two pages at once: one added, one removed elsewhere.
                sources.remove(at: Int(random.next() % UInt64(sources.count)))
                sources.insert(Source(Self.document(step, &random)), at: Int(random.next() % UInt64(sources.count + 1)))
                sources.insert(Source(Self.document(step + 1, &random)), at: Int(random.next() % UInt64(sources.count + 1)))
            default:
                let slot = Int(random.next() % UInt64(sources.count))
                sources[slot] = Source(Self.document(slot, &random))
            }
            let result = Self.update(cache, sources)
            #expect(result.files == Self.oneShot(sources) || !result.complete, "step \(step): a whole index differs")
            var everything = Self.update(cache, sources, everyFile: true).files
            #expect(everything == Self.oneShot(sources), "step \(step): the files differ from a one-shot build's")
            everything.removeAll()
        }
    }

    @Test func aPageWhoseTextDidNotChangeHandsOverOnlyItsChunk() {
        var random = SeededRandom(seed: 7)
        var sources = (0..<40).map { _ in Source(nil) }
        for slot in sources.indices { sources[slot] = Source(Self.document(slot, &random) ?? SearchDocument(url: "/a/\(slot)/", title: "t", product: nil, sections: [])) }
        let cache = SearchIndexCache()
        _ = Self.update(cache, sources)
        sources[5] = Source(sources[5].document)  // a new parse of the same text
        let result = Self.update(cache, sources, candidates: [5])
        #expect(Set(result.files.keys) == ["d/1.json"])
        // A title word more: the manifest's count of title terms changes.
        let old = sources[6].document!
        sources[6] = Source(SearchDocument(url: old.url, title: old.title + " zebrafish", product: old.product, sections: old.sections))
        #expect(Self.update(cache, sources, candidates: [6]).files["meta.json"] != nil)
    }
}
