/// Levenshtein distance (by UTF-8 byte), giving up early once it exceeds a limit. Hand-written because none of
/// our dependencies provides one; used for suggestions (`SuggestionIndex`).
public enum EditDistance {
    /// The distance between two byte strings, or nil when it is above `limit`. Only the cells within `limit` of
    /// the diagonal are computed (a path through any other cell costs more), so a small limit costs
    /// O(length × limit).
    public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        if limit < 0 || abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let band = min(limit, max(a.count, b.count))
        let outside = band + 1
        var previous = [Int](repeating: outside, count: b.count + 1)
        var current = [Int](repeating: outside, count: b.count + 1)
        for j in 0...min(b.count, band) { previous[j] = j }
        for i in 1...a.count {
            let low = max(1, i - band), high = min(b.count, i + band)
            current[low - 1] = low == 1 && i <= band ? i : outside
            var rowMinimum = current[low - 1]
            let byte = a[i - 1]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (byte == b[j - 1] ? 0 : 1)
                    let value = min(previous[j] + 1, current[j - 1] + 1, substitution, outside)
                    current[j] = value
                    if value < rowMinimum { rowMinimum = value }
                }
            }
            if high < b.count { current[high + 1] = outside }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
