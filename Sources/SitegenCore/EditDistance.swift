/// Levenshtein distance (by UTF-8 byte), giving up early once it exceeds a limit. Hand-written because none of
/// our dependencies provides one; used only for suggestions on broken links and unknown rule ids.
public enum EditDistance {
    /// The distance between two byte strings, or nil when it is above `limit`.
    public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            let byte = a[i - 1]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (byte == b[j - 1] ? 0 : 1)
                let value = min(previous[j] + 1, current[j - 1] + 1, substitution)
                current[j] = value
                if value < rowMinimum { rowMinimum = value }
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }

    /// The limit suggestions use: a quarter of the text's length, at least 2.
    public static func limit(for text: [UInt8]) -> Int { max(2, text.count / 4) }

    /// The index of the candidate nearest to `text` within the limit; ties go to the first.
    public static func nearest(to text: [UInt8], in candidates: [[UInt8]]) -> Int? {
        var limit = limit(for: text)
        var best: Int?
        for (index, candidate) in candidates.enumerated() {
            // Every distance within the limit beats the best so far, since the limit shrinks below it.
            guard let distance = distance(text, candidate, limit: limit) else { continue }
            best = index
            if distance == 0 { break }
            limit = distance - 1
        }
        return best
    }

    /// The candidate nearest to `text` within a limit that grows with its length; ties go to the first.
    public static func nearest(to text: String, in candidates: [String]) -> String? {
        nearest(to: Array(text.utf8), in: candidates.map { Array($0.utf8) }).map { candidates[$0] }
    }
}
