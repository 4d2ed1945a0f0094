import SitegenContent
package import SitegenCore
package import SitegenLinks

/// Which pages link to which, as a count of links into each route, for the orphan rule (`content-orphan`: an
/// article no other page links to). Counted rather than marked, so that the preview can take one page's links out
/// and put its new ones in after an edit, and find the articles whose orphan state that changed, without going
/// over the site again.
///
/// An `{% include all-articles-list.html %}` links to every other article of the page's product; the generated
/// product pages and lists do not count (they list every article).
package struct LinkGraph: Sendable {
    /// Links into each route from other pages, by route index.
    private var inbound: [Int]
    /// Each article's route (nil when it has none), by article position.
    private var articleRoutes: [Int?]
    /// What each article adds to `inbound`, by article position.
    private var contributions: [Contribution]
    /// The articles whose page is each route (one, or a few when two claim one URL).
    private var articlesByRoute: [Int: [Int]] = [:]

    private struct Contribution: Sendable {
        var targets: [Int] = []
        /// The product whose articles it lists, through an include.
        var listedProduct: Int?
    }

    /// The graph of a whole site: `targets` are the routes each article's links reach, by article position.
    /// `updatable: false` (a build, which never updates it) keeps only the counts.
    package init(index: SiteIndex, routes: SiteRoutes, targets: [Set<Int>], updatable: Bool = true, jobs: Int = 1) {
        articleRoutes = parallelMap(index.articles, jobs: jobs) { routes.route(withURL: $0.article.url.value) }
        inbound = [Int](repeating: 0, count: routes.routes.count)
        contributions = []
        if updatable {
            contributions = [Contribution](repeating: Contribution(), count: index.articles.count)
            for (article, route) in articleRoutes.enumerated() { if let route { articlesByRoute[route, default: []].append(article) } }
            for (position, reached) in targets.enumerated() { set(position, targets: reached, index: index) }
            return
        }
        for (position, reached) in targets.enumerated() {
            let own = articleRoutes[position]
            for route in reached where route != own { inbound[route] += 1 }
            let parsed = index.articles[position]
            if parsed.partials.contains("all-articles-list"), let slug = parsed.article.productSlug,
               let product = index.productPosition(slug) {
                for member in index.products[product].articles where member != position {
                    if let route = articleRoutes[member] { inbound[route] += 1 }
                }
            }
        }
    }

    /// Replaces what the article at `position` links to; returns the articles whose orphan state may have changed
    /// (those whose count of inbound links went from or to zero).
    @discardableResult
    package mutating func set(_ position: Int, targets reached: Set<Int>, index: SiteIndex) -> Set<Int> {
        // Each route's count before the first change, to compare with its count after the last.
        var before: [Int: Int] = [:]
        let old = contributions[position]
        func add(_ route: Int, _ delta: Int) {
            if before[route] == nil { before[route] = inbound[route] }
            inbound[route] += delta
        }
        for route in old.targets { add(route, -1) }
        if let product = old.listedProduct { addMembers(of: product, except: position, index: index, delta: -1, add) }
        let own = articleRoutes[position]
        var new = Contribution(targets: reached.filter { $0 != own })
        let parsed = index.articles[position]
        if parsed.partials.contains("all-articles-list"), let slug = parsed.article.productSlug {
            new.listedProduct = index.productPosition(slug)
        }
        for route in new.targets { add(route, 1) }
        if let product = new.listedProduct { addMembers(of: product, except: position, index: index, delta: 1, add) }
        contributions[position] = new
        var articles: Set<Int> = []
        for (route, count) in before where (count == 0) != (inbound[route] == 0) {
            articles.formUnion(articlesByRoute[route] ?? [])
        }
        return articles
    }

    private func addMembers(of product: Int, except position: Int, index: SiteIndex, delta: Int,
                            _ add: (Int, Int) -> Void) {
        for member in index.products[product].articles where member != position {
            if let route = articleRoutes[member] { add(route, delta) }
        }
    }

    /// The `content-orphan` finding of the article at `position`, if it is one (the home intro and landing pages
    /// never are). `landings`: the positions of the landing pages.
    package func orphan(_ position: Int, index: SiteIndex, landings: Set<Int>) -> Diagnostic? {
        // A page that only redirects is not read, and one with `published: false` not built: nothing needs to link to it.
        guard position != index.homeContent, !landings.contains(position),
              index.articles[position].article.frontMatter.redirectTo == nil,
              !index.articles[position].article.frontMatter.isUnpublished,
              !(articleRoutes[position].map { inbound[$0] > 0 } ?? false) else { return nil }
        let parsed = index.articles[position]
        let rule = ContentRuleCatalog.orphan
        return Diagnostic(rule.severity.severity ?? .note,
                          SourceLocation(file: parsed.article.source.displayPath, line: 1, column: 1), rule: rule.id,
                          "no other page links to '\(parsed.article.url)'; readers find it only through the generated lists",
                          fixIt: "link to it from a related article or from its product's landing page")
    }

    /// Every orphan of the site.
    package func orphans(_ index: SiteIndex) -> [Diagnostic] {
        let landings = Set(index.products.compactMap(\.landing))
        return index.articles.indices.compactMap { orphan($0, index: index, landings: landings) }
    }
}
