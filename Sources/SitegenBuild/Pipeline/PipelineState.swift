import SitegenContent
package import SitegenCore
package import SitegenLinks
package import SitegenOutput
package import SitegenSearch
package import SitegenTheme

/// What changed in the sources since the last run, as the preview saw it.
package enum SourceChanges: Sendable, Equatable {
    /// Anything may have changed (the configuration, a template, an asset, a folder): nothing is reused but the
    /// theme, when the templates are as they were.
    case everything
    /// Only these Markdown files (absolute paths): edited, added or deleted.
    case articles(Set<String>)
}

/// One article's parse: the article (nil when the file is not a page) and what was found in it.
package struct CachedParse: Sendable {
    package var parsed: ParsedArticle?
    package var diagnostics: [Diagnostic]
}

/// One page's link check, with the routes it reaches by URL (stable from build to build, unlike route indexes).
package struct CachedCheck: Sendable {
    package var result: LinkChecker.PageResult
    package var targetURLs: Set<String>
    package var hasBrokenLinks: Bool
}

/// Everything a run of the pipeline made, kept by the preview so that the next run after an edit redoes only what
/// the edit changes. `SitePipeline.run` updates it in place.
package final class PipelineState: @unchecked Sendable {
    package var site: LoadedSite
    package var loadDiagnostics: [Diagnostic]
    /// By absolute path of the Markdown file.
    package var parses: [String: CachedParse]
    package var index: SiteIndex
    package var indexDiagnostics: [Diagnostic]
    package var routes: SiteRoutes
    /// Each route's signature (kind, title, source, anchors), by route index: what other pages' checks depend on.
    package var routeSignatures: [Int]
    /// By absolute path of the article's Markdown file.
    package var checks: [String: CachedCheck]
    /// The link counts of all checks.
    package var stats = LinkStats()
    package var links: LinkGraph
    /// Article positions that are orphans.
    package var orphans: [Int: Diagnostic]
    /// Article position → its page's output path; each product's articles that include its list.
    package var articlePages: [Int: String]
    package var listIncluders: [Int: [Int]]
    /// What the lists show (the products menu, each product's list, the site-wide list), to tell what to render.
    package var menu: [String]
    package var productLists: [String: Int]
    package var siteList: Int
    package var siteValues: SiteValues?
    package var preparedValues: PreparedSiteValues?
    package var renderDiagnostics: [Diagnostic]
    /// Rendered files (the preview's memory sink), by output path.
    package var outputs: LayeredMap<String, OutputEntry>
    /// Each file's findings, sorted, by file as shown in diagnostics; and the totals.
    package var findings: LayeredMap<String, [Diagnostic]>
    package var errorCount = 0, warningCount = 0
    /// How many errors of each rule there are.
    package var errorRules: [String: Int] = [:]
    /// Output path of each page written from a Markdown file → that file, for the preview's page panels.
    package var pageSources: [String: String]
    /// Each article's links by its file as shown in diagnostics, for the preview's page panels.
    package var linksByFile = LayeredMap<String, [LinkOccurrence]>()
    /// The search index as the last run left it, so that the next one analyses only the pages that changed.
    package var searchCache: SearchIndexCache?
    /// Links read under the baseurl (`BaseURLMismatch`), the evidence of every page added up, and its finding.
    package var linkAlias: LinkPrefixAlias?
    package var baseURLEvidence = BaseURLMismatch.PageEvidence()
    package var baseURLDiagnostics: [Diagnostic] = []

    /// Where each old URL leads, by the output path a request for it names (`how-to/old/index.html`): the
    /// preview answers it with a 301, as a host with the server maps would. Redirects that lead nowhere (their
    /// error is reported) are left out.
    package var redirectLocations: [String: String] {
        var locations: [String: String] = [:]
        for redirect in index.redirects { if let final = redirect.final { locations[redirect.relativePath] = final } }
        return locations
    }

    init(site: LoadedSite, loadDiagnostics: [Diagnostic], parses: [String: CachedParse], index: SiteIndex,
         indexDiagnostics: [Diagnostic], routes: SiteRoutes, routeSignatures: [Int], checks: [String: CachedCheck],
         links: LinkGraph, orphans: [Int: Diagnostic]) {
        self.site = site
        self.loadDiagnostics = loadDiagnostics
        self.parses = parses
        self.index = index
        self.indexDiagnostics = indexDiagnostics
        self.routes = routes
        self.routeSignatures = routeSignatures
        self.checks = checks
        self.links = links
        self.orphans = orphans
        articlePages = [:]
        listIncluders = [:]
        menu = []
        productLists = [:]
        siteList = 0
        renderDiagnostics = []
        outputs = LayeredMap()
        findings = LayeredMap()
        pageSources = [:]
    }
}
