import Foundation
import SitegenContent
import SitegenCore
import SitegenOutput
import SitegenTheme
import Synchronization

/// Stage 5: render every page through the theme and write it, with the assets, into the staging folder,
/// in parallel. Each page is written as soon as it is rendered, so the site is never held in memory whole.
enum RenderStage {
    /// The version written into `site.generator`.
    static let generator = "sitegen \(SitegenVersion.current)"

    /// Renders every file of `index` into the staging folder of `output`, after removing what the previous tree
    /// there has and the new site does not; nil (with a diagnostic) when the staging folder cannot be swept.
    /// `previous`: the manifest of the reused tree, when there is one. Returns the counts and the new tree's
    /// manifest. `keepsValuesUntilExit`: the page values are not freed (`BuildOptions.keepsDataUntilExit`).
    static func run(_ index: SiteIndex, site: LoadedSite, output: OutputFolder, jobs: Int,
                    previous: PreviousManifest? = nil,
                    report: LinkReportValues? = nil, themeLinks: ThemeLinks? = nil, keepsValuesUntilExit: Bool = false,
                    search: SearchFiles? = nil,
                    diagnostics: inout [Diagnostic]) -> (pages: Int, assets: Int, manifest: OutputManifest)? {
        // The site's values (every product's article list, as template values) are made on another thread while
        // the output tree is swept: both were serial work before the pages are rendered in parallel.
        let values = BackgroundValue { () -> (SiteValues, PreparedSiteValues) in
            let siteValues = makeSiteValues(index, site: site)
            return (siteValues, PreparedSiteValues(siteValues))
        }
        let existing: [String: OutputManifest.Stamp?]
        let pathList = index.files.map(\.relativePath)
        let folderSet = BackgroundValue { OutputFolder.folders(of: pathList) }
        let paths = Set(pathList)
        let folders = folderSet.value
        do {
            existing = try output.removeStale(keeping: paths, folders: folders, known: previous?.folders, jobs: jobs)
        } catch {
            diagnostics.append(.error(SourceLocation(file: site.outputRoot), rule: "output-write-failed",
                                      "cannot clear the staging folder: \(ErrorText.describe(error))"))
            _ = values.value
            return nil
        }
        // Freeing these sets was serial work after the last page.
        if keepsValuesUntilExit { ProcessLifetime.keep((paths, folders, existing, previous)) }
        let recorder = ManifestRecorder(capacity: pathList.count)
        let sink = FolderSink(output: output, existingFolders: Set(existing.keys), previousFiles: previous?.files ?? [:],
                              recorder: recorder)
        let counts = run(index, site: site, sink: sink, jobs: jobs, folders: folders, values: values.value,
                         report: report, themeLinks: themeLinks, keepsValuesUntilExit: keepsValuesUntilExit,
                         search: search, diagnostics: &diagnostics)
        return (counts.pages, counts.assets, manifest(of: output, folders: folders, swept: existing, recorder: recorder, jobs: jobs))
    }

    /// The manifest of the staging folder once written: the files as recorded, and each folder's stamp, taken
    /// anew for the folders this build added to or removed from (the others kept theirs from the sweep).
    static func manifest(of output: OutputFolder, folders: Set<String>, swept: [String: OutputManifest.Stamp?],
                         recorder: ManifestRecorder, jobs: Int) -> OutputManifest {
        let touched = recorder.touched
        let list = Array(folders)
        let stamps = parallelMap(list, jobs: jobs) { folder -> OutputManifest.Stamp? in
            if !touched.contains(folder), let stamp = swept[folder] ?? nil { return stamp }
            var status = stat()
            guard let path = output.stagingPath(for: folder), lstat(path, &status) == 0 else { return nil }
            return OutputManifest.Stamp(status)
        }
        var manifest = OutputManifest(files: recorder.files)
        manifest.folders.reserveCapacity(list.count)
        for (folder, stamp) in zip(list, stamps) { if let stamp { manifest.folders[folder] = stamp } }
        return manifest
    }

