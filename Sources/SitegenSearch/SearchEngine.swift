public import Foundation

/// One result of a query.
public struct SearchResult: Sendable, Equatable {
    /// The page's URL, with `#id` of the heading whose section matched.
    public var url: String
    public var title: String
    /// The product's name, empty when the page has none.
    public var product: String
    public var excerpt: String
}

/// Answers queries from the index files that `SearchIndexWriter` writes, loading only the files a query needs.
/// The browser's `search.js` implements the same algorithm, step for step:
///
/// 1. The query's words (`SearchText.words`), each with its folded form; words of one letter are dropped. The
///    last word is a prefix unless the query ends with a space or punctuation.
/// 2. For each word, the terms of its bucket that match it, with a match weight: the folded form exactly, 4; a
///    term starting with it (last word), or that the typed word extends by up to 3 letters, 3; for a word of 5
///    or more letters, a term one edit away (a letter added, removed, changed or two swapped; for the last word,
///    a term whose start is one edit away), 2. The first two letters choose the bucket; when a word of 5 or more
///    letters matches no term of its bucket, the buckets of three variants of its start are read too (its first
///    two letters swapped, its first letter dropped, its second letter dropped: a typo there of the swap or the
///    extra-letter kind), where a term matches with at most weight 2. When these match nothing either, the tail
///    files (`v/`) of its folded form and its word as typed, each also without its first letter, name the terms
///    whose tail is one of them (for the last word, starts with one): a wrong or missing first letter. The
///    buckets of those terms, the first `maximumTailBuckets` not read yet in the order the tail files list
///    them, are read with at most weight 2 as well.
/// 3. A page's score for a word: the best over its matching terms of weight × field score × rarity, where the
///    field score is 12 for the title, 4 for a heading, 1 + count (up to 3) for the body, summed; rarity is
///    1 + ⌊log₂(pages / pages with the term)⌋.
/// 4. A page whose title has every word of the query gets its total raised by total × words ÷ max(title terms,
///    words) (integer division): a title made of just the query's words doubles, so that "Rackspace Auto Scale"
///    comes before the longer titles and fuller bodies that also have the three words.
///    Pages in order of the number of words they match, then total score, then slot (the site's order).
/// 5. The link goes to the section of the first word found in a heading (else in the body), or to the top of
///    the page when every word is in the title; the excerpt is that section's.
public final class SearchEngine: @unchecked Sendable {
    /// Reads a file of the index by its path in the index folder; nil when there is no such file.
    public typealias Loader = (String) throws -> Data?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let load: Loader
    private var manifest: Manifest?
    private var buckets: [Int: Bucket] = [:]
    private var chunks: [Int: [Any]] = [:]
    private var tails: [Int: Tails] = [:]

    public init(load: @escaping Loader) {
        self.load = load
    }

    struct Manifest {
        var buckets: Int
        var chunk: Int
        var docs: Int
        var products: [(slug: String, name: String)]
        var docProducts: [Int]
        var titleTerms: [Int]
    }

    struct Bucket {
        var terms: [String]
        var postings: [[Int]]
    }

    struct QueryWord {
        var word: [Unicode.Scalar]
        var term: [Unicode.Scalar]
        var isPrefix: Bool
    }

    /// The query's words, as step 1 says.
    static func queryWords(_ query: String) -> [QueryWord] {
        let words = SearchText.words(query)
        let lastIsPrefix = lastScalarIsWordScalar(query)
        var seen: Set<String> = []
        var result: [QueryWord] = []
        for (position, word) in words.enumerated() {
            let term = EnglishFolding.stem(word)
            let isPrefix = position == words.count - 1 && lastIsPrefix
            guard seen.insert(term + (isPrefix ? "*" : "")).inserted else { continue }
            result.append(QueryWord(word: Array(word.unicodeScalars), term: Array(term.unicodeScalars), isPrefix: isPrefix))
        }
        return result
    }

