/// The current page most like a removed one, by the Jaccard similarity of their word shingles (runs of
/// `shingleLength` words of title and text, lowercased).
///
/// Written here because no package of the project does it. Each current page's shingles go into an inverted index
/// (shingle → pages), and a removed page is compared only with the pages that share a shingle with it, counted
/// through the index: the work is the total length of the posting lists touched, not removed × current pages.
/// Shingles that more than `commonLimit` pages share (a template's boilerplate, "click Save") say nothing about
/// which page is which and would make the count quadratic: they are left out of both sides.
struct SimilarityIndex {
    static let shingleLength = 3

    private var postings: [Int: [Int32]] = [:]
    private var sizes: [Int] = []
    private let commonLimit: Int

    /// `documents`: the title and text of each current page, in the order `best(for:)` answers with.
    init(_ documents: [String]) {
        let shingles = documents.map(Self.shingles)
        for (position, set) in shingles.enumerated() {
            for shingle in set { postings[shingle, default: []].append(Int32(position)) }
        }
        commonLimit = max(20, documents.count / 50)
        sizes = shingles.map { set in set.reduce(0) { $0 + ((postings[$1]?.count ?? 0) > commonLimit ? 0 : 1) } }
    }

    /// The position of the most similar document and its similarity, when it reaches `threshold`.
    func best(for text: String, threshold: Double) -> (position: Int, similarity: Double)? {
        let mine = Self.shingles(text)
        var shared: [Int32: Int] = [:]
        var size = 0
        for shingle in mine {
            guard let list = postings[shingle] else { size += 1; continue }
            guard list.count <= commonLimit else { continue }
            size += 1
            for position in list { shared[position, default: 0] += 1 }
        }
        var best: (Int, Double)?
        for (position, count) in shared {
            let union = size + sizes[Int(position)] - count
            let similarity = union == 0 ? 0 : Double(count) / Double(union)
            if similarity >= threshold, best.map({ similarity > $0.1 || (similarity == $0.1 && Int(position) < $0.0) }) ?? true {
                best = (Int(position), similarity)
            }
        }
        return best
    }

    /// The hashes of the word shingles of `text`: its runs of ASCII letters and digits (and of non-ASCII bytes,
    /// so that other scripts make words too), ASCII lowercased. Read as bytes: walking a long text Character by
    /// Character cost more than the rest of the comparison.
    static func shingles(_ text: String) -> Set<Int> {
        var words: [Int] = []
        var hasher = Hasher()
        var inWord = false
        for byte in text.utf8 {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            let isWordByte = (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                || (lower >= UInt8(ascii: "0") && lower <= UInt8(ascii: "9")) || lower >= 0x80
            if isWordByte {
                if !inWord { hasher = Hasher(); inWord = true }
                hasher.combine(lower)
            } else if inWord {
                words.append(hasher.finalize())
                inWord = false
            }
        }
        if inWord { words.append(hasher.finalize()) }
        var set: Set<Int> = []
        if words.count < shingleLength {
            if !words.isEmpty { set.insert(words.hashValue) }
            return set
        }
        set.reserveCapacity(words.count)
        for start in 0...(words.count - shingleLength) {
            var shingle = Hasher()
            for word in words[start..<(start + shingleLength)] { shingle.combine(word) }
            set.insert(shingle.finalize())
        }
        return set
    }
}
