import Foundation
import Testing
@testable import SitegenSearch

/// A small index, written by the writer and read back by the engine through a loader over the written files.
private func engine(_ documents: [SearchDocument?], products: [(String, String)] = [("email", "Email"), ("dns", "DNS")])
    -> (SearchEngine, [String: [UInt8]]) {
    let files = SearchIndexWriter.files(documents: documents, products: products.map { (slug: $0.0, name: $0.1) })
    return (SearchEngine { path in files[path].map { Data($0) } }, files)
}

private func page(_ url: String, _ title: String, product: Int? = 0, _ sections: [PageSection] = []) -> SearchDocument {
    SearchDocument(url: url, title: title, product: product,
                   sections: [PageSection(id: "", heading: "", text: "")] + sections)
}

@Suite struct SearchIndexWriterTests {
    @Test func theFilesAreThoseThatPathsLists() {
        let documents: [SearchDocument?] = (0..<37).map { page("/a/\($0)/", "Article \($0)") }
        let files = SearchIndexWriter.files(documents: documents, products: [])
        #expect(Set(files.keys) == Set(SearchIndexWriter.paths(slots: 37)))
        #expect(SearchIndexWriter.paths(slots: 37).filter { $0.hasPrefix("d/") }.count == 10)
    }

    @Test func aTermThatStartsWithAnIdeographIsInTheBucketOfThatOne() throws {
        // Every pair a character starts shares the bucket of that character, so that typing it finds them; other
        // terms keep the bucket of their first two letters.
        let buckets = 512
        #expect(SearchIndexWriter.bucket(of: "設定", count: buckets) == SearchIndexWriter.bucket(of: "設", count: buckets))
        #expect(SearchIndexWriter.bucket(of: "設備", count: buckets) == SearchIndexWriter.bucket(of: "設", count: buckets))
        #expect(SearchIndexWriter.bucket(of: "𠮷野", count: buckets) == SearchIndexWriter.bucket(of: "𠮷", count: buckets))
        let firstTwo = (0..<40).map { "ω\(Character(Unicode.Scalar(0x3B1 + $0 % 24)!))" }
        #expect(Set(firstTwo.map { SearchIndexWriter.bucket(of: $0, count: buckets) }).count > 1)
        let (engine, _) = engine([page("/s/", "メール設定の方法"), page("/o/", "Other")])
        #expect(try engine.search("設").map(\.url) == ["/s/"])
        #expect(try engine.search("方法").map(\.url) == ["/s/"])
        #expect(try engine.search("設 ").map(\.url) == [])
    }

    @Test func aTermIsInTheBucketOfItsFirstTwoLetters() throws {
        let (_, files) = engine([page("/m/", "Mailbox quota")])
        let buckets = SearchIndexWriter.bucketCount(slots: 1)
        let number = SearchIndexWriter.bucket(of: "mailbox", count: buckets)
        #expect(number == SearchIndexWriter.bucket(of: "ma", count: buckets))
        let text = String(decoding: files["t/\(number).json"]!, as: UTF8.self)
        // Slot 0 ("A"); title (1), no body count, section 0 ("B").
        #expect(text.contains("\"mailbox\""))
        #expect(text.contains("\"AB\""))
    }

    @Test func postingsAreDeltaCodedWithFieldsCountAndSection() throws {
        let docs: [SearchDocument?] = [
            page("/a/", "Quota"), nil,
            page("/c/", "Other", [PageSection(id: "limits", heading: "Limits", text: "quota quota")]),
        ]
        let (_, files) = engine(docs)
        let number = SearchIndexWriter.bucket(of: "quota", count: SearchIndexWriter.bucketCount(slots: 3))
        let object = try JSONSerialization.jsonObject(with: Data(files["t/\(number).json"]!)) as! [String: Any]
        let terms = object["terms"] as! [String]
        let postings = object["postings"] as! [String]
        let list = PostingPacking.numbers(postings[terms.firstIndex(of: "quota")!])
        // Slot 0: title. Slot 2 (delta 2): body (4), count 2 (<< 3), section 1 (<< 6) = 84 = 20 + 2 × 32: "A", "B",
        // "C", then 84 as "0" (20 + 32, more follows) and "C" (2).
        #expect(list == [0, 1, 2, 4 | 2 << 3 | 1 << 6])
        #expect(postings[terms.firstIndex(of: "quota")!] == "ABC0C")
    }

