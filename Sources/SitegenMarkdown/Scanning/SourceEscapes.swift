import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Which punctuation of a text node the source wrote escaped (`\[`) or as a character reference (`&#91;`,
/// `&lbrack;`). cmark-gfm's tree does not say: it gives the text with escapes and references decoded, and joins
/// adjacent text nodes. Markdown shows such a bracket as text whatever follows it, so link syntax that starts or
/// ends with one (`\[text](url with spaces)`, written to show the syntax) is no broken link.
///
/// Hand-written: cmark-gfm's tree keeps no trace of the escapes, and its decoder (houdini) is not part of its API;
/// this reads the node's source beside its text and gives up (nil) wherever the two do not match byte for byte.
/// A reference is decoded by cmark-gfm itself (`cmark_markdown_to_html`), once per reference.
enum SourceEscapes {
    /// The punctuation that link syntax is made of.
    static func isStructural(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            || byte == UInt8(ascii: "!")
    }

    /// Offsets in `literal` (a text node's text) of the structural bytes that `source` (the node's source from its
    /// first byte to the end of its line) writes escaped or as a reference; nil when `source` does not read as
    /// `literal` (cmark-gfm gave the node a wrong position). Leading blanks of `source` that `literal` does not
    /// have are skipped, up to 64 (cmark-gfm gives a paragraph's continuation line the column before its stripped
    /// indent).
    static func literalPunctuation(in literal: [UInt8], source: ArraySlice<UInt8>) -> [Int]? {
        align(literal, source: source)?.marks
    }

    /// `literalPunctuation`, with where in `source` the text ends (the index after its last byte).
    static func align(_ literal: [UInt8], source: ArraySlice<UInt8>) -> (marks: [Int], end: Int)? {
        var i = source.startIndex
        if let first = literal.first, first != 0x20, first != 0x09 {
            // At most 64 of them: the reading stays within the node's own source.
            while i < source.endIndex, i - source.startIndex < 64, source[i] == 0x20 || source[i] == 0x09 { i += 1 }
        }
        var j = 0
        var marks: [Int] = []
        while j < literal.count {
            guard i < source.endIndex else { return nil }
            let byte = source[i]
            if byte == UInt8(ascii: "\\"), i + 1 < source.endIndex, isASCIIPunctuation(source[i + 1]), literal[j] == source[i + 1] {
                if isStructural(literal[j]) { marks.append(j) }
                i += 2
                j += 1
                continue
            }
            if byte == UInt8(ascii: "&"), let reference = reference(in: source, at: i) {
                let decoded = reference.decoded
                guard j + decoded.count <= literal.count, literal[j..<(j + decoded.count)].elementsEqual(decoded) else { return nil }
                if decoded.count == 1, isStructural(decoded[0]) { marks.append(j) }
                i += reference.length
                j += decoded.count
                continue
            }
            if byte == literal[j] {
                i += 1
                j += 1
                continue
            }
            // A NUL byte is read as U+FFFD (EF BF BD).
            if byte == 0, j + 2 < literal.count, literal[j] == 0xEF, literal[j + 1] == 0xBF, literal[j + 2] == 0xBD {
                i += 1
                j += 3
                continue
            }
            // Smart punctuation: a straight quote read as a curly one, `...` as `…`, a run of hyphens as dashes.
            guard let smart = smartPunctuation(source, at: i, literal, at: j) else { return nil }
            i += smart.source
            j += smart.literal
        }
        return (marks, i)
    }

    /// Bytes of `source` at `i` and of `literal` at `j` that are one piece of cmark-gfm's smart punctuation (`'`, `"`
    /// as `‘’“”`; `...` as `…`; `--` and `---` as `–` and `—`, a longer run as several); nil when they are not.
    private static func smartPunctuation(_ source: ArraySlice<UInt8>, at i: Int, _ literal: [UInt8], at j: Int)
        -> (source: Int, literal: Int)? {
        // The curly quotes, the ellipsis and the dashes are E2 80 xx in UTF-8.
        func punctuation(at position: Int) -> UInt8? {
            guard position + 2 < literal.count, literal[position] == 0xE2, literal[position + 1] == 0x80 else { return nil }
            return literal[position + 2]
        }
        guard let mark = punctuation(at: j) else { return nil }
        switch source[i] {
        case UInt8(ascii: "'") where mark == 0x98 || mark == 0x99, UInt8(ascii: "\"") where mark == 0x9C || mark == 0x9D:
            return (1, 3)
        case UInt8(ascii: ".") where mark == 0xA6:
            guard i + 2 < source.endIndex, source[i + 1] == UInt8(ascii: "."), source[i + 2] == UInt8(ascii: ".") else { return nil }
            return (3, 3)
        case UInt8(ascii: "-") where mark == 0x93 || mark == 0x94:
            var hyphens = 0
            while i + hyphens < source.endIndex, source[i + hyphens] == UInt8(ascii: "-") { hyphens += 1 }
            var dashes = 0
            while let next = punctuation(at: j + dashes * 3), next == 0x93 || next == 0x94 { dashes += 1 }
            return (hyphens, dashes * 3)
        default:
            return nil
        }
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The character reference at `start` (`&#91;`, `&#x5B;`, `&name;`): its length in bytes and the text Markdown
    /// reads there (what is not a reference to Markdown, such as an unknown name or too many digits, is kept as
    /// written); nil when nothing like a reference starts there.
    static func reference(in source: ArraySlice<UInt8>, at start: Int) -> (length: Int, decoded: [UInt8])? {
        var index = start + 1
        guard index < source.endIndex else { return nil }
        let nameStart = index
        if source[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < source.endIndex && (source[index] == UInt8(ascii: "x") || source[index] == UInt8(ascii: "X"))
            if hex { index += 1 }
            let digitsStart = index
            while index < source.endIndex, index - digitsStart < 16, digit(source[index], hex: hex) != nil { index += 1 }
            guard index > digitsStart else { return nil }
        } else {
            while index < source.endIndex, index - nameStart < 32, isAlphanumeric(source[index]) { index += 1 }
            guard index > nameStart, isLetter(source[nameStart]) else { return nil }
        }
        guard index < source.endIndex, source[index] == UInt8(ascii: ";") else { return nil }
        return (index + 1 - start, decoded(Array(source[start...index])))
    }

    /// What Markdown reads for a reference (`&eacute;`, `&#91;`), by cmark-gfm itself (whose rules, such as how many
    /// digits a numeric one may have, are its own), once per reference for the process.
    private static let references = Mutex<[[UInt8]: [UInt8]]>([:])

    private static func decoded(_ reference: [UInt8]) -> [UInt8] {
        if let known = references.withLock({ $0[reference] }) { return known }
        // `<p>TEXT</p>\n`, TEXT HTML-escaped (`&amp;`, `&lt;`, `&gt;`, `&quot;`).
        var html: [UInt8] = []
        reference.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let made = cmark_markdown_to_html(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT) {
                    html = Array(UnsafeBufferPointer(start: UnsafeRawPointer(made).assumingMemoryBound(to: UInt8.self), count: strlen(made)))
                    free(made)
                }
            }
        }
        var decoded = reference
        let open = Array("<p>".utf8), close = Array("</p>\n".utf8)
        if html.starts(with: open), html.count >= open.count + close.count, html.suffix(close.count).elementsEqual(close) {
            decoded = unescapeHTML(Array(html[open.count..<(html.count - close.count)]))
        }
        references.withLock { $0[reference] = decoded }
        return decoded
    }

    /// Text as cmark-gfm's HTML writes it, unescaped: `&amp;`, `&lt;`, `&gt;`, `&quot;`.
    private static func unescapeHTML(_ html: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        let entities: [([UInt8], UInt8)] = [(Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")),
                                            (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\""))]
        outer: while index < html.count {
            if html[index] == UInt8(ascii: "&") {
                for (entity, byte) in entities where html[index...].starts(with: entity) {
                    out.append(byte)
                    index += entity.count
                    continue outer
                }
            }
            out.append(html[index])
            index += 1
        }
        return out
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) }
}
