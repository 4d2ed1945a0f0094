import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

/// Syntax written in a code span (`` `<a href="…">` ``, `` `[a](/x/)` ``) is text, not a link. cmark-gfm reports
/// what follows a code span or tag over several lines on a line too early, which may be the line of such a code
/// span: the link must still be placed at its own syntax, and its fix-it must edit that, never the code span.
@Suite("Link positions next to code spans")
struct CodeSpanPositionTests {
    let renderer = MarkdownRenderer()

    @Test("a link whose syntax a code span on cmark-gfm's reported line also shows is placed at its own syntax",
          arguments: [
            // An inline tag after a tag over two lines (the case `sitegen fix` edited in the code span).
            "- Use `<a href=\"/how-to/no pe/\">` to link. For example <span\n  class=\"x\">see</span> <a href=\"1️⃣/how-to/no pe/\">this</a>.\n",
            // An inline tag after a code span over two lines.
            "Use `<a href=\"/x y/\">` or `a\nb` then <a href=\"1️⃣/x y/\">t</a>.\n",
            // A Markdown link and an image.
            "See `[a](/how-to/nope/)` or `a\nb` then 1️⃣[a](/how-to/nope/) here.\n",
            "See `![i](/p.png)` or `a\nb` then 1️⃣![i](/p.png).\n",
            "> See ``[a](/how-to/nope/)`` or `a\n> b` then 1️⃣[a](/how-to/nope/) here.\n",
            // Link syntax left as text (a link rule's construct).
            "Write `[a]((/how-to/x/))` or `a\nb` then 1️⃣[a]((/how-to/x/)) here.\n",
            // An autolink.
            "Use `https://bad.example.com/a` or `a\nb` then 1️⃣https://bad.example.com/a here.\n",
          ])
    func syntaxInCodeSpanIsNotTheLink(_ text: String) throws {
        try expectOnlyLinkAtMarker(text)
    }

    /// The one link of `text` (those to `ignoring` aside) is at marker 1️⃣; where its destination has a position, it
    /// is on the link's line, after the link's start, and the text holds the destination there.
    func expectOnlyLinkAtMarker(_ text: String, ignoring: Set<String> = [], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let marked = MarkedText(text)
        let links = renderer.render(marked.text, firstLine: 5).links.filter { !ignoring.contains($0.destination) }
        let link = try #require(links.count == 1 ? links.first : nil, "\(links)", sourceLocation: sourceLocation)
        #expect([link.line, link.column] == [marked["1️⃣"].line + 4, marked["1️⃣"].column], "\(link)", sourceLocation: sourceLocation)
        if let line = link.destinationLine, let column = link.destinationColumn {
            let lines = marked.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
            #expect(line == link.line && column >= link.column, sourceLocation: sourceLocation)
            #expect(lines[line - 5][(column - 1)...].starts(with: Array(link.destination.utf8)), "\(link)", sourceLocation: sourceLocation)
        }
    }

    @Test("what follows a code span or tag over several lines is looked for on its own line, not in an attribute of the line before",
          arguments: [
            "V1 <img src=\"/p.png\" alt=\"[x](/how-to/no pe/)\"> or `a\nb` then 1️⃣[x](/how-to/no pe/).\n",
            "V2 <img src=\"/p.png\" alt=\"[x](/how-to/no pe/)\"> or <span\nclass=\"y\">then</span> 1️⃣[x](/how-to/no pe/).\n",
            "V3 <img src=\"/p.png\" alt=\"https://bad.example.com/a\"> or `a\nb` then 1️⃣https://bad.example.com/a here.\n",
            // An autolink the extension made has no position of its own: its line is its earlier siblings'.
            "V5 <img src=\"/p.png\" alt=\"https://bad.example.com/a\"> and\n1️⃣https://bad.example.com/a here.\n",
            // The same after a line break: the construct's own text node says its line, the run's first does not.
            "V4 <img src=\"/p.png\" alt=\"[x](/how-to/no pe/)\"> and the\nrest 1️⃣[x](/how-to/no pe/).\n",
          ])
    func constructAfterMultiLineNode(_ text: String) throws {
        try expectOnlyLinkAtMarker(text, ignoring: ["/p.png"])
    }

    @Test("with '[^' only in a code block, cmark-gfm still counts the lines of a code span over several lines")
    func caretBracketInCodeBlock() throws {
        try expectOnlyLinkAtMarker("```\n[^a-z]\n```\n\nV1 <img src=\"/p.png\" alt=\"[x](/how-to/no pe/)\"> or `a\nb` then 1️⃣[x](/how-to/no pe/).\n",
                                   ignoring: ["/p.png"])
    }

