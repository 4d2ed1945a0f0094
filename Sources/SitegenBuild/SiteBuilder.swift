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

    /// Runs the build. `progress` is called with (stage number from 1, stage name) as each stage starts.
    public func build(_ options: BuildOptions,
                      progress: @escaping @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
        run(options, writing: true, progress: progress)
    }

    /// Checks the site (front matter, Markdown, links) without rendering or writing anything.
    public func check(_ options: BuildOptions,
                      progress: @escaping @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
        run(options, writing: false, progress: progress)
    }

    private func run(_ options: BuildOptions, writing: Bool, progress: @escaping @Sendable (Int, String) -> Void) -> BuildResult {
        let clock = StageClock(progress: progress)
        let pipeline = SitePipeline(options: options)
        var diagnostics: [Diagnostic] = []
        var analysis: SitePipeline.Analysis?
        defer { if options.keepsDataUntilExit { ProcessLifetime.keep(analysis?.state) } }
        var stats: LinkStats?
        func result(_ outcome: BuildResult.Outcome, output: String, configFile: String?, pages: Int = 0,
                    assets: Int = 0) -> BuildResult {
            var result = BuildResult(outcome: outcome, diagnostics: diagnostics.sorted(), timings: clock.timings,
                                     pagesWritten: pages, assetsCopied: assets, outputFolder: output,
                                     configFile: configFile)
            if let state = analysis?.state {
                result.boundary = state.site.boundary
                let report = Self.report(result.diagnostics, stats: stats, index: state.index)
                result.report = report
                if options.htmlReport == .standalone {
                    let index = state.index, site = state.site
                    result.standaloneHTMLReport = { Self.standaloneReport(report, index: index, site: site) }
                }
                if outcome == .succeeded, writing, let url = state.index.linkReportURL { result.htmlReportURL = url.value }
            }
            return result
        }

        // The previous output tree's manifest is read while the articles are parsed: the render stage reuses it.
        var previousManifest: BackgroundValue<PreviousManifest?>?
        let made = pipeline.analyze(previous: nil, changes: .everything, writes: writing,
                                    reportInSite: writing && options.htmlReport == .inSite, clock: clock,
                                    afterLoad: { site in
                                        if writing {
                                            let output = OutputFolder(target: site.outputRoot)
                                            previousManifest = BackgroundValue { PreviousManifest.load(output.retiredManifest) }
                                        }
                                    })
        analysis = made
        guard let state = made.state else {
            diagnostics = made.failureDiagnostics
            return result(made.outcome, output: "", configFile: nil)
        }
        let site = state.site
        diagnostics = SitePipeline.diagnostics(of: state)
        stats = made.stats
        if writing, site.config.siteURL.isEmpty {
            let file = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? site.siteRoot
            diagnostics.append(Diagnostic(.note, SourceLocation(file: file), rule: "sitemap-skipped",
                "sitemap.xml is not written because no site 'url' is configured (sitemaps need absolute URLs); "
                    + "set 'url' in \(ConfigLoader.fileName) or pass --site-url"))
        }
        // Freeing the route indexes was serial work at the end of the build.
        if options.keepsDataUntilExit { ProcessLifetime.keep(made.resolver) }
        func failed() -> Bool {
            diagnostics.hasErrors || (options.strict && diagnostics.contains { $0.severity == .warning })
        }
        if !writing {
            return result(failed() ? .contentErrors : .succeeded, output: site.outputRoot, configFile: site.configFile)
        }
        if failed() { return result(.contentErrors, output: site.outputRoot, configFile: site.configFile) }

        let output = OutputFolder(target: site.outputRoot)
        do {
            try output.prepareStaging()
        } catch {
            diagnostics.append(.error(SourceLocation(file: output.staging), rule: "output-write-failed",
                                      "cannot create the staging folder: \(error.localizedDescription)"))
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        var reportValues: LinkReportValues?
        if state.index.linkReportURL != nil {
            reportValues = ReportPage.values(Self.report(diagnostics, stats: stats, index: state.index), siteRoot: site.siteRoot,
                                             boundary: site.boundary, inlineStylesheet: "")
        }
        let written = pipeline.render(made, into: .folder(output, previous: previousManifest?.value ?? nil, report: reportValues,
                                                          keepsValuesUntilExit: options.keepsDataUntilExit),
                                      clock: clock, diagnostics: &diagnostics)
        guard let written, let manifest = written.manifest, !failed() else {
            output.discard()
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        let swapped = clock.time(6) { () -> Bool in
            do {
                try output.commit(manifest: manifest)
                return true
            } catch {
                diagnostics.append(.error(SourceLocation(file: site.outputRoot), rule: "output-write-failed",
                                          "cannot move the new site into place: \(error.localizedDescription)"))
                output.discard()
                return false
            }
        }
        return result(swapped ? .succeeded : .contentErrors, output: site.outputRoot, configFile: site.configFile,
                      pages: written.pages, assets: written.assets)
    }

    /// The findings of a run with the link counts and the checked articles, for every report format.
    private static func report(_ diagnostics: [Diagnostic], stats: LinkStats?, index: SiteIndex) -> CheckReport {
        CheckReport(toolVersion: SitegenVersion.current, diagnostics: diagnostics, stats: stats ?? LinkStats(),
                    pages: index.articles.map { .init(file: $0.article.source.displayPath,
                                                      title: $0.article.frontMatter.title, url: $0.article.url.value) })
    }

    /// The report page on its own: the theme's page with the stylesheet inlined and links to the site kept.
    private static func standaloneReport(_ report: CheckReport, index: SiteIndex, site: LoadedSite) -> String {
        var siteValues = RenderStage.makeSiteValues(index, site: site)
        siteValues.stylesheetURL = ""
        let css = String(decoding: site.theme.assets["style.css"] ?? [], as: UTF8.self)
        let values = ReportPage.values(report, siteRoot: site.siteRoot, boundary: site.boundary, inlineStylesheet: css)
        let file = OutputFile(relativePath: "link-report.html", url: index.homeURL.value + "link-report/",
                              producer: .linkReport, origin: "the link report page",
                              location: SourceLocation(file: "(generated)"))
        let (context, kind) = RenderStage.pageContext(for: file, index: index, site: siteValues, config: site.config,
                                                      report: values)
        return site.theme.render(kind, context.templateValues).0
    }
}

/// Values kept until the process exits (`BuildOptions.keepsDataUntilExit`, and the command line's build result):
/// never freed, because freeing them was serial work before the exit.
public enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    public static func keep(_ value: any Sendable) { kept.withLock { $0.append(value) } }
}
