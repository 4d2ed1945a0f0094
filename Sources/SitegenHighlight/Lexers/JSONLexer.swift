/// JSON, and JSON with comments (`json`, `jsonc`): keys apart from string values.
enum JSONLexer {
    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "\""):
                let end = source.quotedEnd(from: index, stopsAtLineEnd: true)
                // A key when a `:` follows (the blanks between are read again as text: twice at most).
                let after = source.skipWhitespace(from: end)
                writer.token(source[after] == UInt8(ascii: ":") ? .key : .string, index, end)
                index = end
            case UInt8(ascii: "/") where source[index + 1] == UInt8(ascii: "/"):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "/") where source[index + 1] == UInt8(ascii: "*"):
                writer.token(.comment, to: source.end(of: "*/", from: index + 2), advancing: &index)
            case UInt8(ascii: "-") where Byte.isDigit(source[index + 1]):
                writer.token(.number, to: source.numberEnd(from: index + 1), advancing: &index)
            default:
                if source.startsNumber(at: index) {
                    writer.token(.number, to: source.numberEnd(from: index), advancing: &index)
                } else if Byte.isNameStart(byte) {
                    let end = source.wordEnd(from: index)
                    let word = index..<end
                    if source.equals(word, "true") || source.equals(word, "false") || source.equals(word, "null") {
                        writer.token(.literal, index, end)
                    }
                    index = end
                } else {
                    index += 1
                }
            }
        }
    }
}
