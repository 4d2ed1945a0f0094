import Foundation
import Mustache
import SitegenCore
import Testing
@testable import SitegenTheme

/// The compiled renderer must write what swift-mustache writes and record the same unknown names.
@Suite("Compiled templates")
struct CompiledTemplatesTests {
    /// Renders template `main` of `templates` with both renderers; each template gets sitegen's pragma unless it
    /// starts with `{{%` or is listed in `plain` (which keeps swift-mustache's own HTML escaping).
    func both(_ templates: [String: String], plain: Set<String> = [], values: [String: Any],
              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        var library = MustacheLibrary()
        for (name, text) in templates {
            library.register(plain.contains(name) ? try MustacheTemplate(string: text) : try TemplateParsing.parse(text),
                             named: name)
        }
        let compiled = try CompiledLibrary.compile(library, names: templates.keys).get()
        let referenceRecorder = LookupRecorder()
        let compiledRecorder = LookupRecorder()
        let reference = library.render(RecordingObject(values: values, path: "", recorder: referenceRecorder),
                                       withTemplate: "main")
        let fast = compiled.render(RecordingObject(values: values, path: "", recorder: compiledRecorder),
                                   withTemplate: "main").map { String(decoding: $0, as: UTF8.self) }
        #expect(fast == reference, sourceLocation: sourceLocation)
        #expect(compiledRecorder.misses == referenceRecorder.misses, sourceLocation: sourceLocation)
        // Handed on as it is made, a chunk after every item of a list where that is allowed, and with every list
        // rendered in parallel where that is allowed: the same bytes.
        for jobs in [1, 2, 3] {
            let chunks = try Self.streamed(compiled, values: values, jobs: jobs)
            #expect(String(decoding: Array(chunks.joined()), as: UTF8.self) == fast, "\(jobs) jobs", sourceLocation: sourceLocation)
        }
        return fast ?? ""
    }

