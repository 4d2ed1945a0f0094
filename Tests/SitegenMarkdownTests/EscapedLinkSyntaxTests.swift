import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

/// Link syntax whose bracket or parenthesis the writer escaped (`\[text](url with spaces)`) or wrote as a character
/// reference (`&#91;`) is shown as text on purpose (a help center that explains Markdown, or pandoc's `\[SPAM\]`):
/// it is no broken link. cmark-gfm's tree has the escapes decoded, so they are read from the source.
@Suite("Escaped link syntax is text, not a broken link")
struct EscapedLinkSyntaxTests {
    let renderer = MarkdownRenderer()

    /// The plain-text constructs (link syntax left as text) found in `text`, as (line, column, text).
    func constructs(_ text: String) -> [[String]] {
        renderer.render(text, firstLine: 5).links.filter {
            if case .plainText = $0.origin { return true } else { return false }
        }.map { ["\($0.line)", "\($0.column)", $0.text ?? ""] }
    }

    @Test("an escaped or referenced bracket, parenthesis or '!' starts or ends no construct",
          arguments: [
            "Plain \\[m](/x y/) here.\n",
            "Use `code` then \\[n](/x y/) here.\n",
            "After <b>tag</b> &#91;k](/x y/) and &#x5B;h](/x y/) and &lbrack;n](/x y/) and &lsqb;s](/x y/).\n",
            "- item \\[li](/x y/) in a list\n",
            "> quote\n>  continued &#x5B;z](/a b/) in a quote\n",
            "Text [close\\](/x y/) and [paren]\\(/x y/) and [ref]\\[nothing] and [sp] \\(/how-to/x/).\n",
            "Text [close&#93;(/x y/) and [paren]&lpar;/x y/) c\n",
            "Include \"\\[SPAM\\]\" (see /how-to/spam/) in the subject.\n",
          ])
    func escaped(_ text: String) {
        #expect(constructs(text).isEmpty, "\(constructs(text))")
    }

