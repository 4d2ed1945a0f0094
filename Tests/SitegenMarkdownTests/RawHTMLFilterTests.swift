import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenMarkdown

@Suite("Raw HTML filter")
struct RawHTMLFilterTests {
    let renderer = MarkdownRenderer()

    /// Renders `marked` and expects one `content-unsafe-html` finding at 1️⃣ with `message`; returns the HTML.
    @discardableResult
    func expectFinding(_ marked: String, _ message: String, renderer: MarkdownRenderer? = nil,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let text = MarkedText(marked)
        let rendered = (renderer ?? self.renderer).render(text.text)
        #expect(rendered.unsafeHTMLFindings.count == 1, "\(rendered.unsafeHTMLFindings)", sourceLocation: sourceLocation)
        if let finding = rendered.unsafeHTMLFindings.first {
            #expect(finding.rule == "content-unsafe-html", sourceLocation: sourceLocation)
            #expect(finding.message == message, sourceLocation: sourceLocation)
            #expect(finding.line == text["1️⃣"].line, sourceLocation: sourceLocation)
            #expect(finding.column == text["1️⃣"].column, sourceLocation: sourceLocation)
        }
        let checkOnly = (renderer ?? self.renderer).render(text.text, html: false)
        #expect(checkOnly.unsafeHTMLFindings == rendered.unsafeHTMLFindings, "a check finds what a build finds", sourceLocation: sourceLocation)
        #expect(checkOnly.links == rendered.links, sourceLocation: sourceLocation)
        return rendered.html
    }

    @Test("event handlers are reported at their tag and removed", arguments: [
        ("1️⃣<img src=x onerror=alert(1)>", "'<img>' has the event-handler attribute 'onerror', which runs script", "<img src=\"x\">"),
        ("Text 1️⃣<svg onload=alert(1)>x</svg>", "'<svg>' has the event-handler attribute 'onload', which runs script", "<svg>x</svg>"),
        ("1️⃣<details open ontoggle=alert(1)>", "'<details>' has the event-handler attribute 'ontoggle', which runs script",
         "<details open>"),
        ("1️⃣<IMG SRC=x ONERROR=a onload=b>", "'<img>' has the event-handler attributes 'onerror', 'onload', which run script",
         "<img src=\"x\">"),
    ])
    func eventHandlers(_ marked: String, _ message: String, _ kept: String) {
        let html = expectFinding(marked + "\n", message)
        #expect(html.contains(kept), "\(html)")
        #expect(!html.lowercased().contains("alert"), "\(html)")
        #expect(LiveScript.problems(in: html) == [], "\(html)")
    }

