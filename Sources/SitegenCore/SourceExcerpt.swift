/// The part of a source line a diagnostic shows, with the caret's indentation under its column.
///
/// A line longer than `maximumBytes` is shown as a window around the column, cut at character boundaries and
/// marked with `…`: one finding on a 24 KB line must not print the 24 KB line (and thousands of findings on it,
/// thousands of times). Control characters are shown as visible symbols (`␛` for ESC), never sent to the terminal.
public struct SourceExcerpt: Sendable, Equatable {
    /// The text to print for the line.
    public var text: String
    /// What to print before the caret so that it stands under the column: a space per character, tabs kept.
    public var caretIndent: String

    /// Lines up to this many bytes are shown whole.
    public static let maximumBytes = 160
    /// Bytes shown before the column in a window.
    static let before = 60

    /// The excerpt of `line` (one line's bytes, without its line end) for the 1-based UTF-8 `column` (0: none).
    public init(line: ArraySlice<UInt8>, column: Int) {
        var start = line.startIndex, end = line.endIndex
        let target = line.startIndex + max(0, min(column - 1, line.count))
        if line.count > Self.maximumBytes {
            start = max(line.startIndex, target - Self.before)
            end = min(line.endIndex, start + Self.maximumBytes)
            // Whole characters only: move off UTF-8 continuation bytes.
            while start > line.startIndex, start < line.endIndex, line[start] & 0xC0 == 0x80 { start -= 1 }
            while end < line.endIndex, line[end] & 0xC0 == 0x80 { end -= 1 }
        }
        let prefix = start > line.startIndex ? "…" : ""
        text = prefix + Self.visible(line[start..<end]) + (end < line.endIndex ? "…" : "")
        var indent = prefix.isEmpty ? "" : " "
        for byte in line[start..<min(target, end)] where byte & 0xC0 != 0x80 {
            indent += byte == 0x09 ? "\t" : " "
        }
        caretIndent = indent
    }

    /// `bytes` as text with control characters made visible: C0 controls (but tab) as the Unicode control
    /// pictures (`␛`), DEL as `␡`, C1 controls as `�`; invalid UTF-8 as `�`. One character for one, so that a
    /// caret counted in characters still lines up.
    public static func visible(_ bytes: ArraySlice<UInt8>) -> String {
        visible(String(decoding: bytes, as: UTF8.self), keepingTabs: true)
    }

    /// `text` with its control characters made visible (see `visible(_:)`): line breaks too, unless
    /// `keepingLineBreaks` (several lines of text, such as a diff); tabs too, unless `keepingTabs`.
    public static func visible(_ text: String, keepingTabs: Bool = false, keepingLineBreaks: Bool = false) -> String {
        // Bytes first: a control is a byte under 0x20, DEL, or a scalar of several bytes (C1 and bidirectional
        // controls); most quoted lines have none of these, and decoding every scalar of every line was the slowest
        // part of printing a check's findings.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }),
              text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepingTabs, scalar == "\t" {
                result.append(scalar)
            } else if keepingLineBreaks, scalar == "\n" {
                result.append(scalar)
            } else if scalar.value < 0x20 {
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                result.append("\u{2421}")
            } else if isControl(scalar) {
                result.append("\u{FFFD}")
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A code point as messages write it: `U+0007`, `U+200B`, `U+1F600` (at least four hex digits).
    public static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// C0 and C1 controls and DEL, and the bidirectional controls (U+061C, U+200E–U+200F, U+202A–U+202E,
    /// U+2066–U+2069): an article's `U+202E` would reverse the rest of a diagnostic's line in a terminal or a CI log,
    /// showing a reviewer text other than what is there ("Trojan Source"). Each is shown as one character, so the
    /// caret stays under its column.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (value >= 0x7F && value <= 0x9F) || value == 0x061C || value == 0x200E || value == 0x200F
            || (value >= 0x202A && value <= 0x202E) || (value >= 0x2066 && value <= 0x2069)
    }
}
