/// Python (`python`, `py`, `python3`): keywords, built-in functions, strings with their prefixes (`r`, `b`, `f`,
/// `rb`, …) and triple quotes, comments, numbers and decorators.
enum PythonLexer {
    static let keywords = WordSet(["and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
                                   "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
                                   "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
                                   "with", "yield", "match", "case"])
    static let literals = WordSet(["True", "False", "None"])
    static let builtins = WordSet(["abs", "all", "any", "bool", "bytes", "callable", "chr", "dict", "dir", "divmod",
                                   "enumerate", "eval", "exec", "filter", "float", "format", "frozenset", "getattr",
                                   "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
                                   "issubclass", "iter", "len", "list", "locals", "map", "max", "min", "next", "object",
                                   "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed", "round",
                                   "set", "setattr", "slice", "sorted", "staticmethod", "classmethod", "str", "sum",
                                   "super", "tuple", "type", "vars", "zip"])
    /// Letters a string's prefix is made of.
    private static let prefixLetters = Set("rRbBuUfF".utf8)

    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        /// The previous word was `def` or `class`: this one is the name it defines.
        var namesDefinition = false
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "#"):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                writer.token(.string, to: stringEnd(source, quote: index), advancing: &index)
            case UInt8(ascii: "@") where Byte.isNameStart(source[index + 1]) && source.isFirstOnLine(index):
                writer.token(.meta, to: source.skip(from: index + 1) { Byte.isWord($0) || $0 == UInt8(ascii: ".") }, advancing: &index)
            default:
                if source.startsNumber(at: index) {
                    writer.token(.number, to: source.numberEnd(from: index), advancing: &index)
                } else if Byte.isNameStart(byte) {
                    let end = source.wordEnd(from: index)
                    let quote = source[end]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"), end - index <= 2,
                       (index..<end).allSatisfy({ prefixLetters.contains(source[$0]) }) {
                        // A prefixed string: `r"…"`, `f'…'`, `rb"""…"""`.
                        let stringEnd = stringEnd(source, quote: end)
                        writer.token(.string, index, stringEnd)
                        index = stringEnd
                        continue
                    }
                    let word = index..<end
                    let afterDot = index > 0 && source[index - 1] == UInt8(ascii: ".")
                    if namesDefinition {
                        writer.token(.function, index, end)
                        namesDefinition = false
                    } else if afterDot {
                        // An attribute (`x.print`): plain.
                    } else if keywords.contains(source, word) {
                        writer.token(.keyword, index, end)
                        namesDefinition = source.equals(word, "def") || source.equals(word, "class")
                    } else if literals.contains(source, word) {
                        writer.token(.literal, index, end)
                    } else if builtins.contains(source, word) {
                        writer.token(.function, index, end)
                    }
                    index = end
                } else {
                    if !Byte.isSpace(byte) { namesDefinition = false }
                    index += 1
                }
            }
        }
    }

    /// The end of the string whose (first) quote is at `quote`: a triple-quoted one runs across lines to its three
    /// closing quotes, another stops at the end of its line when unclosed. A backslash always escapes the next byte
    /// (even in a raw string, where it stays in the text but still keeps a quote from closing it).
    private static func stringEnd(_ source: Source, quote: Int) -> Int {
        let mark = source[quote]
        guard source[quote + 1] == mark, source[quote + 2] == mark else {
            return source.quotedEnd(from: quote, stopsAtLineEnd: true)
        }
        var index = quote + 3
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
            } else if byte == mark, source[index + 1] == mark, source[index + 2] == mark {
                return index + 3
            } else {
                index += 1
            }
        }
        return source.count
    }
}