    @Test("constructs written as syntax are still found, at their own column, beside escaped ones and references")
    func realOnesStay() {
        #expect(constructs("- item \\[li](/x y/) and [bad](/x y/) and &lbrack;e](/x y/)\n") == [["5", "25", "[bad](/x y/)"]])
        #expect(constructs("a&amp;b [amp](/x y/) caf&eacute; &nbsp;&nbsp;[nb](/x y/) \\[no](/x y/) &foo; [yes](/a b/)\n")
                == [["5", "9", "[amp](/x y/)"], ["5", "46", "[nb](/x y/)"], ["5", "77", "[yes](/a b/)"]])
        // An escaped '!' makes no image: the link after it is what is left as text.
        #expect(constructs("See \\![i](/x y/) here.\n") == [["5", "7", "[i](/x y/)"]])
        // Escaped brackets elsewhere in the paragraph leave a real construct alone.
        #expect(constructs("\\[SPAM\\] then\n[next](/how-to/next step/)\n") == [["6", "1", "[next](/how-to/next step/)"]])
    }

    @Test("an escaped copy of a construct written before it never takes its place, nor does the link inside an image")
    func escapedCopyBefore() {
        #expect(constructs("Write \\[t](my page) to show it; broken: [t](my page)\n") == [["5", "41", "[t](my page)"]])
        #expect(constructs("\\[t][nope] [t][nope]\n") == [["5", "12", "[t][nope]"]])
        #expect(constructs("\\[t]((x) [t]((x)\n") == [["5", "10", "[t]((x)"]])
        #expect(constructs("![i](my page) \\![i](my page)\n") == [["5", "1", "![i](my page)"], ["5", "17", "[i](my page)"]])
        // The fix-it of the real construct edits it, not the escaped example.
        let links = renderer.render("Write \\[t](my page) to show it; broken: [t](my page)\n", firstLine: 5).links
        #expect(links.compactMap { $0.destinationColumn } == [45])
    }

    @Test("an escaped copy on another line, or at the start of the line, never hides the real construct")
    func escapedCopyElsewhere() {
        #expect(constructs("intro\n[b](x y)\n\\[b](x y)\n") == [["6", "1", "[b](x y)"]])
        #expect(constructs("intro\n[a](x y)\n> \\[a](x y)\n") == [["6", "1", "[a](x y)"]])
        #expect(constructs("intro\n![b](x y)\n\\![b](x y)\n") == [["6", "1", "![b](x y)"], ["7", "3", "[b](x y)"]])
        #expect(constructs("\\[b](x y)*e*[b](x y)\n") == [["5", "13", "[b](x y)"]])
        #expect(constructs("\\[b](x y)\\\n[b](x y)\n") == [["6", "1", "[b](x y)"]])
        #expect(constructs("\\[b](x y)  \n[b](x y)\n") == [["6", "1", "[b](x y)"]])
    }

    @Test("where cmark-gfm's column lands inside an escape, the escape is still read",
          arguments: ["> a\n>\\[b](x y)\n", "  a\n \\[b](x y)\n", "- a\n\t\\[b](x y)\n", "-\ta\n\t\\[b](x y)\n",
                      "1) a\n\t \\[b](x y)\n", "<b\nc\n>e\n\\[b](x y)\n"])
    func columnInsideEscape(_ text: String) {
        #expect(constructs(text).isEmpty, "\(constructs(text))")
    }

    @Test("where cmark-gfm's line is early (after a backslash break, a code span or title over two lines), each copy is matched in order")
    func earlyLines() {
        #expect(constructs("- a\n\t\\![b](x y)\n") == [["6", "4", "[b](x y)"]])
        #expect(constructs("a\\\n[b](x y)\n\\[b](x y)\n") == [["6", "1", "[b](x y)"]])
        #expect(constructs("`a\nb`\\\n[b](x y)\n\\[b](x y)\n") == [["7", "1", "[b](x y)"]])
        #expect(constructs("a\\\n\\[b](x y)\n[b](x y)\n") == [["7", "1", "[b](x y)"]])
        #expect(constructs("[l](/u \"t\nt\")\n\\[b](x y)\n[b](x y)\n") == [["8", "1", "[b](x y)"]])
        #expect(constructs("a\\\n\\![b](x y) [b](x y)\\\n\\![b](x y)\n") == [["6", "3", "[b](x y)"], ["6", "12", "[b](x y)"],
                                                                              ["7", "3", "[b](x y)"]])
    }

    @Test("after a chain of backslash breaks (cmark-gfm gives the chain's first line), each line's text is matched to it",
          arguments: ["\\[b](x y)\\\n\\[b](x y)\\\n\\[b](x y)\n", "`a\nb`\\\n\\[b](x y)\\\n\\[b](x y)\n",
                      "a\\\nb\\\n\\[b](x y)\n", "a\\\nb\\\nc\\\nd\\\n\\[b](x y)\n"])
    func breakChains(_ text: String) {
        #expect(constructs(text).isEmpty, "\(constructs(text))")
    }

    @Test("text after emphasis or a link that spans a backslash break is matched after the text inside it")
    func nestedAcrossBreaks() {
        #expect(constructs("*a\\\n\\[b](x y)*\n[b](x y)\n") == [["7", "1", "[b](x y)"]])
        #expect(constructs("~~a\\\n\\[b](x y)~~\\\n[b](x y)\n") == [["7", "1", "[b](x y)"]])
        #expect(constructs("[l](/u \"a\\\nb\") *c\\\n\\[b](x y)*\n[b](x y)\n") == [["8", "1", "[b](x y)"]])
        #expect(constructs("\\[b](x y) *a\\\n[b](x y)*\n\\[b](x y)\n") == [["6", "1", "[b](x y)"]])
        // A NUL byte, which the text holds as U+FFFD, does not stop the text from matching its own line.
        #expect(constructs("a\\\n[b](x y)\u{0}\n\\[c](x y)\n\\[b](x y)\u{FFFD}\n") == [["6", "1", "[b](x y)"]])
        // A chain of ten hard breaks whose lines have no bracket.
        #expect(constructs((0..<10).map { "l\($0)\\\n" }.joined() + "\\[b](x y)\n").isEmpty)
        // Backslash breaks or titles over two lines earlier in the paragraph, then a soft break.
        #expect(constructs("a\\\nb\\\nc\n\\[b](x y)\n").isEmpty)
        #expect(constructs("a\\\nb\\\nc\\\nd\ne\\\n\\[b](x y)\n").isEmpty)
        #expect(constructs("[l](/u \"t\nt\") [m](/u \"t\nt\")\nd\n\\[b](x y)\n").isEmpty)
        #expect(constructs("a\\\nb\\\nc\n\\![b](x y) [b](x y)\n") == [["8", "3", "[b](x y)"], ["8", "12", "[b](x y)"]])
    }

    @Test("an escape in an autolink's text, which the extension leaves as written, is read there")
    func autolinkText() {
        #expect(constructs("www.a.b/\\[c](d e)\n").isEmpty)
        #expect(constructs("see www.a.b/\\[c](d e) and [f]\n").isEmpty)
    }

    @Test("an escaped backslash leaves the bracket after it as syntax: the construct is found")
    func escapedBackslash() {
        #expect(constructs("Path \\\\[a](x y) here\n") == [["5", "8", "[a](x y)"]])
        #expect(constructs("`C:\\`[a](x y)\n") == [["5", "6", "[a](x y)"]])
    }

    @Test("in an HTML block a backslash escapes nothing: Markdown there is found at its own place")
    func htmlBlock() {
        #expect(constructs("<div>\n\\[a](/x)\n</div>\n") == [["6", "2", "[a](/x)"]])
        #expect(constructs("<div>\n[a](/x) \\[a](/x)\n</div>\n") == [["6", "1", "[a](/x)"], ["6", "10", "[a](/x)"]])
    }

    @Test("an escaped ')' still ends a destination: the construct does not run on into the next")
    func escapedClosingParenthesis() {
        #expect(constructs("[t](my page\\) and [r]((x)\n").map { $0[2] } == ["[t](my page)", "[r]((x)"])
        #expect(constructs("[t](my page&#41; [r](my page)\n").map { $0[2] } == ["[t](my page)", "[r](my page)"])
    }

    @Test("escaped syntax is found where cmark-gfm misplaces its text: a lazy line, after a backslash break",
          arguments: ["> q\nlazy \\[t](my page)\n", "- item\nlazy \\[t](my page)\n", "line\\\n\\[t](my page)\n",
                      "> - a\n>\tb \\[t](my page)\n"])
    func misplacedText(_ text: String) {
        #expect(constructs(text).isEmpty, "\(constructs(text))")
    }

    @Test("with smart punctuation, curly quotes, dashes and ellipses in the text still match the source")
    func smartPunctuation() {
        let smart = MarkdownRenderer(options: MarkdownOptions(smartPunctuation: true))
        for text in ["Don't write \\[t](my page) here\n", "\\[t](my page) \"quoted\" -- and... --- ok \\[u](a b)\n"] {
            #expect(smart.render(text, firstLine: 5).links.isEmpty, "\(text)")
        }
    }

    @Test("the source is read beside the text: escapes and references are matched, anything else gives up")
    func literalPunctuation() {
        func marks(_ literal: String, _ source: String) -> [Int]? {
            SourceEscapes.literalPunctuation(in: Array(literal.utf8), source: Array(source.utf8)[...])
        }
        #expect(marks("a [b](c)", "a \\[b\\](c)") == [2, 4])
        #expect(marks("[x] é & ( \u{A0}", "&#91;x&rsqb; &eacute; &amp; &#40; &nbsp;") == [0, 2, 9])
        // A name Markdown does not know is text as written.
        #expect(marks("&foo; [a]", "&foo; \\[a]") == [6])
        // A backslash before a letter is text; an escaped backslash leaves the bracket after it as syntax.
        #expect(marks("\\a \\[", "\\a \\\\[") == [])
        // Leading blanks cmark-gfm stripped from a continuation line are skipped.
        #expect(marks("x [", "   x \\[") == [2])
        // Not the node's source: nothing is known.
        #expect(marks("abc", "abd") == nil)
        #expect(marks("abc", "ab") == nil)
        // Numeric references as cmark-gfm reads them: 0 and surrogates are U+FFFD; up to 8 digits, more are text.
        #expect(marks("\u{FFFD}\u{FFFD}[", "&#0;&#xD800;&#0000091;") == [6])
        #expect(marks("[[", "&#00000091;&#x0000005B;") == [0, 1])
        #expect(marks("&#000000091;", "&#000000091;") == [])
        // Smart punctuation.
        #expect(marks("don\u{2019}t \u{201C}a\u{201D} \u{2013} \u{2014}\u{2026} [", "don't \"a\" -- ---... \\[") == [27])
    }
}
