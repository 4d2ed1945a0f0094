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

    @Test func aLongWordIsCutAtTheLimit() {
        let words = SearchText.words(String(repeating: "x", count: 10_000) + " end")
        #expect(words.map(\.count) == [SearchText.maximumWordLength, 3])
    }

    @Test func nonLatinScriptsStayWholeWords() {
        #expect(SearchText.words("Привет, мир") == ["привет", "мир"])
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

    @Test func termsAreFoldedWords() {
        #expect(SearchText.terms("Deleting Mailboxes") == ["delet", "mailbox"])
    }
}

@Suite struct PageSectionsTests {
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

