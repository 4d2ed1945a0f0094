import Foundation
import SitegenCore

/// The JSON report: `{"version": 1, "tool": {...}, "summary": {...}, "findings": [...]}`, keys sorted,
/// one finding per diagnostic. The schema is documented in the manual (docs/content/reference/reports.md, "JSON
/// schema"); `version` changes when it changes incompatibly.
public enum JSONReport {
    public static let schemaVersion = 1

    struct Document: Encodable {
        struct Tool: Encodable {
            var name: String
            var version: String
        }
        struct Summary: Encodable {
            var files: Int
            var errors: Int
            var warnings: Int
            var notes: Int
            var links: LinkStats
            var rules: [String: Int]
            /// Absent when external links were not fetched.
            var external: ExternalCounts?
            /// With a baseline (`--baseline`): what the change does to its URLs.
            var urls: URLChanges.Counts?
        }
        struct Finding: Encodable {
            var file: String
            var line: Int
            var column: Int
            var severity: String
            var rule: String
            var message: String
            var fix: String?
            var destination: String?
            var resolved: String?
            var suggestion: String?
            var edit: TextEdit?
        }
        var version: Int
        var tool: Tool
        var summary: Summary
        var findings: [Finding]
    }

    public static func render(_ report: CheckReport) -> String {
        let document = Document(
            version: schemaVersion, tool: .init(name: report.toolName, version: report.toolVersion),
            summary: .init(files: report.pages.count, errors: report.diagnostics.count(of: .error),
                           warnings: report.diagnostics.count(of: .warning), notes: report.diagnostics.count(of: .note),
                           links: report.stats,
                           rules: Dictionary(uniqueKeysWithValues: report.countsByRule.map { ($0.rule, $0.count) }),
                           external: report.external,
                           urls: report.urlChanges?.counts),
            findings: report.diagnostics.map { diagnostic in
                Document.Finding(file: diagnostic.location.file, line: diagnostic.location.line,
                                 column: diagnostic.location.column, severity: diagnostic.severity.rawValue,
                                 rule: diagnostic.rule, message: diagnostic.message, fix: diagnostic.fixIt,
                                 destination: diagnostic.link?.destination, resolved: diagnostic.link?.resolved,
                                 suggestion: diagnostic.link?.suggestion, edit: diagnostic.edit)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return ReportText.escapingControls(inJSON: String(decoding: data, as: UTF8.self)) + "\n"
    }
}
