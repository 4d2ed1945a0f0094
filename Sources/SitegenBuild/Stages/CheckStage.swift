import SitegenContent
import SitegenCore
import SitegenLinks
import SitegenTheme

/// Stage 4: every link of every article, checked against the routes of the site being built, in parallel.
/// `sitegen check` stops after this stage.
enum CheckStage {
    static func run(_ index: SiteIndex, site: LoadedSite, jobs: Int,
                    diagnostics: inout [Diagnostic]) -> (LinkStats, LinkResolver) {
        let settings = site.config.links
        diagnostics += unknownRules(site)
        let resolver = LinkResolver(routes: routes(index, site: site, jobs: jobs))
        let checker = LinkChecker(resolver: resolver, settings: settings)
        // Each page's checked links, and the URLs they reach (for the orphan check), made on all cores.
        let results = parallelMap(Array(index.articles.indices), jobs: jobs) { position in
            checker.check(pageLinks(index.articles[position], settings: settings))
        }
        var stats = LinkStats()
        for result in results {
            diagnostics += result.diagnostics
            stats = stats + result.stats
        }
        diagnostics += orphans(index, targets: results.map(\.targets), routes: resolver.routes, jobs: jobs)
        diagnostics = applySeverities(diagnostics, settings)
        return (stats, resolver)
    }

    /// Rule ids in `sitegen.yml` that no rule has.
    static func unknownRules(_ site: LoadedSite) -> [Diagnostic] {
        let settings = site.config.links
        let configFile = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? ConfigLoader.fileName
        let known = RuleCatalog.entries.map(\.id) + ContentRuleCatalog.configurable.keys.sorted()
        return settings.severities.keys.sorted()
            .filter { RuleCatalog.byID[$0] == nil && ContentRuleCatalog.configurable[$0] == nil }
            .map { rule in
                let location = settings.severityLocations[rule] ?? SourceLocation(file: configFile)
                let nearest = LazySuggestions.suggestion(for: rule, in: known)
                return .warning(location, rule: "config-unknown-rule",
                                "'\(rule)' is not a rule sitegen can configure; its severity is ignored",
                                fixIt: nearest.map { "did you mean '\($0)'?" })
            }
    }

    /// Articles no other page links to. An `{% include all-articles-list.html %}` links to every article of the
    /// page's product; the generated product pages and lists do not count (they list every article). `targets`:
    /// the routes each article's links reach. Marked by route, not collected by URL: hashing the ninety thousand
    /// reached URLs of 10,000 articles was serial work between the stages.
    static func orphans(_ index: SiteIndex, targets: [Set<Int>], routes: SiteRoutes, jobs: Int = 1) -> [Diagnostic] {
        let articleRoutes = parallelMap(index.articles, jobs: jobs) { routes.route(withURL: $0.article.url.value) }
        var linked = [Bool](repeating: false, count: routes.routes.count)
        for (position, reached) in targets.enumerated() {
            let own = articleRoutes[position]
            for target in reached where target != own { linked[target] = true }
            let parsed = index.articles[position]
            if parsed.partials.contains("all-articles-list"), let slug = parsed.article.productSlug,
               let product = index.productPosition(slug) {
                for member in index.products[product].articles where member != position {
                    if let route = articleRoutes[member] { linked[route] = true }
                }
            }
        }
        let landings = Set(index.products.compactMap(\.landing))
        var found: [Diagnostic] = []
        for (position, parsed) in index.articles.enumerated()
        where position != index.homeContent && !landings.contains(position) && !(articleRoutes[position].map { linked[$0] } ?? false) {
            let rule = ContentRuleCatalog.orphan
            found.append(Diagnostic(rule.severity.severity ?? .note,
                                    SourceLocation(file: parsed.article.source.displayPath, line: 1, column: 1), rule: rule.id,
                                    "no other page links to '\(parsed.article.url)'; readers find it only through the generated lists",
                                    fixIt: "link to it from a related article or from its product's landing page"))
        }
        return found
    }

    /// The site's severities for content rules (`rules` in sitegen.yml); `off` drops the finding.
    static func applySeverities(_ diagnostics: [Diagnostic], _ settings: LinkCheckSettings) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            guard ContentRuleCatalog.configurable[diagnostic.rule] != nil,
                  let configured = settings.severities[diagnostic.rule] else { return diagnostic }
            guard let severity = configured.severity else { return nil }
            var changed = diagnostic
            changed.severity = severity
            return changed
        }
    }

    /// The links of one article: its Markdown and HTML links and its URL-valued front-matter fields.
    static func pageLinks(_ parsed: ParsedArticle, settings: LinkCheckSettings) -> PageLinks {
        let article = parsed.article
        var links = parsed.rendered.links
        for key in settings.frontMatterFields {
            guard case .string(let value)? = article.frontMatter.fields[key], !value.isEmpty else { continue }
            let location = article.frontMatter.locations[key] ?? SourceLocation(file: article.source.displayPath, line: 1)
            links.append(LinkOccurrence(kind: key == "image" ? .image : .link, destination: value, line: location.line,
                                        column: location.column, origin: .frontMatter(key: key)))
        }
        return PageLinks(file: article.source.displayPath, contentPath: article.source.contentPath,
                         pageURL: article.url.value, links: links,
                         suppressions: parsed.suppressions)
    }

    /// Every URL the build writes, with the anchors of the pages written from Markdown. Made on `jobs` threads:
    /// the anchor sets and index keys of 10,000 routes were serial work between the stages.
    static func routes(_ index: SiteIndex, site: LoadedSite, jobs: Int = 1) -> SiteRoutes {
        @Sendable func articleRoute(_ position: Int, url: String) -> Route {
            let parsed = index.articles[position]
            let anchors = Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors)
            return Route(url: url, kind: .article, anchors: anchors, title: parsed.article.frontMatter.title,
                         contentPath: parsed.article.source.contentPath)
        }
        let title = site.config.title
        let made = parallelMap(index.files, jobs: jobs) { file -> (route: Route, keys: SiteRoutes.Keys) in
            let route: Route
            switch file.producer {
            case .article(let position):
                route = articleRoute(position, url: file.url)
            case .product(let slug):
                if let landing = index.products[index.productPosition(slug)!].landing {
                    route = articleRoute(landing, url: file.url)
                } else {
                    route = Route(url: file.url, kind: .generated, title: index.products[index.productPosition(slug)!].name)
                }
            case .home:
                if let home = index.homeContent {
                    route = articleRoute(home, url: file.url)
                } else {
                    route = Route(url: file.url, kind: .generated, title: title)
                }
            case .contentAsset, .themeAsset:
                route = Route(url: file.url, kind: .asset)
            case .allArticles, .notFound, .sitemap, .robots, .linkReport:
                route = Route(url: file.url, kind: .generated)
            }
            return (route, SiteRoutes.Keys(route))
        }
        return SiteRoutes(indexing: made, baseURL: site.config.baseURL, siteURL: site.config.siteURL)
    }
}