    /// Renders the files of `index` (only those in `only`, when given) into `sink`.
    /// `folders`: those of the files, and `values`: the site's values, when made already.
    static func run(_ index: SiteIndex, site: LoadedSite, sink: some OutputSink, jobs: Int, only: Set<String>? = nil,
                    folders knownFolders: Set<String>? = nil, values: (SiteValues, PreparedSiteValues)? = nil,
                    report: LinkReportValues? = nil, themeLinks: ThemeLinks? = nil, keepsValuesUntilExit: Bool = false,
                    search: SearchFiles? = nil, diagnostics: inout [Diagnostic]) -> (pages: Int, assets: Int) {
        let siteValues = values?.0 ?? makeSiteValues(index, site: site)
        let prepared = values?.1 ?? PreparedSiteValues(siteValues)
        // Freeing the site's values (every product's article list) was serial work at the end of the stage.
        if keepsValuesUntilExit { ProcessLifetime.keep(prepared) }
        let files = only.map { index.files(at: $0) } ?? index.files
        // Folders first, level by level, so that parallel writers never race to create them.
        let folders = knownFolders ?? OutputFolder.folders(of: files.lazy.map(\.relativePath))
        do {
            try sink.prepare(folders: folders, jobs: jobs)
        } catch {
            diagnostics.append(.error(SourceLocation(file: site.outputRoot), rule: "output-write-failed",
                                      "cannot create folder: \(ErrorText.describe(error))"))
            return (0, 0)
        }

        let config = site.config
        let (theme, specializationProblems) = site.theme.specialized(for: prepared)
        themeLinks?.share(theme.siteOnlyTexts)
        let unknownVariables = UnknownVariableLog()
        unknownVariables.add(specializationProblems)
        let render: @Sendable (OutputFile) -> (isPage: Bool, problem: Diagnostic?) = { file in
            let bytes: [UInt8]
            var isPage = true
            switch file.producer {
            case .contentAsset(let source):
                isPage = false
                do {
                    try sink.copy(file: source, to: file.relativePath, within: site.boundary)
                    return (false, nil)
                } catch let refusal as SiteBoundary.Refusal {
                    // A link swapped in since the scan: refused (and reported) at the file, never copied.
                    return (false, site.boundary.diagnostic(for: refusal, at: file.location)
                        ?? .error(file.location, rule: "output-write-failed",
                                  "cannot copy to '\(file.relativePath)': cannot read the file (\(refusal))"))
                } catch {
                    return (false, .error(file.location, rule: "output-write-failed",
                                          "cannot copy to '\(file.relativePath)': \(ErrorText.describe(error))"))
                }
            case .themeAsset(let name):
                isPage = false
                bytes = theme.assets[name] ?? []
            case .redirect(let position):
                // Not through the theme: the same small page on every site, as jekyll-redirect-from writes it.
                bytes = RedirectOutput.page(index.redirects[position], config: config)
            case .redirectMap(let format):
                isPage = false
                bytes = RedirectOutput.map(index.redirects, format: format)
            case .urlList:
                isPage = false
                bytes = URLList.json(index)
            case .feed(let slug):
                isPage = false
                let product = slug.flatMap { index.productPosition($0) }
                let entries = FeedOutput.entries(FeedOutput.positions(product: product, index), index) ?? []
                let title = product.map { index.products[$0].name + " · " + config.title } ?? config.title
                let page = product.map { index.products[$0].url.value } ?? index.homeURL.value
                bytes = FeedOutput.atom(title: title, url: file.url, page: page, entries: entries, index: index, config: config)
            case .searchIndex(let path):
                isPage = false
                guard let read = search.map({ $0.bytes(path) }) ?? [] else {
                    return (false, .error(file.location, rule: "output-write-failed",
                                          "cannot write '\(file.relativePath)': the search index file could not be read back "
                                              + "from the build's temporary file (an I/O error); build again"))
                }
                bytes = read
            default:
                // The article whose body the page embeds, read once (from the build's spill file, in a build).
                let embedded = embeddedArticle(file, index)
                var body = ""
                if let embedded {
                    guard let read = index.articles[embedded].bodyHTML else {
                        return (isPage, .error(file.location, rule: "output-write-failed",
                                               "cannot write '\(file.relativePath)': the article's rendered HTML could not be "
                                                   + "read back from the build's temporary file (an I/O error); build again"))
                    }
                    body = read
                }
                var (context, kind) = pageContext(for: file, index: index, site: siteValues, config: config, report: report,
                                                  body: body)
                context.prepared = prepared
                if let embedded, !index.articles[embedded].partials.isEmpty {
                    let filled = fillPartials(of: index.articles[embedded], html: body, context: context, index: index, theme: theme)
                    unknownVariables.add(filled.problems)
                    context.replaceBody(filled.html)
                }
                let (html, problems) = theme.renderBytes(kind, context)
                unknownVariables.add(problems)
                bytes = html
                if kind != .sitemap, kind != .robots, let themeLinks {
                    themeLinks.check(page: bytes, body: bodyHTML(of: context), pageURL: file.url, kind: kind)
                }
            }
            do {
                try sink.write(bytes, to: file.relativePath)
                return (isPage, nil)
            } catch {
                return (isPage, .error(file.location, rule: "output-write-failed",
                                       "cannot write '\(file.relativePath)': \(ErrorText.describe(error))"))
            }
        }
        // A slot per file for the whole stage, so a problem is kept boxed: a `Diagnostic?` in each slot made the
        // results of 110,000 files (a site of 50,000 articles) 12 MB, at the build's peak.
        let results = parallelMap(files, jobs: jobs) { file -> (isPage: Bool, problem: FileProblem?) in
            let made = render(file)
            return (made.isPage, made.problem.map(FileProblem.init))
        }
        diagnostics += results.compactMap(\.problem?.diagnostic)
        unknownVariables.add(site.theme.unknownVariables(prepared.misses))
        diagnostics += unknownVariables.diagnostics
        diagnostics += themeLinks?.diagnostics ?? []
        let pages = results.filter { $0.isPage && $0.problem == nil }.count
        let assets = results.filter { !$0.isPage && $0.problem == nil }.count
        return (pages, assets)
    }

