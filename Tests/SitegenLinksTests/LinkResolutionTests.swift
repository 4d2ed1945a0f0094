import SitegenCore
import SitegenLinks
import Testing

@Suite("link resolution against the site's routes")
struct LinkResolutionTests {
    @Test("links that resolve are clean", arguments: [
        "[a](/how-to/install-the-agent/)", "[a](../install-the-agent/#step-2)", "[a](#intro)", "[a](/how-to/page/index.html)",
        "![a](/how-to/p/diagram%20one.png)", "![a](../p/diagram%20one.png)", "[a](/how-to/)", "[a](?tab=2#setup)",
        "[a](https://example.com/x)", "[a](/how-to/page/#top)",
    ])
    func resolves(_ markdown: String) {
        LinkCheckHarness.expectClean(markdown + "\n")
    }

    @Test("a missing page is an error with the nearest route")
    func brokenWithNearest() {
        LinkCheckHarness.expectFinding("1️⃣[a](/how-to/instal-the-agent/)\n", rule: "link-broken",
            message: "link target '/how-to/instal-the-agent/' does not exist on this site",
            fix: "did you mean '/how-to/install-the-agent/'?")
    }

    @Test("a link to the file name when the permalink differs says so")
    func fileNameInsteadOfPermalink() {
        LinkCheckHarness.expectFinding("1️⃣[a](/how-to/installing-the-agent/)\n", rule: "link-broken",
            message: "link target '/how-to/installing-the-agent/' does not exist on this site",
            fix: "did you mean '/how-to/install-the-agent/'? (the file is named 'installing-the-agent.md' but its permalink is '/how-to/install-the-agent/')")
    }

    @Test("a relative link resolves against the page URL, and the site-absolute form is suggested")
    func relativeLink() {
        let diagnostic = LinkCheckHarness.expectFinding("1️⃣[a](how-to/install-the-agent)\n", rule: "link-broken",
            message: "relative link 'how-to/install-the-agent' resolves to '/how-to/page/how-to/install-the-agent' (from this page's URL '/how-to/page/'), which does not exist",
            fix: "did you mean '/how-to/install-the-agent/'? (relative links resolve against the page's own URL; start the link with '/')")
        #expect(diagnostic?.link?.resolved == "/how-to/page/how-to/install-the-agent")
        #expect(diagnostic?.link?.suggestion == "/how-to/install-the-agent/")
    }

    @Test("a missing fragment suggests the nearest heading, on this page and on others")
    func fragments() {
        LinkCheckHarness.expectFinding("1️⃣[a](/how-to/install-the-agent/#step2)\n", rule: "link-broken-fragment",
            message: "'#step2' is not a heading or anchor on '/how-to/install-the-agent/' ('Install the agent')",
            fix: "did you mean '/how-to/install-the-agent/#step-2'?")
        LinkCheckHarness.expectFinding("1️⃣[a](#Setup)\n", rule: "link-broken-fragment",
            message: "'#Setup' is not a heading or anchor on this page", fix: "did you mean '#setup'?")
    }

    @Test("letter case is an error with the exact URL")
    func caseMismatch() {
        LinkCheckHarness.expectFinding("1️⃣[a](/how-to/mixed-case/)\n", rule: "link-case-mismatch",
            message: "link target '/how-to/mixed-case/' does not exist: URLs are case-sensitive, and the page is '/how-to/Mixed-Case/'",
            edit: "/how-to/Mixed-Case/")
    }

    @Test("a link to a Markdown source file maps to the article's URL")
    func sourceFile() {
        LinkCheckHarness.expectFinding("1️⃣[a](installing-the-agent.md#requirements)\n", rule: "link-to-source-file",
            message: "'installing-the-agent.md#requirements' links to the article's Markdown file, which is not published; link to its URL '/how-to/install-the-agent/#requirements'",
            edit: "/how-to/install-the-agent/#requirements")
    }

    @Test("the missing trailing slash is counted, and reported when the site turns the rule on")
    func trailingSlash() {
        let (_, diagnostics, stats) = LinkCheckHarness.check("[a](/how-to/install-the-agent)\n")
        #expect(diagnostics.isEmpty)
        #expect(stats.missingTrailingSlash == 1)
        var settings = LinkCheckSettings()
        settings.severities["link-trailing-slash"] = .warning
        let strict = LinkCheckHarness.check("[a](/how-to/install-the-agent#step-2)\n", settings: settings).diagnostics
        #expect(strict.map(\.rule) == ["link-trailing-slash"])
        #expect(strict.first?.severity == .warning)
        #expect(strict.first?.edit?.replacement == "/how-to/install-the-agent/#step-2")
    }

