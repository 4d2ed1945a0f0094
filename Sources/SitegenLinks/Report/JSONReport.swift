import Foundation
public import SitegenCore

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

    /// The report, written as `JSONEncoder` (pretty, sorted keys, slashes unescaped) and `ReportText` write
    /// `document(report)`, but directly with `PrettyJSON`: the encoder built the whole document as values first,
    /// 0.6 s of CPU for 80,000 findings. A test holds the two to the same bytes.
    public static func render(_ report: CheckReport) -> String {
        String(decoding: bytes(report), as: UTF8.self)
    }

    /// `render`'s UTF-8.
    public static func bytes(_ report: CheckReport) -> [UInt8] {
        ByteChunks.collect(reserving: 400 * report.diagnostics.count + 4096) { write(report, to: $0) }
    }

    /// `render`'s UTF-8 handed to `sink` a chunk of about `chunkSize` bytes at a time, as it is made (`ByteChunks`).
    public static func write(_ report: CheckReport, chunkSize: Int = ByteChunks.size, to sink: ByteChunks.Sink) {
        let document = document(report, findings: false)
        var out = PrettyJSON(capacity: min(chunkSize, 400 * report.diagnostics.count) + 4096)
        out.beginObject()
        out.key("findings")
        out.beginArray()
        // Each finding read in place: a `for` loop copies each `Diagnostic`, retaining and releasing its strings.
        report.diagnostics.withUnsafeBufferPointer { diagnostics in
            for index in diagnostics.indices {
                write(diagnostics[index], to: &out)
                out.flush(ifAtLeast: chunkSize, to: sink)
            }
        }
        out.endArray()
        out.key("summary")
        out.encoded(document.summary)
        out.key("tool")
        out.beginObject()
        out.field("name", document.tool.name)
        out.field("version", document.tool.version)
        out.endObject()
        out.field("version", document.version)
        out.endObject()
        out.newline()
        out.flush(ifAtLeast: 0, to: sink)
    }

    /// The report's values; without `findings`, the list is left empty.
    static func document(_ report: CheckReport, findings: Bool = true) -> Document {
        Document(
            version: schemaVersion, tool: .init(name: report.toolName, version: report.toolVersion),
            summary: .init(files: report.pages.count, errors: report.diagnostics.count(of: .error),
                           warnings: report.diagnostics.count(of: .warning), notes: report.diagnostics.count(of: .note),
                           links: report.stats,
                           rules: Dictionary(uniqueKeysWithValues: report.countsByRule.map { ($0.rule, $0.count) }),
                           external: report.external,
                           urls: report.urlChanges?.counts),
            findings: findings ? report.diagnostics.map(Document.Finding.init) : [])
    }

    /// A finding's keys in sorted order, as the encoder writes `Document.Finding`; a field that is nil is left out.
    /// From the diagnostic itself: a `Document.Finding` made of it first retained each of its strings, on both cores
    /// at once when another report reads the same diagnostics.
    private static func write(_ diagnostic: Diagnostic, to out: inout PrettyJSON) {
        out.beginObject()
        out.field("column", diagnostic.location.column)
        if let destination = diagnostic.link?.destination { out.field("destination", destination) }
        if let edit = diagnostic.edit {
            out.key("edit")
            out.beginObject()
            out.field("column", edit.column)
            out.field("line", edit.line)
            out.field("original", edit.original)
            out.field("replacement", edit.replacement)
            out.endObject()
        }
        out.field("file", diagnostic.location.file)
        if let fix = diagnostic.fixIt { out.field("fix", fix) }
        out.field("line", diagnostic.location.line)
        out.field("message", diagnostic.message)
        if let resolved = diagnostic.link?.resolved { out.field("resolved", resolved) }
        out.field("rule", diagnostic.rule)
        out.field("severity", diagnostic.severity.rawValue)
        if let suggestion = diagnostic.link?.suggestion { out.field("suggestion", suggestion) }
        out.endObject()
    }
}

extension JSONReport.Document.Finding {
    init(_ diagnostic: Diagnostic) {
        self.init(file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column,
                  severity: diagnostic.severity.rawValue, rule: diagnostic.rule, message: diagnostic.message,
                  fix: diagnostic.fixIt, destination: diagnostic.link?.destination, resolved: diagnostic.link?.resolved,
                  suggestion: diagnostic.link?.suggestion, edit: diagnostic.edit)
    }
}
