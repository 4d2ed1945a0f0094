import SitegenCore

/// Finds link syntax that cmark-gfm left as plain text: `[text] (url)`, `[text][undefined]`, `[text](url`,
/// `[text](url with spaces)`, `[text]((url)`. Runs on the text of one paragraph (what cmark-gfm did not turn into
/// links). Link text may run over line breaks, as in cmark-gfm (a paragraph has no blank line).
///
/// Hand-written: this is exactly the text a Markdown parser gives up on, so no parser reports it.
enum PlainTextLinkScanner {
    /// One suspicious construct: its form, the destination (or reference label) and its source text.
    struct Match: Equatable {
        var form: LinkOccurrence.PlainTextForm
        var isImage: Bool
        var destination: String
        /// The construct as written, from `[` (or `![`) to its end (line breaks included when the link text has them).
        var text: String
        /// Where the destination starts in `text`, in bytes, when it is written there verbatim.
        var destinationOffset: Int? = nil
        /// Where `text` starts in the scanned text, in bytes (`matches(in:)` only).
        var offset = 0
    }

    /// `literal`: offsets in `text` of brackets, parentheses and `!` that the source wrote escaped (`\[`) or as an
    /// entity (`&#91;`), which Markdown shows as text whatever follows (`SourceEscapes.literalPunctuation`): none of
    /// them opens a construct, ends its link text or starts its destination here, so that `\[text](url with
    /// spaces)`, written to show the syntax, is not reported as a broken link. (Any `)` still ends a destination:
    /// passing over an escaped one ran a construct on into the next.)
    static func matches(in text: String, literal: Set<Int> = []) -> [Match] {
        guard text.containsByte(UInt8(ascii: "]")) else { return [] }
        let bytes = Array(text.utf8)
        let hasLiteral = !literal.isEmpty
        /// Whether the byte at `offset` is `byte` as Markdown syntax (not escaped, not an entity).
        func syntax(_ offset: Int, _ byte: UInt8) -> Bool {
            bytes[offset] == byte && !(hasLiteral && literal.contains(offset))
        }
        var result: [Match] = []
        func append(_ start: Int, _ match: Match) {
            var match = match
            match.offset = start
            result.append(match)
        }
        var index = 0
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        // The end of the line and the next `)` are asked for again and again from positions that only grow: each
        // answer is kept and reused while it still holds, so that a long line is read once, not once a `[`.
        var knownLineEnd = (from: 0, end: -1)
        func lineEnd(from position: Int) -> Int {
            if position >= knownLineEnd.from, position <= knownLineEnd.end { return knownLineEnd.end }
            var end = position
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            knownLineEnd = (position, end)
            return end
        }
        var knownParenthesis = (from: 0, at: -1)
        func closingParenthesis(from position: Int, before end: Int) -> Int? {
            if !(position >= knownParenthesis.from && position <= knownParenthesis.at) {
                var at = position
                // Any `)`, an escaped one too: the construct that passes over it runs on into the next one.
                while at < bytes.count, bytes[at] != UInt8(ascii: ")"), bytes[at] != 0x0A { at += 1 }
                knownParenthesis = (position, at)
            }
            let at = knownParenthesis.at
            return at < end && at < bytes.count && bytes[at] == UInt8(ascii: ")") ? at : nil
        }
        while index < bytes.count {
            // A backslash before it in the text is no escape: cmark-gfm has decoded escapes, so it was written `\\`.
            guard syntax(index, UInt8(ascii: "[")) else {
                index += 1
                continue
            }
            // Link text without nested brackets; it may run over line breaks.
            var close = index + 1
            while close < bytes.count, !syntax(close, UInt8(ascii: "]")), !syntax(close, UInt8(ascii: "[")) { close += 1 }
            guard close < bytes.count, syntax(close, UInt8(ascii: "]")), close > index + 1 else {
                index += 1
                continue
            }
            let linkText = string((index + 1)..<close)
            let isImage = index > 0 && syntax(index - 1, UInt8(ascii: "!"))
            let start = isImage ? index - 1 : index
            var next = close + 1
            if next < bytes.count, syntax(next, UInt8(ascii: "(")) {
                let end = lineEnd(from: next)
                if let closing = closingParenthesis(from: next + 1, before: end) {
                    let inner = string((next + 1)..<closing)
                    if inner.hasPrefix("(") {
                        // `[text]((url)`: the destination's parentheses are unbalanced.
                        let url = inner.drop { $0 == "(" || $0 == " " || $0 == "\t" }
                        if !url.isEmpty {
                            append(start, Match(form: .doubledParentheses, isImage: isImage, destination: String(url),
                                                text: string(start..<(closing + 1))))
                        }
                        index = closing + 1
                        continue
                    }
                    if inner.contains(where: { $0 == " " || $0 == "\t" }), !inner.hasPrefix("<") {
                        append(start, Match(form: .whitespaceInDestination, isImage: isImage, destination: Self.withoutTitle(inner),
                                            text: string(start..<(closing + 1)), destinationOffset: next + 1 - start))
                    }
                    index = closing + 1
                } else {
                    var destinationEnd = next + 1
                    while destinationEnd < end, !isSpace(bytes[destinationEnd]) { destinationEnd += 1 }
                    append(start, Match(form: .unclosed, isImage: isImage, destination: string((next + 1)..<destinationEnd),
                                        text: string(start..<destinationEnd), destinationOffset: next + 1 - start))
                    index = destinationEnd
                }
                continue
            }
            if next < bytes.count, syntax(next, UInt8(ascii: "[")) {
                var labelEnd = next + 1
                while labelEnd < bytes.count, !syntax(labelEnd, UInt8(ascii: "]")), !syntax(labelEnd, UInt8(ascii: "[")),
                      bytes[labelEnd] != 0x0A { labelEnd += 1 }
                if labelEnd < bytes.count, syntax(labelEnd, UInt8(ascii: "]")) {
                    let label = string((next + 1)..<labelEnd)
                    append(start, Match(form: .undefinedReference, isImage: isImage,
                                        destination: label.isEmpty ? linkText : label, text: string(start..<(labelEnd + 1))))
                    index = labelEnd + 1
                    continue
                }
            }
            var spaces = 0
            while next < bytes.count, isSpace(bytes[next]) { next += 1; spaces += 1 }
            if spaces > 0, next < bytes.count, syntax(next, UInt8(ascii: "(")) {
                let end = lineEnd(from: next)
                if let closing = closingParenthesis(from: next + 1, before: end) {
                    let inner = string((next + 1)..<closing)
                    if !inner.isEmpty, !inner.contains(where: { $0 == " " || $0 == "\t" }), looksLikeDestination(inner) {
                        append(start, Match(form: .spaceBeforeParenthesis, isImage: isImage, destination: inner,
                                            text: string(start..<(closing + 1)), destinationOffset: next + 1 - start))
                        index = closing + 1
                        continue
                    }
                }
            }
            index = close + 1
        }
        return result
    }

