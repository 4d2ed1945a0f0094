#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SitegenCore

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

    /// The attributes of the tags in UTF-8 bytes; offsets count from the slice's start. With `names` (lowercase),
    /// only attributes of those names are returned, and no text is made for the others (the build scans every
    /// rendered page's theme part for `href` and `src`).
    public static func attributes(inBytes bytes: ArraySlice<UInt8>, named names: [String]? = nil) -> [Attribute] {
        // Over the bytes' buffer: the slice's checked subscript and its sub-slices were most of the time of scanning
        // each rendered page's theme part.
        bytes.withUnsafeBufferPointer { attributes(inBuffer: $0, named: names) }
    }

    private static func attributes(inBuffer bytes: UnsafeBufferPointer<UInt8>, named names: [String]?) -> [Attribute] {
        var result: [Attribute] = []
        let end = bytes.count
        let base = 0
        var index = base
        let wanted = names?.map { Array($0.utf8) }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        func isNameByte(_ byte: UInt8) -> Bool {
            !isSpace(byte) && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "=")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "<")
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func isWanted(_ range: Range<Int>) -> Bool {
            guard let wanted else { return true }
            return wanted.contains { name in
                name.count == range.count && zip(name, bytes[range]).allSatisfy { $0 == $1.asciiLowercased }
            }
        }

        while index < end {
            guard let hit = memchr(bytes.baseAddress! + index, Int32(UInt8(ascii: "<")), end - index) else { break }
            index = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
            if index + 3 < end, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-"),
               bytes[index + 3] == UInt8(ascii: "-") {
                // Skip the comment.
                var close = index + 4
                while close < end, !(close + 2 < end && bytes[close] == UInt8(ascii: "-")
                                     && bytes[close + 1] == UInt8(ascii: "-") && bytes[close + 2] == UInt8(ascii: ">")) {
                    close += 1
                }
                index = close + 3
                continue
            }
            index += 1
            guard index < end, bytes[index].isASCIILetter else { continue }
            let nameStart = index
            while index < end, isNameByte(bytes[index]) { index += 1 }
            let tagRange = nameStart..<index
            var tag: String?
            // Attributes until `>`.
            while index < end, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "<") {
                if isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let attributeStart = index
                while index < end, isNameByte(bytes[index]) { index += 1 }
                if index == attributeStart { index += 1; continue }
                let nameRange = attributeStart..<index
                var look = index
                while look < end, isSpace(bytes[look]) { look += 1 }
                guard look < end, bytes[look] == UInt8(ascii: "=") else { continue }
                look += 1
                while look < end, isSpace(bytes[look]) { look += 1 }
                guard look < end else { index = look; break }
                let quote = bytes[look]
                let valueRange: Range<Int>
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = look + 1
                    let valueEnd = bytes[valueStart...].firstIndex(of: quote) ?? end
                    valueRange = valueStart..<valueEnd
                    index = min(valueEnd + 1, end)
                } else {
                    let valueStart = look
                    var valueEnd = valueStart
                    while valueEnd < end, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                    valueRange = valueStart..<valueEnd
                    index = valueEnd
                }
                guard isWanted(nameRange) else { continue }
                if tag == nil { tag = text(tagRange).lowercased() }
                result.append(Attribute(tag: tag!, name: text(nameRange).lowercased(), rawValue: text(valueRange),
                                        valueOffset: valueRange.lowerBound - base))
            }
        }
        return result
    }

    /// Decodes the character references that occur in URLs (`&amp;`, `&quot;`, `&#39;`, `&#x2F;`, ...).
    public static func decodeEntities(_ value: String) -> String {
        guard value.containsByte(UInt8(ascii: "&")) else { return value }
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
