import Foundation
import ArgumentParser
import SitegenBuild
import SitegenCore

/// What `build` and `check` share: progress, diagnostics, reports, summary and the exit status.
enum SiteRun {
    static func run(_ command: DiagnosticPrinter.Command, site: SiteOptions, display: OutputOptions,
                    requests: [ReportOptions.Request], options: BuildOptions, htmlDefaultPath: String?,
                    stageCount: Int,
                    _ body: (BuildOptions, @escaping @Sendable (Int, String) -> Void) -> BuildResult) throws {
        let printer = DiagnosticPrinter(colour: display.color || Terminal.standardError.isTerminal)
        let progress = ProgressLine(enabled: Terminal.standardError.isTerminal && !display.quiet, stageCount: stageCount)
        // The process exits right after this run, so the build need not free its articles one by one.
        var options = options
        options.keepsDataUntilExit = true
        options.externalProgress = { progress.external(done: $0, total: $1, busyHosts: $2, failing: $3) }
        let result = body(options) { number, name in progress.stage(number, name) }
        // Nor its result (every diagnostic, and the report's list of every article): freeing them was serial work
        // between the last page and the exit.
        ProcessLifetime.keep(result)
        progress.finish()
        // The findings are printed while the reports are made (printing is one core's work), unless a report goes
        // where they go; the source lines both quote are read once, first. A report for standard output is written
        // after the findings.
        let writer = ReportWriter(siteRoot: site.source)
        let written: ReportWriter.Written
        if requests.isEmpty || ReportWriter.writesToStandardError(requests) {
            printer.print(result.diagnostics, siteRoot: site.source, boundary: result.boundary, quotes: result.quotes)
            written = writer.write(requests, result: result, htmlDefaultPath: htmlDefaultPath)
        } else {
            result.quotes?.prefetch(result.diagnostics, jobs: ProcessInfo.processInfo.activeProcessorCount)
            let source = site.source
            let printed = BackgroundValue { () -> Bool in
                printer.print(result.diagnostics, siteRoot: source, boundary: result.boundary, quotes: result.quotes)
                return true
            }
            written = writer.write(requests, result: result, htmlDefaultPath: htmlDefaultPath)
            _ = printed.value
        }
        for text in written.standardOutput { Terminal.standardOutput.write(text) }
        let problems = written.problems
        for problem in problems { Terminal.standardError.write("error: \(SourceExcerpt.visible(problem))\n") }
        for warning in written.warnings { Terminal.standardError.write("warning: \(warning)\n") }
        if options.htmlReport == .inSite, result.htmlReportURL == nil, result.report != nil {
            Terminal.standardError.write(
                "note: the HTML report is a page of the site, which was not written; use --report html=PATH to keep it when the build fails\n")
        }
        if !display.quiet { printer.printSummary(result, strict: site.strict, command: command) }
        switch result.outcome {
        case .succeeded: if !problems.isEmpty { throw ExitCode(SitegenExitCode.contentErrors) }
        case .contentErrors: throw ExitCode(SitegenExitCode.contentErrors)
        case .configurationError: throw ExitCode(SitegenExitCode.usage)
        }
    }
}