    @Test("the site's own host is checked as internal and noted")
    func ownHost() {
        LinkCheckHarness.expectFinding("1️⃣[a](https://help.example.com/how-to/page/)\n", rule: "link-own-host",
            message: "'https://help.example.com/how-to/page/' is an absolute URL to this site; a site-relative link keeps working if the domain changes",
            severity: .note)
        let broken = LinkCheckHarness.check("[a](https://help.example.com/how-to/gone/)\n").diagnostics
        #expect(broken.map(\.rule).sorted() == ["link-broken", "link-own-host"])
        // Not called relative (it resolves to a path, but not from the page's URL).
        #expect(broken.first { $0.rule == "link-broken" }?.message
            == "link target 'https://help.example.com/how-to/gone/' does not exist on this site")
    }

    @Test("paths outside the baseurl cannot be verified")
    func outsideSite() {
        LinkCheckHarness.expectFinding("1️⃣[a](/white-paper/x)\n", rule: "link-outside-site",
            message: "'/white-paper/x' is outside the site's baseurl '/how-to/', so the build cannot check it", severity: .warning)
    }

    @Test("images name themselves in messages")
    func images() {
        LinkCheckHarness.expectFinding("1️⃣![a](/how-to/p/diagram-one.png)\n", rule: "link-broken",
            message: "image target '/how-to/p/diagram-one.png' does not exist on this site",
            fix: "did you mean '/how-to/p/diagram%20one.png'?")
    }

    @Test("links in raw HTML are checked at the attribute's position")
    func rawHTML() {
        LinkCheckHarness.expectFinding("<p>See <a href=\"1️⃣/how-to/gone/\">this</a>.</p>\n", rule: "link-broken",
            message: "link target '/how-to/gone/' does not exist on this site")
        LinkCheckHarness.expectFinding("Inline <img src=\"1️⃣/how-to/p/nope.png\"> image.\n", rule: "link-broken",
            message: "image target '/how-to/p/nope.png' does not exist on this site")
    }

    @Test("anchors in raw HTML are fragment targets")
    func rawHTMLAnchors() {
        let routes = SiteRoutes(routes: [Route(url: "/how-to/page/", kind: .article, anchors: ["custom"], title: "P")],
                                baseURL: "/how-to/", siteURL: "")
        let resolution = LinkResolver(routes: routes).resolve("#custom", pageURL: "/how-to/page/", contentPath: nil)
        #expect(resolution.issues.isEmpty)
        #expect(resolution.target == .route(0))
    }

    @Test("dot segments and percent-encoding are normalised", arguments: [
        ("./../install-the-agent/", "/how-to/install-the-agent/"),
        ("/how-to/./page/", "/how-to/page/"),
        ("../p/diagram one.png", "/how-to/p/diagram one.png"),
    ])
    func normalisation(_ destination: String, _ resolved: String) {
        let resolution = LinkCheckHarness.resolver.resolve(destination, pageURL: "/how-to/page/", contentPath: "p/page.md")
        #expect(resolution.resolvedURL == resolved)
        if case .route = resolution.target {} else { Issue.record("\(destination) did not resolve") }
    }
}

@Suite("Route keys")
struct RouteKeyTests {
    @Test("file slugs drop a Markdown or HTML extension in any case, decode escapes and lowercase")
    func fileSlugs() {
        #expect(SiteRoutes.fileSlug("Add Users.md") == "add users")
        #expect(SiteRoutes.fileSlug("README.MD") == "readme")
        #expect(SiteRoutes.fileSlug("notes.Markdown") == "notes")
        #expect(SiteRoutes.fileSlug("page.html.md") == "page")
        #expect(SiteRoutes.fileSlug("caf%C3%A9.md") == "café")
        #expect(SiteRoutes.fileSlug("%41BC.md") == "abc")
        #expect(SiteRoutes.fileSlug("readme.mdx") == "readme.mdx")
    }

    @Test("routes indexed from precomputed keys resolve as routes indexed directly")
    func precomputedKeys() {
        let list = [Route(url: "/how-to/a/", kind: .article, title: "A", contentPath: "p/A File.md"),
                    Route(url: "/how-to/caf%C3%A9/", kind: .article, title: "C", contentPath: "p/café.md"),
                    Route(url: "/how-to/assets/x.png", kind: .asset)]
        let direct = SiteRoutes(routes: list, baseURL: "/how-to/", siteURL: "")
        let precomputed = SiteRoutes(routes: list, keys: list.map { SiteRoutes.Keys($0) }, baseURL: "/how-to/", siteURL: "")
        for path in ["/how-to/a/", "/how-to/A/", "/how-to/café/", "/how-to/caf%C3%A9/", "/how-to/assets/x.png", "/none/"] {
            #expect(direct.route(atPath: path) == precomputed.route(atPath: path))
            #expect(direct.routeIgnoringCase(atPath: path) == precomputed.routeIgnoringCase(atPath: path))
        }
        #expect(precomputed.routes(forFileSlug: "a file") == [0])
        #expect(precomputed.routes(forFileSlug: "café") == [1])
        #expect(precomputed.route(forContentPath: "p/café.md") == 1)
        #expect(precomputed.routeIgnoringCase(atPath: "/HOW-TO/A/") == 0)
    }
}