    /// A file's problem in the render stage's results.
    private final class FileProblem: Sendable {
        let diagnostic: Diagnostic
        init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
    }

    /// The position of the article whose body a page embeds: its own, a product's landing page, the home content.
    private static func embeddedArticle(_ file: OutputFile, _ index: SiteIndex) -> Int? {
        switch file.producer {
        case .article(let article): article
        case .product(let slug): index.products[index.productPosition(slug)!].landing
        case .home: index.homeContent
        default: nil
        }
    }

    /// The body with each `{% include %}` marker replaced by its theme partial, rendered with the page's
    /// variables plus `include.articles` (the other articles of the page's product, by title) and
    /// `include.product` (`name`, `url`).
    private static func fillPartials(of parsed: ParsedArticle, html body: String, context: PageContext, index: SiteIndex,
                                     theme: Theme) -> (html: String, problems: [Diagnostic]) {
        var values = context.templateValues
        let product = parsed.article.productSlug.flatMap { index.productPosition($0) }.map { index.products[$0] }
        let articles = (product?.articles ?? []).map { index.articles[$0].article }
            .filter { $0.url != parsed.article.url }
            .map { link($0).templateValues }
        values["include"] = ["articles": articles, "has_articles": !articles.isEmpty,
                             "product": product.map { ["name": $0.name, "url": $0.url.value] as [String: Any] } ?? [:]]
        var html = body
        var problems: [Diagnostic] = []
        for name in Set(parsed.partials).sorted() {
            let (rendered, unknown) = theme.render(template: name, values)
            problems += unknown
            let marker = LiquidExpander.partialMarker(name)
            html = html.replacingBytes(of: "<p>" + marker + "</p>", with: rendered).replacingBytes(of: marker, with: rendered)
        }
        return (html, problems)
    }

    /// The rendered Markdown a page embeds, whose links were checked at their source lines.
    private static func bodyHTML(of context: PageContext) -> String {
        switch context.content {
        case .article(let article): article.body
        case .product(let product): product.body
        case .home(let home): home.body
        case .list, .sitemap, .linkReport: ""
        }
    }

    static func makeSiteValues(_ index: SiteIndex, site: LoadedSite) -> SiteValues {
        let products = index.products.map { product in
            ProductSummary(name: product.name, slug: product.slug, url: product.url.value,
                           articles: product.articles.map { link(index.articles[$0].article) })
        }
        let articleCount = index.articlePageCount
        var values = SiteValues(title: site.config.title, language: site.config.language, homeURL: index.homeURL.value,
                                stylesheetURL: index.stylesheetURL.value, allArticlesURL: index.allArticlesURL.value,
                                generator: generator, articleCount: articleCount, products: products)
        values.searchURL = index.searchURL?.value ?? ""
        values.searchScriptURL = index.searchURL == nil ? "" : index.searchScriptURL.value
        values.scriptURL = index.scriptURL.value
        values.feedURL = index.feedURL?.value ?? ""
        return values
    }

    private static func link(_ article: Article) -> ArticleLink {
        ArticleLink(title: article.frontMatter.title, url: article.url.value,
                    lastModifiedDate: article.frontMatter.lastModifiedDate ?? "")
    }

