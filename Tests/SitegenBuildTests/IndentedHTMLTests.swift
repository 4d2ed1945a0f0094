import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// `markdown-indented-html`: HTML that a blank line cut out of its HTML block and indentation made a code block.
@Suite("Indented HTML")
struct IndentedHTMLTests {
    /// The finding, the article's page and its links, for `marked` as the body of `content/p/x.md`.
    func build(_ marked: String, jekyll: Bool = false) throws -> (diagnostics: [Diagnostic], html: String, links: [String], text: MarkedText) {
        let site = try TemporaryFolder()
        let text = MarkedText("---\ntitle: X\npermalink: x/\n---\n" + marked)
        if jekyll {
            try site.write("_config.yml", "baseurl: /how-to\n")
        } else {
            try site.write("sitegen.yml", "title: T\n")
        }
        try site.write("content/p/x.md", text.text)
        try site.write("content/p/y.md", "---\ntitle: Y\npermalink: y/\n---\nY.\n")
        let built = try MemoryBuild(siteRoot: site.path)
        let page = try #require(built.pages["how-to/x/index.html"], "no page for x")
        let article = try #require(built.state.index.articles.first { $0.article.source.contentPath == "p/x.md" })
        return (SitePipeline.diagnostics(of: built.state).filter { $0.rule == "markdown-indented-html" },
                page, article.rendered.links.map(\.destination), text)
    }

    static let body = """
        <div class="cards">
        <h2 id="top">Products</h2>

        1️⃣\t<div class="card">
        \t\t<a href="/how-to/y/">Y</a> <img src="y.png">
        \t</div>
        </div>
        """

    @Test("reported at the first indented line; the page shows it as code, as CommonMark does")
    func reported() throws {
        let (found, html, links, text) = try build(Self.body)
        #expect(found.map(\.formatted) == [
            "content/p/x.md:\(text["1️⃣"].line):1: warning: HTML indented by 4 spaces or a tab after a blank line is a code block in Markdown: readers see its tags as text [markdown-indented-html]",
        ])
        #expect(found.first?.fixIt == "indent the HTML by at most 3 spaces, or remove the blank line before it (an HTML block ends at a blank line)")
        #expect(html.contains("<code>&lt;div class=&quot;card&quot;&gt;"))
        #expect(!links.contains("/how-to/y/"), "a link inside code is not a link")
    }

    @Test("in Jekyll mode it is rendered as HTML, as kramdown does: its links are checked and its images reviewed")
    func jekyllRendersHTML() throws {
        let (found, html, links, text) = try build(Self.body, jekyll: true)
        #expect(found.count == 1)
        #expect(found.first?.message.hasSuffix("(rendered as HTML here, as Jekyll's kramdown does; CommonMark tools show it as code)") == true)
        #expect(found.first?.location.line == text["1️⃣"].line)
        #expect(html.contains("<div class=\"card\">\n\t<a href=\"/how-to/y/\">Y</a>"))
        #expect(!html.contains("<code>&lt;div"))
        #expect(links.contains("/how-to/y/"))
        #expect(links.contains("y.png"))
    }

    @Test("HTML shown as code after a sentence, and indented text after HTML, are not reported",
          arguments: ["Add this to your page:\n\n    <div class=\"x\"></div>\n",
                      "<div>\n\n    plain code, no tag\n",
                      "<div>\n\n```\n<div>fenced</div>\n```\n"])
    func notReported(_ body: String) throws {
        #expect(try build(body).diagnostics.isEmpty)
    }

    @Test("the HTML made of indented code passes the raw-HTML filter like any other: a script is reported and not run")
    func unsafeHTMLInJekyllMode() throws {
        let (_, html, _, _) = try build("<div>\n\n    <script>alert(1)</script>\n</div>\n", jekyll: true)
        #expect(!html.contains("<script>alert(1)</script>"))
    }
}
