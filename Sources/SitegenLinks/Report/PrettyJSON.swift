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

    mutating func string(_ text: String) {
        valueStarts()
        bytes.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
            case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
            case 0x00..<0x20: escape(scalar.value, digits: Self.lowerHex)
            case 0x7F...0x9F: escape(scalar.value, digits: Self.upperHex)
            case 0x00..<0x80: bytes.append(UInt8(scalar.value))
            default: bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        valueStarts()
        bytes.append(contentsOf: String(value).utf8)
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
