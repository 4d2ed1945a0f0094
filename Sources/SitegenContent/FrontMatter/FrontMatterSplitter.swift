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
}

/// Splits front matter from the body. Hand-written: it is a line-level convention (Jekyll's), not YAML.
/// Works on UTF-8 bytes because Swift treats `\r\n` as one Character.
public enum FrontMatterSplitter {
    /// Splits `text`; a front matter block starts with `---` on the first line (after an optional BOM)
    /// and ends with a line that is `---` or `...`. Trailing spaces and `\r` on fence lines are allowed.
    public static func split(_ text: String) -> SplitSource {
        let bytes = Array(text.utf8)
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let lines = lineRanges(bytes, from: start)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        guard let first = lines.first, isFence(bytes[first], allowDots: false) else {
            return SplitSource(yaml: nil, yamlFirstLine: 0, body: string(start..<bytes.count), bodyFirstLine: 1,
                               unterminated: false)
        }
        var yamlLines: [String] = []
        for (index, range) in lines.enumerated().dropFirst() {
            if isFence(bytes[range], allowDots: true) {
                let bodyStart = index + 1 < lines.count ? lines[index + 1].lowerBound : bytes.count
                return SplitSource(yaml: yamlLines.joined(separator: "\n"), yamlFirstLine: 2,
                                   body: string(bodyStart..<bytes.count), bodyFirstLine: index + 2, unterminated: false)
            }
            var line = bytes[range]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            yamlLines.append(String(decoding: line, as: UTF8.self))
        }
        return SplitSource(yaml: yamlLines.joined(separator: "\n"), yamlFirstLine: 2, body: "",
                           bodyFirstLine: lines.count + 1, unterminated: true)
    }

    /// Ranges of each line's content, without its `\n`.
    private static func lineRanges(_ bytes: [UInt8], from start: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var lineStart = start
        for index in start..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            ranges.append(lineStart..<index)
            lineStart = index + 1
        }
        if lineStart < bytes.count { ranges.append(lineStart..<bytes.count) }
        return ranges
    }

    private static func isFence(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
            trimmed = trimmed.dropLast()
        }
        return trimmed.elementsEqual("---".utf8) || (allowDots && trimmed.elementsEqual("...".utf8))
    }
}
