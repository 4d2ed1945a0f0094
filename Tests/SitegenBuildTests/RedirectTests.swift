import Foundation
import SitegenContent
import SitegenCore
import SitegenOutput
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// Redirects (issue 23) through the whole pipeline, in memory: what is written at each old URL and in the server
/// maps, and each check's finding (rule, message, file, line, column).
@Suite("Redirects")
struct RedirectTests {
    struct Built {
        var diagnostics: [Diagnostic]
        var outputs: [String: String]
        var state: PipelineState

        /// The findings of `rule`, as `file:line:column: message`.
        func findings(_ rule: String) -> [String] {
            diagnostics.filter { $0.rule == rule }.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    /// Builds `files` (path → text; `sitegen.yml` defaults to a title and site URL) into memory.
    func build(_ files: [String: String], config: String = "") throws -> Built {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nurl: https://help.example.com\n" + config)
        for (path, content) in files { try site.write(path, content) }
        let built = try MemoryBuild(siteRoot: site.path)
        let (state, outputs, problems) = (built.state, built.pages, built.renderProblems)
        let diagnostics = (SitePipeline.diagnostics(of: state) + problems)
            .filter { !["content-orphan", "content-missing-permalink"].contains($0.rule) }
        return Built(diagnostics: diagnostics, outputs: outputs, state: state)
    }

    static func article(_ permalink: String, _ extra: String = "", body: String = "Text.\n") -> String {
        "---\ntitle: Page \(permalink)\npermalink: \(permalink)\n\(extra)---\n\(body)"
    }

    static let expectedPage = """
        <!DOCTYPE html>
        <html lang="en">
        <meta charset="utf-8">
        <title>Redirecting&hellip;</title>
        <link rel="canonical" href="https://help.example.com/how-to/new/">
        <meta http-equiv="refresh" content="0; url=/how-to/new/">
        <meta name="robots" content="noindex">
        <main>
        <h1>Redirecting&hellip;</h1>
        <a href="/how-to/new/">Click here if you are not redirected.</a>
        </main>
        </html>

        """

    @Test("redirect_from (a list) and aliases (a string): a page at each old URL, relative to the baseurl or under it")
    func pagesAtOldURLs() throws {
        let built = try build(["content/mail/new.md": Self.article("new/", """
            redirect_from:
              - /old/
              - /how-to/older/
              - legacy
            aliases: /hugo/alias/

            """)])
        #expect(built.diagnostics.filter { $0.severity != .note } == [])
        for path in ["how-to/old/index.html", "how-to/older/index.html", "how-to/legacy/index.html", "how-to/hugo/alias/index.html"] {
            #expect(built.outputs[path] == Self.expectedPage, "\(path)")
        }
        #expect(built.outputs["how-to/how-to/older/index.html"] == nil, "a path under the baseurl is not prefixed again")
        // Not pages of the site's lists or sitemap.
        #expect(!(built.outputs["how-to/sitemap.xml"] ?? "").contains("/old/"))
        #expect(built.outputs["how-to/new/index.html"]?.contains("Page new/") == true)
    }

    @Test("the page escapes the target URL in every attribute")
    func escaping() throws {
        let built = try build(["content/mail/new.md": Self.article("a&b'c/", "redirect_from: /old/\n")])
        let page = try #require(built.outputs["how-to/old/index.html"])
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/how-to/a&amp;b&#39;c/\">"))
        #expect(page.contains("<a href=\"/how-to/a&amp;b&#39;c/\">"))
        #expect(!page.contains("a&b"))
    }

    @Test("redirect_to: a page that only redirects, with no title or body, listed nowhere, no orphan or empty-body finding")
    func redirectTo() throws {
        let built = try build([
            "content/mail/new.md": Self.article("new/", body: "## Steps\n\nText.\n"),
            "content/mail/gone.md": "---\npermalink: gone/\nredirect_to: /new/#steps\n---\n",
            "content/mail/away.md": "---\npermalink: away/\nredirect_to: https://example.org/x?a=1&b=2\n---\nIgnored [link](/nowhere/).\n",
        ])
        #expect(built.diagnostics.filter { $0.severity != .note } == [], "\(built.diagnostics.map(\.formatted))")
        #expect(built.diagnostics.filter { $0.location.file.hasSuffix("gone.md") || $0.location.file.hasSuffix("away.md") } == [])
        let gone = try #require(built.outputs["how-to/gone/index.html"])
        #expect(gone.contains("url=/how-to/new/#steps\""))
        let away = try #require(built.outputs["how-to/away/index.html"])
        #expect(away.contains("<link rel=\"canonical\" href=\"https://example.org/x?a=1&amp;b=2\">"))
        let all = try #require(built.outputs["how-to/all-articles/index.html"])
        #expect(!all.contains("/how-to/gone/") && !all.contains("/how-to/away/"))
        #expect(!(built.outputs["how-to/sitemap.xml"] ?? "").contains("gone"))
    }

    @Test("an old URL that is also a page or a file: an error at the entry's line and column")
    func sourceIsPageOrAsset() throws {
        let built = try build([
            "content/mail/new.md": Self.article("new/", "redirect_from:\n  - /other/\n  - /mail/images/a.png\n"),
            "content/mail/x.md": Self.article("x/", "aliases: [/how-to/x/]\n"),
            "content/mail/other.md": Self.article("other/"),
            "content/mail/images/a.png": "png",
        ])
        #expect(built.findings("redirect-source-is-page") == [
            "content/mail/new.md:5:5: 'redirect_from' entry '/other/' ('/how-to/other/') is also where 'content/mail/other.md' is published; a redirect there would hide it",
            "content/mail/new.md:6:5: 'redirect_from' entry '/mail/images/a.png' ('/how-to/mail/images/a.png') is also where 'content/mail/images/a.png' is published; a redirect there would hide it",
            "content/mail/x.md:4:11: 'aliases' entry '/how-to/x/' ('/how-to/x/') is also where 'content/mail/x.md' is published; a redirect there would hide it",
        ])
        #expect(built.diagnostics.first { $0.rule == "redirect-source-is-page" }?.severity == .error)
        #expect(built.outputs["how-to/other/index.html"]?.contains("Page other/") == true, "the page stays")
        #expect(built.outputs["how-to/mail/images/a.png"] == nil, "the asset is copied from its file, not rendered")
    }

