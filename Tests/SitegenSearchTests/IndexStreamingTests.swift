import Foundation
import Synchronization
import Testing
@testable import SitegenSearch

/// The writer streams: pages a batch at a time, each file handed over once, postings kept packed as they are written.
/// These tests cross batch boundaries and compare the hand-written per-page term table with a plain dictionary.
@Suite struct IndexStreamingTests {
    private static func page(_ slot: Int, _ words: String) -> SearchDocument {
        SearchDocument(url: "/a/\(slot)/", title: "Article \(slot)", product: nil,
                       sections: [PageSection(id: "", heading: "", text: words)])
    }

    @Test func acrossBatchesEachFileIsWrittenOnceAndPostingsKeepTheirSlots() throws {
        // Three batches and a partial last `d/` file; some slots not indexed; a term in slots of every batch,
        // with slot gaps that need more than one packed character.
        let slots = 2 * SearchIndexWriter.batchSize + 3
        let marked: Set<Int> = [5, 200, SearchIndexWriter.batchSize + 2, slots - 1]  // none is a multiple of 7 plus 3
        let documents: [SearchDocument?] = (0..<slots).map { slot in
            slot % 7 == 3 ? nil : Self.page(slot, marked.contains(slot) ? "zebrafish here" : "plain words")
        }
        let written = Mutex<[String: Int]>([:])
        let files = Mutex<[String: [UInt8]]>([:])
        SearchIndexWriter.write(slots: slots, products: [], jobs: 2, document: { documents[$0] }, to: { path, bytes in
            written.withLock { $0[path, default: 0] += 1 }
            files.withLock { $0[path] = bytes }
        })
        let counts = written.withLock { $0 }
        #expect(Set(counts.keys) == Set(SearchIndexWriter.paths(slots: slots)))
        #expect(counts.values.allSatisfy { $0 == 1 })

        let all = files.withLock { $0 }
        let number = SearchIndexWriter.bucket(of: "zebrafish", count: SearchIndexWriter.bucketCount(slots: slots))
        let object = try JSONSerialization.jsonObject(with: Data(all["t/\(number).json"]!)) as! [String: Any]
        let list = PostingPacking.numbers((object["postings"] as! [String])[(object["terms"] as! [String]).firstIndex(of: "zebrafish")!])!
        var slot = 0
        var found: [Int] = []
        for pair in stride(from: 0, to: list.count, by: 2) {
            slot += list[pair]
            found.append(slot)
            #expect(list[pair + 1] == 4 | 1 << 3)  // body, once, section 0
        }
        #expect(found == marked.sorted())

        // The last `d/` file has the last three slots only; a slot not indexed is null.
        let last = try JSONSerialization.jsonObject(with: Data(all["d/\(SearchIndexWriter.chunkCount(slots: slots) - 1).json"]!)) as! [Any]
        #expect(last.count == slots % SearchIndexWriter.documentsPerChunk)
        #expect(((last.last as? [Any])?.first as? String) == "/a/\(slots - 1)/")
        let first = try JSONSerialization.jsonObject(with: Data(all["d/0.json"]!)) as! [Any]
        #expect(first[3] is NSNull)
    }

