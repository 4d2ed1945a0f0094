import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenExternal

/// Settings for loopback servers: private addresses allowed, short timeouts, no pause between requests unless a
/// test sets one.
func testSettings(timeout: Double = 1, retries: Int = 2) -> ExternalLinkSettings {
    var settings = ExternalLinkSettings()
    settings.allowPrivate = true
    settings.timeout = timeout
    settings.connectTimeout = 1
    settings.retries = retries
    settings.defaultHost.interval = 0
    return settings
}

func runCheck(_ urls: [String], settings: ExternalLinkSettings = testSettings(), cacheFile: String? = nil,
              offline: Bool = false, anchors: Bool = false, now: @escaping @Sendable () -> Date = { Date() })
    async -> ExternalLinkChecker.Outcome {
    var options = ExternalLinkChecker.Options(settings: settings, userAgent: "sitegen/test", cacheFile: cacheFile)
    options.offline = offline
    options.now = now
    return await ExternalLinkChecker(options: options).check(urls.map { .init(url: $0, readsAnchors: anchors) })
}

@Suite("External links: classes")
struct ExternalClassTests {
    @Test("a 200 is working, with one HEAD request that names sitegen")
    func working() async throws {
        let web = try await TestWeb { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/ok")])
        let result = try #require(outcome.results[web.url("/ok")])
        #expect(result.kind == .working)
        #expect(result.status == 200)
        #expect(web.requests == ["HEAD /ok"])
        #expect(outcome.requests == 1)
        #expect(!outcome.noNetwork)
    }

    @Test("404 and 410 are dead; HEAD 404 is asked again with GET")
    func dead() async throws {
        let web = try await TestWeb { _, path, _ in .status(path == "/gone" ? 410 : 404) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/missing"), web.url("/gone")])
        #expect(outcome.results[web.url("/missing")]?.kind == .dead)
        #expect(outcome.results[web.url("/missing")]?.reason == "404 Not Found")
        #expect(outcome.results[web.url("/gone")]?.kind == .dead)
        #expect(outcome.results[web.url("/gone")]?.reason == "410 Gone")
        #expect(web.requests.filter { $0.hasSuffix("/missing") } == ["HEAD /missing", "GET /missing"])
    }

    @Test("permanent redirects to a working page are moved, with the chain; a temporary one is working")
    func moved() async throws {
        let web = try await TestWeb { _, path, _ in
            switch path {
            case "/old": .status(301, headers: [("Location", "/older")])
            case "/older": .status(308, headers: [("Location", "/new")])
            case "/temp": .status(302, headers: [("Location", "/new")])
            case "/to-missing": .status(301, headers: [("Location", "/nothing")])
            case "/new": .status(200)
            default: .status(404)
            }
        }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/old"), web.url("/temp"), web.url("/to-missing")])
        let moved = try #require(outcome.results[web.url("/old")])
        #expect(moved.kind == .moved)
        #expect(moved.finalURL == web.url("/new"))
        #expect(moved.redirects.map(\.status) == [301, 308])
        #expect(moved.reason == "moved permanently: \(web.url("/old")) → 301 \(web.url("/older")) → 308 \(web.url("/new"))")
        #expect(outcome.results[web.url("/temp")]?.kind == .working)
        let dead = try #require(outcome.results[web.url("/to-missing")])
        #expect(dead.kind == .dead)
        #expect(dead.reason == "404 Not Found after a redirect: \(web.url("/to-missing")) → 301 \(web.url("/nothing"))")
    }

    @Test("401, 403, 999 and a 503 challenge page are blocked")
    func blocked() async throws {
        let web = try await TestWeb { method, path, _ in
            switch path {
            case "/login": .status(401)
            case "/forbidden": .status(403)
            case "/linkedin": .status(999)
            case "/challenge": .status(503, body: method == "GET" ? "<html><title>Just a moment...</title></html>" : "")
            default: .status(200)
            }
        }
        defer { Task { await web.stop() } }
        let outcome = await runCheck(["/login", "/forbidden", "/linkedin", "/challenge"].map(web.url))
        for path in ["/login", "/forbidden", "/linkedin", "/challenge"] {
            #expect(outcome.results[web.url(path)]?.kind == .blocked, "\(path)")
        }
        #expect(outcome.results[web.url("/challenge")]?.reason == "503 Service Unavailable with a bot challenge")
        // A challenge is not retried.
        #expect(web.requests.filter { $0.hasSuffix("/challenge") } == ["HEAD /challenge", "GET /challenge"])
    }

    @Test("a server that refuses HEAD with 405 is asked with GET, and works")
    func headRefused() async throws {
        let web = try await TestWeb { method, _, _ in method == "HEAD" ? .status(405) : .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/page")])
        #expect(outcome.results[web.url("/page")]?.kind == .working)
        #expect(web.requests == ["HEAD /page", "GET /page"])
    }

    @Test("a redirect loop is dead, with the loop in the message")
    func redirectLoop() async throws {
        let web = try await TestWeb { _, path, _ in .status(302, headers: [("Location", path == "/a" ? "/b" : "/a")]) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/a")])
        let result = try #require(outcome.results[web.url("/a")])
        #expect(result.kind == .dead)
        #expect(result.reason == "redirect loop: \(web.url("/a")) → 302 \(web.url("/b")) → 302 \(web.url("/a"))")
        #expect(web.requests == ["HEAD /a", "HEAD /b"])
    }

    @Test("a chain of 11 redirects is dead; one of 10 works")
    func redirectChain() async throws {
        let web = try await TestWeb { _, path, _ in
            // /c11/n redirects to /c11/n+1 until 11 (then 200); /c10/n until 10.
            let parts = path.split(separator: "/")
            let limit = parts[0] == "c11" ? 11 : 10
            let step = Int(parts[1])!
            return step < limit ? .status(301, headers: [("Location", "/\(parts[0])/\(step + 1)")]) : .status(200)
        }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/c11/0"), web.url("/c10/0")])
        let long = try #require(outcome.results[web.url("/c11/0")])
        #expect(long.kind == .dead)
        #expect(long.reason.hasPrefix("more than 10 redirects: "))
        #expect(web.requests.filter { $0.contains("/c11/") }.count == 11)
        #expect(outcome.results[web.url("/c10/0")]?.kind == .moved)
        #expect(outcome.results[web.url("/c10/0")]?.finalURL == web.url("/c10/10"))
    }

    @Test("429 with Retry-After: 1 is asked again after a second, and then works")
    func retryAfter() async throws {
        let web = try await TestWeb { _, _, count in
            count == 1 ? .status(429, headers: [("Retry-After", "1")]) : .status(200)
        }
        defer { Task { await web.stop() } }
        let started = ContinuousClock.now
        let outcome = await runCheck([web.url("/busy")])
        #expect(outcome.results[web.url("/busy")]?.kind == .working)
        #expect(web.requests == ["HEAD /busy", "HEAD /busy"])
        // Measured from before the run: an arrival can be late (a loaded machine), never early.
        #expect(started.duration(to: web.arrivals[1]) >= .milliseconds(1000))
    }

    @Test("a Retry-After beyond the cap is not waited for: flaky at once")
    func retryAfterCap() async throws {
        let web = try await TestWeb { _, _, _ in .status(429, headers: [("Retry-After", "3600")]) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/busy")])
        #expect(outcome.results[web.url("/busy")]?.kind == .flaky)
        #expect(outcome.results[web.url("/busy")]?.reason == "429 Too Many Requests: too many requests")
        #expect(web.requests.count == 1)
    }

    @Test("500 twice then 200 works on the third try; 500 every time is flaky after 3 tries")
    func serverErrors() async throws {
        let web = try await TestWeb { _, path, count in
            path == "/recovers" && count > 2 ? .status(200) : .status(500)
        }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/recovers"), web.url("/broken")])
        #expect(outcome.results[web.url("/recovers")]?.kind == .working)
        #expect(web.requests.filter { $0.hasSuffix("/recovers") }.count == 3)
        let broken = try #require(outcome.results[web.url("/broken")])
        #expect(broken.kind == .flaky)
        #expect(broken.reason == "500 Internal Server Error (3 tries)")
        #expect(web.requests.filter { $0.hasSuffix("/broken") }.count == 3)
    }

    @Test("a server that never answers is flaky: timed out")
    func timeout() async throws {
        let web = try await TestWeb { _, path, _ in path == "/slow" ? .hang : .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/slow"), web.url("/ok")], settings: testSettings(timeout: 0.5, retries: 1))
        let result = try #require(outcome.results[web.url("/slow")])
        #expect(result.kind == .flaky)
        #expect(result.reason == "no answer within 0.5 s (2 tries)")
        #expect(web.requests.filter { $0.hasSuffix("/slow") }.count == 2)
    }

    @Test("a connection reset is flaky, retried; a refused connection is flaky")
    func resetAndRefused() async throws {
        let web = try await TestWeb { _, path, _ in path == "/reset" ? .reset : .status(200) }
        defer { Task { await web.stop() } }
        // A port that was just free: nothing listens there.
        let closed = try await TestWeb(host: "127.0.0.3") { _, _, _ in .status(200) }
        let closedURL = closed.url("/")
        await closed.stop()
        let outcome = await runCheck([web.url("/reset"), web.url("/ok"), closedURL])
        let reset = try #require(outcome.results[web.url("/reset")])
        #expect(reset.kind == .flaky)
        #expect(reset.reason.hasSuffix("(3 tries)"))
        #expect(web.requests.filter { $0.hasSuffix("/reset") }.count == 3)
        let refused = try #require(outcome.results[closedURL])
        #expect(refused.kind == .flaky)
        #expect(refused.reason == "connection refused (3 tries)")
        #expect(!outcome.noNetwork)
    }

    @Test("when nothing can be reached, the run says so instead of reporting each URL")
    func noNetwork() async throws {
        let closed = try await TestWeb(host: "127.0.0.3") { _, _, _ in .status(200) }
        let url = closed.url("/")
        await closed.stop()
        let outcome = await runCheck([url], settings: testSettings(retries: 0))
        #expect(outcome.noNetwork)
        #expect(outcome.results.isEmpty)
    }

    @Test("an endless body is read only up to the limit")
    func endlessBody() async throws {
        let web = try await TestWeb { method, _, _ in method == "GET" ? .endless : .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/endless")], settings: testSettings(timeout: 5), anchors: true)
        let result = try #require(outcome.results[web.url("/endless")])
        #expect(result.kind == .working)
        #expect(result.anchors == [])
    }

    @Test("a page read for fragments keeps its id and name attributes")
    func anchors() async throws {
        let web = try await TestWeb { _, _, _ in
            .status(200, headers: [("Content-Type", "text/html")],
                    body: #"<h2 id="intro">Intro</h2><a name=legacy></a><div data-id="no" class='x' ID = 'Upper'>"#)
        }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/page")], anchors: true)
        #expect(outcome.results[web.url("/page")]?.anchors == ["Upper", "intro", "legacy"])
        #expect(web.requests == ["GET /page"])
    }

    @Test("loopback and private hosts are not fetched unless allowed")
    func privateHosts() async throws {
        let web = try await TestWeb { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        var settings = testSettings()
        settings.allowPrivate = false
        let outcome = await runCheck([web.url("/"), "http://localhost:9/", "http://10.1.2.3/", "http://[::1]:9/"],
                                     settings: settings)
        #expect(outcome.requests == 0)
        #expect(web.requests.isEmpty)
        #expect(outcome.privateURLs.count == 4)
        #expect(ExternalURL.isPrivateHost("192.168.1.1") && ExternalURL.isPrivateHost("172.20.0.1")
            && ExternalURL.isPrivateHost("fe80::1") && !ExternalURL.isPrivateHost("93.184.216.34")
            && !ExternalURL.isPrivateHost("example.com") && !ExternalURL.isPrivateHost("172.32.0.1"))
    }

    @Test("names reserved for documentation examples (RFC 2606, 6761) are placeholders: never fetched, never dead")
    func documentationExamples() async throws {
        let web = try await TestWeb { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let examples = ["https://example.com/", "https://docs.EXAMPLE.org/a", "http://shop.example.net./x",
                        "https://help.example/", "https://api.test/v1"]
        let outcome = await runCheck([web.url("/")] + examples)
        #expect(outcome.requests == 1)
        #expect(web.requests.count == 1)
        #expect(outcome.exampleURLs == examples)
        #expect(outcome.results.count == 1)
        #expect(ExternalURL("https://myexample.com/")?.isDocumentationExample == false)
        #expect(ExternalURL("https://example.com.evil.io/")?.isDocumentationExample == false)
        #expect(ExternalURL("https://contest/")?.isDocumentationExample == false)
    }
}

@Suite("External links: politeness")
struct ExternalPolitenessTests {
    @Test("one host on two ports never has more than its limit in flight")
    func perHostConcurrency() async throws {
        let counter = TestWeb.Counter()
        let first = try await TestWeb(host: "127.0.0.2", delay: .milliseconds(50), counter: counter) { _, _, _ in .status(200) }
        let second = try await TestWeb(host: "127.0.0.2", delay: .milliseconds(50), counter: counter) { _, _, _ in .status(200) }
        let other = try await TestWeb(host: "127.0.0.4", delay: .milliseconds(50)) { _, _, _ in .status(200) }
        defer { Task { await first.stop(); await second.stop(); await other.stop() } }
        let urls = (0..<12).flatMap { [first.url("/\($0)"), second.url("/\($0)"), other.url("/\($0)")] }
        let outcome = await runCheck(urls)
        #expect(outcome.results.values.allSatisfy { $0.kind == .working })
        #expect(counter.peak == 2)
        #expect(other.peak == 2)
        #expect(outcome.peakPerHost["127.0.0.2"] == 2)
    }

    @Test("a host's own limit and interval: one at a time, 200 ms apart")
    func interval() async throws {
        let web = try await TestWeb(host: "127.0.0.5") { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        var settings = testSettings()
        settings.hosts["127.0.0.5"] = .init(concurrency: 1, interval: 0.2)
        let started = ContinuousClock.now
        let outcome = await runCheck((0..<4).map { web.url("/\($0)") }, settings: settings)
        #expect(outcome.requests == 4)
        // The interval is between the starts of requests at the client, so the fourth cannot start before 600 ms
        // from the first. (Gaps between arrivals at the server are not a measure: on a loaded machine a late first
        // arrival shortens the next gap.)
        #expect(started.duration(to: web.arrivals[3]) >= .milliseconds(600))
        #expect(outcome.peakPerHost["127.0.0.5"] == 1)
        #expect(web.peak == 1)
    }
}

@Suite("External links: cache")
struct ExternalCacheTests {
    func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-external-\(UUID().uuidString)/external.json").path
    }

    @Test("a second run uses the cache and sends nothing; --offline sends nothing at all")
    func secondRunAndOffline() async throws {
        let web = try await TestWeb { _, path, _ in path == "/missing" ? .status(404) : .status(200) }
        defer { Task { await web.stop() } }
        let cache = temporaryFile()
        let first = await runCheck([web.url("/a"), web.url("/missing")], cacheFile: cache)
        #expect(first.requests == 3)
        let sent = web.requests.count
        let second = await runCheck([web.url("/a"), web.url("/missing")], cacheFile: cache)
        #expect(second.requests == 0)
        #expect(second.cached == 2)
        #expect(second.results[web.url("/missing")]?.kind == .dead)
        #expect(web.requests.count == sent)
        // Offline: an entry of any age is used, a URL without one is not checked.
        let later = Date().addingTimeInterval(30 * 86_400)
        let offline = await runCheck([web.url("/a"), web.url("/new")], cacheFile: cache, offline: true, now: { later })
        #expect(offline.requests == 0)
        #expect(offline.results[web.url("/a")]?.kind == .working)
        #expect(offline.unchecked == 1)
        #expect(web.requests.count == sent)
        let ignore = try String(contentsOfFile: (cache as NSString).deletingLastPathComponent + "/.gitignore", encoding: .utf8)
        #expect(ignore.contains("*"))
    }

    @Test("a link failing in 3 runs over a day is promoted from flaky to dead, with the date it started failing")
    func promotion() async throws {
        let web = try await TestWeb { _, _, _ in .status(503) }
        defer { Task { await web.stop() } }
        let cache = temporaryFile()
        var settings = testSettings(retries: 0)
        settings.failureMaxAge = 0
        let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
        var kinds: [ExternalResult.Kind] = []
        for hours in [0.0, 12, 25] {
            let now = start.addingTimeInterval(hours * 3600)
            let outcome = await runCheck([web.url("/down")], settings: settings, cacheFile: cache, now: { now })
            kinds.append(outcome.results[web.url("/down")]!.kind)
            if hours == 25 {
                #expect(outcome.results[web.url("/down")]?.reason
                    == "503 Service Unavailable; failing since 2026-09-21 (3 runs in a row)")
            }
        }
        #expect(kinds == [.flaky, .flaky, .dead])
    }
}

@Suite("External links: parts")
struct ExternalPartsTests {
    @Test("URLs are fetched host by host in rounds, in the order of the rounds over every host as before")
    func interleaving() throws {
        // The rounds as they were made: every host in every round, those with a URL left taking their next.
        func reference(_ items: [(ExternalURL, ExternalLinkChecker.Target)]) -> [String] {
            var byHost: [String: [String]] = [:], hosts: [String] = []
            for item in items {
                if byHost[item.0.host] == nil { hosts.append(item.0.host) }
                byHost[item.0.host, default: []].append(item.1.url)
            }
            var result: [String] = [], round = 0
            while result.count < items.count {
                for host in hosts where round < byHost[host]!.count { result.append(byHost[host]![round]) }
                round += 1
            }
            return result
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let items = try (0..<Int.random(in: 0...60, using: &generator)).map { number -> (ExternalURL, ExternalLinkChecker.Target) in
                let url = "https://h\(Int.random(in: 0..<7, using: &generator)).example.com/\(number)"
                return (try #require(ExternalURL(url)), ExternalLinkChecker.Target(url: url))
            }
            #expect(ExternalLinkChecker.interleavedByHost(items).map(\.1.url) == reference(items))
        }
    }

    @Test("interleaving thousands of hosts, one of them with thousands of URLs, takes time in proportion to the URLs")
    func interleavingGrowth() throws {
        // Half the URLs on one host, the other half one per host.
        func items(_ count: Int) throws -> [(ExternalURL, ExternalLinkChecker.Target)] {
            try (0..<count).map { number in
                let url = number % 2 == 0 ? "https://big.example.com/\(number)" : "https://h\(number).example.com/"
                return (try #require(ExternalURL(url)), ExternalLinkChecker.Target(url: url))
            }
        }
        let small = try items(1_000), large = try items(8_000)
        let (smallSeconds, _) = Growth.fastest { ExternalLinkChecker.interleavedByHost(small) }
        let (largeSeconds, ordered) = Growth.fastest { ExternalLinkChecker.interleavedByHost(large) }
        // Eight times the URLs: linear is about 8 times the time, quadratic 64. A ratio, not a wall time.
        #expect(largeSeconds < max(smallSeconds, 0.002) * 24, "\(smallSeconds) s, then \(largeSeconds) s")
        #expect(ordered.count == 8_000)
        #expect(ordered.prefix(3).map(\.1.url) == ["https://big.example.com/0", "https://h1.example.com/", "https://h3.example.com/"])
    }

    @Test("the busy hosts are those with a request in flight")
    func busyHosts() async {
        let gate = HostGate(policy: { _ in (concurrency: 4, interval: .zero) })
        await gate.acquire("a.example")
        await gate.acquire("a.example")
        await gate.acquire("b.example")
        #expect(await gate.busyHosts == 2)
        await gate.release("a.example")
        #expect(await gate.busyHosts == 2)
        await gate.release("a.example")
        #expect(await gate.busyHosts == 1)
        await gate.release("b.example")
        await gate.release("b.example")  // one release too many changes nothing
        #expect(await gate.busyHosts == 0)
        await gate.acquire("b.example")
        #expect(await gate.busyHosts == 1)
    }

    @Test("Retry-After in seconds and as an HTTP-date")
    func retryAfterValues() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)  // Sun, 09 Sep 2001 01:46:40 GMT
        #expect(RetryAfter.seconds("120", now: now) == 120)
        #expect(RetryAfter.seconds("Sun, 09 Sep 2001 01:47:40 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Sunday, 09-Sep-01 01:47:40 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("soon", now: now) == nil)
        #expect(RetryAfter.seconds(nil, now: now) == nil)
    }

    @Test("URLs: fetch URL without the fragment, host without port, decoded fragment")
    func urls() throws {
        let url = try #require(ExternalURL("https://Docs.Example.com:8443/a/b?q=1#Part%20two"))
        #expect(url.fetchURL == "https://Docs.Example.com:8443/a/b?q=1")
        #expect(url.host == "docs.example.com")
        #expect(url.fragment == "Part two")
        #expect(ExternalURL("mailto:a@example.com") == nil)
        #expect(ExternalURL("ftp://example.com/") == nil)
    }
}
