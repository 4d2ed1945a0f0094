import Foundation
import SitegenContent
import SitegenCore
import SitegenMarkdown
import SitegenOutput
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// Issue 20's vectors of live script, each through the whole pipeline: the finding (rule, message, file, line,
/// column) and the page the preview serves and a build writes (rendered in memory: a build with errors writes none).
@Suite("Unsafe content")
struct UnsafeContentTests {
    /// Lines of front matter before the body of the test article.
    static let frontMatter = "---\ntitle: X\npermalink: x/\n---\n"

    /// Builds a site whose article `content/p/x.md` has `marked`'s body into memory; returns its findings (other
    /// than the content rules about permalinks and orphans, and broken links: the vectors' `src=x` leads nowhere),
    /// the page, and the markers' file positions.
    func build(_ marked: String, config: String = "", frontMatter: String = UnsafeContentTests.frontMatter,
               files: [String: String] = [:]) throws -> (diagnostics: [Diagnostic], page: String, text: MarkedText) {
        let site = try TemporaryFolder()
        let text = MarkedText(frontMatter + marked)
        try site.write("sitegen.yml", "title: T\n" + config)
        try site.write("content/p/x.md", text.text)
        for (path, content) in files { try site.write(path, content) }
        var options = BuildOptions(siteRoot: site.path)
        options.inMemory = true
        let pipeline = SitePipeline(options: options)
        let analysis = pipeline.analyze(previous: nil, changes: .everything, reusable: true)
        var problems: [Diagnostic] = []
        _ = pipeline.render(analysis, into: .memory, diagnostics: &problems)
        let state = try #require(analysis.state)
        let diagnostics = (SitePipeline.diagnostics(of: state) + problems)
            .filter { !["content-orphan", "content-missing-permalink", "link-broken", "content-image-alt"].contains($0.rule) }
        guard case .bytes(let bytes)? = state.outputs["how-to/x/index.html"] else {
            Issue.record("no page: \(diagnostics.map(\.formatted))")
            return (diagnostics, "", text)
        }
        return (diagnostics, String(decoding: bytes, as: UTF8.self), text)
    }

    /// One expected finding: its rule, the marker it is at, its message.
    typealias Expected = (rule: String, marker: String, message: String)

    static let js = "is a javascript: URL, which runs script when followed; the page gets '#' instead"

