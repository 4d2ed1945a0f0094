import Testing
@testable import SitegenSearch

@Suite struct SearchTextTests {
    @Test func wordsAreLowercasedAndSplitAtEverythingButLettersAndNumbers() {
        #expect(SearchText.words("Set up E-mail on iOS 17.2!") == ["set", "up", "mail", "on", "ios", "17"])
    }

    @Test func diacriticsAndCompatibilityFormsAreFolded() {
        #expect(SearchText.words("Café Ärger ﬁle Ωmega ΟΔΟΣ") == ["cafe", "arger", "file", "ωmega", "οδοσ"])
    }

    @Test func aWordOfOneLetterIsDropped() {
        #expect(SearchText.words("a b cd") == ["cd"])
    }

    @Test func languageNamesKeepTheirSign() {
        // One or two ASCII letters with `#` or `++` that end the word: kept with the sign, unstemmed.
        #expect(SearchText.terms("C# and F#, C++/g++; Q#. Use c++") == ["c#", "and", "f#", "c++", "g++", "q#", "use", "c++"])
        // Not when a letter or number follows, the word is longer or a digit, or '+' is single. A letter folded to
        // a–z counts as one (`é#` → `e#`), as in search.js.
        #expect(SearchText.words("c#define abc# go# 3# é# c+ x+y c++x c#é") == ["define", "abc", "go", "e#"])
        // Whatever follows that is not a letter or number ends it: another sign, a bracket, the end.
        #expect(SearchText.words("(C#) c+++ c##") == ["c#", "c++", "c#"])
    }

    @Test func aLongWordIsCutAtTheLimit() {
        let words = SearchText.words(String(repeating: "x", count: 10_000) + " end")
        #expect(words.map(\.count) == [SearchText.maximumWordLength, 3])
    }

    @Test func nonLatinScriptsStayWholeWords() {
        #expect(SearchText.words("Привет, мир") == ["привет", "мир"])
    }

    @Test func chineseAndJapaneseAreReadAsPairsOfNeighbours() {
        #expect(SearchText.words("メール設定") == ["メー", "ール", "ル設", "設定"])
        // A run ends the word before it; a letter ends the run.
        #expect(SearchText.words("Exchange設定の方法") == ["exchange", "設定", "定の", "の方", "方法"])
        #expect(SearchText.words("設定Exchange") == ["設定", "exchange"])
        // A run of one is a word, though a word of one letter is not.
        #expect(SearchText.words("設") == ["設"])
        #expect(SearchText.words("a設b 日") == ["設", "日"])
        // Half-width katakana are full-width after compatibility decomposition; a voiced mark goes with the accents.
        #expect(SearchText.words("ｶﾀｶﾅ") == ["カタ", "タカ", "カナ"])
        #expect(SearchText.words("が") == ["か"])
        // Punctuation of these scripts separates; Korean and other scripts keep their words.
        #expect(SearchText.words("設定・方法。中文邮箱 한국어") == ["設定", "方法", "中文", "文邮", "邮箱", "한국어"])
        // Iteration marks and the extensions beyond the first plane are ideographs too.
        #expect(SearchText.words("時々𠮷野") == ["時々", "々𠮷", "𠮷野"])
        #expect(SearchText.terms("メール設定") == SearchText.words("メール設定"))
    }

    @Test(arguments: [
        ("mailboxes", "mailbox"), ("mailbox", "mailbox"), ("policies", "policy"), ("addresses", "address"),
        ("deleting", "delet"), ("deleted", "delet"), ("delete", "delet"), ("applied", "apply"),
        ("status", "status"), ("analysis", "analysis"), ("access", "access"), ("files", "fil"), ("file", "fil"),
        ("using", "using"), ("ios", "ios"), ("dns", "dns"), ("café", "café"), ("ssl2", "ssl2"),
    ])
    func englishFolding(word: String, folded: String) {
        #expect(EnglishFolding.stem(word) == folded)
    }

