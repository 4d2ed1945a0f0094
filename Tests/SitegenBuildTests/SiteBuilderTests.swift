import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

@Suite("Site builder")
struct SiteBuilderTests {
    /// A small valid site in a temporary folder.
    func makeSite() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sitegen.yml", "title: Test\nurl: https://help.example.com\n")
        try folder.write("content/email/index.md", "---\ntitle: Email\n---\nAll about email.\n")
        try folder.write("content/email/set-up.md", "---\ntitle: Set up\npermalink: set-up/\n---\n## Steps\n\nSee [DNS](/how-to/dns-records/).\n")
        try folder.write("content/dns/dns-records.md", "---\ntitle: DNS records\nproduct: DNS\n---\nText.\n")
        try folder.write("content/dns/images/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        return folder
    }

    @Test("builds pages, product pages and assets into public/")
    func builds() throws {
        let site = try makeSite()
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        // Content rules (no permalink, no incoming link) are tested on their own.
        #expect(result.diagnostics.filter { !$0.rule.hasPrefix("content-") }.isEmpty)
        for file in ["how-to/set-up/index.html", "how-to/dns-records/index.html", "how-to/email/index.html",
                     "how-to/dns/index.html", "how-to/index.html", "how-to/all-articles/index.html", "404.html",
                     "robots.txt", "how-to/sitemap.xml", "how-to/assets/style.css", "how-to/dns/images/a.svg",
                     ".sitegen-output"] {
            #expect(site.read("public/" + file) != nil, "missing \(file)")
        }
        #expect(site.read("public/how-to/email/index.html")?.contains("All about email.") == true)
        #expect(site.read("public/how-to/dns/index.html")?.contains("<h1>DNS</h1>") == true)
        #expect(site.read("public/how-to/set-up/index.html")?.contains("<h2 id=\"steps\">Steps</h2>") == true)
        #expect(result.timings.map(\.stage) == SiteBuilder.stageNames)
    }

    @Test("an included product list is rendered whether raw HTML is kept or not, alone on its line or in text",
          arguments: ["true", "false"])
    func includeWithoutRawHTML(_ rawHTML: String) throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "markdown:\n  raw_html: \(rawHTML)\n")
        try site.write("content/p/all.md", "---\ntitle: All\npermalink: all/\n---\nIntro.\n\n{% include all-articles-list.html %}\n\nInline: {% include all-articles-list.html %} end.\n")
        try site.write("content/p/one.md", "---\ntitle: One article\npermalink: one/\n---\nText.\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        let page = try #require(site.read("public/how-to/all/index.html"))
        #expect(page.components(separatedBy: "<a href=\"/how-to/one/\">One article</a>").count == 3, "the list, twice")
        #expect(!page.contains("sitegeninclude") && !page.contains("\u{E000}"))
        #expect(!page.contains("<p><div"), "the list is not wrapped in a paragraph")
    }

    @Test("asset file names with '%', '#', '?' or a space are published under their own names, linked percent-encoded")
    func assetNamesNeedingEscapes() throws {
        let site = try makeSite()
        for name in ["50%off.png", "a b#1?.png", "100%.svg"] { try site.write("content/dns/images/" + name, "x") }
        try site.write("content/dns/sale.md", """
            ---
            title: Sale
            permalink: sale/
            ---
            ![a](/how-to/dns/images/50%25off.png) ![b](/how-to/dns/images/a%20b%231%3F.png) ![c](/how-to/dns/images/100%25.svg)
            [DNS](/how-to/dns-records/)
            """)
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.filter { $0.rule.hasPrefix("link-") || $0.rule.hasPrefix("output-") }.isEmpty,
                "\(result.diagnostics.map(\.formatted))")
        for name in ["50%off.png", "a b#1?.png", "100%.svg"] {
            #expect(site.read("public/how-to/dns/images/" + name) == "x", "missing \(name)")
        }
    }

    @Test("an article and a generated page on one output path are an error at the article; nothing is written")
    func duplicateOutputPath() throws {
        let site = try makeSite()
        try site.write("content/dns/copy.md", "---\ntitle: Copy\npermalink: all-articles/\n---\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        let conflict = try #require(result.diagnostics.first { $0.rule == "output-path-conflict" })
        #expect(conflict.location == SourceLocation(file: "content/dns/copy.md", line: 3, column: 12))
        #expect(conflict.message == "the all-articles page and 'content/dns/copy.md' both write '/how-to/all-articles/' (how-to/all-articles/index.html); change one permalink")
        #expect(site.read("public/.sitegen-output") == nil)
    }

    @Test("a failing build leaves the previous public/ exactly as it was")
    func failedBuildKeepsOldOutput() throws {
        let site = try makeSite()
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
        let before = fileTree(under: site.path + "/public")
        try site.write("content/email/set-up.md", "---\ntitle: [broken\n---\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        #expect(fileTree(under: site.path + "/public") == before)
        #expect(!FileManager.default.fileExists(atPath: site.path + "/.public.sitegen-staging"))
    }

    @Test("warnings fail the build with --strict and leave public/ alone")
    func strict() throws {
        let site = try makeSite()
        try site.write("content/dns/dated.md", "---\ntitle: Dated\ncreated_date: 2017-1-2\n---\n")
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, strict: true)).outcome == .contentErrors)
        #expect(site.read("public/.sitegen-output") == nil)
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
    }

    @Test("refuses to replace a folder sitegen did not create")
    func foreignOutput() throws {
        let site = try makeSite()
        try site.write("public/precious.txt", "keep me")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .configurationError)
        #expect(result.diagnostics.first?.rule == "output-refused")
        #expect(result.diagnostics.first?.message.contains("was not created by sitegen") == true)
        #expect(site.read("public/precious.txt") == "keep me")
    }

    @Test("refuses an output folder that is or contains the content", arguments: ["content", ".", "content/sub"])
    func outputOverContent(output: String) throws {
        let site = try makeSite()
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: output))
        #expect(result.outcome == .configurationError)
        #expect(result.diagnostics.first?.rule == "output-refused")
        #expect(site.read("content/email/index.md") != nil)
    }

    @Test("the same input gives byte-identical output, in parallel or on one thread")
    func deterministic() throws {
        let site = try makeSite()
        for index in 0..<30 {
            try site.write("content/email/a\(index).md", "---\ntitle: A \(index)\n---\nhttps://example.com/\(index) ~~x~~\n")
        }
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: "one", jobs: 1)).outcome == .succeeded)
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: "many", jobs: 4)).outcome == .succeeded)
        #expect(fileTree(under: site.path + "/one") == fileTree(under: site.path + "/many"))
    }
}

