import ArgumentParser
import Foundation
import SitegenBuild

/// `sitegen build`: builds the site into the output folder, after checking every link.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site from content/ into public/.",
        discussion: """
            Diagnostics go to standard error as 'file:line:col: severity: message [rule]'. The build fails, \
            leaving the previous output untouched, when errors remain (or warnings, with --strict).
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var reports: ReportOptions

    func run() throws {
        let requests = try reports.requests
        var options = site.buildOptions
        if let html = requests.first(where: { $0.format == .html }) {
            options.htmlReport = html.path == nil ? .inSite : .standalone
        }
        let printer = DiagnosticPrinter(colour: display.color || Terminal.standardError.isTerminal)
        let progress = ProgressLine(enabled: Terminal.standardError.isTerminal && !display.quiet,
                                    stageCount: SiteBuilder.stageNames.count)
        let result = SiteBuilder().build(options) { number, name in progress.stage(number, name) }
        progress.finish()
        printer.print(result.diagnostics, siteRoot: site.source)
        let problems = ReportWriter(siteRoot: site.source).write(requests, result: result, htmlDefaultPath: nil)
        for problem in problems { Terminal.standardError.write("error: \(problem)\n") }
        if options.htmlReport == .inSite, result.htmlReportURL == nil, result.report != nil {
            Terminal.standardError.write(
                "note: the HTML report is a page of the site, which was not written; use --report html=PATH to keep it when the build fails\n")
        }
        if !display.quiet { printer.printSummary(result, strict: site.strict, command: .build) }
        switch result.outcome {
        case .succeeded: if !problems.isEmpty { throw ExitCode(SitegenExitCode.contentErrors) }
        case .contentErrors: throw ExitCode(SitegenExitCode.contentErrors)
        case .configurationError: throw ExitCode(SitegenExitCode.usage)
        }
    }
}
