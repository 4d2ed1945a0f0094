import SitegenCore

/// The parts of a Markdown source file: optional YAML front matter between `---` lines, then the body.
public struct SplitSource: Sendable {
    /// The YAML text between the fences (line ends normalised to `\n`), or nil when the file has no front matter.
    public var yaml: String?
    /// File line (1-based) of the YAML text's first line.
    public var yamlFirstLine: Int
    /// The Markdown body, unchanged.
    public var body: String
    /// File line (1-based) on which the body starts.
    public var bodyFirstLine: Int
    /// Set when a front matter fence opens but never closes.
    public var unterminated: Bool
    /// The line of the opening fence when it is not the file's first line as it must be (blank lines before it),
    /// or is indented: the front matter is read from there, and the loader reports where it should be.
    public var displacedFenceLine: Int? = nil
    /// When the block has a line that is not YAML after a blank line (`**Note**: ...`): the split as if the front
    /// matter ended at that blank line. The closing fence was then most likely forgotten, and the `---` that closed
    /// the block is a horizontal rule further down; the loader takes this split when the YAML cannot be read.
    public var endingEarly: EarlyEnd? = nil

    /// The front matter up to a blank line before a line that is not YAML, and the body from that blank line.
    public struct EarlyEnd: Sendable {
        public var yaml: String
        public var body: String
        public var bodyFirstLine: Int
        /// The first line that is not YAML, and the line of the fence that closed the block.
        public var foreignLine: Int
        public var fenceLine: Int
    }
}

/// Splits front matter from the body. Hand-written: it is a line-level convention (Jekyll's), not YAML.
/// Works on UTF-8 bytes because Swift treats `\r\n` as one Character, and reads only as far as the closing fence.
public enum FrontMatterSplitter {
    /// Splits `text`; a front matter block starts with `---` on the first line (after an optional BOM)
    /// and ends with a line that is `---` or `...`. Trailing spaces and `\r` on fence lines are allowed.
    public static func split(_ text: String) -> SplitSource {
        if let split = text.utf8.withContiguousStorageIfAvailable({ split(text, bytes: $0) }) { return split }
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { split(copy, bytes: $0) }!
    }

