/// What the external-link check (`--external`, `--offline`) found, for the summaries of every report format:
/// unique URLs by class. Absent from a report when external links were not fetched.
public struct ExternalCounts: Sendable, Codable, Equatable {
    /// The classes in the order the summaries list them; `ok` is a working link (the checker's `working`).
    public static let classOrder = ["ok", "moved", "dead", "blocked", "flaky", "tls"]

    /// Unique URLs, and how many were fetched now, taken from the cache, or not checked (offline without a cache
    /// entry, or a private address).
    public var urls = 0, fetched = 0, cached = 0, unchecked = 0
    /// Requests sent.
    public var requests = 0
    /// Class (`ok`, `dead`, `moved`, ...) → unique URLs in it.
    public var classes: [String: Int] = [:]
    /// No host could be reached: nothing was checked.
    public var noNetwork = false
    /// `--offline`: only the cache was used.
    public var offline = false

    public init() {}

    /// `2 ok, 1 dead, 1 not checked`: the classes in `classOrder` (any other after them, by name), then the URLs not
    /// checked; only the non-zero counts.
    public var classesDescription: String {
        let others = classes.keys.filter { !Self.classOrder.contains($0) }.sorted()
        var parts = (Self.classOrder + others).compactMap { name in classes[name].flatMap { $0 > 0 ? "\($0) \(name)" : nil } }
        if unchecked > 0 { parts.append("\(unchecked) not checked") }
        return parts.joined(separator: ", ")
    }

    /// The external part of a summary line, for `links` external links: `3 external, not fetched` without a check,
    /// `3 external, not checked: no network`, or `3 external; 2 URLs: 1 ok, 1 dead`.
    public static func summary(links: Int, _ counts: ExternalCounts?) -> String {
        guard let counts else { return "\(links) external, not fetched" }
        if counts.noNetwork { return "\(links) external, not checked: no network" }
        let classes = counts.classesDescription
        return "\(links) external; \(counts.urls) URL\(counts.urls == 1 ? "" : "s")\(classes.isEmpty ? "" : ": " + classes)"
    }
}
