#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SitegenCore

/// One piece of markup in raw HTML, as a browser's tokenizer reads it: a tag, a comment, or other markup
/// (`<!DOCTYPE>`, `<?x>`, `</>`). The text between tokens is not reported.
struct HTMLToken {
    enum Kind: Equatable {
        case startTag
        case endTag
        case comment
        /// A doctype, a bogus comment (`<!x>`, `<?x>`, `</1>`), or `</>`.
        case otherMarkup
    }

    /// One attribute of a start tag.
    struct Attribute {
        /// The name's bytes (lowercase them to compare, as browsers do).
        var nameRange: Range<Int>
        /// The value's bytes, inside its quotes; nil when the attribute has no `=`.
        var valueRange: Range<Int>?
        /// From the name's first byte to the end of the value (its closing quote included).
        var range: Range<Int>
    }

    var kind: Kind
    /// From the `<` to just past the `>` (to the end of the text when not terminated).
    var range: Range<Int>
    /// False when the text ends inside the token: a browser would read what follows the text as part of it.
    var terminated: Bool
    /// The tag name's bytes (empty for comments and other markup).
    var nameRange: Range<Int>
    /// Attributes of a tag, in source order (duplicates included: browsers keep the first).
    var attributes: [Attribute]
    /// `<br/>`.
    var selfClosing: Bool
}

/// Splits raw HTML into tokens the way the HTML standard's tokenizer does in its data state (tag names, attribute
/// names and values, `<!-->` and `--!>` ending comments, `<` and quotes inside attribute names), so that what sitegen
/// judges a tag, an attribute or a comment is what a browser will.
///
/// Hand-written because none of the packages we may depend on parses HTML. It never fails, and reads each byte a
/// bounded number of times (memchr to the next `<`, then one state machine), so hostile input costs linear time.
/// The elements whose content browsers read as text (`<script>`, `<style>`, `<textarea>`, ...) are not followed:
/// their content is tokenized like the rest. Callers that keep such an element live must account for that (see
/// `RawHTMLFilter`).
enum HTMLTokenizer {
    /// ASCII whitespace as the tokenizer sees it (CR included: browsers turn it into LF first).
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// Calls `body` with every token of `bytes`, in order. The token's attribute list is reused between calls.
    static func forEachToken(in bytes: UnsafeBufferPointer<UInt8>, _ body: (HTMLToken) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        var token = HTMLToken(kind: .otherMarkup, range: 0..<0, terminated: true, nameRange: 0..<0, attributes: [],
                              selfClosing: false)
        var index = 0
        /// Index just past the first `>` at or after `from`, or nil.
        func closingBracket(from: Int) -> Int? {
            guard from < end, let hit = memchr(base + from, Int32(UInt8(ascii: ">")), end - from) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
        }
        func emit(_ kind: HTMLToken.Kind, _ start: Int, _ stop: Int?, name: Range<Int> = 0..<0) {
            token.kind = kind
            token.range = start..<(stop ?? end)
            token.terminated = stop != nil
            token.nameRange = name
            if kind != .startTag && kind != .endTag {
                token.attributes.removeAll(keepingCapacity: true)
                token.selfClosing = false
            }
            body(token)
        }

        while index < end {
            guard let hit = memchr(base + index, Int32(UInt8(ascii: "<")), end - index) else { break }
            let open = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            let next = open + 1
            guard next < end else {
                // A `<` that ends the text: what follows it on the page decides what it is.
                emit(.otherMarkup, open, nil)
                break
            }
            let byte = bytes[next]
            if byte == UInt8(ascii: "!") {
                if next + 2 < end, bytes[next + 1] == UInt8(ascii: "-"), bytes[next + 2] == UInt8(ascii: "-") {
                    let stop = commentEnd(bytes, from: next + 3)
                    emit(.comment, open, stop)
                    index = stop ?? end
                } else {
                    // `<!DOCTYPE ...>`, `<![CDATA[...` (outside SVG and MathML) and `<!x>` end at the first `>`.
                    let stop = closingBracket(from: next + 1)
                    emit(.otherMarkup, open, stop)
                    index = stop ?? end
                }
            } else if byte == UInt8(ascii: "?") {
                let stop = closingBracket(from: next + 1)
                emit(.otherMarkup, open, stop)
                index = stop ?? end
            } else if byte == UInt8(ascii: "/") {
                guard next + 1 < end else {
                    emit(.otherMarkup, open, nil)
                    break
                }
                let after = bytes[next + 1]
                if after.isASCIILetter {
                    index = tag(bytes, open: open, nameStart: next + 1, kind: .endTag, into: &token, body)
                } else if after == UInt8(ascii: ">") {
                    emit(.otherMarkup, open, next + 2)
                    index = next + 2
                } else {
                    let stop = closingBracket(from: next + 1)
                    emit(.otherMarkup, open, stop)
                    index = stop ?? end
                }
            } else if byte.isASCIILetter {
                index = tag(bytes, open: open, nameStart: next, kind: .startTag, into: &token, body)
            } else {
                // `a < b`: text.
                index = next
            }
        }
    }