    @Test("unsafe elements are reported at their tag and shown as text", arguments: [
        ("1️⃣<script>alert(1)</script>", "'<script>' runs script in the page", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<div>\n1️⃣<script/x>alert(1)</script>\n</div>", "'<script>' runs script in the page", "&lt;script/x&gt;"),
        ("1️⃣<base href=\"https://evil.example/\">", "'<base>' changes where every relative link and form of the page leads",
         "&lt;base href=\"https://evil.example/\"&gt;"),
        ("1️⃣<form action=\"https://evil.example/\"><input name=p></form>",
         "'<form>' sends what readers type to an address the article chooses", "&lt;form action="),
        ("1️⃣<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
         "'<meta http-equiv>' can send readers to another page or change the page's security rules", "&lt;meta http-equiv"),
        ("1️⃣<iframe src=\"https://evil.example/\"></iframe>",
         "'<iframe>' embeds 'https://evil.example/', whose host is not in markdown.embed_hosts", "&lt;iframe src="),
        ("1️⃣<object data=\"https://evil.example/x.swf\"></object>",
         "'<object>' embeds 'https://evil.example/x.swf', whose host is not in markdown.embed_hosts", "&lt;object data="),
        ("1️⃣<embed src=\"/x.svg\">", "'<embed>' embeds '/x.svg', whose host is not in markdown.embed_hosts", "&lt;embed src="),
        ("1️⃣<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
         "'<iframe>' embeds a page without a src of a host in markdown.embed_hosts; '<iframe srcdoc>' holds a page of HTML of its own, script included",
         "&lt;iframe srcdoc="),
    ])
    func unsafeElements(_ marked: String, _ message: String, _ shown: String) {
        let html = expectFinding(marked + "\n", message)
        #expect(html.contains(shown), "\(html)")
        #expect(LiveScript.problems(in: html) == [], "\(html)")
        for tag in ["<script", "<base", "<form", "<meta", "<iframe", "<object", "<embed"] {
            #expect(!html.lowercased().contains(tag), "\(html)")
        }
    }

    @Test("a <pre> or <table> in raw HTML gets tabindex=\"0\" (it scrolls sideways), in every mode; one that has a tabindex keeps it")
    func scrollingTagsAreFocusable() {
        let kept = renderer.render("<PRE class=\"log\">wide</PRE>\n\n<table tabindex=\"-1\"><tr><td>x</td></tr></table>\n\n<div><pre>in a div</pre></div>\n").html
        #expect(kept.contains("<PRE tabindex=\"0\" class=\"log\">wide</PRE>"))
        #expect(kept.contains("<table tabindex=\"-1\"><tr>"))
        #expect(kept.contains("<div><pre tabindex=\"0\">in a div</pre></div>"))
        let sanitized = MarkdownRenderer(options: MarkdownOptions(rawHTML: .sanitized)).render("<pre onclick=\"x()\">code</pre>\n").html
        #expect(sanitized.contains("<pre tabindex=\"0\">code</pre>"))
        // Shown as text (an unterminated tag): nothing is inserted into the text.
        #expect(!renderer.render("<pre\n").html.contains("tabindex"))
    }

    @Test("an iframe of an allowed host is kept, closed at once; its srcdoc is not")
    func allowedEmbed() {
        let html = renderer.render("<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\" allowfullscreen></iframe>\n").html
        #expect(html == "<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\" allowfullscreen></iframe>\n")
        let marked = "1️⃣<iframe src=\"https://www.youtube.com/embed/x\" srcdoc=\"<b>x</b>\">\n</iframe>\n"
        let withDocument = expectFinding(marked, "'<iframe srcdoc>' holds a page of HTML of its own, script included")
        #expect(withDocument == "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n")
        let none = MarkdownRenderer(options: MarkdownOptions(embedHosts: EmbedHosts([])))
        expectFinding("1️⃣<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n",
                      "'<iframe>' embeds 'https://www.youtube.com/embed/x', whose host is not in markdown.embed_hosts",
                      renderer: none)
    }

    @Test("findings point at the tag inside lists, quotes and later lines")
    func positions() {
        expectFinding("> <div>\n> 1️⃣<img src=x onerror=alert(1)>\n> </div>\n",
                      "'<img>' has the event-handler attribute 'onerror', which runs script")
        expectFinding("- item\n  with text\n  and 1️⃣<img src=x onerror=alert(1)> inline\n",
                      "'<img>' has the event-handler attribute 'onerror', which runs script")
        expectFinding("> quote\n> more <b>bold</b> and 1️⃣<b onclick=x>b</b>\n",
                      "'<b>' has the event-handler attribute 'onclick', which runs script")
        expectFinding("<div>\n  <p>\n    1️⃣<a href=\"/x/\"\n       onmouseover=\"alert(1)\">x</a>\n</div>\n",
                      "'<a>' has the event-handler attribute 'onmouseover', which runs script")
    }

    @Test("unsafe URLs in raw HTML become '#' and links for the link check, in every URL attribute")
    func unsafeURLs() {
        let marked = MarkedText("""
            <a href="1️⃣javascript:alert(1)">a</a> <form action=2️⃣&#106;avascript:alert(1)></form>
            <img srcset="a.png 1x, 3️⃣javascript:alert(2) 2x"> <video poster='4️⃣vbscript:x'></video>
            <meta http-equiv=refresh content="5️⃣0;url=javascript:alert(3)">
            <svg><a><animate attributeName=href values=6️⃣javascript:alert(4) /></a></svg>
            <button formaction="7️⃣java&Tab;script:alert(5)">b</button> <object data="8️⃣data:text/html,x"></object>

            """)
        let rendered = renderer.render(marked.text)
        let unsafe = rendered.links.filter { UnsafeURL.isUnsafe($0.destination) }
        #expect(unsafe.map(\.destination) == ["javascript:alert(1)", "javascript:alert(1)", "javascript:alert(2)",
                                              "vbscript:x", "javascript:alert(3)", "javascript:alert(4)",
                                              "java\tscript:alert(5)", "data:text/html,x"])
        #expect(unsafe.map(\.origin) == ["href", "action", "srcset", "poster", "content", "values", "formaction", "data"]
            .map { LinkOccurrence.Origin.html(attribute: $0) })
        for (link, marker) in zip(unsafe, ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣"]) {
            let expected = marked[marker]
            #expect(link.line == expected.line, "\(link.destination)")
            // A value's position is where it starts (a srcset's, a meta's content's, at the value).
            if !["srcset", "content"].contains(where: { link.origin == .html(attribute: $0) }) {
                #expect(link.column == expected.column, "\(link.destination)")
            }
        }
        #expect(LiveScript.problems(in: rendered.html) == [], "\(rendered.html)")
        #expect(rendered.html.contains("<a href=\"#\">a</a>"))
        #expect(rendered.html.contains("<img srcset=\"#\">"))
        // The animation that would turn the link into script is reported, and loses its attributeName.
        #expect(rendered.unsafeHTMLFindings.map(\.message).contains("'<animate attributeName=\"href\">' can turn the element's link into script"))
    }

    @Test("unsafe Markdown links, images, autolinks and references become '#'; raster data: images stay")
    func markdownLinks() {
        let html = renderer.render("""
            # A [heading link](javascript:alert(0))

            [a](javascript:alert(1)) [b](JAVASCRIPT:alert(2)) [c](&#106;avascript:alert(3)) [d](vbscript:x)
            <javascript:alert(4)> [e][r] ![f](data:image/svg+xml,x) ![g](data:image/png;base64,AAAA)
            [h](data:text/html;base64,PHNjcmlwdD4=) [i](javascript&colon;alert(5))

            [r]: javascript:alert(6)
            """).html
        #expect(LiveScript.problems(in: html) == [], "\(html)")
        #expect(html.contains("<img src=\"data:image/png;base64,AAAA\" alt=\"g\" />"))
        #expect(html.components(separatedBy: "href=\"#\"").count - 1 == 9, "\(html)")
        #expect(html.contains("<h1 id=\"a-heading-link\">A <a href=\"#\">heading link</a></h1>"))
        #expect(html.contains("<a href=\"#\">javascript:alert(4)</a>"), "the autolink's text stays, as text")
    }

    @Test("the elements browsers read as text are always shown as text, so a browser reads the rest as sitegen does",
          arguments: [
              "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
              "<title><a title=\"</title><img src=x onerror=alert(1)>\"></title>",
              "<textarea><a title=\"</textarea><img src=x onerror=alert(1)>\"></textarea>",
              "<style><a title=\"</style><img src=x onerror=alert(1)>\"></style>",
              "<xmp><a title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>",
              "<svg><style><img src=x onerror=alert(1)></style></svg>",
              "<iframe src=\"https://www.youtube.com/embed/x\"><a title=\"</iframe><img src=x onerror=alert(1)>\"></a></iframe>",
              "<div title=\"<script>alert(1)</script>\">x</div>",
              "<script title=\"<img src=x onerror=alert(1)>\"></script>",
          ])
    func rawTextElements(_ html: String) {
        // The same as an HTML block and inline.
        for source in [html + "\n", "<div>\n" + html + "\n</div>\n", "Text " + html + "\n"] {
            let rendered = renderer.render(source).html
            #expect(LiveScript.problems(in: rendered) == [], "\(rendered)")
            // None of these elements is live: each is shown as text (what is left of them is inside attribute values).
            for element in ["noscript", "title", "textarea", "style", "xmp", "script"] {
                #expect(!rendered.hasPrefix("<\(element)") && !rendered.contains("\n<\(element)")
                        && !rendered.contains("> <\(element)") && !rendered.contains("<p><\(element)")
                        && !rendered.contains("Text <\(element)"), "\(rendered)")
            }
        }
    }

    @Test("HTML that ends inside a tag or comment is closed, so it cannot swallow the Markdown after it")
    func unterminated() {
        let html = expectFinding("1️⃣<div title=\"x\n\n[a](onmouseover=alert(1)//)\n",
                                 "'<div' is not closed with '>' before the HTML ends, so a browser reads what follows as part of the tag")
        #expect(html.hasPrefix("&lt;div title=\"x\n"), "\(html)")
        let comment = renderer.render("- <!-- note\n\n  [a](x)\n").html
        // The comment block runs to the end of its list item, as in CommonMark, and is closed there.
        #expect(comment.contains("<!-- note\n\n[a](x)\n -->\n</li>"), "\(comment)")
    }

    @Test("a site that lowers content-unsafe-html publishes what it reports as written; unsafe URLs still become '#'")
    func keepsReported() {
        let trusting = MarkdownRenderer(options: MarkdownOptions(keepsReportedHTML: true))
        let rendered = trusting.render("<img src=x onerror=alert(1)> <script>track()</script> <a href=\"javascript:x()\">a</a>\n")
        #expect(rendered.unsafeHTMLFindings.count == 2)
        #expect(rendered.html.contains("<img src=x onerror=alert(1)>"))
        #expect(rendered.html.contains("<script>track()</script>"))
        #expect(rendered.html.contains("<a href=\"#\">a</a>"))
        #expect(trusting.render("<style>p{}</style>\n").html.contains("&lt;style&gt;"), "unreported tags stay filtered")
    }

    @Test("sanitize keeps the allow-list, in one canonical form, and escapes the rest")
    func sanitize() {
        let sanitizer = MarkdownRenderer(options: MarkdownOptions(rawHTML: .sanitized))
        let rendered = sanitizer.render("""
            <div style="position:fixed" class=note ID='n'><b onclick=x>bold</b><script>alert(1)</script><custom-x a=1>t</custom-x>
            <iframe src="https://www.youtube.com/embed/x" onload=y></iframe><svg><circle/></svg> a < b <<foo>img src=x onerror=alert(2)>
            <!-- comment --><a href="javascript:x" title='say "hi"' target=_blank>a</a><img src=/i.png alt="i" width=10 height=10>
            </div>

            Inline <kbd>Ctrl</kbd> and <span style="color:red" onmouseover=x>red</span>.
            """)
        #expect(rendered.html == """
            <div class="note" id="n"><b>bold</b>t
            <iframe src="https://www.youtube.com/embed/x"></iframe> a &lt; b &lt;img src=x onerror=alert(2)&gt;
            <a href="#" title="say &quot;hi&quot;" target="_blank">a</a><img src="/i.png" alt="i" width="10" height="10">
            </div>
            <p>Inline <kbd>Ctrl</kbd> and <span>red</span>.</p>

            """, "\(rendered.html)")
        #expect(rendered.unsafeHTMLFindings.map(\.message) == [
            "'<b>' has the event-handler attribute 'onclick', which runs script", "'<script>' runs script in the page",
            "'<iframe>' has the event-handler attribute 'onload', which runs script",
            "'<span>' has the event-handler attribute 'onmouseover', which runs script",
        ])
        #expect(LiveScript.problems(in: rendered.html) == [])
    }

    /// A paragraph (or quote, or list item: there cmark-gfm's inline columns drift and tags are searched for) of
    /// `count` inline tags, each with an event handler.
    static func manyTags(_ count: Int, container: String) -> String {
        let tags = (0..<count).map { "<b onclick=x>\($0)</b>" }.joined(separator: " ")
        switch container {
        case "quote": return "> lead\n> " + tags + "\n"
        case "list": return "- lead\n  " + tags + "\n"
        default: return "Lead " + tags + "\n"
        }
    }

    @Test("a block of thousands of tags is rendered in linear time, each finding at its tag",
          arguments: ["paragraph", "quote", "list"])
    func manyTagsInOneBlock(_ container: String) {
        func seconds(_ count: Int) -> (Double, RenderedMarkdown) {
            let source = Self.manyTags(count, container: container)
            var rendered: RenderedMarkdown?
            let time = (0..<3).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                rendered = renderer.render(source)
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }.min()!
            return (time, rendered!)
        }
        let (small, _) = seconds(1_000)
        let (large, rendered) = seconds(8_000)
        // Eight times the tags: linear is about 8 times the time, quadratic 64.
        // A ratio, not a wall time: the suite runs beside others on a loaded machine.
        #expect(large < max(small, 0.002) * 24, "\(container): \(small) s, then \(large) s")
        #expect(rendered.unsafeHTMLFindings.count == 8_000)
        // The last tag's column: every tag before it is `<b onclick=x>N</b> ` on the same line.
        let source = Self.manyTags(8_000, container: container)
        let lastLine = source.split(separator: "\n").last!
        let lastTag = lastLine.utf8.count - "<b onclick=x>7999</b>".utf8.count + 1
        #expect(rendered.unsafeHTMLFindings.last.map { [$0.line, $0.column] } == [container == "paragraph" ? 1 : 2, lastTag])
        #expect(LiveScript.problems(in: rendered.html) == [])
    }

    @Test("with raw HTML omitted nothing is reported, and nothing of it reaches the page")
    func omitted() {
        let rendered = MarkdownRenderer(options: MarkdownOptions(rawHTML: .omitted)).render("<img src=x onerror=alert(1)>\n")
        #expect(rendered.unsafeHTMLFindings.isEmpty)
        #expect(rendered.html == "<!-- raw HTML omitted -->\n")
    }
}

extension RenderedMarkdown {
    /// The findings of the raw-HTML filter, without those of other rules found while rendering (`content-image-alt`).
    var unsafeHTMLFindings: [MarkdownFinding] { findings.filter { $0.rule == MarkdownRenderer.unsafeHTMLRule } }
}
