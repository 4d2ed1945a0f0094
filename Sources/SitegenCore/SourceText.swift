#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Helpers for mapping between byte offsets and line/column positions in UTF-8 source text.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts (line 1 at index 0).
    public let lineStarts: [Int]
    /// Total number of bytes.
    public let byteCount: Int

    /// The line starts found with memchr: every article's source is indexed. A line ends with `\n`, or with a `\r`
    /// that no `\n` follows (classic Mac OS line ends, CR CR LF), as Markdown, YAML and editors count lines; the
    /// articles are read with those made `\n` (`ArticleLoader`), and this counts the file's own bytes the same way.
    public init(_ bytes: [UInt8]) {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Each byte after `byte`, found with memchr.
            func after(_ byte: UInt8) -> [Int] {
                var found: [Int] = []
                var offset = 0
                while offset < buffer.count, let hit = memchr(base + offset, Int32(byte), buffer.count - offset) {
                    offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                    found.append(offset)
                }
                return found
            }
            starts += after(0x0A)
            // Lone carriage returns are rare, and a CRLF file has a CR on every line: each CR is found with memchr
            // too, and the lines are merged only when one has no LF after it.
            guard memchr(base, 0x0D, buffer.count) != nil else { return }
            let lone = after(0x0D).filter { $0 == buffer.count || buffer[$0] != 0x0A }
            if !lone.isEmpty { starts = (starts + lone).sorted() }
        }
        self.lineStarts = starts
        self.byteCount = bytes.count
    }

    /// 1-based line and UTF-8 column of a byte offset.
    public func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// Byte offset of a 1-based line and UTF-8 column, clamped to the text.
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return byteCount }
        return min(lineStarts[line - 1] + max(column, 1) - 1, byteCount)
    }
}

/// A source file's bytes and where each of its lines starts, read once, for the places that show a finding's
/// source line or count its column in characters (the terminal, the reports, the preview's panels). Lines are
/// found through the index, never by splitting the text into Characters, which cost seconds for thousands of
/// findings.
public struct SourceLines: Sendable {
    public let bytes: [UInt8]
    public let lines: LineIndex

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        lines = LineIndex(bytes)
    }

    /// The file at `path`, or nil when it cannot be read or is not inside `boundary` (a finding's line is never
    /// shown from a file swapped for a link to outside the site since it was read).
    /// A file saved as UTF-16 is read as UTF-8 (`UTF16Text`), as its article was, so that its lines are those the
    /// findings count.
    public init?(contentsOf path: String, within boundary: SiteBoundary) {
        guard let bytes = try? boundary.read(path) else { return nil }
        self.init(UTF16Text(bytes)?.utf8 ?? bytes)
    }

    /// Line `number` (1-based) without its line end (`\n`, and a `\r` before it; or a `\r` alone), or nil past the end.
    public func line(_ number: Int) -> ArraySlice<UInt8>? {
        let starts = lines.lineStarts
        guard number >= 1, number <= starts.count else { return nil }
        let start = starts[number - 1]
        var end = number < starts.count ? starts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    /// Line `number` as text (invalid UTF-8 shown as U+FFFD), or nil past the end.

    /// The 1-based column in Unicode scalars of a 1-based UTF-8 byte column on line `number`.
    public func scalarColumn(line number: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1, let text = line(number) else { return byteColumn }
        return Self.scalarColumn(of: text, byteColumn: byteColumn)
    }

    /// The 1-based column in Unicode scalars of a 1-based UTF-8 byte column on a line of `text`.
    public static func scalarColumn(of text: some Collection<UInt8>, byteColumn: Int) -> Int {
        text.prefix(byteColumn - 1).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
    }
}
