/// PowerShell (`powershell`, `ps1`, `pwsh`, `ps`).
enum PowerShellLexer {
    static let keywords = WordSet(["begin", "break", "catch", "class", "continue", "data", "do", "dynamicparam",
                                   "else", "elseif", "end", "enum", "exit", "filter", "finally", "for", "foreach",
                                   "from", "function", "if", "in", "param", "process", "return", "switch", "throw",
                                   "trap", "try", "until", "using", "var", "while", "workflow"], caseInsensitive: true)
    /// Comparison and logical operators, written `-eq`, `-and`, …
    static let operators = WordSet(["eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
                                    "contains", "notcontains", "in", "notin", "replace", "split", "join", "is",
                                    "isnot", "as", "and", "or", "xor", "not", "band", "bor", "bxor", "bnot", "f",
                                    "ieq", "ine", "ceq", "cne", "ilike", "clike", "imatch", "cmatch", "ireplace",
                                    "creplace", "shl", "shr"], caseInsensitive: true)
    static let literals = WordSet(["true", "false", "null"], caseInsensitive: true)

    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "<") where source[index + 1] == UInt8(ascii: "#"):
                writer.token(.comment, to: source.end(of: "#>", from: index + 2), advancing: &index)
            case UInt8(ascii: "#") where index == 0 || Byte.isSpace(source[index - 1]) || ";({}".utf8.contains(source[index - 1]):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "@") where source[index + 1] == UInt8(ascii: "\"") || source[index + 1] == UInt8(ascii: "'"):
                // A here-string: `@"` at a line's end, up to `"@` at the start of a line.
                let quote = source[index + 1]
                let afterOpen = source.skipBlanks(from: index + 2)
                guard afterOpen >= count || Byte.isLineBreak(source[afterOpen]) else {
                    index += 1
                    continue
                }
                var line = source.nextLine(from: afterOpen)
                var end = count
                while line < count {
                    if source[line] == quote, source[line + 1] == UInt8(ascii: "@") {
                        end = line + 2
                        break
                    }
                    line = source.nextLine(from: line)
                }
                writer.token(.string, index, end)
                index = end
            case UInt8(ascii: "'"):
                writer.token(.string, to: singleQuotedEnd(source, from: index), advancing: &index)
            case UInt8(ascii: "\""):
                index = ShellLexer.doubleQuotedEnd(source, from: index, stopsAtLineEnd: false, escape: UInt8(ascii: "`"),
                                                   &writer, variableEnd: variableEnd)
            case UInt8(ascii: "`"):
                index += 2
            case UInt8(ascii: "$"):
                if let end = variableEnd(source, at: index) {
                    writer.token(literals.contains(source, (index + 1)..<end) ? .literal : .variable, index, end)
                    index = end
                } else {
                    index += 1
                }
            case UInt8(ascii: "-") where Byte.isLetter(source[index + 1])
                && (index == 0 || Byte.isSpace(source[index - 1]) || "(,{[=".utf8.contains(source[index - 1])):
                let end = source.skip(from: index + 1) { Byte.isASCIIName($0) }
                writer.token(operators.contains(source, (index + 1)..<end) ? .keyword : .attr, index, end)
                index = end
            default:
                if source.startsNumber(at: index) {
                    writer.token(.number, to: source.numberEnd(from: index), advancing: &index)
                } else if Byte.isNameStart(byte) {
                    var end = source.wordEnd(from: index)
                    let nameEnd = end
                    // Verb-Noun: a cmdlet or function name (`Get-ChildItem`, `Set-Content`).
                    while source[end] == UInt8(ascii: "-"), Byte.isLetter(source[end + 1]) {
                        end = source.wordEnd(from: end + 1)
                    }
                    let afterDot = index > 0 && source[index - 1] == UInt8(ascii: ".")
                    if end > nameEnd, Byte.isLetter(byte) {
                        writer.token(.function, index, end)
                    } else if !afterDot, keywords.contains(source, index..<end) {
                        writer.token(.keyword, index, end)
                    }
                    index = end
                } else {
                    index += 1
                }
            }
        }
    }

    /// The end of a `'…'` string, in which `''` is a quote.
    private static func singleQuotedEnd(_ source: Source, from open: Int) -> Int {
        source.quotedEnd(from: open, escape: nil, doubledQuote: true, stopsAtLineEnd: false)
    }

    /// The end of the variable at the `$` at `index`: `$name`, `$env:PATH` (a scope or drive before `:`), `$_`,
    /// `$$`, `$?`, `$^`, or `${any name}`. Nil when the `$` starts none (`$(` is a subexpression).
    static func variableEnd(_ source: Source, at index: Int) -> Int? {
        let next = source[index + 1]
        if next == UInt8(ascii: "{") {
            let end = source.skip(from: index + 2) { $0 != UInt8(ascii: "}") && !Byte.isLineBreak($0) }
            return source[end] == UInt8(ascii: "}") ? end + 1 : end
        }
        if "$?^".utf8.contains(next) { return index + 2 }
        guard Byte.isNameStart(next) || Byte.isDigit(next) else { return nil }
        var end = source.wordEnd(from: index + 1)
        if source[end] == UInt8(ascii: ":"), Byte.isNameStart(source[end + 1]) { end = source.wordEnd(from: end + 1) }
        return end
    }
}
