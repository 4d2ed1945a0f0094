public import SitegenLinks
public import SitegenCore

/// The outcome of a build: what was written, what was found, how long each stage took.
public struct BuildResult: Sendable {
    /// How the build ended.
    public enum Outcome: Sendable, Equatable {
        /// The new site is in the output folder.
        case succeeded
        /// Problems in the content or templates (or warnings with `--strict`); the old output is untouched.
        case contentErrors
        /// The configuration or the command line is wrong, or the output folder may not be replaced.
        case configurationError
    }

    public var outcome: Outcome
    /// Every problem found, sorted by file, line, column.
    public var diagnostics: [Diagnostic]
    /// Named stages and their wall-clock durations, in order.
    public var timings: [(stage: String, seconds: Double)]
    /// What a stage of `timings` did besides its own time, by stage name: the search stage's pages indexed on a
    /// thread of its own beside the check, and that thread's time (not part of the build's).
    public var stageNotes: [String: String] = [:]
    public var pagesWritten: Int
    public var assetsCopied: Int
    /// The output folder (absolute).
    public var outputFolder: String
    /// Which configuration file was used, if any.
    public var configFile: String?
    /// Everything found, with the link counts, for the report formats; nil when the build stopped before the check.
    public var report: CheckReport?
    /// Makes the HTML report page with its stylesheet inlined, when `BuildOptions.htmlReport` is `.standalone`. A
    /// closure, so that the page is made beside the other reports, on another core, only when it is written.
    public var standaloneHTMLReport: (@Sendable (ByteChunks.Sink) -> Void)?
    /// URL of the report page inside the built site, when it was written there.
    public var htmlReportURL: String?
    /// The folders the site's files were read from (nil when the site could not be loaded): source lines shown
    /// with findings are read through it.
    public var boundary: SiteBoundary?
    /// The source lines the findings quote, read once for the terminal and every report (nil when the site could
    /// not be loaded).
    public var quotes: SourceQuotes?
    /// What the external-link check did, when it ran.
    public var external: ExternalSummary?
}
