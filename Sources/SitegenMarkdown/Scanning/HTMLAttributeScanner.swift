/// Finds the attributes of the tags in a piece of raw HTML (an HTML block or inline tag of an article).
///
/// Hand-written because none of the packages we may depend on parses HTML, and articles need only this much:
/// tag names, attribute names and values with their byte offsets, comments skipped. It never fails: text that
/// is not a tag is passed over.
public struct HTMLAttributeScanner {
    /// One attribute of one tag.
    public struct Attribute: Equatable, Sendable {
        /// Lowercased tag name (`a`, `img`).
        public var tag: String
        /// Lowercased attribute name (`href`).
        public var name: String
        /// The value as written (entities not decoded).
        public var rawValue: String
        /// Byte offset of the value's first byte in the scanned text.
        public var valueOffset: Int
    }

    public static func attributes(in html: String) -> [Attribute] {
        attributes(inBytes: Array(html.utf8)[...])
    }

    /// The attributes of the tags in UTF-8 bytes; offsets count from the slice's start.
    public static func attributes(inBytes slice: ArraySlice<UInt8>) -> [Attribute] {
        let bytes = Array(slice)
        var result: [Attribute] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        func isNameByte(_ byte: UInt8) -> Bool {
            !isSpace(byte) && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "=")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "<")
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if bytes[index...].starts(with: "<!--".utf8) {
                // Skip the comment.
                var end = index + 4
                while end < bytes.count, !bytes[end...].starts(with: "-->".utf8) { end += 1 }
                index = end + 3
                continue
            }
            index += 1
            guard index < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index] | 0x20) else { continue }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let tag = text(nameStart..<index).lowercased()
            // Attributes until `>`.
            while index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "<") {
                if isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let attributeStart = index
                while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                if index == attributeStart { index += 1; continue }
                let name = text(attributeStart..<index).lowercased()
                var look = index
                while look < bytes.count, isSpace(bytes[look]) { look += 1 }
                guard look < bytes.count, bytes[look] == UInt8(ascii: "=") else { continue }
                look += 1
                while look < bytes.count, isSpace(bytes[look]) { look += 1 }
                guard look < bytes.count else { index = look; break }
                let quote = bytes[look]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = look + 1
                    var valueEnd = valueStart
                    while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                    result.append(Attribute(tag: tag, name: name, rawValue: text(valueStart..<valueEnd), valueOffset: valueStart))
                    index = min(valueEnd + 1, bytes.count)
                } else {
                    let valueStart = look
                    var valueEnd = valueStart
                    while valueEnd < bytes.count, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                    result.append(Attribute(tag: tag, name: name, rawValue: text(valueStart..<valueEnd), valueOffset: valueStart))
                    index = valueEnd
                }
            }
        }
        return result
    }

    /// Decodes the character references that occur in URLs (`&amp;`, `&quot;`, `&#39;`, `&#x2F;`, ...).
    public static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var result = ""
        var rest = Substring(value)
        let named = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": "\u{A0}"]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semicolon])
                var replacement: String?
                if let text = named[name] {
                    replacement = text
                } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                }
                if let replacement {
                    result += replacement
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        return result + rest
    }
}
