import SitegenCore
import Yams

/// Converts Yams marks (1-based line, column counted in Unicode scalars) into file positions
/// (1-based line of the whole file, column in UTF-8 bytes).
struct YAMLPosition {
    /// The YAML text the marks refer to, whole and by line.
    let yaml: String
    let yamlLines: [Substring]
    /// File line on which the YAML text's first line stands.
    let firstLine: Int
    /// File path shown in diagnostics.
    let file: String

    init(yaml: String, firstLine: Int, file: String) {
        // On bytes: faster than Characters, and a CRLF line end (one Character) still ends a line.
        self.yaml = yaml
        self.yamlLines = yaml.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        self.firstLine = firstLine
        self.file = file
    }

    func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: file, line: firstLine, column: 1) }
        return location(line: mark.line, scalarColumn: mark.column)
    }

    func location(line: Int, scalarColumn: Int) -> SourceLocation {
        var column = max(scalarColumn, 1)
        if line >= 1, line <= yamlLines.count {
            let text = yamlLines[line - 1]
            let scalars = text.unicodeScalars
            let end = scalars.index(scalars.startIndex, offsetBy: column - 1, limitedBy: scalars.endIndex) ?? scalars.endIndex
            column = text.utf8.distance(from: text.utf8.startIndex, to: end) + 1
        }
        return SourceLocation(file: file, line: firstLine + max(line, 1) - 1, column: column)
    }

    /// The most nodes a configuration file may have with its YAML aliases expanded.
    static let maximumExpandedNodes = 100_000

    /// An error at the alias that makes the text larger than `limit` nodes once expanded (see `YAMLAliasBound`),
    /// or nil when it is within the limit.
    func aliasRefusal(rule: String, limit: Int, what: String) -> Diagnostic? {
        switch YAMLAliasBound.verdict(for: yaml, limit: limit) {
        case .withinLimit:
            return nil
        case .tooLarge(let overflow):
            return .error(location(line: overflow.line, scalarColumn: overflow.column), rule: rule,
                          "\(what) expands to more than \(limit) values through YAML aliases ('*name'); each alias "
                              + "repeats its anchor's whole value",
                          fixIt: "write the values out instead of aliasing aliases")
        case .uncheckable:
            return .error(SourceLocation(file: file, line: firstLine, column: 1), rule: rule, YAMLAliasBound.uncheckableMessage)
        }
    }

    /// Composes `text` (UTF-8 explicitly: Yams' default encoding reads the process environment on every call);
    /// on invalid YAML, the error as a diagnostic of `rule` at its position.
    static func compose(_ text: String, file: String, rule: String) -> (Node?, YAMLPosition, Diagnostic?) {
        let position = YAMLPosition(yaml: text, firstLine: 1, file: file)
        if let refusal = position.aliasRefusal(rule: rule, limit: maximumExpandedNodes, what: "the file") {
            return (nil, position, refusal)
        }
        do {
            return (try Yams.compose(yaml: text, .default, .default, .utf8), position, nil)
        } catch {
            let (location, message) = position.describe(error)
            return (nil, position, .error(location, rule: rule, message))
        }
    }

    /// Location of a YamlError, and a message without Yams' own "in line N" decorations.
    func describe(_ error: any Error) -> (SourceLocation, String) {
        guard let yamlError = error as? YamlError else {
            return (SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(error)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            // A no-break space pasted after a key's colon makes the line one plain scalar, and libyaml stops a
            // line or more later: point at the space itself.
            if let pasted = noBreakSpaceAfterKey(upTo: mark.line) {
                return (pasted.location, "invalid YAML: '\(pasted.key):' is followed by a no-break space (U+00A0), not "
                            + "an ordinary space, so YAML does not read a key and its value here (\(problem))")
            }
            // An unclosed quote, bracket or brace is noticed lines later, at the end of the text: point at where
            // it opens, which is the context's mark. Any other context (the block mapping the error is in, a plain
            // scalar a tab-indented line continues) only says where the construct began: the problem's mark is
            // where the text went wrong (`title: [Draft] How to`, the line with the tab).
            // A value's quote left open (`created_date: '2013-02-05`) runs on to the next quote, lines later, where
            // libyaml then stumbles: point at the quote that opened.
            if case .parser = yamlError, let quote = unclosedQuote(before: mark.line) {
                return (quote.location, "invalid YAML: the \(quote.name) quote that starts the value of '\(quote.key)' "
                            + "is not closed on its line, so YAML reads on to the next \(quote.name) quote (\(problem) "
                            + "on line \(firstLine + mark.line - 1))")
            }
            let unclosed = ["quoted scalar", "flow sequence", "flow mapping"]
            if let context, context.mark.line < mark.line, unclosed.contains(where: context.text.contains) {
                return (location(context.mark), message)
            }
            return (location(mark), message)
        case let .reader(problem, offset, value, _):
            // libyaml's reader counts the characters (Unicode scalars) before the one it refuses (a control character).
            let character = value >= 0 ? " (\(SourceExcerpt.codePoint(UInt32(value))))" : ""
            guard let offset, offset >= 0 else {
                return (SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(problem)\(character)")
            }
            var line = 1, column = 1
            for scalar in yaml.unicodeScalars.prefix(offset) {
                if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
            }
            return (location(line: line, scalarColumn: column), "invalid YAML: \(problem)\(character)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            // Yams points at the first occurrence; point at the second, where the author repeated the key.
            let second = secondOccurrence(ofKey: key)
            return (second ?? location(context.mark),
                    "duplicate key '\(key)' in front matter; YAML keeps only the last value, remove one of them")
        default:
            return (SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(yamlError)")
        }
    }

    /// The `key: 'value` or `key: "value` whose quote is not closed on its line and runs on to `line` (closes on it,
    /// or is still open there): a quote doubled inside single quotes, or escaped inside double quotes, does not
    /// close it. Nil when the quote that libyaml was reading at `line` opened on `line` itself, or none did.
    private func unclosedQuote(before line: Int) -> (key: String, name: String, location: SourceLocation)? {
        /// Where the quote `quote` closes in `bytes` from `at`, or nil.
        func closing(_ quote: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
            var at = start
            while at < bytes.count {
                if quote == UInt8(ascii: "\""), bytes[at] == UInt8(ascii: "\\") { at += 2; continue }
                if bytes[at] == quote {
                    if quote == UInt8(ascii: "'"), at + 1 < bytes.count, bytes[at + 1] == quote { at += 2; continue }
                    return at
                }
                at += 1
            }
            return nil
        }
        var open: (key: String, quote: UInt8, location: SourceLocation)?
        for (index, text) in yamlLines.prefix(max(0, line)).enumerated() {
            let bytes = Array(text.utf8)
            if let current = open {
                // Inside the quote: it closes on this line, or reads on.
                guard closing(current.quote, in: bytes, from: 0) != nil else { continue }
                if index + 1 == line { break }
                open = nil
                continue
            }
            guard index + 1 < line else { break }
            var at = 0
            while at < bytes.count, bytes[at] == 0x20 { at += 1 }
            let keyStart = at
            while at < bytes.count, bytes[at] != UInt8(ascii: ":"), bytes[at] != 0x20 { at += 1 }
            guard at > keyStart, at + 1 < bytes.count, bytes[at] == UInt8(ascii: ":"), bytes[at + 1] == 0x20 else { continue }
            let key = String(decoding: bytes[keyStart..<at], as: UTF8.self)
            at += 1
            while at < bytes.count, bytes[at] == 0x20 { at += 1 }
            guard at < bytes.count, bytes[at] == UInt8(ascii: "'") || bytes[at] == UInt8(ascii: "\"") else { continue }
            guard closing(bytes[at], in: bytes, from: at + 1) == nil else { continue }
            let scalarColumn = String(decoding: bytes[..<at], as: UTF8.self).unicodeScalars.count + 1
            open = (key, bytes[at], location(line: index + 1, scalarColumn: scalarColumn))
        }
        guard let open else { return nil }
        return (open.key, open.quote == UInt8(ascii: "'") ? "single" : "double", open.location)
    }

    /// The first `key:` followed by U+00A0 at the start of a line, on the YAML's lines up to `line`.
    private func noBreakSpaceAfterKey(upTo line: Int) -> (key: String, location: SourceLocation)? {
        for (index, text) in yamlLines.prefix(max(0, line)).enumerated() {
            guard let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].hasPrefix("\u{A0}") else { continue }
            let key = text[..<colon].drop { $0 == " " }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { continue }
            let scalarColumn = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: colon) + 2
            return (String(key), location(line: index + 1, scalarColumn: scalarColumn))
        }
        return nil
    }

    /// Finds the second line that starts a mapping entry with `key`, at any indentation.
    private func secondOccurrence(ofKey key: String) -> SourceLocation? {
        var seen = 0
        for (index, line) in yamlLines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            let candidates = [key + ":", "'\(key)':", "\"\(key)\":"]
            if candidates.contains(where: { trimmed.hasPrefix($0) }) {
                seen += 1
                if seen == 2 {
                    let indent = line.count - trimmed.count
                    return location(line: index + 1, scalarColumn: indent + 1)
                }
            }
        }
        return nil
    }
}