    /// Whether the query's last scalar belongs to a word (the user is still typing it): a letter, a number or a
    /// nonspacing mark.
    static func lastScalarIsWordScalar(_ query: String) -> Bool {
        guard let last = query.unicodeScalars.last else { return false }
        switch last.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark: return true
        default: return false
        }
    }

    /// The match weight of index term `candidate` for `word` (step 2); 0 when it does not match.
    static func matchWeight(_ word: QueryWord, _ candidate: [Unicode.Scalar]) -> Int {
        if candidate == word.term { return 4 }
        if word.isPrefix {
            if candidate.starts(with: word.term) || candidate.starts(with: word.word) { return 3 }
            if candidate.count >= 3, word.word.starts(with: candidate), word.word.count - candidate.count <= 3 { return 3 }
        }
        guard word.word.count >= 5 else { return 0 }
        if word.isPrefix {
            for typed in [word.term, word.word] {
                for length in (typed.count - 1)...(typed.count + 1) where length <= candidate.count && length > 0 {
                    if editDistance(typed, Array(candidate[0..<length])) <= 1 { return 2 }
                }
            }
        } else {
            if editDistance(word.term, candidate) <= 1 || editDistance(word.word, candidate) <= 1 { return 2 }
        }
        return 0
    }

    /// Optimal string alignment distance (a swap of neighbours counts one), stopped at 2: only "one edit or
    /// not" matters. Hand-written over scalars: SitegenCore's `EditDistance` compares characters (graphemes),
    /// and the browser compares code points.
    static func editDistance(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Int {
        if abs(left.count - right.count) > 1 { return 2 }
        if left.isEmpty || right.isEmpty { return min(2, max(left.count, right.count)) }
        let width = right.count + 1
        var table = [Int](repeating: 0, count: (left.count + 1) * width)
        for j in 0..<width { table[j] = j }
        for i in 1...left.count {
            table[i * width] = i
            for j in 1..<width {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                var best = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                               table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                    best = min(best, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = best
            }
        }
        return min(2, table[left.count * width + right.count])
    }

    static func fieldScore(_ code: Int) -> Int {
        (code & 1 != 0 ? 12 : 0) + (code & 2 != 0 ? 4 : 0) + (code & 4 != 0 ? 1 + min(3, (code >> 3) & 7) : 0)
    }

    /// 1 + ⌊log₂(pages / pages with the term)⌋, in integers so that the browser computes the same.
    static func rarity(pages: Int, withTerm: Int) -> Int {
        let ratio = max(1, pages / max(1, withTerm))
        return 1 + (Int.bitWidth - 1 - ratio.leadingZeroBitCount)
    }

    /// The results of `query`, best first; `product`: only pages of this product (its slug or name, in any case).
    public func search(_ query: String, limit: Int = 10, product: String? = nil) throws -> [SearchResult] {
        let manifest = try loadManifest()
        let words = Self.queryWords(query)
        guard !words.isEmpty, limit > 0 else { return [] }
        var productFilter: Int?
        if let product, !product.isEmpty {
            let wanted = product.lowercased()
            guard let position = manifest.products.firstIndex(where: { $0.slug.lowercased() == wanted || $0.name.lowercased() == wanted })
            else { return [] }
            productFilter = position
        }
        // slot → (words matched, total, best code per word)
        var scores: [Int: (matched: Int, total: Int, codes: [Int?])] = [:]
        for (position, word) in words.enumerated() {
            let own = SearchIndexWriter.bucket(of: String(String.UnicodeScalarView(word.term)), count: manifest.buckets)
            var sources = [(bucket: try loadBucket(own), isVariant: false)]
            var read = [own]
            func matchesNothing() -> Bool {
                !sources.contains { $0.bucket.terms.contains { Self.matchWeight(word, Array($0.unicodeScalars)) > 0 } }
            }
            if word.word.count >= 5, matchesNothing() {
                for number in Self.variantBuckets(word.term, count: manifest.buckets) where number != own {
                    sources.append((try loadBucket(number), true))
                    read.append(number)
                }
                if matchesNothing() {
                    let keys = Self.tailKeys(word)
                    let files = try keys.map { try loadTails(SearchIndexWriter.bucket(of: String(String.UnicodeScalarView($0)), count: manifest.buckets)) }
                    for number in Self.tailBuckets(word, keys: keys, files: files, count: manifest.buckets, read: read) {
                        sources.append((try loadBucket(number), true))
                    }
                }
            }
            var best: [Int: (score: Int, code: Int)] = [:]
            for (bucket, isVariant) in sources {
                for (termIndex, term) in bucket.terms.enumerated() {
                    var weight = Self.matchWeight(word, Array(term.unicodeScalars))
                    if isVariant { weight = min(weight, 2) }
                    guard weight > 0 else { continue }
                    let list = bucket.postings[termIndex]
                    let rarity = Self.rarity(pages: manifest.docs, withTerm: list.count / 2)
                    var slot = 0
                    var index = 0
                    while index + 1 < list.count {
                        slot += list[index]
                        let code = list[index + 1]
                        index += 2
                        if let productFilter, manifest.docProducts[safe: slot] != productFilter { continue }
                        let score = weight * Self.fieldScore(code) * rarity
                        if score > (best[slot]?.score ?? 0) { best[slot] = (score, code) }
                    }
                }
            }
            for (slot, match) in best {
                var entry = scores[slot] ?? (0, 0, [Int?](repeating: nil, count: words.count))
                entry.matched += 1
                entry.total += match.score
                entry.codes[position] = match.code
                scores[slot] = entry
            }
        }
        for (slot, entry) in scores where entry.matched == words.count
            && entry.codes.allSatisfy({ ($0 ?? 0) & 1 != 0 }) {
            let titleTerms = max(manifest.titleTerms[safe: slot] ?? 0, words.count)
            scores[slot]!.total += entry.total * words.count / titleTerms
        }
        let ranked = scores.sorted { left, right in
            if left.value.matched != right.value.matched { return left.value.matched > right.value.matched }
            if left.value.total != right.value.total { return left.value.total > right.value.total }
            return left.key < right.key
        }.prefix(limit)
        return try ranked.compactMap { slot, entry in
            try result(slot: slot, codes: entry.codes.compactMap { $0 }, manifest: manifest)
        }
    }

    /// The buckets of a term's start with a typo of the swap or extra-letter kind undone (step 2), in this order,
    /// without repeats: the first two letters swapped, the first letter dropped, the second letter dropped.
    static func variantBuckets(_ term: [Unicode.Scalar], count: Int) -> [Int] {
        guard term.count >= 3 else { return [] }
        let starts: [[Unicode.Scalar]] = [[term[1], term[0]], [term[1], term[2]], [term[0], term[2]]]
        var numbers: [Int] = []
        for start in starts {
            let number = SearchIndexWriter.bucket(of: String(String.UnicodeScalarView(start)), count: count)
            if !numbers.contains(number) { numbers.append(number) }
        }
        return numbers
    }

    /// Buckets read at most for the tails of one word: a short last word's tail may start many terms.
    static let maximumTailBuckets = 4

    /// What a word's tail files are looked up by (step 2): its folded form and its word as typed, each also
    /// without its first scalar, without repeats, those of 4 scalars or more (a kept tail's length).
    static func tailKeys(_ word: QueryWord) -> [[Unicode.Scalar]] {
        var keys: [[Unicode.Scalar]] = []
        for key in [word.term, Array(word.term.dropFirst()), word.word, Array(word.word.dropFirst())]
        where key.count >= SearchIndexWriter.minimumTailTermLength - 1 && !keys.contains(key) {
            keys.append(key)
        }
        return keys
    }

    /// The buckets of the terms whose tail is a key (for the last word, starts with one), in the order of the keys
    /// and of each file (`files[k]`: the tail file of `keys[k]`); at most `maximumTailBuckets` of them, none in `read`.
    static func tailBuckets(_ word: QueryWord, keys: [[Unicode.Scalar]], files: [Tails], count: Int, read: [Int]) -> [Int] {
        var numbers: [Int] = []
        for (key, file) in zip(keys, files) {
            for (tail, term) in zip(file.tails, file.terms) where tail == key || word.isPrefix && tail.starts(with: key) {
                let number = SearchIndexWriter.bucket(of: term, count: count)
                guard !read.contains(number), !numbers.contains(number) else { continue }
                numbers.append(number)
                if numbers.count == maximumTailBuckets { return numbers }
            }
        }
        return numbers
    }

    /// The section a result links to (step 5).
    static func section(_ codes: [Int]) -> Int {
        if codes.allSatisfy({ $0 & 1 != 0 }) { return 0 }
        if let heading = codes.first(where: { $0 & 2 != 0 }) { return heading >> 6 }
        if let body = codes.first(where: { $0 & 4 != 0 }) { return body >> 6 }
        return 0
    }

    private func result(slot: Int, codes: [Int], manifest: Manifest) throws -> SearchResult? {
        let chunk = try loadChunk(slot / manifest.chunk)
        guard let entry = chunk[safe: slot % manifest.chunk] as? [Any], entry.count >= 3,
              let url = entry[0] as? String, let title = entry[1] as? String, let sections = entry[2] as? [[Any]]
        else { return nil }
        let section = Self.section(codes)
        let chosen = sections[safe: section]
        let id = chosen?[safe: 0] as? String ?? ""
        var excerpt = chosen?[safe: 2] as? String ?? ""
        if excerpt.isEmpty, section == 0 {
            excerpt = sections.lazy.compactMap { $0[safe: 2] as? String }.first { !$0.isEmpty } ?? ""
        }
        let productName = manifest.docProducts[safe: slot].flatMap { manifest.products[safe: $0]?.name } ?? ""
        return SearchResult(url: section > 0 && !id.isEmpty ? url + "#" + id : url, title: title, product: productName,
                            excerpt: excerpt)
    }

    // MARK: - Files

    private func json(_ path: String) throws -> Any {
        guard let data = try load(path) else {
            throw Failure(description: "the search index has no file '\(path)'")
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Failure(description: "the search index file '\(path)' is not valid JSON")
        }
    }

    private func loadManifest() throws -> Manifest {
        if let manifest { return manifest }
        guard let object = try json("meta.json") as? [String: Any], object["version"] as? Int == SearchIndexWriter.formatVersion,
              let buckets = object["buckets"] as? Int, buckets > 0, let chunk = object["chunk"] as? Int, chunk > 0,
              let docs = object["docs"] as? Int, let products = object["products"] as? [[String]],
              let docProducts = object["docProducts"] as? [Int], let titleTerms = object["titleTerms"] as? [Int]
        else {
            throw Failure(description: "the search index's meta.json is not one this version of sitegen reads; build the site again")
        }
        let made = Manifest(buckets: buckets, chunk: chunk, docs: docs,
                            products: products.map { (slug: $0.first ?? "", name: $0.dropFirst().first ?? "") }, docProducts: docProducts,
                            titleTerms: titleTerms)
        manifest = made
        return made
    }

    private func loadBucket(_ number: Int) throws -> Bucket {
        if let bucket = buckets[number] { return bucket }
        guard let object = try json("t/\(number).json") as? [String: Any], let terms = object["terms"] as? [String],
              let packed = object["postings"] as? [String], terms.count == packed.count,
              case let postings = packed.compactMap(PostingPacking.numbers), postings.count == packed.count
        else { throw Failure(description: "the search index file 't/\(number).json' is not one sitegen wrote") }
        let bucket = Bucket(terms: terms, postings: postings)
        buckets[number] = bucket
        return bucket
    }

    struct Tails {
        var tails: [[Unicode.Scalar]]
        var terms: [String]
    }

    private func loadTails(_ number: Int) throws -> Tails {
        if let file = tails[number] { return file }
        guard let object = try json("v/\(number).json") as? [String: Any], let tails = object["tails"] as? [String],
              let terms = object["terms"] as? [String], tails.count == terms.count
        else { throw Failure(description: "the search index file 'v/\(number).json' is not one sitegen wrote") }
        let file = Tails(tails: tails.map { Array($0.unicodeScalars) }, terms: terms)
        self.tails[number] = file
        return file
    }

    private func loadChunk(_ number: Int) throws -> [Any] {
        if let chunk = chunks[number] { return chunk }
        guard let chunk = try json("d/\(number).json") as? [Any] else {
            throw Failure(description: "the search index file 'd/\(number).json' is not one sitegen wrote")
        }
        chunks[number] = chunk
        return chunk
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
