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
/// - Spelling: the names in a trie (a tree of their bytes), walked depth first with one row of the edit-distance
///   table per depth, so that a prefix many names share is compared once; a branch is left as soon as its row's
///   least value is past the limit (no name below it can come within the limit), and the limit falls to the nearest
///   distance found. A partition index (PassJoin, Li et al. 2011) had been used before it: cut into four segments,
///   a name within three edits has one segment in the query. Names that share their first segments (every
///   `/how-to/product/error-code-NNNN/` of a product, all of a length) all matched every query near them, so that
///   a site of such pages compared each broken link with each of them: 8,000 such pages took 11 s to check.
/// - Words: an inverted index from each word to the names that have it, searched with a prefix filter: a name with
///   similarity ≥ 1/2 shares at least half of the query's weight, so it has one of the query's heaviest words,
///   taken until what is left weighs less than half.
///
/// `SuggestionIndex.bruteForce` computes the same answers by comparing with every name; a test compares both.
public struct SuggestionIndex: Sendable {
    public let names: [[UInt8]]
    /// The trie, its nodes in depth-first order (node 0 is the root, the empty prefix): each node's last byte,
    /// depth, the node after its subtree, and the first position in the list of a name that ends there (or -1).
    private let nodeBytes: [UInt8]
    private let nodeDepths: [Int32]
    private let subtreeEnds: [Int32]
    private let nodeNames: [Int32]
    /// The length of the longest name in the trie.
    private let longestName: Int
    private let wordIDs: [String: Int32]
    /// Each name's word ids, sorted.
    private let nameWords: [[Int32]]
    /// Word id → the names that have it, lightest first (`nameWeights`), then in list order.
    private let postings: [[Int32]]
    /// Each word's weight (`weight(namesWithWord:names:)`), by word id.
    private let wordWeights: [Int]
    /// Each name's weight: the sum of its words' weights.
    private let nameWeights: [Int]

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
        (nodeBytes, nodeDepths, subtreeEnds, nodeNames) = Self.trie(names)
        longestName = nodeDepths.lazy.map(Int.init).max() ?? 0
        var wordIDs: [String: Int32] = [:]
        var nameWords: [[Int32]] = []
        var postings: [[Int32]] = []
        nameWords.reserveCapacity(names.count)
        for (position, name) in names.enumerated() {
            let id = Int32(position)
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
        let total = names.count
        let wordWeights = postings.map { Self.weight(namesWithWord: $0.count, names: total) }
        let nameWeights = nameWords.map { $0.reduce(0) { $0 + wordWeights[Int($1)] } }
        for word in postings.indices {
            postings[word].sort { nameWeights[Int($0)] != nameWeights[Int($1)] ? nameWeights[Int($0)] < nameWeights[Int($1)] : $0 < $1 }
        }
        (self.wordIDs, self.nameWords, self.postings, self.wordWeights, self.nameWeights) =
            (wordIDs, nameWords, postings, wordWeights, nameWeights)
    }

    /// The position in the list of the name `text` most probably meant, or nil.
    public func suggestion(for text: String) -> Int? { suggestion(for: Array(text.utf8)) }

    public func suggestion(for query: [UInt8]) -> Int? {
        spelling(query) ?? bestWords(query)
    }

    // MARK: Spelling

    /// The trie of `names` in depth-first order, children by byte: made from the names sorted, each adding the
    /// nodes past what it shares with the one before it.
    static func trie(_ names: [[UInt8]]) -> (bytes: [UInt8], depths: [Int32], ends: [Int32], names: [Int32]) {
        let order = names.indices.sorted { left, right in
            let a = names[left], b = names[right]
            return a.lexicographicallyPrecedes(b) || (a == b && left < right)
        }
        var bytes: [UInt8] = [0], depths: [Int32] = [0], ends: [Int32] = [0], nodeNames: [Int32] = [-1]
        // The nodes from the root to the last name's end, by depth.
        var path: [Int32] = [0]
        var previous: [UInt8] = []
        for position in order {
            let name = names[position]
            var shared = 0
            let most = min(previous.count, name.count)
            while shared < most, previous[shared] == name[shared] { shared += 1 }
            // Nodes deeper than the shared prefix are complete: their subtrees end where the next node goes.
            while path.count > shared + 1 { ends[Int(path.removeLast())] = Int32(bytes.count) }
            for depth in shared..<name.count {
                path.append(Int32(bytes.count))
                bytes.append(name[depth])
                depths.append(Int32(depth + 1))
                ends.append(0)
                nodeNames.append(-1)
            }
            // Sorted by position among equal names: the first to end here is the first in the list.
            let last = Int(path[name.count])
            if nodeNames[last] < 0 { nodeNames[last] = Int32(position) }
            previous = name
        }
        for node in path { ends[Int(node)] = Int32(bytes.count) }
        return (bytes, depths, ends, nodeNames)
    }

    /// The first name in the trie below the node that goes furthest along the query's bytes.
    private func seed(_ query: [UInt8]) -> Int32? {
        var node = 0
        for byte in query {
            var child = node + 1
            let end = Int(subtreeEnds[node])
            while child < end, nodeBytes[child] != byte { child = Int(subtreeEnds[child]) }
            guard child < end else { break }
            node = child
        }
        let end = Int(subtreeEnds[node])
        while node < end {
            if nodeNames[node] >= 0 { return nodeNames[node] }
            node += 1
        }
        return nil
    }

