#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers for mapping between byte offsets and line/column positions in UTF-8 source text.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts (line 1 at index 0).
    public let lineStarts: [Int]
    /// Total number of bytes.
    public let byteCount: Int

    /// The line starts found with memchr: every article's source is indexed.
    public init(_ bytes: [UInt8]) {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let hit = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                starts.append(offset)
            }
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
