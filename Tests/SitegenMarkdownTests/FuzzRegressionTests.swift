import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

/// Inputs found by the fuzz targets (`Fuzz/`), minimised: each was a link placed wrongly. Every link must be at a
/// real position of the body (line within it, column ≥ 1), and a destination position must point at the text.
@Suite("Fuzz regressions: link positions")
struct FuzzRegressionTests {
    func render(_ bytes: [UInt8], smart: Bool = false) -> RenderedMarkdown {
        MarkdownRenderer(options: MarkdownOptions(smartPunctuation: smart))
            .render(String(decoding: bytes, as: UTF8.self), firstLine: 5)
    }

    @Test("'[(](: b)': the destination of a link-whitespace construct is after the '](' , not at the first '('")
    func whitespaceDestination() {
        let links = render(Array("[(](: b)\n".utf8)).links
        #expect(links.map(\.destination) == [": b"])
        #expect(links.first?.destinationLine == 5)
        #expect(links.first?.destinationColumn == 5)
    }

    @Test("with smart punctuation, a quote in a link-whitespace construct's text does not move its destination")
    func smartQuoteBeforeDestination() {
        // FuzzMarkdown: the text holds a curly quote (three bytes) where the file has '"' (one), and the destination
        // was placed two columns to the right of 'a b'.
        let links = render(Array("Point [w<img src=\"](a b) x\n".utf8), smart: true).links
        #expect(links.map(\.destination) == ["a b"])
        #expect(links.first?.column == 7)
        #expect(links.first?.destinationColumn == 21)
    }

    @Test("an HTML link in a paragraph the table extension took lines from is in the body, on its own line")
    func htmlLinkInParagraphBeforeTable() {
        // FuzzMarkdown: cmark-gfm left the paragraph and its inline HTML at line 0, and the link was placed on the
        // line before the body (the front matter's last).
        let links = render(Array("<div>\n\n\t<div>\n/\t<a href=\"/how-to/a/\">A</a>\n| a | b |\n|---|---|\n".utf8)).links
        #expect(links.map(\.destination) == ["/how-to/a/"])
        #expect(links.first?.line == 8 && links.first?.column == 12)
        // The minimised input as found, in every combination of the options that matter here: never before the body.
        let found = "<article>\n<div class=\"x\">\n\n\t<div class=\"ca.d\">\n/\t<a href=\"/how-to/a/\">A</a> <img src=\"y.png\">\n"
            + "\t\t<script>alert(1)</script>\n\t</divss=\"ca.d\">\n/\t<a href=\"/how-to/a/\">A</a> c=\"y.png\">\n x\n[a]: \n| a | b |\n|---|---|\n"
        for indented in [false, true] {
            let rendered = MarkdownRenderer(options: MarkdownOptions(rawHTML: .kept, smartPunctuation: true, hardBreaks: true,
                                                                     indentedHTMLAsHTML: indented)).render(found, firstLine: 5)
            #expect(rendered.links.count == 3)
            for link in rendered.links { #expect(link.line >= 5 && link.line <= 16 && link.column >= 1, "\(link)") }
        }
    }

    @Test("an attribute on the last line of an inline tag that text follows is at its column, not moved right by that text",
          arguments: ["text <a\nhref=\"/how-to/a[a]: /#install\">x</a> more\n",
                      "> quoted <a\n>   href=\"/how-to/a[a]: /#install\">x</a> more\n",
                      "- item <a\n  href=\"/how-to/a[a]: /#install\"\n  title=t>x</a> more\n"])
    func attributeOnLastLineOfInlineTag(_ text: String) {
        // FuzzMarkdown, 30 s in CI: the column of the tag's later lines was counted from the end of the source line,
        // as if the tag ran to it, so the link and its destination were put 10 columns right ('x</a> more'), and the
        // link-whitespace fix named text the file does not hold there.
        let links = render(Array(text.utf8)).links
        #expect(links.map(\.destination) == ["/how-to/a[a]: /#install"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let link = try? #require(links.first)
        guard let link, let line = link.destinationLine, let column = link.destinationColumn else {
            Issue.record("no destination position for \(String(describing: links.first))")
            return
        }
        #expect(line == 6)
        #expect(lines[line - 5][(column - 1)...].starts(with: Array(link.destination.utf8)),
                "'\(link.destination)' is not at \(line):\(column)")
        #expect(link.line == 6 && link.column == column)
    }

