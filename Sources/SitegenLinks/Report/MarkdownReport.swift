import Foundation
import SitegenCore

/// A Markdown summary for people reading CI output (`--report markdown=$GITHUB_STEP_SUMMARY`): the totals,
/// a table of findings per rule, and each file's findings.
public enum MarkdownReport {
    /// Findings listed in full before the report only counts the rest (a job summary is limited to 1 MiB).
    public static let listLimit = 500

    public static func render(_ report: CheckReport) -> String {
        let diagnostics = report.diagnostics
        let errors = diagnostics.count(of: .error), warnings = diagnostics.count(of: .warning)
        let notes = diagnostics.count(of: .note)
        var text = "## sitegen check\n\n"
        text += errors == 0 ? "✅ " : "❌ "
        text += "\(plural(errors, "error")), \(plural(warnings, "warning")), \(plural(notes, "note")) in "
        text += "\(plural(report.pages.count, "article")); \(plural(report.stats.links, "link")) checked "
        text += "(\(report.stats.internalLinks) internal, \(ExternalCounts.summary(links: report.stats.externalLinks, report.external)))\n"
        if let changes = report.urlChanges { text += urlChanges(changes) }
        guard !diagnostics.isEmpty else { return text }
        text += "\n| Rule | Severity | Count |\n|---|---|---:|\n"
        for entry in report.countsByRule {
            text += "| \(code(entry.rule)) | \(entry.severity.rawValue) | \(entry.count) |\n"
        }
        var listed = 0
        for group in report.fileRanges {
            guard listed < listLimit else { break }
            text += "\n### \(code(group.file))\n\n| Line | Severity | Rule | Problem | Fix |\n|---:|---|---|---|---|\n"
            for diagnostic in diagnostics[group.range] where listed < listLimit {
                listed += 1
                let location = diagnostic.location
                let position = location.line > 0 ? (location.column > 0 ? "\(location.line):\(location.column)" : "\(location.line)") : ""
                text += "| \(position) | \(diagnostic.severity.rawValue) | \(code(diagnostic.rule)) | \(cell(diagnostic.message)) | \(cell(diagnostic.fixIt ?? "")) |\n"
            }
        }
        if listed < diagnostics.count {
            text += "\n… and \(diagnostics.count - listed) more; see the full report.\n"
        }
        return text
    }

    /// The "URL changes" section: the counts, then each removed, redirected and added URL (up to `listLimit`).
    static func urlChanges(_ changes: URLChanges) -> String {
        var text = "\n### URL changes\n\nAgainst \(code(changes.baseline)) (\(plural(changes.baselinePages, "page"))): "
            + changes.summary + ".\n"
        if !changes.removed.isEmpty {
            text += "\n| Removed | Suggested redirect to | Why |\n|---|---|---|\n"
            for entry in changes.removed.prefix(listLimit) {
                text += "| \(code(entry.url)) | \(entry.suggestion.map(code) ?? "") | \(cell(entry.reason ?? "")) |\n"
            }
            if changes.removed.count > listLimit { text += "\n… and \(changes.removed.count - listLimit) more.\n" }
        }
        if !changes.redirected.isEmpty {
            text += "\n| Redirected | To |\n|---|---|\n"
            for entry in changes.redirected.prefix(listLimit) {
                text += "| \(code(entry.from)) | \(entry.to.map(code) ?? "") |\n"
            }
            if changes.redirected.count > listLimit { text += "\n… and \(changes.redirected.count - listLimit) more.\n" }
        }
        if !changes.added.isEmpty {
            text += "\nAdded: " + changes.added.prefix(listLimit).map(code).joined(separator: ", ")
                + (changes.added.count > listLimit ? " … and \(changes.added.count - listLimit) more" : "") + "\n"
        }
        return text
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// A code span: literal text, so only backticks, pipes (tables split on them first) and line breaks need care
    /// (and control characters, shown as symbols: the report is also printed on terminals).
    static func code(_ text: String) -> String {
        "`" + ReportText.visible(text).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ") + "`"
    }

    /// Table cell text: pipes escaped, line breaks flattened, HTML neutralised, control characters shown as symbols.
    static func cell(_ text: String) -> String {
        ReportText.visible(text.replacingOccurrences(of: "\n", with: " ")).replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "`", with: "'")
    }
}
