#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SitegenCore

/// Finds the true source position of a link, image, autolink, HTML attribute or piece of text.
///
/// cmark-gfm's inline positions are computed from the start of the paragraph's text, so they drift inside list
/// items, block quotes, tables and after line breaks. This finds the syntax in the source lines of the block
/// that contains it, and falls back to cmark-gfm's position only when the syntax cannot be found (reference
/// links whose text is unusual). Columns are UTF-8 byte columns.
struct LinkLocator {
    /// A found position: the construct's start, and where the destination text starts when it is written verbatim.
    struct Found {
        var line: Int
        var column: Int
        var kind: LinkOccurrence.Kind
        var destination: (line: Int, column: Int)?
    }

    let source: [UInt8]
    let firstLine: Int
    private let lines: LineIndex
    /// Byte offsets already assigned to an earlier construct, so that repeated destinations map one to one.
    /// A list, not a set: an article has tens of links, and hashing each offset cost more than the search.
    private var used: [Int] = []

    init(source: [UInt8], firstLine: Int) {
        self.source = source
        self.firstLine = firstLine
        self.lines = LineIndex(source)
    }

    /// File position of the link's opening `[` (`!` for an image, `<` or the first character for an autolink).
    /// The kind comes back corrected: `[x.com](x.com)` looks like an autolink in the tree but is written as a link.
    mutating func locate(kind: LinkOccurrence.Kind, destination: String, reported: (line: Int, column: Int),
                         blockLines: ClosedRange<Int>) -> Found {
        if kind == .autolink,
           let asLink = locate(kind: .link, destination: destination, reported: reported, blockLines: blockLines,
                               fallback: false) {
            return asLink
        }
        return locate(kind: kind, destination: destination, reported: reported, blockLines: blockLines, fallback: true)!
    }

    /// File position of the first not yet used occurrence of `text` in `blockLines`, preferring `preferredLine`.
    mutating func locate(text: String, blockLines: ClosedRange<Int>, preferredLine: Int) -> (line: Int, column: Int)? {
        let range = byteRange(blockLines)
        let matches = occurrences(of: Array(text.utf8), in: range).filter { !used.contains($0) }
        guard let chosen = matches.first(where: { fileLine(ofByte: $0) == preferredLine }) ?? matches.first else {
            return nil
        }
        used.append(chosen)
        return filePosition(ofByte: chosen)
    }

    private mutating func locate(kind: LinkOccurrence.Kind, destination: String, reported: (line: Int, column: Int),
                                 blockLines: ClosedRange<Int>, fallback: Bool) -> Found? {
        let range = byteRange(blockLines)
        let start = range.lowerBound
        let reportedOffset = lines.offset(line: reported.line - firstLine + 1, column: reported.column)

        // (offset of the construct, offset of the destination text)
        var candidates: [(Int, Int?)] = []
        switch kind {
        case .link, .image:
            forEachClosingBracket(before: destination, in: range) { match, skip in
                if let open = openingBracket(before: match, lowerBound: start) {
                    let isImage = open > start && source[open - 1] == UInt8(ascii: "!")
                    if isImage == (kind == .image) { candidates.append((isImage ? open - 1 : open, match + skip)) }
                }
            }
            if candidates.isEmpty, reportedOffset < source.count,
               source[reportedOffset] == UInt8(ascii: kind == .image ? "!" : "[") {
                candidates.append((reportedOffset, nil))
            }
        case .autolink:
            var texts = [destination]
            if destination.hasPrefix("mailto:") { texts.append(String(destination.dropFirst(7))) }
            if destination.hasPrefix("http://") { texts.append(String(destination.dropFirst(7))) }
            for text in texts {
                for match in occurrences(of: Array(text.utf8), in: range) {
                    let isBracketed = match > start && source[match - 1] == UInt8(ascii: "<")
                    candidates.append((isBracketed ? match - 1 : match, text == destination ? match : nil))
                }
            }
        }
        // The first unused candidate on the reported line, else the first unused one (by offset; the earlier
        // found of two at one offset), without making the sorted list of them.
        var first: (Int, Int?)?
        var firstOnLine: (Int, Int?)?
        for candidate in candidates where !used.contains(candidate.0) {
            if first == nil || candidate.0 < first!.0 { first = candidate }
            if firstOnLine == nil || candidate.0 < firstOnLine!.0, fileLine(ofByte: candidate.0) == reported.line {
                firstOnLine = candidate
            }
        }
        guard let chosen = firstOnLine ?? first else {
            return fallback ? Found(line: reported.line, column: reported.column, kind: kind, destination: nil) : nil
        }
        used.append(chosen.0)
        let position = filePosition(ofByte: chosen.0)
        return Found(line: position.line, column: position.column, kind: kind,
                     destination: chosen.1.map { filePosition(ofByte: $0) })
    }

    private func byteRange(_ blockLines: ClosedRange<Int>) -> Range<Int> {
        let start = lines.offset(line: blockLines.lowerBound - firstLine + 1, column: 1)
        let end = min(lines.offset(line: blockLines.upperBound - firstLine + 2, column: 1), source.count)
        return start..<max(start, end)
    }

    private func fileLine(ofByte offset: Int) -> Int { lines.position(ofByte: offset).line + firstLine - 1 }

    private func filePosition(ofByte offset: Int) -> (line: Int, column: Int) {
        let position = lines.position(ofByte: offset)
        return (position.line + firstLine - 1, position.column)
    }

    /// Calls `body` with each `](destination` and then each `](<destination>` inside `range`: the offset of the
    /// `]`, and how far after it the destination starts. One pass over the `](` of the block, comparing the
    /// destination in place, with no pattern or list made (this runs for every link): the same offsets, in the
    /// same order, as searching for each pattern.
    private func forEachClosingBracket(before destination: String, in range: Range<Int>, _ body: (Int, Int) -> Void) {
        var angled: [Int] = []
        var text = destination
        text.withUTF8 { wanted in
            source.withUnsafeBufferPointer { bytes in
                let length = wanted.count
                func holds(_ at: Int) -> Bool {
                    length == 0 || memcmp(bytes.baseAddress! + at, wanted.baseAddress!, length) == 0
                }
                Self.closeAndOpen.withUnsafeBufferPointer { pattern in
                    var from = range.lowerBound
                    while from < range.upperBound, let found = bytes.firstRange(of: pattern, in: from..<range.upperBound) {
                        let close = found.lowerBound
                        from = close + 1
                        if close + 2 + length <= range.upperBound, holds(close + 2) { body(close, 2) }
                        if close + 4 + length <= range.upperBound, bytes[close + 2] == UInt8(ascii: "<"), holds(close + 3),
                           bytes[close + 3 + length] == UInt8(ascii: ">") {
                            angled.append(close)
                        }
                    }
                }
            }
        }
        for close in angled { body(close, 3) }
    }

    private static let closeAndOpen = Array("](".utf8)

    /// Start offsets of every occurrence of `pattern` inside `range` (memchr and memcmp: this runs for every link).
    private func occurrences(of pattern: [UInt8], in range: Range<Int>) -> [Int] {
        pattern.withUnsafeBufferPointer { pattern in
            var result: [Int] = []
            var from = range.lowerBound
            while from < range.upperBound, let match = source.firstRange(of: pattern, in: from..<range.upperBound) {
                result.append(match.lowerBound)
                from = match.lowerBound + 1
            }
            return result
        }
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
