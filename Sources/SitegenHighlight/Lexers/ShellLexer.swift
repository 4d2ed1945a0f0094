/// POSIX shell, bash and zsh (`sh`, `bash`, `shell`, `zsh`), and console sessions (`console`, `shell-session`),
/// whose command lines start with a `$ ` or `# ` prompt and whose other lines are the commands' output, left plain.
enum ShellLexer {
    static let keywords = WordSet(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
                                   "esac", "function", "in", "select", "return", "break", "continue", "time"])
    static let builtins = WordSet(["echo", "cd", "printf", "read", "source", "eval", "exec", "export", "local",
                                   "declare", "readonly", "unset", "shift", "exit", "set", "trap", "alias", "unalias",
                                   "test", "true", "false", "pwd", "pushd", "popd", "umask", "wait", "kill", "type",
                                   "command", "builtin", "let", "typeset", "getopts", "hash", "ulimit", "mapfile"])

    static func lex(_ source: Source, console: Bool, _ writer: inout HTMLWriter) {
        let count = source.count
        var index = 0
        var atLineStart = true
        /// A console command line ended with `\`: the next line goes on with the command.
        var continued = false
        /// A here-document opened on this line (`<<EOF`, `<<-'EOF'`): its delimiter, and whether tabs before it go.
        var hereDocument: (delimiter: Range<Int>, stripsTabs: Bool)?
        while index < count {
            if atLineStart {
                atLineStart = false
                if console, !continued {
                    let byte = source[index]
                    let next = source[index + 1]
                    if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#"),
                       Byte.isBlank(next) || Byte.isLineBreak(next) || index + 1 == count {
                        writer.token(.prompt, index, index + 1)
                        index += 1
                    } else {
                        // Output: left as it is.
                        index = source.nextLine(from: index)
                        atLineStart = true
                        continue
                    }
                }
                continued = false
            }
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                continued = source[index - 1] == UInt8(ascii: "\\")
                    || source[index - 1] == UInt8(ascii: "\r") && source[index - 2] == UInt8(ascii: "\\")
                index = source.nextLine(from: index)
                atLineStart = true
                if let pending = hereDocument {
                    hereDocument = nil
                    index = hereDocumentEnd(source, from: index, pending, &writer)
                }
            case UInt8(ascii: "#") where index == 0 || isWordBoundary(source[index - 1]):
                writer.token(.comment, to: source.lineEnd(from: index), advancing: &index)
            case UInt8(ascii: "\\"):
                // An escaped byte is ordinary; an escaped line break is left to the line-break case.
                index += Byte.isLineBreak(source[index + 1]) ? 1 : 2
            case UInt8(ascii: "'"):
                writer.token(.string, to: source.quotedEnd(from: index, escape: nil, stopsAtLineEnd: console), advancing: &index)
            case UInt8(ascii: "\""):
                index = doubleQuotedEnd(source, from: index, stopsAtLineEnd: console, &writer)
            case UInt8(ascii: "$"):
                if source[index + 1] == UInt8(ascii: "'") {
                    // ANSI-C quoting, `$'a\tb'`: backslash escapes.
                    writer.token(.string, to: source.quotedEnd(from: index + 1, stopsAtLineEnd: console), advancing: &index)
                } else if let end = variableEnd(source, at: index) {
                    writer.token(.variable, index, end)
                    index = end
                } else {
                    index += 1
                }
            case UInt8(ascii: "-") where (index == 0 || Byte.isSpace(source[index - 1]))
                && (Byte.isLetter(source[index + 1])
                    || source[index + 1] == UInt8(ascii: "-") && Byte.isLetter(source[index + 2])):
                // An option, `-x` or `--long-name`, up to a `=` that gives its value.
                writer.token(.attr, to: source.skip(from: index + 1) { Byte.isASCIIName($0) || $0 == UInt8(ascii: "-") }, advancing: &index)
            case UInt8(ascii: "<") where source[index + 1] == UInt8(ascii: "<") && source[index + 2] != UInt8(ascii: "<"):
                var cursor = index + 2
                let stripsTabs = source[cursor] == UInt8(ascii: "-")
                if stripsTabs { cursor += 1 }
                cursor = source.skipBlanks(from: cursor)
                let quote = source[cursor]
                let quoted = quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")
                if quoted { cursor += 1 }
                let delimiterEnd = source.skip(from: cursor) { Byte.isASCIIName($0) || $0 == UInt8(ascii: "-") }
                if delimiterEnd > cursor {
                    hereDocument = (cursor..<delimiterEnd, stripsTabs)
                    index = delimiterEnd + (quoted && source[delimiterEnd] == quote ? 1 : 0)
                } else {
                    index += 2
                }
            default:
                guard Byte.isNameStart(byte) else {
                    index += 1
                    continue
                }
                let nameEnd = source.wordEnd(from: index)
                // A longer word (`apt-get`, `file.txt`, `a/b`) is plain: no keyword inside it.
                let wordEnd = source.skip(from: nameEnd, while: isWordContinuation)
                let atCommandStart = index == 0 || isCommandBoundary(source, before: index)
                if wordEnd > nameEnd {
                    index = wordEnd
                } else if source[nameEnd] == UInt8(ascii: "="), atCommandStart {
                    writer.token(.variable, index, nameEnd)
                    index = nameEnd
                } else if keywords.contains(source, index..<nameEnd) {
                    writer.token(.keyword, index, nameEnd)
                    index = nameEnd
                } else if builtins.contains(source, index..<nameEnd), atCommandStart {
                    writer.token(.function, index, nameEnd)
                    index = nameEnd
                } else {
                    index = nameEnd
                }
            }
        }
        if let pending = hereDocument, index < count {
            _ = hereDocumentEnd(source, from: index, pending, &writer)
        }
    }

    /// Writes a here-document's body, which starts at `start`, as a string; returns the start of its delimiter line
    /// (lexed as code), or the end of the code when the delimiter never comes.
    private static func hereDocumentEnd(_ source: Source, from start: Int, _ document: (delimiter: Range<Int>, stripsTabs: Bool),
                                        _ writer: inout HTMLWriter) -> Int {
        var line = start
        while line < source.count {
            var text = line
            if document.stripsTabs { text = source.skip(from: text) { $0 == 0x09 } }
            let end = source.lineEnd(from: text)
            if end - text == document.delimiter.count,
               source.bytes[text..<end].elementsEqual(source.bytes[document.delimiter]) {
                writer.token(.string, start, line)
                return line
            }
            line = source.nextLine(from: end)
        }
        writer.token(.string, start, source.count)
        return source.count
    }

    /// Writes a `"…"` string that starts at `open` (variables inside it, as `variableEnd` finds them, as
    /// variables); returns its end. Shared by the lexers whose strings hold `$` variables.
    static func doubleQuotedEnd(_ source: Source, from open: Int, stopsAtLineEnd: Bool,
                                escape: UInt8 = UInt8(ascii: "\\"), _ writer: inout HTMLWriter,
                                variableEnd: (Source, Int) -> Int? = ShellLexer.variableEnd) -> Int {
        var segment = open
        var index = open + 1
        while index < source.count {
            let byte = source[index]
            if byte == escape {
                index += stopsAtLineEnd && Byte.isLineBreak(source[index + 1]) ? 1 : 2
            } else if byte == source[open] {
                index += 1
                break
            } else if stopsAtLineEnd, Byte.isLineBreak(byte) {
                break
            } else if byte == UInt8(ascii: "$"), let end = variableEnd(source, index) {
                writer.token(.string, segment, index)
                writer.token(.variable, index, end)
                segment = end
                index = end
            } else {
                index += 1
            }
        }
        index = min(index, source.count)
        writer.token(.string, segment, index)
        return index
    }

    /// The end of the variable at the `$` at `index`: `$NAME`, `$1`, `$?`, or `${…}` with `${…}` nested in it (up to
    /// its closing brace, or the end of the line when it has none). Nil when the `$` starts none.
    static func variableEnd(_ source: Source, at index: Int) -> Int? {
        let next = source[index + 1]
        if next == UInt8(ascii: "{") {
            var depth = 0
            var cursor = index + 1
            while cursor < source.count, !Byte.isLineBreak(source[cursor]) {
                if source[cursor] == UInt8(ascii: "{") { depth += 1 }
                if source[cursor] == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 { return cursor + 1 }
                }
                cursor += 1
            }
            return cursor
        }
        if Byte.isLetter(next) || next == UInt8(ascii: "_") { return source.skip(from: index + 1, while: Byte.isASCIIName) }
        if Byte.isDigit(next) || "?#@*$!-".utf8.contains(next) { return index + 2 }
        return nil
    }

    /// Bytes that make a word longer than a name (paths, file names, `apt-get`), so that it is not a keyword.
    private static func isWordContinuation(_ byte: UInt8) -> Bool {
        Byte.isWord(byte) || "-./:@%+,~".utf8.contains(byte)
    }

    /// What ends a word before a comment can start: blanks, line breaks and the control operators.
    private static func isWordBoundary(_ byte: UInt8) -> Bool {
        Byte.isSpace(byte) || ";&|()".utf8.contains(byte)
    }

    /// Whether the word at `index` is where a command starts: after a line break or `;`, `&`, `|`, `(`, `{`, `!`, or
    /// a keyword (`then`, `do`), with blanks between.
    private static func isCommandBoundary(_ source: Source, before index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, Byte.isBlank(source[cursor]) { cursor -= 1 }
        guard cursor >= 0 else { return true }
        let byte = source[cursor]
        if Byte.isLineBreak(byte) || ";&|({!`".utf8.contains(byte) { return true }
        // A console prompt at the start of its line.
        if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#") { return cursor == 0 || Byte.isLineBreak(source[cursor - 1]) }
        // After `then`, `do`, `else`, `time`: one word back, as long as the blanks, at most.
        guard Byte.isLetter(byte) else { return false }
        var start = cursor
        while start > 0, Byte.isLetter(source[start - 1]), cursor - start < 4 { start -= 1 }
        if start > 0, Byte.isWord(source[start - 1]) { return false }
        let word = start..<(cursor + 1)
        return source.equals(word, "then") || source.equals(word, "do") || source.equals(word, "else")
            || source.equals(word, "time") || source.equals(word, "sudo")
    }
}
