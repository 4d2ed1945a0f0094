/// Reads what it can of front matter that YAML cannot read: the unindented `key: value` lines.
///
/// Used only after an error has been reported for the front matter, so that the page keeps its best-effort route
/// (its permalink, if that line is intact, else its file name) and its title, and the rest of the file is still
/// parsed and checked: one broken front matter must not turn every link to the page into a second finding.
/// Hand-written because the YAML reader, by definition, has already refused this text. Linear in the text.
enum FrontMatterSalvage {
    /// One top-level `key: value` line: the value as text (quotes removed), and where it starts.
    struct Line: Equatable {
        var key: String
        var value: String
        /// 0-based line in the YAML text, 1-based UTF-8 column of the key and of the value.
        var line: Int
        var keyColumn: Int
        var valueColumn: Int
    }

    /// Every top-level key line, in order (duplicates included).
    static func lines(_ yaml: String) -> [Line] {
        var result: [Line] = []
        var lineNumber = 0
        for line in yaml.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            defer { lineNumber += 1 }
            if let found = keyLine(Array(line), lineNumber: lineNumber) { result.append(found) }
        }
        return result
    }

    /// Front matter entries from the top-level lines; the last value of a key wins, as in YAML readers that
    /// allow duplicates (Jekyll's).
    static func entries(_ yaml: String, firstLine: Int) -> [FrontMatterEntry] {
        var entries: [FrontMatterEntry] = []
        var positions: [String: Int] = [:]
        for line in lines(yaml) {
            let value: FrontMatterValue = line.value.isEmpty || ["~", "null", "Null", "NULL"].contains(line.value)
                ? .null : .string(line.value)
            let entry = FrontMatterEntry(key: line.key, value: value, line: firstLine + line.line,
                                         column: line.valueColumn)
            if let earlier = positions[line.key] {
                entries[earlier] = entry
            } else {
                positions[line.key] = entries.count
                entries.append(entry)
            }
        }
        return entries
    }

    /// The YAML text with the lines of every key but the last occurrence of each blanked (line count kept, so
    /// positions stay the same), and the duplicates: each repeated key line with the line of the one before it.
    static func keepingLastOfDuplicates(_ yaml: String) -> (yaml: String, repeats: [(line: Line, previous: Line)])? {
        var rows = yaml.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Array($0) }
        var keyLines: [Line] = []
        for (number, row) in rows.enumerated() {
            if let found = keyLine(row, lineNumber: number) { keyLines.append(found) }
        }
        var last: [String: Int] = [:]
        for (position, line) in keyLines.enumerated() { last[line.key] = position }
        var previous: [String: Line] = [:]
        var repeats: [(line: Line, previous: Line)] = []
        var blanked = false
        for (position, line) in keyLines.enumerated() {
            if let earlier = previous[line.key] { repeats.append((line, earlier)) }
            previous[line.key] = line
            guard last[line.key] != position else { continue }
            // The key's block: its line and what belongs to its value (indented lines, `- ` items, blank lines).
            let end = position + 1 < keyLines.count ? keyLines[position + 1].line : rows.count
            for row in line.line..<end { rows[row] = [] }
            blanked = true
        }
        guard blanked else { return nil }
        return (String(decoding: Array(rows.joined(separator: [UInt8(ascii: "\n")])), as: UTF8.self), repeats)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        byte.isASCIILetter || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// The key line in `row`, or nil when the row does not start, at its first byte, with a key and a `:`.
    private static func keyLine(_ row: [UInt8], lineNumber: Int) -> Line? {
        var end = row.count
        if end > 0, row[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > 0 else { return nil }
        var index = 0
        var quote: UInt8?
        if row[0] == UInt8(ascii: "'") || row[0] == UInt8(ascii: "\"") {
            quote = row[0]
            index = 1
        }
        let keyStart = index
        while index < end, isKeyByte(row[index]) { index += 1 }
        guard index > keyStart, row[keyStart] != UInt8(ascii: "-") else { return nil }
        let key = String(decoding: row[keyStart..<index], as: UTF8.self)
        if let quote {
            guard index < end, row[index] == quote else { return nil }
            index += 1
        }
        // Spaces before the colon are allowed (`title : x`), as YAML allows them.
        while index < end, row[index] == UInt8(ascii: " ") || row[index] == UInt8(ascii: "\t") { index += 1 }
        guard index < end, row[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        guard index == end || row[index] == UInt8(ascii: " ") || row[index] == UInt8(ascii: "\t") else { return nil }
        while index < end, row[index] == UInt8(ascii: " ") || row[index] == UInt8(ascii: "\t") { index += 1 }
        let valueStart = index
        var valueEnd = end
        // A comment: `#` after a space.
        var scan = valueStart
        var inQuote: UInt8?
        while scan < valueEnd {
            let byte = row[scan]
            if let open = inQuote {
                if byte == open { inQuote = nil }
            } else if scan == valueStart, byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                inQuote = byte
            } else if byte == UInt8(ascii: "#"), scan > valueStart,
                      row[scan - 1] == UInt8(ascii: " ") || row[scan - 1] == UInt8(ascii: "\t") {
                valueEnd = scan
                break
            }
            scan += 1
        }
        while valueEnd > valueStart, row[valueEnd - 1] == UInt8(ascii: " ") || row[valueEnd - 1] == UInt8(ascii: "\t") {
            valueEnd -= 1
        }
        var value = Array(row[valueStart..<valueEnd])
        var column = valueStart + 1
        // Not a scalar (a flow collection, a block scalar, an alias, an anchor or a tag): nothing to use.
        if let first = value.first, "[{|>&*!".utf8.contains(first) { value = [] }
        if let first = value.first, first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
            // A quoted value, closed or not: the text inside (an unclosed quote is the usual mistake).
            value.removeFirst()
            column += 1
            if value.last == first { value.removeLast() }
            if first == UInt8(ascii: "'") {
                value = unescapeSingleQuotes(value)
            }
        }
        return Line(key: key, value: String(decoding: value, as: UTF8.self), line: lineNumber,
                    keyColumn: keyStart + 1 - (quote == nil ? 0 : 1), valueColumn: column)
    }

    /// `''` inside a single-quoted YAML string stands for one `'`.
    private static func unescapeSingleQuotes(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            result.append(bytes[index])
            if bytes[index] == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") { index += 1 }
            index += 1
        }
        return result
    }
}
