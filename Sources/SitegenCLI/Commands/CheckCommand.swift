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
    @OptionGroup var externalLinks: ExternalOptions
    @OptionGroup var stability: BaselineOptions

    /// Where an html report without a path goes.
    static let htmlDefaultPath = "link-report.html"

    func validate() throws { _ = try reports.requests(htmlDefaultPath: Self.htmlDefaultPath) }

    func run() throws {
        let requests = try reports.requests(htmlDefaultPath: Self.htmlDefaultPath)
        var options = site.buildOptions
        externalLinks.apply(to: &options)
        stability.apply(to: &options)
        if requests.contains(where: { $0.format == .html }) { options.htmlReport = .standalone }
        try SiteRun.run(.check, site: site, display: display, requests: requests, options: options,
                        htmlDefaultPath: Self.htmlDefaultPath, stageCount: SiteBuilder.checkStageNames.count) {
            SiteBuilder().check($0, progress: $1)
        }
    }
}
