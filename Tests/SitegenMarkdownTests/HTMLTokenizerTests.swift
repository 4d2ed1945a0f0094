import Foundation
import SitegenCore
import Testing
@testable import SitegenMarkdown

@Suite("HTML tokenizer")
struct HTMLTokenizerTests {
    /// Each token as `kind name [attributes]`, or `kind text`, `…` marking one left open at the end.
    func tokens(_ html: String) -> [String] {
        var result: [String] = []
        let bytes = Array(html.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            HTMLTokenizer.forEachToken(in: buffer) { token in
                var line: String
                switch token.kind {
                case .startTag, .endTag:
                    line = (token.kind == .startTag ? "<" : "</") + buffer.lowercasedText(token.nameRange)
                    for attribute in token.attributes {
                        line += " " + buffer.lowercasedText(attribute.nameRange)
                        if let value = attribute.valueRange { line += "=" + buffer.text(value) }
                    }
                case .comment:
                    line = "comment " + buffer.text(token.range)
                case .otherMarkup:
                    line = "markup " + buffer.text(token.range)
                }
                result.append(line + (token.terminated ? "" : "…"))
            }
        }
        return result
    }

    @Test("reads tags and attributes as browsers do", arguments: [
        ("<A HREF=/x/ title='t'>", ["<a href=/x/ title=t"]),
        ("<img src=\"x\"onerror=alert(1)>", ["<img src=x onerror=alert(1)"]),
        ("<img/src=x/onerror=alert(1)>", ["<img src=x/onerror=alert(1)"]),
        ("<img src=x <onerror=alert(1)>", ["<img src=x <onerror=alert(1)"]),
        ("<a title=\"x\" =y z>", ["<a title=x =y z"]),
        ("<img src=x \"onerror=alert(1)>", ["<img src=x \"onerror=alert(1)"]),
        ("<svg\nonload\n=\nalert(1)>", ["<svg onload=alert(1)"]),
        ("<br/><x a=>", ["<br", "<x a="]),
        ("a < b <3 </ p>", ["markup </ p>"]),
        ("</a onclick=x>", ["</a onclick=x"]),
    ])
    func tags(_ html: String, _ expected: [String]) {
        #expect(tokens(html) == expected)
    }

    @Test("ends comments where browsers do", arguments: [
        ("<!--><img onerror=x>-->", ["comment <!-->", "<img onerror=x"]),
        ("<!---><img onerror=x>-->", ["comment <!--->", "<img onerror=x"]),
        ("<!-- a --!><img onerror=x>", ["comment <!-- a --!>", "<img onerror=x"]),
        ("<!-- <a href=x> -- > --->", ["comment <!-- <a href=x> -- > --->"]),
        ("<!x <img onerror=x>", ["markup <!x <img onerror=x>"]),
        ("<?php <a href=x> ?>y", ["markup <?php <a href=x>"]),
        ("</1 <img onerror=x>", ["markup </1 <img onerror=x>"]),
    ])
    func comments(_ html: String, _ expected: [String]) {
        #expect(tokens(html) == expected)
    }

    @Test("says when the text ends inside a token", arguments: [
        ("<div class=\"x", ["<div class=x…"]), ("<div", ["<div…"]), ("<!-- x", ["comment <!-- x…"]),
        ("<!x", ["markup <!x…"]), ("x <", ["markup <…"]), ("</", ["markup </…"]), ("<a b=", ["<a b=…"]),
    ])
    func unterminated(_ html: String, _ expected: [String]) {
        #expect(tokens(html) == expected)
    }

    @Test("decodes character references as browsers do in attribute values", arguments: [
        ("&#106;avascript:", "javascript:"), ("&#x6A;avascript:", "javascript:"), ("&#X6a;", "j"),
        ("&#0000000000106;avascript:", "javascript:"), ("&#106avascript:", "javascript:"), ("&#x6Aavascript:", "\u{6AA}vascript:"),
        ("javascript&colon;x", "javascript:x"), ("java&Tab;script:", "java\tscript:"), ("java&NewLine;script:", "java\nscript:"),
        ("a&amp;b&quot;c&#39;", "a&b\"c'"), ("?a=1&ampb", "?a=1&ampb"), ("?a=1&lt=2", "?a=1&lt=2"), ("&lt x", "< x"),
        ("&unknown; &", "&unknown; &"), ("&#;&#x;", "&#;&#x;"), ("&#0;&#xD800;&#99999999999;", "\u{FFFD}\u{FFFD}\u{FFFD}"),
    ])
    func entities(_ raw: String, _ decoded: String) {
        #expect(HTMLAttributeScanner.decodeEntities(raw) == decoded)
    }

    /// Seconds to run `body` (the best of three).
    func seconds(_ body: () -> Void) -> Double {
        (0..<3).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.min()!
    }

    @Test("hostile raw HTML is read in linear time", arguments: [
        "<a b=\"", "<!--", "<a title='--><img ", "<!x ", "<a a a a ", "&#0000000000", "<a\n", "<a onx=1 ",
        "<a href=javascript:x ", "<img srcset='javascript:x 1x,' ", "<iframe src=//www.youtube.com/x>", "<script>",
    ])
    func linear(_ unit: String) {
        let filter = RawHTMLFilter(mode: .kept, embedHosts: EmbedHosts(), keepsReported: false)
        let sanitize = RawHTMLFilter(mode: .sanitized, embedHosts: EmbedHosts(), keepsReported: false)
        func run(_ count: Int) -> Double {
            let bytes = Array(String(repeating: unit, count: count).utf8)
            return seconds {
                bytes.withUnsafeBufferPointer { buffer in
                    _ = filter.review(buffer, rewrite: true)
                    _ = sanitize.review(buffer, rewrite: true)
                    _ = HTMLAttributeScanner.attributes(inBytes: bytes[...])
                }
                _ = HTMLAttributeScanner.decodeEntities(String(decoding: bytes, as: UTF8.self))
            }
        }
        let small = run(4_000), large = run(32_000)
        // Eight times the input: linear is about 8 times the time, quadratic 64.
        #expect(large < max(small, 0.001) * 24, "\(unit.debugDescription): \(small) s, then \(large) s")
    }
}
