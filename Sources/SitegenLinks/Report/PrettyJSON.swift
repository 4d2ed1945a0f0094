import Foundation
import SitegenCore

/// JSON written as bytes, laid out as `JSONEncoder` lays it out with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` (two spaces per level, `"key" : value`, an empty container as `[` or `{`, a blank
/// line, and its close), and with DEL and the C1 controls escaped as `ReportText.escapingControls` does. For
/// reports with one entry per finding: `JSONEncoder` builds the whole document as values first, which for a SARIF
/// log of 80,000 findings cost 2 s and some hundreds of megabytes. The caller writes keys in sorted order.
struct PrettyJSON {
    private(set) var bytes: [UInt8] = []
    /// Per open container: whether it has no entry yet.
    private var empty: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object's next key; its value follows.
    mutating func key(_ name: StaticString) {
        newEntry()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: "\" : ".utf8)
        afterKey = true
    }

    /// A string. Runs of bytes that need no escape are copied at once: a report writes every finding's message,
    /// file and destination through here.
    mutating func string(_ text: String) {
        valueStarts()
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0  // the start of the bytes not yet copied
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                // A C1 control (U+0080–U+009F) is C2 80–C2 9F in UTF-8; its scalar is the second byte.
                let c1 = byte == 0xC2 && index + 1 < utf8.count && utf8[index + 1] < 0xA0
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || c1 else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                if c1 {
                    escape(UInt32(utf8[index + 1]), digits: Self.upperHex)
                    index += 2
                } else {
                    switch byte {
                    case 0x22: bytes += [0x5C, 0x22]
                    case 0x5C: bytes += [0x5C, 0x5C]
                    case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                    case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
                    case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
                    case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
                    case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
                    case 0x7F: escape(0x7F, digits: Self.upperHex)
                    default: escape(UInt32(byte), digits: Self.lowerHex)
                    }
                    index += 1
                }
                run = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        valueStarts()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A value as `JSONEncoder` and `ReportText` write it, indented to where it goes: for the small parts of a
    /// report whose types define their own keys (a summary's counts), written once.
    mutating func encoded(_ value: some Encodable) {
        valueStarts()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        let text = ReportText.escapingControls(inJSON: String(decoding: data, as: UTF8.self))
        // Each line but a blank one (an empty container's) indented by the depth it is written at.
        let indentation = 2 * empty.count
        var lineStarts = false
        for byte in text.utf8 {
            if lineStarts, byte != 0x0A { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentation)) }
            bytes.append(byte)
            lineStarts = byte == 0x0A
        }
    }

    /// The line feed that ends a document.
    mutating func newline() { bytes.append(0x0A) }

    /// Hands what is written so far to `sink` once it is at least `size` bytes (`ByteChunks.flush`): a report calls
    /// it between findings with `ByteChunks.size`, and with 0 at its end. The layout never looks back at what was
    /// written.
    mutating func flush(ifAtLeast size: Int, to sink: ByteChunks.Sink) {
        ByteChunks.flush(&bytes, ifAtLeast: size, to: sink)
    }

    /// `key` and `string` at once.
    mutating func field(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    /// `key` and `int` at once.
    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    private static let lowerHex = Array("0123456789abcdef".utf8), upperHex = Array("0123456789ABCDEF".utf8)

    private mutating func escape(_ value: UInt32, digits: [UInt8]) {
        bytes += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(value >> 4)], digits[Int(value & 0xF)]]
    }

    private mutating func open(_ bracket: UInt8) {
        valueStarts()
        bytes.append(bracket)
        empty.append(true)
    }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = empty.removeLast()
        bytes.append(0x0A)
        if wasEmpty { bytes.append(0x0A) }
        indent()
        bytes.append(bracket)
    }

    /// Before a value: nothing after a key; in an array, the separator and the indentation of a new entry.
    private mutating func valueStarts() {
        if afterKey {
            afterKey = false
        } else if !empty.isEmpty {
            newEntry()
        }
    }

    private mutating func newEntry() {
        if empty[empty.count - 1] {
            empty[empty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(0x0A)
        indent()
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * empty.count))
    }
}
