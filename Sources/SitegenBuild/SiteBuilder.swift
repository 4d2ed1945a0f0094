import Foundation
import SitegenContent
import SitegenCore

/// Builds a site as a list of named, timed stages: load → parse → index → render and write → swap in.
public struct SiteBuilder: Sendable {
    /// Names of the stages, in order, as printed in progress and timing lines.
    public static let stageNames = ["load", "parse", "index", "render", "swap"]

    public init() {}

    /// Runs the build. `progress` is called with (stage number from 1, stage name) as each stage starts.
    public func build(_ options: BuildOptions,
                      progress: @Sendable (Int, String) -> Void = { _, _ in }) -> BuildResult {
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
        func result(_ outcome: BuildResult.Outcome, output: String, configFile: String?, pages: Int = 0,
                    assets: Int = 0) -> BuildResult {
            BuildResult(outcome: outcome, diagnostics: diagnostics.sorted(), timings: timings, pagesWritten: pages,
                        assetsCopied: assets, outputFolder: output, configFile: configFile)
        }

        let (loaded, loadOutcome) = timed(1) { LoadStage.run(options, diagnostics: &diagnostics) }
        guard let site = loaded else { return result(loadOutcome, output: "", configFile: nil) }
        let output = OutputFolder(target: site.outputRoot)
        func failed() -> Bool {
            diagnostics.hasErrors || (options.strict && diagnostics.contains { $0.severity == .warning })
        }

        let parsed = timed(2) { ParseStage.run(site, jobs: jobs, diagnostics: &diagnostics) }
        let index = timed(3) { SiteIndex.build(parsed, site: site, diagnostics: &diagnostics) }
        if site.config.siteURL.isEmpty {
            let file = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? site.siteRoot
            diagnostics.append(Diagnostic(.note, SourceLocation(file: file), rule: "sitemap-skipped",
                "sitemap.xml is not written because no site 'url' is configured (sitemaps need absolute URLs); "
                    + "set 'url' in \(ConfigLoader.fileName) or pass --site-url"))
        }
        if failed() { return result(.contentErrors, output: site.outputRoot, configFile: site.configFile) }

        do {
            try output.prepareStaging()
        } catch {
            diagnostics.append(.error(SourceLocation(file: output.staging), rule: "output-write-failed",
                                      "cannot create the staging folder: \(error.localizedDescription)"))
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        let written = timed(4) { RenderStage.run(index, site: site, output: output, jobs: jobs, diagnostics: &diagnostics) }
        if failed() {
            output.discard()
            return result(.contentErrors, output: site.outputRoot, configFile: site.configFile)
        }
        let swapped = timed(5) { () -> Bool in
            do {
                try output.commit()
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
}
