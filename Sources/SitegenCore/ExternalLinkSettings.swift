/// How a site wants its external links fetched (`links.external` in `sitegen.yml`); off unless `check` is set or
/// `--external` is given, so that a plain build stays offline and deterministic.
public struct ExternalLinkSettings: Sendable, Equatable {
    /// What one host gets: requests in flight at once, the least time between the starts of two requests, and
    /// headers added to each request.
    public struct HostPolicy: Sendable, Equatable {
        public var concurrency: Int
        /// Seconds.
        public var interval: Double
        public var headers: [String: String]

        public init(concurrency: Int = 2, interval: Double = 0.1, headers: [String: String] = [:]) {
            self.concurrency = concurrency
            self.interval = interval
            self.headers = headers
        }
    }

    /// Fetch the site's external URLs (`check: true`, or `--external`).
    public var check = false
    /// Seconds one request may take, from its start to the end of what is read of the body.
    public var timeout: Double = 10
    /// Seconds to open a connection (TCP and TLS).
    public var connectTimeout: Double = 5
    /// Tries after the first one, for flaky answers (timeouts, resets, 5xx, 429).
    public var retries = 2
    /// Requests in flight in all.
    public var concurrency = 64
    /// Fetch URLs whose host is a loopback or private address (or `localhost`).
    public var allowPrivate = false
    /// Check `#fragment`s against the `id` and `name` attributes of the fetched page (which then is read).
    public var fragments = false
    /// The policy of hosts not named in `hosts`.
    public var defaultHost = HostPolicy()
    /// Host name (lowercased) → its policy.
    public var hosts: [String: HostPolicy] = [:]
    /// Seconds a working answer is reused from the cache.
    public var cacheMaxAge: Double = 86_400
    /// Seconds a failed answer is reused from the cache.
    public var failureMaxAge: Double = 3_600
    /// The longest `Retry-After` honoured, in seconds: a server asking for more is reported as flaky at once.
    public var retryAfterCap: Double = 60
    /// Consecutive failing runs (spanning at least `promotionAge`) after which a flaky link is reported dead.
    public var failuresBeforeDead = 3
    public var promotionAge: Double = 86_400

    public init() {}

    /// The policy of `host` (lowercased).
    public func policy(for host: String) -> HostPolicy { hosts[host] ?? defaultHost }
}
