/// A URL path on the built site, always absolute and percent-encoded as it appears in `href`s (e.g. `/how-to/x/`).
public struct SitePath: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The path, starting with `/`.
    public let value: String

    /// Wraps a path that already starts with `/`; callers validate the characters (see `SitePath.isValidPathText`).
    public init(_ value: String) {
        precondition(value.hasPrefix("/"), "SitePath must start with /")
        self.value = value
    }

    public var description: String { value }

    public static func < (lhs: SitePath, rhs: SitePath) -> Bool { lhs.value < rhs.value }

    /// True when the path names a folder (`/x/`), which is written as `x/index.html`.
    public var isDirectory: Bool { value.hasSuffix("/") }

    /// The file the path is written to, relative to the output folder, with percent-escapes decoded
    /// (`/how-to/a%20b/` → `how-to/a b/index.html`). Nil when a segment is `.` or `..` or decodes to a `/`.
    public var outputRelativePath: String? {
        // Nearly every path has no escapes and no empty, `.` or `..` segments: its file is the path as written
        // (this runs twice per article; splitting and decoding each segment is wasted on it).
        let utf8 = value.utf8
        if !value.containsUTF8Byte(where: { $0 == UInt8(ascii: "%") || $0 == 0 }), !Self.hasDotSegment(utf8.dropFirst(), countingEmpty: true) {
            let relative = String(value.dropFirst())
            return isDirectory ? relative + "index.html" : relative
        }
        return decodedOutputRelativePath
    }

    /// `outputRelativePath`, segment by segment.
    var decodedOutputRelativePath: String? {
        var segments: [String] = []
        for raw in value.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncodingStrict, !decoded.isEmpty,
                  decoded != ".", decoded != "..",
                  !decoded.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == 0 })
            else { return nil }
            segments.append(decoded)
        }
        if isDirectory { segments.append("index.html") }
        if segments.isEmpty { return nil }
        return segments.joined(separator: "/")
    }

    /// Whether the `/`-separated segments of `path` include a `.` or `..` one, or, `countingEmpty`, an empty one
    /// (`a//b`; the segment after a last `/` never counts). Byte by byte: link resolution, output paths and
    /// permalink checks ask this of every link and article.
    public static func hasDotSegment(_ path: Substring.UTF8View, countingEmpty: Bool) -> Bool {
        // Over the contiguous bytes when the string is native: the view's own iteration costs far more a byte.
        path.withContiguousStorageIfAvailable { hasDotSegment(inBytes: $0, countingEmpty: countingEmpty) }
            ?? hasDotSegment(inBytes: path, countingEmpty: countingEmpty)
    }

    @inline(__always)
    private static func hasDotSegment(inBytes path: some Sequence<UInt8>, countingEmpty: Bool) -> Bool {
        var length = 0
        var dots = 0
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if length == 0 ? countingEmpty : (dots == length && dots <= 2) { return true }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && dots == length && dots <= 2
    }

    /// Whether `text` may be used as (part of) a URL path: no whitespace, control characters, backslashes,
    /// `?`, `#`, `"`, `<`, `>`, and every `%` starts a valid escape.
    public static func isValidPathText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0..<0x21, 0x7F, UInt8(ascii: "\\"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\""),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"):
                return false
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count,
                      bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit
                else { return false }
                index += 3
                continue
            default:
                break
            }
            index += 1
        }
        return true
    }

    /// Percent-encodes everything outside the RFC 3986 path characters, `%` included: for file names taken
    /// literally from disk (`Screen%20Shot.png` is a file whose name contains `%20`).
    public static func encodeFileName(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if byte.isUnreservedOrSubDelimiterOrSlash, byte != UInt8(ascii: "%") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// Percent-encodes everything outside the RFC 3986 path characters, leaving existing escapes alone.
    public static func encodePathText(_ text: String) -> String {
        // Nearly every path needs no escape and is returned as it is; the others are built as bytes (appending
        // scalar by scalar to a String costs far more).
        guard text.containsUTF8Byte(where: { !$0.isUnreservedOrSubDelimiterOrSlash }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte.isUnreservedOrSubDelimiterOrSlash {
                result.append(byte)
            } else {
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }

    var isUnreservedOrSubDelimiterOrSlash: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    /// Decodes percent-escapes byte by byte; nil when an escape is malformed or the result is not UTF-8.
    /// Hand-written because Foundation's `removingPercentEncoding` differs between platforms on malformed input.
    public var removingPercentEncodingStrict: String? {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count,
                      bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit,
                      let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                else { return nil }
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
