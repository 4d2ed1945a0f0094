import Foundation
import SitegenContent
import SitegenCore
import SitegenOutput
import SitegenLinks
import SitegenTheme

/// Builds a site into memory again and again for the preview server, doing after each change only the work the
/// change needs: an edited article is parsed again, the pages whose links could be affected are checked again,
/// and only the pages that show it are rendered again. A change to the configuration, templates, includes or
/// asset folders rebuilds everything. The result of every build equals a full build's, byte for byte.
///
/// Not thread-safe: one rebuild at a time (the server's rebuild loop).
public final class SiteSession: @unchecked Sendable {
    /// A complete built site, as the server serves it.
    public struct Snapshot: Sendable {
        /// Counts builds, so browsers can tell a new site from the one they loaded.
        public var generation: Int
        /// Output path (`how-to/x/index.html`) → content.
        public var files: [String: OutputEntry]
        /// Every diagnostic of the build, sorted.
        public var diagnostics: [Diagnostic]
        /// Output path of each article page → its source file (as shown in diagnostics), for per-page panels.
        public var pageSources: [String: String]

        public init(generation: Int, files: [String: OutputEntry], diagnostics: [Diagnostic], pageSources: [String: String]) {
            self.generation = generation
            self.files = files
            self.diagnostics = diagnostics
            self.pageSources = pageSources
        }
    }

    /// What one rebuild did.
    public struct Outcome: Sendable {
        /// The new snapshot, or nil when the build failed (the previous one stays valid).
        public var snapshot: Snapshot?
        /// Every diagnostic of this attempt.
        public var diagnostics: [Diagnostic]
        public var wasIncremental: Bool
        /// Articles parsed, pages checked and files rendered in this rebuild.
        public var parsed: Int
        public var checked: Int
        public var rendered: Int
        /// Output paths whose content changed (added, removed or different).
        public var changedFiles: Set<String>
        public var seconds: Double
    }

    private let options: BuildOptions
    private let jobs: Int
    private var state: State?
    private var generation = 0

    private struct CachedParse {
        var parsed: ParsedArticle?
        var diagnostics: [Diagnostic]
    }

    private struct CachedCheck {
        var result: LinkChecker.PageResult
        /// URLs the page's links reach.
        var targets: Set<String>
        var hasBrokenLinks: Bool
    }

    private struct State {
        var site: LoadedSite
        var loadDiagnostics: [Diagnostic]
        var parses: [String: CachedParse]
        var index: SiteIndex
        var indexDiagnostics: [Diagnostic]
        /// Route URL → signature (kind, title, anchors).
        var routes: [String: Int]
        var checks: [String: CachedCheck]
        var menu: [String]
        var productLists: [String: Int]
        /// Every article's title, URL, date and product: what the all-articles page, the sitemap and the home show.
        var siteList: Int
        var renderDiagnostics: [Diagnostic]
        var outputs: [String: OutputEntry]
    }

