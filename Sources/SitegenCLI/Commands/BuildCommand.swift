import ArgumentParser
import Foundation
import SitegenBuild

/// `sitegen build`: builds the site into the output folder.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site from content/ into public/.",
        discussion: "Diagnostics go to standard error as 'file:line:col: severity: message [rule]'."
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var display: OutputOptions

    func run() throws {
        let printer = DiagnosticPrinter(colour: display.color || Terminal.standardError.isTerminal)
        let progress = ProgressLine(enabled: Terminal.standardError.isTerminal && !display.quiet,
                                    stageCount: SiteBuilder.stageNames.count)
        let result = SiteBuilder().build(site.buildOptions) { number, name in progress.stage(number, name) }
        progress.finish()
        printer.print(result.diagnostics, siteRoot: site.source)
        if !display.quiet { printer.printSummary(result, strict: site.strict) }
        switch result.outcome {
        case .succeeded: return
        case .contentErrors: throw ExitCode(SitegenExitCode.contentErrors)
        case .configurationError: throw ExitCode(SitegenExitCode.usage)
        }
    }
}
