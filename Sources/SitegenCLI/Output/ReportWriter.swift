import Foundation
import SitegenBuild
import SitegenCore
import SitegenLinks
import SitegenOutput
import Synchronization

/// Writes the requested reports of a run: to standard output, or to files as `FileDestination` does (a regular
/// file through a temporary file and a rename, so a report is never half-written; a device or FIFO written
/// through; a symbolic link refused). `/dev/stdout` and `/dev/stderr` are the process's own streams.
struct ReportWriter {
    let siteRoot: String

    /// What `write` did not write itself: the problems (a report that could not be written is an error), what a
    /// report left out (a warning), and the text of the reports for standard output, which the caller writes after
    /// the terminal's findings.
    struct Written {
        var problems: [String]
        var warnings: [String] = []
        var standardOutput: [String]
    }

    /// The warning for a SARIF report that holds fewer findings than the run has (`--sarif-max-results`).
    static func sarifWarning(_ report: CheckReport, maximum: Int?) -> String? {
        guard let quotas = SARIFReport.quotas(report.diagnostics, maximum: maximum) else { return nil }
        let kept = quotas.values.reduce(0, +), total = report.diagnostics.count
        let left = [Severity.error, .warning, .note].compactMap { severity -> String? in
            let omitted = report.diagnostics.count(of: severity) - quotas[severity]!
            return omitted > 0 ? "\(omitted) \(severity.rawValue)\(omitted == 1 ? "" : "s")" : nil
        }
        let reason = maximum == SARIFReport.gitHubResultLimit
            ? "GitHub code scanning rejects a run of more than \(SARIFReport.gitHubResultLimit) results"
            : "--sarif-max-results is \(kept)"
        return "the SARIF report holds \(kept) of the \(total) findings, the most severe first (\(left.joined(separator: ", ")) "
            + "left out): \(reason); --sarif-max-results 0 keeps them all"
    }

    /// Whether a report goes to standard error, where the terminal's findings go.
    static func writesToStandardError(_ requests: [ReportOptions.Request]) -> Bool {
        requests.contains { request in request.path.map { FileDestination.stream(named: $0) == .standardError } ?? false }
    }

    /// Writes every report to its file.
    func write(_ requests: [ReportOptions.Request], result: BuildResult, htmlDefaultPath: String?) -> Written {
        guard let report = result.report else {
            return Written(problems: requests.isEmpty ? [] : ["no report was written: the site could not be read"],
                           standardOutput: [])
        }
        let quotes = result.quotes ?? SourceQuotes(siteRoot: siteRoot, boundary: result.boundary)
        // The lines the findings quote, each file read once (the terminal has read them when it printed them).
        quotes.prefetch(report.diagnostics, jobs: ProcessInfo.processInfo.activeProcessorCount)
        let columns = SourceColumns(quotes: quotes)
        // The reports are made on all cores at once (each is a pass over every finding, and the site is built by
        // now), the costliest first so that no core waits at the end alone with it (the HTML page is as costly as
        // the others together); the one for standard output is written last, after the files.
        let order = requests.indices.sorted { Self.cost(requests[$0].format) > Self.cost(requests[$1].format) }
        // On threads of their own, so that the HTML page's own parallel work gets every core (see
        // `parallelMapOnThreads`).
        let made = parallelMapOnThreads(order.map { requests[$0] }, jobs: ProcessInfo.processInfo.activeProcessorCount) { request -> (text: String?, problem: String?) in
            var request = request
            // A report to /dev/stdout goes with the ones to standard output, after the files.
            if request.format != .html, let path = request.path, FileDestination.stream(named: path) == .standardOutput {
                request.path = nil
            }
            // Each format made as bytes and handed on as it is made: the large ones (64 MB of SARIF or HTML for
            // 80,000 findings) go to their file a chunk at a time (`ByteChunks`), never made whole in memory.
            let produce: (ByteChunks.Sink) -> Void
            switch request.format {
            case .json: produce = { JSONReport.write(report, to: $0) }
            case .github: produce = { sink in Array(GitHubAnnotations.render(report, columns: columns.converter).utf8).withUnsafeBufferPointer(sink) }
            case .sarif: produce = { SARIFReport.write(report, columns: columns.converter, maximumResults: request.maximumResults, to: $0) }
            case .junit: produce = { sink in Array(JUnitReport.render(report).utf8).withUnsafeBufferPointer(sink) }
            case .markdown: produce = { sink in Array(MarkdownReport.render(report).utf8).withUnsafeBufferPointer(sink) }
            case .html:
                guard let path = request.path ?? htmlDefaultPath else { return (nil, nil) }
                guard let makePage = result.standaloneHTMLReport else {
                    return (nil, "the HTML report was not written: the site could not be read")
                }
                return (nil, writeFile(to: path, makePage))
            }
            if let path = request.path { return (nil, writeFile(to: path, produce)) }
            return (String(decoding: ByteChunks.collect(produce), as: UTF8.self), nil)
        }
        // Back in the order asked for.
        var inOrder = made
        for (position, index) in order.enumerated() { inOrder[index] = made[position] }
        // A SARIF report that was not written leaves nothing out: its problem says so.
        let warnings = requests.indices.filter { requests[$0].format == .sarif && inOrder[$0].problem == nil }
            .compactMap { Self.sarifWarning(report, maximum: requests[$0].maximumResults) }
        return Written(problems: inOrder.compactMap(\.problem), warnings: warnings, standardOutput: inOrder.compactMap(\.text))
    }

    /// The order in which the reports are made: by what each costs on a large site.
    private static func cost(_ format: ReportFormat) -> Int {
        switch format {
        case .html: 3
        case .sarif: 2
        case .json, .github: 1
        case .junit, .markdown: 0
        }
    }

    /// Writes what `produce` makes to `path` as it is made (`FileDestination.Writer`); the problem, if it could not.
    private func writeFile(to path: String, _ produce: (ByteChunks.Sink) -> Void) -> String? {
        do throws(FileDestination.Failure) {
            let file = try FileDestination.Writer(path)
            produce { file.write($0) }
            try file.finish()
            return nil
        } catch {
            return "cannot write the report to '\(path)': \(error.reason)"
        }
    }
}

/// Converts UTF-8 byte columns into character (Unicode scalar) columns from the quoted source lines, for the
/// formats that count characters (GitHub annotations, SARIF).
struct SourceColumns: Sendable {
    let quotes: SourceQuotes

    var converter: ColumnConverter {
        let quotes = quotes
        return { file, line, column in
            // Column 1 is the first character whatever the line holds: no need to read it.
            column <= 1 ? column : quotes.scalarColumn(file: file, line: line, byteColumn: column)
        }
    }
}
