import ArgumentParser
import SitegenBuild

/// `sitegen check`: the build without rendering or writing: front matter, Markdown and every link.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check front matter and every link without writing the site.",
        discussion: """
            Runs the build's load, parse, index and check stages. Diagnostics go to standard error; reports \
            (--report) go to standard output or files. Exit status 1 when errors remain (or warnings, with --strict).
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var reports: ReportOptions

    func run() throws {
        let requests = try reports.requests
        var options = site.buildOptions
        if requests.contains(where: { $0.format == .html }) { options.htmlReport = .standalone }
        let printer = DiagnosticPrinter(colour: display.color || Terminal.standardError.isTerminal)
        let progress = ProgressLine(enabled: Terminal.standardError.isTerminal && !display.quiet,
                                    stageCount: SiteBuilder.checkStageNames.count)
        let result = SiteBuilder().check(options) { number, name in progress.stage(number, name) }
        progress.finish()
        printer.print(result.diagnostics, siteRoot: site.source)
        let problems = ReportWriter(siteRoot: site.source).write(requests, result: result, htmlDefaultPath: "link-report.html")
        for problem in problems { Terminal.standardError.write("error: \(problem)\n") }
        if !display.quiet { printer.printSummary(result, strict: site.strict, command: .check) }
        switch result.outcome {
        case .succeeded: if !problems.isEmpty { throw ExitCode(SitegenExitCode.contentErrors) }
        case .contentErrors: throw ExitCode(SitegenExitCode.contentErrors)
        case .configurationError: throw ExitCode(SitegenExitCode.usage)
        }
    }
}
