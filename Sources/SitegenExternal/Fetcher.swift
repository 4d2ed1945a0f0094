import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP request and what came of it, with the politeness of `HostGate` around it.
struct Fetcher: Sendable {
    /// What one request got.
    enum Answer: Sendable {
        case response(Response)
        case failure(Failure)
    }

    struct Response: Sendable {
        var status: Int
        var location: String?
        var retryAfter: String?
        /// A bot challenge (headers or page) rather than the page.
        var challenge: Bool
        /// The page's anchors, when it was read for them.
        var anchors: Set<String>?
        var contentType: String?
    }

    enum Failure: Sendable, Equatable {
        /// No answer in time from a connected host.
        case timeout
        /// No connection in time.
        case connectTimeout
        case refused
        case reset
        /// The name does not exist (the resolver said so).
        case unresolved
        /// The name could not be looked up (no DNS server answered): says nothing about the name.
        case lookupFailed(String)
        case tls(String)
        case other(String)

        /// No sign of the network: the name was not looked up, or nothing answered at the address.
        var isUnreached: Bool {
            switch self {
            case .unresolved, .lookupFailed, .refused, .connectTimeout: true
            default: false
            }
        }

        var description: String {
            switch self {
            case .timeout: "timed out"
            case .connectTimeout: "timed out connecting"
            case .refused: "connection refused"
            case .reset: "connection reset"
            case .unresolved: "host name does not resolve"
            case .lookupFailed(let reason): "the host name could not be looked up (\(reason))"
            case .tls(let reason): "TLS: \(reason)"
            case .other(let reason): reason
            }
        }
    }

    let client: HTTPClient
    let gate: HostGate
    let settings: Settings
    let tally: Tally

    struct Settings: Sendable {
        var timeout: Double
        var userAgent: String
        var headers: @Sendable (String) -> [String: String]
        /// The most bytes read of a body (for anchors, or to recognise a challenge page).
        var bodyLimit = 4 << 20
    }

    /// Requests `url` with `method`; reads the body for anchors when `anchors` and the answer is an HTML page.
    func fetch(_ url: ExternalURL, method: HTTPMethod, anchors: Bool) async -> Answer {
        // RFC 6761: names under `.invalid` never resolve, and a resolver should say so without asking the DNS.
        if url.neverResolves { return .failure(.unresolved) }
        await gate.acquire(url.host)
        let started = ContinuousClock.now
        tally.request(host: url.host)
        let answer = await send(url, method: method, anchors: anchors)
        await gate.release(url.host)
        tally.add(host: url.host, seconds: started.duration(to: .now))
        if case .failure(let failure) = answer, !failure.isUnreached {
            tally.reached()
        } else if case .response = answer {
            tally.reached()
        }
        return answer
    }

