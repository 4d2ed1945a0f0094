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
    static func escapeData(_ text: String) -> String { escape(text, separators: false) }

    /// Escapes a property value (also `:` and `,`).
    static func escapeProperty(_ text: String) -> String { escape(text, separators: true) }

    /// `%` as `%25`, CR as `%0D`, LF as `%0A`, and with `separators` `:` as `%3A` and `,` as `%2C`, in one pass over
    /// the UTF-8 bytes (all five are ASCII, so no character is split). Hand-written: Foundation's
    /// `replacingOccurrences` goes through NSString on Linux, and its five calls per finding were a quarter of a
    /// 50,000-article check with `--report github` (2.4 s of CPU for 38,900 findings).
    private static func escape(_ text: String, separators: Bool) -> String {
        func escaped(_ byte: UInt8) -> StaticString? {
            switch byte {
            case UInt8(ascii: "%"): "%25"
            case 0x0D: "%0D"
            case 0x0A: "%0A"
            case UInt8(ascii: ":") where separators: "%3A"
            case UInt8(ascii: ",") where separators: "%2C"
            default: nil
            }
        }
        guard text.utf8.contains(where: { escaped($0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let replacement = escaped(byte) {
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
