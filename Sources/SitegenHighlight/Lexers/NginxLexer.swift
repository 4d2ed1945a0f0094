/// nginx configuration (`nginx`): directives (the first word of each statement), blocks, `$variables`, strings,
/// comments, numbers with their units (`10m`, `30s`) and `on`/`off`.
enum NginxLexer {
    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        /// The next word starts a statement: it is a directive.
        var statementStart = true
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                statementStart = true
                index += 1
            case UInt8(ascii: "#"):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = ShellLexer.doubleQuotedEnd(source, from: index, stopsAtLineEnd: false, &writer,
                                                   variableEnd: variableEnd)
                statementStart = false
            case UInt8(ascii: "$"):
                if let end = variableEnd(source, at: index) {
                    writer.token(.variable, index, end)
                    index = end
                } else {
                    index += 1
                }
                statementStart = false
            default:
                if Byte.isSpace(byte) {
                    index += 1
                    continue
                }
                let end = source.skip(from: index) { byte in
                    !Byte.isSpace(byte) && !";{}\"'$".utf8.contains(byte)
                }
                let word = index..<end
                if statementStart, Byte.isLetter(byte) {
                    writer.token(.keyword, index, end)
                } else if source.equals(word, "on") || source.equals(word, "off") {
                    writer.token(.literal, index, end)
                } else if isNumber(source, word) {
                    writer.token(.number, index, end)
                }
                statementStart = false
                index = max(end, index + 1)
            }
        }
    }

    /// `$name` or `${name}`.
    static func variableEnd(_ source: Source, at index: Int) -> Int? {
        if source[index + 1] == UInt8(ascii: "{") {
            let end = source.skip(from: index + 2, while: Byte.isASCIIName)
            return source[end] == UInt8(ascii: "}") ? end + 1 : nil
        }
        let end = source.skip(from: index + 1, while: Byte.isASCIIName)
        return end > index + 1 ? end : nil
    }

    /// Digits with a fraction and a unit of at most two letters (`1024`, `10m`, `1.5`, `30s`, `500ms`).
    private static func isNumber(_ source: Source, _ word: Range<Int>) -> Bool {
        guard let first = word.first, Byte.isDigit(source[first]) else { return false }
        var end = source.skip(from: first) { Byte.isDigit($0) || $0 == UInt8(ascii: ".") }
        let unit = source.skip(from: end, while: Byte.isLetter)
        guard unit - end <= 2 else { return false }
        end = unit
        return end == word.upperBound
    }
}
