import SitegenContent
import SitegenCore
import SitegenLinks
import SitegenTheme

/// Stage 4's parts (`SitePipeline` runs them): the site's routes, each page's links, the site's severities.
enum CheckStage {
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

    /// The site's severities for content rules (`rules` in sitegen.yml); `off` drops the finding.
    static func applySeverities(_ diagnostics: [Diagnostic], _ settings: LinkCheckSettings) -> [Diagnostic] {
        var diagnostics = diagnostics
        applySeverities(&diagnostics, settings)
        return diagnostics
    }

    /// `applySeverities` in place: a finding whose severity is unchanged is not copied (a whole run's findings go
    /// through here, tens of thousands on a large site).
    static func applySeverities(_ diagnostics: inout [Diagnostic], _ settings: LinkCheckSettings) {
        guard !settings.severities.isEmpty else { return }
        /// The site's setting for a rule it may configure; nil: the rule keeps its finding's severity.
        func configured(_ rule: String) -> RuleSeverity? {
            ContentRuleCatalog.configurable[rule] != nil ? settings.severities[rule] : nil
        }
        var dropped = false
        for index in diagnostics.indices {
            guard let configured = configured(diagnostics[index].rule) else { continue }
            if let severity = configured.severity {
                diagnostics[index].severity = severity
            } else {
                dropped = true
            }
        }
        // `off`: the finding goes.
        if dropped { diagnostics.removeAll { configured($0.rule).map { $0.severity == nil } ?? false } }
    }

    /// The links of one article: its Markdown and HTML links and its URL-valued front-matter fields.
    static func pageLinks(_ parsed: ParsedArticle, settings: LinkCheckSettings) -> PageLinks {
        let article = parsed.article
        // A page that only redirects shows nothing: its body, if any, is never published.
        if article.frontMatter.redirectTo != nil {
            return PageLinks(file: article.source.displayPath, contentPath: article.source.contentPath,
                             pageURL: article.url.value, links: [], suppressions: parsed.suppressions)
        }
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
    /// The route of a page written from an article's Markdown (its own page, a product's landing, the home intro).
    static func articleRoute(_ parsed: ParsedArticle, url: String, kind: Route.Kind = .article) -> Route {
        let anchors = Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors)
        return Route(url: url, kind: kind, anchors: anchors, title: parsed.article.frontMatter.title,
                     contentPath: parsed.article.source.contentPath)
    }

    static func routes(_ index: SiteIndex, site: LoadedSite, jobs: Int = 1) -> SiteRoutes {
        @Sendable func articleRoute(_ position: Int, url: String) -> Route {
            Self.articleRoute(index.articles[position], url: url)
        }
        let title = site.config.title
        // The redirects' routes come from `index.redirects`, which has them whether or not their pages are written.
        let files = index.files.filter { if case .redirect = $0.producer { false } else { true } }
        var made = parallelMap(files, jobs: jobs) { file -> Route in
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
            case .contentAsset, .themeAsset, .redirectMap, .urlList, .searchIndex:
                route = Route(url: file.url, kind: .asset)
            case .redirect:
                preconditionFailure("redirects are routed from index.redirects")
            case .allArticles, .notFound, .sitemap, .feed, .robots, .linkReport:
                route = Route(url: file.url, kind: .generated)
            }
            return route
        }
        for redirect in index.redirects {
            made.append(Route(url: redirect.source.value, kind: .redirect, redirectTarget: redirect.final))
        }
        let keys = parallelMap(made, jobs: jobs) { SiteRoutes.Keys($0) }
        var routes = SiteRoutes(routes: made, keys: keys, baseURL: site.config.baseURL, siteURL: site.config.siteURL)
        // The Markdown files that are not pages (no front matter, or unreadable): a link to the URL one would have
        // had names it, rather than a page it did not mean.
        // Closures, not key paths: a key path through `ParsedArticle.article` copied the whole article (and
        // retained each of its strings) for every article.
        let built = Set(index.articles.map { $0.article.source.absolutePath })
        let unbuilt = site.files.filter { $0.kind == .markdown && !built.contains($0.absolutePath) }
        // And the articles with `published: false`, at their own URLs (`content-unpublished` is the finding there).
        var unpublished: [(url: String, file: String)] = []
        for parsed in index.articles where parsed.article.frontMatter.isUnpublished {
            unpublished.append((url: parsed.article.url.value, file: parsed.article.source.displayPath))
        }
        if !unbuilt.isEmpty || !unpublished.isEmpty {
            let loader = ArticleLoader(urls: URLMapper(baseURL: site.config.baseURL), boundary: site.boundary)
            routes.setUnbuilt(unbuilt.map { (url: loader.defaultURL(of: $0).value, file: $0.displayPath) } + unpublished)
        }
        return routes
    }
}
