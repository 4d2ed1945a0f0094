import Testing
@testable import SitegenHighlight

/// A highlighted token: its class (`hl-` left out) and its text, unescaped.
struct Token: Equatable, CustomStringConvertible {
    let kind: String
    let text: String

    init(_ kind: String, _ text: String) {
        self.kind = kind
        self.text = text
    }

    var description: String { "\(kind)(\(text.debugDescription))" }
}

enum Highlighted {
    /// The HTML for `code` in the language `name`.
    static func html(_ code: String, _ name: String) -> String {
        guard let html = Highlighter.html(code, language: name) else {
            Issue.record("no language named \(name)")
            return ""
        }
        return html
    }

    /// The tokens of `code`, in order.
    static func tokens(_ code: String, _ name: String) -> [Token] {
        let html = Array(html(code, name).utf8)
        var tokens: [Token] = []
        var index = 0
        let open = Array("<span class=\"hl-".utf8), close = Array("</span>".utf8)
        while index < html.count {
            guard html[index...].starts(with: open) else {
                index += 1
                continue
            }
            let kindStart = index + open.count
            let kindEnd = html[kindStart...].firstIndex(of: UInt8(ascii: "\""))!
            let textStart = kindEnd + 2
            let textEnd = html[textStart...].firstRange(of: close)!.lowerBound
            tokens.append(Token(String(decoding: html[kindStart..<kindEnd], as: UTF8.self),
                                unescaped(Array(html[textStart..<textEnd]))))
            index = textEnd + close.count
        }
        return tokens
    }

    /// The text of highlighted HTML: its spans removed and its escapes undone. Nil when the HTML holds a tag other
    /// than the spans, a stray `&`, `>` or `"`, or a span that is not closed. (Over buffers: it reads megabytes.)
    static func text(ofHTML html: [UInt8]) -> [UInt8]? {
        html.withUnsafeBufferPointer { html -> [UInt8]? in
            var text: [UInt8] = []
            text.reserveCapacity(html.count)
            var index = 0
            var inSpan = false
            func at(_ offset: Int, _ literal: StaticString) -> Bool {
                let count = literal.utf8CodeUnitCount
                guard offset + count <= html.count else { return false }
                for position in 0..<count where html[offset + position] != literal.utf8Start[position] { return false }
                return true
            }
            while index < html.count {
                let byte = html[index]
                if byte == UInt8(ascii: "<") {
                    if at(index, "<span class=\"hl-") {
                        guard !inSpan else { return nil }
                        index += 17
                        while index < html.count, Byte.isLetter(html[index]) { index += 1 }
                        guard at(index, "\">") else { return nil }
                        index += 2
                        inSpan = true
                    } else if at(index, "</span>") {
                        guard inSpan else { return nil }
                        index += 7
                        inSpan = false
                    } else {
                        return nil
                    }
                } else if byte == UInt8(ascii: "&") {
                    if at(index, "&amp;") { text.append(UInt8(ascii: "&")); index += 5 }
                    else if at(index, "&lt;") { text.append(UInt8(ascii: "<")); index += 4 }
                    else if at(index, "&gt;") { text.append(UInt8(ascii: ">")); index += 4 }
                    else if at(index, "&quot;") { text.append(UInt8(ascii: "\"")); index += 6 }
                    else { return nil }
                } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") {
                    return nil
                } else {
                    text.append(byte)
                    index += 1
                }
            }
            return inSpan ? nil : text
        }
    }

    private static func unescaped(_ bytes: [UInt8]) -> String {
        String(decoding: text(ofHTML: bytes) ?? bytes, as: UTF8.self)
    }

    /// Highlights `code` as `language` and returns the HTML's bytes.
    static func bytes(_ code: [UInt8], _ language: Language) -> [UInt8] {
        var output: [UInt8] = []
        code.withUnsafeBufferPointer { Highlighter.appendHTML(of: $0, as: language, to: &output) }
        return output
    }
}