@Suite("Site builder: link checks")
struct SiteBuilderLinkTests {
    @Test("check writes nothing, runs four stages and reports broken links at their lines")
    func checkOnly() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\n---\nIntro.\n\nSee [B](/how-to/bb/).\n")
        try site.write("content/p/b.md", "---\ntitle: B\n---\nText.\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        #expect(result.timings.map(\.stage) == SiteBuilder.checkStageNames)
        let links = result.diagnostics.filter { $0.rule.hasPrefix("link-") }
        #expect(links.map(\.formatted) == [
            "content/p/a.md:6:5: error: link target '/how-to/bb/' does not exist on this site [link-broken]",
        ])
        #expect(links.first?.fixIt == "did you mean '/how-to/b/'?")
        #expect(result.report?.stats.internalLinks == 1)
        #expect(site.read("public/.sitegen-output") == nil)
        #expect(!FileManager.default.fileExists(atPath: site.path + "/public"))
    }

    @Test("the lines the parse's findings quote are taken as each file is parsed; the check's are read later")
    func quotesFromTheParse() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\n---\nIntro.\n\n![](https://example.com/x.png)\n\nSee [B](/how-to/bb/).\n")
        try site.write("content/p/b.md", "---\ntitle: B\n---\nText.\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let image = try #require(result.diagnostics.first { $0.rule == "content-image-alt" })
        let broken = try #require(result.diagnostics.first { $0.rule == "link-broken" })
        #expect((image.location.line, broken.location.line) == (6, 8))
        // With the file gone, the parse's finding is still quoted, from the bytes it was found in; the check's
        // finding was not among them (its line would be read for the terminal, and the file is gone).
        try FileManager.default.removeItem(atPath: site.path + "/content/p/a.md")
        let quotes = try #require(result.quotes)
        #expect(quotes.line(6, of: "content/p/a.md") == Array("![](https://example.com/x.png)".utf8))
        #expect(quotes.line(8, of: "content/p/a.md") == nil)
    }

    @Test("two permalinks that differ only in letter case are one error, at the later article's permalink")
    func permalinksDifferingInCase() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: Set-Up/\n---\nText.\n")
        try site.write("content/p/b.md", "---\ntitle: B\nlayout: x\npermalink: set-up/\n---\nText.\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let found = result.diagnostics.filter { $0.rule == "content-duplicate-permalink" }
        #expect(found.map(\.formatted) == [
            "content/p/b.md:4:12: error: 'content/p/b.md' and 'content/p/a.md' have URLs that differ only in letter case "
                + "('/how-to/set-up/' and '/how-to/Set-Up/'), which are one file on case-insensitive file systems; change one "
                + "permalink [content-duplicate-permalink]",
        ])
    }

    @Test("a permalink 'x/index.html' is the page at 'x/': links to either work, and its name is 'x'")
    func permalinkToIndexFile() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/regions.md", "---\ntitle: About regions\npermalink: about/index.html\n---\nText.\n")
        try site.write("content/p/other.md",
                       "---\ntitle: Other\npermalink: other/\n---\nSee [about](/how-to/about/), [again](/how-to/about/index.html).\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.diagnostics.filter { $0.severity == .error || $0.rule.hasPrefix("link-") }.isEmpty,
                "\(result.diagnostics.map(\.formatted))")
        let differs = try #require(result.diagnostics.first { $0.rule == "content-permalink-differs" && $0.location.file == "content/p/regions.md" })
        #expect(differs.formatted == "content/p/regions.md:3:12: note: the permalink 'about/index.html' differs from the file name 'regions.md'; "
                    + "links to 'regions/' will not find this page [content-permalink-differs]")
        #expect(differs.fixIt == "rename the file to 'about.md', or keep both and link to '/how-to/about/'")
        #expect(site.read("public/how-to/about/index.html")?.contains("About regions") == true)
        #expect(site.read("public/how-to/p/index.html")?.contains("href=\"/how-to/about/\"") == true)
    }

    @Test("the article that loses a duplicate permalink is in no list: not under its title with the other's URL")
    func duplicateLoserListedNowhere() throws {
        let site = try TemporaryFolder()
        // A Jekyll-era site, where the duplicate is a warning and the site is built.
        try site.write("_config.yml", "baseurl: /how-to/\n")
        try site.write("content/p/a.md", "---\ntitle: Alpha page\npermalink: same/\n---\nx\n")
        try site.write("content/p/b.md", "---\ntitle: Beta page\npermalink: same/\n---\nx\n")
        try site.write("content/p/c.md", "---\ntitle: Gamma page\npermalink: c/\n---\nx\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.filter { $0.rule == "content-duplicate-permalink" }.map(\.formatted) == [
            "content/p/b.md:3:12: warning: 'content/p/b.md' and 'content/p/a.md' have the same URL '/how-to/same/', where only "
                + "'content/p/a.md' is published; change one permalink [content-duplicate-permalink]",
        ])
        #expect(!result.diagnostics.contains { $0.rule.hasPrefix("theme-") })
        for page in ["public/how-to/p/index.html", "public/how-to/all-articles/index.html", "public/how-to/c/index.html"] {
            let html = try #require(site.read(page), "no \(page)")
            #expect(!html.contains("Beta page"), "\(page) lists the unpublished article")
        }
        #expect(site.read("public/how-to/p/index.html")?.contains("Alpha page") == true)
    }

    @Test("a page inside another file's path is an output-path-conflict at the article, found by check; the file is kept")
    func pathInsideFile() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: legacy.html\n---\nx\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: legacy.html/child/\n---\nx\n")
        try site.write("content/p/c.md", "---\ntitle: C\npermalink: assets/search/meta.json\n---\nx\n")
        let expected = [
            "content/p/b.md:3:12: error: 'content/p/b.md' writes '/how-to/legacy.html/child/' (how-to/legacy.html/child/index.html) "
                + "inside 'how-to/legacy.html', which 'content/p/a.md' writes as a file; change one permalink [output-path-conflict]",
            "content/p/c.md:3:12: error: 'content/p/c.md' writes '/how-to/assets/search/meta.json/' "
                + "(how-to/assets/search/meta.json/index.html) inside 'how-to/assets/search/meta.json', which the search index "
                + "writes as a file; change one permalink [output-path-conflict]",
        ]
        let checked = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(checked.diagnostics.filter { $0.rule.hasPrefix("output-") }.map(\.formatted) == expected)
        let built = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(built.outcome == .contentErrors)
        #expect(built.diagnostics.filter { $0.rule.hasPrefix("output-") }.map(\.formatted) == expected)
        // A Jekyll-era site builds despite the conflict (a warning): the file is written, the page inside it is not.
        try site.write("_config.yml", "baseurl: /how-to/\n")
        let jekyll = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(jekyll.outcome == .succeeded, "\(jekyll.diagnostics.map(\.formatted))")
        #expect(jekyll.diagnostics.filter { $0.rule.hasPrefix("output-") }.map(\.formatted)
                    == expected.map { $0.replacingOccurrences(of: ": error: ", with: ": warning: ") })
        #expect(site.read("public/how-to/legacy.html")?.contains("<title>A") == true)
        #expect(site.read("public/how-to/assets/search/meta.json")?.hasPrefix("{") == true)
    }

    @Test("paths inside files: each found once, with the nearest file, on any number of jobs")
    func pathsInsideFiles() {
        let files: Set<String> = ["a/b", "a/b/c", "q/r/s", "a/b/c/x", "a/b/c/w", "a/bb/z", "a/b.html", "a/b.html/i"]
        let paths = ["q/r/s", "a/b/c/x", "a/bb/z", "a/b", "a/b/c/w", "a/b.html/i", "a/b.html", "a/b/c"]
        for jobs in [1, 2, 3, 8] {
            let found = SiteIndex.pathsInsideFiles(paths, jobs: jobs, isFile: { files.contains($0) })
            #expect(found.map { "\($0.path) in \($0.file)" } == ["a/b.html/i in a/b.html", "a/b/c in a/b", "a/b/c/w in a/b/c", "a/b/c/x in a/b/c"])
        }
    }

    @Test("'published: false' and 'draft: true' leave the page out of the site, its lists, sitemap, feeds and search, with a note at the key")
    func unpublished() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nurl: https://help.example.com\n")
        try site.write("content/p/draft.md", "---\ntitle: Secret draft\npermalink: draft/\npublished: false\nlast_modified_date: 2026-01-02\n"
                           + "redirect_from: /old-draft/\n---\nConfidential words.\n")
        try site.write("content/p/live.md", "---\ntitle: Live page\npermalink: live/\nlast_modified_date: 2026-01-01\n---\n"
                           + "See [the draft](/how-to/draft/).\n")
        try site.write("content/p/hugo.md", "---\ntitle: Hugo draft\npermalink: hugo/\ndraft: true\n---\nHidden words.\n")
        let checked = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(checked.diagnostics.filter { $0.rule == "content-unpublished" || $0.rule == "link-broken" }.map(\.formatted) == [
            "content/p/draft.md:4:12: note: 'published: false': this article is not built, and is in no list, feed, sitemap or "
                + "search index [content-unpublished]",
            "content/p/hugo.md:4:8: note: 'draft: true': this article is not built, and is in no list, feed, sitemap or "
                + "search index [content-unpublished]",
            "content/p/live.md:6:5: error: link target '/how-to/draft/' does not exist on this site [link-broken]",
        ])
        #expect(checked.diagnostics.first { $0.rule == "link-broken" }?.fixIt
                    == "this is the URL of content/p/draft.md, which is not built: see the finding there")
        #expect(!checked.diagnostics.contains { $0.rule == "content-orphan" && $0.location.file == "content/p/draft.md" })
        try site.write("content/p/live.md", "---\ntitle: Live page\npermalink: live/\nlast_modified_date: 2026-01-01\n---\nText.\n")
        let built = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(built.outcome == .succeeded, "\(built.diagnostics.map(\.formatted))")
        #expect(site.read("public/how-to/draft/index.html") == nil)
        #expect(site.read("public/how-to/old-draft/index.html") == nil)
        #expect(site.read("public/how-to/live/index.html") != nil)
        let everything = fileTree(under: site.path + "/public").values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(!everything.contains("Secret draft") && !everything.contains("Confidential") && !everything.contains("/how-to/draft/"))
        #expect(!everything.contains("Hugo draft") && !everything.contains("Hidden words") && site.read("public/how-to/hugo/index.html") == nil)
    }

    @Test("a front matter whose '---' was forgotten, closed by a horizontal rule further down, keeps the lines between")
    func frontMatterClosedTooLate() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n\n**Note**: see [the guide](/how-to/gone/).\n\nMore text.\n\n---\n\nAfter.\n")
        let checked = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(checked.diagnostics.filter { $0.severity != .note }.map(\.formatted) == [
            "content/p/a.md:1:1: error: front matter is not closed before line 5, which is not YAML; the '---' on line 9 would "
                + "close it, and lines 5–8 would be lost from the page, so the front matter is read to line 3 [front-matter-unterminated]",
            "content/p/a.md:5:15: error: link target '/how-to/gone/' does not exist on this site [link-broken]",
        ])
        #expect(checked.diagnostics.first?.fixIt == "add a line '---' after line 3")
        // A Jekyll-era site builds it (a warning), with the text on the page at its permalink.
        try site.write("_config.yml", "baseurl: /how-to/\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n\n**Note**: text.\n\nMore text.\n\n---\n\nAfter.\n")
        let built = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(built.outcome == .succeeded, "\(built.diagnostics.map(\.formatted))")
        let page = try #require(site.read("public/how-to/a/index.html"))
        #expect(page.contains("<strong>Note</strong>: text.") && page.contains("More text.") && page.contains("After."))
    }

    @Test("an asset that is a symbolic link out of the site: its error, and the tag that names it points there")
    func assetLinkOutside() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "assets: [{folder: _assets/img, url: assets/}]\n")
        try site.write("_assets/img/ok.png", "png")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/_assets/img/pw.png", withDestinationPath: "/etc/passwd")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\n![pw]({% asset_path pw.png %}) ![ok]({% asset_path ok.png %})\n")
        let checked = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(checked.diagnostics.filter { $0.severity == .error }.map(\.formatted) == [
            "_assets/img/pw.png: error: this symbolic link leads outside the site, to '/etc/passwd'; it is not read [path-outside-site]",
            "content/p/a.md:5:7: error: '{% asset_path pw.png %}' names '_assets/img/pw.png', a symbolic link that leads outside the "
                + "site, so it is not published: see the error there [liquid-asset-missing]",
        ])
    }

    @Test("an unknown rule id in sitegen.yml is a warning with the nearest rule")
    func unknownRule() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "links:\n  rules:\n    link-brokn: off\n")
        try site.write("content/p/a.md", "---\ntitle: A\n---\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let warning = try #require(result.diagnostics.first { $0.rule == "config-unknown-rule" })
        #expect(warning.formatted == "sitegen.yml:3:5: warning: 'link-brokn' is not a rule sitegen can configure; its severity is ignored [config-unknown-rule]")
        #expect(warning.fixIt == "did you mean 'link-broken'?")
    }

    @Test("links the theme writes must resolve: a broken one is an error at the template line")
    func themeLinks() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\n---\nText.\n")
        try site.write("templates/footer.mustache", "<footer>\n  <a href=\"/how-to/contact/\">Contact</a> <a href=\"{{site.home_url}}\">Home</a>\n</footer>\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        let broken = result.diagnostics.filter { $0.rule == "theme-link-broken" }
        #expect(broken.map(\.formatted) == [
            "templates/footer.mustache:2:12: error: the theme links to '/how-to/contact/', which does not exist on this site (on 5 pages, such as /404.html) [theme-link-broken]",
        ])
        #expect(site.read("public/.sitegen-output") == nil)
    }

    /// Builds a site of the given files and returns its broken-theme-link errors as printed.
    func brokenThemeLinks(_ files: [String: String]) throws -> [String] {
        let site = try TemporaryFolder()
        for (path, text) in files { try site.write(path, text) }
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        return result.diagnostics.filter { $0.rule == "theme-link-broken" }.map(\.formatted)
    }

    @Test("a partial rendered once for the whole build is checked once, its broken links counted on every page")
    func sharedPartialLinks() throws {
        // The header names only site.* (rendered once, its links site-absolute); the footer has a relative link,
        // so it is checked on each page, where it resolves differently. A link made from a variable is reported
        // at each page kind's template, as when every page was scanned.
        let broken = try brokenThemeLinks([
            "content/p/a.md": "---\ntitle: A\n---\nText.\n",
            "content/p/b.md": "---\ntitle: B\n---\nText.\n",
            "templates/header.mustache": "<header>\n<a href=\"{{site.home_url}}gone/\">Gone</a> <a href=\"/how-to/away/\">Away</a>\n</header>\n",
            "templates/footer.mustache": "<footer><a href=\"help/\">Help</a></footer>\n",
        ])
        let message = "error: the theme links to '/how-to/gone/', which does not exist on this site"
        #expect(broken == [
            "(built-in theme)/all-articles.mustache: \(message) (on /how-to/all-articles/) [theme-link-broken]",
            "(built-in theme)/article.mustache: \(message) (on 2 pages, such as /how-to/a/) [theme-link-broken]",
            "(built-in theme)/home.mustache: \(message) (on /how-to/) [theme-link-broken]",
            "(built-in theme)/not-found.mustache: \(message) (on /404.html) [theme-link-broken]",
            "(built-in theme)/product.mustache: \(message) (on /how-to/p/) [theme-link-broken]",
            "templates/footer.mustache:1:18: error: the theme links to 'help/', which does not exist on this site (on 5 pages, such as /how-to/) [theme-link-broken]",
            "templates/header.mustache:2:52: error: the theme links to '/how-to/away/', which does not exist on this site (on 6 pages, such as /404.html) [theme-link-broken]",
        ])
    }

    @Test("a shared partial's relative link with a colon in its path is still checked from each page")
    func sharedPartialRelativeColonLink() throws {
        // './x:1/' is a relative path (a '/' comes before the ':'): it exists only from /how-to/a/.
        let broken = try brokenThemeLinks([
            "content/p/a.md": "---\ntitle: A\npermalink: a/\n---\nText.\n",
            "content/p/c.md": "---\ntitle: C\npermalink: a/x:1/\n---\nSee [A](/how-to/a/).\n",
            "templates/header.mustache": "<header><a href=\"./x:1/\">Next</a></header>\n",
        ])
        #expect(broken == [
            "templates/header.mustache:1:18: error: the theme links to './x:1/', which does not exist on this site (on 4 pages, such as /how-to/) [theme-link-broken]",
        ])
    }

    @Test("links to a landing page's headings and to generated pages resolve")
    func generatedRoutes() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/index.md", "---\ntitle: P\n---\n## Overview\n")
        try site.write("content/p/a.md", "---\ntitle: A\n---\n[p](/how-to/p/#overview) [all](/how-to/all-articles/) [home](/how-to/) [css](/how-to/assets/style.css) [q](/how-to/q/)\n")
        try site.write("content/q/b.md", "---\ntitle: B\n---\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(result.diagnostics.filter { $0.rule.hasPrefix("link-") }.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.report?.stats.internalLinks == 5)
    }
}

