public import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
public import SitegenCore

/// Fetches a site's external URLs, each once, politely, and classes what each answered: working, moved, dead,
/// blocked, flaky or a certificate problem. Results are reused from the cache while fresh; what is fetched is
/// written back.
public struct ExternalLinkChecker: Sendable {
    /// One URL to check (without its fragment), and whether its page must be read for fragments.
    public struct Target: Sendable, Hashable {
        public var url: String
        public var readsAnchors: Bool

        public init(url: String, readsAnchors: Bool = false) {
            self.url = url
            self.readsAnchors = readsAnchors
        }
    }

    public struct Options: Sendable {
        public var settings: ExternalLinkSettings
        /// `sitegen/<version>`.
        public var userAgent: String
        /// The cache file; nil for none.
        public var cacheFile: String?
        /// Use only the cache: no request at all.
        public var offline = false
        /// Also try `https://` for `http://` URLs that work (for `link-external-insecure`).
        public var checksHTTPS = false
        /// Host name → address to connect to instead of resolving it (the benchmark's mock web on loopback).
        public var addressOverrides: [String: String] = [:]
        /// Certificates (DER) trusted besides the system's: the tests' TLS servers on loopback.
        public var trustedCertificates: [[UInt8]] = []
        /// The time now (the tests move it to see failures promoted).
        public var now: @Sendable () -> Date = { Date() }
        /// Called as URLs are done: (done, total, hosts busy, failing so far).
        public var progress: (@Sendable (Int, Int, Int, Int) -> Void)?

        public init(settings: ExternalLinkSettings, userAgent: String, cacheFile: String? = nil) {
            self.settings = settings
            self.userAgent = userAgent
            self.cacheFile = cacheFile
        }
    }

    /// What a run found.
    public struct Outcome: Sendable {
        /// Fetch URL → result, for every URL fetched now or taken from the cache.
        public var results: [String: ExternalResult] = [:]
        /// No host could be resolved or reached: nothing fetched now is reported.
        public var noNetwork = false
        /// Requests sent.
        public var requests = 0
        /// URLs fetched now, taken from the cache, and not checked (offline without a cache entry; private hosts).
        public var fetched = 0, cached = 0, unchecked = 0
        /// URLs not fetched because their host is private.
        public var privateURLs: [String] = []
        /// URLs not fetched because their host is reserved for documentation examples (`ExternalURL.isDocumentationExample`).
        public var exampleURLs: [String] = []
        /// Hosts by time spent waiting for their answers, slowest first.
        public var slowestHosts: [(host: String, seconds: Double, requests: Int)] = []
        /// The most requests in flight to each host at once.
        public var peakPerHost: [String: Int] = [:]
        /// Why the cache could not be written, if it could not.
        public var cacheProblem: String?
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The most redirects followed before a URL is reported dead.
    public static let redirectLimit = 10

    /// Checks `targets`.
    public func check(_ targets: [Target]) async -> Outcome {
        var outcome = Outcome()
        let settings = options.settings
        let now = options.now()
        var cache = options.cacheFile.map { ExternalCache.load(from: $0) } ?? ExternalCache()
        var toFetch: [(ExternalURL, Target)] = []
        var seen: Set<String> = []
        for target in targets where seen.insert(target.url).inserted {
            guard let url = ExternalURL(target.url) else { continue }
            if url.isPrivate, !settings.allowPrivate {
                outcome.privateURLs.append(target.url)
                outcome.unchecked += 1
                continue
            }
            if url.isDocumentationExample {
                outcome.exampleURLs.append(target.url)
                outcome.unchecked += 1
                continue
            }
            if let entry = cache.entries[target.url],
               options.offline || entry.isFresh(now: now, settings: settings, needsAnchors: target.readsAnchors) {
                outcome.results[target.url] = entry
                outcome.cached += 1
                continue
            }
            if options.offline {
                outcome.unchecked += 1
                continue
            }
            toFetch.append((url, target))
        }
        guard !toFetch.isEmpty else { return outcome }

        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .nanoseconds(Int64(settings.connectTimeout * 1e9)),
                                      read: .nanoseconds(Int64(settings.timeout * 1e9)))
        // Retries are this checker's, with backoff and within the host's limits; the pool's own would hide them.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.dnsOverride = options.addressOverrides
        if !options.trustedCertificates.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            // A certificate that cannot be read is left out: its server is then reported as not trusted.
            tls.additionalTrustRoots = [.certificates(options.trustedCertificates.compactMap { try? NIOSSLCertificate(bytes: $0, format: .der) })]
            configuration.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let gate = HostGate { host in
            let policy = settings.policy(for: host)
            return (policy.concurrency, .nanoseconds(Int64(max(0, policy.interval) * 1e9)))
        }
        let tally = Tally()
        let fetcher = Fetcher(client: client, gate: gate,
                              settings: .init(timeout: settings.timeout, userAgent: options.userAgent,
                                              headers: { settings.policy(for: $0).headers }),
                              tally: tally)
        let run = Run(fetcher: fetcher, settings: settings, checksHTTPS: options.checksHTTPS, clock: options.now)

