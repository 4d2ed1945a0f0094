import Testing

@Suite("link-markdown-in-html")
struct MarkdownInHTMLRuleTests {
    @Test("flags Markdown link syntax inside an HTML block")
    func flagsMarkdownInHTML() {
        LinkCheckHarness.expectFinding("<div class=\"note\">\nSee 1️⃣[the page](/how-to/page/).\n</div>\n",
            rule: "link-markdown-in-html",
            message: "'[the page](/how-to/page/)' is inside an HTML block, where Markdown is not processed, so it is shown as text",
            fix: "write it as HTML: '<a href=\"/how-to/page/\">the page</a>', or leave a blank line between the HTML and the Markdown")
    }

    @Test("code blocks inside HTML are left alone")
    func preformatted() {
        LinkCheckHarness.expectClean("<pre>\n[x](/y/)\n</pre>\n")
    }
}