    /// The nearest name within `spellingLimit` edits, first in the list among the nearest: the trie walked depth
    /// first, row `d` of the table (the query's prefixes against the node's prefix of `d` bytes) made from row
    /// `d - 1`. Only the cells within the limit of the diagonal are kept (the rest cost more): row `d` holds
    /// the query's prefixes of `d - limit` to `d + limit` bytes, so that a long query costs its length, not its
    /// square.
    private func spelling(_ query: [UInt8]) -> Int? {
        let band = Self.spellingLimit(query.count)
        let count = query.count
        // No name is within the limit of a query longer than the longest name by more than the limit.
        guard count <= longestName + band else { return nil }
        var limit = band
        let width = 2 * band + 1
        let outside = Int32(band + 1)
        // A node deeper than this has every cell past the limit.
        let deepest = min(count + band, longestName)
        var rows = [Int32](repeating: outside, count: (deepest + 1) * width)
        // Row 0: cell `j` (the query's first `j` bytes against nothing) is at `j + band`.
        for j in 0...min(count, band) { rows[j + band] = Int32(j) }
        var best: (distance: Int32, id: Int32)?
        if nodeNames[0] >= 0, count <= band { best = (Int32(count), nodeNames[0]); limit = count }
        // A first answer lowers the limit before the walk, which goes in byte order: without one, a query near a
        // crowd (`error-code-7x` among thousands of `error-code-N`) explores every short prefix of the crowd.
        if let seed = seed(query), let distance = EditDistance.distance(query, names[Int(seed)], limit: limit),
           best == nil || Int32(distance) < best!.distance {
            best = (Int32(distance), seed)
            limit = distance
        }
        let nodes = nodeBytes.count
        query.withUnsafeBufferPointer { query in
            rows.withUnsafeMutableBufferPointer { rows in
                var node = 1
                while node < nodes {
                    let depth = Int(nodeDepths[node])
                    if depth > deepest {
                        node = Int(subtreeEnds[node])
                        continue
                    }
                    // Cell `k` of a row is the query's prefix of `depth - band + k` bytes.
                    let above = (depth - 1) * width, here = depth * width
                    let byte = nodeBytes[node]
                    var least = outside
                    for k in 0..<width {
                        let j = depth - band + k
                        var value = outside
                        if j == 0 {
                            value = min(Int32(depth), outside)
                        } else if j > 0, j <= count {
                            let up = k + 1 < width ? rows[above + k + 1] : outside
                            let left = k > 0 ? rows[here + k - 1] : outside
                            let diagonal = rows[above + k] + (byte == query[j - 1] ? 0 : 1)
                            value = min(up + 1, left + 1, diagonal, outside)
                        }
                        rows[here + k] = value
                        if value < least { least = value }
                    }
                    if least > Int32(limit) {
                        node = Int(subtreeEnds[node])
                        continue
                    }
                    let id = nodeNames[node]
                    if id >= 0, abs(count - depth) <= band, rows[here + count - depth + band] <= Int32(limit) {
                        let distance = rows[here + count - depth + band]
                        if best == nil || distance < best!.distance || (distance == best!.distance && id < best!.id) {
                            best = (distance, id)
                            limit = Int(distance)
                        }
                    }
                    node += 1
                }
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
        var queryWeight = 0
        var known: [(id: Int32, weight: Int)] = []
        for word in queryWords {
            let id = wordIDs[word]
            let weight = id.map { wordWeights[Int($0)] } ?? Self.weight(namesWithWord: 0, names: names.count)
            queryWeight += weight
            if let id { known.append((id, weight)) }
        }
        let queryIDs = Set(known.map(\.id))
        // Heaviest first: a name that reaches half of the query's weight has one of the words taken until what is
        // left weighs less than half (unknown words are in no name, and only add to the query's weight).
        known.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
        var remaining = known.reduce(0) { $0 + $1.weight }
        // Sizes: `3 × shared ≥ query + name` (similarity ≥ 1/2) with `shared ≤ name` and `shared ≤ query` leaves only
        // the names that weigh from half to twice the query, a range of each word's names (lightest first).
        var candidates: Set<Int32> = []
        for word in known {
            guard 2 * remaining >= queryWeight else { break }
            let names = postings[Int(word.id)]
            let first = firstName(in: names) { 2 * nameWeights[Int($0)] >= queryWeight }
            let end = firstName(in: names) { nameWeights[Int($0)] > 2 * queryWeight }
            if first < end { candidates.formUnion(names[first..<end]) }
            remaining -= word.weight
        }
        var best: (shared: Int, union: Int, distance: Int?, id: Int32)?
        for id in candidates.sorted() {
            var shared = 0
            for word in nameWords[Int(id)] where queryIDs.contains(word) { shared += wordWeights[Int(word)] }
            let union = queryWeight + nameWeights[Int(id)] - shared
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

    /// The position of the first name in `names` (lightest first) for which `isPast` holds, or the end.
    private func firstName(in names: [Int32], where isPast: (Int32) -> Bool) -> Int {
        var low = 0, high = names.count
        while low < high {
            let middle = (low + high) / 2
            if isPast(names[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
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