        // URLs taken in turn from each host, so that the first ones in flight are spread over the hosts rather
        // than queued behind one host's limit.
        let ordered = Self.interleavedByHost(toFetch)
        let total = ordered.count
        var fresh: [String: ExternalResult] = [:]
        await withTaskGroup(of: (String, ExternalResult).self) { group in
            var next = 0
            var failing = 0
            func startNext() {
                guard next < ordered.count else { return }
                let (url, target) = ordered[next]
                next += 1
                group.addTask { (target.url, await run.check(url, readsAnchors: target.readsAnchors)) }
            }
            for _ in 0..<max(1, settings.concurrency) { startNext() }
            while let (url, result) = await group.next() {
                fresh[url] = result
                if result.kind.isFailure { failing += 1 }
                if let progress = options.progress {
                    let busy = await gate.busyHosts
                    progress(fresh.count, total, busy, failing)
                }
                startNext()
            }
        }
        try? await client.shutdown()

        outcome.requests = tally.requests
        outcome.fetched = fresh.count
        outcome.peakPerHost = await gate.peak
        outcome.slowestHosts = tally.hosts.map { (host: $0.key, seconds: $0.value.seconds, requests: $0.value.requests) }
            .sorted { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.host < $1.host }
        if !tally.reachedAny {
            // Nothing answered: this machine has no network. Nothing fetched now is reported or remembered.
            outcome.noNetwork = true
            return outcome
        }
        for (url, var result) in fresh {
            let previous = cache.entries[url]
            if result.kind.isFailure {
                let since = previous.flatMap { $0.kind.isFailure ? $0.failingSince : nil } ?? result.checked
                result.failingSince = since
                result.consecutiveFailures = (previous.map { $0.kind.isFailure ? $0.consecutiveFailures : 0 } ?? 0) + 1
                if result.kind == .flaky, result.consecutiveFailures >= settings.failuresBeforeDead,
                   result.checked.timeIntervalSince(since) >= settings.promotionAge {
                    result.kind = .dead
                    result.reason += "; failing since \(since.utcDay) (\(result.consecutiveFailures) runs in a row)"
                }
            }
            cache.entries[url] = result
            outcome.results[url] = result
        }
        if let file = options.cacheFile {
            do {
                try cache.save(to: file)
            } catch {
                outcome.cacheProblem = "cannot write the cache '\(file)': \(error.localizedDescription)"
            }
        }
        return outcome
    }

    static func interleavedByHost(_ items: [(ExternalURL, Target)]) -> [(ExternalURL, Target)] {
        var byHost: [String: [(ExternalURL, Target)]] = [:]
        var hosts: [String] = []
        for item in items {
            if byHost[item.0.host] == nil { hosts.append(item.0.host) }
            byHost[item.0.host, default: []].append(item)
        }
        var result: [(ExternalURL, Target)] = []
        result.reserveCapacity(items.count)
        // Each round takes the next URL of every host that has one left, hosts in their first-seen order; a host
        // whose URLs are done leaves the rounds (going over every host in every round cost hosts × the largest
        // host's URLs: 2×10⁸ steps for 10,000 hosts and one of 20,000 URLs).
        let queues = hosts.map { byHost[$0]! }
        var active = Array(queues.indices)
        var round = 0
        while !active.isEmpty {
            for queue in active { result.append(queues[queue][round]) }
            round += 1
            active.removeAll { queues[$0].count <= round }
        }
        return result
    }
}

