public import Foundation

/// What fetching one URL found, as kept in the cache and turned into diagnostics.
public struct ExternalResult: Sendable, Codable, Equatable {
    /// The class of the answer; each but `working` is a rule.
    public enum Kind: String, Sendable, Codable {
        /// 2xx, directly or through redirects that are not all permanent.
        case working
        /// 301/308 redirects only, ending at a working page.
        case moved
        /// 404, 410, a host that does not resolve, too many redirects or a loop, or a redirect to one of those.
        case dead
        /// 401, 403, 999, a bot challenge: a browser may get the page, a robot does not.
        case blocked
        /// Timeouts, resets, refused connections, 5xx, 429, still so after the retries.
        case flaky
        /// The certificate is expired, not trusted, or for another host.
        case tls

        /// Whether the answer is a failure: reused for `failure_max_age` and counted towards promotion to dead.
        public var isFailure: Bool { self == .dead || self == .flaky || self == .tls }
    }

    /// One redirect: its status and where it led.
    public struct Redirect: Sendable, Codable, Equatable {
        public var status: Int
        public var location: String
    }

    public var kind: Kind
    /// The last HTTP status, when there was an answer.
    public var status: Int?
    /// The diagnosis in words: `404 Not Found`, `timed out after 10 s (3 tries)`.
    public var reason: String
    /// The redirects followed, in order.
    public var redirects: [Redirect]
    /// When the URL was fetched.
    public var checked: Date
    /// Runs in a row that fetched this URL and failed (0 when it worked the last time).
    public var consecutiveFailures: Int
    /// When the current run of failures started.
    public var failingSince: Date?
    /// The `id` and `name` attributes of the page, when it was read for fragments.
    public var anchors: [String]?
    /// The host name did not resolve (told apart so that a machine without network is not reported host by host).
    public var unresolved: Bool
    /// No answer and no TLS handshake: the host could not be reached at all.
    public var unreached: Bool
    /// For an `http://` URL that works: whether the same URL over `https://` works too (nil when not tried).
    public var httpsWorks: Bool?

    public init(kind: Kind, status: Int? = nil, reason: String, redirects: [Redirect] = [], checked: Date,
                consecutiveFailures: Int = 0, failingSince: Date? = nil, anchors: [String]? = nil,
                unresolved: Bool = false, unreached: Bool = false, httpsWorks: Bool? = nil) {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.redirects = redirects
        self.checked = checked
        self.consecutiveFailures = consecutiveFailures
        self.failingSince = failingSince
        self.anchors = anchors
        self.unresolved = unresolved
        self.unreached = unreached
        self.httpsWorks = httpsWorks
    }

    /// Where the redirects ended, when there were any.
    public var finalURL: String? { redirects.last?.location }

    /// The redirect chain in words: `301 → https://a/ → 308 → https://b/`.
    public var chainDescription: String {
        redirects.map { "\($0.status) → \($0.location)" }.joined(separator: " → ")
    }
}
