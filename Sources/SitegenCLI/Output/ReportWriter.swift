import Foundation
import SitegenBuild
import SitegenCore
import SitegenLinks
import Synchronization

/// Writes the requested reports of a run: to standard output, or to files (through a temporary file and a
/// rename, so a report is never half-written).
struct ReportWriter {
    let siteRoot: String

    /// Writes every report; returns the problems (a report that could not be written is an error).
    func write(_ requests: [ReportOptions.Request], result: BuildResult, htmlDefaultPath: String?) -> [String] {
        guard let report = result.report else {
            return requests.isEmpty ? [] : ["no report was written: the site could not be read"]
        }
        var problems: [String] = []
        let columns = SourceColumns(siteRoot: siteRoot)
        for request in requests {
            let text: String
            switch request.format {
            case .json: text = JSONReport.render(report)
            case .github: text = GitHubAnnotations.render(report, columns: columns.converter)
            case .sarif: text = SARIFReport.render(report, columns: columns.converter)
            case .junit: text = JUnitReport.render(report)
            case .markdown: text = MarkdownReport.render(report)
            case .html:
                guard let path = request.path ?? htmlDefaultPath else { continue }
                guard let page = result.standaloneHTMLReport else {
                    problems.append("the HTML report was not written: the site could not be read")
                    continue
                }
                if let problem = writeFile(page, to: path) { problems.append(problem) }
                continue
            }
            if let path = request.path {
                if let problem = writeFile(text, to: path) { problems.append(problem) }
            } else {
                Terminal.standardOutput.write(text)
            }
        }
        return problems
    }

    private func writeFile(_ text: String, to path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "cannot write the report to '\(path)': it is a folder"
        }
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            return nil
        } catch {
            return "cannot write the report to '\(path)': \(error.localizedDescription)"
        }
    }
}

/// Converts UTF-8 byte columns into character (Unicode scalar) columns by reading the source lines, for the
/// formats that count characters (GitHub annotations, SARIF).
final class SourceColumns: Sendable {
    private let siteRoot: String
    private let cache = Mutex<[String: [Substring]]>([:])

    init(siteRoot: String) {
        self.siteRoot = siteRoot
    }

    var converter: ColumnConverter {
        { [self] file, line, column in convert(file, line, column) }
    }

    private func convert(_ file: String, _ line: Int, _ column: Int) -> Int {
        let lines = cache.withLock { cache -> [Substring] in
            if let lines = cache[file] { return lines }
            let path = file.hasPrefix("/") ? file : siteRoot + "/" + file
            let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            cache[file] = lines
            return lines
        }
        guard line >= 1, line <= lines.count, column > 1 else { return column }
        let prefix = lines[line - 1].utf8.prefix(column - 1)
        return String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
    }
}
