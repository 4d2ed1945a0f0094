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
///
/// Linear in the block whatever it holds: each block's `](` constructs are indexed in one pass (brackets matched
/// with a stack, each destination read once) and looked up by destination; text is searched forward from where
/// the previous construct of the block was found, as the tree is walked in document order. Searches out of that
/// order draw on a budget proportional to the block's size; when it is spent, cmark-gfm's position is used.
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
    /// Byte offsets already assigned to a construct, so that repeated destinations map one to one.
    private var used: OffsetSet
    /// The blocks looked at so far, by their first byte.
    private var blocks: [Int: BlockIndex] = [:]

    init(source: [UInt8], firstLine: Int) {
        self.source = source
        self.firstLine = firstLine
        self.lines = LineIndex(source)
        self.used = OffsetSet(count: source.count)
    }

    /// File position of the link's opening `[` (`!` for an image, `<` or the first character for an autolink).
    /// The kind comes back corrected: `[x.com](x.com)` looks like an autolink in the tree but is written as a link.
    ///
    /// `code` is the block's node in cmark-gfm's tree, whose code spans are asked for at most once per block, when
    /// its source has a backtick (see `BlockIndex.indexCodeSpans`).
    mutating func locate(kind: LinkOccurrence.Kind, destination: String, reported: (line: Int, column: Int),
                         blockLines: ClosedRange<Int>, code: OpaquePointer? = nil) -> Found {
        let index = blockIndex(blockLines, code: code)
        let reportedOffset = lines.offset(line: reported.line - firstLine + 1, column: reported.column)
        let chosen: (construct: Int, destination: Int?)?
        switch kind {
        case .link, .image:
            chosen = construct(kind == .image, destination, index: index, reported: reported.line, reportedOffset: reportedOffset)
        case .autolink:
            if let asLink = construct(false, destination, index: index, reported: reported.line, reportedOffset: nil) {
                used.insert(asLink.construct)
                return found(asLink, kind: .link)
            }
            chosen = autolink(destination, index: index, reported: reported.line)
        }
        guard let chosen else { return Found(line: reported.line, column: reported.column, kind: kind, destination: nil) }
        used.insert(chosen.construct)
        return found(chosen, kind: kind)
    }

    /// File position of the first not yet used occurrence of `text` in `blockLines`, preferring `preferredLine`.
    /// `markdown`: the text is Markdown's (link syntax found as text), where a backslash escapes; not in an HTML block.
    mutating func locate(text: String, blockLines: ClosedRange<Int>, preferredLine: Int,
                         code: OpaquePointer? = nil, markdown: Bool = true) -> (line: Int, column: Int)? {
        let index = blockIndex(blockLines, code: code)
        guard let match = search(Array(text.utf8), index: index, preferredLine: preferredLine, construct: { $0 },
                                 markdown: markdown) else {
            return nil
        }
        used.insert(match)
        return filePosition(ofByte: match)
    }

    /// Where an inline piece of raw HTML (`literal`, one tag) starts in the source: at cmark-gfm's reported
    /// position when the source holds the tag there, else searched for like text (its first line, at most 64
    /// bytes), forward in the block from the previous find. Nil when it is not found (cmark-gfm replaced a NUL
    /// byte in it) or the block's budget is spent.
    mutating func locateInline(_ literal: [UInt8], reported: (line: Int, column: Int),
                               blockLines: ClosedRange<Int>, code: OpaquePointer? = nil) -> (line: Int, column: Int)? {
        let firstLineLength = literal.firstIndex(of: 0x0A) ?? literal.count
        let prefix = Array(literal[..<min(firstLineLength, 64)])
        guard !prefix.isEmpty else { return nil }
        let index = blockIndex(blockLines, code: code)
        let reportedOffset = lines.offset(line: reported.line - firstLine + 1, column: reported.column)
        if reportedOffset >= index.range.lowerBound, reportedOffset + prefix.count <= index.range.upperBound,
           !used.contains(reportedOffset),
           source[reportedOffset..<(reportedOffset + prefix.count)].elementsEqual(prefix) {
            used.insert(reportedOffset)
            index.cursor = max(index.cursor, reportedOffset + 1)
            return filePosition(ofByte: reportedOffset)
        }
        guard let match = search(prefix, index: index, preferredLine: reported.line, construct: { $0 }) else {
            return nil
        }
        used.insert(match)
        return filePosition(ofByte: match)
    }

    /// File position of byte `offset` of a piece of raw HTML (`piece`) whose line `index` (0-based) is file line
    /// `startLine + index`. Each line of the piece but the first starts after what cmark-gfm leaves out of its source
    /// line (container markers, `> ` or a list item's indentation, and a paragraph line's leading whitespace), and
    /// runs to the end of the source line (cmark-gfm drops the `\r` of a `\r\n`), so its column is counted from the
    /// end of the source line; except the last line of an inline tag, which text may follow on the same line: its
    /// column is `lastLineColumn` (`lastLineColumn(of:lineStarts:startLine:)`, worked out once per tag). `lineStarts`
    /// are the offsets where the piece's lines start. `first`, when given, is the file position of the piece's first
    /// byte (an inline tag, found in the source). The cost is a binary search over the piece's lines.
    func position(inPiece offset: Int, piece: [UInt8], lineStarts: [Int], startLine: Int,
                  first: (line: Int, column: Int)? = nil, lastLineColumn: Int? = nil) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let inLine = offset - lineStarts[low]
        if low == 0, let first { return (first.line, first.column + inLine) }
        let line = startLine + low
        if low + 1 == lineStarts.count, let lastLineColumn { return (line, lastLineColumn + inLine) }
        let pieceLineEnd = low + 1 < lineStarts.count ? lineStarts[low + 1] - 1 : piece.count
        let pieceLineLength = pieceLineEnd - lineStarts[low]
        let pieceKeepsCR = pieceLineEnd > lineStarts[low] && piece[pieceLineEnd - 1] == 0x0D
        let sourceLine = sourceLineRange(line, droppingCR: !pieceKeepsCR)
        // Clamped after the offset is added: where cmark-gfm wrote a tab a list marker used part of as spaces, the
        // piece's line is longer than the source's, and the bytes after those spaces are still counted from the end.
        return (line, max(1, sourceLine.count - pieceLineLength + 1 + inLine))
    }

    /// The column where the last line of a multi-line inline tag starts: right after its source line's prefix of
    /// container markers and indentation, which the tag's line does not have (but for the spaces left of a tab that
    /// a container marker used part of). Nil for a one-line tag, or when the line is not found there.
    func lastLineColumn(of piece: [UInt8], lineStarts: [Int], startLine: Int) -> Int? {
        guard lineStarts.count > 1, let lastStart = lineStarts.last else { return nil }
        let line = startLine + lineStarts.count - 1
        var text = piece[lastStart...]
        var skipped = 0
        while let byte = text.first, byte == 0x20 || byte == 0x09 {
            text = text.dropFirst()
            skipped += 1
        }
        guard !text.isEmpty, line >= firstLine, line - firstLine < lines.lineStarts.count,
              let column = column(of: text, afterPrefixOf: sourceLineRange(line, droppingCR: true)) else { return nil }
        return column - skipped
    }

    /// Whether the byte at `offset` follows an odd run of backslashes (Markdown's escape).
    func isEscaped(_ offset: Int) -> Bool {
        var count = 0
        var at = offset - 1
        while at >= 0, source[at] == UInt8(ascii: "\\") {
            count += 1
            at -= 1
        }
        return count % 2 == 1
    }

    /// The 1-based column where file line `line`'s content starts, after blanks and `>` markers (at most 64 bytes of
    /// them); nil outside the body.
    func contentColumn(_ line: Int) -> Int? {
        guard line >= firstLine, line - firstLine < lines.lineStarts.count else { return nil }
        let range = sourceLineRange(line, droppingCR: true)
        var at = range.lowerBound
        while at < range.upperBound, at - range.lowerBound < 64,
              source[at] == 0x20 || source[at] == 0x09 || source[at] == UInt8(ascii: ">") { at += 1 }
        return at - range.lowerBound + 1
    }

    /// Whether file line `line` ends with a hard line break: a backslash (not itself escaped), or two blanks.
    func endsWithHardBreak(_ line: Int) -> Bool {
        guard line >= firstLine, line - firstLine < lines.lineStarts.count else { return false }
        let range = sourceLineRange(line, droppingCR: true)
        guard let last = range.last else { return false }
        if source[last] == UInt8(ascii: "\\") { return !isEscaped(last) }
        return range.count >= 2 && source[last] == 0x20 && source[last - 1] == 0x20
    }

    /// The bytes of file line `line` from 1-based byte `column` to the line's end (no line end); nil outside the body.
    func sourceLine(_ line: Int, from column: Int) -> ArraySlice<UInt8>? {
        guard line >= firstLine, line - firstLine < lines.lineStarts.count, column >= 1 else { return nil }
        let range = sourceLineRange(line, droppingCR: true)
        let start = range.lowerBound + column - 1
        guard start < range.upperBound else { return nil }
        return source[start..<range.upperBound]
    }

    /// The bytes of file line `line` without its `\n`, and without a `\r` before it when `droppingCR`.
    private func sourceLineRange(_ line: Int, droppingCR: Bool) -> Range<Int> {
        let start = lines.offset(line: line - firstLine + 1, column: 1)
        var end = lines.offset(line: line - firstLine + 2, column: 1)
        if end > start, end <= source.count, source[end - 1] == 0x0A {
            end -= 1
            if droppingCR, end > start, source[end - 1] == 0x0D { end -= 1 }
        }
        return start..<max(start, end)
    }

    /// The column in the source line `line` where `text` starts right after the line's prefix of container markers
    /// and indentation (spaces, tabs, `>`); nil when it is not there. At most 8 columns are tried (a prefix of many
    /// `>` before text that starts with `>`), so a hostile line costs linear time.
    private func column(of text: ArraySlice<UInt8>, afterPrefixOf line: Range<Int>) -> Int? {
        guard let head = text.first else { return nil }
        var tries = 0
        var at = line.lowerBound
        while at < line.upperBound, tries < 8 {
            let byte = source[at]
            if byte == head {
                tries += 1
                if holds(text, at: at) { return at - line.lowerBound + 1 }
            }
            guard byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">") else { return nil }
            at += 1
        }
        return nil
    }

    /// Whether the source holds `text` at byte `offset`.
    private func holds(_ text: some Collection<UInt8>, at offset: Int) -> Bool {
        offset >= 0 && offset + text.count <= source.count && source[offset..<(offset + text.count)].elementsEqual(text)
    }

    /// Whether the source holds `text` at file position `line`:`column`. A destination's position, which a fix-it
    /// edit replaces, is checked with this, so that an edit never names text the file does not hold there.
    func holds(_ text: String, line: Int, column: Int) -> Bool {
        guard line >= firstLine, column >= 1, line - firstLine < lines.lineStarts.count else { return false }
        let start = lines.offset(line: line - firstLine + 1, column: column)
        return holds(text.utf8, at: start)
    }

    private func found(_ chosen: (construct: Int, destination: Int?), kind: LinkOccurrence.Kind) -> Found {
        let position = filePosition(ofByte: chosen.construct)
        return Found(line: position.line, column: position.column, kind: kind,
                     destination: chosen.destination.map { filePosition(ofByte: $0) })
    }

    // MARK: Links and images

    /// The `[text](destination)` (or `![...]`) of the block written with `destination`: the first unused one on
    /// the reported line, else the first unused one. Without any, the reported position when a `[` (`!`) is there.
    private mutating func construct(_ isImage: Bool, _ destination: String, index: BlockIndex, reported: Int,
                                    reportedOffset: Int?) -> (construct: Int, destination: Int?)? {
        index.indexConstructs(source)
        // Those written in code spans last: `` `[a](/x/)` `` shows the syntax, and is no link of the tree's.
        let outside = isImage ? index.images[destination] : index.links[destination]
        let inCode = isImage ? index.imagesInCode[destination] : index.linksInCode[destination]
        guard outside != nil || inCode != nil else {
            if let reportedOffset, reportedOffset < source.count, !used.contains(reportedOffset),
               source[reportedOffset] == UInt8(ascii: isImage ? "!" : "[") {
                return (reportedOffset, nil)
            }
            return nil
        }
        let lineStart = lines.offset(line: reported - firstLine + 1, column: 1)
        func take(_ list: Candidates?) -> (construct: Int, destination: Int?)? {
            guard let list else { return nil }
            var at = list.firstUnused(from: list.firstIndex(atOrAfter: lineStart), skipping: used)
            if at == nil || fileLine(ofByte: list.constructs[at!]) != reported {
                at = list.firstUnused(from: 0, skipping: used)
            }
            guard let at else { return nil }
            list.markUsed(at)
            return (list.constructs[at], list.destinations[at])
        }
        return take(outside) ?? take(inCode)
    }

    // MARK: Autolinks and text

    /// An autolink's text: its destination, or without the `mailto:` or `http://` the extension added.
    private mutating func autolink(_ destination: String, index: BlockIndex, reported: Int) -> (construct: Int, destination: Int?)? {
        var texts = [destination]
        if destination.hasPrefix("mailto:") || destination.hasPrefix("http://") { texts.append(String(destination.dropFirst(7))) }
        var best: (construct: Int, destination: Int?, onLine: Bool)?
        for text in texts {
            let bytes = Array(text.utf8)
            let construct: (Int) -> Int = { [source] match in
                match > index.range.lowerBound && source[match - 1] == UInt8(ascii: "<") ? match - 1 : match
            }
            guard let match = search(bytes, index: index, preferredLine: reported, construct: construct) else { continue }
            let candidate = (construct: construct(match), destination: text == destination ? Optional(match) : nil,
                             onLine: fileLine(ofByte: construct(match)) == reported)
            if let current = best, current.onLine && !candidate.onLine
                || current.onLine == candidate.onLine && current.construct <= candidate.construct { continue }
            best = candidate
        }
        return best.map { ($0.construct, $0.destination) }
    }

    /// The first occurrence of `pattern` whose construct (`construct(match)`) is unused: on `preferredLine` if
    /// there is one, else the first in the block. Searched from where the block's previous construct was found,
    /// then, out of order, within the block's budget.
    ///
    /// An occurrence inside a code span is taken only when there is no other: a tag, an autolink or link syntax
    /// written in backticks is text, and cmark-gfm's line for what follows a code span over several lines is early
    /// (so the preferred line may hold the code span's copy of the syntax).
    private mutating func search(_ pattern: [UInt8], index: BlockIndex, preferredLine: Int,
                                 construct: (Int) -> Int, markdown: Bool = false) -> Int? {
        guard !pattern.isEmpty else { return nil }
        index.indexCodeSpans(source)
        if let chosen = search(pattern, index: index, preferredLine: preferredLine, construct: construct, inCode: false,
                               markdown: markdown) {
            return chosen
        }
        return index.hasCodeSpans
            ? search(pattern, index: index, preferredLine: preferredLine, construct: construct, inCode: true, markdown: markdown)
            : nil
    }

    /// `search`, taking occurrences inside code spans (`inCode`) or not.
    private mutating func search(_ pattern: [UInt8], index: BlockIndex, preferredLine: Int,
                                 construct: (Int) -> Int, inCode: Bool, markdown: Bool) -> Int? {
        let range = index.range
        let lineStart = min(max(lines.offset(line: preferredLine - firstLine + 1, column: 1), range.lowerBound), range.upperBound)
        let lineEnd = min(max(lines.offset(line: preferredLine - firstLine + 2, column: 1), range.lowerBound), range.upperBound)
        let used = self.used
        // Link syntax whose `[` or `!` is escaped is text, and never the construct looked for (which the scanner found
        // written as syntax): `\[t](my page)` before a real `[t](my page)` must not take its place. Nor is a `[` after
        // an image's `!` the start of a link (`![i](my page) \![i](my page)`: the link is the second).
        let escapable = markdown && (pattern[0] == UInt8(ascii: "[") || pattern[0] == UInt8(ascii: "!"))
        let bracket = pattern[0] == UInt8(ascii: "[")
        func isSyntax(_ match: Int) -> Bool {
            guard escapable, !isEscaped(match) else { return !escapable }
            return !(bracket && match > 0 && source[match - 1] == UInt8(ascii: "!") && !isEscaped(match - 1))
        }
        func firstUnused(_ from: Int, _ to: Int) -> Int? {
            var from = from
            while let match = index.find(pattern, in: source, from: from, to: to) {
                if !used.contains(construct(match)), inCode || !index.isInCodeSpan(match), isSyntax(match) { return match }
                from = match + 1
            }
            return nil
        }
        func onLine(_ match: Int) -> Bool { match >= lineStart && match < lineEnd }
        // In document order: forward from the previous find (or from the preferred line when that is further on).
        let start = max(lineStart, index.cursor)
        var chosen = firstUnused(start, range.upperBound)
        if chosen == nil || !onLine(chosen!) {
            // Out of order: the preferred line before the cursor, then the block from its first unused occurrence.
            if lineStart < start, let onPreferred = firstUnused(lineStart, min(start, lineEnd)) {
                chosen = onPreferred
            } else {
                // Every occurrence before `firstCandidate` is used (or, for the search outside code spans, in one).
                let known = (inCode ? nil : index.firstCandidate[pattern]) ?? range.lowerBound
                if let first = firstUnused(known, chosen ?? range.upperBound) { chosen = first }
                if let chosen, !inCode { index.firstCandidate[pattern] = chosen }
            }
        }
        if let chosen { index.cursor = chosen + 1 }
        return chosen
    }

    // MARK: Positions

    private mutating func blockIndex(_ blockLines: ClosedRange<Int>, code: OpaquePointer?) -> BlockIndex {
        let start = lines.offset(line: blockLines.lowerBound - firstLine + 1, column: 1)
        let end = min(lines.offset(line: blockLines.upperBound - firstLine + 2, column: 1), source.count)
        let range = start..<max(start, end)
        if let known = blocks[range.lowerBound], known.range == range { return known }
        let index = BlockIndex(range: range, code: code)
        blocks[range.lowerBound] = index
        return index
    }

    func fileLine(ofByte offset: Int) -> Int { lines.position(ofByte: offset).line + firstLine - 1 }

    private func filePosition(ofByte offset: Int) -> (line: Int, column: Int) {
        let position = lines.position(ofByte: offset)
        return (position.line + firstLine - 1, position.column)
    }
}

