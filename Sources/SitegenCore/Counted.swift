/// `1 article`, `2 articles`, `0 articles`: a count with its noun in the right number, for summaries.
/// `plural` for the nouns that do not just take an `s` (`1 entry`, `2 entries`).
public func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
}
