import Foundation
public import SitegenCore

/// SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, the rules that fired with their
/// descriptions, one result per diagnostic, and a fix where `sitegen fix` has one. Written with `PrettyJSON`, keys
/// in sorted order, as `JSONEncoder` would write the same log.
public enum SARIFReport {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// Renders the log. Columns are converted to code points with `columns` (SARIF does not count bytes).
    public static func render(_ report: CheckReport, columns: ColumnConverter = { _, _, column in column }) -> String {
        String(decoding: bytes(report, columns: columns), as: UTF8.self)
    }

    /// `render`'s UTF-8: a log of 80,000 findings is 64 MB, made a String and back to bytes for nothing.
    public static func bytes(_ report: CheckReport, columns: ColumnConverter = { _, _, column in column },
                             maximumResults: Int? = nil) -> [UInt8] {
        ByteChunks.collect(reserving: 800 * report.diagnostics.count + 4096) {
            write(report, columns: columns, maximumResults: maximumResults, to: $0)
        }
    }

    /// The most results GitHub code scanning accepts in a run: it rejects a SARIF file with more ("Analysis SARIF
    /// file rejected due to result limits"), and shows the 5,000 most severe of those it keeps. A help center of
    /// 50,000 articles with its real mistakes has 80,000 findings.
    public static let gitHubResultLimit = 25_000

    /// Of `diagnostics`, how many of each severity a log of at most `maximum` results keeps: the most severe first
    /// (every error before any warning, every warning before any note), each severity's in the report's order.
    /// Nil when all of them fit (or there is no maximum).
    public static func quotas(_ diagnostics: [Diagnostic], maximum: Int?) -> [Severity: Int]? {
        guard let maximum, diagnostics.count > maximum else { return nil }
        var left = max(0, maximum), quotas: [Severity: Int] = [:]
        for severity in [Severity.error, .warning, .note] {
            let kept = min(left, diagnostics.count(of: severity))
            quotas[severity] = kept
            left -= kept
        }
        return quotas
    }

    /// `render`'s UTF-8 handed to `sink` a chunk of about `chunkSize` bytes at a time, as it is made (`ByteChunks`).
    /// With more findings than `maximumResults`, the log keeps the most severe (`quotas`) and says in
    /// `runs[0].properties` how many it left out (`results_omitted`) of how many (`results_total`).
    public static func write(_ report: CheckReport, columns: ColumnConverter = { _, _, column in column },
                             maximumResults: Int? = nil, chunkSize: Int = ByteChunks.size, to sink: ByteChunks.Sink) {
        var quotas = quotas(report.diagnostics, maximum: maximumResults)
        var ruleIndex: [String: Int] = [:]
        var rules: [(id: String, summary: String, level: String)] = []
        for diagnostic in report.diagnostics where ruleIndex[diagnostic.rule] == nil {
            ruleIndex[diagnostic.rule] = rules.count
            let entry = RuleCatalog.byID[diagnostic.rule]
            rules.append((diagnostic.rule, entry?.summary ?? diagnostic.rule,
                          level(entry?.defaultSeverity.severity ?? diagnostic.severity)))
        }
        var out = PrettyJSON(capacity: min(chunkSize, 800 * report.diagnostics.count) + 4096)
        out.beginObject()
        out.field("$schema", schema)
        out.key("runs")
        out.beginArray()
        out.beginObject()
        out.field("columnKind", "unicodeCodePoints")
        out.key("originalUriBaseIds")
        out.beginObject()
        out.key("SRCROOT")
        out.beginObject()
        out.field("uri", "./")
        out.endObject()
        out.endObject()
        let counts = report.urlChanges?.counts
        if quotas != nil || counts != nil {
            out.key("properties")
            out.beginObject()
        }
        if let quotas {
            out.field("results_omitted", report.diagnostics.count - quotas.values.reduce(0, +))
            out.field("results_total", report.diagnostics.count)
        }
        if let counts {
            out.key("urls")
            out.beginObject()
            out.field("added", counts.added)
            out.field("anchors_removed", counts.anchorsRemoved)
            out.field("baseline", counts.baseline)
            out.field("baseline_pages", counts.baselinePages)
            out.field("redirected", counts.redirected)
            out.field("removed", counts.removed)
            out.endObject()
        }
        if quotas != nil || counts != nil { out.endObject() }
        out.key("results")
        out.beginArray()
        // Each finding read in place: a `for` loop copies each `Diagnostic`, retaining and releasing its strings.
        report.diagnostics.withUnsafeBufferPointer { diagnostics in
            for index in diagnostics.indices {
                if quotas != nil {
                    let severity = diagnostics[index].severity
                    guard quotas![severity]! > 0 else { continue }
                    quotas![severity]! -= 1
                }
                result(diagnostics[index], ruleIndex: ruleIndex[diagnostics[index].rule]!, columns: columns, to: &out)
                out.flush(ifAtLeast: chunkSize, to: sink)
            }
        }
        out.endArray()
        out.key("tool")
        out.beginObject()
        out.key("driver")
        out.beginObject()
        out.field("informationUri", "https://github.com/sitegen/sitegen")
        out.field("name", report.toolName)
        out.key("rules")
        out.beginArray()
        for rule in rules {
            out.beginObject()
            out.key("defaultConfiguration")
            out.beginObject()
            out.field("level", rule.level)
            out.endObject()
            out.field("id", rule.id)
            out.key("shortDescription")
            message(rule.summary, to: &out)
            out.endObject()
        }
        out.endArray()
        out.field("version", report.toolVersion)
        out.endObject()
        out.endObject()
        out.endObject()
        out.endArray()
        out.field("version", "2.1.0")
        out.endObject()
        out.newline()
        out.flush(ifAtLeast: 0, to: sink)
    }

