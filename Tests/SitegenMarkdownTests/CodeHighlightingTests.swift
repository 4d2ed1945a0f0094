import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

/// Fenced code in a known language is highlighted where code blocks become HTML (`TreeCollector.makeFocusable`).
@Suite("code highlighting in rendered Markdown")
struct CodeHighlightingTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let highlighting = MarkdownRenderer()
    let plain = MarkdownRenderer(options: MarkdownOptions(highlightsCode: false))

    @Test("a page with a block in each language matches its golden HTML (Tests/Fixtures/a11y-site.code-blocks.html)")
    func golden() throws {
        let article = try String(contentsOfFile: Self.packageRoot + "/Tests/Fixtures/a11y-site/content/dns/configure-your-server.md",
                                 encoding: .utf8)
        // The body, after the front matter's closing `---`.
        let body = article.components(separatedBy: "\n---\n").dropFirst().joined(separator: "\n---\n")
        let html = highlighting.render(body).html
        try Golden.expectText(html, matches: Self.packageRoot + "/Tests/Fixtures/a11y-site.code-blocks.html")
        // Every language of the page got spans, and the page's text is the one without highlighting.
        #expect(html.components(separatedBy: "<pre tabindex=\"0\"><code class=\"language-").count == 12)
        #expect(Self.withoutSpans(html) == plain.render(body).html)
    }

    @Test("code without a language, in another language or indented is written exactly as without highlighting")
    func unknownLanguagesUnchanged() {
        let source = """
            ```
            if "x" then fi
            ```

            ```text
            if "x" then fi
            ```

            ```js
            if ("x") { return 1 }
            ```

                if "x"; then fi

            - ```
              "x": 1
              ```
            """
        let html = highlighting.render(source).html
        #expect(html == plain.render(source).html)
        #expect(!html.contains("hl-"))
        #expect(html.contains("<pre tabindex=\"0\"><code class=\"language-text\">if &quot;x&quot; then fi\n</code></pre>"))
    }

    @Test("the info string's first word names the language, in any case; class=\"language-…\" is kept as written")
    func infoString() {
        let html = highlighting.render("```JSON title=\"a.json\"\n{\"a\": 1}\n```\n").html
        #expect(html == "<pre tabindex=\"0\"><code class=\"language-JSON\"><span class=\"hl-key\">&quot;a&quot;</span>"
            .replacingOccurrences(of: "<span class=\"hl-key\">", with: "{<span class=\"hl-key\">")
            + ": <span class=\"hl-number\">1</span>}\n</code></pre>\n")
    }

    @Test("markdown.highlight false: code in a known language is written as cmark-gfm writes it")
    func off() {
        let html = plain.render("```yaml\na: \"b\" # c\n```\n").html
        #expect(html == "<pre tabindex=\"0\"><code class=\"language-yaml\">a: &quot;b&quot; # c\n</code></pre>\n")
    }

    @Test("blocks in lists and quotes, CRLF sources and an empty block are highlighted in place")
    func placement() {
        let html = highlighting.render("> ```sh\r\n> echo $HOME\r\n> ```\r\n\r\n1. ```sql\r\n   SELECT 1;\r\n   ```\r\n\r\n```python\n```\n").html
        #expect(html.contains("<blockquote>\n<pre tabindex=\"0\"><code class=\"language-sh\"><span class=\"hl-function\">echo</span> <span class=\"hl-variable\">$HOME</span>\n</code></pre>\n</blockquote>"))
        #expect(html.contains("<li>\n<pre tabindex=\"0\"><code class=\"language-sql\"><span class=\"hl-keyword\">SELECT</span> <span class=\"hl-number\">1</span>;\n</code></pre>\n</li>"))
        #expect(html.contains("<pre tabindex=\"0\"><code class=\"language-python\"></code></pre>"))
    }

    /// `html` with the highlighter's spans taken out.
    static func withoutSpans(_ html: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<span class=\"hl-") {
            result += rest[..<open.lowerBound]
            rest = rest[open.upperBound...]
            rest = rest[rest.range(of: "\">")!.upperBound...]
            let close = rest.range(of: "</span>")!
            result += rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
