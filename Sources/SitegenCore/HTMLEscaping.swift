/// Escaping for text written into HTML: template variables (through `TemplateParsing`'s content type), and the
/// few places that build HTML by hand (heading ids, included scripts, the preview's panels).
public enum HTMLEscaping {
    /// Text content: `&`, `<`, `>`.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// Attribute values (and text): also `"` and `'`.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// Appends `text` escaped as an attribute value to `output` (for renderers that write into a byte buffer).
    public static func appendAttribute(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// Byte by byte: each of the five characters is one ASCII byte, which never occurs inside another character's
    /// UTF-8 encoding. Text with nothing to escape (most titles and dates) is returned as it is, unallocated.
    private static func escape(_ text: String, quotes: Bool) -> String {
        let utf8 = text.utf8
        func needsEscape(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): return true
            case UInt8(ascii: "\""), UInt8(ascii: "'"): return quotes
            default: return false
            }
        }
        guard let first = utf8.firstIndex(where: needsEscape) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count + 16)
        result.append(contentsOf: utf8[..<first])
        for byte in utf8[first...] {
            switch byte {
            case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where quotes: result.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'") where quotes: result.append(contentsOf: "&#39;".utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
