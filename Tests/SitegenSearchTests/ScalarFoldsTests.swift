import Foundation
import Testing
@testable import SitegenSearch

/// The scanner reads non-ASCII scalars through a table of folds made once (`ScalarFolds`), and a term's bucket
/// from its UTF-8 without a String. Both are held here to the definitions they replace, written the plain way.
@Suite struct ScalarFoldsTests {
    /// `SearchText.words` as defined (steps 1 to 4), each scalar lowercased and decomposed by Foundation where met.
    static func referenceWords(_ text: String) -> [String] {
        var words: [String] = []
        var word: [Unicode.Scalar] = []
        var length = 0
        var run: [Unicode.Scalar] = []
        func endWord() {
            if length >= 2 { words.append(String(String.UnicodeScalarView(word))) }
            word = []
            length = 0
        }
        func endRun() {
            if run.count == 1 { words.append(String(run[0])) }
            run = []
        }
        for scalar in text.unicodeScalars {
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                for part in String(lower).decomposedStringWithCompatibilityMapping.unicodeScalars {
                    switch part.properties.generalCategory {
                    case .nonspacingMark:
                        continue
                    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                         .decimalNumber, .letterNumber, .otherNumber:
                        if SearchText.isIdeograph(part.value) {
                            endWord()
                            if let last = run.last { words.append(String(last) + String(part)) }
                            run.append(part)
                            continue
                        }
                        endRun()
                        if length < SearchText.maximumWordLength { word.append(part == "ς" ? "σ" : part) }
                        length += 1
                    default:
                        endRun()
                        endWord()
                    }
                }
            }
        }
        endRun()
        endWord()
        return words
    }

    /// Scalars whose folds differ in every way the table must keep: accents, a mark alone, several parts
    /// (`ﬁ`, `Ǆ`, `İ`, `ﷺ`'s eighteen), a letter and a separator from one scalar (`½`), full- and half-width
    /// forms, final sigma, ideographs and kana (voiced, half-width), Hangul, a scalar beyond the first plane,
    /// emoji, and ASCII between them.
    static let alphabet: [String] = ["a", "Z", "7", " ", "-", "é", "E\u{301}", "\u{301}", "ﬁ", "Ǆ", "İ", "ẞ", "ß",
                                     "\u{FDFA}", "½", "Ａ", "ｶ", "ﾞ", "ς", "Σ", "設", "定", "が", "ー", "々", "한",
                                     "𠮷", "😀", "Ω", "ǅ", "ﬀ", "ⅷ", "①", "㍿", "\u{200B}", "\u{00A0}", "ŉ", "ΐ"]

    @Test(arguments: 0..<24)
    func wordsThroughTheTableAreThoseOfTheDefinition(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 31))
        for _ in 0..<40 {
            let text = (0..<Int(random.next() % 30)).map { _ in Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))] }.joined()
            #expect(SearchText.words(text) == Self.referenceWords(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func everyScalarOfABlockFoldsAsDefined() {
        // Whole blocks, scalar by scalar, against Foundation: Latin-1, Greek, the CJK symbols and kana, the
        // compatibility ideographs, the half-width forms, and the ideographs beyond the first plane.
        for first: UInt32 in [0x00, 0x300, 0x3000, 0x3300, 0xF900, 0xFF00, 0xFD00, 0x20B00] {
            for value in first..<(first + 256) {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a" + String(scalar) + "b"
                #expect(SearchText.words(text) == Self.referenceWords(text), "U+\(String(value, radix: 16))")
            }
        }
    }

    /// `SearchIndexWriter.bucket(ofUTF8:)` as first written: a String of the term's first scalars.
    static func referenceBucket(_ term: String, count: Int) -> Int {
        let all = term.unicodeScalars
        let scalars = all.prefix(all.first.map { SearchText.isIdeograph($0.value) } == true ? 1 : 2)
        var hash: UInt32 = 0x811C9DC5
        for unit in String(String.UnicodeScalarView(scalars)).utf16 { hash = (hash ^ UInt32(unit)) &* 0x01000193 }
        return Int(hash % UInt32(count))
    }

    @Test(arguments: 0..<8)
    func bucketsFromTheBytesAreThoseOfTheDefinition(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed + 57))
        for _ in 0..<200 {
            let term = (0..<Int(random.next() % 5)).map { _ in Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))] }.joined()
            for count in [16, 512] {
                #expect(SearchIndexWriter.bucket(of: term, count: count) == Self.referenceBucket(term, count: count),
                        "\(term.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}