    private static func result(_ diagnostic: Diagnostic, ruleIndex: Int, columns: ColumnConverter, to out: inout PrettyJSON) {
        let location = diagnostic.location
        let uri = SitePath.encodePathText(location.file)
        out.beginObject()
        if let edit = diagnostic.edit {
            let start = columns(location.file, edit.line, edit.column)
            let end = columns(location.file, edit.line, edit.column + edit.original.utf8.count)
            out.key("fixes")
            out.beginArray()
            out.beginObject()
            out.key("artifactChanges")
            out.beginArray()
            out.beginObject()
            artifactLocation(uri, to: &out)
            out.key("replacements")
            out.beginArray()
            out.beginObject()
            out.key("deletedRegion")
            region(startLine: edit.line, startColumn: start, endLine: edit.line, endColumn: end, to: &out)
            out.key("insertedContent")
            message(edit.replacement, to: &out)
            out.endObject()
            out.endArray()
            out.endObject()
            out.endArray()
            out.key("description")
            message(diagnostic.fixIt ?? "replace '\(edit.original)'", to: &out)
            out.endObject()
            out.endArray()
        }
        out.field("level", level(diagnostic.severity))
        out.key("locations")
        out.beginArray()
        out.beginObject()
        out.key("physicalLocation")
        out.beginObject()
        artifactLocation(uri, to: &out)
        if location.line > 0 {
            out.key("region")
            region(startLine: location.line,
                   startColumn: location.column > 0 ? columns(location.file, location.line, location.column) : nil, to: &out)
        }
        out.endObject()
        out.endObject()
        out.endArray()
        out.key("message")
        var text = diagnostic.message
        if let fix = diagnostic.fixIt { text += " (\(fix))" }
        message(text, to: &out)
        out.field("ruleId", diagnostic.rule)
        out.field("ruleIndex", ruleIndex)
        out.endObject()
    }

    private static func artifactLocation(_ uri: String, to out: inout PrettyJSON) {
        out.key("artifactLocation")
        out.beginObject()
        out.field("uri", uri)
        out.field("uriBaseId", "SRCROOT")
        out.endObject()
    }

    private static func region(startLine: Int, startColumn: Int?, endLine: Int? = nil, endColumn: Int? = nil,
                               to out: inout PrettyJSON) {
        out.beginObject()
        if let endColumn { out.field("endColumn", endColumn) }
        if let endLine { out.field("endLine", endLine) }
        if let startColumn { out.field("startColumn", startColumn) }
        out.field("startLine", startLine)
        out.endObject()
    }

    private static func message(_ text: String, to out: inout PrettyJSON) {
        out.beginObject()
        out.field("text", text)
        out.endObject()
    }
}
