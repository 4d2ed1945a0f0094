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
    @OptionGroup var externalLinks: ExternalOptions
    @OptionGroup var stability: BaselineOptions

    @Flag(name: .customLong("no-wait"),
          help: "If another build is writing the same output folder, fail at once (exit 1) instead of waiting for it.")
    var noWait = false

    func run() throws {
        let requests = try reports.requests(htmlDefaultPath: nil)
        var options = site.buildOptions
        options.waitsForOutput = !noWait
        externalLinks.apply(to: &options)
        stability.apply(to: &options)
        if let html = requests.first(where: { $0.format == .html }) {
            options.htmlReport = html.path == nil ? .inSite : .standalone
        }
        try SiteRun.run(.build, site: site, display: display, requests: requests, options: options, htmlDefaultPath: nil,
                        stageCount: SiteBuilder.stageNames.count) { options, progress in
            SiteBuilder().build(options, progress: progress) { Terminal.standardError.write("note: \($0)\n") }
        }
    }
}
