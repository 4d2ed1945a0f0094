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

    /// What `write` did not write itself: the problems (a report that could not be written is an error), and the
    /// text of the reports for standard output, which the caller writes after the terminal's findings.
    struct Written {
        var problems: [String]
        var standardOutput: [String]
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
        let made = parallelMap(order.map { requests[$0] }, jobs: ProcessInfo.processInfo.activeProcessorCount) { request -> (text: String?, problem: String?) in
            var request = request
            // A report to /dev/stdout goes with the ones to standard output, after the files.
            if request.format != .html, let path = request.path, FileDestination.stream(named: path) == .standardOutput {
                request.path = nil
            }
            // The large formats as bytes, written as they are: a String of a 64 MB report, made only to be turned
            // back into bytes, cost time and twice the memory.
            let bytes: [UInt8]
            switch request.format {
            case .json: bytes = JSONReport.bytes(report)
            case .github: bytes = Array(GitHubAnnotations.render(report, columns: columns.converter).utf8)
            case .sarif: bytes = SARIFReport.bytes(report, columns: columns.converter)
            case .junit: bytes = Array(JUnitReport.render(report).utf8)
            case .markdown: bytes = Array(MarkdownReport.render(report).utf8)
            case .html:
                guard let path = request.path ?? htmlDefaultPath else { return (nil, nil) }
                guard let makePage = result.standaloneHTMLReport else {
                    return (nil, "the HTML report was not written: the site could not be read")
                }
                return (nil, writeFile(makePage(), to: path))
            }
            if let path = request.path { return (nil, writeFile(bytes, to: path)) }
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        // Back in the order asked for.
        var inOrder = made
        for (position, index) in order.enumerated() { inOrder[index] = made[position] }
        return Written(problems: inOrder.compactMap(\.problem), standardOutput: inOrder.compactMap(\.text))
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

    private func writeFile(_ bytes: [UInt8], to path: String) -> String? {
        do throws(FileDestination.Failure) {
            switch FileDestination.stream(named: path) {
            case .standardError: try FileDestination.write(bytes, toDescriptor: STDERR_FILENO)
            case .standardOutput: try FileDestination.write(bytes, toDescriptor: STDOUT_FILENO)
            case .descriptor(let descriptor): try FileDestination.write(bytes, toDescriptor: descriptor)
            case nil: try FileDestination.write(bytes, to: path)
            }
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