    @Test func packedNumbersReadBackAsWritten() {
        var bytes: [UInt8] = []
        let values = [0, 1, 31, 32, 33, 1023, 1024, 65_535, 1 << 40, Int(UInt32.max)] + (0..<200).map { _ in Int.random(in: 0..<1_000_000) }
        for value in values { PostingPacking.append(value, to: &bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(PostingPacking.numbers(text) == values)
        // Every character is one JSON writes as itself.
        #expect(bytes.allSatisfy { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 >= 0x20 && $0 < 0x7F })
        #expect(PostingPacking.numbers("A0") == nil)  // a group that says another follows, and none does
        #expect(PostingPacking.numbers("A,B") == nil)  // not in the alphabet
        #expect(PostingPacking.numbers("") == [])
    }

    @Test func theManifestListsProductsAndEachSlotsProduct() throws {
        let (_, files) = engine([page("/a/", "A bc", product: 1), nil, page("/c/", "C d", product: nil)])
        let manifest = String(decoding: files["meta.json"]!, as: UTF8.self)
        #expect(manifest == #"{"version":4,"buckets":16,"chunk":4,"docs":2,"products":[["email","Email"],["dns","DNS"]],"docProducts":[1,-1,-1],"titleTerms":[1,0,0]}"#)
    }

    @Test func textIsEscapedInJSON() throws {
        let (_, files) = engine([page("/a/", "Say \"hi\" \\ now\u{1}\n\té")])
        let chunk = try JSONSerialization.jsonObject(with: Data(files["d/0.json"]!)) as! [Any]
        #expect((chunk[0] as! [Any])[1] as? String == "Say \"hi\" \\ now\u{1}\n\té")
    }

    @Test func aLongSectionsExcerptIsCutAfterAWord() {
        let text = String(repeating: "word ", count: 100)
        let excerpt = SearchIndexWriter.excerpt(text)
        #expect(excerpt.hasSuffix("word…"))
        #expect(excerpt.count <= SearchIndexWriter.excerptLength + 1)
    }
}

@Suite struct SearchEngineTests {
    let site: [SearchDocument?] = [
        page("/email/create-mailbox/", "Create a mailbox", [
            PageSection(id: "quota", heading: "Choose a quota", text: "Each mailbox has a storage quota."),
        ]),
        page("/email/delete-mailbox/", "Delete a mailbox", [
            PageSection(id: "backup", heading: "Make a backup first", text: "Deleting a mailbox removes its messages."),
        ]),
        page("/dns/records/", "Edit DNS records", product: 1, [
            PageSection(id: "mx", heading: "MX records", text: "Mail goes to the mailbox server named in MX records."),
        ]),
        nil,
        page("/email/forwarding/", "Forward messages", [
            PageSection(id: "", heading: "", text: "Forwarding sends every message to another address."),
        ]),
    ]

    func urls(_ query: String, product: String? = nil, limit: Int = 10) throws -> [String] {
        try engine(site).0.search(query, limit: limit, product: product).map(\.url)
    }

    @Test func aTitleMatchRanksAboveABodyMatch() throws {
        #expect(try urls("mailbox ") == ["/email/create-mailbox/", "/email/delete-mailbox/", "/dns/records/#mx"])
    }

    @Test func theLastWordIsAPrefixWhileTyped() throws {
        #expect(try urls("mailb").first == "/email/create-mailbox/")
        #expect(try urls("mai").first == "/email/create-mailbox/")
        #expect(try urls("mai ").isEmpty)
    }

    @Test func languageNamesWithASignAreFound() throws {
        let site: [SearchDocument?] = [
            page("/api/samples/", "API samples", [
                PageSection(id: "csharp", heading: "Samples in C#", text: "Build them with g++ or the .NET SDK; F# works too."),
            ]),
            page("/api/c-library/", "The C library", [PageSection(id: "", heading: "", text: "A plain C header.")]),
        ]
        let search = engine(site).0
        #expect(try search.search("c#", limit: 10, product: nil).map(\.url) == ["/api/samples/#csharp"])
        #expect(try search.search("C++", limit: 10, product: nil).isEmpty)
        #expect(try search.search("g++", limit: 10, product: nil).map(\.url) == ["/api/samples/#csharp"])
        #expect(try search.search("f# sdk", limit: 10, product: nil).map(\.url) == ["/api/samples/#csharp"])
        // A lone letter still finds nothing: it is not a word.
        #expect(try search.search("c", limit: 10, product: nil).isEmpty)
    }

    @Test func pluralsAndVerbFormsFindEachOther() throws {
        #expect(try urls("deleting mailboxes ").first == "/email/delete-mailbox/")
    }

    @Test func oneTypoIsForgivenInAWordOfFiveLetters() throws {
        #expect(try urls("malibox ").first == "/email/create-mailbox/")
        #expect(try urls("fowrard ").first == "/email/forwarding/")
        #expect(try urls("recrds ").isEmpty == false)
        #expect(try urls("mial ").isEmpty)  // four letters: no typo allowed
    }

    @Test func aSwapOrAnExtraLetterAtTheStartIsForgivenThroughTheVariantBuckets() throws {
        // The typed start's bucket has nothing: the buckets of the start swapped, or with a letter dropped, do.
        #expect(try urls("amilbox ").first == "/email/create-mailbox/")  // first two swapped
        #expect(try urls("mialbox ").first == "/email/create-mailbox/")  // "ma" with its second letter dropped
        #expect(try urls("xmailbox ").first == "/email/create-mailbox/")  // a letter too many in front
        #expect(try urls("amilb").first == "/email/create-mailbox/")  // while typed
        #expect(SearchEngine.variantBuckets(Array("mailbox".unicodeScalars), count: 1) == [0])
        #expect(SearchEngine.variantBuckets(Array("ab".unicodeScalars), count: 64) == [])
    }

    @Test func aWrongOrMissingFirstLetterIsForgivenThroughTheTailFiles() throws {
        // Neither start's bucket nor its variants have the word: the rest of it is the tail of "mailbox".
        #expect(try urls("nailbox ").first == "/email/create-mailbox/")  // a changed first letter
        #expect(try urls("ailbox ").first == "/email/create-mailbox/")  // a missing one
        #expect(try urls("ailbo").first == "/email/create-mailbox/")  // while typed: a tail that starts with it
        #expect(try urls("orwarding ").first == "/email/forwarding/")  // the typed form's tail
        #expect(try urls("ailbo ").isEmpty)  // a finished word's tail must be whole
        #expect(try urls("zzilbox ").isEmpty)  // two typos
    }

    @Test func theTailFilesListEachLongTermUnderItsTail() throws {
        let (_, files) = engine([page("/m/", "Mailbox quota mail")])
        let buckets = SearchIndexWriter.bucketCount(slots: 1)
        let number = SearchIndexWriter.bucket(of: "ailbox", count: buckets)
        let text = String(decoding: files["v/\(number).json"]!, as: UTF8.self)
        #expect(text == #"{"tails":["ailbox"],"terms":["mailbox"]}"#)
        // "quota" has five letters and a tail; "mail" has four and none.
        #expect(String(decoding: files["v/\(SearchIndexWriter.bucket(of: "uota", count: buckets)).json"]!, as: UTF8.self)
            .contains(#""uota""#))
        #expect(!files.filter { $0.key.hasPrefix("v/") }.values.contains { String(decoding: $0, as: UTF8.self).contains(#""ail""#) })
        #expect(SearchIndexWriter.tailFile([(tail: "b", term: "ab"), (tail: "a", term: "za"), (tail: "a", term: "ba")])
            == Array(#"{"tails":["a","a","b"],"terms":["ba","za","ab"]}"#.utf8))
    }

    @Test func aWordReadsAtMostFourBucketsThroughItsTails() {
        let word = SearchEngine.QueryWord(word: Array("abcd".unicodeScalars), term: Array("abcd".unicodeScalars), isPrefix: true)
        let file = SearchEngine.Tails(tails: ["abcde", "abcdf", "abcdg", "abcdh", "abcdi", "abcdj"].map { Array($0.unicodeScalars) },
                                      terms: ["kabcde", "labcdf", "mabcdg", "nabcdh", "oabcdi", "pabcdj"])
        let count = 4096
        let numbers = SearchEngine.tailBuckets(word, keys: [word.term], files: [file], count: count, read: [])
        #expect(numbers == ["kabcde", "labcdf", "mabcdg", "nabcdh"].map { SearchIndexWriter.bucket(of: $0, count: count) })
        let read = [SearchIndexWriter.bucket(of: "labcdf", count: count)]
        #expect(SearchEngine.tailBuckets(word, keys: [word.term], files: [file], count: count, read: read)
            == ["kabcde", "mabcdg", "nabcdh", "oabcdi"].map { SearchIndexWriter.bucket(of: $0, count: count) })
        let finished = SearchEngine.QueryWord(word: word.word, term: word.term, isPrefix: false)
        #expect(SearchEngine.tailBuckets(finished, keys: [word.term], files: [file], count: count, read: []).isEmpty)
        #expect(SearchEngine.tailKeys(SearchEngine.QueryWord(word: Array("mailboxes".unicodeScalars),
                                                             term: Array("mailbox".unicodeScalars), isPrefix: false)).map { String(String.UnicodeScalarView($0)) }
            == ["mailbox", "ailbox", "mailboxes", "ailboxes"])
    }

