#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The size of the GFM tables in a Markdown text, found before cmark-gfm parses it.
///
/// cmark-gfm's table extension fills every row up to the delimiter row's column count and keeps a node per cell:
/// a 262 KB table whose delimiter row has thousands of columns took 2 GB in the library, and its row parsing grows
/// with the square of the columns. Hand-written because the library offers no limit; a scan of the lines, linear in
/// the text, that may overestimate (it counts every non-blank line after a delimiter row as a row) but never misses a
/// table.
public enum TableExtent {
    /// A table over a limit: where its delimiter row is (1-based line of the text) and its size.
    public struct Oversized: Equatable, Sendable {
        public let line: Int
        public let columns: Int
        public let rows: Int

        public var cells: Int { columns * rows }
    }

    /// Most columns a table may have, whatever its cells: the library's time grows with their square.
    public static let maximumColumns = 1_000

    /// The first table of `text` with more than `maximumCells` cells (rows × columns, the header included) or more
    /// than `maximumColumns` columns, or nil.
    public static func firstOversized(in text: String, maximumCells: Int) -> Oversized? {
        var text = text
        return text.withUTF8 { bytes -> Oversized? in
            // A delimiter row needs a '|' or a ':' (a line of dashes alone is a thematic break or a heading's
            // underline), and most articles have no table: one library search for the bytes decides.
            guard let base = bytes.baseAddress else { return nil }
            let hasPipe = memchr(base, 0x7C, bytes.count) != nil
            guard hasPipe || memchr(base, 0x3A, bytes.count) != nil else { return nil }
            var line = 0
            var start = 0
            /// The open table: its delimiter row's line and column count, and its rows so far.
            var open: (line: Int, columns: Int, rows: Int)?
            while start <= bytes.count {
                var end = bytes.count
                if start < bytes.count, let newline = memchr(base + start, 0x0A, bytes.count - start) {
                    end = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - base
                }
                line += 1
                let blank = isBlank(bytes, start, end)
                if var table = open {
                    if blank {
                        open = nil
                    } else {
                        table.rows += 1
                        open = table
                        if table.rows * table.columns > maximumCells {
                            return Oversized(line: table.line, columns: table.columns, rows: table.rows)
                        }
                    }
                } else if let columns = delimiterColumns(bytes, start, end) {
                    // The header row above and the delimiter row itself.
                    let table = (line: line, columns: columns, rows: 2)
                    if columns > maximumColumns || table.rows * columns > maximumCells {
                        return Oversized(line: line, columns: columns, rows: table.rows)
                    }
                    open = table
                }
                start = end + 1
            }
            return nil
        }
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte != 0x20, byte != 0x09, byte != 0x0D { return false }
            index += 1
        }
        return true
    }

    /// The number of cells of a GFM delimiter row (`| --- | :-: |`, `---|---`), or nil when the line is not one.
    private static func delimiterColumns(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var pipes = 0, dashes = 0, cells = 0
        var inCell = false
        var first: UInt8?
        var index = start
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "|"):
                pipes += 1
                if inCell { cells += 1 }
                inCell = false
            case UInt8(ascii: "-"), UInt8(ascii: ":"):
                if byte == UInt8(ascii: "-") { dashes += 1 }
                inCell = true
            case 0x20, 0x09, 0x0D:
                index += 1
                continue
            default:
                return nil
            }
            if first == nil { first = byte }
            index += 1
        }
        if inCell { cells += 1 }
        // A thematic break (`---`) or a setext underline has no pipe.
        guard dashes > 0, pipes > 0 || cells > 1, first != nil else { return nil }
        return max(cells, 1)
    }
}
