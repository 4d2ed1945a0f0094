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

    @Test("link text that runs over a line break is followed, as cmark-gfm follows it")
    func multiLineText() {
        LinkCheckHarness.expectFinding("<img src=\"https://example.com/x.png\" width=\"700\" />\n1️⃣[View image at full\nresolution](https://example.com/x.jpg)\n",
            rule: "link-markdown-in-html",
            message: "'[View image at full\nresolution](https://example.com/x.jpg)' is inside an HTML block, where Markdown is not processed, so it is shown as text",
            fix: "write it as HTML: '<a href=\"https://example.com/x.jpg\">View image at full\nresolution</a>', or leave a blank line between the HTML and the Markdown")
        // Not over a blank line (which ends the HTML block anyway), nor into a tag.
        LinkCheckHarness.expectClean("<div>\n[one\n<b>two</b>](/how-to/page/)\n</div>\n")
    }

    @Test("code blocks inside HTML are left alone")
    func preformatted() {
        LinkCheckHarness.expectClean("<pre>\n[x](/y/)\n</pre>\n")
    }
}