    static let vectors: [(String, [Expected])] = [
        ("1️⃣[x](javascript:alert(1))", [("link-unsafe-scheme", "1️⃣", "the link 'javascript:alert(1)' \(js)")]),
        ("Text 1️⃣[x](JaVaScRiPt:alert(1))", [("link-unsafe-scheme", "1️⃣", "the link 'JaVaScRiPt:alert(1)' \(js)")]),
        ("1️⃣[x](&#x6A;ava&#115;cript:alert(1))", [("link-unsafe-scheme", "1️⃣", "the link 'javascript:alert(1)' \(js)")]),
        ("1️⃣<javascript:alert(1)>", [("link-unsafe-scheme", "1️⃣", "the link 'javascript:alert(1)' \(js)")]),
        ("1️⃣[x][r]\n\n[r]: javascript:alert(1)", [("link-unsafe-scheme", "1️⃣", "the link 'javascript:alert(1)' \(js)")]),
        ("1️⃣[x](vbscript:msgbox(1))", [("link-unsafe-scheme", "1️⃣",
            "the link 'vbscript:msgbox(1)' is a vbscript: URL, which runs script when followed; the page gets '#' instead")]),
        ("1️⃣[x](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)", [("link-unsafe-scheme", "1️⃣",
            "the link 'data:text/html,%3Cscript%3Ealert(1)%3C/script%3E' is a data: URL of type 'text/html', which can hold a page with script; the page gets '#' instead")]),
        ("1️⃣<img src=x onerror=alert(1)>", [("content-unsafe-html", "1️⃣",
            "'<img>' has the event-handler attribute 'onerror', which runs script")]),
        ("A picture: 1️⃣<svg onload=alert(1)></svg>", [("content-unsafe-html", "1️⃣",
            "'<svg>' has the event-handler attribute 'onload', which runs script")]),
        ("- list\n\n  1️⃣<details open ontoggle=alert(1)><summary>s</summary></details>", [("content-unsafe-html", "1️⃣",
            "'<details>' has the event-handler attribute 'ontoggle', which runs script")]),
        ("<a href=1️⃣javascript:alert(1)>x</a>", [("link-unsafe-scheme", "1️⃣", "the 'href' URL 'javascript:alert(1)' \(js)")]),
        ("1️⃣<form action=2️⃣javascript:alert(1)><button>x</button></form>", [
            ("content-unsafe-html", "1️⃣", "'<form>' sends what readers type to an address the article chooses"),
            ("link-unsafe-scheme", "2️⃣", "the 'action' URL 'javascript:alert(1)' \(js)")]),
        ("1️⃣<meta http-equiv=refresh content=\"2️⃣0;url=javascript:alert(1)\">", [
            ("content-unsafe-html", "1️⃣", "'<meta http-equiv>' can send readers to another page or change the page's security rules"),
            ("link-unsafe-scheme", "2️⃣", "the 'content' URL 'javascript:alert(1)' \(js)")]),
        ("1️⃣<object data=\"2️⃣javascript:alert(1)\"></object>", [
            ("content-unsafe-html", "1️⃣", "'<object>' embeds 'javascript:alert(1)', whose host is not in markdown.embed_hosts"),
            ("link-unsafe-scheme", "2️⃣", "the 'data' URL 'javascript:alert(1)' \(js)")]),
        ("1️⃣<base href=\"2️⃣javascript:alert(1)//\">", [
            ("content-unsafe-html", "1️⃣", "'<base>' changes where every relative link and form of the page leads"),
            ("link-unsafe-scheme", "2️⃣", "the 'href' URL 'javascript:alert(1)//' \(js)")]),
        ("1️⃣<script>alert(1)</script>", [("content-unsafe-html", "1️⃣", "'<script>' runs script in the page")]),
        ("1️⃣<iframe src=\"https://evil.example/\"></iframe>", [("content-unsafe-html", "1️⃣",
            "'<iframe>' embeds 'https://evil.example/', whose host is not in markdown.embed_hosts")]),
    ]

