import ArgumentParser
import Foundation
import SitegenLinks
import SitegenOutput

/// `--report FORMAT[=PATH]`, repeatable: the report formats to write from this run.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("report"),
            help: ArgumentHelp("Write a report: json, github, sarif, junit, markdown or html, each optionally =PATH (repeatable).",
                               discussion: "Without a path a report goes to standard output (at most one can), except html: "
                                   + "'build' writes it into the site at <baseurl>link-report/, 'check' to link-report.html.",
                               valueName: "format[=path]"))
    var reports: [String] = []

    @Option(name: .customLong("sarif-max-results"),
            help: ArgumentHelp("The most findings the SARIF report holds: errors first, then warnings, then notes; 0 for all.",
                               discussion: "GitHub code scanning rejects a SARIF run of more than 25,000 results.",
                               valueName: "count"))
    var sarifMaximumResults: Int = SARIFReport.gitHubResultLimit

    /// One requested report.
    struct Request: Equatable {
        var format: ReportFormat
        /// Where to write it; nil for standard output (html: the default place).
        var path: String?
        /// The most findings it holds (`--sarif-max-results`, SARIF only); nil for all.
        var maximumResults: Int? = nil
    }

    /// The requested reports, checked. `htmlDefaultPath`: where an html report without a path goes (`check`'s
    /// `link-report.html`), so that another report named there is refused too; nil where it goes into the site.
    func requests(htmlDefaultPath: String?) throws -> [Request] {
        var result: [Request] = []
        for text in reports {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).lowercased()
            guard let format = ReportFormat(rawValue: name) else {
                throw ValidationError("unknown report format '\(name)'; use one of: "
                                      + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var path = parts.count > 1 ? String(parts[1]) : nil
            if path == "-" { path = nil }
            if let path, path.isEmpty { throw ValidationError("--report \(name)= needs a path after '='") }
            if result.contains(where: { $0.format == format }) {
                throw ValidationError("--report \(name) is given twice")
            }
            result.append(Request(format: format, path: path,
                                  maximumResults: format == .sarif && sarifMaximumResults > 0 ? sarifMaximumResults : nil))
        }
        // Two reports written to one file or stream would replace or interleave each other: each is written as
        // it is made, on threads of its own. (Reports for standard output are gathered and written one after
        // the other, after the findings.)
        var destinations: [String: String] = [:]
        for request in result {
            guard let path = request.path ?? (request.format == .html ? htmlDefaultPath : nil),
                  let key = Self.destinationKey(path) else { continue }
            if let other = destinations[key] {
                throw ValidationError("--report \(other) and --report \(request.format.rawValue) both write to '\(path)'; "
                                      + "give each report a path of its own")
            }
            destinations[key] = request.format.rawValue
        }
        if sarifMaximumResults < 0 {
            throw ValidationError("--sarif-max-results needs a count of 0 or more (0: every finding)")
        }
        if result.filter({ $0.path == nil && $0.format != .html }).count > 1 {
            throw ValidationError("only one report can go to standard output; give the others a path (--report FORMAT=PATH)")
        }
        return result
    }

    func validate() throws { _ = try requests(htmlDefaultPath: nil) }

    /// What a report's path writes to, for telling two reports that would share it; nil for standard output
    /// (gathered, see `requests`) and for `/dev/null`, where any number of reports can go.
    static func destinationKey(_ path: String) -> String? {
        if path == "/dev/null" { return nil }
        return switch FileDestination.stream(named: path) {
        case .standardOutput: nil
        case .standardError: "/dev/stderr"
        case .descriptor(let number): "/dev/fd/\(number)"
        case nil: URL(fileURLWithPath: path).standardizedFileURL.path
        }
    }
}
