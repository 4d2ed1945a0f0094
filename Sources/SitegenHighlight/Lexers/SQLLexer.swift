/// SQL (`sql`, `mysql`, `postgresql`, `psql`): keywords in any case, strings, quoted names, `--` and `/* */`
/// comments, numbers, function calls and parameters (`:name`, `@name`, `$1`).
enum SQLLexer {
    static let keywords = WordSet([
        "add", "all", "alter", "and", "any", "as", "asc", "begin", "between", "by", "cascade", "case", "check",
        "column", "commit", "constraint", "create", "cross", "database", "default", "delete", "desc", "distinct",
        "drop", "else", "end", "except", "exists", "explain", "foreign", "from", "full", "function", "grant", "group",
        "having", "if", "in", "index", "inner", "insert", "intersect", "into", "is", "join", "key", "left", "like",
        "limit", "not", "offset", "on", "or", "order", "outer", "primary", "procedure", "references", "replace",
        "returning", "revoke", "right", "rollback", "schema", "select", "set", "table", "then", "to", "transaction",
        "trigger", "truncate", "union", "unique", "update", "use", "using", "values", "view", "when", "where", "with",
        "int", "integer", "bigint", "smallint", "serial", "bigserial", "varchar", "char", "text", "boolean", "date",
        "timestamp", "timestamptz", "numeric", "decimal", "real", "float", "double", "precision", "json", "jsonb",
        "uuid", "blob", "auto_increment", "engine", "charset", "collate", "unsigned", "identity", "generated",
        "always", "returns", "language", "declare", "return", "temporary", "temp", "over", "partition", "window",
        "ilike", "similar", "lateral", "natural", "materialized", "sequence", "extension", "role", "user",
        "privileges", "owner", "vacuum", "analyze", "show", "describe", "lock", "for", "do", "nothing", "conflict",
    ], caseInsensitive: true)
    static let literals = WordSet(["null", "true", "false"], caseInsensitive: true)

    static func lex(_ source: Source, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "-") where source[index + 1] == UInt8(ascii: "-"):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "/") where source[index + 1] == UInt8(ascii: "*"):
                writer.token(.comment, to: source.end(of: "*/", from: index + 2), advancing: &index)
            case UInt8(ascii: "'"):
                // `''` is a quote; a backslash escapes in MySQL and in PostgreSQL's `E'…'`.
                let end = source.quotedEnd(from: index, escape: escape(source, before: index), doubledQuote: true,
                                           stopsAtLineEnd: false)
                writer.token(.string, index, end)
                index = end
            case UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "["):
                // A quoted name: plain, but read whole (a `--` in it starts no comment).
                index = byte == UInt8(ascii: "[")
                    ? source.skip(from: index + 1) { $0 != UInt8(ascii: "]") && !Byte.isLineBreak($0) }
                    : source.quotedEnd(from: index, escape: nil, doubledQuote: true, stopsAtLineEnd: false)
            case UInt8(ascii: "$") where source[index + 1] == UInt8(ascii: "$"):
                // PostgreSQL's dollar quoting, `$$…$$`.
                writer.token(.string, to: source.end(of: "$$", from: index + 2), advancing: &index)
            case UInt8(ascii: "$") where Byte.isDigit(source[index + 1]):
                writer.token(.variable, to: source.skip(from: index + 1, while: Byte.isDigit), advancing: &index)
            case UInt8(ascii: ":") where Byte.isNameStart(source[index + 1]) && source[index - 1] != UInt8(ascii: ":"),
                 UInt8(ascii: "@") where Byte.isNameStart(source[index + 1]):
                writer.token(.variable, to: source.wordEnd(from: index + 1), advancing: &index)
            default:
                if source.startsNumber(at: index) {
                    writer.token(.number, to: source.numberEnd(from: index), advancing: &index)
                } else if Byte.isNameStart(byte) {
                    let end = source.wordEnd(from: index)
                    // `E'…'`, `N'…'`, `X'…'`, `B'…'`: the prefix is part of the string.
                    if end == index + 1, source[end] == UInt8(ascii: "'"), "eEnNxXbB".utf8.contains(byte) {
                        let stringEnd = source.quotedEnd(from: end, escape: escape(source, before: end),
                                                         doubledQuote: true, stopsAtLineEnd: false)
                        writer.token(.string, index, stringEnd)
                        index = stringEnd
                        continue
                    }
                    let word = index..<end
                    let afterDot = index > 0 && source[index - 1] == UInt8(ascii: ".")
                    if afterDot {
                        // A column of a table (`t.name`): plain.
                    } else if literals.contains(source, word) {
                        writer.token(.literal, index, end)
                    } else if source[end] == UInt8(ascii: "(") {
                        writer.token(keywords.contains(source, word) ? .keyword : .function, index, end)
                    } else if keywords.contains(source, word) {
                        writer.token(.keyword, index, end)
                    }
                    index = end
                } else {
                    index += 1
                }
            }
        }
    }

    /// The escape byte of the string whose quote is at `quote`: a backslash after an `E` prefix; none otherwise
    /// (standard SQL, and PostgreSQL: `'C:\'` is a whole string).
    private static func escape(_ source: Source, before quote: Int) -> UInt8? {
        let prefix = source[quote - 1]
        return prefix | 0x20 == UInt8(ascii: "e") && quote >= 1 && !Byte.isWord(source[quote - 2]) ? UInt8(ascii: "\\") : nil
    }
}
