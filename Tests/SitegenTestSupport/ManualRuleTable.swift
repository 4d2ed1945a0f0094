import Foundation

/// The rules tables of the manual (`docs/content/**`): every Markdown table whose header starts with `| Rule |`, read
/// row by row, so that tests can hold the manual's ids and severities to the code's catalogs.
///
/// Hand-written rather than through cmark-gfm: sitegen reaches cmark-gfm only through `SitegenMarkdown`, which gives
/// HTML, not table cells, and these tables are pipe tables with one row per line, whose first two columns are plain
/// text. A table written otherwise makes the tests that read it fail (no rows, or a row with no rule id); it is
/// never read as something else.
public struct ManualRuleTable {
    /// One row: the rule ids of its first cell (each in backticks), the text of its severity column, and where it is.
    public struct Row: Sendable, Equatable {
        public var ids: [String]
        public var severity: String
        public var line: Int
    }

    /// The manual's articles: `docs/content` of this checkout.
    public static let contentFolder = packageRoot + "/docs/content"

    /// Path relative to the package root, for messages.
    public let path: String
    public let text: String
    public let rows: [Row]

    /// Reads the rules tables of `docs/content/<relative>`; `severityColumn` is the header of the column that holds
    /// the severity (`Default`, `Severity`).
    public init(_ relative: String, severityColumn: String) throws {
        path = "docs/content/" + relative
        text = try String(contentsOfFile: Self.contentFolder + "/" + relative, encoding: .utf8)
        var rows: [Row] = []
        var severityIndex: Int?
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("|") else {
                severityIndex = nil
                continue
            }
            let cells = Self.cells(line)
            if severityIndex == nil {
                // A header row: a rules table when its first cell is `Rule` (-1 marks any other table).
                severityIndex = -1
                if cells.first == "Rule" {
                    guard let column = cells.firstIndex(of: severityColumn) else {
                        throw MissingColumn(description: "\(path):\(offset + 1): the rules table has no '\(severityColumn)' column")
                    }
                    severityIndex = column
                }
                continue
            }
            guard let column = severityIndex, column >= 0, !cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } })
            else { continue }
            rows.append(Row(ids: Self.codeSpans(cells[0]), severity: column < cells.count ? cells[column] : "",
                            line: offset + 1))
        }
        self.rows = rows
    }

    /// A rules table without the severity column asked for.
    public struct MissingColumn: Error, CustomStringConvertible {
        public var description: String
    }

    /// The cells of a table row, trimmed; a `|` escaped as `\|` stays in its cell.
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var previous: Character = " "
        for character in line.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
            previous = character
        }
        if !cell.trimmingCharacters(in: .whitespaces).isEmpty { cells.append(cell.trimmingCharacters(in: .whitespaces)) }
        return cells
    }

    /// The texts between backticks in a cell: `` `a`, `b` `` gives `a` and `b`.
    static func codeSpans(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