    private static func split(_ text: String, bytes: UnsafeBufferPointer<UInt8>) -> SplitSource {
        let count = bytes.count
        let start = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        /// The text from byte `offset` (always just after a `\n` or at the start, so on a character boundary).
        func rest(from offset: Int) -> String {
            offset == 0 ? text : String(Substring(text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: offset)...]))
        }
        /// End of the line starting at `offset` (the index of its `\n`, or `count`).
        func lineEnd(from offset: Int) -> Int {
            var index = offset
            while index < count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            return index
        }

        var firstEnd = lineEnd(from: start)
        // The line of the opening fence: the first, or (`displacedFenceLine`) the first after blank lines, or an
        // indented one, when YAML follows it.
        var fenceLine = 1
        if start >= count || !isFence(bytes, start..<firstEnd, allowDots: false) {
            guard let displaced = displacedFence(bytes, from: start, lineEnd: lineEnd) else {
                return SplitSource(yaml: nil, yamlFirstLine: 0, body: rest(from: start), bodyFirstLine: 1,
                                   unterminated: false)
            }
            (fenceLine, firstEnd) = displaced
        }
        let displacedFenceLine = fenceLine == 1 && bytes[start] == UInt8(ascii: "-") ? nil : fenceLine
        // The YAML lines, each without a trailing `\r`, joined by `\n`.
        var yaml: [UInt8] = []
        var lineStart = firstEnd + 1
        var lineNumber = fenceLine + 1
        // The last blank line (the YAML's length before it, where it starts, its number), and the first line that is
        // not YAML after one.
        var blank: (yamlLength: Int, start: Int, line: Int)?
        var previousBlank = false
        var foreign: (yamlLength: Int, start: Int, blankLine: Int, line: Int)?
        while lineStart < count {
            let end = lineEnd(from: lineStart)
            if isFence(bytes, lineStart..<end, allowDots: true) {
                var split = SplitSource(yaml: String(decoding: yaml, as: UTF8.self), yamlFirstLine: fenceLine + 1,
                                        body: end < count ? rest(from: end + 1) : "", bodyFirstLine: lineNumber + 1,
                                        unterminated: false, displacedFenceLine: displacedFenceLine)
                if let foreign {
                    split.endingEarly = SplitSource.EarlyEnd(yaml: String(decoding: yaml[..<foreign.yamlLength], as: UTF8.self),
                                                             body: rest(from: foreign.start), bodyFirstLine: foreign.blankLine,
                                                             foreignLine: foreign.line, fenceLine: lineNumber)
                }
                return split
            }
            if isBlank(bytes, lineStart..<end) {
                if !previousBlank { blank = (yaml.count, lineStart, lineNumber) }
                previousBlank = true
            } else if !isYAMLComment(bytes, lineStart..<end) {
                // (A comment keeps the blank line before it: `# Steps` then text is a heading and its paragraph.)
                if previousBlank, foreign == nil, let blank, !looksLikeYAML(bytes, lineStart..<end) {
                    foreign = (blank.yamlLength, blank.start, blank.line, lineNumber)
                }
                previousBlank = false
            }
            if lineNumber > fenceLine + 1 { yaml.append(UInt8(ascii: "\n")) }
            let contentEnd = end > lineStart && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            yaml.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd]))
            lineStart = end + 1
            lineNumber += 1
        }
        // No closing fence. The front matter is taken to end before the first line that cannot belong to it (not a
        // `key:` line, an indented or `- ` line, or a blank line), and the body to start there, so that
        // the rest of the file is still checked.
        var yamlEnd = firstEnd + 1
        lineStart = firstEnd + 1
        lineNumber = fenceLine + 1
        var bodyLine = fenceLine + 1
        var bodyStart = lineStart
        while lineStart < count {
            let end = lineEnd(from: lineStart)
            if isBlank(bytes, lineStart..<end) {
                lineStart = end + 1
                lineNumber += 1
                continue
            }
            guard looksLikeYAML(bytes, lineStart..<end) else { break }
            lineStart = end + 1
            lineNumber += 1
            yamlEnd = min(end, count)
            bodyLine = lineNumber
            bodyStart = lineStart
        }
        if lineStart >= count { (bodyLine, bodyStart) = (lineNumber, count) }
        var partial: [UInt8] = []
        var offset = firstEnd + 1
        while offset < yamlEnd {
            let end = lineEnd(from: offset)
            if !partial.isEmpty || offset > firstEnd + 1 { partial.append(UInt8(ascii: "\n")) }
            let contentEnd = end > offset && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<contentEnd]))
            offset = end + 1
        }
        return SplitSource(yaml: String(decoding: partial, as: UTF8.self), yamlFirstLine: fenceLine + 1,
                           body: bodyStart < count ? rest(from: bodyStart) : "", bodyFirstLine: bodyLine,
                           unterminated: true, displacedFenceLine: displacedFenceLine)
    }

    /// An opening fence where it should not be, followed by a line of YAML (`key:`): after blank lines at the
    /// start of the file (an editor's or a merge's), or indented by up to three spaces or a tab. Its line and end.
    /// Anything else (a first line of text, `<!---` to comment the article out) means there is no front matter.
    private static func displacedFence(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                       lineEnd: (Int) -> Int) -> (line: Int, end: Int)? {
        let count = bytes.count
        var lineStart = start, line = 1
        while lineStart < count {
            let end = lineEnd(lineStart)
            if isBlank(bytes, lineStart..<end) {
                lineStart = end + 1
                line += 1
                continue
            }
            var fenceStart = lineStart
            while fenceStart < end, fenceStart - lineStart < 4,
                  bytes[fenceStart] == UInt8(ascii: " ") || bytes[fenceStart] == UInt8(ascii: "\t") { fenceStart += 1 }
            let indent = fenceStart - lineStart
            guard indent < 4, line > 1 || indent > 0, isFence(bytes, fenceStart..<end, allowDots: false), end + 1 < count
            else { return nil }
            let next = lineEnd(end + 1)
            // A `key:` line, not indented and not a list item.
            guard next > end + 1, looksLikeYAML(bytes, (end + 1)..<next),
                  ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-")].contains(bytes[end + 1]) else { return nil }
            return (line, end)
        }
        return nil
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        line.allSatisfy { bytes[$0] == UInt8(ascii: " ") || bytes[$0] == UInt8(ascii: "\t") || bytes[$0] == UInt8(ascii: "\r") }
    }

    /// A line that can be part of YAML front matter: indented, a `- ` item, or `key:` at its start. (Not a `#`
    /// comment: in a file whose front matter never closes, `# Title` is far more likely the body's heading.)
    /// A YAML comment line (`# SEO`), which front matter may have after a blank line; a Markdown heading of an
    /// article's body (`## Steps`: its headings start at level 2) is not taken for one.
    private static func isYAMLComment(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        bytes[line.lowerBound] == UInt8(ascii: "#") && (line.count == 1 || bytes[line.lowerBound + 1] != UInt8(ascii: "#"))
    }

    private static func looksLikeYAML(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let first = bytes[line.lowerBound]
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return true }
        if first == UInt8(ascii: "-") {
            return line.count == 1 || bytes[line.lowerBound + 1] == UInt8(ascii: " ")
        }
        var index = line.lowerBound
        if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") { index += 1 }
        let keyStart = index
        while index < line.upperBound, bytes[index].isASCIILetter || bytes[index] == UInt8(ascii: "_")
            || bytes[index] == UInt8(ascii: "-") || (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) {
            index += 1
        }
        guard index > keyStart else { return false }
        if index < line.upperBound, bytes[index] == first, first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") { index += 1 }
        while index < line.upperBound, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < line.upperBound, bytes[index] == UInt8(ascii: ":") else { return false }
        return index + 1 == line.upperBound || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[index + 1])
    }

    /// Whether `line` (without its line end) is a front matter fence: `---`, or `...` to close (`allowDots`), then
    /// only spaces, tabs and `\r`. For the edits that must find the fences as this splitter does.
    public static func isFence(_ line: String, allowDots: Bool) -> Bool {
        var line = line
        return line.withUTF8 { isFence($0, 0..<$0.count, allowDots: allowDots) }
    }

    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, allowDots: Bool) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t")
            || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        guard end - line.lowerBound == 3 else { return false }
        let first = bytes[line.lowerBound]
        guard first == UInt8(ascii: "-") || (allowDots && first == UInt8(ascii: ".")) else { return false }
        return bytes[line.lowerBound + 1] == first && bytes[line.lowerBound + 2] == first
    }
}