    @Test func pagesMatchingMoreWordsComeFirst() throws {
        #expect(try urls("mailbox quota ").first == "/email/create-mailbox/#quota")
    }

    @Test func theResultLinksToTheHeadingThatMatched() throws {
        let results = try engine(site).0.search("backup ")
        #expect(results.map(\.url) == ["/email/delete-mailbox/#backup"])
        #expect(results.first?.excerpt == "Deleting a mailbox removes its messages.")
        #expect(results.first?.product == "Email")
    }

    @Test func theProductFilters() throws {
        #expect(try urls("mailbox ", product: "dns") == ["/dns/records/#mx"])
        #expect(try urls("mailbox ", product: "DNS") == ["/dns/records/#mx"])
        #expect(try urls("mailbox ", product: "nope").isEmpty)
    }

    @Test func aTitleMadeOfTheQuerysWordsComesFirst() throws {
        let pages: [SearchDocument?] = [
            page("/long/", "Auto scale rules for busy web servers", [PageSection(id: "", heading: "", text: "auto scale auto scale")]),
            page("/exact/", "Auto Scale"),
        ]
        #expect(try engine(pages).0.search("auto scale ").map(\.url) == ["/exact/", "/long/"])
    }

    @Test func theLimitCuts() throws {
        #expect(try urls("mailbox ", limit: 1) == ["/email/create-mailbox/"])
    }

