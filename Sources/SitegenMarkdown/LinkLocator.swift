import SitegenCore

/// Finds the true source position of a link, image or autolink.
///
/// cmark-gfm's inline positions are computed from the start of the paragraph's text, so they drift inside list
/// items, block quotes, tables and after line breaks. This finds the link's syntax in the source lines of the
/// block that contains it, and falls back to cmark-gfm's position only when the syntax cannot be found
/// (reference links whose text is unusual). Columns are UTF-8 byte columns.
struct LinkLocator {
    let source: [UInt8]
    let firstLine: Int
    private let lines: LineIndex
    /// Byte offsets already assigned to an earlier link, so that repeated destinations map one to one.
    private var used: Set<Int> = []

    init(source: [UInt8], firstLine: Int) {
        self.source = source
        self.firstLine = firstLine
        self.lines = LineIndex(source)
    }

    /// File position of the link's opening `[` (`!` for an image, `<` or the first character for an autolink).
    /// The kind comes back corrected: `[x.com](x.com)` looks like an autolink in the tree but is written as a link.
    mutating func locate(kind: LinkOccurrence.Kind, destination: String, reported: (line: Int, column: Int),
                         blockLines: ClosedRange<Int>) -> (line: Int, column: Int, kind: LinkOccurrence.Kind) {
        if kind == .autolink {
            let asLink = locate(kind: .link, destination: destination, reported: reported, blockLines: blockLines,
                                fallback: false)
            if let asLink { return (asLink.line, asLink.column, .link) }
        }
        let found = locate(kind: kind, destination: destination, reported: reported, blockLines: blockLines, fallback: true)!
        return (found.line, found.column, kind)
    }

    private mutating func locate(kind: LinkOccurrence.Kind, destination: String, reported: (line: Int, column: Int),
                                 blockLines: ClosedRange<Int>, fallback: Bool) -> (line: Int, column: Int)? {
        let start = lines.offset(line: blockLines.lowerBound - firstLine + 1, column: 1)
        let end = min(lines.offset(line: blockLines.upperBound - firstLine + 2, column: 1), source.count)
        let reportedOffset = lines.offset(line: reported.line - firstLine + 1, column: reported.column)

        var candidates: [Int] = []
        switch kind {
        case .link, .image:
            for pattern in ["](" + destination, "](<" + destination + ">"] {
                for match in occurrences(of: Array(pattern.utf8), in: start..<end) {
                    if let open = openingBracket(before: match, lowerBound: start) {
                        let isImage = open > start && source[open - 1] == UInt8(ascii: "!")
                        if isImage == (kind == .image) { candidates.append(isImage ? open - 1 : open) }
                    }
                }
            }
            if candidates.isEmpty, reportedOffset < source.count,
               source[reportedOffset] == UInt8(ascii: kind == .image ? "!" : "[") {
                candidates.append(reportedOffset)
            }
        case .autolink:
            var texts = [destination]
            if destination.hasPrefix("mailto:") { texts.append(String(destination.dropFirst(7))) }
            if destination.hasPrefix("http://") { texts.append(String(destination.dropFirst(7))) }
            for text in texts {
                for match in occurrences(of: Array(text.utf8), in: start..<end) {
                    let isBracketed = match > start && source[match - 1] == UInt8(ascii: "<")
                    candidates.append(isBracketed ? match - 1 : match)
                }
            }
        }
        let unused = candidates.filter { !used.contains($0) }.sorted()
        guard !unused.isEmpty else { return fallback ? reported : nil }
        let onReportedLine = unused.first { lines.position(ofByte: $0).line + firstLine - 1 == reported.line }
        let chosen = onReportedLine ?? unused[0]
        used.insert(chosen)
        let position = lines.position(ofByte: chosen)
        return (position.line + firstLine - 1, position.column)
    }

    private func occurrences(of pattern: [UInt8], in range: Range<Int>) -> [Int] {
        guard !pattern.isEmpty, range.count >= pattern.count else { return [] }
        var result: [Int] = []
        var index = range.lowerBound
        let last = range.upperBound - pattern.count
        while index <= last {
            if source[index] == pattern[0], source[index..<(index + pattern.count)].elementsEqual(pattern) {
                result.append(index)
            }
            index += 1
        }
        return result
    }

    /// The `[` that opens the link text closed by the `]` at `close`, balancing nested brackets and
    /// skipping backslash-escaped ones.
    private func openingBracket(before close: Int, lowerBound: Int) -> Int? {
        var depth = 0
        var index = close
        while index >= lowerBound {
            let byte = source[index]
            let escaped = index > lowerBound && source[index - 1] == UInt8(ascii: "\\")
            if !escaped {
                if byte == UInt8(ascii: "]") {
                    depth += 1
                } else if byte == UInt8(ascii: "[") {
                    depth -= 1
                    if depth == 0 { return index }
                }
            }
            index -= 1
        }
        return nil
    }
}
