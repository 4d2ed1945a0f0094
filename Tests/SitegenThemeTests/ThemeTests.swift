import Crypto
import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenTheme

@Suite("Theme")
struct ThemeTests {
    func site(products: [ProductSummary] = []) -> SiteValues {
        SiteValues(title: "Help", language: "en", homeURL: "/how-to/", stylesheetURL: "/how-to/assets/style.css",
                   allArticlesURL: "/how-to/all-articles/", generator: "sitegen test", articleCount: 1, products: products)
    }

    func article(title: String, body: String = "<p>Body</p>\n", editURL: String = "") -> PageContext {
        let values = ArticleValues(title: title, url: "/how-to/a/", product: ("Email", "/how-to/email/"), type: "article",
                                   createdDate: "2017-05-29", createdBy: "A <b>", lastModifiedDate: "", lastModifiedBy: "",
                                   auditDate: "", editURL: editURL,
                                   toc: [Heading(level: 2, text: "Intro", id: "intro", line: 5)], body: body,
                                   frontMatter: [:], sourcePath: "content/email/a.md")
        return PageContext(site: site(), page: PageValues(title: title, url: "/how-to/a/", canonicalURL: "", kind: .article),
                           content: .article(values))
    }

    @Test("front matter values are HTML-escaped; the rendered body is not")
    func escaping() throws {
        let (theme, diagnostics) = Theme.load(folder: nil, displayFolder: "templates", boundary: .empty)
        #expect(diagnostics.isEmpty)
        let (html, unknown) = try #require(theme).render(.article, article(title: "<script>alert(1)</script>",
                                                                            body: "<p><em>kept</em></p>\n").templateValues)
        #expect(unknown.isEmpty, "the built-in theme uses only documented variables: \(unknown)")
        #expect(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("by A &lt;b&gt;"))
        #expect(html.contains("<p><em>kept</em></p>"))
        #expect(html.contains("<a href=\"#intro\">Intro</a>"))
        #expect(!html.contains("Last modified"), "empty values hide their sections")
        #expect(!html.contains("Edit this article"))
    }

    @Test("every built-in page kind renders without unknown variables")
    func builtInPages() throws {
        let theme = try #require(Theme.load(folder: nil, displayFolder: "templates", boundary: .empty).0)
        let products = [ProductSummary(name: "Email", slug: "email", url: "/how-to/email/",
                                       articles: [ArticleLink(title: "A", url: "/how-to/a/", lastModifiedDate: "")])]
        let contexts: [(PageKind, PageContext.Content)] = [
            (.product, .product(ProductValues(name: "Email", slug: "email", url: "/how-to/email/", articles: [], body: ""))),
            (.home, .home(HomeValues(body: ""))), (.allArticles, .list), (.notFound, .list),
            (.sitemap, .sitemap(SitemapValues(entries: [("https://x.example/how-to/", "")], url: "https://x.example/how-to/sitemap.xml"))),
            (.robots, .sitemap(SitemapValues(entries: [], url: ""))),
        ]
        for (kind, content) in contexts {
            let context = PageContext(site: site(products: products),
                                      page: PageValues(title: "T", url: "/how-to/", canonicalURL: "", kind: kind), content: content)
            let (output, unknown) = theme.render(kind, context.templateValues)
            #expect(unknown.isEmpty, "\(kind): \(unknown.map(\.message))")
            #expect(!output.isEmpty)
        }
    }

    /// The default theme, and an article page rendered with `theme.js` (as a build with the theme's script renders it).
    func articleWithScript() throws -> (theme: Theme, html: String, unknown: [Diagnostic]) {
        let theme = try #require(Theme.load(folder: nil, displayFolder: "templates", boundary: .empty).0)
        var context = article(title: "A")
        context.site.scriptURL = "/how-to/assets/theme.js"
        let (html, unknown) = theme.render(.article, context.templateValues)
        return (theme, html, unknown)
    }

    @Test("the colour scheme is set from storage in <head> before the stylesheet; the toggle and theme.js need script_url")
    func colourSchemeToggle() throws {
        let (theme, html, unknown) = try articleWithScript()
        #expect(unknown.isEmpty)
        let inline = try #require(html.range(of: "localStorage.getItem(\"sitegen-theme\")"))
        let stylesheet = try #require(html.range(of: "<link rel=\"stylesheet\""))
        #expect(inline.lowerBound < stylesheet.lowerBound, "no paint in the other scheme first")
        #expect(html.contains("<script src=\"/how-to/assets/theme.js\" defer></script>"))
        #expect(html.contains("<button type=\"button\" class=\"theme-toggle\" data-theme-choice=\"system\" hidden>"))
        let (bare, _) = theme.render(.article, article(title: "A").templateValues)
        #expect(!bare.contains("theme-toggle") && !bare.contains("theme.js"), "no dead button without the script")
        #expect(DefaultTheme.assets["theme.js"] != nil)
    }

    @Test("the theme's one inline script has the hash the manual gives for a Content-Security-Policy; no inline styles")
    func contentSecurityPolicyHash() throws {
        let html = try articleWithScript().html
        // Every <script> without a src attribute, and its text.
        var inline: [Substring] = []
        var rest = html[...]
        while let open = rest.range(of: "<script") {
            let tagEnd = try #require(rest[open.upperBound...].firstIndex(of: ">"))
            let close = try #require(rest[tagEnd...].range(of: "</script>"))
            if !rest[open.upperBound..<tagEnd].contains("src=") { inline.append(rest[rest.index(after: tagEnd)..<close.lowerBound]) }
            rest = rest[close.upperBound...]
        }
        #expect(inline.count == 1)
        let hash = Data(SHA256.hash(data: Data(try #require(inline.first).utf8))).base64EncodedString()
        let manual = try String(contentsOfFile: packageRoot + "/docs/content/reference/templates.md", encoding: .utf8)
        #expect(manual.contains("'sha256-\(hash)'"), "the manual's hash is not that of the script: sha256-\(hash)")
        #expect(!html.contains(" style=") && !html.contains("<style"))
    }

    @Test("the link report is noindex; each file's findings fold under its name and count, open up to 20 files")
    func linkReportSections() throws {
        let theme = try #require(Theme.load(folder: nil, displayFolder: "templates", boundary: .empty).0)
        func report(files: Int) -> String {
            let finding = LinkReportValues.Finding(line: 3, column: 5, severity: "warning", rule: "link-broken",
                                                   message: "link target '/x/' does not exist on this site", fix: "",
                                                   sourceLine: "See [x](/x/).")
            let values = LinkReportValues(
                errors: 0, warnings: files, notes: 0, articleCount: files, linkCount: files, internalCount: files,
                externalCount: 0, rules: [.init(rule: "link-broken", severity: "warning", count: files)],
                files: (0..<files).map {
                    .init(file: "content/p/a\($0).md", title: "A\($0)", url: $0 == 0 ? "" : "/how-to/a\($0)/",
                          findings: Array(repeating: finding, count: $0 == 1 ? 2 : 1))
                }, inlineStylesheet: "")
            let context = PageContext(site: site(), page: PageValues(title: "Link report", url: "/how-to/link-report/",
                                                                     canonicalURL: "", kind: .linkReport),
                                      content: .linkReport(values))
            let (html, unknown) = theme.render(.linkReport, context.templateValues)
            #expect(unknown.isEmpty, "\(unknown.map(\.message))")
            return html
        }
        let few = report(files: LinkReportValues.openFileLimit)
        #expect(few.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(few.components(separatedBy: "<details class=\"report-file\" open>").count == 21)
        #expect(few.contains("<summary><span class=\"report-file-name\">content/p/a0.md</span> <span class=\"count\">(1 finding)</span></summary>"),
                "a file that is no page is named by its path")
        #expect(few.contains("<summary><span class=\"report-file-name\">A1</span> <span class=\"count\">(2 findings)</span></summary>"))
        #expect(few.contains("<p class=\"report-source\"><code>content/p/a1.md</code> · <a href=\"/how-to/a1/\">open the page</a></p>"))
        let many = report(files: LinkReportValues.openFileLimit + 1)
        #expect(many.components(separatedBy: "<details class=\"report-file\">").count == 22)
        #expect(!many.contains(" open>"))
    }

    @Test("a template with sections nested past the limit is an error at the first section too deep, not a crash",
          arguments: [101, 3_000])
    func tooDeep(_ depth: Int) throws {
        let folder = try TemporaryFolder()
        var text = "<footer>\n"
        for level in 0..<depth { text += "{{#s\(level)}}\n" }
        for level in (0..<depth).reversed() { text += "{{/s\(level)}}\n" }
        try folder.write("templates/footer.mustache", text + "</footer>\n")
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates",
                                              boundary: SiteBoundary(root: folder.path))
        #expect(theme == nil)
        #expect(diagnostics.map(\.rule) == ["template-too-deep"])
        #expect(diagnostics.first?.message == "sections are nested more than 100 deep here; the template is not parsed")
        // Line 1 is <footer>; the 101st section opens on line 102.
        #expect(diagnostics.first?.location == SourceLocation(file: "templates/footer.mustache", line: 102, column: 1))
    }

    @Test("sections nested up to the limit parse and render, whatever thread loads the theme")
    func deepButAllowed() async throws {
        let folder = try TemporaryFolder()
        var text = "<footer>"
        for level in 0..<50 { text += "{{#site}}{{^missing\(level)}}" }
        text += "deep"
        for level in (0..<50).reversed() { text += "{{/missing\(level)}}{{/site}}" }
        try folder.write("templates/footer.mustache", text + "</footer>\n")
        // 100 sections deep (50 pairs). Loaded from a task on the cooperative pool, whose threads have a smaller
        // stack than the main thread.
        let path = folder.path
        let theme = await Task.detached {
            Theme.load(folder: path + "/templates", displayFolder: "templates", boundary: SiteBoundary(root: path))
        }.value
        #expect(theme.1.filter { $0.rule == "template-too-deep" || $0.rule == "template-syntax" }.isEmpty)
    }

    @Test("a site template overrides the built-in one; unknown variables are reported at their tag")
    func overrideAndUnknownVariable() throws {
        let folder = try TemporaryFolder()
        let marked = MarkedText("<footer>\n  1️⃣{{site.titel}} 2️⃣{{nonsense}} {{site.title}}\n</footer>\n")
        try folder.write("templates/footer.mustache", marked.text)
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates", boundary: SiteBoundary(root: folder.path))
        #expect(diagnostics.isEmpty)
        let (html, unknown) = try #require(theme).render(.article, article(title: "T").templateValues)
        #expect(html.contains("<footer>"))
        #expect(unknown.map(\.message) == ["unknown template variable 'nonsense'; it renders as nothing",
                                           "unknown template variable 'site.titel'; it renders as nothing"])
        #expect(unknown.map(\.location) == [
            SourceLocation(file: "templates/footer.mustache", line: marked["2️⃣"].line, column: marked["2️⃣"].column),
            SourceLocation(file: "templates/footer.mustache", line: marked["1️⃣"].line, column: marked["1️⃣"].column),
        ])
    }

    @Test("a missing partial is an error at its tag")
    func missingPartial() throws {
        let folder = try TemporaryFolder()
        let marked = MarkedText("<footer>\n1️⃣{{> legal}}\n</footer>\n")
        try folder.write("templates/footer.mustache", marked.text)
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates", boundary: SiteBoundary(root: folder.path))
        #expect(theme == nil)
        #expect(diagnostics.map(\.rule) == ["template-missing-partial"])
        #expect(diagnostics.first?.message.hasPrefix("partial 'legal' does not exist; templates are: 404") == false)
        #expect(diagnostics.first?.message.hasPrefix("partial 'legal' does not exist; templates are: all-articles, all-articles-list, article") == true)
        #expect(diagnostics.first?.location == SourceLocation(file: "templates/footer.mustache", line: marked["1️⃣"].line,
                                                               column: marked["1️⃣"].column))
    }

    @Test("a partial that includes itself is an error, not a crash")
    func recursivePartial() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/footer.mustache", "<footer>{{> legal}}</footer>\n")
        let marked = MarkedText("Legal\n1️⃣{{>footer}}\n")
        try folder.write("templates/legal.mustache", marked.text)
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates", boundary: SiteBoundary(root: folder.path))
        #expect(theme == nil)
        #expect(diagnostics.map(\.rule) == ["template-recursive-partial"])
        #expect(diagnostics.first?.message == "template includes itself: footer → legal → footer")
        #expect(diagnostics.first?.location == SourceLocation(file: "templates/legal.mustache", line: 2, column: 1))
    }

    @Test("an unclosed section is reported at its opening tag, with the closing tag to add")
    func syntaxError() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/footer.mustache", "<footer>\n{{#site.title}}\n</footer>\n")
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates", boundary: SiteBoundary(root: folder.path))
        #expect(theme == nil)
        #expect(diagnostics.first?.rule == "template-syntax")
        #expect(diagnostics.first?.location.file == "templates/footer.mustache")
        #expect(diagnostics.first?.message == "template syntax error: the section '{{#site.title}}' is never closed")
        #expect(diagnostics.first?.location == SourceLocation(file: "templates/footer.mustache", line: 2, column: 1))
        #expect(diagnostics.first?.fixIt == "add '{{/site.title}}' where the section ends")
    }

    @Test("dangerous URL schemes are refused in attributes", arguments: [
        ("javascript:alert(1)", false), (" JaVa\tScript:alert(1)", false), ("data:text/html,x", false),
        ("https://example.com/edit", true), ("/how-to/x/", true), ("x/y:z", true),
    ])
    func urlSafety(url: String, safe: Bool) {
        #expect(URLSafety.isSafe(url) == safe)
    }
}

@Suite("Theme: partials rendered once per build")
struct SiteOnlyPartialTests {
    func source(_ text: String) -> TemplateSource { TemplateSource(name: "x", text: text, displayPath: "templates/x.mustache") }

    @Test("a partial that names only site.* (and its lists' own fields) is site-only; page names, partials and is_current are not")
    func classification() {
        #expect(Theme.isSiteOnly(source("<a href=\"{{site.home_url}}\">{{site.title}}</a>{{#site.products}}<li>{{name}}</li>{{/site.products}}")))
        #expect(!Theme.isSiteOnly(source("{{page.title}}")))
        #expect(!Theme.isSiteOnly(source("{{#site.products}}{{#is_current}}x{{/is_current}}{{/site.products}}")))
        #expect(!Theme.isSiteOnly(source("{{title}}")))
        #expect(!Theme.isSiteOnly(source("{{> other}}")))
    }
}