    private func send(_ url: ExternalURL, method: HTTPMethod, anchors wantsAnchors: Bool) async -> Answer {
        var request = HTTPClientRequest(url: url.fetchURL)
        request.method = method
        request.headers.replaceOrAdd(name: "User-Agent", value: settings.userAgent)
        request.headers.replaceOrAdd(name: "Accept", value: "text/html,*/*")
        for (name, value) in settings.headers(url.host) { request.headers.replaceOrAdd(name: name, value: value) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(settings.timeout * 1_000_000_000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let status = Int(response.status.code)
            let headers = response.headers
            var result = Response(status: status, location: headers.first(name: "Location"),
                                  retryAfter: headers.first(name: "Retry-After"),
                                  challenge: Self.isChallenge(headers), anchors: nil,
                                  contentType: headers.first(name: "Content-Type"))
            let isHTML = result.contentType.map { $0.lowercased().contains("html") } ?? true
            // The body is read only when something depends on it: a page's anchors, or a refusal that may be a bot
            // challenge. Otherwise it is left unread, and the client drops the connection's rest of it.
            let readsAnchors = method == .GET && wantsAnchors && (200..<300).contains(status) && isHTML
            let readsChallenge = method == .GET && !result.challenge && [403, 429, 503].contains(status)
            if readsAnchors || readsChallenge {
                let limit = readsAnchors ? settings.bodyLimit : 64 << 10
                var bytes: [UInt8] = []
                for try await chunk in response.body {
                    bytes += chunk.readableBytesView.prefix(limit - bytes.count)
                    if bytes.count >= limit { break }
                }
                if readsAnchors { result.anchors = HTMLAnchors.scan(bytes) }
                if readsChallenge { result.challenge = Self.isChallengePage(bytes) }
            }
            return .response(result)
        } catch {
            return .failure(Self.failure(error))
        }
    }

    /// Headers that mark a bot challenge (Cloudflare's, and the ones that say so outright).
    static func isChallenge(_ headers: HTTPHeaders) -> Bool {
        if headers.first(name: "cf-mitigated")?.lowercased() == "challenge" { return true }
        if headers.contains(name: "x-amzn-waf-action") { return true }
        return false
    }

    /// Markers of the challenge pages of the common bot-protection services.
    static func isChallengePage(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        return ["challenge-platform", "cf-browser-verification", "just a moment...", "attention required!",
                "captcha", "_incapsula_resource", "px-captcha", "are you a robot", "verify you are human"]
            .contains { text.contains($0) }
    }

    /// The kind of a transport error: the HTTP client's own, NIO's connection errors, or the system's errno.
    static func failure(_ error: any Error) -> Failure {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return .connectTimeout
            case .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout:
                return .timeout
            case .remoteConnectionClosed:
                return .reset
            default:
                return .other(String(describing: error))
            }
        }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return lookupFailure(error.dnsAError ?? error.dnsAAAAError)
            }
            if let first = error.connectionErrors.first { return failure(first.error) }
            return .unresolved
        }
        if let error = error as? SocketAddressError.UnknownHost { return lookupFailure(error) }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .refused
            case ECONNRESET, EPIPE: return .reset
            case ETIMEDOUT: return .timeout
            case EHOSTUNREACH, ENETUNREACH: return .refused
            default: return .other(error.description)
            }
        }
        if let error = error as? ChannelError {
            if case .connectTimeout = error { return .connectTimeout }
            return .reset
        }
        // TLS errors come as several types (NIOSSLError, NIOSSLExtraError, BoringSSLError, and others on Darwin's
        // transport): recognised by their type's name and text rather than listed one by one.
        let type = String(reflecting: Swift.type(of: error))
        let text = String(describing: error)
        if type.contains("NIOSSL") || type.contains("BoringSSL") || text.contains("CERTIFICATE") {
            return .tls(tlsReason(text))
        }
        if error is CancellationError { return .other("cancelled") }
        return .other(text)
    }

    /// What a failed lookup says: that the name does not exist (EAI_NONAME, EAI_NODATA: the DNS answered), or only
    /// that it could not be looked up (EAI_AGAIN, EAI_FAIL: no DNS server answered, as on a machine without a
    /// network), which must not make a link dead.
    static func lookupFailure(_ error: (any Error)?) -> Failure {
        guard let unknown = error as? SocketAddressError.UnknownHost else { return .unresolved }
        return nameDoesNotExist(errorCode: unknown.errorCode) ? .unresolved : .lookupFailed(unknown.errorDescription)
    }

    /// getaddrinfo's answers that the name does not exist: EAI_NONAME, and glibc's EAI_NODATA (-5, not exported to
    /// Swift), the name with no address.
    static func nameDoesNotExist(errorCode: Int) -> Bool {
        #if canImport(Glibc)
        errorCode == Int(EAI_NONAME) || errorCode == -5
        #else
        errorCode == Int(EAI_NONAME) || errorCode == Int(EAI_NODATA)
        #endif
    }

    /// A certificate problem in a reader's words.
    static func tlsReason(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("expired") { return "the certificate has expired" }
        if lower.contains("hostname") || lower.contains("host name") {
            return "the certificate is for another host"
        }
        if lower.contains("self signed") || lower.contains("self-signed") || lower.contains("unable to get local issuer")
            || lower.contains("certificate_verify_failed") || lower.contains("untrusted") {
            return "the certificate is not trusted"
        }
        return "the TLS handshake failed (\(text))"
    }
}

/// Counts kept while the checker runs: requests, time spent per host, whether anything answered.
final class Tally: @unchecked Sendable {
    // A lock rather than an actor: these are updated from every request and read once at the end.
    private let lock = NSLock()
    private var requestCount = 0
    private var perHost: [String: (requests: Int, seconds: Double)] = [:]
    private var anyReached = false

    func request(host: String) {
        lock.withLock {
            requestCount += 1
            perHost[host, default: (0, 0)].requests += 1
        }
    }

    func add(host: String, seconds: Duration) {
        let value = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18
        lock.withLock { perHost[host, default: (0, 0)].seconds += value }
    }

    func reached() { lock.withLock { anyReached = true } }

    var requests: Int { lock.withLock { requestCount } }
    var reachedAny: Bool { lock.withLock { anyReached } }
    var hosts: [String: (requests: Int, seconds: Double)] { lock.withLock { perHost } }
}
