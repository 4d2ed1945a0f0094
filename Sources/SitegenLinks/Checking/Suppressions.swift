import SitegenCore

/// Inline suppressions in a Markdown source: an HTML comment `<!-- sitegen-ignore -->` (every rule) or
/// `<!-- sitegen-ignore link-broken link-missing-scheme -->` (those rules) silences link findings on its own
/// line, or on the next line when the comment stands alone on its line.
public struct Suppressions: Sendable {
    /// Line → rule ids silenced there (empty set: every rule).
    private var byLine: [Int: Set<String>] = [:]

    public static let marker = "sitegen-ignore"

    /// Scans `text`, whose first line is line `firstLine` of the file.
    public init(text: String, firstLine: Int = 1) {
        // Most articles have no marker: a byte search of the text as it is, without copying it.
        guard text.containsBytes(of: Self.marker) else { return }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let start = line.range(of: "<!--"), line.contains(Self.marker) else { continue }
            var rest = line[start.upperBound...]
            guard let end = rest.range(of: "-->") else { continue }
            let words = rest[..<end.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard words.first == Substring(Self.marker) else { continue }
            let rules = Set(words.dropFirst().map(String.init))
            rest = rest[end.upperBound...]
            let aloneOnLine = line[..<start.lowerBound].allSatisfy(\.isWhitespace) && rest.allSatisfy(\.isWhitespace)
            let target = firstLine + offset + (aloneOnLine ? 1 : 0)
            if let existing = byLine[target], existing.isEmpty { continue }
            byLine[target] = rules.isEmpty ? [] : (byLine[target] ?? []).union(rules)
        }
    }

    /// True when findings of `rule` on `line` are silenced.
    public func silences(_ rule: String, onLine line: Int) -> Bool {
        guard let rules = byLine[line] else { return false }
        return rules.isEmpty || rules.contains(rule)
    }
}