    /// A destination without the title after it (`/x y/ "Title"` → `/x y/`), so that a fix encodes the destination's
    /// spaces only (it wrote `/x%20y/%20"Title"`); the text as it is when it ends with no quoted title after a space.
    static func withoutTitle(_ text: String) -> String {
        guard let last = text.last, last == "\"" || last == "'", text.count >= 2 else { return text }
        let body = text.dropLast()
        guard let open = body.lastIndex(of: last), open > body.startIndex else { return text }
        let before = body[..<open]
        guard let space = before.last, space == " " || space == "\t" else { return text }
        var end = before.endIndex
        while end > before.startIndex, before[before.index(before: end)] == " " || before[before.index(before: end)] == "\t" {
            end = before.index(before: end)
        }
        let destination = before[..<end]
        return destination.allSatisfy { $0 == " " || $0 == "\t" } ? text : String(destination)
    }

    /// Links inside an HTML block: `[text](url)` written where Markdown is not processed.
    static func markdownLinks(inHTML html: String) -> [Match] {
        guard html.containsBytes(of: "](") else { return [] }
        let bytes = Array(html.utf8)
        // Not in a comment, nor where the text is shown as written (compared without case, byte by byte).
        guard !bytes.starts(with: "<!--".utf8),
              !Self.verbatimTags.contains(where: { Self.containsIgnoringCase(bytes, $0) }) else { return [] }
        var result: [Match] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "[") else { index += 1; continue }
            // Link text may run over a line break, as in cmark-gfm, but not over a blank line.
            var close = index + 1
            var lineIsBlank = false
            while close < bytes.count, bytes[close] != UInt8(ascii: "]"), bytes[close] != UInt8(ascii: "["),
                  bytes[close] != UInt8(ascii: "<") {
                if bytes[close] == 0x0A {
                    if lineIsBlank { break }
                    lineIsBlank = true
                } else if bytes[close] != 0x20, bytes[close] != 0x09, bytes[close] != 0x0D {
                    lineIsBlank = false
                }
                close += 1
            }
            guard close + 1 < bytes.count, bytes[close] == UInt8(ascii: "]"), bytes[close + 1] == UInt8(ascii: "("),
                  close > index + 1 else { index += 1; continue }
            var end = close + 2
            while end < bytes.count, bytes[end] != UInt8(ascii: ")"), bytes[end] != 0x0A, bytes[end] != 0x20 { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ")"), end > close + 2 else { index = close + 1; continue }
            let isImage = index > 0 && bytes[index - 1] == UInt8(ascii: "!")
            let start = isImage ? index - 1 : index
            result.append(Match(form: .markdownInHTML, isImage: isImage,
                                destination: String(decoding: bytes[(close + 2)..<end], as: UTF8.self),
                                text: String(decoding: bytes[start...end], as: UTF8.self), destinationOffset: close + 2 - start))
            index = end + 1
        }
        return result
    }

    private static let verbatimTags = ["<pre", "<code", "<script", "<style", "<textarea"].map { Array($0.utf8) }

    /// True when `bytes` contains `pattern` (lowercase ASCII) in any letter case.
    static func containsIgnoringCase(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        var index = 0
        while index <= bytes.count - pattern.count {
            guard let found = bytes[index...].firstIndex(of: first), found <= bytes.count - pattern.count else { return false }
            var matched = true
            for offset in 1..<pattern.count where bytes[found + offset].asciiLowercased != pattern[offset] {
                matched = false
                break
            }
            if matched { return true }
            index = found + 1
        }
        return false
    }

    /// `[see] (below)` in prose is common; only flag parentheses that hold something URL-like.
    private static func looksLikeDestination(_ text: String) -> Bool {
        text.hasPrefix("/") || text.hasPrefix("#") || text.hasPrefix("./") || text.hasPrefix("../") || text.containsBytes(of: "://")
            || text.hasPrefix("mailto:") || text.hasPrefix("www.") || text.hasSuffix(".md") || text.hasSuffix(".html")
            || text.hasSuffix("/")
    }
}