@Suite("Site builder: content rules")
struct SiteBuilderContentRuleTests {
    @Test("orphans: articles no other page links to; an all-articles-list include links its product's articles")
    func orphans() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/index.md", "---\ntitle: P\n---\nSee [A](/how-to/a/).\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nText.\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\nText.\n")
        try site.write("content/q/c.md", "---\ntitle: C\npermalink: c/\n---\nText.\n")
        try site.write("content/q/all.md", "---\ntitle: All Q\npermalink: all/\n---\n{% include all-articles-list.html %}\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let orphans = result.diagnostics.filter { $0.rule == "content-orphan" }.map(\.location.file)
        #expect(orphans == ["content/p/b.md", "content/q/all.md"])
    }

    @Test("a duplicate permalink names both articles; rules: in sitegen.yml changes content severities")
    func duplicatesAndSeverities() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "rules:\n  content-orphan: off\n  content-permalink-differs: off\n  content-missing-permalink: error\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: same/\n---\nx\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: same/\n---\nx\n")
        try site.write("content/p/c.md", "---\ntitle: C\n---\nx\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        #expect(result.diagnostics.map(\.formatted) == [
            "content/p/b.md:3:12: error: 'content/p/b.md' and 'content/p/a.md' have the same URL '/how-to/same/', where only 'content/p/a.md' is published; change one permalink [content-duplicate-permalink]",
            "content/p/c.md:1:1: error: the front matter has no 'permalink', so the URL '/how-to/c/' comes from the file name and changes if the file is renamed [content-missing-permalink]",
        ])
    }
}

@Suite("Site builder: reusing the previous output tree")
struct OutputReuseTests {
    @Test("a rebuild into the previous tree gives exactly a fresh build's files, stale ones removed")
    func rebuildEqualsFresh() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nOne.\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\nTwo.\n")
        try site.write("content/p/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
        // Second change: one article gone, one renamed to a .html permalink where a folder was, an asset changed.
        try FileManager.default.removeItem(atPath: site.path + "/content/p/b.md")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a.html\n---\nOne, changed.\n")
        try site.write("content/p/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>")
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
        #expect(FileManager.default.fileExists(atPath: site.path + "/.public.sitegen-previous/.sitegen-output"))
        let fresh = SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: "fresh"))
        #expect(fresh.outcome == .succeeded)
        #expect(fileTree(under: site.path + "/public") == fileTree(under: site.path + "/fresh"))
        #expect(site.read("public/how-to/b/index.html") == nil)
    }
}
