import Synchronization
import Foundation
import SitegenContent
import SitegenCore
import SitegenOutput
import SitegenLinks
import SitegenTheme

/// Builds a site as a list of named, timed stages: load → parse → index → check → render and write → swap in.
/// `check` runs the same stages up to and including the link check, and writes nothing.
public struct SiteBuilder: Sendable {
    /// Names of the stages of a build, in order, as printed in progress and timing lines.
    public static let stageNames = SitePipeline.stageNames
    /// The stages `check` runs.
    public static let checkStageNames = Array(stageNames.prefix(4))

    public init() {}

    /// Runs the build. `progress` is called with (stage number from 1, stage name) as each stage starts, and
    /// `waiting` once with a message when the build waits for another one writing the same output folder.
    public func build(_ options: BuildOptions,
                      progress: @escaping @Sendable (Int, String) -> Void = { _, _ in },
                      waiting: (String) -> Void = { _ in }) -> BuildResult {
        run(options, writing: true, progress: progress, waiting: waiting)
    }

    /// Checks the site (front matter, Markdown, links) without rendering or writing anything.
    public func check(_ options: BuildOptions,
                      progress: @escaping @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
        run(options, writing: false, progress: progress)
    }

    private func run(_ options: BuildOptions, writing: Bool, progress: @escaping @Sendable (Int, String) -> Void,
                     waiting: (String) -> Void = { _ in }) -> BuildResult {
        let clock = StageClock(progress: progress)
        let pipeline = SitePipeline(options: options)
        var diagnostics: [Diagnostic] = []
        var analysis: SitePipeline.Analysis?
        defer { if options.keepsDataUntilExit { ProcessLifetime.keep(analysis?.state) } }
        var stats: LinkStats?
        var external: ExternalSummary?
        var urlChanges: URLChanges?
        // The source lines the findings quote, read once for the report page, the terminal and the other reports.
        var madeQuotes: SourceQuotes?
        func quotes(of site: LoadedSite) -> SourceQuotes {
            if let madeQuotes { return madeQuotes }
            let made = SourceQuotes(siteRoot: site.siteRoot, boundary: site.boundary)
            madeQuotes = made
            return made
        }
        func result(_ outcome: BuildResult.Outcome, output: String, configFile: String?, pages: Int = 0,
                    assets: Int = 0) -> BuildResult {
            var result = BuildResult(outcome: outcome, diagnostics: diagnostics.inOrder(), timings: clock.timings,
                                     pagesWritten: pages, assetsCopied: assets, outputFolder: output,
                                     configFile: configFile)
            result.stageNotes = clock.notes
            result.external = external
            if let state = analysis?.state {
                result.boundary = state.site.boundary
                let quotes = quotes(of: state.site)
                result.quotes = quotes
                var made = Self.report(result.diagnostics, stats: stats, index: state.index, external: external)
                made.urlChanges = urlChanges
                let report = made
                result.report = report
                if options.htmlReport == .standalone {
                    let index = state.index, site = state.site, jobs = pipeline.jobs, keeps = options.keepsDataUntilExit
                    result.standaloneHTMLReport = { sink in
                        Self.standaloneReport(report, index: index, site: site, quotes: quotes, jobs: jobs,
                                              keepingValuesUntilExit: keeps, to: sink)
                    }
                }
                if outcome == .succeeded, writing, let url = state.index.linkReportURL { result.htmlReportURL = url.value }
            }
            return result
        }

        // A build holds the output folder's lock from the moment it knows the folder until its tree is in place
        // (or it failed): the staging and previous folders beside the output are shared by all builds into it.
        var lock: OutputLock?
        defer { lock?.release() }
        // The previous output tree's manifest is read while the articles are parsed: the render stage reuses it.
        var previousManifest: BackgroundValue<PreviousManifest?>?
        let made = pipeline.analyze(previous: nil, changes: .everything, writes: writing,
                                    reportInSite: writing && options.htmlReport == .inSite, clock: clock,
                                    afterLoad: { site in
                                        guard writing else { return nil }
                                        let output = OutputFolder(target: site.outputRoot)
                                        do throws(OutputLock.Failure) {
                                            lock = try Self.lock(output, wait: options.waitsForOutput, waiting: waiting)
                                        } catch {
                                            return Self.lockDiagnostic(error, output: site.outputRoot, siteRoot: site.siteRoot)
                                        }
                                        previousManifest = BackgroundValue { PreviousManifest.load(output.retiredManifest) }
                                        return nil
                                    })
        analysis = made
        madeQuotes = made.quotes
        // The search index begun beside the check is abandoned when the build ends before its search stage.
        defer { made.search?.abandon() }
        guard let state = made.state else {
            diagnostics = made.failureDiagnostics
            return result(made.outcome, output: "", configFile: nil)
        }
        let site = state.site
        diagnostics = SitePipeline.takeDiagnostics(of: state, jobs: pipeline.jobs)
        stats = made.stats
        if options.checksExternalLinks || options.externalOffline || site.config.links.external.check,
           let resolver = made.resolver {
            let (found, summary) = ExternalStage.run(state, resolver: resolver, options: options)
            diagnostics += found
            external = summary
        }
        if let reference = options.baseline ?? site.config.stability.baseline, !reference.isEmpty {
            // The URL-stability guard: what this version of the site does to the URLs the baseline published.
            let configFile = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? ConfigLoader.fileName
            let location = options.baseline != nil ? SourceLocation(file: "--baseline")
                : site.config.stability.baselineLocation ?? SourceLocation(file: configFile)
            let (found, changes) = URLStability.run(.init(reference: reference, location: location), state: state,
                                                    resolver: made.resolver, options: options, jobs: pipeline.jobs)
            diagnostics += found
            urlChanges = changes
        }
        if writing, site.config.siteURL.isEmpty {
            let file = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? site.siteRoot
            diagnostics.append(Diagnostic(.note, SourceLocation(file: file), rule: "sitemap-skipped",
                "sitemap.xml is not written because no site 'url' is configured (sitemaps need absolute URLs); "
                    + "set 'url' in \(ConfigLoader.fileName) or pass --site-url"))
        }
        // Freeing the route indexes was serial work at the end of the build.
        if options.keepsDataUntilExit { ProcessLifetime.keep(made.resolver) }
        func failed() -> Bool {
            diagnostics.hasErrors || (options.strict && diagnostics.has(.warning))
        }
        if !writing {
            return result(failed() ? .contentErrors : .succeeded, output: site.outputRoot, configFile: site.configFile)
        }
        if failed() { return result(.contentErrors, output: site.outputRoot, configFile: site.configFile) }

        let output = OutputFolder(target: site.outputRoot)
        let keep = site.config.keepFiles
        do {
            try output.prepareStaging(keep: keep)
        } catch {
            diagnostics.append(.error(SourceLocation(file: output.staging), rule: "output-write-failed",
                                      "cannot create the staging folder: \(ErrorText.describe(error))"))
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        var reportValues: LinkReportValues?
        if state.index.linkReportURL != nil {
            reportValues = ReportPage.values(Self.report(diagnostics, stats: stats, index: state.index, external: external),
                                             quotes: quotes(of: site), inlineStylesheet: "", jobs: pipeline.jobs)
        }
        // What is in the output folder that no build wrote, found while the new tree is rendered.
        let paths = state.index.files.map { $0.relativePath }
        let foreign = BackgroundValue {
            output.foreignEntries(files: Set(paths), folders: OutputFolder.folders(of: paths), keep: keep)
        }
        let written = pipeline.render(made, into: .folder(output, previous: previousManifest?.value ?? nil, report: reportValues,
                                                          keepsValuesUntilExit: options.keepsDataUntilExit),
                                      clock: clock, diagnostics: &diagnostics)
        let foreignPaths = foreign.value
        if written?.manifest != nil, !foreignPaths.isEmpty {
            diagnostics.append(Self.foreignDiagnostic(foreignPaths, output: output, site: site))
        }
        guard let written, let manifest = written.manifest, !failed() else {
            output.discard(keep: keep)
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        let swapped = clock.time(7) { () -> Bool in
            do {
                try output.commit(manifest: manifest, keep: keep)
                return true
            } catch {
                diagnostics.append(.error(SourceLocation(file: site.outputRoot), rule: "output-write-failed",
                                          "cannot move the new site into place: \(ErrorText.describe(error))"))
                output.discard(keep: keep)
                return false
            }
        }
        return result(swapped ? .succeeded : .contentErrors, output: site.outputRoot, configFile: site.configFile,
                      pages: written.pages, assets: written.assets)
    }

    /// Takes the output folder's lock; `waiting` is told once when another process holds it.
    private static func lock(_ output: OutputFolder, wait: Bool, waiting: (String) -> Void) throws(OutputLock.Failure) -> OutputLock {
        try OutputLock.acquire(output, wait: wait) { holder in
            waiting("waiting for \(holder.map { "process \($0)" } ?? "another process"), which is building into "
                + "'\(output.target)', to finish")
        }
    }

    /// The error for an output folder whose lock could not be taken.
    private static func lockDiagnostic(_ failure: OutputLock.Failure, output: String, siteRoot: String) -> Diagnostic {
        let location = SourceLocation(file: LoadStage.display(output, siteRoot))
        switch failure {
        case .held(let holder):
            return Diagnostic(.error, location, rule: "output-locked",
                              "\(holder.map { "process \($0)" } ?? "another process") is building into this output folder",
                              fixIt: "wait for it to finish, or leave out --no-wait to wait for it")
        case .unusable(let reason):
            return .error(location, rule: "output-locked", reason)
        }
    }

    /// Most foreign paths a warning names.
    static let foreignListLimit = 10

    /// The warning for files in the output folder that no build wrote: the new tree replaces them.
    private static func foreignDiagnostic(_ paths: [String], output: OutputFolder, site: LoadedSite) -> Diagnostic {
        let shown = paths.prefix(foreignListLimit).map { "'\($0)'" }.joined(separator: ", ")
        let more = paths.count > foreignListLimit ? " and \(paths.count - foreignListLimit) more" : ""
        let count = paths.count == 1 ? "1 entry" : "\(paths.count) entries"
        let previous = URL(fileURLWithPath: output.retired).lastPathComponent
        return Diagnostic(.warning, SourceLocation(file: LoadStage.display(site.outputRoot, site.siteRoot)),
                          rule: "output-foreign-file",
                          "\(count) in the output folder \(paths.count == 1 ? "was" : "were") not written by sitegen and "
                            + "\(paths.count == 1 ? "is" : "are") not in 'keep_files': \(shown)\(more); the new site "
                            + "does not have \(paths.count == 1 ? "it" : "them") (kept in '\(previous)' until the next build)",
                          fixIt: "add \(paths.count == 1 ? "it" : "them") to 'keep_files' in the configuration to keep "
                            + "\(paths.count == 1 ? "it" : "them") in the output folder")
    }

    /// The findings of a run with the link counts and the checked articles, for every report format.
    private static func report(_ diagnostics: [Diagnostic], stats: LinkStats?, index: SiteIndex,
                               external: ExternalSummary?) -> CheckReport {
        CheckReport(toolVersion: SitegenVersion.current, diagnostics: diagnostics, stats: stats ?? LinkStats(),
                    pages: index.articles.map { .init(file: $0.article.source.displayPath,
                                                      title: $0.article.frontMatter.title, url: $0.article.url.value) },
                    external: external?.counts)
    }

    /// The report page on its own: the theme's page with the stylesheet inlined and links to the site kept.
    private static func standaloneReport(_ report: CheckReport, index: SiteIndex, site: LoadedSite, quotes: SourceQuotes,
                                         jobs: Int, keepingValuesUntilExit: Bool, to sink: ByteChunks.Sink) {
        var siteValues = RenderStage.makeSiteValues(index, site: site)
        siteValues.stylesheetURL = ""
        siteValues.scriptURL = ""
        let css = String(decoding: site.theme.assets["style.css"] ?? [], as: UTF8.self)
        let values = ReportPage.values(report, quotes: quotes, inlineStylesheet: css, jobs: jobs)
        let file = OutputFile(relativePath: "link-report.html", url: index.homeURL.value + "link-report/",
                              producer: .linkReport, origin: "the link report page",
                              location: SourceLocation(file: "(generated)"))
        let (context, kind) = RenderStage.pageContext(for: file, index: index, site: siteValues, config: site.config,
                                                      report: values)
        // Bytes from the page's context, as the render stage makes pages, handed on as they are made: neither a
        // String nor an array of the whole page (64 MB with 80,000 findings) in between.
        // The findings' list on every core, and its tens of thousands of objects not freed one by one at the end
        // of a run that is about to exit.
        if keepingValuesUntilExit { ProcessLifetime.keep(values) }
        _ = site.theme.renderBytes(kind, context, jobs: jobs, keepingValuesUntilExit: keepingValuesUntilExit, to: sink)
    }
}