    @Test("two pages that redirect one old URL: an error at the second, naming the first")
    func duplicateSource() throws {
        let built = try build([
            "content/mail/a.md": Self.article("a/", "redirect_from: /old/\n"),
            "content/mail/b.md": Self.article("b/", "redirect_from:\n- /how-to/old/\n"),
        ])
        #expect(built.findings("redirect-duplicate-source") == [
            "content/mail/b.md:5:3: 'redirect_from' entry '/how-to/old/' ('/how-to/old/') is already redirected by content/mail/a.md:4; an old URL can lead to one page only",
        ])
        #expect(built.outputs["how-to/old/index.html"]?.contains("url=/how-to/a/\"") == true, "the first keeps it")
    }

    @Test("redirect_to a path that is not on the site, or a fragment the page lacks: an error at redirect_to")
    func brokenTarget() throws {
        let built = try build([
            "content/mail/new.md": Self.article("new/", body: "## Steps\n"),
            "content/mail/a.md": "---\npermalink: a/\nredirect_to: /nowhere/\n---\n",
            "content/mail/b.md": "---\npermalink: b/\nredirect_to: /new/#stepz\n---\n",
        ])
        #expect(built.findings("redirect-target-broken") == [
            "content/mail/a.md:3:14: 'redirect_to' is '/nowhere/', which leads to '/how-to/nowhere/', where the site has no page or file",
            "content/mail/b.md:3:14: 'redirect_to' is '/new/#stepz', but '#stepz' is not a heading or anchor of '/how-to/new/'",
        ])
    }

    @Test("a chain A → B → C: a warning at A, and A's page goes straight to C")
    func chain() throws {
        let built = try build([
            "content/mail/c.md": Self.article("c/", "redirect_from: /b-old/\n"),
            "content/mail/a.md": "---\npermalink: a/\nredirect_to: /b/\n---\n",
            "content/mail/b.md": "---\npermalink: b/\nredirect_to: /b-old/\n---\n",
        ])
        #expect(built.findings("redirect-chain") == [
            "content/mail/a.md:3:14: '/how-to/a/' redirects to '/how-to/b/', itself a redirect: 3 steps to '/how-to/c/'; the redirect is written straight to '/how-to/c/'",
            "content/mail/b.md:3:14: '/how-to/b/' redirects to '/how-to/b-old/', itself a redirect: 2 steps to '/how-to/c/'; the redirect is written straight to '/how-to/c/'",
        ])
        #expect(built.diagnostics.first { $0.rule == "redirect-chain" }?.severity == .warning)
        #expect(built.diagnostics.first { $0.rule == "redirect-chain" }?.fixIt == "write 'redirect_to: /how-to/c/'")
        for page in ["a", "b", "b-old"] {
            #expect(built.outputs["how-to/\(page)/index.html"]?.contains("url=/how-to/c/\"") == true, "\(page)")
        }
    }

    @Test("a loop: an error at each redirect of it, and nothing else")
    func loop() throws {
        let built = try build([
            "content/mail/a.md": "---\npermalink: a/\nredirect_to: /b/\n---\n",
            "content/mail/b.md": "---\npermalink: b/\nredirect_to: /a/\n---\n",
            "content/mail/c.md": "---\npermalink: c/\nredirect_to: /a/\n---\n",
            "content/mail/self.md": "---\npermalink: self/\nredirect_to: /self/\n---\n",
        ])
        #expect(built.findings("redirect-loop") == [
            "content/mail/a.md:3:14: redirect loop: '/how-to/a/' → '/how-to/b/' → '/how-to/a/'; readers would never arrive",
            "content/mail/b.md:3:14: redirect loop: '/how-to/a/' → '/how-to/b/' → '/how-to/a/'; readers would never arrive",
            "content/mail/self.md:3:14: redirect loop: '/how-to/self/' → '/how-to/self/'; readers would never arrive",
        ])
        #expect(built.findings("redirect-chain") == [], "c leads into the loop: the loop's errors say it")
    }

    @Test("a link to an old URL resolves where it leads, with a link-via-redirect note whose edit is the new URL")
    func linkViaRedirect() throws {
        let built = try build([
            "content/mail/new.md": Self.article("new/", "redirect_from: /old/\n", body: "## Steps\n"),
            "content/mail/x.md": Self.article("x/", body: "See [old](/how-to/old/#steps), [bad](/how-to/old#nope) and [new](/how-to/new/).\n"),
        ])
        let notes = built.diagnostics.filter { $0.rule == "link-via-redirect" }
        #expect(notes.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" } == [
            "content/mail/x.md:5:5: '/how-to/old/#steps' is an old URL that redirects to '/how-to/new/#steps'; link there directly",
            "content/mail/x.md:5:32: '/how-to/old#nope' is an old URL that redirects to '/how-to/new/#nope'; link there directly",
        ])
        #expect(notes.allSatisfy { $0.severity == .note })
        #expect(notes.first?.edit == TextEdit(line: 5, column: 11, original: "/how-to/old/#steps", replacement: "/how-to/new/#steps"))
        #expect(built.findings("link-broken-fragment") == ["content/mail/x.md:5:32: '#nope' is not a heading or anchor on '/how-to/new/' ('Page new/')"])
        #expect(built.findings("link-broken") == [])
        #expect(built.findings("link-trailing-slash") == [])
    }

    @Test("redirects.formats: a Netlify _redirects file and an nginx map, sorted, 301; html off writes no pages")
    func serverMaps() throws {
        let files = [
            "content/mail/new.md": Self.article("new/", "redirect_from: [/old/, /b%20c/]\n"),
            "content/mail/gone.md": "---\npermalink: gone/\nredirect_to: https://example.org/$x\n---\n",
        ]
        let built = try build(files, config: "redirects:\n  formats: [html, netlify, nginx]\n")
        #expect(built.outputs["_redirects"] == """
            # Written by sitegen from the articles' redirect_from, aliases and redirect_to: old URL, new URL, 301.
            /how-to/b%20c/  /how-to/new/  301
            /how-to/gone/  https://example.org/$x  301
            /how-to/old/  /how-to/new/  301

            """)
        #expect(built.outputs[".sitegen/redirects.nginx.conf"] == """
            # Written by sitegen from the articles' redirect_from, aliases and redirect_to.
            # In the http block:    include /path/to/redirects.nginx.conf;
            # In the server block:  if ($sitegen_redirect) { return 301 $sitegen_redirect; }
            map $uri $sitegen_redirect {
                default "";
                "/how-to/b c/" "/how-to/new/";
                "/how-to/b c" "/how-to/new/";
                "/how-to/gone/" "https://example.org/%24x";
                "/how-to/gone" "https://example.org/%24x";
                "/how-to/old/" "/how-to/new/";
                "/how-to/old" "/how-to/new/";
            }

            """)
        #expect(built.outputs["how-to/old/index.html"] != nil)
        let mapsOnly = try build(files, config: "redirects:\n  formats: [netlify]\n")
        #expect(mapsOnly.outputs["how-to/old/index.html"] == nil)
        #expect(mapsOnly.outputs["how-to/gone/index.html"] == nil)
        #expect(mapsOnly.outputs["_redirects"] != nil)
        #expect(mapsOnly.outputs[".sitegen/redirects.nginx.conf"] == nil)
        // The checks and the link note do not depend on the pages being written.
        #expect(mapsOnly.state.redirectLocations["how-to/old/index.html"] == "/how-to/new/")
    }

    @Test("malformed entries: front-matter-invalid-value at the entry")
    func malformedEntries() throws {
        let built = try build([
            "content/mail/a.md": Self.article("a/", "redirect_from:\n  - /ok/\n  - https://example.org/x/\n  - {a: b}\n"),
            "content/mail/b.md": "---\npermalink: b/\nredirect_to: javascript:alert(1)\n---\n",
            "content/mail/c.md": Self.article("c/", "aliases:\n  key: value\n"),
        ], config: "")
        #expect(built.findings("front-matter-invalid-value") == [
            "content/mail/a.md:6:5: 'redirect_from' entry 'https://example.org/x/' is not a path of this site: it has a URL scheme; a permalink is a path such as 'my-article/'",
            "content/mail/a.md:7:5: each 'redirect_from' entry must be a path such as '/old-article/'",
            "content/mail/b.md:3:14: 'redirect_to' is 'javascript:alert(1)', which is not a path or an http(s) URL",
            "content/mail/c.md:5:3: 'aliases' must be a path or a list of paths, not a mapping",
        ])
        #expect(built.outputs["how-to/ok/index.html"] != nil, "the good entry is still written")
    }

    @Test("a long chain is walked once: 3,000 redirects in one chain, each with its warning, quickly")
    func longChain() throws {
        var files: [String: String] = ["content/mail/end.md": Self.article("end/")]
        let count = 3_000
        for index in 0..<count {
            let next = index == count - 1 ? "/end/" : "/r\(index + 1)/"
            files["content/mail/r\(index).md"] = "---\npermalink: r\(index)/\nredirect_to: \(next)\n---\n"
        }
        let start = ContinuousClock.now
        let built = try build(files)
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(built.findings("redirect-chain").count == count - 1)
        #expect(built.outputs["how-to/r0/index.html"]?.contains("url=/how-to/end/\"") == true)
    }

    @Test("every build writes .sitegen/urls.json: pages with their anchors, redirects, assets, sorted by URL")
    func urlList() throws {
        let built = try build([
            "content/mail/index.md": "---\ntitle: Mail\n---\n## Overview\n",
            "content/mail/new.md": Self.article("new/", "redirect_from: /old/\n", body: "## Steps\n\n<a id=\"raw\"></a>\n## Ports\n"),
            "content/mail/gone.md": "---\npermalink: gone/\nredirect_to: /nowhere/\n---\n",
            "content/mail/images/a.png": "png",
        ])
        let json = try #require(built.outputs[".sitegen/urls.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
        let expected: NSDictionary = [
            "version": 1,
            "assets": ["/how-to/assets/search.js", "/how-to/assets/style.css", "/how-to/assets/theme.js",
                       "/how-to/mail/images/a.png"],
            "pages": [
                ["url": "/how-to/", "anchors": [String]()],
                ["url": "/how-to/all-articles/", "anchors": [String]()],
                ["url": "/how-to/mail/", "source": "content/mail/index.md", "anchors": ["overview"]],
                ["url": "/how-to/new/", "source": "content/mail/new.md", "anchors": ["ports", "raw", "steps"]],
            ],
            "redirects": [["from": "/how-to/gone/"], ["from": "/how-to/old/", "to": "/how-to/new/"]],
        ]
        #expect(object == expected, "\(json)")
        #expect(json.hasSuffix("}\n"))
        #expect(built.diagnostics.map(\.rule) == ["redirect-target-broken"])
    }
}
