public import SitegenCore
/// `http:/x`, `https//x`, `htps://x`, `http://http://x`, `http:x`: a scheme mistyped so that browsers treat the
/// URL as a path of this site (or fail).
public struct MalformedSchemeRule: LinkRule {
    public var id: String { "link-malformed-scheme" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A mistyped URL scheme: http:/x, https//x, htps://x, http://http://x." }

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
              first.isASCIILetter,
              let (fixed, problem) = Self.repair(destination) else { return nil }
        return RuleFinding(message: "'\(destination)' \(problem)", fixIt: "did you mean '\(fixed)'?", suggestion: fixed,
                           replacement: .destination(fixed))
    }

    /// False for the destinations `repair` certainly leaves alone, decided on bytes: those with neither `:` nor
    /// `//`, and a well-formed `http://` or `https://` not followed by another `http` (most external links).
    static func mayBeMalformed(_ destination: String) -> Bool {
        let bytes = destination.utf8
        func hasPrefix(_ prefix: String, at start: Int) -> Bool {
            let slice = bytes.dropFirst(start)
            return slice.count >= prefix.utf8.count && zip(slice, prefix.utf8).allSatisfy { $0.asciiLowercased == $1 }
        }
        var hasColon = false, hasDoubleSlash = false, previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ":") { hasColon = true }
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { hasDoubleSlash = true }
            previous = byte
        }
        if !hasColon, !hasDoubleSlash { return false }
        for scheme in ["https://", "http://"] where hasPrefix(scheme, at: 0) {
            return hasPrefix("http", at: scheme.utf8.count)
        }
        return true
    }

    /// The repaired URL and what was wrong, or nil when the scheme is fine.
    static func repair(_ destination: String) -> (String, String)? {
        guard mayBeMalformed(destination) else { return nil }
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
