import Dispatch
import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

@Suite("Parallel rendering")
struct ParallelRenderingTests {
    /// cmark-gfm's inline pass toggles a process-wide table; unless its characters stay on (or a lock serialises the
    /// pass), parallel renders lose autolinks.
    @Test("rendering on many threads gives the same HTML as on one")
    func parallelEqualsSerial() {
        let renderer = MarkdownRenderer()
        let documents = (0..<400).map { index in
            "Visit https://example.com/\(index) and www.example.org/\(index), ~~not~~ this, **~/x**.\n\n"
                + "| a |\n|---|\n| \(index) |\n"
        }
        let serial = documents.map { renderer.render($0).html }
        let results = Results(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            results.set(index, renderer.render(documents[index]).html)
        }
        #expect(results.values == serial)
        #expect(serial.allSatisfy { $0.contains("<a href=\"https://example.com/") && $0.contains("<del>") })
        #if os(Linux)
        // The executable's replacement of cmark-gfm's character switching is in effect: the pass runs unlocked.
        #expect(InlinePassLock.isUnneeded)
        #endif
    }

    @Test("the real corpus renders byte-identically in parallel and on one thread",
          .enabled(if: SharedCorpus.path != nil, SharedCorpus.skipReason))
    func corpus() throws {
        let root = SharedCorpus.path! + "/content"
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") }.sorted()
        let texts = files.compactMap { FileManager.default.contents(atPath: root + "/" + $0) }
            .map { String(decoding: $0, as: UTF8.self) }
        let renderer = MarkdownRenderer()
        let serial = texts.map { renderer.render($0).html }
        let results = Results(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            results.set(index, renderer.render(texts[index]).html)
        }
        #expect(texts.count > 800)
        #expect(results.values == serial)
    }

    @Test("the start-up self-check finds the probe's autolink, strikethrough and table, and lets passes run at once")
    func selfCheck() {
        #expect(InlinePassCheck.note == nil)
        #expect(InlinePassCheck.missing(parsing: InlinePassCheck.probe).isEmpty)
        // What it reports when cmark-gfm gives none of them.
        #expect(InlinePassCheck.missing(parsing: "Plain text.\n") == ["autolink", "strikethrough", "table"])
        #expect(InlinePassCheck.missing(parsing: "See www.example.com.\n") == ["strikethrough", "table"])
    }
}

/// Thread-safe result slots for the tests above.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String]

    init(count: Int) { storage = Array(repeating: "", count: count) }

    func set(_ index: Int, _ value: String) { lock.withLock { storage[index] = value } }

    var values: [String] { lock.withLock { storage } }

}
