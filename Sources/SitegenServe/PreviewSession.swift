package import Foundation
package import SitegenBuild
import SitegenContent
package import SitegenCore
package import SitegenOutput

/// The preview's builds: the build pipeline (`SitePipeline`) run into memory, and run again after each change,
/// told what changed so that it redoes only what the change needs. This type decides only that: which changes
/// are edits of articles and which may change anything, and when a new site is good enough to be served.
///
/// Not thread-safe: one rebuild at a time (the server's rebuild thread).
package final class PreviewSession: @unchecked Sendable {
    /// A complete built site, as the server serves it.
    package struct Snapshot: Sendable {
        /// Counts builds, so browsers can tell a new site from the one they loaded.
        package var generation: Int
        /// Output path (`how-to/x/index.html`) → content.
        package var files: LayeredMap<String, OutputEntry>
        /// Each file's findings, sorted, by file as shown in diagnostics.
        package var findings: LayeredMap<String, [Diagnostic]>
        /// Output path of each page written from a Markdown file → that file, for the page panels.
        package var pageSources: [String: String]
        /// Old URL's output path → where it leads (`PipelineState.redirectLocations`), answered with a 301.
        package var redirects: [String: String] = [:]
        /// When the build that made this snapshot finished (shown when a later build fails).
        package var builtAt = Date()
        /// The folders the site's files are read from: an asset is read through it when requested (and source
        /// lines for the panels), so a file swapped for a link to outside the site is never served.
        package var boundary = SiteBoundary(roots: [])
        /// Each article's links, by file as shown in diagnostics, and what lists their external ones with the cached
        /// result of the last external check (the page panels).
        package var links = LayeredMap<String, [LinkOccurrence]>()
        package var external: ExternalPreview.Context?

        /// The findings of one file.
        package func diagnostics(forFile file: String) -> [Diagnostic] { findings[file] ?? [] }

        /// Every finding, sorted.
        package var diagnostics: [Diagnostic] { findings.entries.flatMap(\.value).inOrder() }
    }

    /// What one rebuild did.
    package struct Outcome: Sendable {
        /// The new snapshot, or nil when the build failed (the previous one stays valid).
        package var snapshot: Snapshot?
        /// The errors that kept the build from being served (empty when it succeeded).
        package var blockingErrors: [Diagnostic]
        /// Every finding of this attempt, sorted (made when asked: a large site has thousands).
        package var diagnostics: [Diagnostic] { findings.map { $0.entries.flatMap(\.value).inOrder() } ?? failureDiagnostics }
        package var errorCount: Int
        package var warningCount: Int
        package var wasIncremental: Bool
        /// Articles parsed, pages checked and files rendered in this rebuild.
        package var parsed: Int
        package var checked: Int
        package var rendered: Int
        /// Output paths whose content changed (added, removed or different) since the last served site.
        package var changedFiles: Set<String>
        package var seconds: Double
        var findings: LayeredMap<String, [Diagnostic]>?
        var failureDiagnostics: [Diagnostic] = []
        /// Set when the site itself could not be loaded (its configuration, its content folder): no page was built.
        package var siteCouldNotLoad = false
    }

    private let pipeline: SitePipeline
    private let options: BuildOptions
    private var state: PipelineState?
    /// Set when the last rebuild could not load the site: the next one starts over.
    private var mustRebuildEverything = false
    /// Output paths changed by rebuilds since the last served site (those that failed).
    private var unserved: Set<String> = []
    private var generation = 0
    /// The articles' own errors the last served site had (`heldBack`).
    private var tolerated: Set<ErrorKey> = []

    package init(options: BuildOptions) {
        var options = options
        options.inMemory = true
        self.options = options
        pipeline = SitePipeline(options: options)
    }

    /// The site's baseurl, once it has been loaded.
    package var baseURL: String? { state?.site.config.baseURL }

    /// Folders and files to watch for the current site (after a successful load).
    package var watchTargets: (folders: [String], files: [String])? { state.map { $0.site.watchTargets } }

    /// Rebuilds after `changed` paths (absolute); nil or empty rebuilds everything.
    package func rebuild(changed: Set<String>?) -> Outcome {
        let started = ContinuousClock.now
        let changes: SourceChanges
        if let state, !mustRebuildEverything, let changed, !changed.isEmpty, let articles = Self.articles(changed, state.site) {
            changes = .articles(articles)
        } else {
            changes = .everything
        }
        let analysis = pipeline.analyze(previous: state, changes: changes, reusable: true)
        var outcome: Outcome
        if let next = analysis.state {
            var renderProblems: [Diagnostic] = []
            let rendering = pipeline.render(analysis, into: .memory, diagnostics: &renderProblems) ?? .init()
            state = next
            mustRebuildEverything = false
            unserved.formUnion(rendering.changedFiles)
            // The preview keeps serving the last good site while anything but link and content findings is an error,
            // except an article's own errors that the site already had (see `heldBack`).
            let hasBlockingRules = next.errorRules.keys.contains { !Self.isAdvisory($0) }
            let own = hasBlockingRules ? ownErrors(next) : []
            let blocking = hasBlockingRules ? heldBack(next, own: own) : []
            outcome = Outcome(snapshot: nil, blockingErrors: [], errorCount: next.errorCount, warningCount: next.warningCount,
                              wasIncremental: analysis.wasIncremental, parsed: analysis.parsed, checked: analysis.checked,
                              rendered: rendering.rendered, changedFiles: [], seconds: 0, findings: next.findings)
            if blocking.isEmpty {
                tolerated = Set(own.map(ErrorKey.init))
                generation += 1
                outcome.snapshot = Snapshot(generation: generation, files: next.outputs, findings: next.findings,
                                            pageSources: next.pageSources, redirects: next.redirectLocations,
                                            boundary: next.site.boundary, links: next.linksByFile,
                                            external: ExternalPreview.context(next, options: options))
                outcome.changedFiles = unserved
                unserved = []
            } else {
                outcome.blockingErrors = blocking.sorted()
            }
        } else {
            mustRebuildEverything = true
            let failure = analysis.failureDiagnostics.inOrder()
            outcome = Outcome(snapshot: nil, blockingErrors: failure.filter { $0.severity == .error },
                              errorCount: failure.count(of: .error), warningCount: failure.count(of: .warning),
                              wasIncremental: false, parsed: 0, checked: 0, rendered: 0, changedFiles: [], seconds: 0,
                              failureDiagnostics: failure, siteCouldNotLoad: true)
        }
        let duration = ContinuousClock.now - started
        outcome.seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return outcome
    }

    /// The errors that keep a build from being served: every error but link and content findings, except an
    /// article's own errors (in its front matter or its Markdown) that the site already had when the preview last
    /// served it, or when it started. A help center with one broken article is still previewed, that article's
    /// page showing its errors in its panel; an error that an edit brings keeps the last good site, and the
    /// overlay lists it, until it is fixed. Errors outside articles (a template, the configuration, two articles'
    /// routes) always keep it.
    private func heldBack(_ next: PipelineState, own: [Diagnostic]) -> [Diagnostic] {
        let ownKeys = Set(own.map(ErrorKey.init))
        func isHeld(_ diagnostic: Diagnostic) -> Bool {
            let key = ErrorKey(diagnostic)
            return !(ownKeys.contains(key) && (generation == 0 || tolerated.contains(key)))
        }
        // When the site's blocking errors are its articles' own (their counts by rule say so), only those are looked
        // at: an edit of a site with one broken article must not read every finding of the site (14 ms at 10,000
        // articles). Otherwise (an error elsewhere, or an own error made a warning in sitegen.yml), every finding.
        let blockingCounts = next.errorRules.filter { !Self.isAdvisory($0.key) && $0.value > 0 }
        if blockingCounts == Dictionary(own.map { ($0.rule, 1) }, uniquingKeysWith: +) { return own.filter(isHeld) }
        return next.findings.entries.flatMap(\.value).filter { diagnostic in
            diagnostic.severity == .error && !Self.isAdvisory(diagnostic.rule) && isHeld(diagnostic)
        }
    }

    /// The errors found in the articles themselves, outside link and content rules: when they were parsed, and
    /// when the site was loaded those at a Markdown file of the content folder (one that could not be read, or a
    /// symbolic link leading outside the site). Read by index, so that the site's other findings are not copied.
    private func ownErrors(_ next: PipelineState) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        func add(_ diagnostics: [Diagnostic], where keep: (Diagnostic) -> Bool = { _ in true }) {
            for index in diagnostics.indices where diagnostics[index].severity == .error && !Self.isAdvisory(diagnostics[index].rule) {
                if keep(diagnostics[index]) { errors.append(diagnostics[index]) }
            }
        }
        for parse in next.parses.values where !parse.diagnostics.isEmpty { add(parse.diagnostics) }
        let site = next.site
        add(next.loadDiagnostics) { diagnostic in
            let file = diagnostic.location.file
            return Self.isArticleFile(file.hasPrefix("/") ? file : site.siteRoot + "/" + file, site)
        }
        return errors
    }

    /// An error as the preview tells it from build to build: by file, rule and message, not by line, which an edit
    /// above it moves.
    private struct ErrorKey: Hashable {
        let file: String
        let rule: String
        let message: String

        init(_ diagnostic: Diagnostic) {
            (file, rule, message) = (diagnostic.location.file, diagnostic.rule, diagnostic.message)
        }
    }

    /// Findings the preview shows on the page instead of refusing to update: links and content problems.
    static func isAdvisory(_ rule: String) -> Bool {
        rule.hasPrefix("link-") || rule.hasPrefix("content-") || rule.hasPrefix("liquid-") || rule.hasPrefix("redirect-")
            || rule == "theme-link-broken"
    }

    /// The Markdown files among `changed` when every change is one (or an editor's temporary file, which changes
    /// nothing); nil when anything else changed (a folder, an asset, a template, the configuration), on which
    /// anything may depend.
    /// Whether an absolute path is a Markdown file of the content folder.
    static func isArticleFile(_ path: String, _ site: LoadedSite) -> Bool {
        let lower = path.lowercased()
        return path.hasPrefix(site.contentRoot + "/") && (lower.hasSuffix(".md") || lower.hasSuffix(".markdown"))
    }

    static func articles(_ changed: Set<String>, _ site: LoadedSite) -> Set<String>? {
        var sources: Set<String> = []
        for path in changed {
            let inContent = path.hasPrefix(site.contentRoot + "/")
            if isArticleFile(path, site) {
                sources.insert(path)
                continue
            }
            // Editors' temporary files (hidden, or gone again by now, like sed's and vim's) change nothing.
            if inContent, (path as NSString).lastPathComponent.hasPrefix(".")
                || (!FileManager.default.fileExists(atPath: path) && !site.filePaths.contains(path)) {
                continue
            }
            return nil
        }
        return sources
    }
}
