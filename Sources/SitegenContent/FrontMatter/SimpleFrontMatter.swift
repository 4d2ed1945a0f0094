import SitegenCore

/// Reads front matter that is nothing but `key: value` lines, the shape of nearly every help-center article,
/// without Yams; anything else returns nil and goes to Yams.
///
/// Hand-written because Yams, which stays the parser of record, makes libyaml events, a node tree, a tag object
/// per scalar and a hash of every key (for its duplicate check) for the ten lines of a typical article, which
/// made it a large part of `sitegen check`. This reads only what YAML
/// reads the same way everywhere: ASCII text, one unindented `key:` per line (letters, digits, `_`, `-`), and a
/// value that is a plain word run (no indicator first, no `: ` or ` #` inside, no trailing `:`), a quoted
/// string without escapes, or nothing. Comments, lists, nesting, continuation lines, tabs, document markers,
/// duplicate keys, non-ASCII text: all go to Yams, so its errors and positions stay the ones reported. A test
/// checks that both readers give the same values and positions.
enum SimpleFrontMatter {
    /// One `key: value` line: the value as `FrontMatterParser` converts it, and where it starts.
    struct Entry: Equatable {
        var key: String
        var value: FrontMatterValue
        /// 0-based line in the YAML text and 1-based UTF-8 column of the value (of the key's colon when empty).
        var line: Int
        var column: Int
    }

    static func entries(_ yaml: String) -> [Entry]? {
        var entries: [Entry] = []
        let bytes = Array(yaml.utf8)
        var lineStart = 0
        var line = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1; line += 1 }
            var end = lineEnd
            if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            // Only printable ASCII and spaces.
            for index in lineStart..<end where bytes[index] < 0x20 || bytes[index] > 0x7E { return nil }
            while end > lineStart, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            if end == lineStart { continue }  // a blank line
            // Duplicates (Yams reports them) found by comparing with the earlier keys: a front matter has about ten,
            // and hashing each into a set cost more than the comparisons.
            guard let entry = entry(bytes, lineStart, end, line: line), !entries.contains(where: { $0.key == entry.key })
            else { return nil }
            entries.append(entry)
        }
        return entries.isEmpty ? nil : entries
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    /// The entry of one line (trailing spaces removed), or nil when it is not a simple `key: value` line.
    private static func entry(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int) -> Entry? {
        // The key: starts with a letter or `_`, then key bytes, then `:`.
        let first = bytes[start]
        guard first == UInt8(ascii: "_") || first.isASCIILetter else { return nil }
        var colon = start
        while colon < end, isKeyByte(bytes[colon]) { colon += 1 }
        guard colon < end, bytes[colon] == UInt8(ascii: ":") else { return nil }
        let key = String(decoding: bytes[start..<colon], as: UTF8.self)
        var valueStart = colon + 1
        if valueStart == end {
            // `key:` with nothing after it: null, located at the end of the line like Yams' empty scalar.
            return Entry(key: key, value: .null, line: line, column: end - start + 1)
        }
        guard bytes[valueStart] == UInt8(ascii: " ") else { return nil }
        while valueStart < end, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let column = valueStart - start + 1
        let value = bytes[valueStart..<end]
        switch value.first! {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let quote = value.first!
            guard value.count >= 2, value.last == quote else { return nil }
            let inner = value.dropFirst().dropLast()
            guard !inner.contains(quote), !inner.contains(UInt8(ascii: "\\")) else { return nil }
            return Entry(key: key, value: .string(String(decoding: inner, as: UTF8.self)), line: line, column: column)
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return nil
        default:
            // A plain scalar: no `: ` or ` #` inside, no `:` at the end.
            guard value.last != UInt8(ascii: ":") else { return nil }
            for index in value.indices.dropLast() {
                let byte = value[index], next = value[index + 1]
                if byte == UInt8(ascii: ":") && next == UInt8(ascii: " ") { return nil }
                if byte == UInt8(ascii: " ") && next == UInt8(ascii: "#") { return nil }
            }
            let text = String(decoding: value, as: UTF8.self)
            let isNull = text == "~" || text == "null" || text == "Null" || text == "NULL"
            return Entry(key: key, value: isNull ? .null : .string(text), line: line, column: column)
        }
    }
}
