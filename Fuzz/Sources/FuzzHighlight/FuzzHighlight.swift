import FuzzSupport
import SitegenHighlight

/// The highlighter on any code in any language (the input's first byte picks it): removing the spans and undoing
/// the escapes must give the code back exactly, the HTML must hold nothing but the spans and escaped text, and it
/// must be valid UTF-8 whenever the code is (no span inside a character).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHighlight(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (bytes, _) = Fuzz.input(data, size)
    guard let selector = bytes.first else { return 0 }
    let language = Language.allCases[Int(selector) % Language.allCases.count]
    let code = Array(bytes.dropFirst())
    var html: [UInt8] = []
    code.withUnsafeBufferPointer { Highlighter.appendHTML(of: $0, as: language, to: &html) }
    let text = Highlighted.text(ofHTML: html)
    Fuzz.require(text != nil, "\(language): the HTML holds more than spans and escaped text: \(String(decoding: html, as: UTF8.self).debugDescription)")
    Fuzz.require(text == code, "\(language): the HTML does not give the code back")
    if String(validating: code, as: UTF8.self) != nil {
        Fuzz.require(String(validating: html, as: UTF8.self) != nil, "\(language): a span splits a UTF-8 sequence")
    }
    return 0
}

/// Reads highlighted HTML back to text (independently of the highlighter's own writer).
enum Highlighted {
    /// The text of `html` with the spans removed and `&amp;`, `&lt;`, `&gt;`, `&quot;` undone; nil when it holds
    /// another tag, a bare `&`, `>` or `"`, nested or unclosed spans.
    static func text(ofHTML html: [UInt8]) -> [UInt8]? {
        let open = Array("<span class=\"hl-".utf8), close = Array("</span>".utf8)
        let escapes: [([UInt8], UInt8)] = [(Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")),
                                           (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\""))]
        var text: [UInt8] = []
        var index = 0
        var inSpan = false
        func at(_ literal: [UInt8]) -> Bool {
            index + literal.count <= html.count && html[index..<(index + literal.count)].elementsEqual(literal)
        }
        while index < html.count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                if at(open) {
                    guard !inSpan else { return nil }
                    index += open.count
                    while index < html.count, html[index] >= UInt8(ascii: "a"), html[index] <= UInt8(ascii: "z") { index += 1 }
                    guard at(Array("\">".utf8)) else { return nil }
                    index += 2
                    inSpan = true
                } else if at(close) {
                    guard inSpan else { return nil }
                    index += close.count
                    inSpan = false
                } else {
                    return nil
                }
            } else if byte == UInt8(ascii: "&") {
                guard let escape = escapes.first(where: { at($0.0) }) else { return nil }
                text.append(escape.1)
                index += escape.0.count
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

@_cdecl("FuzzHighlight_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzHighlight)
}
