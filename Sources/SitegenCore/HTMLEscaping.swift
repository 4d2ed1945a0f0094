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
        text.withUTF8 { append($0, quotes: true, to: &output) }
    }

    /// What a byte is written as, or nil when it is written as it is.
    private static func replacement(for byte: UInt8, quotes: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): quotes ? "&quot;" : nil
        case UInt8(ascii: "'"): quotes ? "&#39;" : nil
        default: nil
        }
    }

    /// Byte by byte: each of the five characters is one ASCII byte, which never occurs inside another character's
    /// UTF-8 encoding. Runs without any of them are copied whole.
    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool, to output: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            guard let replacement = replacement(for: bytes[index], quotes: quotes) else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Text with nothing to escape (most titles and dates) is returned as it is, unallocated.
    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.containsUTF8Byte(where: { replacement(for: $0, quotes: quotes) != nil }) else { return text }
        var text = text
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        text.withUTF8 { append($0, quotes: quotes, to: &result) }
        return String(decoding: result, as: UTF8.self)
    }
}