    /// `body`: the HTML of the article the page embeds (`embeddedArticle`), when read already.
    static func pageContext(for file: OutputFile, index: SiteIndex, site: SiteValues, config: SiteConfig,
                            report: LinkReportValues?, body: String? = nil) -> (PageContext, PageKind) {
        func embedded(_ position: Int) -> String { body ?? index.articles[position].bodyHTML ?? "" }
        func page(_ title: String, _ kind: PageKind) -> PageValues {
            PageValues(title: title, url: file.url,
                       canonicalURL: config.siteURL.isEmpty || kind == .notFound ? "" : config.siteURL + file.url, kind: kind)
        }
        switch file.producer {
        case .article(let position):
            let parsed = index.articles[position]
            let article = parsed.article
            let matter = article.frontMatter
            let product = article.productSlug.flatMap { index.productPosition($0) }.map { index.products[$0] }
            let neighbours: (previous: Int?, next: Int?) = product?.neighbours(of: position) ?? (nil, nil)
            let editURL = config.editURL.isEmpty ? "" : config.editURL + SitePath.encodePathText(article.source.displayPath)
            let values = ArticleValues(
                title: matter.title, url: article.url.value, product: product.map { ($0.name, $0.url.value) },
                type: matter.type ?? "article", createdDate: matter.createdDate ?? "", createdBy: matter.createdBy ?? "",
                lastModifiedDate: matter.lastModifiedDate ?? "", lastModifiedBy: matter.lastModifiedBy ?? "",
                auditDate: matter.auditDate ?? "", editURL: editURL,
                toc: parsed.rendered.headings.filter { $0.level == 2 || $0.level == 3 },
                body: embedded(position), frontMatter: matter.fields.templateValues,
                sourcePath: article.source.displayPath,
                previous: neighbours.previous.map { link(index.articles[$0].article) },
                next: neighbours.next.map { link(index.articles[$0].article) })
            var articlePage = page(matter.title, .article)
            articlePage.feedURL = product?.feedURL?.value ?? ""
            articlePage.feedTitle = product.map { $0.name + " · " + site.title } ?? ""
            return (PageContext(site: site, page: articlePage, content: .article(values)), .article)
        case .product(let slug):
            let product = index.products[index.productPosition(slug)!]
            let values = ProductValues(name: product.name, slug: product.slug, url: product.url.value,
                                       articles: product.articles.map { link(index.articles[$0].article) },
                                       body: product.landing.map(embedded) ?? "",
                                       groups: product.groups.map { group in
                                           (group.name, group.articles.map { link(index.articles[$0].article) })
                                       })
            var productPage = page(product.name, .product)
            productPage.feedURL = product.feedURL?.value ?? ""
            productPage.feedTitle = product.name + " · " + site.title
            return (PageContext(site: site, page: productPage, content: .product(values)), .product)
        case .home:
            let body = index.homeContent.map(embedded) ?? ""
            return (PageContext(site: site, page: page(site.title, .home), content: .home(HomeValues(body: body))), .home)
        case .allArticles:
            return (PageContext(site: site, page: page("All articles", .allArticles), content: .list), .allArticles)
        case .notFound:
            return (PageContext(site: site, page: page("Page not found", .notFound), content: .list), .notFound)
        case .sitemap, .robots:
            let kind: PageKind = if case .sitemap = file.producer { .sitemap } else { .robots }
            var entries: [(loc: String, lastmod: String)] = []
            // robots.txt names only the sitemap; the entries are for sitemap.xml.
            for other in index.files where kind == .sitemap {
                switch other.producer {
                case .article(let position):
                    entries.append((config.siteURL + other.url,
                                    index.articles[position].article.frontMatter.lastModifiedDate ?? ""))
                case .product, .home, .allArticles:
                    entries.append((config.siteURL + other.url, ""))
                default:
                    break
                }
            }
            let sitemapURL = config.siteURL.isEmpty ? "" : config.siteURL + index.sitemapURL.value
            return (PageContext(site: site, page: page(kind == .sitemap ? "Sitemap" : "robots.txt", kind),
                                content: .sitemap(SitemapValues(entries: entries, url: sitemapURL))), kind)
        case .linkReport:
            let values = report ?? LinkReportValues(errors: 0, warnings: 0, notes: 0, articleCount: 0, linkCount: 0,
                                                    internalCount: 0, externalCount: 0, rules: [], files: [],
                                                    inlineStylesheet: "")
            return (PageContext(site: site, page: page("Link report", .linkReport), content: .linkReport(values)),
                    .linkReport)
        case .contentAsset, .themeAsset:
            preconditionFailure("assets are copied, not rendered")
        case .redirect, .redirectMap, .urlList, .searchIndex, .feed:
            preconditionFailure("redirects, the URL list, the search index and the feeds are written without the theme")
        }
    }
}

/// Collects unknown-variable warnings from parallel renders, once per template position.
final class UnknownVariableLog: Sendable {
    private let found = Mutex<Set<Diagnostic>>([])

    func add(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        found.withLock { $0.formUnion(diagnostics) }
    }

    var diagnostics: [Diagnostic] { found.withLock { $0.sorted() } }
}