    /// The folding rules as `EnglishFolding.stem` documents them, written with String suffixes: the byte-by-byte
    /// implementation (and `search.js`) must give the same for every word.
    static func reference(_ word: String) -> String {
        guard word.count >= 4, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var word = word
        if word.hasSuffix("sses") {
            word.removeLast(2)
        } else if word.hasSuffix("ies") {
            word.removeLast(3)
            word += "y"
        } else if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            word.removeLast()
        }
        if word.hasSuffix("ied"), word.count >= 5 {
            word.removeLast(3)
            word += "y"
        } else if word.hasSuffix("ing"), word.count >= 6 {
            word.removeLast(3)
        } else if word.hasSuffix("ed"), word.count >= 5 {
            word.removeLast(2)
        }
        if word.hasSuffix("e"), word.count >= 4 { word.removeLast() }
        return word
    }

    @Test func foldingMatchesTheRulesOnEveryWordOfItsSuffixLetters() {
        // Every word of 1 to 6 letters over the letters the rules look at, and one other (8^6 words of 6 letters),
        // each folded both ways: the rules look at the last four letters at most, and at lengths up to 6.
        let letters = Array("seidngua".utf8)
        var word = [UInt8](repeating: 0, count: 6)
        var mismatches: [String] = []
        for length in 1...6 {
            var total = 1
            for _ in 0..<length { total *= letters.count }
            for number in 0..<total {
                var rest = number
                for position in 0..<length {
                    word[position] = letters[rest % letters.count]
                    rest /= letters.count
                }
                let text = String(decoding: word[..<length], as: UTF8.self)
                if EnglishFolding.stem(text) != Self.reference(text), mismatches.count < 10 { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.map { "\($0) → \(EnglishFolding.stem($0)), rules: \(Self.reference($0))" })")
    }

    @Test func termsAreFoldedWords() {
        #expect(SearchText.terms("Deleting Mailboxes") == ["delet", "mailbox"])
    }
}

@Suite struct PageSectionsTests {
    @Test func theBlockSwitchHoldsTheBlockNamesAndNoOthers() {
        #expect(PageSections.blockNames.allSatisfy(PageSections.isBlock))
        for name in ["a", "b", "code", "em", "span", "strong", "h2", "tab", "tables", "pr", "imgs", "sectio", "summar"] {
            #expect(!PageSections.isBlock(PageSections.packed(name)), "\(name)")
        }
    }

    @Test func textIsCutAtHeadingsWithTheirIDs() {
        let html = """
            <p>Intro &amp; more.</p>
            <h2 id="set-up">Set <code>up</code></h2>
            <p>Open the <em>app</em>.</p><ul><li>One</li><li>Two</li></ul>
            <h3 id="ios">On iOS</h3><p>Tap.</p>
            """
        #expect(PageSections.read(html: html) == [
            PageSection(id: "", heading: "", text: "Intro & more."),
            PageSection(id: "set-up", heading: "Set up", text: "Open the app. One Two"),
            PageSection(id: "ios", heading: "On iOS", text: "Tap."),
        ])
    }

    @Test func scriptsAndStylesAreNoText() {
        let sections = PageSections.read(html: "<p>a</p><script>var x = '<p>';</script><style>p{}</style><p>b</p>")
        #expect(sections.map(\.text) == ["a b"])
    }

    @Test func anUnclosedTagEndsTheText() {
        #expect(PageSections.read(html: "<p>text</p><a href=").map(\.text) == ["text"])
    }

    @Test func entitiesAreDecodedAndUnknownOrOutOfRangeOnesKeptAsWritten() {
        let html = "<p>&quot;a&quot; &#39;b&#39; &#x2019; &#X41;&#+66; &nbsp;&apos; &copy; &#99999999999; &#x110000; &#xD800; &#; &#x; &amp</p>"
        #expect(PageSections.read(html: html).map(\.text)
                == ["\"a\" 'b' \u{2019} AB  ' &copy; &#99999999999; &#x110000; &#xD800; &#; &#x; &amp"])
    }

    @Test func headingIDsAreDecodedAndTheTextOfEmptyOrTaglessBodiesIsKept() {
        #expect(PageSections.read(html: "<h2 class=\"x\" id=\"a&amp;b\">T</h2>").map(\.id) == ["", "a&b"])
        #expect(PageSections.read(html: "") == [PageSection(id: "", heading: "", text: "")])
        #expect(PageSections.read(html: "  plain\n\ttext  ").map(\.text) == ["plain text"])
        #expect(PageSections.read(html: "<h1 id=\"t\">Unclosed").map(\.heading) == ["", "Unclosed"])
    }
}

@Suite struct ExcerptTests {
    @Test func aShortTextIsItsOwnExcerpt() {
        let text = String(repeating: "é", count: SearchIndexWriter.excerptLength)
        #expect(SearchIndexWriter.excerpt(text) == text)
    }

    @Test func scalarsNotBytesAreCounted() {
        // 161 two-byte scalars without a space: cut at 160 scalars, not 160 bytes.
        let text = String(repeating: "é", count: SearchIndexWriter.excerptLength + 1)
        #expect(SearchIndexWriter.excerpt(text) == String(repeating: "é", count: SearchIndexWriter.excerptLength) + "…")
    }

    @Test func theCutIsAtTheLastSpaceOnlyPastHalfTheLength() {
        let early = "ab " + String(repeating: "x", count: 200)
        #expect(SearchIndexWriter.excerpt(early) == "ab " + String(repeating: "x", count: 157) + "…")
        let late = String(repeating: "x", count: 100) + " " + String(repeating: "y", count: 100)
        #expect(SearchIndexWriter.excerpt(late) == String(repeating: "x", count: 100) + "…")
    }
}

