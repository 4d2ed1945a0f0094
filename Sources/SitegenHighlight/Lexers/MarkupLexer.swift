/// XML, HTML, XHTML and SVG (`xml`, `html`, `xhtml`, `svg`): tags, attribute names and values, comments, CDATA
/// sections, character references, the doctype and processing instructions. The text of `<script>` and `<style>`
/// is left plain (it is not markup).
enum MarkupLexer {
    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        while index < count {
            let byte = source[index]
            if byte == UInt8(ascii: "&") {
                index = referenceEnd(source, at: index, &writer)
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if source.matches("<!--", at: index) {
                writer.token(.comment, to: source.end(of: "-->", from: index + 4), advancing: &index)
            } else if source.matches("<![CDATA[", at: index) {
                // The brackets as markers; the text between them is data, left plain.
                writer.token(.meta, index, index + 9)
                let end = source.end(of: "]]>", from: index + 9)
                if source.matches("]]>", at: end - 3), end - 3 >= index + 9 { writer.token(.meta, end - 3, end) }
                index = end
            } else if source[index + 1] == UInt8(ascii: "!") || source[index + 1] == UInt8(ascii: "?") {
                // `<!DOCTYPE …>`, `<?xml …?>`: to the next `>`.
                writer.token(.meta, to: source.end(of: ">", from: index + 2), advancing: &index)
            } else if Byte.isLetter(source[index + 1])
                        || source[index + 1] == UInt8(ascii: "/") && Byte.isLetter(source[index + 2]) {
                index = tagEnd(source, at: index, &writer)
            } else {
                index += 1
            }
        }
    }

    /// Writes the tag that starts at `open`; returns its end (after the raw text of `<script>` and `<style>`).
    private static func tagEnd(_ source: Source, at open: Int, _ writer: inout HTMLWriter) -> Int {
        let closing = source[open + 1] == UInt8(ascii: "/")
        let nameStart = open + (closing ? 2 : 1)
        let nameEnd = source.skip(from: nameStart) { !Byte.isSpace($0) && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }
        writer.token(.tag, open, nameEnd)
        var index = nameEnd
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: ">") {
                writer.token(.tag, index, index + 1)
                index += 1
                break
            } else if byte == UInt8(ascii: "/"), source[index + 1] == UInt8(ascii: ">") {
                writer.token(.tag, index, index + 2)
                index += 2
                break
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                writer.token(.string, to: source.quotedEnd(from: index, escape: nil, stopsAtLineEnd: false), advancing: &index)
            } else if byte == UInt8(ascii: "=") {
                index = source.skipWhitespace(from: index + 1)
                let next = source[index]
                if index < source.count, next != UInt8(ascii: "\""), next != UInt8(ascii: "'"), next != UInt8(ascii: ">") {
                    // An unquoted value.
                    writer.token(.string, to: source.skip(from: index) { !Byte.isSpace($0) && $0 != UInt8(ascii: ">") }, advancing: &index)
                }
            } else if Byte.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "<") {
                // A tag left open: the next one starts here.
                return index
            } else {
                let end = source.skip(from: index) {
                    !Byte.isSpace($0) && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "<")
                        && !($0 == UInt8(ascii: "/"))
                }
                if end > index { writer.token(.attr, index, end) }
                index = max(end, index + 1)
            }
        }
        // `<script>` and `<style>` hold text up to their closing tag.
        let name = nameStart..<nameEnd
        guard !closing, source.equals(name, "script") || source.equals(name, "style") else { return index }
        var cursor = index
        while cursor < source.count {
            if source[cursor] == UInt8(ascii: "<"), source[cursor + 1] == UInt8(ascii: "/"),
               source.matches("script", at: cursor + 2, caseInsensitive: true) && source.equals(name, "script")
                || source.matches("style", at: cursor + 2, caseInsensitive: true) && source.equals(name, "style") {
                return cursor
            }
            cursor += 1
        }
        return cursor
    }

    /// Writes the character reference at the `&` at `index` (`&amp;`, `&#169;`, `&#xA9;`) as a literal; returns
    /// its end, or the index after the `&` when it starts none.
    private static func referenceEnd(_ source: Source, at index: Int, _ writer: inout HTMLWriter) -> Int {
        var end = index + 1
        if source[end] == UInt8(ascii: "#") {
            end += 1
            end = source[end] | 0x20 == UInt8(ascii: "x") ? source.skip(from: end + 1, while: Byte.isHexDigit)
                : source.skip(from: end, while: Byte.isDigit)
        } else {
            end = source.skip(from: end, while: Byte.isASCIIName)
        }
        guard end - index > 2 || end - index == 2 && Byte.isASCIIName(source[index + 1]),
              source[end] == UInt8(ascii: ";") else { return index + 1 }
        writer.token(.literal, index, end + 1)
        return end + 1
    }
}
