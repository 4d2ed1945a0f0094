import Foundation
import Synchronization

/// Finds, among a fixed list of names (URL paths, heading ids, asset paths, rule ids), the one that a name which
/// matches none of them most probably meant. Two steps, the first that finds one wins:
///
/// 1. **Spelling**: the name within `spellingLimit` edits (Levenshtein, by UTF-8 byte: two edits for names under
///    12 bytes, else three), nearest first, then first in the list. A typo, a letter more or less.
/// 2. **Words**: the name whose last segment (after the last `/`, without a file extension) shares the most words
///    with the query's: the weighted Jaccard similarity of the two word sets at least one half, each word weighing
///    what it tells apart (`log2(1 + names / names with the word)`, in thousandths, so that `cloud`, on half of a
///    help center's pages, weighs little and `dkim` much), words lowercased and lightly stemmed (`servers` is
///    `server`, `managing` is `manage`); then the nearest by edit distance, then first in the list. A renamed
///    page: `set-up-dns-records-for-cloud-office-email-and-skype-for-business` finds
///    `set-up-dns-records-for-cloud-office-skype-for-business`, 10 edits away.
///
/// On the real 2017 help center, words found a better page than the nearest spelling within a quarter of the
/// length for every broken link where the two differ, and no suggestion where the nearest spelling was an
/// unrelated page. Both steps are indexed, so that a query costs what its candidates cost, not what the list
/// costs: a site of 50,000 pages with thousands of broken links must not compare each with every page.
/// Hand-written: no listed package has an edit-distance or set-similarity index.
///
/// - Spelling: a partition index (PassJoin, Li et al. 2011). Each name is cut into four segments; a name within
///   three edits of the query contains one of its segments at a position shifted by at most three in the query.
/// - Words: an inverted index from each word to the names that have it, searched with a prefix filter: a name with
///   similarity ≥ 1/2 shares at least half of the query's weight, so it has one of the query's heaviest words,
///   taken until what is left weighs less than half.
///
/// `SuggestionIndex.bruteForce` computes the same answers by comparing with every name; a test compares both.
public struct SuggestionIndex: Sendable {
    public let names: [[UInt8]]
    private let segments: [UInt64: [Int32]]
    /// Names too short to cut into four segments, checked always (by their length).
    private let shortNames: [Int32]
    private let wordIDs: [String: Int32]
    /// Each name's word ids, sorted.
    private let nameWords: [[Int32]]
    /// Word id → the names that have it, in list order.
    private let postings: [[Int32]]

    /// Largest number of edits a spelling suggestion may be away.
    public static let maximumEdits = 3
    /// Least Jaccard similarity of the word sets for a word suggestion: `shared / union ≥ 1 / 2`.
    static let wordSimilarity = (numerator: 1, denominator: 2)

    /// Edits allowed for a spelling suggestion for a query of this length (in bytes).
    public static func spellingLimit(_ length: Int) -> Int { min(maximumEdits, max(2, length / 4)) }

    public init(_ names: [String]) {
        self.init(bytes: names.map { Array($0.utf8) })
    }

    public init(bytes names: [[UInt8]]) {
        self.names = names
        var segments: [UInt64: [Int32]] = [:]
        var shortNames: [Int32] = []
        var wordIDs: [String: Int32] = [:]
        var nameWords: [[Int32]] = []
        var postings: [[Int32]] = []
        nameWords.reserveCapacity(names.count)
        for (position, name) in names.enumerated() {
            let id = Int32(position)
            if name.count < Self.maximumEdits + 1 {
                shortNames.append(id)
            } else {
                for part in 0...Self.maximumEdits {
                    let (start, length) = Self.segment(part, of: name.count)
                    segments[Self.segmentKey(name.count, part, name[start..<(start + length)]), default: []].append(id)
                }
            }
            var ids: [Int32] = []
            for word in Self.words(name) {
                let wordID: Int32
                if let known = wordIDs[word] {
                    wordID = known
                } else {
                    wordID = Int32(postings.count)
                    wordIDs[word] = wordID
                    postings.append([])
                }
                if !ids.contains(wordID) {
                    ids.append(wordID)
                    postings[Int(wordID)].append(id)
                }
            }
            nameWords.append(ids.sorted())
        }
        (self.segments, self.shortNames, self.wordIDs, self.nameWords, self.postings) =
            (segments, shortNames, wordIDs, nameWords, postings)
    }

    /// The position in the list of the name `text` most probably meant, or nil.
    public func suggestion(for text: String) -> Int? { suggestion(for: Array(text.utf8)) }

    public func suggestion(for query: [UInt8]) -> Int? {
        spelling(query) ?? bestWords(query)
    }

    // MARK: Spelling

    /// The start and length of segment `part` of a name of `length` bytes: four segments, the last ones one byte
    /// longer when the length is not a multiple of four.
    static func segment(_ part: Int, of length: Int) -> (start: Int, length: Int) {
        let count = maximumEdits + 1
        let base = length / count, longer = length % count
        // The last `longer` segments have `base + 1` bytes.
        let shortCount = count - longer
        if part < shortCount { return (part * base, base) }
        return (shortCount * base + (part - shortCount) * (base + 1), base + 1)
    }