    public init(options: BuildOptions) {
        var options = options
        options.inMemory = true
        self.options = options
        self.jobs = max(1, options.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The site's baseurl, once it has been loaded.
    public var baseURL: String? { state?.site.config.baseURL }

    /// Folders and files to watch for the current site (after a successful load).
    public var watchTargets: (folders: [String], files: [String])? {
        guard let site = state?.site else { return nil }
        var folders = [site.contentRoot, site.templatesRoot] + site.assetRoots
        if !site.includesRoot.isEmpty { folders.append(site.includesRoot) }
        let configFiles = [site.siteRoot + "/" + ConfigLoader.fileName, site.siteRoot + "/" + JekyllConfigLoader.fileName]
            + (site.configFile.map { [$0] } ?? [])
        return (folders.filter { FileManager.default.fileExists(atPath: $0) }, Array(Set(configFiles)).sorted())
    }

    /// Rebuilds after `changed` paths (absolute); nil or empty rebuilds everything.
    public func rebuild(changed: Set<String>?) -> Outcome {
        let started = ContinuousClock.now
        var outcome: Outcome
        if let state, let changed, !changed.isEmpty, let contentChanges = contentOnly(changed, state.site) {
            outcome = incremental(state, changedSources: contentChanges)
        } else {
            outcome = full()
        }
        let duration = ContinuousClock.now - started
        outcome.seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return outcome
    }

    /// The changed Markdown files, when every change is one (else nil: rebuild everything).
    private func contentOnly(_ changed: Set<String>, _ site: LoadedSite) -> Set<String>? {
        var sources: Set<String> = []
        let knownFiles = Set(site.files.map(\.absolutePath))
        for path in changed {
            let lower = path.lowercased()
            let inContent = path.hasPrefix(site.contentRoot + "/")
            if inContent, lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
                sources.insert(path)
                continue
            }
            // Editors' temporary files (hidden, or gone again by now, like sed's and vim's) change nothing.
            if inContent, (path as NSString).lastPathComponent.hasPrefix(".")
                || (!FileManager.default.fileExists(atPath: path) && !knownFiles.contains(path)) {
                continue
            }
            // A folder, an asset, a template, the configuration: anything may depend on it.
            return nil
        }
        return sources
    }

    // MARK: - Full build

    private func full() -> Outcome {
        var diagnostics: [Diagnostic] = []
        let (loaded, _) = LoadStage.run(options, diagnostics: &diagnostics)
        guard let site = loaded else { return failure(diagnostics, incremental: false) }
        let loadDiagnostics = diagnostics
        let parser = ParseStage.Parser(site)
        let sources = site.files.filter { $0.kind == .markdown }
        let results = parallelMap(sources, jobs: jobs) { parser.parse($0) }
        var parses: [String: CachedParse] = [:]
        for (source, result) in zip(sources, results) {
            parses[source.absolutePath] = CachedParse(parsed: result.0, diagnostics: result.1)
        }
        return finish(site: site, loadDiagnostics: loadDiagnostics, parses: parses, previous: nil,
                      changedSources: Set(parses.keys), parsedCount: sources.count, lastOutputs: state?.outputs)
    }

    // MARK: - Incremental build

    private func incremental(_ previous: State, changedSources: Set<String>) -> Outcome {
        var diagnostics: [Diagnostic] = []
        let known = Set(previous.site.files.map(\.absolutePath))
        let site: LoadedSite
        if changedSources.allSatisfy({ known.contains($0) && FileManager.default.fileExists(atPath: $0) }) {
            // Only edits of existing articles: the configuration, the file list and the theme are as they were.
            site = previous.site
            diagnostics = previous.loadDiagnostics
        } else {
            let (loaded, _) = LoadStage.run(options, theme: previous.site.theme, diagnostics: &diagnostics)
            guard let reloaded = loaded else { return failure(diagnostics, incremental: true) }
            site = reloaded
        }
        let parser = ParseStage.Parser(site)
        let sources = site.files.filter { $0.kind == .markdown }
        var parses: [String: CachedParse] = [:]
        var toParse: [SourceFile] = []
        for source in sources {
            if !changedSources.contains(source.absolutePath), let cached = previous.parses[source.absolutePath] {
                parses[source.absolutePath] = cached
            } else {
                toParse.append(source)
            }
        }
        let results = parallelMap(toParse, jobs: jobs) { parser.parse($0) }
        for (source, result) in zip(toParse, results) {
            parses[source.absolutePath] = CachedParse(parsed: result.0, diagnostics: result.1)
        }
        let changed = Set(toParse.map(\.absolutePath)).union(changedSources)
        return finish(site: site, loadDiagnostics: diagnostics, parses: parses, previous: previous,
                      changedSources: changed, parsedCount: toParse.count, lastOutputs: previous.outputs)
    }

    // MARK: - Index, check and render

    private func finish(site: LoadedSite, loadDiagnostics: [Diagnostic], parses: [String: CachedParse],
                        previous: State?, changedSources: Set<String>, parsedCount: Int,
                        lastOutputs: [String: OutputEntry]?) -> Outcome {
        // Articles in the order a full build has them (sorted source files).
        let sources = site.files.filter { $0.kind == .markdown }
        let articles = sources.compactMap { parses[$0.absolutePath]?.parsed }
        var indexDiagnostics: [Diagnostic] = []
        let index = SiteIndex.build(articles, site: site, diagnostics: &indexDiagnostics)

        // Check: pages whose source changed, and pages whose links reach a route that changed.
        let routes = CheckStage.routes(index, site: site)
        let resolver = LinkResolver(routes: routes)
        let checker = LinkChecker(resolver: resolver, settings: site.config.links, collectsReferencedPaths: true)
        let signatures = Dictionary(routes.routes.map { route in
            (route.url, Self.signature(route))
        }, uniquingKeysWith: { first, _ in first })
        var changedRoutes: Set<String> = []
        var routeSetChanged = previous == nil
        if let previous {
            for (url, signature) in signatures where previous.routes[url] != signature {
                changedRoutes.insert(LinkChecker.pathKey(url))
                if previous.routes[url] == nil { routeSetChanged = true }
            }
            for url in previous.routes.keys where signatures[url] == nil {
                changedRoutes.insert(LinkChecker.pathKey(url))
                routeSetChanged = true
            }
        }
        var checks: [String: CachedCheck] = [:]
        var toCheck: [Int] = []
        for (position, parsed) in articles.enumerated() {
            let key = parsed.article.source.absolutePath
            if let cached = previous?.checks[key], !changedSources.contains(key),
               cached.result.referencedPaths.isDisjoint(with: changedRoutes),
               !(routeSetChanged && cached.hasBrokenLinks) {
                checks[key] = cached
            } else {
                toCheck.append(position)
            }
        }
        let settings = site.config.links
        let results = parallelMap(toCheck, jobs: jobs) { position in
            checker.check(CheckStage.pageLinks(articles[position], settings: settings))
        }
        for (position, result) in zip(toCheck, results) {
            let broken: Set<String> = [RuleCatalog.Resolution.broken, RuleCatalog.Resolution.brokenFragment,
                                       RuleCatalog.Resolution.caseMismatch]
            checks[articles[position].article.source.absolutePath] = CachedCheck(
                result: result, targets: Set(result.targets.map { routes.routes[$0].url }),
                hasBrokenLinks: result.diagnostics.contains { broken.contains($0.rule) })
        }
        // The cached URLs, as this build's routes (an article's routes change from build to build, its URLs do not).
        let targets = articles.map { article in
            Set((checks[article.article.source.absolutePath]?.targets ?? []).compactMap { routes.route(withURL: $0) })
        }

        // Render: everything on a full build or when the products menu changed; else the changed articles' pages,
        // the product pages whose lists changed (and pages including those lists), and the small generated pages.
        let menu = index.products.map { "\($0.name)\u{0}\($0.url.value)" } + [site.config.title]
        var productLists: [String: Int] = [:]
        for product in index.products {
            var hasher = Hasher()
            hasher.combine(product.name)
            hasher.combine(product.landing.map { articles[$0].article.source.absolutePath })
            for member in product.articles {
                let article = articles[member].article
                hasher.combine(article.frontMatter.title)
                hasher.combine(article.url)
                hasher.combine(article.frontMatter.lastModifiedDate)
            }
            productLists[product.slug] = hasher.finalize()
        }
        var siteHasher = Hasher()
        for parsed in articles {
            siteHasher.combine(parsed.article.frontMatter.title)
            siteHasher.combine(parsed.article.url)
            siteHasher.combine(parsed.article.frontMatter.lastModifiedDate)
            siteHasher.combine(parsed.article.productSlug)
        }
        let siteList = siteHasher.finalize()
        var only: Set<String>?
        if let previous, previous.menu == menu {
            let listsChanged = previous.siteList != siteList
            var wanted: Set<String> = []
            let changedProducts = Set(productLists.keys.filter { previous.productLists[$0] != productLists[$0] })
                .union(previous.productLists.keys.filter { productLists[$0] == nil })
            for file in index.files {
                switch file.producer {
                case .article(let position):
                    let parsed = articles[position]
                    if changedSources.contains(parsed.article.source.absolutePath) || previous.outputs[file.relativePath] == nil
                        || (!parsed.partials.isEmpty
                            && parsed.article.productSlug.flatMap(index.productPosition).map { changedProducts.contains(index.products[$0].slug) } == true) {
                        wanted.insert(file.relativePath)
                    }
                case .product(let slug):
                    let landing = index.products[index.productPosition(slug)!].landing
                    if changedProducts.contains(slug) || previous.outputs[file.relativePath] == nil
                        || landing.map({ changedSources.contains(articles[$0].article.source.absolutePath) }) == true {
                        wanted.insert(file.relativePath)
                    }
                case .home:
                    // The home page shows each product's article count, and the home intro when there is one.
                    if !changedProducts.isEmpty || listsChanged || previous.outputs[file.relativePath] == nil
                        || index.homeContent.map({ changedSources.contains(articles[$0].article.source.absolutePath) }) == true {
                        wanted.insert(file.relativePath)
                    }
                case .allArticles, .sitemap:
                    // Lists of every article (titles, URLs, dates).
                    if !changedProducts.isEmpty || listsChanged || previous.outputs[file.relativePath] == nil {
                        wanted.insert(file.relativePath)
                    }
                case .notFound, .robots, .linkReport:
                    if previous.outputs[file.relativePath] == nil { wanted.insert(file.relativePath) }
                case .contentAsset, .themeAsset:
                    if previous.outputs[file.relativePath] == nil { wanted.insert(file.relativePath) }
                }
            }
            only = wanted
        }
        let sink = MemorySink()
        var renderDiagnostics: [Diagnostic] = []
        let themeLinks = only == nil
            ? ThemeLinks(resolver: resolver, theme: site.theme, siteURL: site.config.siteURL) : nil
        let rendered = RenderStage.run(index, site: site, sink: sink, jobs: jobs, only: only, themeLinks: themeLinks,
                                       diagnostics: &renderDiagnostics)
        if only != nil, let previous {
            // Theme links and template warnings are those of the last full render: templates have not changed.
            renderDiagnostics = previous.renderDiagnostics + renderDiagnostics.filter { $0.rule == "output-write-failed" }
        }
        var outputs: [String: OutputEntry] = [:]
        let fresh = sink.contents
        let paths = Set(index.files.map(\.relativePath))
        for path in paths { outputs[path] = fresh[path] ?? previous?.outputs[path] }
        // Compared with the last good site, also after a full rebuild, so an unchanged page is not reloaded.
        var changedFiles: Set<String> = []
        for path in paths where lastOutputs?[path] != outputs[path] { changedFiles.insert(path) }
        for path in lastOutputs?.keys.filter({ !paths.contains($0) }) ?? [] { changedFiles.insert(path) }

        var diagnostics = loadDiagnostics + CheckStage.unknownRules(site)
        diagnostics += sources.flatMap { parses[$0.absolutePath]?.diagnostics ?? [] }
        diagnostics += indexDiagnostics
        diagnostics += articles.flatMap { checks[$0.article.source.absolutePath]?.result.diagnostics ?? [] }
        diagnostics += CheckStage.orphans(index, targets: targets, routes: routes)
        diagnostics += renderDiagnostics
        diagnostics = CheckStage.applySeverities(diagnostics, settings).sorted()

        // The preview keeps serving the last good site while anything but link and content findings is an error.
        let blocking = diagnostics.contains { $0.severity == .error && !Self.isAdvisory($0.rule) }
        if blocking {
            return Outcome(snapshot: nil, diagnostics: diagnostics, wasIncremental: previous != nil, parsed: parsedCount,
                           checked: toCheck.count, rendered: rendered.pages + rendered.assets, changedFiles: [], seconds: 0)
        }
        state = State(site: site, loadDiagnostics: loadDiagnostics, parses: parses, index: index,
                      indexDiagnostics: indexDiagnostics, routes: signatures, checks: checks, menu: menu,
                      productLists: productLists, siteList: siteList, renderDiagnostics: renderDiagnostics, outputs: outputs)
        generation += 1
        var pageSources: [String: String] = [:]
        for file in index.files {
            switch file.producer {
            case .article(let position): pageSources[file.relativePath] = articles[position].article.source.displayPath
            case .product(let slug):
                if let landing = index.products[index.productPosition(slug)!].landing {
                    pageSources[file.relativePath] = articles[landing].article.source.displayPath
                }
            case .home:
                if let home = index.homeContent { pageSources[file.relativePath] = articles[home].article.source.displayPath }
            default: break
            }
        }
        let snapshot = Snapshot(generation: generation, files: outputs, diagnostics: diagnostics, pageSources: pageSources)
        return Outcome(snapshot: snapshot, diagnostics: diagnostics, wasIncremental: previous != nil, parsed: parsedCount,
                       checked: toCheck.count, rendered: rendered.pages + rendered.assets, changedFiles: changedFiles,
                       seconds: 0)
    }

    /// Findings the preview shows on the page instead of refusing to update: links and content problems.
    static func isAdvisory(_ rule: String) -> Bool {
        rule.hasPrefix("link-") || rule.hasPrefix("content-") || rule.hasPrefix("liquid-") || rule == "theme-link-broken"
    }

    private static func signature(_ route: Route) -> Int {
        var hasher = Hasher()
        hasher.combine(route.kind)
        hasher.combine(route.title)
        hasher.combine(route.contentPath)
        hasher.combine(route.anchors.map { $0.sorted() })
        return hasher.finalize()
    }

    private func failure(_ diagnostics: [Diagnostic], incremental: Bool) -> Outcome {
        Outcome(snapshot: nil, diagnostics: diagnostics.sorted(), wasIncremental: incremental, parsed: 0, checked: 0,
                rendered: 0, changedFiles: [], seconds: 0)
    }
}
