/// INI files and their kin (`ini`, `cfg`, `conf`, `toml`, `properties`): `[sections]` and `[[tables]]`, keys before
/// `=` or `:`, comments after `;` or `#`, and values: strings (TOML's triple-quoted ones too), numbers, booleans.
enum INILexer {
    static let literals = WordSet(["true", "false", "on", "off", "yes", "no", "null"], caseInsensitive: true)

    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        var line = 0
        while line < source.count {
            var index = source.skipBlanks(from: line)
            let byte = source[index]
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "!") {
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            } else if byte == UInt8(ascii: "[") {
                let lineEnd = source.lineEnd(from: index)
                var end = source.skip(from: index) { $0 != UInt8(ascii: "]") && !Byte.isLineBreak($0) }
                end = source.skip(from: end) { $0 == UInt8(ascii: "]") }
                writer.token(.section, index, min(end, lineEnd))
                index = valuesEnd(source, from: end, &writer)
            } else if index < source.count, !Byte.isLineBreak(byte) {
                // A key up to `=` or `:`; a line with neither (a continuation, a value on its own) is left plain.
                let separator = source.skip(from: index) {
                    $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ":") && !Byte.isLineBreak($0)
                }
                if source[separator] == UInt8(ascii: "=") || source[separator] == UInt8(ascii: ":") {
                    var keyEnd = separator
                    while keyEnd > index, Byte.isBlank(source[keyEnd - 1]) { keyEnd -= 1 }
                    writer.token(.key, index, keyEnd)
                    index = valuesEnd(source, from: separator + 1, &writer)
                } else {
                    index = separator
                }
            }
            line = source.nextLine(from: index)
        }
    }

    /// Writes the values from `start` to the end of the line (and the lines a multi-line string takes); returns
    /// where it stopped.
    private static func valuesEnd(_ source: Source, from start: Int, _ writer: inout HTMLWriter) -> Int {
        var index = start
        while index < source.count {
            let byte = source[index]
            if Byte.isLineBreak(byte) { return index }
            if Byte.isBlank(byte) || ",[]{}=".utf8.contains(byte) {
                index += 1
            } else if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "#"), Byte.isBlank(source[index - 1]) {
                let end = source.lineEnd(from: index)
                writer.token(.comment, index, end)
                return end
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let triple = source[index + 1] == byte && source[index + 2] == byte
                let end = triple
                    ? source.end(of: byte == UInt8(ascii: "\"") ? "\"\"\"" : "'''", from: index + 3,
                                 escape: byte == UInt8(ascii: "\"") ? UInt8(ascii: "\\") : nil)
                    : source.quotedEnd(from: index, escape: byte == UInt8(ascii: "\"") ? UInt8(ascii: "\\") : nil,
                                       stopsAtLineEnd: true)
                writer.token(.string, index, end)
                index = end
            } else {
                // A bare value, up to a blank or the punctuation of TOML arrays and tables.
                let end = source.skip(from: index) { !Byte.isSpace($0) && !",[]{}".utf8.contains($0) }
                let word = index..<end
                if literals.contains(source, word) {
                    writer.token(.literal, index, end)
                } else if isNumber(source, word) {
                    writer.token(.number, index, end)
                }
                // At least one byte: a form feed is neither a blank nor part of a word (FuzzHighlight found the loop).
                index = max(end, index + 1)
            }
        }
        return index
    }

    /// Digits with a sign, a fraction, an exponent or `_`, or `0x` digits: nothing else.
    private static func isNumber(_ source: Source, _ word: Range<Int>) -> Bool {
        var start = word.lowerBound
        if source[start] == UInt8(ascii: "-") || source[start] == UInt8(ascii: "+") { start += 1 }
        guard start < word.upperBound, Byte.isDigit(source[start]) || source[start] == UInt8(ascii: ".") else { return false }
        let end = source.numberEnd(from: start)
        guard end == word.upperBound else { return false }
        let isHex = source[start] == UInt8(ascii: "0") && source[start + 1] | 0x20 == UInt8(ascii: "x")
        return isHex || !(start..<end).contains { Byte.isLetter(source[$0]) && source[$0] | 0x20 != UInt8(ascii: "e") }
    }
}