/// What is known of one block's source: its link constructs by destination, and where text was last found.
private final class BlockIndex {
    let range: Range<Int>
    /// `[text](destination)` constructs by destination (as written, and decoded when it has escapes or entities).
    private(set) var links: [String: Candidates] = [:]
    private(set) var images: [String: Candidates] = [:]
    /// The same for the constructs written inside code spans (shown as text, not links).
    private(set) var linksInCode: [String: Candidates] = [:]
    private(set) var imagesInCode: [String: Candidates] = [:]
    private var indexed = false
    /// The block's code spans (from the opening backticks to the end of the closing ones), in order; nil until
    /// `indexCodeSpans`.
    private var codeSpans: [Range<Int>]?
    /// Just after the last text found in the block.
    var cursor: Int
    /// For a searched text, an offset before which every occurrence is known to be used.
    var firstCandidate: [[UInt8]: Int] = [:]
    /// Bytes the block's searches may still compare: a few times the block's size, so that searches in document
    /// order never run out, and searches out of order cannot make a block quadratic.
    private var budget: Int

    /// The block's node in cmark-gfm's tree (a paragraph, heading or table), for the literals of its code spans.
    private let tree: OpaquePointer?
    /// Bytes `precedingRegion` may still read (see there).
    private var regionBudget: Int

