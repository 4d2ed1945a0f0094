import Testing
@testable import SitegenHighlight

@Suite("Highlighting: any input")
struct RobustnessTests {
    /// What the highlighter must hold for any input in any language: the HTML has only the spans, escapes `&`, `<`,
    /// `>` and `"`, and gives the input back exactly; and it is valid UTF-8 when the input is.
    private func expectFaithful(_ code: [UInt8], _ language: Language, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = Highlighted.bytes(code, language)
        let text = Highlighted.text(ofHTML: html)
        #expect(text == code, "\(language): the HTML does not give the code back", sourceLocation: sourceLocation)
        if String(validating: code, as: UTF8.self) != nil {
            #expect(String(validating: html, as: UTF8.self) != nil, "\(language): a span splits a character",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("1 MB of an unclosed string, comment or triple quote finishes, in every language, and escapes correctly")
    func hostileInputs() {
        let megabyte = 1 << 20
        for language in Language.allCases {
            for unit in ["\"", "<!--", "'''"] {
                let code = Array(String(repeating: unit, count: megabyte / unit.utf8.count).utf8)
                expectFaithful(code, language)
            }
        }
        // Each opening once at the start, then text it never closes (64 KiB: the megabyte above is for the three
        // that the whole input is made of).
        let body = String(repeating: "a b\n", count: 1 << 14)
        for language in Language.allCases {
            for opening in ["\"", "'", "<!--", "'''", "\"\"\"", "/*", "<#", "@\"\n", "${", "<<EOF\n", "key: |\n  x\n", "<a b=\"", "[", "$$"] {
                expectFaithful(Array((opening + body).utf8), language)
            }
        }
        // The whole input is one comment (a block comment that is not closed), or strings that are each closed.
        let html = String(decoding: Highlighted.bytes(Array(("<!--" + body).utf8), .markup), as: UTF8.self)
        #expect(html.hasPrefix("<span class=\"hl-comment\">&lt;!--a b\n") && html.hasSuffix("a b\n</span>"))
        let quotes = String(decoding: Highlighted.bytes(Array(String(repeating: "\"", count: 4).utf8), .json), as: UTF8.self)
        #expect(quotes == String(repeating: "<span class=\"hl-string\">&quot;&quot;</span>", count: 2))
    }

    @Test("multi-byte UTF-8 stays whole, inside tokens and next to them")
    func multiByte() {
        #expect(Highlighted.tokens("echo \"héllo wörld\" # ünïcode ✓", "bash") == [
            Token("function", "echo"), Token("string", "\"héllo wörld\""), Token("comment", "# ünïcode ✓"),
        ])
        // A non-ASCII letter is part of a word: `ifé` and `éif` are no keywords.
        #expect(Highlighted.tokens("ifé éif if", "sh") == [Token("keyword", "if")])
        #expect(Highlighted.tokens("{\"clé\": \"valeur 🎉\"}", "json") == [Token("key", "\"clé\""), Token("string", "\"valeur 🎉\"")])
        #expect(Highlighted.tokens("名前: 値 # コメント", "yaml") == [Token("key", "名前"), Token("comment", "# コメント")])
        for language in Language.allCases {
            expectFaithful(Array("é\"ü'ß<ö>&€ $ä ${ü} # 😀\n<!--é-->\n'''ñ'''".utf8), language)
        }
    }

    @Test("random inputs of the languages' punctuation and control bytes come back exactly, in every language")
    func randomInputs() {
        let alphabet = Array("\"'`$#{}[]()<>!-/*;:=,.|&@%\\ \t\n\r\u{0C}\u{0B}\u{00}aeEx01_é🎉".unicodeScalars).map(String.init)
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<400 {
            var code = ""
            for _ in 0..<(next() % 200) { code += alphabet[next() % alphabet.count] }
            expectFaithful(Array(code.utf8), Language.allCases[round % Language.allCases.count])
        }
    }

    @Test("control bytes that are neither blanks nor word bytes (form feed, vertical tab, NUL) end every lexer")
    func controlBytes() {
        // A form feed in an INI value stopped the lexer from advancing (found by FuzzHighlight).
        #expect(Highlighted.tokens("a = 1\u{0C}x = on", "ini") == [Token("key", "a"), Token("number", "1"), Token("literal", "on")])
        for language in Language.allCases {
            for control in ["\u{0C}", "\u{0B}", "\u{00}", "\u{7F}"] {
                for context in ["k = \(control)", "a: \(control)", "<a \(control)", "x \(control) y", "[\(control)", "$\(control)",
                                "\"\(control)", "-\(control)", "%{\(control)", "@\(control)"] {
                    expectFaithful(Array(context.utf8), language)
                }
            }
        }
    }

    @Test("escaping is cmark-gfm's: &, <, > and \" only")
    func escaping() {
        let html = Highlighted.html("x = '<a href=\"b\">&amp;</a>' # it's", "python")
        #expect(html == "x = <span class=\"hl-string\">'&lt;a href=&quot;b&quot;&gt;&amp;amp;&lt;/a&gt;'</span> "
            + "<span class=\"hl-comment\"># it's</span>")
    }
}