/// One run's fetching of one URL: HEAD (or GET), the redirects, the retries.
private struct Run: Sendable {
    let fetcher: Fetcher
    let settings: ExternalLinkSettings
    let checksHTTPS: Bool
    let clock: @Sendable () -> Date

    /// Statuses to a HEAD request after which the page is asked for with GET: servers that refuse HEAD, or answer it
    /// differently from GET (403 and 404 only on HEAD); 503 too, to see whether it is a bot challenge page.
    static let headRefusals: Set<Int> = [403, 404, 405, 501, 503]

    func check(_ url: ExternalURL, readsAnchors: Bool) async -> ExternalResult {
        var result = await follow(url, readsAnchors: readsAnchors)
        if checksHTTPS, url.scheme == "http", result.kind == .working || result.kind == .moved,
           let secure = ExternalURL("https" + url.fetchURL.dropFirst(4)) {
            let answer = await fetcher.fetch(secure, method: .HEAD, anchors: false)
            if case .response(let response) = answer { result.httpsWorks = (200..<400).contains(response.status) } else {
                result.httpsWorks = false
            }
        }
        return result
    }

    /// Fetches `start` and the redirects from it, up to `redirectLimit`.
    private func follow(_ start: ExternalURL, readsAnchors: Bool) async -> ExternalResult {
        var current = start
        var redirects: [ExternalResult.Redirect] = []
        var visited: Set<String> = [start.fetchURL]
        while true {
            let (answer, tries) = await fetchWithRetries(current, readsAnchors: readsAnchors)
            let checked = clock()
            let triesText = tries > 1 ? " (\(tries) tries)" : ""
            switch answer {
            case .failure(let failure):
                switch failure {
                case .unresolved:
                    return ExternalResult(kind: .dead, reason: "the host '\(current.host)' does not resolve", redirects: redirects,
                                          checked: checked, unresolved: true, unreached: true)
                case .lookupFailed:
                    return ExternalResult(kind: .flaky, reason: "\(failure.description)\(triesText)", redirects: redirects,
                                          checked: checked, unreached: true)
                case .tls(let reason):
                    return ExternalResult(kind: .tls, reason: reason, redirects: redirects, checked: checked)
                case .timeout:
                    return ExternalResult(kind: .flaky, reason: "no answer within \(Self.seconds(settings.timeout))\(triesText)",
                                          redirects: redirects, checked: checked)
                case .connectTimeout, .refused:
                    return ExternalResult(kind: .flaky, reason: "\(failure.description)\(triesText)", redirects: redirects,
                                          checked: checked, unreached: true)
                case .reset, .other:
                    return ExternalResult(kind: .flaky, reason: "\(failure.description)\(triesText)", redirects: redirects,
                                          checked: checked)
                }
            case .response(let response):
                let status = response.status
                if [301, 302, 303, 307, 308].contains(status) {
                    guard let location = response.location,
                          let nextText = ExternalURL.resolve(location, against: current.fetchURL) else {
                        return ExternalResult(kind: .dead, status: status, reason: "\(Self.statusText(status)) without a Location",
                                              redirects: redirects, checked: checked)
                    }
                    redirects.append(.init(status: status, location: nextText))
                    guard let next = ExternalURL(nextText) else {
                        // A redirect out of the web (`mailto:`, an app's scheme): the chain ends there.
                        return ExternalResult(kind: .working, status: status, reason: "redirects to '\(nextText)'",
                                              redirects: redirects, checked: checked)
                    }
                    if !visited.insert(next.fetchURL).inserted {
                        return ExternalResult(kind: .dead, status: status, reason: "redirect loop: \(Self.chain(start, redirects))",
                                              redirects: redirects, checked: checked)
                    }
                    if redirects.count > ExternalLinkChecker.redirectLimit {
                        return ExternalResult(kind: .dead, status: status,
                                              reason: "more than \(ExternalLinkChecker.redirectLimit) redirects: \(Self.chain(start, redirects))",
                                              redirects: redirects, checked: checked)
                    }
                    if next.isPrivate, !settings.allowPrivate {
                        return ExternalResult(kind: .blocked, status: status,
                                              reason: "redirects to the private address '\(next.host)', which is not fetched",
                                              redirects: redirects, checked: checked)
                    }
                    current = next
                    continue
                }
                var result = classify(response, tries: tries, checked: checked)
                result.redirects = redirects
                if result.kind == .working, !redirects.isEmpty, redirects.allSatisfy({ $0.status == 301 || $0.status == 308 }) {
                    result.kind = .moved
                    result.reason = "moved permanently: \(Self.chain(start, redirects))"
                } else if result.kind != .working, !redirects.isEmpty {
                    result.reason += " after \(redirects.count == 1 ? "a redirect" : "\(redirects.count) redirects"): \(Self.chain(start, redirects))"
                }
                return result
            }
        }
    }

