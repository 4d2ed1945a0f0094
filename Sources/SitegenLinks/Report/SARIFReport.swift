import Foundation
import SitegenCore

/// SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, the rules that fired with their
/// descriptions, one result per diagnostic, and a fix where `sitegen fix` has one.
public enum SARIFReport {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    struct Log: Encodable {
        var schema = SARIFReport.schema
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: ArtifactLocation]
        var columnKind = "unicodeCodePoints"
        var results: [Result]
        /// SARIF's property bag: `urls`, what the change does to the baseline's URLs (`--baseline`).
        var properties: Properties?
    }
    struct Properties: Encodable { var urls: URLChanges.Counts }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [Rule]
    }
    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
    }
    struct Configuration: Encodable { var level: String }
    struct Message: Encodable { var text: String }
    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }
    struct Region: Encodable {
        var startLine: Int?
        var startColumn: Int?
        var endLine: Int?
        var endColumn: Int?
    }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Message
    }
    struct Change: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }
    struct Fix: Encodable {
        var description: Message
        var artifactChanges: [Change]
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var fixes: [Fix]?
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// Renders the log. Columns are converted to code points with `columns` (SARIF does not count bytes).
    public static func render(_ report: CheckReport, columns: ColumnConverter = { _, _, column in column }) -> String {
        var ruleIndex: [String: Int] = [:]
        var rules: [Rule] = []
        for diagnostic in report.diagnostics where ruleIndex[diagnostic.rule] == nil {
            ruleIndex[diagnostic.rule] = rules.count
            let entry = RuleCatalog.byID[diagnostic.rule]
            rules.append(Rule(id: diagnostic.rule,
                              shortDescription: Message(text: entry?.summary ?? diagnostic.rule),
                              defaultConfiguration: Configuration(level: level(entry?.defaultSeverity.severity
                                                                                 ?? diagnostic.severity))))
        }
        let results = report.diagnostics.map { diagnostic -> Result in
            let location = diagnostic.location
            let file = ArtifactLocation(uri: SitePath.encodePathText(location.file), uriBaseId: "SRCROOT")
            var region: Region?
            if location.line > 0 {
                region = Region(startLine: location.line,
                                startColumn: location.column > 0 ? columns(location.file, location.line, location.column) : nil)
            }
            var fixes: [Fix]?
            if let edit = diagnostic.edit {
                let start = columns(location.file, edit.line, edit.column)
                let end = columns(location.file, edit.line, edit.column + edit.original.utf8.count)
                fixes = [Fix(description: Message(text: diagnostic.fixIt ?? "replace '\(edit.original)'"),
                             artifactChanges: [Change(artifactLocation: file, replacements: [
                                Replacement(deletedRegion: Region(startLine: edit.line, startColumn: start,
                                                                  endLine: edit.line, endColumn: end),
                                            insertedContent: Message(text: edit.replacement)),
                             ])])]
            }
            var text = diagnostic.message
            if let fix = diagnostic.fixIt { text += " (\(fix))" }
            return Result(ruleId: diagnostic.rule, ruleIndex: ruleIndex[diagnostic.rule]!, level: level(diagnostic.severity),
                          message: Message(text: text),
                          locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: file, region: region))],
                          fixes: fixes)
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(name: report.toolName, version: report.toolVersion,
                                      informationUri: "https://github.com/sitegen/sitegen", rules: rules)),
            originalUriBaseIds: ["SRCROOT": ArtifactLocation(uri: "./", uriBaseId: nil)],
            results: results, properties: report.urlChanges.map { Properties(urls: $0.counts) })])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(log)) ?? Data("{}".utf8)
        return ReportText.escapingControls(inJSON: String(decoding: data, as: UTF8.self)) + "\n"
    }
}
