/// A set of keywords, looked up straight from the code's bytes: each word is packed into three integers, so a
/// look-up makes no String (there is one for every word of every highlighted block).
struct WordSet: Sendable {
    private struct Key: Hashable, Sendable {
        var parts: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var length = 0

        static func == (a: Key, b: Key) -> Bool {
            a.length == b.length && a.parts.0 == b.parts.0 && a.parts.1 == b.parts.1 && a.parts.2 == b.parts.2
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(parts.0)
            hasher.combine(parts.1)
            hasher.combine(parts.2)
        }
    }

    /// The longest word a set can hold.
    private static let capacity = 24
    private let words: Set<Key>
    let caseInsensitive: Bool

    init(_ words: [String], caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.words = Set(words.map { word in
            let bytes = Array(word.utf8)
            precondition(bytes.count <= Self.capacity, "keyword longer than WordSet holds: \(word)")
            return bytes.withUnsafeBufferPointer { Self.key($0, caseInsensitive: caseInsensitive)! }
        })
    }

    /// Whether the bytes of `range` in `source` are one of the words.
    func contains(_ source: Source, _ range: Range<Int>) -> Bool {
        guard range.count > 0, range.count <= Self.capacity, range.upperBound <= source.count,
              let key = Self.key(UnsafeBufferPointer(rebasing: source.bytes[range]), caseInsensitive: caseInsensitive)
        else { return false }
        return words.contains(key)
    }

    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) -> Key? {
        guard bytes.count <= capacity else { return nil }
        var key = Key()
        key.length = bytes.count
        for (offset, raw) in bytes.enumerated() {
            let byte = UInt64(caseInsensitive ? Byte.lowercased(raw) : raw) << UInt64(offset % 8 * 8)
            switch offset / 8 {
            case 0: key.parts.0 |= byte
            case 1: key.parts.1 |= byte
            default: key.parts.2 |= byte
            }
        }
        return key
    }
}
