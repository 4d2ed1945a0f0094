/// The default theme's scripts as the site serves them: without their comment lines, indentation and blank lines.
/// A reader's first search loads the script, and the source's comments (which keep it readable and say how it
/// follows the Swift code) are a third of it.
///
/// Deliberately not a minifier (none is available to the project, and one would have to parse JavaScript): it only
/// drops whole lines that are comments (`// …`, and `/* … */` blocks that start a line and end a line) and each
/// line's leading white space, and keeps every line break, so automatic semicolon insertion reads the same code.
/// That is safe for scripts without multi-line string or template literals, which `isCompactable` checks; a
/// script that has them is served as written.
enum ScriptCompaction {
    static func compact(_ source: [UInt8]) -> [UInt8] {
        let text = String(decoding: source, as: UTF8.self)
        guard isCompactable(text) else { return source }
        var out: [String] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if inBlock {
                if trimmed.hasSuffix("*/") { inBlock = false }
                continue
            }
            if trimmed.hasPrefix("/*") {
                // A block that starts this line: dropped when it ends a line (this one or a later one).
                if !trimmed.hasSuffix("*/") || trimmed.count < 4 { inBlock = true }
                continue
            }
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            out.append(String(trimmed))
        }
        return Array((out.joined(separator: "\n") + "\n").utf8)
    }

    /// Whether every line break of `text` is outside a string: no template literal (a backtick outside a comment
    /// line), no line continued with a backslash, and no `*/` in the middle of a line (a block comment that a
    /// line-by-line reading would get wrong).
    static func isCompactable(_ text: String) -> Bool {
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if inBlock {
                if trimmed.hasSuffix("*/") { inBlock = false } else if trimmed.contains("*/") { return false }
                continue
            }
            if trimmed.hasPrefix("/*") {
                if trimmed.dropFirst(2).contains("*/") && !trimmed.hasSuffix("*/") { return false }
                if !trimmed.hasSuffix("*/") || trimmed.count < 4 { inBlock = true }
                continue
            }
            if trimmed.hasPrefix("//") { continue }
            if trimmed.contains("`") || trimmed.hasSuffix("\\") { return false }
        }
        return !inBlock
    }
}