    @Test("each vector is reported at its position and runs no script on the page", arguments: vectors)
    func vector(_ marked: String, _ expected: [Expected]) throws {
        let (diagnostics, page, text) = try build(marked + "\n")
        #expect(diagnostics.count == expected.count, "\(diagnostics.map(\.formatted))")
        for (diagnostic, want) in zip(diagnostics, expected) {
            #expect(diagnostic.rule == want.rule)
            #expect(diagnostic.message == want.message)
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.location.file == "content/p/x.md")
            #expect(diagnostic.location.line == text[want.marker].line)
            #expect(diagnostic.location.column == text[want.marker].column)
        }
        #expect(page.contains("<h1>X</h1>") || page.contains("X</h1>"), "the article's page is rendered")
        #expect(LiveScript.problems(in: page) == [], "\(page)")
        #expect(!page.contains("alert(1)") || !page.contains("=alert"), "\(page)")
    }

    @Test("whatever the rules' severities and in every raw-HTML mode, no script URL is live on the page",
          arguments: vectors.map(\.0), ["true", "sanitize", "false"])
    func urlsNeverLive(_ marked: String, _ rawHTML: String) throws {
        let config = "markdown:\n  raw_html: \(rawHTML)\nrules:\n  link-unsafe-scheme: off\n  content-unsafe-html: off\n"
        let (diagnostics, page, _) = try build(marked + "\n", config: config)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        // With content-unsafe-html off, `raw_html: true` publishes event handlers and `<script>` as written (the site
        // accepted them); a URL that runs script never.
        let liveURLs = LiveScript.problems(in: page).filter { $0.contains("=javascript:") || $0.contains("=vbscript:") || $0.contains("=data:") }
        #expect(liveURLs == [], "\(page)")
        if rawHTML != "true" { #expect(LiveScript.problems(in: page) == [], "\(page)") }
    }

    @Test("raster data: images stay, in Markdown and raw HTML, with no finding")
    func rasterImages() throws {
        let (diagnostics, page, _) = try build("![a](data:image/png;base64,iVBORw0KGgo=) <img src=\"data:image/gif;base64,R0lGOD\" alt=b>\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(page.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"a\" />"), "\(page)")
        #expect(page.contains("<img src=\"data:image/gif;base64,R0lGOD\" alt=b>"), "\(page)")
    }

    @Test("the renderer's findings carry the catalog's rule id")
    func ruleID() {
        #expect(MarkdownRenderer.unsafeHTMLRule == ContentRuleCatalog.unsafeHTML.id)
    }

    @Test("at warning, unsafe HTML is published as written, but a script URL never")
    func lowered() throws {
        let (diagnostics, page, _) = try build("<img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">a</a>\n",
                                               config: "rules:\n  content-unsafe-html: warning\n  link-unsafe-scheme: off\n")
        #expect(diagnostics.map(\.rule) == ["content-unsafe-html"])
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(page.contains("<img src=x onerror=alert(1)>"))
        #expect(page.contains("<a href=\"#\">a</a>"))
    }

    @Test("with raw_html: sanitize the page keeps the allowed HTML only")
    func sanitize() throws {
        let (diagnostics, page, _) = try build("<div style=\"position:fixed\"><b onclick=alert(1)>b</b><svg><a xlink:href=x>y</a></svg></div>\n",
                                               config: "markdown:\n  raw_html: sanitize\n")
        #expect(diagnostics.map(\.message) == ["'<b>' has the event-handler attribute 'onclick', which runs script"])
        #expect(page.contains("<div><b>b</b><a>y</a></div>"), "\(page)")
        #expect(LiveScript.problems(in: page) == [])
    }

    @Test("Liquid variables are inserted HTML-escaped, in text and in attributes")
    func liquidEscaped() throws {
        let frontMatter = "---\ntitle: X\npermalink: x/\nteaser: '\"><img src=x onerror=alert(1)> & <b>'\n---\n"
        let (diagnostics, page, _) = try build("<a title=\"{{ page.teaser }}\">t</a> {{ page.teaser }}\n", frontMatter: frontMatter)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(page.contains("<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;\">t</a> &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;"),
                "\(page)")
        #expect(LiveScript.problems(in: page) == [])
    }

    @Test("a site that opts out of escaping gets the value as it is, and its HTML is judged like any other")
    func liquidUnescaped() throws {
        let frontMatter = "---\ntitle: X\npermalink: x/\nteaser: '<img src=x onerror=alert(1)>'\n---\n"
        let (diagnostics, page, text) = try build("Text 1️⃣{{ page.teaser }}\n", config: "liquid:\n  escape_variables: false\n",
                                                  frontMatter: frontMatter)
        #expect(diagnostics.map(\.rule) == ["content-unsafe-html"])
        #expect(diagnostics.first.map { ($0.location.line, $0.location.column) } ?? (0, 0) == text["1️⃣"])
        #expect(page.contains("<img src=\"x\">"))
        #expect(LiveScript.problems(in: page) == [])
    }

    @Test("a Jekyll site keeps both rules as errors")
    func jekyllMode() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: T\nbaseurl: /how-to/\n")
        try site.write("content/p/x.md", "---\ntitle: X\npermalink: x/\n---\n<b onclick=alert(1)>b</b> [a](javascript:alert(2)) [c](/how-to/nope/)\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let found = result.diagnostics.filter { ["content-unsafe-html", "link-unsafe-scheme", "link-broken"].contains($0.rule) }
        #expect(found.map(\.rule) == ["content-unsafe-html", "link-unsafe-scheme", "link-broken"])
        #expect(found.map(\.severity) == [.error, .error, .warning])
    }
}