    /// The class of a final (not redirecting) answer.
    private func classify(_ response: Fetcher.Response, tries: Int, checked: Date) -> ExternalResult {
        let status = response.status
        let text = Self.statusText(status)
        let triesText = tries > 1 ? " (\(tries) tries)" : ""
        var result = ExternalResult(kind: .working, status: status, reason: text, checked: checked)
        if let anchors = response.anchors { result.anchors = anchors.sorted() }
        switch status {
        case 200..<300:
            break
        case 404, 410:
            result.kind = .dead
        case 401, 403, 999:
            result.kind = .blocked
            if response.challenge { result.reason = "\(text) with a bot challenge" }
        case 429:
            result.kind = response.challenge ? .blocked : .flaky
            result.reason = response.challenge ? "\(text) with a bot challenge" : "\(text): too many requests\(triesText)"
        case 500..<600:
            result.kind = response.challenge ? .blocked : .flaky
            result.reason = response.challenge ? "\(text) with a bot challenge" : text + triesText
        case 451:
            result.kind = .blocked
        default:
            result.kind = .dead
        }
        return result
    }

    /// Whether an answer is worth another try: no answer, or one that says "later".
    private func isRetryable(_ answer: Fetcher.Answer) -> Bool {
        switch answer {
        case .failure(let failure):
            switch failure {
            case .unresolved, .tls: return false
            default: return true
            }
        case .response(let response):
            return !response.challenge && (response.status == 429 || (500..<600).contains(response.status))
        }
    }

    /// One hop: HEAD, then GET if HEAD was refused; again after a pause while the answer says "later".
    private func fetchWithRetries(_ url: ExternalURL, readsAnchors: Bool) async -> (Fetcher.Answer, Int) {
        var tries = 0
        while true {
            tries += 1
            let answer = await fetchOnce(url, readsAnchors: readsAnchors)
            guard tries <= settings.retries, isRetryable(answer) else { return (answer, tries) }
            // The wait: what the server asked for (Retry-After on 429 and 503, capped), else a doubling backoff.
            var wait = 0.25 * Double(1 << min(tries - 1, 10))
            if case .response(let response) = answer, response.status == 429 || response.status == 503,
               let asked = RetryAfter.seconds(response.retryAfter, now: Date()) {
                if asked > settings.retryAfterCap { return (answer, tries) }
                wait = asked
                await fetcher.gate.pause(url.host, until: .now + .nanoseconds(Int64(asked * 1e9)))
            }
            try? await Task.sleep(for: .nanoseconds(Int64(wait * 1e9)))
        }
    }

    private func fetchOnce(_ url: ExternalURL, readsAnchors: Bool) async -> Fetcher.Answer {
        if readsAnchors { return await fetcher.fetch(url, method: .GET, anchors: true) }
        let head = await fetcher.fetch(url, method: .HEAD, anchors: false)
        if case .response(let response) = head, Self.headRefusals.contains(response.status) {
            return await fetcher.fetch(url, method: .GET, anchors: false)
        }
        return head
    }

    static func statusText(_ status: Int) -> String {
        if status == 999 { return "999 (refused to robots)" }
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        return reason.isEmpty ? "\(status)" : "\(status) \(reason)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func chain(_ start: ExternalURL, _ redirects: [ExternalResult.Redirect]) -> String {
        ([start.fetchURL] + redirects.map { "\($0.status) \($0.location)" }).joined(separator: " → ")
    }
}
