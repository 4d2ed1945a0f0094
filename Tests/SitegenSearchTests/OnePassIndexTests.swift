import Foundation
import Synchronization
import Testing
@testable import SitegenSearch

/// The build hands the writer each page's HTML (`write(page:)`), which it reads once for its sections, excerpts and
/// words (`PageSections.index`); the preview and the tests hand it documents already read (`PageSections.read`).
/// Both must make the same files, byte for byte: here on bodies chosen for the cases where reading once differs in
/// how it gets there (entities cut by tags or white space, excerpts cut next to an entity or a multibyte letter,
/// headings left open), and on random bodies.
@Suite struct OnePassIndexTests {
    private static func files(_ bodies: [String?]) -> (onePass: [String: [UInt8]], read: [String: [UInt8]]) {
        let pages: [SearchPage?] = bodies.enumerated().map { slot, body in
            body.map { SearchPage(url: "/a/\(slot)/", title: "Page \(slot) title", product: slot % 3 == 0 ? nil : slot % 2, html: $0) }
        }
        let collected = Mutex<[String: [UInt8]]>([:])
        SearchIndexWriter.write(slots: pages.count, products: [("p", "P"), ("q", "Q")], jobs: 2, page: { pages[$0] },
                                to: { path, bytes in collected.withLock { $0[path] = bytes } })
        let documents = pages.map { page in
            page.map { SearchDocument(url: $0.url, title: $0.title, product: $0.product, sections: PageSections.read(html: $0.html)) }
        }
        return (collected.withLock { $0 }, SearchIndexWriter.files(documents: documents, products: [("p", "P"), ("q", "Q")], jobs: 2))
    }

