/// Maps positions in a text after substitutions (Liquid tags expanded) back to the text as written, so that
/// diagnostics found in the expanded text point at the author's line and column.
public struct SourceMap: Sendable {
    /// One substitution: `original` bytes of the written text became `expanded` bytes.
    public struct Segment: Sendable, Equatable {
        public var original: Range<Int>
        public var expanded: Range<Int>
        /// The substitution stands for something that does not exist (a missing asset or include); links
        /// inside it are reported by the substitution's own diagnostic, not again by the link check.
        public var failed: Bool

        public init(original: Range<Int>, expanded: Range<Int>, failed: Bool = false) {
            self.original = original
            self.expanded = expanded
            self.failed = failed
        }
    }

    /// Segments in text order.
    public let segments: [Segment]
    private let originalLines: LineIndex
    private let expandedLines: LineIndex
    /// File line of the texts' first line.
    private let firstLine: Int

    public init(original: [UInt8], expanded: [UInt8], segments: [Segment], firstLine: Int) {
        self.segments = segments
        self.originalLines = LineIndex(original)
        self.expandedLines = LineIndex(expanded)
        self.firstLine = firstLine
    }

    /// True when nothing was substituted.
    public var isIdentity: Bool { segments.isEmpty }

    /// The written position of an expanded file position: inside a substitution, the substitution's start.
    public func originalPosition(line: Int, column: Int) -> (line: Int, column: Int) {
        guard !segments.isEmpty else { return (line, column) }
        let offset = expandedLines.offset(line: line - firstLine + 1, column: column)
        let (segment, delta) = locate(offset)
        let original = segment.map { $0.original.lowerBound } ?? offset - delta
        let position = originalLines.position(ofByte: original)
        return (position.line + firstLine - 1, position.column)
    }

    /// The substitution that covers `length` bytes from an expanded position, if any.
    public func segment(coveringLine line: Int, column: Int, length: Int) -> Segment? {
        guard !segments.isEmpty else { return nil }
        let start = expandedLines.offset(line: line - firstLine + 1, column: column)
        let range = start..<(start + max(length, 1))
        return segments.first { $0.expanded.overlaps(range) || ($0.expanded.isEmpty && range.contains($0.expanded.lowerBound)) }
    }

    /// The segment containing an expanded offset, or the offset difference (expanded − original) before it.
    private func locate(_ offset: Int) -> (Segment?, Int) {
        var delta = 0
        for segment in segments {
            if offset < segment.expanded.lowerBound { break }
            if offset < segment.expanded.upperBound { return (segment, delta) }
            delta = segment.expanded.upperBound - segment.original.upperBound
        }
        return (nil, delta)
    }
}
