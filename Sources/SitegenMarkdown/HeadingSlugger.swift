/// Makes GitHub-style heading ids, unique within one page.
///
/// GitHub lowercases the text, drops every character that is not a letter, digit, space, `-` or `_`,
/// turns spaces into `-`, and appends `-1`, `-2`, ... to repeats. Hand-written: no listed library does this.
public struct HeadingSlugger: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    /// The id for a heading with this text.
    public mutating func slug(for text: String) -> String {
        var base = Self.baseSlug(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        if let count = used[base] {
            var next = count
            repeat {
                next += 1
                candidate = "\(base)-\(next)"
            } while used[candidate] != nil
            used[base] = next
        }
        used[candidate] = used[candidate] ?? 0
        return candidate
    }

    /// The slug before de-duplication.
    public static func baseSlug(_ text: String) -> String {
        if let ascii = text.utf8.withContiguousStorageIfAvailable(asciiSlug) ?? asciiSlug(Array(text.utf8)) {
            return ascii
        }
        var result = ""
        for character in text.lowercased() {
            if character == " " {
                result.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                result.append(character)
            }
        }
        return result
    }

    /// ASCII text (most headings), byte by byte over the string's buffer: the same result without Unicode property
    /// lookups. Nil when the text is not ASCII.
    private static func asciiSlug(_ text: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        for byte in text {
            switch byte {
            case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"): bytes.append(byte)
            case 0x80...: return nil
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