    @Test(arguments: 0..<20)
    func thePageTableAgreesWithADictionary(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 1))
        let vocabulary = ["mail", "mailbox", "mailboxes", "Deleting", "delete", "CAFÉ", "café", "ﬁle", "ΟΔΟΣ", "x",
                          "set-up", "user's", "2017", "a1b2", "ies", "studies", "passed", "pass", "don't", "naïve",
                          "日本語", "Ärger", String(repeating: "long", count: 15)]
        func text(_ words: Int) -> String {
            (0..<words).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
                .joined(separator: [" ", ", ", ". ", "\n", "/"][Int(random.next() % 5)])
        }
        let document = SearchDocument(url: "/p/", title: text(4), product: nil, sections: (0..<4).map {
            PageSection(id: "s\($0)", heading: text(3), text: text(40))
        })
        // The reference: the terms as `SearchText.terms` gives them, counted in a Dictionary.
        var expected: [String: (fields: Int, count: Int, heading: Int?, body: Int?)] = [:]
        for term in SearchText.terms(document.title) { expected[term, default: (0, 0, nil, nil)].fields |= 1 }
        for (position, section) in document.sections.enumerated() {
            for term in SearchText.terms(section.heading) {
                expected[term, default: (0, 0, nil, nil)].fields |= 2
                if expected[term]!.heading == nil { expected[term]!.heading = position }
            }
            for term in SearchText.terms(section.text) {
                expected[term, default: (0, 0, nil, nil)].fields |= 4
                expected[term]!.count = min(7, expected[term]!.count + 1)
                if expected[term]!.body == nil { expected[term]!.body = position }
            }
        }
        let reference = expected.mapValues { $0.fields | $0.count << 3 | ($0.heading ?? $0.body ?? 0) << 6 }
        let analyzed = SearchIndexWriter.analyze(document)
        #expect(analyzed.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: analyzed.map { ($0.term, $0.code) }) == reference)
    }

    /// The pages of a random site as HTML bodies (some slots not indexed), for the writer's `page:` form.
    private static func htmlPages(_ slots: Int, seed: UInt64) -> [SearchPage?] {
        var random = SeededRandom(seed: seed)
        let words = ["mailbox", "quota", "dns", "record", "zebrafish", "server", "cloud", "backup", "café", "restore"]
        func text(_ count: Int) -> String {
            (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
        }
        return (0..<slots).map { slot in
            random.next() % 9 == 0 ? nil : SearchPage(url: "/a/\(slot)/", title: text(3), product: Int(random.next() % 3),
                                                        html: "<p>\(text(12))</p>\n<h2 id=\"s\">\(text(2))</h2>\n<p>\(text(30))</p>\n")
        }
    }

    private static func collect(_ body: (@escaping @Sendable (String, [UInt8]) -> Void) -> Void) -> [String: [UInt8]] {
        let files = Mutex<[String: [UInt8]]>([:])
        let counts = Mutex<[String: Int]>([:])
        body { path, bytes in
            files.withLock { $0[path] = bytes }
            counts.withLock { $0[path, default: 0] += 1 }
        }
        #expect(counts.withLock { $0 }.values.allSatisfy { $0 == 1 }, "a file written twice")
        return files.withLock { $0 }
    }

    @Test("an index made in steps of any size, the first on one thread and the rest on two, is the index made at once",
          arguments: [0, 1, 5, 2 * SearchIndexWriter.batchSize + 3])
    func stepsMakeTheSameIndex(slots: Int) {
        let pages = Self.htmlPages(slots, seed: UInt64(slots + 7))
        let products = [(slug: "a", name: "A"), (slug: "b", name: "B"), (slug: "c", name: "C")]
        let atOnce = Self.collect { sink in
            SearchIndexWriter.write(slots: slots, products: products, jobs: 2, page: { pages[$0] }, to: sink)
        }
        #expect(Set(atOnce.keys) == Set(SearchIndexWriter.paths(slots: slots)))
        var random = SeededRandom(seed: 3)
        for round in 0..<4 {
            let inSteps = Self.collect { sink in
                let steps = SearchIndexWriter.Steps(slots: slots, products: products, page: { pages[$0] }, sink: sink)
                // Steps of 1 to 1,500 pages (rounded up to whole `d/` files), until about half the site or more.
                while steps.added < slots * round / 3 {
                    let before = steps.added
                    steps.add(pages: [1, 3, 4, 5, 64, 1500][Int(random.next() % 6)], jobs: 1)
                    #expect(steps.added > before && (steps.added % SearchIndexWriter.documentsPerChunk == 0 || steps.added == slots))
                }
                steps.finish(jobs: 2)
            }
            #expect(inSteps == atOnce, "round \(round)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so that a failure can be replayed from its seed.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
