import SitegenCore
/// `http:/x`, `https//x`, `htps://x`, `http://http://x`, `http:x`: a scheme mistyped so that browsers treat the
/// URL as a path of this site (or fail).
public struct MalformedSchemeRule: LinkRule {
    public let id = "link-malformed-scheme"
    public let defaultSeverity = RuleSeverity.error
    public let summary = "A mistyped URL scheme: http:/x, https//x, htps://x, http://http://x."

    public init() {}

    /// Misspellings of `http` and `https`.
    static let misspellings = [
        "htp": "http", "htttp": "http", "hhttp": "http", "htpp": "http",
        "htps": "https", "httsp": "https", "htttps": "https", "httpss": "https", "hhttps": "https", "htpps": "https",
        "htpss": "https",
    ]

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let destination = context.link.destination
        // Cheap test first: every mistyped scheme starts with a letter (`htps:`, `http//`).
        guard isRealLink(context.link), let first = destination.utf8.first,
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20),
              let (fixed, problem) = Self.repair(destination) else { return nil }
        return RuleFinding(message: "'\(destination)' \(problem)", fixIt: "did you mean '\(fixed)'?", suggestion: fixed,
                           replacement: .destination(fixed))
    }

    /// The repaired URL and what was wrong, or nil when the scheme is fine.
    static func repair(_ destination: String) -> (String, String)? {
        let lowered = destination.lowercased()
        // A doubled scheme: `http://http://x`, `https://https//x`.
        for first in ["http://", "https://"] where lowered.hasPrefix(first) {
            let rest = String(destination.dropFirst(first.count))
            if let inner = repair(rest), rest.lowercased().hasPrefix("http") {
                return (inner.0, "repeats the scheme")
            }
            for second in ["http://", "https://"] where rest.lowercased().hasPrefix(second) {
                return (rest, "repeats the scheme")
            }
            return nil
        }
        for scheme in ["https", "http"] where lowered.hasPrefix(scheme) {
            let rest = destination.dropFirst(scheme.count)
            if rest.hasPrefix("//") {
                return (scheme + "://" + rest.dropFirst(2), "is missing the ':' after '\(scheme)'")
            }
            if rest.hasPrefix(";//") {
                return (scheme + "://" + rest.dropFirst(3), "has a malformed scheme separator")
            }
            if rest.hasPrefix(":/"), !rest.hasPrefix("://") {
                return (scheme + "://" + rest.dropFirst(2), "has one slash after '\(scheme):'; URLs need two")
            }
            if rest.hasPrefix(":"), !rest.hasPrefix("://"), rest.count > 1 {
                return (scheme + "://" + rest.dropFirst(), "has no '//' after '\(scheme):'")
            }
        }
        if let separator = lowered.range(of: "://") {
            let scheme = String(lowered[..<separator.lowerBound])
            if let correct = misspellings[scheme] {
                return (correct + "://" + destination[separator.upperBound...], "misspells the scheme '\(correct)'")
            }
        }
        return nil
    }
}