    @Test("cmark-gfm counts the lines of code spans and tags only without '[^' in the body, where counting them loses text")
    func positionOptionAndFootnoteText() {
        #expect(MarkdownRenderer.positionOption(for: Array("`a\nb` [x](/y/)\n".utf8)) != 0)
        #expect(MarkdownRenderer.positionOption(for: Array("x [^a `b\nc` d] y\n".utf8)) == 0)
        #expect(MarkdownRenderer.positionOption(for: Array("[^".utf8)) == 0)
        #expect(MarkdownRenderer.positionOption(for: Array("x [ ^ ]^[".utf8)) != 0)
        // With the line count on, cmark-gfm 0.29 writes this '[^…]', no footnote reference, as '[^]'.
        let html = renderer.render("x [^a `b\nc` d] y\n").html
        #expect(html.contains("[^a `b\nc` d] y"), "\(html)")
        // The same text without '[^' keeps its text with the line count on.
        #expect(renderer.render("x [`a\nb`\nc] y\n").html.contains("[<code>a b</code>\nc] y"))
    }

    @Test("a bracket inside a code span does not unbalance the link syntax around it")
    func bracketInCodeSpan() {
        let marked = MarkedText("Link `a\nb` then 1️⃣[`]`](2️⃣/how-to/a/).\n")
        let links = renderer.render(marked.text, firstLine: 5).links
        #expect(links.map(\.destination) == ["/how-to/a/"])
        #expect(links.map { [$0.line, $0.column] } == [[marked["1️⃣"].line + 4, marked["1️⃣"].column]])
        #expect(links.map { [$0.destinationLine, $0.destinationColumn] } == [[marked["2️⃣"].line + 4, marked["2️⃣"].column]])
    }

    @Test("a backtick in an HTML attribute that looks like a code span's start does not hide the link after it")
    func backtickInAttribute() {
        // The backticks of `title` and of the end would make a code span if the tag were not one: the link is then
        // among those "in code", and, being the only one, still found there.
        let marked = MarkedText("<i title=\"`\"></i> 1️⃣[a](2️⃣/how-to/a/) `\n")
        let links = renderer.render(marked.text, firstLine: 5).links
        #expect(links.map(\.destination) == ["/how-to/a/"])
        #expect(links.map { [$0.line, $0.column, $0.destinationLine, $0.destinationColumn] }
                == [[marked["1️⃣"].line + 4, marked["1️⃣"].column, marked["2️⃣"].line + 4, marked["2️⃣"].column]])
    }

    @Test("a stray backtick (a table cell, an attribute, a destination) never moves a link into a code span's copy of it",
          arguments: [
            "| a |\n|---|\n| ` |\n| 1️⃣[x]((/y/)) |\n| `[x]((/y/))` |\n",
            "Use <kbd title=\"`\">key</kbd> then 1️⃣[x]((/y/)), not `[x]((/y/))`.\n",
            "| key | name |\n|---|---|\n| ` | backtick |\n| a | 1️⃣[x](/how-to/nope/) |\n| b | `[x](/how-to/nope/)` |\n",
            "<b title=\"`\">1️⃣[a](/how-to/nope/)</b> ` <i title=\"[a](/how-to/nope/)\">z</i>\n",
            "[b](/how-to/p`q/) then 1️⃣[x]((/y/)), not `[x]((/y/))`.\n",
            "<https://e.example.com/`> then 1️⃣[x]((/y/)), not `[x]((/y/))`.\n",
            // The text from the attribute's backtick to the code span's equals the code span's: only reading the tag
            // as a tag, as cmark-gfm does, tells them apart.
            "<x y=\"`\">1️⃣[a]((/y/)) `\">[a]((/y/))`\n",
          ])
    func strayBacktick(_ text: String) throws {
        // Found by review: the scan paired the stray backtick with the opening one of the real code span, so the
        // link's own syntax was "in code" and the code span's copy outside, and `sitegen fix` edited the copy.
        try expectOnlyLinkAtMarker(text, ignoring: ["/how-to/p`q/", "https://e.example.com/`"])
    }

    @Test("code spans are found as CommonMark reads them: equal runs, an escaped first backtick, a run without closer")
    func codeSpanDetection() {
        // The double run is a span; `\`` is an escaped backtick, no span's start; the triple run has no closer of three.
        let marked = MarkedText("`` [a](/s/) `` \\`1️⃣[a](/s/) and ```x 2️⃣[a](/s/) `[a](/s/)`\n")
        let links = renderer.render(marked.text, firstLine: 5).links
        #expect(links.map(\.destination) == ["/s/", "/s/"])
        #expect(links.map(\.column) == [marked["1️⃣"].column, marked["2️⃣"].column])
    }
}