    @Test("raw HTML links where review found them misplaced: each at its own line and column",
          arguments: [
            // The source line ends with the same bytes as the tag's last line: the first tag was put on the second.
            ("See <a class=\"x\"\nhref=\"/how-to/nope/\">One</a> and <a href=\"/how-to/nope/\">\nTwo</a>\n",
             [(6, 7), (6, 43)]),
            ("text <img alt=\"\"\nsrc=\"/how-to/nope y\"> more <img alt=\"\" src=\"/how-to/nope y\">\n", [(6, 6), (6, 45)]),
            // A tab a block quote's marker used part of: cmark-gfm leaves its other columns as spaces in the tag.
            ("> > text <a\n>\thref=\"/how-to/nope y\">x</a> more\n", [(6, 9)]),
            // CRLF: cmark-gfm drops the '\r' from raw HTML, so a line's end is before it.
            ("<div>\r\n<a href=\"/how-to/nope y\">x</a>\r\n</div>\r\n", [(6, 10)]),
            ("<div><a href=\"/how-to/nope y\">x</a>\r\n</div>\r\n", [(5, 15)]),
            ("text <a\r\nhref=\"/how-to/nope y\"\r\ntitle=t>x</a> more\r\n", [(6, 7)]),
            // A tab a list marker used part of: cmark-gfm writes its other columns as spaces in the HTML.
            ("- a\n\n\t<div>\n\t<a href=\"/how-to/no pe/\">x</a>\n\t</div>\n", [(8, 11)]),
            ("- > x <a\n\thref=\"/how-to/no pe/\"\ntitle=t>x</a>\n", [(6, 8)]),
            // An earlier tag over two lines without a link starts the same way: not taken for this one.
            ("x <a\ntitle=t>\n<a\nhref=\"/how-to/nope y\"\nid=a>\n", [(8, 7)]),
          ])
    func rawHTMLPositions(_ text: String, expected: [(Int, Int)]) {
        let links = render(Array(text.utf8)).links
        #expect(links.map { [$0.line, $0.column] } == expected.map { [$0.0, $0.1] })
        // Split by bytes: a Swift String reads "\r\n" as one Character.
        let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        for link in links {
            guard let line = link.destinationLine, let column = link.destinationColumn else { continue }
            #expect(lines[line - 5][(column - 1)...].starts(with: Array(link.destination.utf8)), "\(link)")
        }
        // Verbatim destinations keep their position, so that a fix-it can edit them.
        #expect(links.allSatisfy { $0.destinationLine != nil })
    }

    @Test("a destination whose position cannot be confirmed in the source gets none, so no fix-it edit names it")
    func unconfirmedDestinationHasNoPosition() {
        // The table extension turns '\|' into '|' before cmark-gfm reads the cell: the tag is not found as written,
        // and its position is cmark-gfm's. The destination '/a b|c' is not in the file, so no edit may replace it.
        let links = render(Array("| h |\n|---|\n| <a href=\"/a b\\|c\">x</a> |\n".utf8)).links
        #expect(links.map(\.destination) == ["/a b|c"])
        #expect(links.first?.destinationLine == nil && links.first?.destinationColumn == nil)
        #expect(links.first?.line == 7)
    }

    @Test("after a NUL byte, which cmark-gfm reads as U+FFFD, a destination gets no position: the file does not hold it")
    func destinationWithNUL() {
        // FuzzMarkdown (was Fuzz/Findings/markdown-nul-backslash-edit.md): the link-backslash edit named '\' and
        // U+FFFD at column 1, where the file holds '<div'.
        let links = render(Array("<div href=\\\u{0}".utf8)).links
        #expect(links.map(\.destination) == ["\\\u{FFFD}"])
        #expect(links.first?.destinationLine == nil && links.first?.destinationColumn == nil)
    }

    @Test("a link on a paragraph's later line, before the line the table extension took as a header, is on its own line",
          arguments: [("text\n<a href=\"/how-to/x/\">A</a>\n| a | b |\n|---|---|\n", 6, 10),
                      ("text\n[A](/how-to/x/)\n| a | b |\n|---|---|\n| c | d |\n", 6, 1),
                      ("> text\n> more\n> <a href=\"/how-to/x/\">A</a>\n> | a | b |\n> |---|---|\n> | c | d |\n> | e | f |\n", 7, 12)])
    func linkBeforeTableHeader(_ text: String, line: Int, column: Int) {
        // cmark-gfm gives such a table its paragraph's first line as its start, and the paragraph no lines: the
        // paragraph was taken to end on its first line, and the link put there, past that line's end.
        let links = render(Array(text.utf8)).links
        #expect(links.map(\.destination) == ["/how-to/x/"])
        #expect(links.first?.line == line && links.first?.column == column)
    }

