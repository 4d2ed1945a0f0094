import Foundation
import SitegenCore

/// GitHub Actions workflow commands: one `::error file=...,line=...,col=...,title=...::message` line per
/// diagnostic, which GitHub shows as annotations on the pull request's diff.
public enum GitHubAnnotations {
    public static func render(_ report: CheckReport, columns: ColumnConverter = { _, _, column in column }) -> String {
        var text = ""
        for diagnostic in report.diagnostics {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties = ["file=" + escapeProperty(ReportText.visible(diagnostic.location.file))]
            if diagnostic.location.line > 0 {
                properties.append("line=\(diagnostic.location.line)")
                if diagnostic.location.column > 0 {
                    let column = columns(diagnostic.location.file, diagnostic.location.line, diagnostic.location.column)
                    properties.append("col=\(column)")
                }
            }
            properties.append("title=" + escapeProperty(diagnostic.rule))
            // Control characters from the content shown as symbols: the runner prints the line in the job's log,
            // which obeys ANSI escapes.
            var message = ReportText.visible(diagnostic.message)
            if let fix = diagnostic.fixIt { message += "\n" + ReportText.visible(fix) }
            text += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        if let changes = report.urlChanges {
            text += "::notice title=URL changes::" + escapeData(ReportText.visible("against \(changes.baseline): \(changes.summary)")) + "\n"
        }
        return text
    }

    /// Escapes a message as the runner expects (`%`, CR, LF).
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value (also `:` and `,`).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
