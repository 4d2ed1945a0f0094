/// YAML (`yaml`, `yml`): mapping keys, comments, quoted strings, anchors and aliases, tags, document markers,
/// block scalars (`|`, `>`), numbers and the literal words.
enum YAMLLexer {
    static let literals = WordSet(["true", "false", "yes", "no", "on", "off", "null", "~"], caseInsensitive: true)

    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        var index = 0
        var flowDepth = 0
        while index < source.count {
            index = lexLine(source, from: index, flowDepth: &flowDepth, &writer)
        }
    }

    /// Lexes the line that starts at `lineStart` (and the lines a quoted string or block scalar in it takes);
    /// returns the start of the next line to lex.
    private static func lexLine(_ source: Source, from lineStart: Int, flowDepth: inout Int,
                                _ writer: inout HTMLWriter) -> Int {
        var index = lineStart
        // `---` and `...` at the start of a line, `%YAML` and `%TAG` directives.
        if source.matches("---", at: index) || source.matches("...", at: index) {
            let after = source[index + 3]
            if index + 3 >= source.count || Byte.isSpace(after) {
                writer.token(.meta, index, index + 3)
                index += 3
            }
        } else if source[index] == UInt8(ascii: "%"), flowDepth == 0 {
            let end = source.lineEnd(from: index)
            writer.token(.meta, index, end)
            return source.nextLine(from: end)
        }
        let indentEnd = source.skipBlanks(from: index)
        let indent = indentEnd - lineStart
        /// Whether a value starts here (the line's start, after `- `, `? `, `: `, `[`, `{` or `,`): where a block
        /// scalar indicator may stand.
        var atValueStart = true
        index = indentEnd
        while index < source.count {
            let byte = source[index]
            let next = source[index + 1]
            let nextEnds = index + 1 >= source.count || Byte.isSpace(next)
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                return source.nextLine(from: index)
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                index += 1
            case UInt8(ascii: "#") where index == lineStart || Byte.isBlank(source[index - 1]):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "-") where nextEnds, UInt8(ascii: "?") where nextEnds:
                index += 1
                atValueStart = true
            case UInt8(ascii: ":") where nextEnds || flowDepth > 0:
                index += 1
                atValueStart = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let end = byte == UInt8(ascii: "'")
                    ? source.quotedEnd(from: index, escape: nil, doubledQuote: true, stopsAtLineEnd: false)
                    : source.quotedEnd(from: index, stopsAtLineEnd: false)
                writer.token(isKey(source, colonAt: source.skipBlanks(from: end), flowDepth: flowDepth) ? .key : .string,
                             index, end)
                index = end
                atValueStart = false
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                let end = source.skip(from: index + 1) { !Byte.isSpace($0) && !",[]{}".utf8.contains($0) }
                writer.token(byte == UInt8(ascii: "!") ? .meta : .variable, index, end)
                index = end
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                index += 1
                atValueStart = true
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
                index += 1
            case UInt8(ascii: ",") where flowDepth > 0:
                index += 1
                atValueStart = true
            case UInt8(ascii: "|") where atValueStart && flowDepth == 0, UInt8(ascii: ">") where atValueStart && flowDepth == 0:
                return blockScalarEnd(source, header: index, parentIndent: indent, &writer)
            default:
                index = plainScalarEnd(source, from: index, flowDepth: flowDepth, &writer)
                atValueStart = false
            }
        }
        return index
    }

    /// Whether the `:` that makes what precedes it a key is at `index`.
    private static func isKey(_ source: Source, colonAt index: Int, flowDepth: Int) -> Bool {
        guard source[index] == UInt8(ascii: ":") else { return false }
        let next = source[index + 1]
        return index + 1 >= source.count || Byte.isSpace(next) || flowDepth > 0 && ",[]{}".utf8.contains(next)
    }

    /// Writes the plain scalar at `start` (a key when `: ` follows it); returns its end, before the `:` or comment.
    private static func plainScalarEnd(_ source: Source, from start: Int, flowDepth: Int, _ writer: inout HTMLWriter) -> Int {
        var index = start
        var lastText = start
        while index < source.count {
            let byte = source[index]
            if Byte.isLineBreak(byte) { break }
            if byte == UInt8(ascii: ":"), isKey(source, colonAt: index, flowDepth: flowDepth) {
                writer.token(.key, start, lastText)
                return index
            }
            if byte == UInt8(ascii: "#"), index > start, Byte.isBlank(source[index - 1]) { break }
            if flowDepth > 0, ",[]{}".utf8.contains(byte) { break }
            index += 1
            if !Byte.isBlank(byte) { lastText = index }
        }
        let scalar = start..<lastText
        if literals.contains(source, scalar) {
            writer.token(.literal, start, lastText)
        } else if isNumber(source, scalar) {
            writer.token(.number, start, lastText)
        }
        return index
    }

    /// Whether `range` is a YAML number: an integer or a float, with a sign, `0x`/`0o`, `.inf` or `.nan`.
    private static func isNumber(_ source: Source, _ range: Range<Int>) -> Bool {
        var start = range.lowerBound
        if source[start] == UInt8(ascii: "-") || source[start] == UInt8(ascii: "+") { start += 1 }
        let body = start..<range.upperBound
        if source.equals(body, ".inf") || source.equals(body, ".nan") { return true }
        guard !body.isEmpty, source.startsNumber(at: start) || source[start] == UInt8(ascii: ".") else { return false }
        if source[start] == UInt8(ascii: "0"), source[start + 1] | 0x20 == UInt8(ascii: "o") {
            return body.count > 2 && source.skip(from: start + 2) { $0 >= 0x30 && $0 <= 0x37 } == range.upperBound
        }
        let end = source.numberEnd(from: start)
        // `numberEnd` takes letters after the digits as a suffix; YAML numbers have none (`0x` digits aside).
        guard end == range.upperBound else { return false }
        let isHex = source[start] == UInt8(ascii: "0") && source[start + 1] | 0x20 == UInt8(ascii: "x")
        return isHex || !body.contains { Byte.isLetter(source[$0]) && source[$0] | 0x20 != UInt8(ascii: "e") }
    }

    /// Writes a block scalar whose indicator (`|`, `>`, with `+`, `-` or a digit) is at `header`: its lines are
    /// those indented more than its parent's, and the blank lines among them. Returns the start of the line after.
    private static func blockScalarEnd(_ source: Source, header: Int, parentIndent: Int, _ writer: inout HTMLWriter) -> Int {
        var index = source.skip(from: header + 1) { Byte.isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        index = source.skipBlanks(from: index)
        if source[index] == UInt8(ascii: "#") {
            let end = source.lineEnd(from: index)
            writer.token(.comment, index, end)
        }
        let bodyStart = source.nextLine(from: index)
        var line = bodyStart
        var bodyEnd = bodyStart
        while line < source.count {
            let text = source.skipBlanks(from: line)
            if text < source.count, !Byte.isLineBreak(source[text]) {
                guard text - line > parentIndent else { break }
                bodyEnd = source.lineEnd(from: text)
            }
            line = source.nextLine(from: text)
        }
        writer.token(.string, bodyStart, bodyEnd)
        return line
    }
}
