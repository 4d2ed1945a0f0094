/// Writes the highlighted HTML: text between tokens and inside them escaped as cmark-gfm escapes code, tokens in
/// spans. Tokens come in order; the writer copies what lies between them, so no byte is lost or written twice even
/// if a lexer were to hand it overlapping or empty ranges.
struct HTMLWriter {
    let source: UnsafeBufferPointer<UInt8>
    var output: [UInt8] = []
    /// Bytes of `source` before this one are written.
    private(set) var written = 0

    init(source: UnsafeBufferPointer<UInt8>) {
        self.source = source
    }

    /// Writes the text before `start`, then `start..<end` in a span of class `kind`.
    mutating func token(_ kind: TokenClass, _ start: Int, _ end: Int) {
        // Never inside a UTF-8 sequence: a boundary on a continuation byte moves to the character's end.
        let start = characterBoundary(max(start, written))
        let end = characterBoundary(min(end, source.count))
        guard end > start else { return }
        escape(written..<start)
        output.append(contentsOf: kind.openTag)
        escape(start..<end)
        output.append(contentsOf: Self.closeTag)
        written = end
    }

    /// Writes the text before `index`, then `index..<end` in a span of class `kind`, and moves `index` to `end`:
    /// what every lexer does with a token it has found the end of.
    mutating func token(_ kind: TokenClass, to end: Int, advancing index: inout Int) {
        token(kind, index, end)
        index = end
    }

    /// Writes what is left after the last token.
    mutating func finish() {
        escape(written..<source.count)
        written = source.count
    }

    private static let closeTag = Array("</span>".utf8)

    private func characterBoundary(_ index: Int) -> Int {
        var index = index
        while index < source.count, source[index] & 0xC0 == 0x80 { index += 1 }
        return index
    }

    /// `&`, `<`, `>` and `"` as cmark-gfm's `escape_html` writes them in code; runs without them copied at once.
    private mutating func escape(_ range: Range<Int>) {
        var runStart = range.lowerBound
        for index in range {
            let replacement: StaticString
            switch source[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            default: continue
            }
            if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index])) }
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        if range.upperBound > runStart {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<range.upperBound]))
        }
    }
}
