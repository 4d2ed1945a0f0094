#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text saved as UTF-16 (Windows Notepad's "Unicode", some Word and Excel exports): found by its byte order mark,
/// or, without one, by the zero byte every ASCII character has in one half of its two bytes, and read as UTF-8.
///
/// Written by hand: Swift decodes UTF-16 code units (`String(decoding:as: UTF16.self)`), but says nothing about
/// whether bytes are UTF-16 at all, and no package the project may use does.
public struct UTF16Text: Sendable, Equatable {
    /// The text as UTF-8, without the byte order mark; an unpaired surrogate is U+FFFD.
    public let utf8: [UInt8]
    public let bigEndian: Bool
    public let hasByteOrderMark: Bool

    /// The bytes read as UTF-16, or nil when they are not UTF-16 text: an odd count, a UTF-32 byte order mark, or
    /// neither a UTF-16 byte order mark nor the zero bytes of UTF-16 in the first 1,024 bytes (at least half of
    /// the two-byte units with a zero in the same half, and at most an eighth as many in the other: U+0100 or an
    /// emoji's second surrogate has a zero in its other half). Bytes without a zero byte and
    /// without a byte order mark are answered with one `memchr`.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 2, bytes.count % 2 == 0 else { return nil }
        let bigEndian: Bool
        let hasByteOrderMark: Bool
        if bytes[0] == 0xFF, bytes[1] == 0xFE {
            // FF FE 00 00 is UTF-32's little-endian mark.
            guard bytes.count < 4 || bytes[2] != 0 || bytes[3] != 0 else { return nil }
            (bigEndian, hasByteOrderMark) = (false, true)
        } else if bytes[0] == 0xFE, bytes[1] == 0xFF {
            (bigEndian, hasByteOrderMark) = (true, true)
        } else {
            guard bytes.withUnsafeBufferPointer({ memchr($0.baseAddress!, 0, $0.count) }) != nil else { return nil }
            var zeroFirst = 0, zeroSecond = 0
            let units = min(bytes.count, 1024) / 2
            for unit in 0..<units {
                if bytes[2 * unit] == 0 { zeroFirst += 1 }
                if bytes[2 * unit + 1] == 0 { zeroSecond += 1 }
            }
            if zeroSecond * 2 >= units, zeroFirst * 8 <= zeroSecond {
                bigEndian = false
            } else if zeroFirst * 2 >= units, zeroSecond * 8 <= zeroFirst {
                bigEndian = true
            } else {
                return nil
            }
            hasByteOrderMark = false
        }
        var units = [UInt16](repeating: 0, count: bytes.count / 2 - (hasByteOrderMark ? 1 : 0))
        let first = hasByteOrderMark ? 2 : 0
        for index in units.indices {
            let high = bytes[first + 2 * index + (bigEndian ? 0 : 1)], low = bytes[first + 2 * index + (bigEndian ? 1 : 0)]
            units[index] = UInt16(high) << 8 | UInt16(low)
        }
        self.utf8 = Array(String(decoding: units, as: UTF16.self).utf8)
        self.bigEndian = bigEndian
        self.hasByteOrderMark = hasByteOrderMark
    }

    /// How the file is written, for a message: `UTF-16 (little-endian, with a byte order mark)`.
    public var name: String {
        "UTF-16 (\(bigEndian ? "big" : "little")-endian, \(hasByteOrderMark ? "with a" : "without a") byte order mark)"
    }
}