    /// A 64-bit key for segment `part` of a name of `length` bytes with these bytes (FNV-1a). Two segments with
    /// the same key only add a candidate, which the edit distance then rejects.
    static func segmentKey(_ length: Int, _ part: Int, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(length &* 8 &+ part)
        hash = hash &* 0x100_0000_01b3
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private func spelling(_ query: [UInt8]) -> Int? {
        var limit = Self.spellingLimit(query.count)
        var candidates: Set<Int32> = []
        for length in max(0, query.count - limit)...(query.count + limit) where length >= Self.maximumEdits + 1 {
            for part in 0...Self.maximumEdits {
                let (start, segmentLength) = Self.segment(part, of: length)
                guard segmentLength <= query.count else { continue }
                let lowest = max(0, start - limit), highest = min(query.count - segmentLength, start + limit)
                guard lowest <= highest else { continue }
                for offset in lowest...highest {
                    if let found = segments[Self.segmentKey(length, part, query[offset..<(offset + segmentLength)])] {
                        candidates.formUnion(found)
                    }
                }
            }
        }
        for id in shortNames where abs(names[Int(id)].count - query.count) <= limit { candidates.insert(id) }
        var best: (distance: Int, id: Int32)?
        for id in candidates.sorted() {
            guard let distance = EditDistance.distance(query, names[Int(id)], limit: limit) else { continue }
            if best == nil || distance < best!.distance {
                best = (distance, id)
                limit = distance
            }
        }
        return best.map { Int($0.id) }
    }

    // MARK: Words

    /// A word's weight: `log2(1 + names / names with it)` in thousandths (integers, so that sums are exact and
    /// the index and the reference agree to the last unit). A word no name has weighs as one on a single name.
    static func weight(namesWithWord: Int, names: Int) -> Int {
        Int((log2(1 + Double(names) / Double(max(1, namesWithWord))) * 1000).rounded())
    }

    private func bestWords(_ query: [UInt8]) -> Int? {
        let queryWords = Self.words(query)
        guard !queryWords.isEmpty else { return nil }
        let total = names.count
        var weights: [Int32: Int] = [:]
        var queryWeight = 0
        var known: [(id: Int32, weight: Int)] = []
        for word in queryWords {
            let id = wordIDs[word]
            let weight = Self.weight(namesWithWord: id.map { postings[Int($0)].count } ?? 0, names: total)
            queryWeight += weight
            if let id {
                known.append((id, weight))
                weights[id] = weight
            }
        }
        // Heaviest first: a name that reaches half of the query's weight has one of the words taken until what is
        // left weighs less than half (unknown words are in no name, and only add to the query's weight).
        known.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
        var remaining = known.reduce(0) { $0 + $1.weight }
        var candidates: Set<Int32> = []
        for word in known {
            guard 2 * remaining >= queryWeight else { break }
            candidates.formUnion(postings[Int(word.id)])
            remaining -= word.weight
        }
        var best: (shared: Int, union: Int, distance: Int?, id: Int32)?
        for id in candidates.sorted() {
            var shared = 0, nameWeight = 0
            for word in nameWords[Int(id)] {
                let weight = weights[word] ?? Self.weight(namesWithWord: postings[Int(word)].count, names: total)
                nameWeight += weight
                if weights[word] != nil { shared += weight }
            }
            let union = queryWeight + nameWeight - shared
            guard shared * Self.wordSimilarity.denominator >= union * Self.wordSimilarity.numerator else { continue }
            if let current = best {
                // Higher similarity first (compared as fractions), then the nearer spelling, then list order.
                let order = shared * current.union - current.shared * union
                if order < 0 { continue }
                if order == 0 {
                    let currentDistance = current.distance ?? EditDistance.distance(query, names[Int(current.id)], limit: .max)!
                    best!.distance = currentDistance
                    guard let distance = EditDistance.distance(query, names[Int(id)], limit: currentDistance - 1) else { continue }
                    best = (shared, union, distance, id)
                    continue
                }
            }
            best = (shared, union, nil, id)
        }
        return best.map { Int($0.id) }
    }

    /// The words of the last segment of a name (after its last `/`, without a file extension), lowercased and
    /// stemmed, without repeats, in order.
    static func words(_ name: [UInt8]) -> [String] {
        var end = name.count
        while end > 0, name[end - 1] == UInt8(ascii: "/") { end -= 1 }
        var start = end
        while start > 0, name[start - 1] != UInt8(ascii: "/") { start -= 1 }
        // A file extension: a `.` followed by one to five letters or digits at the end.
        if let dot = name[start..<end].lastIndex(of: UInt8(ascii: ".")), dot > start, end - dot - 1 >= 1, end - dot - 1 <= 5,
           name[(dot + 1)..<end].allSatisfy({ $0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) }) {
            end = dot
        }
        var result: [String] = []
        var word: [UInt8] = []
        func flush() {
            guard !word.isEmpty else { return }
            let stemmed = stem(word)
            if !result.contains(stemmed) { result.append(stemmed) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in name[start..<end] {
            // Letters, digits and any non-ASCII byte (a letter of another script) make words.
            if byte.isASCIILetter || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80 {
                word.append(byte.asciiLowercased)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    static func words(_ name: String) -> [String] { words(Array(name.utf8)) }

    /// Folds plurals and verb forms that help-center URLs mix (`servers`, `managing`, `created`, `manage`).
    static func stem(_ bytes: [UInt8]) -> String {
        var word = bytes[...]
        if word.count > 3, word.last == UInt8(ascii: "s"), word[word.endIndex - 2] != UInt8(ascii: "s") { word = word.dropLast() }
        if word.count > 5, word.hasSuffix("ing".utf8) {
            word = word.dropLast(3)
        } else if word.count > 4, word.hasSuffix("ed".utf8) {
            word = word.dropLast(2)
        }
        if word.count > 4, word.last == UInt8(ascii: "e") { word = word.dropLast() }
        return String(decoding: word, as: UTF8.self)
    }

    // MARK: Reference

    /// The same answer as `suggestion(for:)`, by comparing `query` with every name: the definition, for tests.
    public static func bruteForce(_ query: String, in names: [String]) -> Int? {
        let query = Array(query.utf8), names = names.map { Array($0.utf8) }
        var best: (distance: Int, index: Int)?
        for (index, name) in names.enumerated() {
            guard let distance = EditDistance.distance(query, name, limit: spellingLimit(query.count)) else { continue }
            if best == nil || distance < best!.distance { best = (distance, index) }
        }
        if let best { return best.index }
        let queryWords = Set(words(query))
        guard !queryWords.isEmpty else { return nil }
        let nameWords = names.map { Set(words($0)) }
        var namesWith: [String: Int] = [:]
        for set in nameWords { for word in set { namesWith[word, default: 0] += 1 } }
        func weight(_ word: String) -> Int { Self.weight(namesWithWord: namesWith[word] ?? 0, names: names.count) }
        var bestWords: (shared: Int, union: Int, distance: Int, index: Int)?
        for (index, name) in names.enumerated() {
            let shared = queryWords.intersection(nameWords[index]).reduce(0) { $0 + weight($1) }
            let union = queryWords.union(nameWords[index]).reduce(0) { $0 + weight($1) }
            guard shared > 0, shared * wordSimilarity.denominator >= union * wordSimilarity.numerator else { continue }
            let distance = EditDistance.distance(query, name, limit: .max)!
            if let current = bestWords {
                let order = shared * current.union - current.shared * union
                if order < 0 || (order == 0 && distance >= current.distance) { continue }
            }
            bestWords = (shared, union, distance, index)
        }
        return bestWords?.index
    }
}

private extension ArraySlice<UInt8> {
    func hasSuffix(_ suffix: String.UTF8View) -> Bool {
        count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix)
    }
}

/// A `SuggestionIndex` made on first use (a site without a broken link never pays for one), shared by the
/// threads of a check, with each distinct query answered once (a broken link is usually linked from many pages).
public final class LazySuggestions: Sendable {
    private let names: @Sendable () -> [String]
    private let index = Mutex<SuggestionIndex?>(nil)
    private let answers = Mutex<[String: Int?]>([:])
    /// Lists this short are compared name by name: making an index costs more.
    public static let indexThreshold = 64

    /// `names` is called once, when the first suggestion is asked for.
    public init(_ names: @escaping @Sendable () -> [String]) {
        self.names = names
    }

    /// The position among the names of the one `text` most probably meant (`SuggestionIndex`), or nil.
    public func suggestion(for text: String) -> Int? {
        if let known = answers.withLock({ $0[text] }) { return known }
        let made = index.withLock { index -> SuggestionIndex in
            if let index { return index }
            let built = SuggestionIndex(self.names())
            index = built
            return built
        }
        let value = made.suggestion(for: text)
        answers.withLock { $0[text] = value }
        return value
    }

    /// Drops the index and the answers kept; the next `suggestion(for:)` makes the index again. For a run that will
    /// ask no more (a build past its link check): at 50,000 articles the pages' index is 20 MB.
    public func release() {
        index.withLock { $0 = nil }
        answers.withLock { $0 = [:] }
    }

    /// The suggestion for `text` among `names`: by comparison with each for a short list, else through an index
    /// made for this one call (keep a `LazySuggestions` for repeated queries).
    public static func suggestion(for text: String, in names: [String]) -> String? {
        if names.count <= indexThreshold { return SuggestionIndex.bruteForce(text, in: names).map { names[$0] } }
        return SuggestionIndex(names).suggestion(for: text).map { names[$0] }
    }
}
