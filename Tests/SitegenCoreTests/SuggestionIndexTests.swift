import SitegenTestSupport
import Testing
@testable import SitegenCore

/// A small seeded generator (xorshift64*), so that the random route sets are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}

@Suite("Suggestions")
struct SuggestionIndexTests {
    /// Levenshtein distance by the textbook recurrence, over the whole table.
    static func plainDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    @Test("the banded edit distance equals the whole table's, within every limit")
    func bandedDistance() {
        var random = SeededGenerator(seed: 7)
        let alphabet = Array("ab-c/".utf8)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let b = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let exact = Self.plainDistance(a, b)
            for limit in 0...13 {
                #expect(EditDistance.distance(a, b, limit: limit) == (exact <= limit ? exact : nil), "\(a) \(b) \(limit)")
            }
        }
    }

    static let vocabulary = ["create", "a", "cloud", "server", "servers", "managing", "manage", "dns", "record", "records",
                             "backup", "email", "office", "the", "in", "for", "set", "up", "rackspace", "api", "v20", "faq",
                             "mailbox", "migrate", "migrating", "image", "from", "of", "and", "monitoring"]

    /// A route set like a help center's: `/how-to/` and a few words, some with a trailing slash, some repeated.
    static func routes(_ count: Int, using random: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in
            let words = (0..<Int.random(in: 1...6, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }
            return "/how-to/" + words.joined(separator: "-") + (Bool.random(using: &random) ? "/" : "")
        }
    }

    /// A query: a route with a typo, a word dropped, added or swapped, or a new one.
    static func query(_ routes: [String], using random: inout SeededGenerator) -> String {
        var text = Array(routes.randomElement(using: &random)!.utf8)
        switch Int.random(in: 0..<5, using: &random) {
        case 0 where !text.isEmpty:
            text[Int.random(in: 0..<text.count, using: &random)] = Array("abcxyz-".utf8).randomElement(using: &random)!
        case 1 where !text.isEmpty:
            text.remove(at: Int.random(in: 0..<text.count, using: &random))
        case 2:
            text.insert(contentsOf: Array(("-" + vocabulary.randomElement(using: &random)!).utf8),
                        at: Int.random(in: 8...text.count, using: &random))
        case 3:
            return self.routes(1, using: &random)[0] + "-" + vocabulary.randomElement(using: &random)!
        default:
            break
        }
        return String(decoding: text, as: UTF8.self)
    }

    @Test("the index gives the brute force's answer, ties included, on random route sets", arguments: [1, 2, 3, 4, 5, 6])
    func indexEqualsBruteForce(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let routes = Self.routes([3, 30, 300, 900, 60, 1_500][Int(seed) - 1], using: &random)
        let index = SuggestionIndex(routes)
        for _ in 0..<150 {
            let query = Self.query(routes, using: &random)
            #expect(index.suggestion(for: query) == SuggestionIndex.bruteForce(query, in: routes), "\(query)")
        }
        // Short names and queries, and names that are all the same.
        let short = ["/a", "ab", "", "abc", "/how-to/", "x/"]
        let shortIndex = SuggestionIndex(short)
        for query in ["", "a", "/b", "abd", "xy/", "/how-to", "/how-to/x/"] {
            #expect(shortIndex.suggestion(for: query) == SuggestionIndex.bruteForce(query, in: short), "\(query)")
        }
        let same = SuggestionIndex(["/how-to/x/", "/how-to/x/", "/how-to/y/"])
        #expect(same.suggestion(for: "/how-to/x") == 0)
    }

    /// Route sets that defeat a filter of candidates: slugs that differ only by a number, under one folder (all of
    /// a length share their first bytes); or slugs of four common words and a number (a query of common words
    /// shares words with a quarter of them), but for the first 40, without the number.
    static func crowdedRoutes(_ count: Int, numbered: Bool, using random: inout SeededGenerator) -> [String] {
        (0..<count).map { number in
            if numbered { return "/how-to/errors/error-code-\(number)/" }
            let words = (0..<4).map { _ in vocabulary.randomElement(using: &random)! }
            return "/how-to/p/" + words.joined(separator: "-") + (number < 40 ? "" : "-\(number)") + "/"
        }
    }

    @Test("the index gives the brute force's answer on crowded route sets", arguments: [false, true])
    func crowdedEqualsBruteForce(numbered: Bool) {
        var random = SeededGenerator(seed: numbered ? 11 : 12)
        let routes = Self.crowdedRoutes(1_200, numbered: numbered, using: &random)
        let index = SuggestionIndex(routes)
        var queries = (0..<120).map { _ in Self.query(routes, using: &random) }
        queries += ["/how-to/errors/error-code-125x/", "/how-to/errors/error-code-12/", "/how-to/errors/eror-code-7/",
                    "/how-to/errors/error-codes-1199/", "/how-to/p/cloud-server-backup/", "/how-to/p/dns-email-faq-set/"]
        for query in queries {
            #expect(index.suggestion(for: query) == SuggestionIndex.bruteForce(query, in: routes), "\(query)")
        }
    }

    @Test("a query costs what its near names cost, not what the list costs", arguments: [false, true])
    func crowdedGrowth(numbered: Bool) {
        func sample(_ count: Int) -> (index: SuggestionIndex, queries: [String]) {
            var random = SeededGenerator(seed: 5)
            let routes = Self.crowdedRoutes(count, numbered: numbered, using: &random)
            let queries = (0..<200).map { number in
                numbered ? "/how-to/errors/error-code-\(number * 7)x/"
                    : "/how-to/p/" + (0..<3).map { _ in Self.vocabulary.randomElement(using: &random)! }.joined(separator: "-") + "/"
            }
            return (SuggestionIndex(routes), queries)
        }
        let small = sample(2_000), large = sample(16_000)
        let (smallSeconds, _) = Growth.fastest { small.queries.map { small.index.suggestion(for: $0) } }
        let (largeSeconds, answers) = Growth.fastest { large.queries.map { large.index.suggestion(for: $0) } }
        // The same queries against 8 times the names: each compared with every name would take 8 times as long.
        #expect(largeSeconds < max(smallSeconds, 0.002) * 4, "\(smallSeconds) s, then \(largeSeconds) s")
        if numbered { #expect(answers[1] == 7, "error-code-7x is nearest to error-code-7") }
    }

    @Test("long names and queries: the same answers, and a query costs its length, not its square")
    func longQueries() {
        let long = "/how-to/p/" + String(repeating: "abcdefgh", count: 1_000) + "/"
        var random = SeededGenerator(seed: 9)
        let routes = Self.routes(200, using: &random) + [long, String(long.dropLast(2)) + "x/"]
        let index = SuggestionIndex(routes)
        for query in [long, String(long.dropFirst()), long + "yz", String(long.dropLast(3)), "/how-to/" + String(repeating: "a", count: 9_000),
                      String(repeating: "/how-to/", count: 2_000)] {
            #expect(index.suggestion(for: query) == SuggestionIndex.bruteForce(query, in: routes), "\(query.prefix(40))…")
        }
        // A link destination of tens of kilobytes, near no page: made the table's whole square (6 GB for 40 KB).
        let pages = SuggestionIndex(Self.routes(300, using: &random) + [long])
        let short = "/how-to/p/" + String(repeating: "abcdefgh", count: 1_250) + "/"
        let longer = "/how-to/p/" + String(repeating: "abcdefgh", count: 10_000) + "/"
        let (shortSeconds, _) = Growth.fastest { pages.suggestion(for: short) }
        let (longerSeconds, _) = Growth.fastest { pages.suggestion(for: longer) }
        #expect(longerSeconds < max(shortSeconds, 0.002) * 24, "\(shortSeconds) s, then \(longerSeconds) s")
    }

    @Test("a typo finds the nearest spelling; a renamed page finds the one with the same rare words")
    func definitions() {
        let routes = ["/how-to/cloud-backup/", "/how-to/backup/", "/how-to/set-up-dns-records-for-cloud-office-skype-for-business/",
                      "/how-to/rackspace-monitoring-faq/", "/how-to/cloud-networks-faq/", "/how-to/manage-cloud-servers/",
                      "/how-to/cloud-office-control-panel-basics/"]
        let index = SuggestionIndex(routes)
        func suggested(_ query: String) -> String? { index.suggestion(for: query).map { routes[$0] } }
        #expect(suggested("/how-to/clod-backup/") == "/how-to/cloud-backup/")
        #expect(suggested("/how-to/set-up-dns-records-for-cloud-office-email-and-skype-for-business/")
                == "/how-to/set-up-dns-records-for-cloud-office-skype-for-business/")
        // 'monitoring' is rarer than 'cloud': it decides.
        #expect(suggested("/how-to/cloud-monitoring-faq") == "/how-to/rackspace-monitoring-faq/")
        #expect(suggested("/how-to/managing-cloud-server") == "/how-to/manage-cloud-servers/")
        // Common words alone suggest nothing.
        #expect(suggested("/how-to/enable-dkim-in-the-cloud-office-control-panel/") == nil)
        #expect(suggested("/how-to/nothing-like-it/") == nil)
    }

    @Test("words: the last segment, without extension, lowercased and stemmed")
    func words() {
        #expect(SuggestionIndex.words("/how-to/Managing-Cloud_Servers.HTML") == ["manag", "cloud", "server"])
        #expect(SuggestionIndex.words("/how-to/a/diagram one.png") == ["diagram", "one"])
        #expect(SuggestionIndex.words("/how-to/x/") == ["x"])
        #expect(SuggestionIndex.words("/") == [])
        #expect(SuggestionIndex.stem(Array("images".utf8)) == SuggestionIndex.stem(Array("image".utf8)))
        #expect(SuggestionIndex.stem(Array("created".utf8)) == SuggestionIndex.stem(Array("create".utf8)))
        #expect(SuggestionIndex.stem(Array("access".utf8)) == "access")
    }

    @Test("lazy suggestions answer each query once, from an index made on first use")
    func lazy() {
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        let lazy = LazySuggestions {
            counter.calls += 1
            return ["/how-to/a-b/", "/how-to/c-d/"]
        }
        #expect(counter.calls == 0)
        #expect(lazy.suggestion(for: "/how-to/a-b") == 0)
        #expect(lazy.suggestion(for: "/how-to/c-e/") == 1)
        #expect(lazy.suggestion(for: "/how-to/a-b") == 0)
        #expect(counter.calls == 1)
        // Released, it makes the index again on the next query, with the same answers.
        lazy.release()
        #expect(counter.calls == 1)
        #expect(lazy.suggestion(for: "/how-to/c-e/") == 1)
        #expect(lazy.suggestion(for: "/how-to/a-b") == 0)
        #expect(counter.calls == 2)
    }
}