    @Test("a link in a paragraph whose last lines became a table is on its own line, not the front matter's")
    func paragraphBeforeTable() {
        let links = render([0x0F] + Array("[]()\n||-\n-|-".utf8)).links
        #expect(links.count == 1)
        #expect(links.first?.line == 5 && links.first?.column == 2)
    }

    @Test("an autolink in a table header row without a '|' is on its own line")
    func headerRowWithoutPipe() {
        let links = render(Array("<ht:>\n-|-\n-|-".utf8)).links
        #expect(links.count == 1)
        #expect(links.first?.line == 5 && links.first?.column == 1)
    }

    @Test("thousands of '[a] (http://x' in one paragraph: every link found as text is inside the body, column ≥ 1")
    func repeatedSpaceParenthesis() {
        let text = String(repeating: "[a] (http://x", count: 3_000)
        let links = render(Array(text.utf8)).links
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0.line == 5 && $0.column >= 1 })
    }

    @Test("link syntax found as text but not in the source is marked unlocated (no fix may edit there); a located one is where it says")
    func unlocatedPlainText() throws {
        // FuzzMarkdown, 30 s in CI: `[y]((z)` was given an edit at its block's line, column 1, where the file holds
        // something else.
        let input = try #require(Data(base64Encoded: "IyBBCiMgQQoKW3hdKDxhIGI+KSBbeV0oKHopIFt3XShhIGIpIDxodHRwOi8veD4gIVtpXSgvaG93LXRvL2Fzc2V0cy9pbWFnZXMvbG9nby5wbmcpClthXTogCnwgYSB8IGIgfAp8LS0tfC0tLXwKfCBbY10oI3RvcCkgfCA8YSBocmVmPSIvaG93LXRvL2EvI2luc3RhbGwiIG5hbWU9bj5kPC9hPiB8Cgo8IS0tIHNpdGVnZW4taWdub3JlIGxpbmstYnJva2VuIC0tPgpbZV0oL25vcGUvKQpbXjFdCgpbXjFdOiBub3RlCg=="))
        // And link syntax that is text only after cmark-gfm decoded an entity: not in the source as such. (Not a
        // bracket written as one, `&#91;v]((u)`: that is no construct at all.)
        let text = String(decoding: input, as: UTF8.self) + "\n[v&amp;w]((u)\n"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        var unlocated = 0
        for options in 0..<12 {
            let renderer = MarkdownRenderer(options: MarkdownOptions(rawHTML: [RawHTMLMode.kept, .omitted, .sanitized][options % 3],
                                                                     smartPunctuation: options / 3 % 2 == 1, hardBreaks: options / 6 == 1))
            for link in renderer.render(text, firstLine: 5).links {
                guard case .plainText = link.origin, let written = link.text, !written.contains("\n") else { continue }
                guard link.isLocated else { unlocated += 1; continue }
                let line = lines[link.line - 5]
                #expect(line.count >= link.column - 1 && line[(link.column - 1)...].starts(with: Array(written.utf8)),
                        "options \(options): '\(written)' is not at \(link.line):\(link.column)")
            }
        }
        #expect(unlocated > 0, "the input no longer has link syntax that cannot be found in the source")
    }

    @Test("with smart punctuation an unclosed link is found and quoted as written")
    func smartPunctuation() {
        let links = render(Array("[t](/\"".utf8), smart: true).links
        #expect(links.map(\.text) == ["[t](/\""])
        #expect(links.first?.line == 5 && links.first?.column == 1)
    }

    @Test("NUL bytes and invalid UTF-8 before an autolink leave every link inside the body",
          arguments: [[0x42, 0x6F, 0x64, 0x90, 0x90, 0x90, 0x90, 0x90, 0x7B, 0x3A, 0x5B, 0x78, 0x5D, 0x90, 0x90, 0x7B,
                       0x3C, 0x68, 0x74, 0x74, 0x70, 0x3A, 0x2F, 0x2F, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x46,
                       0x78, 0x3E, 0x28, 0x7B] as [UInt8],
                      Array("a\u{0}b [x](/y/) <http://e.com/\u{0}>\n".utf8)])
    func nulBytes(_ bytes: [UInt8]) {
        let lines = bytes.filter { $0 == 0x0A }.count + 1
        for link in render(bytes).links {
            #expect((5..<(5 + lines)).contains(link.line), "\(link)")
            #expect(link.column >= 1, "\(link)")
        }
    }
}