    @Test func aMissingIndexIsAClearError() {
        let engine = SearchEngine { _ in nil }
        #expect(throws: SearchEngine.Failure.self) { try engine.search("x") }
    }

    @Test func editDistanceCountsASwapAsOneEdit() {
        func distance(_ a: String, _ b: String) -> Int {
            SearchEngine.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        #expect(distance("mailbox", "mailbox") == 0)
        #expect(distance("mailbox", "mialbox") == 1)
        #expect(distance("mailbox", "mailbx") == 1)
        #expect(distance("mailbox", "mailboxes") == 2)
        #expect(distance("abc", "xyz") == 2)
    }

    @Test func rarityIsAnIntegerLogarithm() {
        #expect(SearchEngine.rarity(pages: 1000, withTerm: 1000) == 1)
        #expect(SearchEngine.rarity(pages: 1000, withTerm: 1) == 10)
        #expect(SearchEngine.rarity(pages: 8, withTerm: 2) == 3)
    }
}

/// The constants search.js repeats from the Swift side (the agreement test runs both engines, but only on an index
/// of the current version and on queries that reach so many tail buckets).
@Suite struct SearchScriptConstantsTests {
    @Test func searchJSHasTheFormatVersionAndTheTailBucketLimit() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SitegenTheme/DefaultTheme/search.js").path
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.contains("var FORMAT_VERSION = \(SearchIndexWriter.formatVersion);"))
        #expect(script.contains("var MAXIMUM_TAIL_BUCKETS = \(SearchEngine.maximumTailBuckets);"))
        #expect(script.contains("if (manifest.version !== FORMAT_VERSION)"))
    }
}
