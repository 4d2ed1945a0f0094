/// A Mustache tag found by scanning template text: its sigil, name and position.
struct TemplateTag: Sendable {
    /// The character after `{{` that gives the tag its meaning (`>` partial, `<` parent, `#` section, ...),
    /// or nil for a plain variable.
    var sigil: Character?
    var name: String
    var line: Int
    /// 1-based UTF-8 column of `{{`.
    var column: Int
}

/// Lists the tags of a template.
///
/// Hand-written: swift-mustache keeps its parsed tokens internal, and it renders a missing partial as nothing and
/// recurses forever on a partial that includes itself, so the theme checks names before rendering. It assumes the
/// default `{{ }}` delimiters (a template that changes them is reported by `TemplateChecker`).
enum TemplateTags {
    /// The first tag that opens a section (`#`, `^`, `$`, `<`) nested more than `limit` deep, or nil. Counts opens
    /// and closes, whatever their names (a wrong close is the parser's error to report).
    static func firstTooDeep(_ tags: [TemplateTag], limit: Int) -> TemplateTag? {
        var depth = 0
        for tag in tags {
            guard let sigil = tag.sigil else { continue }
            if "#^$<".contains(sigil) {
                depth += 1
                if depth > limit { return tag }
            } else if sigil == "/" {
                depth = max(depth - 1, 0)
            }
        }
        return nil
    }

    static func scan(_ text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        let bytes = Array(text.utf8)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let start = index
            var contentStart = index + 2
            var closer: [UInt8] = Array("}}".utf8)
            if contentStart < bytes.count, bytes[contentStart] == UInt8(ascii: "{") {
                contentStart += 1
                closer = Array("}}}".utf8)
            }
            var end = contentStart
            while end + closer.count <= bytes.count, !bytes[end..<(end + closer.count)].elementsEqual(closer) { end += 1 }
            guard end + closer.count <= bytes.count else { break }
            var inner = Substring(String(decoding: bytes[contentStart..<end], as: UTF8.self))
            inner = inner.drop(while: { $0 == " " })
            var sigil: Character?
            if let first = inner.first, "#^/>$<!&=".contains(first) {
                sigil = first
                inner = inner.dropFirst().drop(while: { $0 == " " })
            }
            var name = String(inner)
            while name.last == " " { name.removeLast() }
            if closer.count == 3 { sigil = "&" }
            // Transforms are written `fn(name)`: keep the name.
            if let open = name.firstIndex(of: "("), name.last == ")" {
                name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            }
            tags.append(TemplateTag(sigil: sigil, name: name, line: line, column: start - lineStart + 1))
            let consumed = String(decoding: bytes[start..<(end + closer.count)], as: UTF8.self)
            for character in consumed.utf8 where character == UInt8(ascii: "\n") {
                line += 1
            }
            if consumed.contains("\n"), let lastNewline = bytes[start..<(end + closer.count)].lastIndex(of: UInt8(ascii: "\n")) {
                lineStart = lastNewline + 1
            }
            index = end + closer.count
        }
        return tags
    }
}
