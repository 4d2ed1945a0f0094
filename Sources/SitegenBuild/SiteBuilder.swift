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
    public static let stageNames = ["load", "parse", "index", "check", "render", "swap"]
    /// The stages `check` runs.
    public static let checkStageNames = Array(stageNames.prefix(4))

    public init() {}

    /// Runs the build. `progress` is called with (stage number from 1, stage name) as each stage starts.
    public func build(_ options: BuildOptions,
                      progress: @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
        run(options, writing: true, progress: progress)
    }

    /// Checks the site (front matter, Markdown, links) without rendering or writing anything.
    public func check(_ options: BuildOptions,
                      progress: @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
        run(options, writing: false, progress: progress)
    }

    private func run(_ options: BuildOptions, writing: Bool, progress: @Sendable (Int, String) -> Void) -> BuildResult {
        let clock = ContinuousClock()
        var timings: [(stage: String, seconds: Double)] = []
        var diagnostics: [Diagnostic] = []
        let jobs = max(1, options.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        func timed<T>(_ number: Int, _ body: () -> T) -> T {
            let name = Self.stageNames[number - 1]
            progress(number, name)
            let start = clock.now
            let value = body()
            let duration = clock.now - start
            timings.append((name, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
            return value
        }
        var loadedSite: LoadedSite?
        var siteIndex: SiteIndex?
        defer { if options.keepsDataUntilExit { ProcessLifetime.keep((loadedSite, siteIndex)) } }
        var stats: LinkStats?
        func result(_ outcome: BuildResult.Outcome, output: String, configFile: String?, pages: Int = 0,
                    assets: Int = 0) -> BuildResult {
            var result = BuildResult(outcome: outcome, diagnostics: diagnostics.sorted(), timings: timings,
                                     pagesWritten: pages, assetsCopied: assets, outputFolder: output,
                                     configFile: configFile)
            if let index = siteIndex, let site = loadedSite {
                let report = Self.report(result.diagnostics, stats: stats, index: index)
                result.report = report
                if options.htmlReport == .standalone {
                    result.standaloneHTMLReport = Self.standaloneReport(report, index: index, site: site)
                }
                if outcome == .succeeded, writing, let url = index.linkReportURL { result.htmlReportURL = url.value }
            }
            return result
        }

        let (loaded, loadOutcome) = timed(1) { LoadStage.run(options, diagnostics: &diagnostics) }
        guard let site = loaded else { return result(loadOutcome, output: "", configFile: nil) }
        loadedSite = site
        let output = OutputFolder(target: site.outputRoot)
        // Read while the articles are parsed: the tree it describes is reused by the render stage.
        let previousManifest = writing ? BackgroundValue { PreviousManifest.load(output.retiredManifest) } : nil
        func failed() -> Bool {
            diagnostics.hasErrors || (options.strict && diagnostics.contains { $0.severity == .warning })
        }

        let parsed = timed(2) { ParseStage.run(site, jobs: jobs, renderHTML: writing, diagnostics: &diagnostics) }
        let index = timed(3) {
            SiteIndex.build(parsed, site: site, reportInSite: writing && options.htmlReport == .inSite,
                            sortsByTitle: writing, jobs: jobs, diagnostics: &diagnostics)
        }
        siteIndex = index
        if writing, site.config.siteURL.isEmpty {
            let file = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? site.siteRoot
            diagnostics.append(Diagnostic(.note, SourceLocation(file: file), rule: "sitemap-skipped",
                "sitemap.xml is not written because no site 'url' is configured (sitemaps need absolute URLs); "
                    + "set 'url' in \(ConfigLoader.fileName) or pass --site-url"))
        }
        let (checkStats, resolver) = timed(4) { CheckStage.run(index, site: site, jobs: jobs, diagnostics: &diagnostics) }
        stats = checkStats
        // Freeing the route indexes was serial work at the end of the build.
        if options.keepsDataUntilExit { ProcessLifetime.keep(resolver) }
        if !writing {
            return result(failed() ? .contentErrors : .succeeded, output: site.outputRoot, configFile: site.configFile)
        }
        if failed() { return result(.contentErrors, output: site.outputRoot, configFile: site.configFile) }

        do {
            try output.prepareStaging()
        } catch {
            diagnostics.append(.error(SourceLocation(file: output.staging), rule: "output-write-failed",
                                      "cannot create the staging folder: \(error.localizedDescription)"))
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        var reportValues: LinkReportValues?
        if index.linkReportURL != nil {
            reportValues = ReportPage.values(Self.report(diagnostics, stats: stats, index: index), siteRoot: site.siteRoot,
                                             inlineStylesheet: "")
        }
        let written = timed(5) {
            RenderStage.run(index, site: site, output: output, jobs: jobs, previous: previousManifest?.value,
                            report: reportValues,
                            themeLinks: ThemeLinks(resolver: resolver, theme: site.theme, siteURL: site.config.siteURL),
                            keepsValuesUntilExit: options.keepsDataUntilExit, diagnostics: &diagnostics)
        }
        guard let written, !failed() else {
            output.discard()
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        let swapped = timed(6) { () -> Bool in
            do {
                try output.commit(manifest: written.manifest)
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
        let values = ReportPage.values(report, siteRoot: site.siteRoot, inlineStylesheet: css)
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
