import Foundation
import SitegenCore
@testable import SitegenLinks
import Testing

/// The JSON report is written directly (`PrettyJSON`), and must be byte for byte what `JSONEncoder` (pretty,
/// sorted keys, slashes unescaped) and `ReportText` make of the report's `Document`: the schema is the one the
/// manual documents, and scripts that diff reports must see no change.
@Suite("JSON report: written as the encoder writes it")
struct JSONReportTests {
    static func encoded(_ report: CheckReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(JSONReport.document(report))
        return ReportText.escapingControls(inJSON: String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// Every optional field of a finding present or absent, and text that needs every kind of escape.
    static let hostile: CheckReport = {
        let text = "q\"\\/\n\r\t\u{8}\u{c}\u{1}\u{1f} é \u{7f}\u{85}\u{9f}\u{a0} \u{2028} <a href='x'>&amp;</a> 💡"
        var stats = LinkStats()
        stats.links = 2
        let diagnostics = [
            Diagnostic(.error, SourceLocation(file: "content/\(text).md", line: 1, column: 2), rule: "link-broken", text,
                       fixIt: text, link: LinkDetails(destination: text, resolved: text, suggestion: text),
                       edit: TextEdit(line: 1, column: 2, original: text, replacement: text)),
            Diagnostic(.note, SourceLocation(file: "content/a.md", line: 3, column: 4), rule: "link-own-host", "plain"),
        ]
        return CheckReport(toolVersion: "0.1.0", diagnostics: diagnostics, stats: stats,
                           pages: [.init(file: "content/a.md", title: text, url: "/how-to/a/")])
    }()

    @Test("the same bytes as the encoder, for reports with and without findings, fetched counts and escapes",
          arguments: ["fixture", "fetched", "hostile", "empty"])
    func sameBytes(_ name: String) throws {
        let report = switch name {
        case "fixture": ReportFormatTests.report
        case "fetched": ReportFormatTests.fetchedReport
        case "hostile": Self.hostile
        default: CheckReport(toolVersion: "0.1.0", diagnostics: [], stats: LinkStats(), pages: [])
        }
        #expect(JSONReport.render(report) == (try Self.encoded(report)))
    }
}

/// The large reports are handed to their file a chunk at a time as they are made (`ByteChunks`): the chunks must
/// join into the report made whole, and come between findings.
@Suite("Reports written as they are made")
struct ReportChunkTests {
    static let reports: [CheckReport] = [ReportFormatTests.report, ReportFormatTests.fetchedReport, JSONReportTests.hostile,
                                         CheckReport(toolVersion: "0.1.0", diagnostics: [], stats: LinkStats(), pages: [])]

    @Test("JSON: the chunks join into the whole report; with 1-byte chunks, one after each finding and one at the end",
          arguments: 0..<4)
    func json(_ position: Int) {
        let report = Self.reports[position]
        for size in [1, 100, ByteChunks.size] {
            var chunks: [[UInt8]] = []
            JSONReport.write(report, chunkSize: size) { chunks.append(Array($0)) }
            #expect(Array(chunks.joined()) == JSONReport.bytes(report))
            if size == 1 { #expect(chunks.count == report.diagnostics.count + 1) }
            if size == ByteChunks.size { #expect(chunks.count == 1) }
        }
    }

    @Test("SARIF: the same", arguments: 0..<4)
    func sarif(_ position: Int) {
        let report = Self.reports[position]
        let columns: ColumnConverter = { _, line, column in column + line }
        for size in [1, 100, ByteChunks.size] {
            var chunks: [[UInt8]] = []
            SARIFReport.write(report, columns: columns, chunkSize: size) { chunks.append(Array($0)) }
            #expect(Array(chunks.joined()) == SARIFReport.bytes(report, columns: columns))
            if size == 1 { #expect(chunks.count == report.diagnostics.count + 1) }
            // With findings left out (`maximumResults`): a chunk after each finding kept.
            var limited: [[UInt8]] = []
            SARIFReport.write(report, columns: columns, maximumResults: 1, chunkSize: size) { limited.append(Array($0)) }
            #expect(Array(limited.joined()) == SARIFReport.bytes(report, columns: columns, maximumResults: 1))
            if size == 1 { #expect(limited.count == min(1, report.diagnostics.count) + 1) }
        }
    }
}
