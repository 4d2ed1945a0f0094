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
        // Numeric references as CommonMark reads them: 0 and surrogates are U+FFFD; at most 7 decimal digits.
        #expect(marks("\u{FFFD}\u{FFFD}[", "&#0;&#xD800;&#0000091;") == [6])
        #expect(marks("&#00000091;", "&#00000091;") == [])
    }
}