    private static func expectSameFiles(_ bodies: [String?], sourceLocation: SourceLocation = #_sourceLocation) {
        let (onePass, read) = files(bodies)
        #expect(onePass.keys.sorted() == read.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in read where onePass[path] != bytes {
            let mine = String(String(decoding: onePass[path] ?? [], as: UTF8.self).prefix(400))
            let theirs = String(String(decoding: bytes, as: UTF8.self).prefix(400))
            Issue.record("\(path) differs:\n  one pass: \(mine)\n  read:     \(theirs)", sourceLocation: sourceLocation)
        }
    }

    /// 150 scalars of filler: the next few scalars are where an excerpt is cut.
    private static let filler = String(repeating: "abcd ", count: 30)

    @Test func chosenBodiesMakeTheSameFiles() {
        let long = String(repeating: "word ", count: 60)
        Self.expectSameFiles([
            "",
            "   \n\t  ",
            "<p>Intro &amp; more.</p><h2 id=\"set-up\">Set <code>up</code></h2><p>Open the <em>app</em>.</p>",
            // An entity cut by an inline tag is one once the tags are gone; by a block tag, it is not.
            "<p>caf&#23<em>3;</em> &am<code>p; x</code> &am</p><p>p; y</p>",
            // White space in an entity's name, or between `&` and a `;` further than an entity reaches.
            "<p>&a mp; &#\n65; &\n\n\n\n\n\n\n\n\n\n\n\nx; &#x41;&#65;</p>",
            // Letters written as entities continue a word; a no-break space separates.
            "<p>r&#233;sum&#xE9; caf&eacute; one&nbsp;two don&#39;t</p>",
            // Excerpts cut next to an entity, a multibyte letter, a space, and a run of white space.
            "<p>\(Self.filler)abc&amp;def ghi jkl mno</p>",
            "<p>\(Self.filler)abcdéfghïjklmnop qrs</p>",
            "<p>\(Self.filler)abcdefghij          \n\n   klm nop</p>",
            "<p>\(Self.filler)ab&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600; x</p>",
            "<p>\(Self.filler)abcdefghi &amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp; tail</p>",
            "<p>\(String(repeating: "x", count: 159)) y z</p>",
            "<p>\(String(repeating: "é", count: 160))</p><p>\(String(repeating: "é", count: 161))</p>",
            // Headings: one left open by the next, one open at the end, an empty one, ids with entities.
            "<h2 id=\"a\">First<h3 id=\"b\">Second</h3><p>body</p><h4 id=\"c&amp;d\"></h4><p>\(long)</p><h2 id=\"e\">Open at the end",
            "<p>x</p><h1>No id</h1><script>var a = '<h2>';</script><style>h2{}</style><p>after</p><p>text</p><a href=",
            nil,
            "<table><tr><td>a</td><td>b</td></tr></table><blockquote>quote</blockquote><figcaption>cap</figcaption>",
        ])
    }

    @Test(arguments: 0..<8)
    func randomBodiesMakeTheSameFiles(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 101))
        let pieces = ["word", "Mailboxes", "deleting", "café", "ΟΔΟΣ", "日本語", " ", "  ", "\n", "\t", "&amp;", "&lt;",
                      "&#233;", "&#x1F600;", "&nbsp;", "&copy;", "&", ";", "#", "&#", "&am", "p;", "<p>", "</p>",
                      "<em>", "</em>", "<code>", "</code>", "<br>", "<li>", "</li>", "<h2 id=\"s\">", "</h2>",
                      "<h3 id=\"t&amp;u\">", "</h3>", "<script>x</script>", "<img src=\"a\">", "é", "\u{301}", "x",
                      "-", "'", String(repeating: "long", count: 12), Self.filler]
        var bodies: [String?] = []
        for _ in 0..<40 {
            let count = Int(random.next() % 120)
            bodies.append((0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        Self.expectSameFiles(bodies)
    }

    @Test func theExcerptReadFromTheStartOfTheTextIsThatOfTheWholeText() {
        let texts = ["", "  a  b  ", "\(Self.filler)abc&amp;def ghi", "\(Self.filler)\(String(repeating: "é", count: 20))",
                     "\(Self.filler)x&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600;&#x1F600; y",
                     String(repeating: "a ", count: 200), String(repeating: "&amp;", count: 200)]
        for text in texts {
            let raw = Array(text.utf8)
            let expected = SearchIndexWriter.excerpt(PageSections.collapse(raw))
            #expect(raw.withUnsafeBufferPointer { PageSections.excerptText($0) } == expected, "\(text.prefix(60))")
        }
    }

    @Test(arguments: 0..<16)
    func randomTextsHaveTheExcerptOfTheirWholeText(seed: Int) {
        // Lengths around the excerpt's, spaces and entities that decode to one (`&nbsp;`, `&#32;`) on both sides of
        // the cut and of its middle, several-byte scalars and entities at the cut.
        var random = SeededRandom(seed: UInt64(seed + 7))
        let pieces = ["word", "x", "é", "日本", "😀", " ", "  ", "\n", "\t ", "&amp;", "&nbsp;", "&#32;", "&#x1F600;", "&lt;",
                      "&am", "&", ";", "\u{301}", "-", String(repeating: "y", count: 30)]
        for _ in 0..<60 {
            let count = Int(random.next() % 90)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let raw = Array(text.utf8)
            let expected = SearchIndexWriter.excerpt(PageSections.collapse(raw))
            #expect(raw.withUnsafeBufferPointer { PageSections.excerptText($0) } == expected, "\(text)")
        }
    }

    @Test func theTermHashReadsOnlyTheTermAndSeparatesNearTerms() {
        // Every length from 0 to 24 at the very end of an allocation (a read past it would be caught by the address
        // sanitizer), and terms that differ in one byte, anywhere, or only in length, hash apart.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: UInt8(ascii: "a"), count: 24)
        var seen: Set<UInt32> = []
        // A term of up to 8 bytes is compared by its length and word: those must tell such terms apart too.
        var words: Set<[UInt64]> = []
        for length in 0...24 {
            let start = buffer + (24 - length)
            seen.insert(PageTerms.key(start, length).hash)
            if length <= 8 { words.insert([UInt64(length), PageTerms.key(start, length).word]) }
            for position in 0..<length {
                start[position] = UInt8(ascii: "b")
                seen.insert(PageTerms.key(start, length).hash)
                if length <= 8 { words.insert([UInt64(length), PageTerms.key(start, length).word]) }
                start[position] = UInt8(ascii: "a")
            }
        }
        #expect(seen.count == (0...24).reduce(0) { $0 + 1 + $1 })
        #expect(words.count == (0...8).reduce(0) { $0 + 1 + $1 })
        #expect(PageTerms.key(Array("mailbox".utf8), 7) == PageTerms.key(Array("mailboxes".utf8), 7))
    }
}
