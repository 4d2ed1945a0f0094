import Foundation

/// Compact JSON, written directly, for files that are large and whose shape is fixed (the search index, the URL
/// list): a `Codable` encoding builds the whole document as values first, and of arrays of mixed values would need
/// wrapper types. Runs of bytes are appended at once rather than byte by byte. The caller writes the punctuation
/// (`raw`) and keys in the order it wants; strings escape `"`, `\`, a line feed as `\n` and other controls
/// below U+0020 as `\u00XX`.
package struct JSONWriter {
    package var bytes: [UInt8] = []

    package init() {}

    package mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package mutating func text(_ text: String) { bytes += text.utf8 }

    package mutating func int(_ value: Int) {
        // Digits written directly: the index has a number per posting, and a String per number was most of its cost.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var start = 21
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    package mutating func string(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var run = 0  // the start of the bytes not yet written, which need no escape
            // Eight bytes at a time up to the first that may need an escape (most strings have none): a word with
            // no `"`, no `\\` and no control byte is written as it is.
            var start = 0
            if let base = utf8.baseAddress {
                let raw = UnsafeRawPointer(base)
                while start + 8 <= utf8.count, !Self.mayNeedEscape(raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)) {
                    start += 8
                }
            }
            for index in start..<utf8.count {
                let byte = utf8[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes += [0x5C, 0x22]
                case UInt8(ascii: "\\"): bytes += [0x5C, 0x5C]
                case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                default: bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]]
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the 8 bytes in `word` is `"`, `\\` or below U+0020 (it may say so of a word that has none, never
    /// the other way): the bit tricks that find a zero byte, on the word XOR each character, and on the word less 0x20.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        return hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || (word &- ones &* 0x20) & ~word & highs != 0
    }

    /// A JSON array: `[`, each element written by `element` with commas between, `]`.
    package mutating func array<Elements: Sequence>(_ elements: Elements,
                                                    _ element: (inout JSONWriter, Elements.Element) -> Void) {
        raw("[")
        var first = true
        for item in elements {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw("]")
    }

    /// A JSON array of strings.
    package mutating func strings(_ elements: some Sequence<String>) {
        array(elements) { $0.string($1) }
    }

    /// A JSON array of numbers.
    package mutating func ints(_ elements: some Sequence<Int>) {
        array(elements) { $0.int($1) }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