    /// Template `main` rendered with `render(_:withTemplate:chunkSize:jobs:parallelFrom:to:)`, chunks of 1 byte and
    /// every list of 1 item or more rendered on `jobs` threads: each chunk the renderer hands on.
    static func streamed(_ compiled: CompiledLibrary, values: [String: Any], jobs: Int = 1) throws -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        let found = compiled.render(RecordingObject(values: values, path: "", recorder: LookupRecorder()), withTemplate: "main",
                                    chunkSize: 1, jobs: jobs, parallelFrom: 1) { chunks.append(Array($0)) }
        try #require(found)
        return chunks
    }

    @Test("a long list rendered on several threads, in windows of batches: the same bytes as on one")
    func parallelList() throws {
        var library = MustacheLibrary()
        let templates = [
            "main": "<ol>\n{{#files}}\n<li>{{name}} {{count}}<ul>{{#findings}}<li>{{.}} {{title}}</li>{{/findings}}</ul>{{missing}}</li>\n{{/files}}</ol>\n",
        ]
        for (name, text) in templates { library.register(try TemplateParsing.parse(text), named: name) }
        let compiled = try CompiledLibrary.compile(library, names: templates.keys).get()
        // Several windows of batches (a window is 8 batches of 32 items per thread), and a partial last batch.
        let count = 2_007
        let values: [String: Any] = [
            "title": "T & <t>",
            "files": (0..<count).map { ["name": "file \($0) <&>", "count": $0, "findings": (0..<($0 % 4)).map { "f\($0)" }] as [String: Any] },
        ]
        let recorder = LookupRecorder()
        let whole = try #require(compiled.render(RecordingObject(values: values, path: "", recorder: recorder), withTemplate: "main"))
        for jobs in [2, 3] {
            var chunks: [[UInt8]] = []
            let parallelRecorder = LookupRecorder()
            _ = compiled.render(RecordingObject(values: values, path: "", recorder: parallelRecorder), withTemplate: "main",
                                chunkSize: 4096, jobs: jobs) { chunks.append(Array($0)) }
            #expect(Array(chunks.joined()) == whole, "\(jobs) jobs")
            #expect(chunks.count > 2, "handed on window by window")
            #expect(parallelRecorder.misses == recorder.misses && recorder.misses == ["missing"])
        }
    }

    @Test("a page handed on as it is made: a chunk after each item of a list, none inside an indented partial or block")
    func streaming() throws {
        var library = MustacheLibrary()
        let templates = [
            // A list in an indented partial, the same list at the top level, another in an indented block.
            "main": "<ul>\n  {{>items}}\n</ul>\n{{#article.toc}}<li>{{text}}</li>\n{{/article.toc}}\n"
                + "{{<frame}}{{$body}}{{#article.tags}}\n{{.}}\n{{/article.tags}}{{/body}}{{/frame}}",
            "items": "{{#article.toc}}\n<p>{{id}}</p>\n{{/article.toc}}\n",
            "frame": "<main>\n  {{$body}}\n  {{/body}}\n</main>\n",
        ]
        for (name, text) in templates { library.register(try TemplateParsing.parse(text), named: name) }
        let compiled = try CompiledLibrary.compile(library, names: templates.keys).get()
        let whole = try #require(compiled.render(RecordingObject(values: Self.values, path: "", recorder: LookupRecorder()),
                                                 withTemplate: "main"))
        let chunks = try Self.streamed(compiled, values: Self.values)
        #expect(Array(chunks.joined()) == whole)
        // A chunk after each of the two top-level items (the first with what came before it), then the rest at the
        // end: the items of the lists in the indented partial and the indented block, whose indentation may go back
        // to where a token's output started, are not handed on one by one.
        #expect(chunks.map { String(decoding: $0, as: UTF8.self) } == [
            "<ul>\n  <p>a</p>\n<p>b</p>\n</ul>\n<li>A</li>\n", "<li>B &lt;i&gt;</li>\n", "<main>\n  \n  one\n\n  two\n</main>\n",
        ])
    }

    nonisolated(unsafe) static let values: [String: Any] = [
        "title": "Tom & <Jerry> \"quoted\" 'single'", "count": 3, "ratio": 2.5, "yes": true, "no": false, "empty": "",
        "nothing": NSNull(),
        "page": ["title": "Page", "kind": "article", "canonical_url": ""] as [String: Any],
        "article": [
            "title": "Set up DNS", "product": ["name": "Email", "url": "/how-to/email/"] as [String: Any],
            "toc": [["level": 2, "id": "a", "text": "A"], ["level": 3, "id": "b", "text": "B <i>"]] as [[String: Any]],
            "tags": ["one", "two"] as [Any], "none": [] as [Any], "no_items": [] as [[String: Any]],
            "front_matter": ["category": "mail", "weight": 1.5, "nested": ["deep": "yes"] as [String: Any],
                             "list": [1, "two", ["x": "y"] as [String: Any]] as [Any]] as [String: Any],
        ] as [String: Any],
    ]

    @Test("variables: escaping, numbers, booleans, dotted, anchored and missing names")
    func variables() throws {
        let output = try both(["main": """
            {{title}}|{{{title}}}|{{&title}}|{{count}}|{{ratio}}|{{yes}}|{{no}}|{{empty}}|{{nothing}}|
            {{article.title}}|{{article.product.name}}|{{article.missing}}|{{missing}}|{{missing.deeper}}|
            {{article.front_matter.category}}|{{article.front_matter.weight}}|{{article.front_matter.nested.deep}}|
            {{.}}|{{article.tags}}|{{#article}}{{.title}}{{.product.url}}{{.nope}}{{count}}{{/article}}
            """], values: Self.values)
        #expect(output.contains("Tom &amp; &lt;Jerry&gt; &quot;quoted&quot; &#39;single&#39;|Tom & <Jerry>"))
        #expect(output.contains("|3|2.5|true|false|||"))
    }

    @Test("sections and inverted sections over lists, booleans, strings, empty and missing values")
    func sections() throws {
        let output = try both(["main": """
            {{#article.toc}}<li class="h{{level}}">{{text}} in {{article.title}} {{title}}</li>
            {{/article.toc}}
            {{#article.tags}}[{{.}}]{{/article.tags}}{{^article.tags}}no tags{{/article.tags}}
            {{#article.none}}never{{/article.none}}{{^article.none}}none{{.}}{{/article.none}}
            {{^article.no_items}}no items{{/article.no_items}}
            {{#yes}}yes{{/yes}}{{^yes}}not yes{{/yes}}{{#no}}no{{/no}}{{^no}}not no{{/no}}
            {{#empty}}empty shown{{/empty}}{{^empty}}empty hidden{{/empty}}
            {{#nothing}}null shown{{/nothing}}{{^nothing}}null hidden{{/nothing}}
            {{#missing}}missing shown{{/missing}}{{^missing}}missing hidden{{/missing}}
            {{#title}}<{{.}}>{{/title}}{{^title}}no title{{/title}}
            {{#count}}count {{.}}{{/count}}{{^count}}no count{{/count}}
            {{#article.product}}{{name}} {{url}} {{level}}{{/article.product}}
            {{#article.front_matter.list}}({{.}}{{x}}){{/article.front_matter.list}}
              {{#article.toc}}
                standalone {{id}}
              {{/article.toc}}
            """], values: Self.values)
        #expect(output.contains("<li class=\"h3\">B &lt;i&gt; in Set up DNS Tom"))
        #expect(output.contains("[one][two]"))
        #expect(output.contains("yesnot no"))
    }

    @Test("indented partials, including the first-line-only indentation of lists; missing partials")
    func partials() throws {
        _ = try both([
            "main": "<ul>\n  {{> items}}\n</ul>\n    {{>nested}}\n{{>missing}}after\n\t{{>crlf}}\n",
            "items": "{{#article.toc}}\n<li>{{text}}</li>\n{{/article.toc}}\nend\n",
            "nested": "a\n  {{>items}}\nb\n",
            "crlf": "one\r\ntwo {{title}}\r\n{{#yes}}\r\nthree\r\n{{/yes}}\r\n",
        ], values: Self.values)
    }

    @Test("inheritance: parents, blocks with defaults, overrides of overrides, indented blocks")
    func inheritance() throws {
        let output = try both([
            "main": """
                {{<page}}
                {{$title}}Main {{article.title}}{{/title}}
                {{$body}}
                  {{#article.toc}}
                  <p>{{text}}</p>
                  {{/article.toc}}
                {{/body}}
                {{/page}}
                """,
            "page": "{{<base}}{{$title}}Page default{{/title}}{{$body}}page body{{/body}}{{/base}}",
            "base": "<title>{{$title}}Base default{{/title}}</title>\n<main>\n  {{$body}}base body{{/body}}\n</main>\n{{$foot}}foot {{count}}{{/foot}}\n",
        ], values: Self.values)
        #expect(output.contains("<title>Main Set up DNS</title>"))
        #expect(output.contains("foot 3"))
    }

    @Test("comments, set delimiters, standalone lines, and content types")
    func syntax() throws {
        _ = try both([
            "main": """
                {{! a comment }}
                  {{! standalone comment }}
                {{=<% %>=}}
                <% title %> <%# yes %>yes<%/ yes %>
                <%={{ }}=%>
                {{title}}
                {{>text}}
                {{>plain}}
                """,
            "text": "{{% CONTENT_TYPE: TEXT}}\n{{title}}\n",
            "plain": "{{title}}\n",
        ], plain: ["plain"], values: Self.values)
    }

    @Test("the built-in theme is compiled and renders every page kind as swift-mustache does")
    func builtInTheme() throws {
        let theme = try #require(Theme.load(folder: nil, displayFolder: "templates", boundary: .empty).0)
        #expect(theme.compiled != nil, "a swift-mustache update changed its parsed tokens: CompiledTemplates must follow")
        let site = SiteValues(title: "Help & <Co>", language: "en", homeURL: "/how-to/", stylesheetURL: "/s.css",
                              allArticlesURL: "/how-to/all/", generator: "sitegen test", articleCount: 2,
                              products: [ProductSummary(name: "Email", slug: "email", url: "/how-to/email/", articles: [
                                  ArticleLink(title: "A", url: "/how-to/a/", lastModifiedDate: "2017-01-01"),
                                  ArticleLink(title: "B", url: "/how-to/b/", lastModifiedDate: ""),
                              ])])
        let article = ArticleValues(title: "A <b>", url: "/how-to/a/", product: ("Email", "/how-to/email/"), type: "article",
                                    createdDate: "2017-05-29", createdBy: "", lastModifiedDate: "", lastModifiedBy: "X",
                                    auditDate: "2018-01-01", editURL: "https://edit.example/a.md",
                                    toc: [Heading(level: 2, text: "Intro", id: "intro", line: 5),
                                          Heading(level: 3, text: "More & more", id: "more", line: 9)],
                                    body: "<p>Body</p>\n", frontMatter: ["x": 1], sourcePath: "content/email/a.md")
        let contents: [(PageKind, PageContext.Content)] = [
            (.article, .article(article)),
            (.product, .product(ProductValues(name: "Email", slug: "email", url: "/how-to/email/",
                                              articles: site.products[0].articles, body: "<p>Intro</p>\n"))),
            (.home, .home(HomeValues(body: "<p>Home</p>\n"))), (.allArticles, .list), (.notFound, .list),
            (.sitemap, .sitemap(SitemapValues(entries: [("https://x.example/a/", "2017-01-01")], url: "https://x.example/s.xml"))),
            (.robots, .sitemap(SitemapValues(entries: [], url: "https://x.example/s.xml"))),
        ]
        for (kind, content) in contents {
            for prepared in [nil, PreparedSiteValues(site)] {
                let context = PageContext(site: site, page: PageValues(title: "T", url: "/how-to/a/",
                                                                       canonicalURL: "https://x.example/a/", kind: kind),
                                          content: content, prepared: prepared)
                let values = context.templateValues
                let reference = theme.library.render(RecordingObject(values: values, path: "", recorder: LookupRecorder()),
                                                     withTemplate: kind.templateName)
                let (fast, _) = theme.render(kind, values)
                #expect(fast == reference, "\(kind)")
                let (bytes, _) = theme.renderBytes(kind, values)
                #expect(String(decoding: bytes, as: UTF8.self) == reference, "\(kind)")
                let (direct, _) = theme.renderBytes(kind, context)
                #expect(String(decoding: direct, as: UTF8.self) == reference, "\(kind)")
            }
        }
    }

    @Test("a product page marks its own product in site.products, from lists made once for the build")
    func productPagesShareTheProductList() throws {
        let products = ["email", "dns", "servers"].map { slug in
            ProductSummary(name: slug.capitalized, slug: slug, url: "/how-to/\(slug)/",
                           articles: [ArticleLink(title: "A \(slug)", url: "/how-to/a-\(slug)/", lastModifiedDate: "")])
        }
        let site = SiteValues(title: "Help", language: "en", homeURL: "/how-to/", stylesheetURL: "/s.css",
                              allArticlesURL: "/how-to/all/", generator: "sitegen test", articleCount: 3, products: products)
        let prepared = PreparedSiteValues(site)
        func productList(_ slug: String, prepared: PreparedSiteValues?) throws -> [RecordingObject] {
            let context = PageContext(site: site, page: PageValues(title: slug, url: "/how-to/\(slug)/", canonicalURL: "",
                                                                   kind: .product),
                                      content: .product(ProductValues(name: slug, slug: slug, url: "/how-to/\(slug)/",
                                                                      articles: [], body: "")),
                                      prepared: prepared)
            let root = RecordingObject(values: context.templateValues, path: "", recorder: LookupRecorder())
            guard case .object(let siteObject)? = root.values["site"], case .objects(let items)? = siteObject.values["products"] else {
                Issue.record("no site.products")
                return []
            }
            return items
        }
        func marks(_ items: [RecordingObject]) -> [String] {
            items.map { item in
                guard case .string(let slug)? = item.values["slug"], case .bool(let current)? = item.values["is_current"] else { return "?" }
                return current ? slug.uppercased() : slug
            }
        }
        let dns = try productList("dns", prepared: prepared), servers = try productList("servers", prepared: prepared)
        #expect(marks(dns) == ["email", "DNS", "servers"])
        #expect(marks(servers) == ["email", "dns", "SERVERS"])
        #expect(marks(try productList("dns", prepared: nil)) == ["email", "DNS", "servers"])
        #expect(marks(try productList("other", prepared: prepared)) == ["email", "dns", "servers"])
        // The other products' items are the build's, not made again for each product page.
        #expect(dns[0] === servers[0])
        #expect(dns[2] !== servers[2])
    }

    /// A value tree with each object's recording path, so that two trees print the same only when they render
    /// and record unknown names the same.
    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text): return "string(\(text.debugDescription))"
        case .null: return "null"
        case .bool(let flag): return "bool(\(flag))"
        case .int(let number): return "int(\(number))"
        case .object(let object): return describe(object)
        case .objects(let objects): return "objects[" + objects.map(describe).joined(separator: ", ") + "]"
        case .list(let items): return "list[" + items.map(describe).joined(separator: ", ") + "]"
        case .other(let raw): return "other(\(type(of: raw)): \(raw))"
        }
    }

    static func describe(_ object: RecordingObject) -> String {
        "object(path: \(object.path.debugDescription); "
            + object.values.keys.sorted().map { "\($0): \(describe(object.values[$0]!))" }.joined(separator: ", ") + ")"
    }

    @Test("an article page's root object is made directly, the same as converted from its dictionary")
    func directArticleObject() {
        let site = SiteValues(title: "Help", language: "en", homeURL: "/how-to/", stylesheetURL: "/s.css",
                              allArticlesURL: "/how-to/all/", generator: "sitegen test", articleCount: 1, products: [])
        let articles = [
            ArticleValues(title: "A <b>", url: "/how-to/a/", product: ("Email", "/how-to/email/"), type: "article",
                          createdDate: "2017-05-29", createdBy: "", lastModifiedDate: "", lastModifiedBy: "X",
                          auditDate: "", editURL: "https://edit.example/a.md",
                          toc: [Heading(level: 2, text: "Intro", id: "intro", line: 5),
                                Heading(level: 3, text: "", id: "more", line: 9)],
                          body: "<p>Body</p>\n", frontMatter: ["x": 1, "tags": ["a", "b"], "nested": ["k": "v"], "empty": ""],
                          sourcePath: "content/email/a.md"),
            ArticleValues(title: "", url: "/how-to/b/", product: nil, type: "", createdDate: "", createdBy: "",
                          lastModifiedDate: "", lastModifiedBy: "", auditDate: "", editURL: "", toc: [], body: "",
                          frontMatter: [:], sourcePath: ""),
        ]
        for article in articles {
            let context = PageContext(site: site, page: PageValues(title: article.title, url: article.url,
                                                                   canonicalURL: "", kind: .article),
                                      content: .article(article), prepared: PreparedSiteValues(site))
            let recorder = LookupRecorder()
            let direct = context.rootObject(recorder: recorder)
            var values = context.templateValues
            // The prepared `site` object is shared as it is by both.
            values["site"] = context.prepared!.object
            let converted = RecordingObject(values: values, path: "", recorder: recorder)
            #expect(Self.describe(direct) == Self.describe(converted))
            #expect(Self.describe(direct).contains("article.product") == (article.product != nil))
        }
    }

    @Test("templates with transforms or dynamic partials are left to swift-mustache, with a note saying why")
    func declines() throws {
        for (text, reason) in [
            ("{{uppercased(title)}}", "'{{uppercased(title)}}' applies a transform, which only swift-mustache's renderer runs"),
            ("{{#reversed(list)}}{{.}}{{/reversed(list)}}", "'{{reversed(list)}}' applies a transform, which only swift-mustache's renderer runs"),
            ("{{>*name}}", "it includes a dynamic partial ('{{>*name}}'), which only swift-mustache's renderer runs"),
        ] {
            var library = MustacheLibrary()
            library.register(try TemplateParsing.parse(text), named: "main")
            #expect(throws: CompiledLibrary.Refusal(template: "main", reason: reason)) {
                try CompiledLibrary.compile(library, names: ["main"]).get()
            }
        }
        // The theme then renders with swift-mustache, transforms included, and says so once.
        let folder = FileManager.default.temporaryDirectory.path + "/sitegen-compiled-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "{{uppercased(site.title)}}".write(toFile: folder + "/footer.mustache", atomically: true, encoding: .utf8)
        let (loaded, diagnostics) = Theme.load(folder: folder, displayFolder: "templates", boundary: SiteBoundary(root: folder))
        let theme = try #require(loaded)
        #expect(theme.compiled == nil)
        #expect(diagnostics.map(\.formatted) == [
            "templates/footer.mustache: note: the theme is rendered by swift-mustache, not by sitegen's compiled renderer "
                + "(pages take 1.4 to 1.8 times as long): '{{uppercased(site.title)}}' applies a transform, which only "
                + "swift-mustache's renderer runs [theme-not-compiled]",
        ])
        let (html, _) = theme.render(template: "footer", ["site": ["title": "help"] as [String: Any]])
        #expect(html == "HELP")
    }

    @Test("the built-in theme is compiled, with no note")
    func builtInCompiled() throws {
        let (loaded, diagnostics) = Theme.load(folder: nil, displayFolder: "templates", boundary: .empty)
        #expect(try #require(loaded).compiled != nil)
        #expect(diagnostics.isEmpty)
    }
}
