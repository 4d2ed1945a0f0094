/// The words of a text as the search index stores them and a query looks them up. The browser's `search.js`
/// does exactly the same steps (`words`, `stem` there); a change here is a change there, and the agreement test
/// (Tests/SitegenEndToEndTests/SearchAgreementTests.swift) runs both on the same queries.
///
/// 1. Lowercase, scalar by scalar (final sigma `ς` is read as `σ`, as a contextual lowercasing would not agree).
/// 2. Compatibility decomposition (NFKD) and removal of nonspacing marks: `Café` → `cafe`, `ﬁ` → `fi`.
/// 3. Words are runs of letters and numbers (Unicode categories L and N); every other scalar separates.
///    A word of one scalar is dropped (it finds nothing useful), a word is cut at `maximumWordLength` scalars.
/// 4. English folding (`EnglishFolding.stem`) of words made of ASCII letters.
public enum SearchText {
    /// Longer words are cut: a hostile page's megabyte-long "word" must not become a megabyte-long term.
    public static let maximumWordLength = 40

    /// The folded words of `text`, in order, before stemming (`cafe`, `mailboxes`).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// The index terms of `text`: its words, folded (`mailboxes` → `mailbox`).
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachWord(text) { word in
            var folded = word
            EnglishFolding.stem(&folded)
            terms.append(String(decoding: folded, as: UTF8.self))
        }
        return terms
    }

    /// Calls `body` with the UTF-8 bytes of each word of `text`. Bytes rather than strings: the index reads every
    /// word of the site, and ASCII text (nearly all of an English help center) needs no Unicode look-up at all.
    static func forEachWord(_ text: String, _ body: ([UInt8]) -> Void) {
        var current: [UInt8] = []
        current.reserveCapacity(maximumWordLength)
        var length = 0
        func flush() {
            if length >= 2 { body(current) }
            current.removeAll(keepingCapacity: true)
            length = 0
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value >= 0x61 && value <= 0x7A || value >= 0x30 && value <= 0x39 {
                    if length < maximumWordLength { current.append(UInt8(value)) }
                    length += 1
                } else if value >= 0x41 && value <= 0x5A {
                    if length < maximumWordLength { current.append(UInt8(value + 0x20)) }
                    length += 1
                } else {
                    flush()
                }
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                for part in String(lower).decomposedStringWithCompatibilityMapping.unicodeScalars {
                    switch part.properties.generalCategory {
                    case .nonspacingMark:
                        continue
                    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                         .decimalNumber, .letterNumber, .otherNumber:
                        if length < maximumWordLength { current += (part == "ς" ? "σ" : part).utf8 }
                        length += 1
                    default:
                        flush()
                    }
                }
            }
        }
        flush()
    }
}
