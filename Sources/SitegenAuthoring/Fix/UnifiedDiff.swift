/// A unified diff (`diff -u` format) of a file whose fixes change text within lines, for `sitegen fix --dry-run`.
///
/// Hand-written because the fixes never add or remove lines, so a line-by-line comparison gives the exact diff
/// without a general diff algorithm (and none of our dependencies has one).
public enum UnifiedDiff {
    public static func render(file: String, original: [UInt8], fixed: [UInt8], context: Int = 3) -> String {
        let old = split(original), new = split(fixed)
        guard old.count == new.count else {
            // Not expected from sitegen's fixes; show the whole file rather than a wrong hunk.
            return header(file) + "@@ -1,\(old.count) +1,\(new.count) @@\n"
                + old.map { "-" + $0 + "\n" }.joined() + new.map { "+" + $0 + "\n" }.joined()
        }
        let changed = old.indices.filter { old[$0] != new[$0] }
        guard !changed.isEmpty else { return "" }
        // Group changed lines whose context overlaps into hunks.
        var hunks: [ClosedRange<Int>] = []
        for line in changed {
            let range = max(0, line - context)...min(old.count - 1, line + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        var text = header(file)
        for hunk in hunks {
            text += "@@ -\(hunk.lowerBound + 1),\(hunk.count) +\(hunk.lowerBound + 1),\(hunk.count) @@\n"
            // Runs of changed lines are written as all removals, then all additions, as diff -u does.
            var run: [Int] = []
            func flush() {
                text += run.map { "-" + old[$0] + "\n" }.joined() + run.map { "+" + new[$0] + "\n" }.joined()
                run.removeAll()
            }
            for line in hunk {
                if old[line] == new[line] {
                    flush()
                    text += " " + old[line] + "\n"
                } else {
                    run.append(line)
                }
            }
            flush()
        }
        return text
    }

    private static func header(_ file: String) -> String { "--- a/\(file)\n+++ b/\(file)\n" }

    private static func split(_ bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
