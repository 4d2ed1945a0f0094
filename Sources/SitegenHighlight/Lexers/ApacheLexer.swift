/// Apache httpd configuration and `.htaccess` (`apache`, `apacheconf`, `htaccess`): `<Directory …>` sections,
/// directives (the first word of a line), comments (whole lines), strings, variables (`%{HTTP_HOST}`, `${VAR}`,
/// `$1`, `%1`), numbers and `On`/`Off`.
enum ApacheLexer {
    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        var line = 0
        /// The previous line ended with `\`: this one goes on with its arguments.
        var continued = false
        while line < source.count {
            var index = source.skipBlanks(from: line)
            let byte = source[index]
            if continued {
                // Arguments only.
            } else if byte == UInt8(ascii: "#") {
                index = source.lineEnd(from: index)
                writer.token(.comment, line, index)
            } else if byte == UInt8(ascii: "<"),
                      Byte.isLetter(source[index + 1]) || source[index + 1] == UInt8(ascii: "/") {
                let nameEnd = source.skip(from: index + 1) {
                    $0 == UInt8(ascii: "/") || Byte.isASCIIName($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80
                }
                writer.token(.section, index, nameEnd)
                index = nameEnd
            } else if Byte.isLetter(byte) {
                writer.token(.keyword, to: source.skip(from: index) { Byte.isASCIIName($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 }, advancing: &index)
            }
            index = argumentsEnd(source, from: index, &writer)
            let end = index
            continued = end > line && (source[end - 1] == UInt8(ascii: "\\"))
            line = source.nextLine(from: end)
        }
    }

    /// Writes a line's arguments from `start`; returns the end of the line.
    private static func argumentsEnd(_ source: Source, from start: Int, _ writer: inout HTMLWriter) -> Int {
        var index = start
        while index < source.count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                return index
            case UInt8(ascii: ">"):
                // The end of a section's opening tag.
                writer.token(.section, index, index + 1)
                index += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                writer.token(.string, to: source.quotedEnd(from: index, stopsAtLineEnd: true), advancing: &index)
            case UInt8(ascii: "%"), UInt8(ascii: "$"):
                let next = source[index + 1]
                if next == UInt8(ascii: "{") {
                    let end = source.skip(from: index + 2) { $0 != UInt8(ascii: "}") && !Byte.isLineBreak($0) }
                    let closed = source[end] == UInt8(ascii: "}") ? end + 1 : end
                    writer.token(.variable, index, closed)
                    index = closed
                } else if Byte.isDigit(next) {
                    writer.token(.variable, index, index + 2)
                    index += 2
                } else {
                    index += 1
                }
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                index += 1
            default:
                let end = source.skip(from: index) { !Byte.isSpace($0) && !">\"%$".utf8.contains($0) }
                let word = index..<end
                if source.equals(word, "on") || source.equals(word, "off") {
                    writer.token(.literal, index, end)
                } else if (index..<end).allSatisfy({ Byte.isDigit(source[$0]) }), index == start || Byte.isBlank(source[index - 1]) {
                    writer.token(.number, index, end)
                }
                index = max(end, index + 1)
            }
        }
        return index
    }
}
