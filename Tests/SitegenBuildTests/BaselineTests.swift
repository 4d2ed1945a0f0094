import Foundation
import SitegenContent
import SitegenCore
import SitegenLinks
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// The URL-stability guard (issue 23) with each kind of baseline that is not git (a sitemap, a URL list, a previous
/// output folder), its bad references, and the parts it is made of (the redirect_from edit, the similarity index).
/// The git baselines are tested end to end, with repositories made in the test (`BaselineCommandTests`).
@Suite("URL-stability guard")
struct BaselineTests {
    /// A small help center: two articles of one product, one with a redirect.
    static func site(config: String = "") throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nurl: https://help.example.com\n" + config)
        try site.write("content/mail/connect.md", """
            ---
            title: Connect
            permalink: connect/
            redirect_from: /email-setup/
            ---
            ## Ports

            Use 993, see [setup](/how-to/setup/#steps).

            """)
        try site.write("content/mail/setup.md", """
            ---
            title: Setup
            permalink: setup/
            ---
            ## Steps

            Back to [connect](/how-to/connect/).

            """)
        return site
    }

    func check(_ site: TemporaryFolder, baseline: String?) -> BuildResult {
        var options = BuildOptions(siteRoot: site.path)
        options.baseline = baseline
        return SiteBuilder().check(options)
    }

    func findings(_ result: BuildResult, _ rule: String) -> [String] {
        result.diagnostics.filter { $0.rule == rule }
            .map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)" }
    }

    @Test("a sitemap's locations: trimmed, entities decoded once, a <loc> without its end ends the list")
    func sitemapLocations() {
        let text = """
            <urlset><url><loc>
              https://help.example.com/a/?x=1&amp;y=2
            </loc></url><url><loc>/b/&amp;lt;c&gt;</loc></url>
            <url><loc>https://help.example.com/café/</loc></url><url><loc></loc></url>
            <url><loc>/never-closed/</url></urlset>
            """
        #expect(Baseline.sitemapLocations(text) == ["https://help.example.com/a/?x=1&y=2", "/b/&lt;c>",
                                                    "https://help.example.com/café/", ""])
        #expect(Baseline.sitemapLocations("") == [])
    }

    @Test("a sitemap of thousands of URLs is read in time in proportion to them")
    func sitemapGrowth() {
        func sitemap(_ count: Int) -> String {
            "<?xml version=\"1.0\"?>\n<urlset>\n" + (0..<count).map {
                "<url><loc>https://help.example.com/how-to/article-\($0)/</loc><lastmod>2017-05-01</lastmod></url>\n"
            }.joined() + "</urlset>\n"
        }
        let small = sitemap(1_000), large = sitemap(32_000)
        let (smallSeconds, _) = Growth.fastest { Baseline.sitemapLocations(small) }
        let (largeSeconds, found) = Growth.fastest { Baseline.sitemapLocations(large) }
        // 32 times the URLs: linear is about 32 times the time, quadratic 1,024 (the search that took the rest of
        // the text for each URL measured 430 times). A ratio, not a wall time.
        #expect(largeSeconds < max(smallSeconds, 0.002) * 96, "\(smallSeconds) s, then \(largeSeconds) s")
        #expect(found.count == 32_000)
        #expect(found.last == "https://help.example.com/how-to/article-31999/")
    }

    @Test("a sitemap baseline: a URL that is gone is url-removed at --baseline; a redirect source and the current pages are not")
    func sitemap() throws {
        let site = try Self.site()
        let sitemap = try site.write("old/sitemap.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>https://help.example.com/how-to/connect/</loc></url>
            <url><loc>https://help.example.com/how-to/email-setup/</loc></url>
            <url><loc>https://help.example.com/how-to/gone/?a=1&amp;b=2</loc></url>
            </urlset>
            """)
        let result = check(site, baseline: sitemap)
        #expect(findings(result, "url-removed") == [
            "--baseline:0:0: error: '/how-to/gone/' was published by \(sitemap) and is neither a page nor a redirect now",
        ])
        #expect(result.outcome == .contentErrors)
        let changes = try #require(result.report?.urlChanges)
        #expect(changes.removed.map(\.url) == ["/how-to/gone/"])
        #expect(changes.redirected == [.init(from: "/how-to/email-setup/", to: "/how-to/connect/")])
        // Every current page the sitemap lacks is added: the setup article, the home, the product and all/.
        #expect(changes.added.contains("/how-to/setup/"))
        #expect(!changes.added.contains("/how-to/connect/"))
        #expect(changes.baselinePages == 3)
    }

    @Test("a URL list: absolute URLs, site paths and paths relative to the baseurl; blank and # lines skipped")
    func urlList() throws {
        let site = try Self.site()
        let list = try site.write("urls.txt", """
            # published in 2017
            https://help.example.com/how-to/connect/#ports

            /how-to/setup/
            old-page/
            """)
        let result = check(site, baseline: list)
        #expect(findings(result, "url-removed") == [
            "--baseline:0:0: error: '/how-to/old-page/' was published by \(list) and is neither a page nor a redirect now",
        ])
        #expect(result.report?.urlChanges?.baselinePages == 3)
    }

    @Test("an output folder: its urls.json gives removed pages and removed heading ids (a note when nothing links them)")
    func outputFolder() throws {
        let site = try Self.site()
        let built = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(built.outcome == .succeeded, "\(built.diagnostics)")
        try FileManager.default.moveItem(atPath: site.path + "/public", toPath: site.path + "/previous")
        // The setup article loses its heading (which connect links: a warning); connect's heading is renamed (no
        // link: a note, with the one new heading as the suggestion); a new article appears.
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\nBack to [connect](/how-to/connect/).\n")
        try site.write("content/mail/connect.md", """
            ---
            title: Connect
            permalink: connect/
            redirect_from: /email-setup/
            ---
            ## Ports and servers

            Use 993, see [setup](/how-to/setup/#steps).

            """)
        try site.write("content/mail/new.md", "---\ntitle: New\npermalink: new/\n---\nSee [connect](/how-to/connect/).\n")
        let result = check(site, baseline: "previous")
        #expect(findings(result, "url-removed") == [])
        #expect(findings(result, "anchor-removed") == [
            "content/mail/connect.md:6:1: note: the anchor '#ports' of '/how-to/connect/' in previous is gone from this page; no page of this site links to it, but others may",
            "content/mail/setup.md:1:1: warning: the anchor '#steps' of '/how-to/setup/' in previous is gone from this page; pages of this site link to it",
        ])
        let ports = try #require(result.diagnostics.first { $0.message.contains("#ports") })
        #expect(ports.fixIt == "the heading 'Ports and servers' (#ports-and-servers) is the one new heading: link to '#ports-and-servers', or keep the old id with <a id=\"ports\"></a>")
        let changes = try #require(result.report?.urlChanges)
        #expect(changes.added == ["/how-to/new/"])
        #expect(changes.anchorsRemoved == 2)
    }

    @Test("stability.baseline in sitegen.yml: a bad reference is an error at its line, and the check stops nowhere else")
    func configuredBadReferences() throws {
        let missing = try Self.site(config: "stability:\n  baseline: nowhere.xml\n")
        #expect(findings(check(missing, baseline: nil), "baseline-unreadable") == [
            "sitegen.yml:4:13: error: the baseline 'nowhere.xml' does not exist",
        ])
        let folder = try Self.site(config: "stability:\n  baseline: content\n")
        #expect(findings(check(folder, baseline: nil), "baseline-unreadable") == [
            "sitegen.yml:4:13: error: the baseline folder 'content' has no readable .sitegen/urls.json (a folder built by sitegen has one)",
        ])
        // The site is in no git repository: the temporary folder is outside every one.
        let git = try Self.site(config: "stability:\n  baseline: git:main\n")
        let notRepository = findings(check(git, baseline: nil), "baseline-unreadable")
        #expect(notRepository == ["sitegen.yml:4:13: error: 'git:main' cannot be read: the site is not in a git repository"])
        let result = check(git, baseline: nil)
        #expect(result.diagnostics.filter { $0.severity == .error }.count == 1)
    }

    @Test("--baseline overrides stability.baseline; its error is reported at --baseline")
    func optionOverridesConfiguration() throws {
        let site = try Self.site(config: "stability:\n  baseline: git:main\n")
        #expect(findings(check(site, baseline: site.path + "/none.txt"), "baseline-unreadable") == [
            "--baseline:0:0: error: the baseline '\(site.path)/none.txt' does not exist",
        ])
    }

    @Test("stability keys: similarity must be in (0, 1]; unknown keys are warned about")
    func configurationKeys() {
        let (config, problems) = ConfigLoader.parse("stability:\n  baseline: git:v2\n  similarity: 0.7\n", file: "sitegen.yml")
        #expect(problems == [])
        #expect(config.stability.baseline == "git:v2")
        #expect(config.stability.baselineLocation == SourceLocation(file: "sitegen.yml", line: 2, column: 13))
        #expect(config.stability.similarity == 0.7)
        let (_, bad) = ConfigLoader.parse("stability:\n  similarity: 2\n  base: x\n", file: "sitegen.yml")
        #expect(bad.map { "\($0.location): \($0.rule): \($0.message)" } == [
            "sitegen.yml:2:15: config-invalid: 'stability.similarity' must be a number above 0 and at most 1",
            "sitegen.yml:3:3: config-unknown-key: unknown configuration key 'stability.base'; it is ignored",
        ])
    }

    @Test("the redirect_from edit: a new list before the closing fence, one more item of a block list, nothing for a single value")
    func redirectFromEdit() {
        let plain = Array("---\ntitle: A\n---\nText\n".utf8)
        #expect(RedirectFromEdit.make(plain, adding: "/how-to/old/")
                == TextEdit(line: 3, column: 1, original: "---", replacement: "redirect_from:\n  - /how-to/old/\n---"))
        let list = Array("---\ntitle: A\nredirect_from:\n    - /a/\n---\n".utf8)
        #expect(RedirectFromEdit.make(list, adding: "/how-to/b c/")
                == TextEdit(line: 3, column: 1, original: "redirect_from:", replacement: "redirect_from:\n    - '/how-to/b c/'"))
        let crlf = Array("---\r\ntitle: A\r\n---\r\n".utf8)
        #expect(RedirectFromEdit.make(crlf, adding: "/x/")
                == TextEdit(line: 3, column: 1, original: "---", replacement: "redirect_from:\r\n  - /x/\r\n---"))
        // Line ends, fences and a byte order mark as the front matter reader takes them: a lone CR (classic Mac OS)
        // ends a line, as `sitegen fix` counts lines; a fence may have trailing spaces; a BOM may open the file.
        let mac = Array("---\rtitle: A\r---\rText\r".utf8)
        #expect(RedirectFromEdit.make(mac, adding: "/x/")
                == TextEdit(line: 3, column: 1, original: "---", replacement: "redirect_from:\r  - /x/\r---"))
        let mixed = Array("\u{FEFF}---  \ntitle: A\rredirect_from:\n- /a/\n...\n".utf8)
        #expect(RedirectFromEdit.make(mixed, adding: "/x/")
                == TextEdit(line: 3, column: 1, original: "redirect_from:", replacement: "redirect_from:\n- /x/"))
        let spaced = Array("---\ntitle: A\n--- \t\n".utf8)
        #expect(RedirectFromEdit.make(spaced, adding: "/x/")
                == TextEdit(line: 3, column: 1, original: "--- \t", replacement: "redirect_from:\n  - /x/\n--- \t"))
        let lastLine = Array("---\ntitle: A\n---".utf8)
        #expect(RedirectFromEdit.make(lastLine, adding: "/x/")
                == TextEdit(line: 3, column: 1, original: "---", replacement: "redirect_from:\n  - /x/\n---"))
        #expect(RedirectFromEdit.make(Array("---\nredirect_from:\n---\n".utf8), adding: "/x/") == nil)
        #expect(RedirectFromEdit.make(Array("---\ntitle: A\n".utf8), adding: "/x/") == nil)
        #expect(RedirectFromEdit.make(Array("---\nredirect_from: /a/\n---\n".utf8), adding: "/x/") == nil)
        #expect(RedirectFromEdit.make(Array("no front matter\n".utf8), adding: "/x/") == nil)
    }

    @Test("similarity: the page sharing most word shingles, at or above the threshold; boilerplate shared by many pages does not count")
    func similarity() {
        let boilerplate = " Contact support if you need help with this."
        var documents = (0..<60).map { "Article number \($0) about topic \($0 * 7) and nothing else." + boilerplate }
        documents.append("Configure the mail client for IMAP with port 993 and SSL enabled." + boilerplate)
        let index = SimilarityIndex(documents)
        let removed = "Configure the mail client for IMAP with port 993 and TLS enabled." + boilerplate
        let best = index.best(for: removed, threshold: 0.5)
        #expect(best?.position == 60)
        #expect(best.map { $0.similarity > 0.5 && $0.similarity < 1 } == true)
        #expect(index.best(for: "Something else entirely, written about printers and toner.", threshold: 0.5) == nil)
    }
}
