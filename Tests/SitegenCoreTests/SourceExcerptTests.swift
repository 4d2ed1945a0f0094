import Testing
@testable import SitegenCore

@Suite("Source excerpts")
struct SourceExcerptTests {
    @Test("a short line is shown whole, the caret under its column, tabs kept")
    func shortLine() {
        let excerpt = SourceExcerpt(line: Array("\tSee [x](y) é!".utf8)[...], column: 15)
        #expect(excerpt.text == "\tSee [x](y) é!")
        #expect(excerpt.caretIndent == "\t" + String(repeating: " ", count: 12))
    }

    @Test("a long line is a window around the column, cut at characters, and its length does not grow with the line")
    func longLine() {
        let line = Array((String(repeating: "é", count: 5_000) + "[a][b]" + String(repeating: "x", count: 20_000)).utf8)
        let column = 10_001
        let excerpt = SourceExcerpt(line: line[...], column: column)
        #expect(excerpt.text.hasPrefix("…"))
        #expect(excerpt.text.hasSuffix("…"))
        #expect(excerpt.text.utf8.count <= SourceExcerpt.maximumBytes + 6)
        #expect(excerpt.text.contains("[a][b]"))
        // The caret stands under the '[': as many characters before it in the excerpt as spaces in its indent.
        let beforeCaret = excerpt.text.prefix(excerpt.caretIndent.count)
        #expect(excerpt.text.dropFirst(beforeCaret.count).hasPrefix("[a][b]"))
        #expect(!excerpt.text.contains("\u{FFFD}"), "no character is cut in half")
    }

    @Test("control characters are shown, never sent to the terminal")
    func controlCharacters() {
        #expect(SourceExcerpt.visible("a\u{1B}[31mb\u{07}\u{7F}\u{85}") == "a\u{241B}[31mb\u{2407}\u{2421}\u{FFFD}")
        #expect(SourceExcerpt.visible("two\nlines\ttab") == "two\u{240A}lines\u{2409}tab")
        #expect(SourceExcerpt(line: Array("x\u{1B}y\tz".utf8)[...], column: 5).text == "x\u{241B}y\tz")
        #expect(SourceExcerpt.visible("plain") == "plain")
        // Bidirectional controls would reorder the line a reviewer reads: each is shown as one replacement character.
        #expect(SourceExcerpt.visible("[x](/a\u{202E}gpj.exe)\u{2066}\u{200F}\u{061C}") == "[x](/a\u{FFFD}gpj.exe)\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(SourceExcerpt(line: Array("ab\u{202E}cd".utf8)[...], column: 6).text == "ab\u{FFFD}cd")
        #expect(SourceExcerpt.visible("שלום עולם") == "שלום עולם")
    }
}
