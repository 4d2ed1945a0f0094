import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

@Suite("Markdown rendering")
struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test("without HTML (a check) the headings, links and anchors are the same and no HTML is made")
    func withoutHTML() {
        let source = """
            # Set up *DNS* records

            See [zones](/how-to/zones/#create) and <a name="top" href="../x/">x</a>.

            ## Set up DNS records

            ![shot](img/a.png) [broken] (https://example.com)
            """
        let full = renderer.render(source, firstLine: 5)
        let checkOnly = renderer.render(source, firstLine: 5, html: false)
        #expect(checkOnly.html == "")
        #expect(full.html.contains("<h2 id=\"set-up-dns-records-1\">"))
        #expect(checkOnly.headings == full.headings)
        #expect(checkOnly.headings.map(\.id) == ["set-up-dns-records", "set-up-dns-records-1"])
        #expect(checkOnly.links == full.links)
        #expect(checkOnly.links.count == 5)
        #expect(checkOnly.anchors == full.anchors)
    }

    @Test("renders the GFM extensions and footnotes")
    func gfm() {
        let html = renderer.render("""
            | a | b |
            |---|---|
            | 1 | 2 |

            ~~old~~ and https://example.com

            - [x] done
            - [ ] todo

            Note[^1].

            [^1]: The note.

            <script>alert(1)</script>
            """).html
        #expect(html.contains("<table tabindex=\"0\">"))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "<script> is shown as text (RawHTMLFilter)")
    }

    @Test("code blocks and tables can take the keyboard focus, so that a keyboard scrolls them when they are wide")
    func scrollingBlocksAreFocusable() {
        let html = renderer.render("""
            ```bash
            echo "<b>" [x](y)
            ```

                indented

            > | a | b |
            > |---|---|
            > | [link](javascript:alert(1)) | `c` |

            <pre>raw</pre>
            """).html
        #expect(html.contains("<pre tabindex=\"0\"><code class=\"language-bash\"><span class=\"hl-function\">echo</span> "
            + "<span class=\"hl-string\">&quot;&lt;b&gt;&quot;</span> [x](y)\n</code></pre>\n"))
        #expect(html.contains("<pre tabindex=\"0\"><code>indented\n</code></pre>\n"))
        #expect(html.contains("<blockquote>\n<table tabindex=\"0\">\n<thead>"))
        #expect(html.contains("<td><a href=\"#\">link</a></td>"), "the table's unsafe link is still made safe")
        #expect(html.contains("<pre tabindex=\"0\">raw</pre>"), "raw HTML scrolls the same way: RawHTMLFilter adds it")
        #expect(!renderer.render("```\nx\n```\n", html: false).html.contains("tabindex"))
    }

    @Test("h2 to h4 are followed by an empty link to themselves, named after the heading; h1, h5 and h6 are not")
    func headingAnchors() {
        let html = renderer.render("""
            # Title

            ## Set up *DNS* & "mail"

            ### Three

            #### Four

            ##### Five
            """).html
        #expect(html.contains("<h1 id=\"title\">Title</h1>\n"))
        #expect(html.contains("""
            <div class="heading"><h2 id="set-up-dns--mail">Set up <em>DNS</em> &amp; &quot;mail&quot;</h2>\
            <a class="heading-anchor" href="#set-up-dns--mail" aria-label="Link to this section: Set up DNS &amp; &quot;mail&quot;"></a></div>
            """))
        #expect(html.contains("<div class=\"heading\"><h3 id=\"three\">Three</h3><a class=\"heading-anchor\" href=\"#three\""))
        #expect(html.contains("<div class=\"heading\"><h4 id=\"four\">Four</h4><a class=\"heading-anchor\" href=\"#four\""))
        #expect(html.contains("<h5 id=\"five\">Five</h5>\n"))
        #expect(html.components(separatedBy: "heading-anchor").count == 4)
    }

    @Test("task list checkboxes have an accessible name; the same text in code is not touched")
    func taskCheckboxesAreNamed() {
        let html = renderer.render("""
            - [x] done
            - [ ] to do

            `<li><input type="checkbox" disabled="" />`
            """).html
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Task\" /> done</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" aria-label=\"Task\" /> to do</li>"))
        #expect(html.contains("<code>&lt;li&gt;&lt;input type=&quot;checkbox&quot; disabled=&quot;&quot; /&gt;</code>"))
        #expect(renderer.render("Ünïcode ✓ text\n").html == "<p>Ünïcode ✓ text</p>\n")
        // Many tasks, one of another form (left as written), and the last bytes of the page.
        let many = renderer.render((0..<50).map { "- [\($0 % 2 == 0 ? "x" : " ")] task \($0)\n" }.joined()
            + "\n<ul><li><input type=\"checkbox\" name=\"x\" /></li></ul>\n").html
        #expect(many.components(separatedBy: "aria-label=\"Task\"").count == 51)
        #expect(many.hasSuffix("<ul><li><input type=\"checkbox\" name=\"x\" /></li></ul>\n"))
    }

    @Test("raw HTML is kept by default and omitted when disabled")
    func rawHTML() {
        #expect(renderer.render("<kbd>Ctrl</kbd>\n").html.contains("<kbd>Ctrl</kbd>"))
        let safe = MarkdownRenderer(options: MarkdownOptions(rawHTML: .omitted)).render("<kbd>Ctrl</kbd>\n").html
        #expect(!safe.contains("<kbd>"))
    }

    @Test("smart punctuation is off by default")
    func smart() {
        #expect(renderer.render("\"quoted\" -- x\n").html.contains("&quot;quoted&quot; -- x"))
        #expect(MarkdownRenderer(options: MarkdownOptions(smartPunctuation: true)).render("\"q\"\n").html.contains("“q”"))
    }

    @Test("headings get GitHub-style ids, de-duplicated, with non-ASCII text")
    func headingIDs() {
        let rendered = renderer.render("""
            ## Set up DNS
            ### Example
            ### Example
            ## Café-style naming
            ## `code` & *emphasis*!
            """)
        #expect(rendered.headings.map(\.id) == ["set-up-dns", "example", "example-1", "café-style-naming", "code--emphasis"])
        #expect(rendered.headings.map(\.level) == [2, 3, 3, 2, 2])
        #expect(rendered.headings.map(\.line) == [1, 2, 3, 4, 5])
        #expect(rendered.html.contains("<h3 id=\"example-1\">Example</h3>"))
        #expect(rendered.html.contains("<h2 id=\"code--emphasis\"><code>code</code> &amp; <em>emphasis</em>!</h2>"))
    }

    @Test("slugs repeat GitHub's numbering")
    func slugger() {
        var slugger = HeadingSlugger()
        #expect(["a", "a", "a-1", "a"].map { slugger.slug(for: $0) } == ["a", "a-1", "a-1-1", "a-2"])
        #expect(HeadingSlugger.baseSlug("What's new?") == "whats-new")
        // ASCII text takes a byte path; other text the Unicode one. Both keep letters, digits, '-' and '_'.
        #expect(HeadingSlugger.baseSlug("Set Up DNS_records -- v1.0 (2017)!\tNow") == "set-up-dns_records----v10-2017now")
        #expect(HeadingSlugger.baseSlug("Über DNS: Änderungen 2") == "über-dns-änderungen-2")
    }
}

@Suite("Link positions")
struct LinkPositionTests {
    let renderer = MarkdownRenderer()

    /// Renders marked text and checks that the links are found, in order, at the markers.
    func expectLinks(_ marked: MarkedText, _ expected: [(String, String)], firstLine: Int = 1,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let links = renderer.render(marked.text, firstLine: firstLine).links
        #expect(links.map(\.destination) == expected.map(\.1), sourceLocation: sourceLocation)
        for (link, (marker, _)) in zip(links, expected) {
            let position = marked[marker]
            #expect(link.line == position.line + firstLine - 1, "line of \(link.destination)", sourceLocation: sourceLocation)
            #expect(link.column == position.column, "column of \(link.destination)", sourceLocation: sourceLocation)
        }
    }

    @Test("links in list items, nested lists and ordered lists")
    func lists() {
        expectLinks(MarkedText("""
            1. **Are you able to log into 1️⃣[apps.example.com](apps.example.com)?**
                - It is important, see 2️⃣[terms](/how-to/terms/).

                *Example: visit 3️⃣[help](help.example.com).*
            """), [("1️⃣", "apps.example.com"), ("2️⃣", "/how-to/terms/"), ("3️⃣", "help.example.com")])
    }

    @Test("links in tables and block quotes")
    func tablesAndQuotes() {
        expectLinks(MarkedText("""
            | Step | Link |
            |------|------|
            | one  | 1️⃣[a](/how-to/a/) and 2️⃣[b](/how-to/b/) |

            > Quoted text with
            > a 3️⃣[link](/how-to/c/) inside.
            """), [("1️⃣", "/how-to/a/"), ("2️⃣", "/how-to/b/"), ("3️⃣", "/how-to/c/")])
    }

    @Test("links in multi-line paragraphs, spanning lines, and images; positions count the front matter")
    func multiLine() {
        expectLinks(MarkedText("""
            Some text that runs on
            to a second line with 1️⃣[a link that
            spans lines](/how-to/span/) and then 2️⃣![an image](/how-to/p/images/x.png)
            and 3️⃣<https://example.com/auto> and 4️⃣[same](/how-to/span/).
            """), [("1️⃣", "/how-to/span/"), ("2️⃣", "/how-to/p/images/x.png"), ("3️⃣", "https://example.com/auto"),
                   ("4️⃣", "/how-to/span/")], firstLine: 13)
    }

    @Test("doubled parentheses keep the position of the opening bracket")
    func doubledParentheses() {
        expectLinks(MarkedText("1️⃣[Set up DNS]((/how-to/set-up-dns/))\n"), [("1️⃣", "(/how-to/set-up-dns/)")])
    }

    @Test("reference links point at their text")
    func referenceLinks() {
        expectLinks(MarkedText("See 1️⃣[the guide][g].\n\n[g]: /how-to/guide/\n"), [("1️⃣", "/how-to/guide/")])
    }

    @Test("kinds are told apart")
    func kinds() {
        let links = renderer.render("[a](/x/) ![b](/y.png) https://example.com\n").links
        #expect(links.map(\.kind) == [.link, .image, .autolink])
    }
}

// Found in the 2017 corpus: a fence left open in the middle of an article (upgrade-citrix-tools-for-windows-servers)
// paired the next fences off by one, and its last 67 lines were published as code.
@Suite("Unclosed blocks")
struct UnclosedBlockTests {
    let renderer = MarkdownRenderer()

    func unclosed(_ text: String, firstLine: Int = 1) -> [String] {
        renderer.render(text, firstLine: firstLine).findings.filter { $0.rule == MarkdownRenderer.unclosedBlockRule }
            .map { "\($0.line):\($0.column) \($0.message) | \($0.fixIt ?? "")" }
    }

    @Test("a code fence or an HTML comment that runs to the end of the article is reported at where it opens")
    func reported() {
        #expect(unclosed("Intro\n\n```bash\necho hi\n\nSee [x](/x/)\n", firstLine: 5) == [
            "7:1 this code block's fence '```' is never closed: the rest of the article (lines 8–10) is shown as code, "
                + "and its links are not checked | add a line '```' where the code ends",
        ])
        #expect(unclosed("Intro\n\n  ~~~~\ncode\n~~~\n") == [
            "3:3 this code block's fence '~~~~' is never closed: the rest of the article (lines 4–5) is shown as code, "
                + "and its links are not checked | add a line '~~~~' where the code ends",
        ])
        #expect(unclosed("Intro\n\n```") == [
            "3:1 this code block's fence '```' is never closed: the rest of the article is shown as code, "
                + "and its links are not checked | add a line '```' where the code ends",
        ])
        #expect(unclosed("Intro\n\n<!-- draft\n\nHidden [x](/x/)\n") == [
            "3:1 this HTML comment is never closed: the rest of the article (lines 4–5) is hidden from readers, "
                + "and its links are not checked | add '-->' where the comment ends",
        ])
    }

    @Test("closed blocks, and blocks closed by the end of their list item or quote, are not reported")
    func notReported() {
        for text in ["```\ncode\n```\n", "```\ncode\n```", "> ```\n> code\n> ```\n", "````\ncode\n`````  \n",
                     "<!-- a -->\n\nText\n", "<!--\nmulti\nline -->\n", "- ```\n  code\n- next\n\nAfter\n",
                     "    ```\n    indented code\n", "<div>\n<!-- a\n</div>\n\nText\n"] {
            #expect(unclosed(text) == [], "\(text.debugDescription)")
        }
    }
}