    /// Index just past the end of a comment whose text starts at `start` (after `<!--`), or nil when the text ends
    /// first. Browsers end a comment at `-->` or `--!>`, and at once for `<!-->` and `<!--->`.
    private static func commentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let end = bytes.count
        if start < end, bytes[start] == UInt8(ascii: ">") { return start + 1 }
        if start + 1 < end, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: ">") { return start + 2 }
        var index = start
        while index + 2 < end {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                if bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                if bytes[index + 2] == UInt8(ascii: "!"), index + 3 < end, bytes[index + 3] == UInt8(ascii: ">") {
                    return index + 4
                }
            }
            index += 1
        }
        return nil
    }

    /// Reads a tag from its name to its `>` (the tag-name, attribute and self-closing states of the standard),
    /// calls `body` with it, and returns the index after it.
    private static func tag(_ bytes: UnsafeBufferPointer<UInt8>, open: Int, nameStart: Int, kind: HTMLToken.Kind,
                            into token: inout HTMLToken, _ body: (HTMLToken) -> Void) -> Int {
        let end = bytes.count
        var index = nameStart
        while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") {
            index += 1
        }
        token.kind = kind
        token.nameRange = nameStart..<index
        token.attributes.removeAll(keepingCapacity: true)
        token.selfClosing = false
        func finish(_ stop: Int?) -> Int {
            token.range = open..<(stop ?? end)
            token.terminated = stop != nil
            body(token)
            return stop ?? end
        }
        while true {
            // Before an attribute name.
            while index < end, isSpace(bytes[index]) { index += 1 }
            guard index < end else { return finish(nil) }
            if bytes[index] == UInt8(ascii: ">") { return finish(index + 1) }
            if bytes[index] == UInt8(ascii: "/") {
                index += 1
                guard index < end else { return finish(nil) }
                if bytes[index] == UInt8(ascii: ">") {
                    token.selfClosing = true
                    return finish(index + 1)
                }
                continue
            }
            // The attribute name; its first byte may be `=` (then part of the name, as in browsers).
            let attributeStart = index
            index += 1
            while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "=") {
                index += 1
            }
            let nameRange = attributeStart..<index
            var look = index
            while look < end, isSpace(bytes[look]) { look += 1 }
            guard look < end, bytes[look] == UInt8(ascii: "=") else {
                token.attributes.append(.init(nameRange: nameRange, valueRange: nil, range: nameRange))
                continue
            }
            look += 1
            while look < end, isSpace(bytes[look]) { look += 1 }
            guard look < end else {
                token.attributes.append(.init(nameRange: nameRange, valueRange: look..<look, range: attributeStart..<look))
                return finish(nil)
            }
            let quote = bytes[look]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let valueStart = look + 1
                guard valueStart < end,
                      let hit = memchr(bytes.baseAddress! + valueStart, Int32(quote), end - valueStart) else {
                    token.attributes.append(.init(nameRange: nameRange, valueRange: valueStart..<end,
                                                  range: attributeStart..<end))
                    return finish(nil)
                }
                let valueEnd = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
                token.attributes.append(.init(nameRange: nameRange, valueRange: valueStart..<valueEnd,
                                              range: attributeStart..<(valueEnd + 1)))
                index = valueEnd + 1
            } else if quote == UInt8(ascii: ">") {
                // `name=>`: an empty value, and the tag ends.
                token.attributes.append(.init(nameRange: nameRange, valueRange: look..<look, range: attributeStart..<look))
                index = look
            } else {
                var valueEnd = look
                while valueEnd < end, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                token.attributes.append(.init(nameRange: nameRange, valueRange: look..<valueEnd,
                                              range: attributeStart..<valueEnd))
                index = valueEnd
            }
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes of `range` as text.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// The bytes of `range` as lowercased ASCII text (HTML names).
    func lowercasedText(_ range: Range<Int>) -> String {
        String(decoding: self[range].lazy.map(\.asciiLowercased), as: UTF8.self)
    }

    /// True when the bytes of `range`, ASCII-lowercased, are `name` (lowercase).
    func hasName(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var offset = 0
        for index in range {
            if self[index].asciiLowercased != wanted[offset] { return false }
            offset += 1
        }
        return true
    }
}
