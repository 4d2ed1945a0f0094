import Foundation
import SitegenContent
package import SitegenCore
package import SitegenLinks
package import SitegenOutput
import SitegenSearch
package import SitegenTheme

/// Times the stages of a run and tells a progress line which one runs (the command line); the preview ignores it.
package final class StageClock: @unchecked Sendable {
    package private(set) var timings: [(stage: String, seconds: Double)] = []
    /// What a stage did besides its own time, by stage name (the search index begun beside the check).
    package private(set) var notes: [String: String] = [:]
    private let progress: @Sendable (Int, String) -> Void

    package init(progress: @escaping @Sendable (Int, String) -> Void = { _, _ in }) {
        self.progress = progress
    }

    /// Runs `body` as stage `number` (from 1) of `SitePipeline.stageNames`.
    package func time<T>(_ number: Int, _ body: () -> T) -> T {
        let name = SitePipeline.stageNames[number - 1]
        progress(number, name)
        let start = ContinuousClock.now
        let value = body()
        let duration = ContinuousClock.now - start
        timings.append((name, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
        return value
    }

    /// Notes what stage `number` did besides its own time.
    package func note(_ number: Int, _ text: String) {
        notes[SitePipeline.stageNames[number - 1]] = text
    }
}

/// The build, defined once: load → parse → index → check (`analyze`), then render (`render`), for `sitegen
/// build` and `check` (`SiteBuilder`, which adds the swap of the output folder) and for the preview
/// (`SitegenServe`, which decides what changed). A run may reuse the products of the previous one
/// (`PipelineState`): an article's parse when its file did not change, a page's link check when nothing it links
/// to changed, a rendered file when nothing it shows changed, so that an edit costs what it changes.
package struct SitePipeline: Sendable {
    /// Names of the stages, in order, as printed in progress and timing lines.
    package static let stageNames = ["load", "parse", "index", "check", "search", "render", "swap"]

    package let options: BuildOptions
    package let jobs: Int

    package init(options: BuildOptions) {
        self.options = options
        jobs = max(1, options.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// What `analyze` made: the site's state after the check, or the reason there is none.
    package struct Analysis {
        /// Nil when the site could not be loaded (`outcome` says why; `failureDiagnostics` hold the problems).
        package var state: PipelineState?
        package var outcome: BuildResult.Outcome
        package var failureDiagnostics: [Diagnostic] = []
        package var stats = LinkStats()
        package var resolver: LinkResolver?
        /// Work done: articles parsed and pages checked.
        package var parsed = 0, checked = 0
        package var wasIncremental = false
        /// Whether the site's files may have changed since the previous run (not after edits in place).
        package var filesMayHaveGone = true
        /// The output files the render stage must make again (nil: all of them). The search index's files are not
        /// among them: the search stage tells which of those changed.
        package var toRender: Set<String>?
        /// The articles (by position) whose search index entries may have changed; nil: any of them.
        package var searchCandidates: [Int]?
        /// A one-shot build's search index, begun beside the check (`BackgroundSearch`); nil for a check, the
        /// preview, and a site without search. A build that ends before its search stage abandons it.
        package var search: BackgroundSearch?
        /// Whether the theme's links must be checked again (every page is rendered).
        package var rendersEverything: Bool { toRender == nil }
        /// The source lines the parse stage's findings quote, taken as each file was parsed; nil in the preview,
        /// whose findings are shown one page at a time.
        package var quotes: SourceQuotes?
    }

    // MARK: - Analyze: load, parse, index, check

    /// Loads, parses, indexes and checks the site. With `previous` and `.articles` changes, only what the changed
    /// articles affect is done again, and `previous` is updated in place and returned as the new state; with
    /// `.everything`, only the previous outputs are kept, to tell which files changed. `writes: false` (a check)
    /// makes no HTML and leaves each product's articles in content order (no list is rendered). `reusable: true`
    /// (the preview) keeps what a later run needs to reuse the checks.
    /// `afterLoad` is called with the loaded site before the articles are parsed; a diagnostic it returns stops
    /// the run there (with `contentErrors`).
    package func analyze(previous: PipelineState?, changes: SourceChanges, writes: Bool = true, reusable: Bool = false,
                         reportInSite: Bool = false, clock: StageClock = StageClock(),
                         afterLoad: (LoadedSite) -> Diagnostic? = { _ in nil }) -> Analysis {
        // Stage 1: load (skipped when only existing articles were edited).
        var loadDiagnostics: [Diagnostic] = []
        var changed: Set<String> = []
        var reuse: PipelineState?
        var loadOutcome = BuildResult.Outcome.succeeded
        let loaded: LoadedSite? = clock.time(1) {
            if case .articles(let articles) = changes, let previous {
                changed = articles
                reuse = previous
                let known = previous.site.markdownPaths
                if articles.allSatisfy({ known.contains($0) && FileManager.default.fileExists(atPath: $0) }) {
                    loadDiagnostics = previous.loadDiagnostics
                    return previous.site
                }
                let (site, outcome) = LoadStage.run(options, theme: previous.site.theme, diagnostics: &loadDiagnostics)
                loadOutcome = outcome
                return site
            }
            let (site, outcome) = LoadStage.run(options, diagnostics: &loadDiagnostics)
            loadOutcome = outcome
            return site
        }
        guard let site = loaded else {
            return Analysis(state: nil, outcome: loadOutcome, failureDiagnostics: loadDiagnostics)
        }
        if let stop = afterLoad(site) {
            return Analysis(state: nil, outcome: .contentErrors, failureDiagnostics: loadDiagnostics + [stop])
        }
        let sameFiles = reuse.map { $0.site.files == site.files } ?? false

        // Stage 2: parse the articles that changed (all of them on a clean run).
        var parses: [String: CachedParse] = [:]
        var toParse: [SourceFile] = []
        /// The previous parses of the changed files, to tell what an edit changed.
        var before: [String: CachedParse] = [:]
        var madeQuotes: SourceQuotes?
        clock.time(2) {
            if let reuse, sameFiles {
                swap(&parses, &reuse.parses)
                // The changed files looked up, not found among all of them: an edit costs its own files.
                toParse = site.files(at: changed).filter { $0.kind == .markdown }
                for source in toParse { before[source.absolutePath] = parses[source.absolutePath] }
            } else {
                // Room for every article at once: growing a dictionary of 50,000 rehashes every key several times.
                parses.reserveCapacity(site.files.count)
                for source in site.files where source.kind == .markdown {
                    if let reuse, !changed.contains(source.absolutePath), let cached = reuse.parses[source.absolutePath] {
                        parses[source.absolutePath] = cached
                    } else {
                        toParse.append(source)
                    }
                }
            }
            var parser = ParseStage.Parser(site)
            parser.renderHTML = writes
            // A one-shot build that writes pages: the bodies wait for the render stage on disk, not in memory.
            if writes, !reusable, !options.inMemory {
                parser.spill = BodySpill(near: (site.outputRoot as NSString).deletingLastPathComponent)
            }
            if !reusable { parser.quotes = SourceQuotes(siteRoot: site.siteRoot, boundary: site.boundary) }
            madeQuotes = parser.quotes
            let sendableParser = parser
            let results = sendableParser.parseAll(toParse, jobs: jobs)
            for (source, result) in zip(toParse, results) {
                parses[source.absolutePath] = CachedParse(parsed: result.0, diagnostics: result.1)
            }
        }

        // Stages 3 and 4, in place when every changed article keeps what the site's index and lists are made of.
        if let reuse, sameFiles, let edits = Self.inPlaceEdits(toParse, old: reuse, before: before, new: parses) {
            reuse.parses = parses
            return updateInPlace(reuse, edits: edits, parsed: toParse.count, sortsByTitle: writes, clock: clock)
        }
        let sources = site.files.filter { $0.kind == .markdown }
        // Only a run with a previous state asks which files changed: a set of every path of a large site, made
        // for nothing, was serial work after the parse.
        let changedFiles = reuse == nil ? [] : changed.union(toParse.map(\.absolutePath))
        var analysis = rebuild(site: site, loadDiagnostics: loadDiagnostics, sources: sources, parses: parses,
                               previous: reuse, changed: changedFiles, parsed: toParse.count,
                               sortsByTitle: writes, reusable: reusable, reportInSite: reportInSite,
                               startsSearch: writes && !reusable, clock: clock)
        if case .everything = changes, let previous, let state = analysis.state {
            // Nothing is reused; the last outputs only tell which files the new ones change, and the search index's
            // pages are analysed again where their parse is new.
            state.outputs = previous.outputs
            state.searchCache = previous.searchCache
        }
        analysis.outcome = loadOutcome
        analysis.quotes = madeQuotes
        return analysis
    }

    /// Stages 3 and 4 for the whole site: a new index and routes; the checks of `previous` are reused for the pages
    /// whose links reach no route that changed.
    private func rebuild(site: LoadedSite, loadDiagnostics: [Diagnostic], sources: [SourceFile],
                         parses: [String: CachedParse], previous: PipelineState?, changed: Set<String>, parsed: Int,
                         sortsByTitle: Bool, reusable: Bool, reportInSite: Bool, startsSearch: Bool = false,
                         clock: StageClock) -> Analysis {
        let articles = sources.compactMap { parses[$0.absolutePath]?.parsed }
        var indexDiagnostics: [Diagnostic] = []
        let index = clock.time(3) {
            SiteIndex.build(articles, site: site, reportInSite: reportInSite, sortsByTitle: sortsByTitle, jobs: jobs,
                            diagnostics: &indexDiagnostics)
        }
        // A one-shot build's search index needs only the index: it is begun here, beside the check.
        let search = startsSearch ? SearchStage.start(index, site: site) : nil
        return clock.time(4) { () -> Analysis in
            let routes = CheckStage.routes(index, site: site, jobs: jobs)
            // Only a later run compares routes by signature (the preview); a build or a check that runs once
            // leaves them out (at 50,000 articles they were a twentieth of the serial work after the parse).
            let signatures = reusable ? parallelMap(Array(routes.routes.indices), jobs: jobs) { Self.signature(routes.routes[$0]) } : []
            // Pages to check again: all, or (the preview) those whose links reach a route that changed, and those
            // with broken links when a route appeared or went.
            var changedRoutes: Set<String> = []
            var routeSetChanged = previous == nil
            if let previous {
                var old: [String: Int] = [:]
                for (route, signature) in zip(previous.routes.routes, previous.routeSignatures) { old[route.url] = signature }
                var seen: Set<String> = []
                for (route, signature) in zip(routes.routes, signatures) {
                    seen.insert(route.url)
                    if old[route.url] != signature {
                        changedRoutes.insert(LinkChecker.pathKey(route.url))
                        if old[route.url] == nil { routeSetChanged = true }
                    }
                }
                for url in old.keys where !seen.contains(url) {
                    changedRoutes.insert(LinkChecker.pathKey(url))
                    routeSetChanged = true
                }
                // A broken link's fix names the unbuilt file at its URL: the pages with broken links are checked again.
                if previous.routes.unbuilt != routes.unbuilt { routeSetChanged = true }
            }
            var checks: [String: CachedCheck] = [:]
            checks.reserveCapacity(articles.count)
            var toCheck: [Int] = []
            for (position, parsed) in articles.enumerated() {
                let key = parsed.article.source.absolutePath
                if let cached = previous?.checks[key], !changed.contains(key),
                   cached.result.referencedPaths.isDisjoint(with: changedRoutes),
                   !(routeSetChanged && (cached.hasBrokenLinks || !cached.result.evidence.touched.isEmpty)) {
                    checks[key] = cached
                } else {
                    toCheck.append(position)
                }
            }
            // Links read under the baseurl as the last run read them (`BaseURLMismatch`), decided again below.
            var resolver = LinkResolver(routes: routes, alias: previous?.linkAlias.flatMap { $0.baseURL == routes.baseURL ? $0 : nil })
            for (position, check) in zip(toCheck, self.check(toCheck, index: index, resolver: resolver, site: site,
                                                              referencing: reusable)) {
                checks[articles[position].article.source.absolutePath] = check
            }
            var checkedNow = Set(toCheck)
            let baseURLEvidence = BaseURLCheck.totals(checks.values)
            let alias = BaseURLMismatch.decide(baseURLEvidence, baseURL: routes.baseURL)
            if alias != resolver.alias {
                // Only the pages with links under the old or the new prefix read differently.
                let old = resolver.alias
                resolver = LinkResolver(routes: routes, alias: alias)
                let again = articles.indices.filter { position in
                    checks[articles[position].article.source.absolutePath].map { BaseURLCheck.readsDifferently($0, old, alias) } ?? false
                }
                for (position, check) in zip(again, self.check(again, index: index, resolver: resolver, site: site,
                                                                referencing: reusable)) {
                    checks[articles[position].article.source.absolutePath] = check
                }
                checkedNow.formUnion(again)
            }
            // A build that runs once suggests nothing more after its link check (the theme's links are few, and a
            // suggestion for one makes the index again): its memory goes before the render stage, the build's peak.
            if !reusable { routes.releaseSuggestions() }
            // The routes each page reaches, as this build's route indexes: a page checked now has them; a page whose
            // check is reused has its targets' URLs (stable from build to build, unlike route indexes).
            let finalChecks = checks, finalCheckedNow = checkedNow
            let targets = parallelMap(Array(articles.indices), jobs: jobs) { position -> Set<Int> in
                let checks = finalChecks
                let check = checks[articles[position].article.source.absolutePath]!
                if finalCheckedNow.contains(position) { return check.result.targets }
                return Set(check.targetURLs.compactMap { routes.route(withURL: $0) })
            }
            let links = LinkGraph(index: index, routes: routes, targets: targets, updatable: reusable, jobs: jobs)
            let landings = Set(index.products.compactMap(\.landing))
            var orphans: [Int: Diagnostic] = [:]
            // An article whose body was not read links to pages nobody can know: no page is called an orphan then
            // (its own error says why), rather than a note in every file it may link to.
            let linksKnown = !articles.contains { $0.article.bodyIsOmitted }
            for position in articles.indices where linksKnown {
                if let orphan = links.orphan(position, index: index, landings: landings) { orphans[position] = orphan }
            }
            let state = PipelineState(site: site, loadDiagnostics: loadDiagnostics, parses: parses, index: index,
                                      indexDiagnostics: indexDiagnostics, routes: routes, routeSignatures: signatures,
                                      checks: checks, links: links, orphans: orphans)
            state.linkAlias = alias
            state.baseURLEvidence = baseURLEvidence
            state.baseURLDiagnostics = BaseURLCheck.diagnostics(alias, totals: baseURLEvidence, site: site)
            var analysis = Analysis(state: state, outcome: .succeeded, resolver: resolver)
            analysis.search = search
            if reusable {
                // What only a later run needs: where each article's page is, who includes which list, what the
                // lists show, and the findings by file.
                state.index.indexSources()
                state.articlePages = Self.articlePages(index)
                state.listIncluders = Self.listIncluders(index)
                state.pageSources = Self.pageSources(index)
                state.linksByFile = LayeredMap(PipelineState.linksByFile(parses))
                // With the feeds every page links in its <head>: a feed that comes or goes changes every page.
                state.menu = index.products.map { "\($0.name)\u{0}\($0.url.value)\u{0}\($0.feedURL?.value ?? "")" }
                    + [site.config.title, index.feedURL?.value ?? ""]
                (state.productLists, state.siteList) = Self.listSignatures(index)
                if let previous {
                    state.outputs = previous.outputs
                    state.searchCache = previous.searchCache
                    analysis.toRender = renderPlan(state, previous: previous, changed: changed)
                    if analysis.toRender != nil { state.renderDiagnostics = previous.renderDiagnostics }
                }
                regroupFindings(state)
            }
            state.stats = Self.stats(state)
            analysis.stats = state.stats
            analysis.parsed = parsed
            analysis.checked = toCheck.count
            analysis.wasIncremental = previous != nil
            return analysis
        }
    }

    /// Checks the pages of the articles at `positions`, on all cores.
    private func check(_ positions: [Int], index: SiteIndex, resolver: LinkResolver, site: LoadedSite,
                       referencing: Bool) -> [CachedCheck] {
        let settings = site.config.links
        let checker = LinkChecker(resolver: resolver, settings: settings, collectsReferencedPaths: referencing)
        let broken: Set<String> = [RuleCatalog.Resolution.broken, RuleCatalog.Resolution.brokenFragment,
                                   RuleCatalog.Resolution.caseMismatch]
        return parallelMap(positions, jobs: jobs) { position in
            let result = checker.check(CheckStage.pageLinks(index.articles[position], settings: settings))
            return CachedCheck(result: result,
                               targetURLs: referencing ? Set(result.targets.map { resolver.routes.routes[$0].url }) : [],
                               hasBrokenLinks: result.diagnostics.contains { broken.contains($0.rule) })
        }
    }

    // MARK: - In place, after edits of articles

    /// One edited article whose index entries stay as they were: its position, and whether what the lists show
    /// of it (title, date) changed.
    struct Edit {
        var position: Int
        var old: ParsedArticle
        var new: ParsedArticle
        var listsChanged: Bool
    }

    /// The edits, when every changed article is still a page at the same URL, in the same product, with the same
    /// product name and spelling (and, for a landing page, the same title, which names the product); else nil.
    private static func inPlaceEdits(_ parsed: [SourceFile], old: PipelineState, before previous: [String: CachedParse],
                                     new: [String: CachedParse]) -> [Edit]? {
        var edits: [Edit] = []
        for source in parsed {
            guard let before = previous[source.absolutePath]?.parsed, let after = new[source.absolutePath]?.parsed,
                  let position = old.index.position(ofSource: source.absolutePath) else { return nil }
            let a = before.article, b = after.article
            // An article whose body is (or was) omitted changes which orphans can be known: the whole site is redone.
            guard a.url == b.url, a.productSlug == b.productSlug, a.frontMatter.productURL == b.frontMatter.productURL,
                  a.frontMatter.product == b.frontMatter.product, !a.bodyIsOmitted, !b.bodyIsOmitted,
                  // Redirects are checked against the whole site (claims, chains): a change of them redoes it.
                  a.frontMatter.redirectFrom == b.frontMatter.redirectFrom, a.frontMatter.redirectTo == b.frontMatter.redirectTo,
                  // `published: false` added or removed: a page and its entries in the lists come or go.
                  a.frontMatter.isUnpublished == b.frontMatter.isUnpublished
            else { return nil }
            let isLanding = old.index.products.contains { $0.landing == position }
            if isLanding || position == old.index.homeContent, a.frontMatter.title != b.frontMatter.title { return nil }
            // An article that gains or loses its only date may make or remove a feed (`FeedOutput`): a new claim.
            if (a.frontMatter.lastModifiedDate ?? a.frontMatter.createdDate == nil)
                != (b.frontMatter.lastModifiedDate ?? b.frontMatter.createdDate == nil) { return nil }
            edits.append(Edit(position: position, old: before, new: after,
                              listsChanged: a.frontMatter.title != b.frontMatter.title
                                || a.frontMatter.lastModifiedDate != b.frontMatter.lastModifiedDate
                                || a.frontMatter.type != b.frontMatter.type
                                || a.frontMatter.createdDate != b.frontMatter.createdDate
                                || a.frontMatter.createdBy != b.frontMatter.createdBy
                                || a.frontMatter.lastModifiedBy != b.frontMatter.lastModifiedBy
                                || a.frontMatter.fields["category"] != b.frontMatter.fields["category"]))
        }
        return edits
    }

    private func updateInPlace(_ state: PipelineState, edits: [Edit], parsed: Int, sortsByTitle: Bool,
                               clock: StageClock) -> Analysis {
        let site = state.site
        clock.time(3) {
            for edit in edits { state.index.replaceArticle(at: edit.position, with: edit.new) }
            if sortsByTitle {
                let products = Set(edits.filter(\.listsChanged).compactMap { edit in
                    edit.new.article.productSlug.flatMap(state.index.productPosition)
                })
                for product in products { state.index.sortArticlesByTitle(ofProduct: product) }
            }
        }
        return clock.time(4) { () -> Analysis in
            // Routes of the edited articles whose anchors or title changed, and the pages whose links reach them.
            var changedRoutes: Set<String> = []
            for edit in edits {
                guard let route = state.routes.route(withURL: edit.new.article.url.value) else { continue }
                let old = state.routes.routes[route]
                let made = CheckStage.articleRoute(edit.new, url: old.url, kind: old.kind)
                let signature = Self.signature(made)
                if signature != state.routeSignatures[route] {
                    state.routes.replace(route, with: made)
                    state.routeSignatures[route] = signature
                    changedRoutes.insert(LinkChecker.pathKey(old.url))
                }
            }
            var toCheck = Set(edits.map(\.position))
            if !changedRoutes.isEmpty {
                for (position, parsed) in state.index.articles.enumerated()
                where state.checks[parsed.article.source.absolutePath]?.result.referencedPaths.isDisjoint(with: changedRoutes) == false {
                    toCheck.insert(position)
                }
            }
            var positions = toCheck.sorted()
            var resolver = LinkResolver(routes: state.routes, alias: state.linkAlias)
            var orphansToRedo = toCheck
            func take(_ positions: [Int], _ checks: [CachedCheck]) {
                for (position, check) in zip(positions, checks) {
                    let key = state.index.articles[position].article.source.absolutePath
                    if let old = state.checks[key] {
                        state.stats = state.stats - old.result.stats
                        state.baseURLEvidence.add(old.result.evidence, sign: -1)
                    }
                    state.stats = state.stats + check.result.stats
                    state.baseURLEvidence.add(check.result.evidence)
                    state.checks[key] = check
                    orphansToRedo.formUnion(state.links.set(position, targets: check.result.targets, index: state.index))
                }
            }
            take(positions, check(positions, index: state.index, resolver: resolver, site: site, referencing: true))
            // The edit may change which prefix the site's links are read under (`BaseURLMismatch`): then the pages
            // that read differently are checked again, as a whole build would have checked them.
            let alias = BaseURLMismatch.decide(state.baseURLEvidence, baseURL: state.routes.baseURL)
            if alias != state.linkAlias {
                let old = state.linkAlias
                resolver = LinkResolver(routes: state.routes, alias: alias)
                state.linkAlias = alias
                let again = state.index.articles.indices.filter { position in
                    state.checks[state.index.articles[position].article.source.absolutePath]
                        .map { BaseURLCheck.readsDifferently($0, old, alias) } ?? false
                }
                take(again, check(again, index: state.index, resolver: resolver, site: site, referencing: true))
                orphansToRedo.formUnion(again)
                positions = Array(Set(positions).union(again)).sorted()
            }
            var regroupedFiles: Set<String> = []
            let baseURLDiagnostics = BaseURLCheck.diagnostics(alias, totals: state.baseURLEvidence, site: site)
            if baseURLDiagnostics != state.baseURLDiagnostics {
                regroupedFiles = Set((baseURLDiagnostics + state.baseURLDiagnostics).map(\.location.file))
                state.baseURLDiagnostics = baseURLDiagnostics
            }
            let landings = Set(state.index.products.compactMap(\.landing))
            let linksKnown = !state.index.articles.contains { $0.article.bodyIsOmitted }
            for position in orphansToRedo where linksKnown {
                state.orphans[position] = state.links.orphan(position, index: state.index, landings: landings)
            }
            regroupFindings(state, articles: orphansToRedo, files: regroupedFiles.isEmpty ? nil : regroupedFiles)

            var toRender: Set<String> = []
            var listsChanged = false
            for edit in edits {
                if let page = state.articlePages[edit.position] { toRender.insert(page) }
                guard edit.listsChanged else { continue }
                listsChanged = true
                // Its product's page and the pages that include its product's list.
                if let product = edit.new.article.productSlug.flatMap(state.index.productPosition) {
                    toRender.insert(state.index.products[product].url.outputRelativePath ?? "")
                    for includer in state.listIncluders[product] ?? [] {
                        if let page = state.articlePages[includer] { toRender.insert(page) }
                    }
                    // Its product's articles, whose previous and next links follow the product page's order.
                    for member in state.index.products[product].articles {
                        if let page = state.articlePages[member] { toRender.insert(page) }
                    }
                }
            }
            for file in state.index.files {
                switch file.producer {
                case .product(let slug):
                    if let landing = state.index.products[state.index.productPosition(slug)!].landing,
                       edits.contains(where: { $0.position == landing }) { toRender.insert(file.relativePath) }
                case .home:
                    if let home = state.index.homeContent, edits.contains(where: { $0.position == home }) {
                        toRender.insert(file.relativePath)
                    }
                case .allArticles, .sitemap, .feed:
                    if listsChanged { toRender.insert(file.relativePath) }
                default:
                    continue
                }
            }
            // The URL list holds every page's anchors: made again when an edit changed an article's (an in-place edit
            // keeps each page's URL and file).
            if edits.contains(where: { URLList.anchors(of: $0.old) != URLList.anchors(of: $0.new) }),
               let list = URLList.url.outputRelativePath {
                toRender.insert(list)
            }
            toRender.remove("")
            if listsChanged {
                state.siteValues = nil
                state.preparedValues = nil
                (state.productLists, state.siteList) = Self.listSignatures(state.index)
            }
            var analysis = Analysis(state: state, outcome: .succeeded, resolver: resolver)
            analysis.stats = state.stats
            analysis.parsed = parsed
            analysis.checked = positions.count
            analysis.wasIncremental = true
            analysis.filesMayHaveGone = false
            analysis.toRender = toRender
            // An edit in place keeps every page's URL and product: only the edited pages' entries can change.
            analysis.searchCandidates = edits.map(\.position)
            state.updateLinksByFile(edits.map(\.new))
            return analysis
        }
    }

    // MARK: - Findings

    /// Groups anew the findings of the articles at `articles` and of the other `files` (everything when both are
    /// nil), with the site's severities, and updates the totals.
    private func regroupFindings(_ state: PipelineState, articles: Set<Int>? = nil, files: Set<String>? = nil) {
        let settings = state.site.config.links
        var global = state.loadDiagnostics + CheckStage.unknownRules(state.site) + state.indexDiagnostics
            + state.baseURLDiagnostics
            + state.renderDiagnostics
        var byFile: [String: [Diagnostic]] = [:]
        if articles == nil, files == nil {
            state.findings = LayeredMap()
            (state.errorCount, state.warningCount, state.errorRules) = (0, 0, [:])
            for source in state.site.files where source.kind == .markdown {
                global += state.parses[source.absolutePath]?.diagnostics ?? []
            }
            for parsed in state.index.articles {
                global += state.checks[parsed.article.source.absolutePath]?.result.diagnostics ?? []
            }
            global += state.orphans.values
            for diagnostic in global { byFile[diagnostic.location.file, default: []].append(diagnostic) }
        } else {
            var wanted = files ?? []
            for position in articles ?? [] {
                let parsed = state.index.articles[position]
                let file = parsed.article.source.displayPath
                let key = parsed.article.source.absolutePath
                wanted.insert(file)
                byFile[file, default: []] += (state.parses[key]?.diagnostics ?? []) + (state.checks[key]?.result.diagnostics ?? [])
                if let orphan = state.orphans[position] { byFile[file, default: []].append(orphan) }
            }
            for file in wanted where byFile[file] == nil { byFile[file] = [] }
            for diagnostic in global where wanted.contains(diagnostic.location.file) {
                byFile[diagnostic.location.file, default: []].append(diagnostic)
            }
            // A file that is not an article of the edit but has article findings (a render finding in an article's
            // file): its article's findings stay in its group.
            if let files, !files.isEmpty {
                for (position, parsed) in state.index.articles.enumerated()
                where files.contains(parsed.article.source.displayPath) && !(articles?.contains(position) ?? false) {
                    let key = parsed.article.source.absolutePath
                    byFile[parsed.article.source.displayPath, default: []] += (state.parses[key]?.diagnostics ?? [])
                        + (state.checks[key]?.result.diagnostics ?? []) + (state.orphans[position].map { [$0] } ?? [])
                }
            }
        }
        for (file, diagnostics) in byFile {
            let list = CheckStage.applySeverities(diagnostics, settings).inOrder()
            func count(_ diagnostics: [Diagnostic], _ sign: Int) {
                for diagnostic in diagnostics {
                    switch diagnostic.severity {
                    case .error:
                        state.errorCount += sign
                        state.errorRules[diagnostic.rule, default: 0] += sign
                        if state.errorRules[diagnostic.rule] == 0 { state.errorRules[diagnostic.rule] = nil }
                    case .warning: state.warningCount += sign
                    case .note: break
                    }
                }
            }
            if let old = state.findings[file] { count(old, -1) }
            count(list, 1)
            state.findings[file] = list.isEmpty ? nil : list
        }
    }

    /// Every finding of the state (but the render stage's), with the site's severities, sorted by file, line
    /// and column.
    /// `jobs`: threads that gather the files' findings (a run's last step before its reports: at 50,000 articles
    /// and 80,000 findings, about 0.2 s on one core while the other waited).
    /// `minimumFiles`: the fewest files gathered on several threads.
    package static func diagnostics(of state: PipelineState, jobs: Int = 1, minimumFiles: Int = 2_048) -> [Diagnostic] {
        var all = state.loadDiagnostics + CheckStage.unknownRules(state.site) + state.indexDiagnostics
            + state.baseURLDiagnostics
        let settings = state.site.config.links
        CheckStage.applySeverities(&all, settings)
        // File by file, each file's findings in order (its parse's, its check's, then its orphan note, as a stable
        // sort keeps them), in the site's order of files, which is nearly always the findings' order: the sort
        // below then finds them in one run instead of sorting 40,000 findings of 50,000 articles again. Runs of
        // files are gathered on `jobs` threads and joined in order: the same list as one thread makes.
        var orphansByPath: [String: Diagnostic] = [:]
        for (position, orphan) in state.orphans { orphansByPath[state.index.articles[position].article.source.absolutePath] = orphan }
        let (orphans, parses, checks, files) = (orphansByPath, state.parses, state.checks, state.site.files)
        let runs = jobs > 1 && files.count >= max(1, minimumFiles) ? min(files.count, jobs * 8) : 1
        let parts = parallelMap(Array(0..<runs), jobs: jobs) { run -> [Diagnostic] in
            var part: [Diagnostic] = []
            var group: [Diagnostic] = []
            for source in files[files.count * run / runs..<files.count * (run + 1) / runs] where source.kind == .markdown {
                guard let parse = parses[source.absolutePath] else { continue }
                group.removeAll(keepingCapacity: true)
                group += parse.diagnostics
                // The files with an article are those the index and the check have (`rebuild`).
                if parse.parsed != nil {
                    group += checks[source.absolutePath]?.result.diagnostics ?? []
                    if let orphan = orphans[source.absolutePath] { group.append(orphan) }
                }
                part += group.count > 1 ? group.inOrder() : group
            }
            // Each finding's severity is the site's for its rule, whatever is around it.
            CheckStage.applySeverities(&part, settings)
            return part
        }
        all.reserveCapacity(all.count + parts.reduce(0) { $0 + $1.count })
        for part in parts { all += part }
        return all.inOrder()
    }

    /// `diagnostics(of:)` for a state that will not be run again (a build or a check rather than the preview): the
    /// findings kept by file and by page are dropped once gathered. They are a copy of the list, which at 50,000
    /// articles with 80,000 findings held 15 MB until the end of the render stage, where the build's peak is.
    package static func takeDiagnostics(of state: PipelineState, jobs: Int = 1) -> [Diagnostic] {
        let all = diagnostics(of: state, jobs: jobs)
        for index in state.parses.values.indices { state.parses.values[index].diagnostics = [] }
        for index in state.checks.values.indices { state.checks.values[index].result.diagnostics = [] }
        return all
    }

    // MARK: - Render

    /// Where the render stage writes.
    package enum Target {
        /// A build's staging folder: swept of what the new site does not have, written, then recorded in a
        /// manifest. `previous`: the manifest of the reused tree; `report`: the in-site link report's values.
        case folder(OutputFolder, previous: PreviousManifest?, report: LinkReportValues?, keepsValuesUntilExit: Bool)
        /// Memory: the preview's files, kept in the state.
        case memory
    }

    /// What `render` did: the counts, the folder's new manifest, and the files whose bytes changed (memory).
    package struct Rendering {
        package init() {}
        init(pages: Int, assets: Int, manifest: OutputManifest? = nil, changedFiles: Set<String> = [], rendered: Int) {
            (self.pages, self.assets, self.manifest, self.changedFiles, self.rendered) = (pages, assets, manifest, changedFiles, rendered)
        }
        package var pages = 0, assets = 0
        package var manifest: OutputManifest?
        package var changedFiles: Set<String> = []
        package var rendered = 0
    }

    /// Stage 5: renders the pages `analysis` asks for (all of them, or those an edit changed) into `target`.
    /// Nil (with a diagnostic) when the staging folder cannot be swept.
    package func render(_ analysis: Analysis, into target: Target, clock: StageClock = StageClock(),
                        diagnostics: inout [Diagnostic]) -> Rendering? {
        guard let state = analysis.state, let resolver = analysis.resolver else { return Rendering() }
        let site = state.site, index = state.index
        let themeLinks = analysis.rendersEverything
            ? ThemeLinks(resolver: resolver, theme: site.theme, siteURL: site.config.siteURL) : nil
        // The search index: made whole by a build (begun beside the check), a spill file beside the output folder
        // keeping its files until they are written; brought up to date by the preview, which then renders only the
        // index files that changed.
        var toRender = analysis.toRender
        var beside: (seconds: Double, pages: Int)?
        let search = clock.time(5) { () -> SearchFiles? in
            if case .folder = target {
                // Begun beside the check by a build (a render into a folder without it begins it here).
                guard let background = analysis.search ?? SearchStage.start(index, site: site) else { return nil }
                let finished = background.finish(jobs: jobs)
                if analysis.search != nil { beside = finished.beside }
                return finished.files
            }
            let cache = state.searchCache ?? SearchIndexCache()
            state.searchCache = cache
            guard let update = SearchStage.update(cache, index, site: site, jobs: jobs, everyFile: toRender == nil,
                                                  candidates: analysis.searchCandidates) else {
                return nil
            }
            if toRender != nil, let folder = index.searchURL {
                for path in update.changed {
                    if let file = SitePath(folder.value + path).outputRelativePath { toRender!.insert(file) }
                }
            }
            return update.files
        }
        if let beside {
            clock.note(5, "\(durationText(beside.seconds)) and \(beside.pages) pages beside the check")
        }
        return clock.time(6) { () -> Rendering? in
            switch target {
            case .folder(let output, let previous, let report, let keepsValues):
                var found: [Diagnostic] = []
                guard let written = RenderStage.run(index, site: site, output: output, jobs: jobs, previous: previous,
                                                    report: report, themeLinks: themeLinks, keepsValuesUntilExit: keepsValues,
                                                    search: search, diagnostics: &found) else {
                    diagnostics += found
                    return nil
                }
                diagnostics += found
                state.renderDiagnostics = found
                // Its table of 13,000 files at 50,000 articles was freed on one core at the end of the build.
                if keepsValues, let search { ProcessLifetime.keep(search) }
                return Rendering(pages: written.pages, assets: written.assets, manifest: written.manifest,
                                 rendered: written.pages + written.assets)
            case .memory:
                let values: (SiteValues, PreparedSiteValues)
                if let siteValues = state.siteValues, let prepared = state.preparedValues {
                    values = (siteValues, prepared)
                } else {
                    let siteValues = RenderStage.makeSiteValues(index, site: site)
                    values = (siteValues, PreparedSiteValues(siteValues))
                    (state.siteValues, state.preparedValues) = values
                }
                let sink = MemorySink()
                var found: [Diagnostic] = []
                let counts = RenderStage.run(index, site: site, sink: sink, jobs: jobs, only: toRender,
                                             values: values, themeLinks: themeLinks, search: search, diagnostics: &found)
                var changed: Set<String> = []
                let fresh = sink.contents
                if analysis.toRender == nil || analysis.filesMayHaveGone {
                    // The files the site no longer has go.
                    let paths = Set(index.files.map(\.relativePath))
                    for path in state.outputs.keys where !paths.contains(path) {
                        state.outputs[path] = nil
                        changed.insert(path)
                    }
                }
                for (path, entry) in fresh where state.outputs[path] != entry {
                    state.outputs[path] = entry
                    changed.insert(path)
                }
                // Theme links and template warnings are those of the last full render when only some pages were made:
                // the templates have not changed.
                let renderFindings = analysis.rendersEverything
                    ? found : state.renderDiagnostics + found.filter { $0.rule == "output-write-failed" }
                if renderFindings != state.renderDiagnostics {
                    let files = Set(renderFindings.map(\.location.file)).union(state.renderDiagnostics.map(\.location.file))
                    state.renderDiagnostics = renderFindings
                    regroupFindings(state, files: files)
                }
                diagnostics += found
                return Rendering(pages: counts.pages, assets: counts.assets, changedFiles: changed,
                                 rendered: counts.pages + counts.assets)
            }
        }
    }

    /// The output files a rebuild of the whole site must make again, given what the last run made: the pages of the
    /// changed articles, the lists whose content changed, and every file when the products menu changed.
    /// (Only after `.articles` changes: the theme and the configuration are as they were.)
    private func renderPlan(_ state: PipelineState, previous: PipelineState, changed: Set<String>) -> Set<String>? {
        let index = state.index
        guard previous.menu == state.menu else { return nil }
        let listsChanged = previous.siteList != state.siteList
        let changedProducts = Set(state.productLists.keys.filter { previous.productLists[$0] != state.productLists[$0] })
            .union(previous.productLists.keys.filter { state.productLists[$0] == nil })
        if changedProducts.isEmpty, !listsChanged {
            state.siteValues = previous.siteValues
            state.preparedValues = previous.preparedValues
        }
        var wanted: Set<String> = []
        let articles = index.articles
        for file in index.files {
            let isNew = previous.outputs[file.relativePath] == nil
            switch file.producer {
            case .article(let position):
                let parsed = articles[position]
                // An article of a changed product: its previous and next links (and an included list) follow the
                // product page.
                if isNew || changed.contains(parsed.article.source.absolutePath)
                    || parsed.article.productSlug.flatMap(index.productPosition)
                        .map({ changedProducts.contains(index.products[$0].slug) }) == true {
                    wanted.insert(file.relativePath)
                }
            case .product(let slug):
                let landing = index.products[index.productPosition(slug)!].landing
                if isNew || changedProducts.contains(slug)
                    || landing.map({ changed.contains(articles[$0].article.source.absolutePath) }) == true {
                    wanted.insert(file.relativePath)
                }
            case .home:
                // The home page shows each product's article count, and the home intro when there is one.
                if isNew || !changedProducts.isEmpty || listsChanged
                    || index.homeContent.map({ changed.contains(articles[$0].article.source.absolutePath) }) == true {
                    wanted.insert(file.relativePath)
                }
            case .allArticles, .sitemap, .feed:
                if isNew || !changedProducts.isEmpty || listsChanged { wanted.insert(file.relativePath) }
            case .notFound, .robots, .linkReport, .contentAsset, .themeAsset:
                if isNew { wanted.insert(file.relativePath) }
            case .redirect, .redirectMap, .urlList:
                // They follow other pages' URLs (and the list, their anchors): made again, kept only if they changed.
                wanted.insert(file.relativePath)
            case .searchIndex:
                // The search stage tells which of its files changed.
                continue
            }
        }
        return wanted
    }

    // MARK: - Helpers

    /// What other pages' checks depend on in a route: its kind, title, source and anchors.
    private static func signature(_ route: Route) -> Int {
        var hasher = Hasher()
        hasher.combine(route.kind)
        hasher.combine(route.title)
        hasher.combine(route.contentPath)
        hasher.combine(route.anchors.map { $0.sorted() })
        hasher.combine(route.redirectTarget)
        return hasher.finalize()
    }

    /// What each product's list and the site-wide lists show: titles, URLs, dates, products.
    static func listSignatures(_ index: SiteIndex) -> (products: [String: Int], site: Int) {
        var products: [String: Int] = [:]
        for product in index.products {
            var hasher = Hasher()
            hasher.combine(product.name)
            hasher.combine(product.landing.map { index.articles[$0].article.source.absolutePath })
            for member in product.articles {
                let article = index.articles[member].article
                hasher.combine(article.frontMatter.title)
                hasher.combine(article.url)
                hasher.combine(article.frontMatter.lastModifiedDate)
                // The product page's groups.
                hasher.combine(article.frontMatter.type)
                hasher.combine(article.frontMatter.fields["category"])
            }
            products[product.slug] = hasher.finalize()
        }
        var site = Hasher()
        for parsed in index.articles {
            site.combine(parsed.article.frontMatter.title)
            site.combine(parsed.article.url)
            site.combine(parsed.article.frontMatter.lastModifiedDate)
            site.combine(parsed.article.productSlug)
        }
        return (products, site.finalize())
    }

    private static func stats(_ state: PipelineState) -> LinkStats {
        var stats = LinkStats()
        for parsed in state.index.articles {
            if let check = state.checks[parsed.article.source.absolutePath] { stats = stats + check.result.stats }
        }
        return stats
    }

    private static func articlePages(_ index: SiteIndex) -> [Int: String] {
        var pages: [Int: String] = [:]
        for file in index.files {
            if case .article(let position) = file.producer { pages[position] = file.relativePath }
        }
        return pages
    }

    /// Each product's articles whose body includes the product's list.
    private static func listIncluders(_ index: SiteIndex) -> [Int: [Int]] {
        var includers: [Int: [Int]] = [:]
        for (position, parsed) in index.articles.enumerated() where parsed.partials.contains("all-articles-list") {
            if let product = parsed.article.productSlug.flatMap(index.productPosition) {
                includers[product, default: []].append(position)
            }
        }
        return includers
    }

    static func pageSources(_ index: SiteIndex) -> [String: String] {
        var sources: [String: String] = [:]
        for file in index.files {
            switch file.producer {
            case .article(let position): sources[file.relativePath] = index.articles[position].article.source.displayPath
            case .product(let slug):
                if let landing = index.products[index.productPosition(slug)!].landing {
                    sources[file.relativePath] = index.articles[landing].article.source.displayPath
                }
            case .home:
                if let home = index.homeContent { sources[file.relativePath] = index.articles[home].article.source.displayPath }
            default: break
            }
        }
        return sources
    }
}