    init(range: Range<Int>, code: OpaquePointer?) {
        self.range = range
        tree = code
        regionBudget = 8 * range.count + 65_536
        cursor = range.lowerBound
        budget = 8 * range.count + 65_536
    }

    /// The first occurrence of `pattern` starting in `from..<to` (and lying inside the block), or nil when there is
    /// none or the budget is spent.
    func find(_ pattern: [UInt8], in source: [UInt8], from: Int, to: Int) -> Int? {
        let last = min(to, range.upperBound - pattern.count + 1)
        guard from < last, budget > 0 else { return nil }
        return source.withUnsafeBufferPointer { bytes in
            pattern.withUnsafeBufferPointer { wanted in
                let base = bytes.baseAddress!
                var offset = from
                while offset < last, budget > 0 {
                    guard let hit = memchr(base + offset, Int32(wanted[0]), last - offset) else {
                        budget -= last - offset
                        return nil
                    }
                    let position = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    budget -= position - offset + wanted.count
                    if memcmp(base + position, wanted.baseAddress!, wanted.count) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
    }

    var hasCodeSpans: Bool { !(codeSpans ?? []).isEmpty }

    /// Whether byte `offset` is inside one of the block's code spans (`indexCodeSpans` first).
    func isInCodeSpan(_ offset: Int) -> Bool {
        guard let spans = codeSpans, !spans.isEmpty else { return false }
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < spans.count && spans[low].contains(offset)
    }

    /// Finds the block's code spans as CommonMark reads them: a run of backticks (the first of which a backslash may
    /// escape) opens one that the next run of the same length closes; a run without such a closer is text. One pass
    /// over the block, and a binary search per run.
    ///
    /// A backtick inside an HTML tag, a comment, an autolink or a link destination read before it opens nothing, as in
    /// cmark-gfm; the scan knows those only roughly, and knows nothing of a table's cells. So the spans are kept only
    /// when their contents are those of the block's code spans in cmark-gfm's tree (`TreeCollector.codeLiterals`,
    /// compared without white space, which cmark-gfm folds and the source's container prefixes add): where they
    /// differ, one stray backtick would have put a link's own syntax "in code" and a code span's copy of it outside,
    /// and the block is read with no spans, as before.
    func indexCodeSpans(_ source: [UInt8]) {
        guard codeSpans == nil else { return }
        var spans: [Range<Int>] = []
        defer {
            if !spans.isEmpty, !Self.same(spans, TreeCollector.codeLiterals(in: tree), in: source) { spans = [] }
            codeSpans = spans
        }
        let end = range.upperBound
        guard source.withUnsafeBufferPointer({ memchr($0.baseAddress! + range.lowerBound, Int32(UInt8(ascii: "`")), range.count) }) != nil
        else { return }
        var runs: [(start: Int, length: Int, escaped: Bool)] = []
        var at = range.lowerBound
        func run(from start: Int, escaped: Bool) {
            var after = start
            while after < end, source[after] == UInt8(ascii: "`") { after += 1 }
            runs.append((start, after - start, escaped))
            at = after
        }
        while at < end {
            let byte = source[at]
            if byte == UInt8(ascii: "\\") {
                if at + 1 < end, source[at + 1] == UInt8(ascii: "`") { run(from: at + 1, escaped: true) } else { at += 2 }
            } else if byte == UInt8(ascii: "`") {
                run(from: at, escaped: false)
            } else {
                at += 1
            }
        }
        // Each length's runs, by position in `runs`, for the closer look-up.
        var byLength: [Int: [Int]] = [:]
        for (position, found) in runs.enumerated() { byLength[found.length, default: []].append(position) }
        var position = 0
        // How far the tags, autolinks and link destinations have been read, left to right as cmark-gfm reads them:
        // a backtick inside one opens nothing (a closer is searched for in the raw text, as cmark-gfm does).
        var readTo = range.lowerBound
        while position < runs.count {
            let opener = runs[position]
            let length = opener.escaped ? opener.length - 1 : opener.length
            let start = opener.escaped ? opener.start + 1 : opener.start
            var inside = false
            while readTo < start {
                guard let region = precedingRegion(in: source, from: readTo, before: start) else {
                    readTo = start
                    break
                }
                readTo = region.upperBound
                if region.upperBound > start {
                    inside = true
                    break
                }
            }
            if inside {
                while position < runs.count, runs[position].start < readTo { position += 1 }
                continue
            }
            guard length > 0, let candidates = byLength[length] else {
                position += 1
                continue
            }
            var low = 0, high = candidates.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[middle] <= position { low = middle + 1 } else { high = middle }
            }
            guard low < candidates.count else {
                position += 1
                continue
            }
            let closer = runs[candidates[low]]
            spans.append(start..<(closer.start + closer.length))
            readTo = closer.start + closer.length
            position = candidates[low] + 1
        }
    }

    /// The first HTML tag, comment, autolink or link destination (`](…)`) that starts in `from..<before`, from its
    /// `<` or `]` to just after its end; nil when none does. Each is read at most 2,048 bytes far (one that runs
    /// longer counts as text), so that reading the block stays linear whatever it holds.
    private func precedingRegion(in source: [UInt8], from: Int, before: Int) -> Range<Int>? {
        let end = range.upperBound
        var at = from
        while at < before, regionBudget > 0 {
            let byte = source[at]
            guard byte == UInt8(ascii: "<") || byte == UInt8(ascii: "]"),
                  at == range.lowerBound || source[at - 1] != UInt8(ascii: "\\") else {
                at += 1
                continue
            }
            let limit = min(end, at + 2048)
            // What the reading of this candidate may cost: once the block's budget is spent (a hostile run of `<a "`),
            // no more regions are found, the spans differ from cmark-gfm's, and the block is read without them.
            regionBudget -= limit - at
            if byte == UInt8(ascii: "<"), at + 1 < limit {
                let next = source[at + 1]
                if next == UInt8(ascii: "!"), at + 3 < limit, source[at + 2] == UInt8(ascii: "-"), source[at + 3] == UInt8(ascii: "-") {
                    // A comment, to its `-->`.
                    var close = at + 4
                    while close + 2 < limit, !(source[close] == UInt8(ascii: "-") && source[close + 1] == UInt8(ascii: "-")
                                                 && source[close + 2] == UInt8(ascii: ">")) { close += 1 }
                    if close + 2 < limit { return at..<(close + 3) }
                } else if Self.isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    // A tag, a declaration or an autolink: to the first `>` outside quotes, never across a `<`.
                    var close = at + 1
                    var quote: UInt8 = 0
                    while close < limit {
                        let current = source[close]
                        if quote != 0 {
                            if current == quote { quote = 0 }
                        } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                            quote = current
                        } else if current == UInt8(ascii: ">") || current == UInt8(ascii: "<") {
                            break
                        }
                        close += 1
                    }
                    if close < limit, source[close] == UInt8(ascii: ">") { return at..<(close + 1) }
                }
            } else if byte == UInt8(ascii: "]"), at + 1 < limit, source[at + 1] == UInt8(ascii: "(") {
                // A link's destination and title, to the `)` that closes them.
                var close = at + 2
                var depth = 0
                var quote: UInt8 = 0
                while close < limit {
                    let current = source[close]
                    if current == UInt8(ascii: "\\") {
                        close += 2
                        continue
                    }
                    if quote != 0 {
                        if current == quote { quote = 0 }
                    } else if current == UInt8(ascii: "\"") {
                        quote = current
                    } else if current == UInt8(ascii: "(") {
                        depth += 1
                    } else if current == UInt8(ascii: ")") {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    close += 1
                }
                if close < limit { return at..<(close + 1) }
            }
            at += 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// Whether `spans` (each from its opening backticks to the end of its closing ones) hold the `literals`, in
    /// order, white space aside.
    private static func same(_ spans: [Range<Int>], _ literals: [[UInt8]], in source: [UInt8]) -> Bool {
        guard spans.count == literals.count else { return false }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        for (span, literal) in zip(spans, literals) {
            var start = span.lowerBound, end = span.upperBound
            while start < end, source[start] == UInt8(ascii: "`") { start += 1 }
            while end > start, source[end - 1] == UInt8(ascii: "`") { end -= 1 }
            guard source[start..<end].lazy.filter({ !isSpace($0) }).elementsEqual(literal.lazy.filter { !isSpace($0) }) else {
                return false
            }
        }
        return true
    }

    /// One pass over the block: brackets matched with a stack (an escaped one does not count), and for each `]`
    /// followed by `(`, the destination read as CommonMark reads it (`<...>`, or up to a space or an unbalanced `)`).
    /// A destination stops at the next `](` too, so that no byte is read for two constructs. Brackets inside a code
    /// span are matched among themselves, and its constructs kept apart (`linksInCode`, `imagesInCode`).
    func indexConstructs(_ source: [UInt8]) {
        guard !indexed else { return }
        indexed = true
        indexCodeSpans(source)
        let spans = codeSpans ?? []
        let start = range.lowerBound, end = range.upperBound
        func escaped(_ at: Int) -> Bool { at > start && source[at - 1] == UInt8(ascii: "\\") }
        var opens: [Int] = []
        var codeOpens: [Int] = []
        var span = 0  // the first code span that does not end before `at`
        var at = start
        while at < end {
            var inCode = false
            if !spans.isEmpty {
                while span < spans.count, spans[span].upperBound <= at {
                    span += 1
                    codeOpens.removeAll()
                }
                inCode = span < spans.count && spans[span].contains(at)
            }
            let byte = source[at]
            if byte == UInt8(ascii: "["), !escaped(at) {
                if inCode { codeOpens.append(at) } else { opens.append(at) }
            } else if byte == UInt8(ascii: "]"), !escaped(at), let open = inCode ? codeOpens.popLast() : opens.popLast(),
                      at + 1 < end, source[at + 1] == UInt8(ascii: "(") {
                let isImage = open > start && source[open - 1] == UInt8(ascii: "!")
                if let (text, textStart) = destination(after: at + 2, in: source) {
                    add(isImage ? open - 1 : open, text, textStart, isImage: isImage, inCode: inCode)
                }
            }
            at += 1
        }
        for list in links.values { list.sort() }
        for list in images.values { list.sort() }
        for list in linksInCode.values { list.sort() }
        for list in imagesInCode.values { list.sort() }
    }

    private func destination(after start: Int, in source: [UInt8]) -> (ArraySlice<UInt8>, Int)? {
        let end = range.upperBound
        guard start <= end else { return nil }
        if start < end, source[start] == UInt8(ascii: "<") {
            var at = start + 1
            while at < end, source[at] != UInt8(ascii: ">"), source[at] != UInt8(ascii: "<"), source[at] != 0x0A {
                at += source[at] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard at < end, source[at] == UInt8(ascii: ">") else { return nil }
            return (source[(start + 1)..<at], start + 1)
        }
        var at = start
        var depth = 0
        scan: while at < end {
            switch source[at] {
            case 0...0x20, 0x7F: break scan
            case UInt8(ascii: "\\"): at += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                if depth == 0 { break scan }
                depth -= 1
            case UInt8(ascii: "]") where at + 1 < end && source[at + 1] == UInt8(ascii: "("): break scan
            default: break
            }
            at += 1
        }
        return (source[start..<min(at, end)], start)
    }

    private func add(_ construct: Int, _ text: ArraySlice<UInt8>, _ textStart: Int, isImage: Bool, inCode: Bool) {
        let written = String(decoding: text, as: UTF8.self)
        var keys = [written]
        // cmark-gfm gives the destination with entities and backslash escapes decoded; the verbatim position of
        // the destination text is then unknown.
        if text.contains(UInt8(ascii: "&")) || text.contains(UInt8(ascii: "\\")) {
            let decoded = Self.unescaped(HTMLAttributeScanner.decodeEntities(written))
            if decoded != written { keys.append(decoded) }
        }
        for (number, key) in keys.enumerated() {
            let list: Candidates
            switch (isImage, inCode) {
            case (true, false): list = Self.candidates(&images, key)
            case (false, false): list = Self.candidates(&links, key)
            case (true, true): list = Self.candidates(&imagesInCode, key)
            case (false, true): list = Self.candidates(&linksInCode, key)
            }
            list.append(construct, number == 0 ? textStart : nil)
        }
    }

    private static func candidates(_ table: inout [String: Candidates], _ key: String) -> Candidates {
        if let existing = table[key] { return existing }
        let list = Candidates()
        table[key] = list
        return list
    }

    /// Backslash escapes of ASCII punctuation removed, as CommonMark does in destinations.
    private static func unescaped(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "\\"), let next = iterator.next() {
                let isPunctuation = (0x21...0x2F).contains(next) || (0x3A...0x40).contains(next)
                    || (0x5B...0x60).contains(next) || (0x7B...0x7E).contains(next)
                if !isPunctuation { bytes.append(byte) }
                bytes.append(next)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The constructs written with one destination, by offset, and which of them are taken. `firstUnused` skips the
/// taken ones through a path-compressed "next" table, so a run of repeated destinations costs linear time.
private final class Candidates {
    private(set) var constructs: [Int] = []
    private(set) var destinations: [Int?] = []
    private var next: [Int] = []

    func append(_ construct: Int, _ destination: Int?) {
        constructs.append(construct)
        destinations.append(destination)
    }

    func sort() {
        if !constructs.indices.dropFirst().allSatisfy({ constructs[$0 - 1] <= constructs[$0] }) {
            let order = constructs.indices.sorted { constructs[$0] < constructs[$1] }
            constructs = order.map { constructs[$0] }
            destinations = order.map { destinations[$0] }
        }
        next = Array(0...constructs.count)
    }

    /// Index of the first construct at or after `offset`.
    func firstIndex(atOrAfter offset: Int) -> Int {
        var low = 0, high = constructs.count
        while low < high {
            let mid = (low + high) / 2
            if constructs[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index at or after `start` that is neither taken here nor used by another construct.
    func firstUnused(from start: Int, skipping used: OffsetSet) -> Int? {
        var at = root(start)
        while at < constructs.count, used.contains(constructs[at]) {
            markUsed(at)
            at = root(at)
        }
        return at < constructs.count ? at : nil
    }

    func markUsed(_ index: Int) { next[index] = index + 1 }

    private func root(_ index: Int) -> Int {
        var top = index
        while next[top] != top { top = next[top] }
        var at = index
        while next[at] != top {
            let following = next[at]
            next[at] = top
            at = following
        }
        return top
    }
}

/// A set of byte offsets of one source, as bits.
private struct OffsetSet {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: count / 64 + 1) }

    func contains(_ offset: Int) -> Bool {
        offset >= 0 && offset / 64 < words.count && words[offset / 64] & (1 << UInt64(offset % 64)) != 0
    }

    mutating func insert(_ offset: Int) {
        guard offset >= 0, offset / 64 < words.count else { return }
        words[offset / 64] |= 1 << UInt64(offset % 64)
    }
}
