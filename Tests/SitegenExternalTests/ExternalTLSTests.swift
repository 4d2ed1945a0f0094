import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenExternal

/// `runCheck` with the checker trusting `certificates` besides the system's.
func runCheck(_ urls: [String], trusting certificates: [TestCertificate], checksHTTPS: Bool = false,
              settings: ExternalLinkSettings = testSettings()) async -> ExternalLinkChecker.Outcome {
    var options = ExternalLinkChecker.Options(settings: settings, userAgent: "sitegen/test")
    options.trustedCertificates = certificates.map(\.der)
    options.checksHTTPS = checksHTTPS
    return await ExternalLinkChecker(options: options).check(urls.map { .init(url: $0) })
}

// A hard time limit: a server that stalls the handshake must fail the suite, not hang it. Each server is in
// process (an `openssl s_server` child hung an earlier version of these tests).
@Suite("External links: TLS", .timeLimit(.minutes(1)))
struct ExternalTLSTests {
    @Test("a self-signed certificate is link-external-tls: not trusted, and not retried")
    func selfSigned() async throws {
        let web = try await TestWeb(secure: try TestCertificate()) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        #expect(web.url("/page").hasPrefix("https://127.0.0.1:"))
        let outcome = await runCheck([web.url("/page")])
        let result = try #require(outcome.results[web.url("/page")])
        #expect(result.kind == .tls)
        #expect(result.reason == "the certificate is not trusted")
        #expect(!outcome.noNetwork, "a TLS failure is an answer: the network is there")
        #expect(web.requests.isEmpty, "no request gets past the handshake")
        #expect(outcome.requests == 1, "a certificate problem is not retried")
    }

    @Test("the same server works once its certificate is trusted")
    func trusted() async throws {
        let certificate = try TestCertificate()
        let web = try await TestWeb(secure: certificate) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/page")], trusting: [certificate])
        #expect(outcome.results[web.url("/page")]?.kind == .working)
        #expect(web.requests == ["HEAD /page"])
    }

    @Test("a trusted certificate for another host is link-external-tls: for another host")
    func wrongHost() async throws {
        let certificate = try TestCertificate(name: "docs.example.com")
        let web = try await TestWeb(secure: certificate) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/page")], trusting: [certificate])
        let result = try #require(outcome.results[web.url("/page")])
        #expect(result.kind == .tls)
        #expect(result.reason == "the certificate is for another host")
        #expect(web.requests.isEmpty)
    }

    @Test("an expired certificate, trusted or not, is link-external-tls")
    func expired() async throws {
        let certificate = try TestCertificate(validFrom: -7200, validUntil: -3600)
        let web = try await TestWeb(secure: certificate) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        for trusted in [[], [certificate]] {
            let outcome = await runCheck([web.url("/page")], trusting: trusted)
            let result = try #require(outcome.results[web.url("/page")])
            #expect(result.kind == .tls)
            #expect(result.reason.hasPrefix("the certificate "), "\(result.reason)")
        }
        #expect(web.requests.isEmpty)
    }
}

@Suite("External links: insecure", .timeLimit(.minutes(1)))
struct ExternalInsecureTests {
    @Test("an http:// URL that also works over https:// is told so when asked; not tried otherwise")
    func httpsWorks() async throws {
        let certificate = try TestCertificate()
        let web = try await TestWeb(secure: certificate, alsoPlain: true) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let url = web.url("/page")
        #expect(url.hasPrefix("http://"))
        let asked = await runCheck([url], trusting: [certificate], checksHTTPS: true)
        #expect(asked.results[url]?.kind == .working)
        #expect(asked.results[url]?.httpsWorks == true)
        #expect(web.requests == ["HEAD /page", "HEAD /page"], "once over http, once over https")
        let notAsked = await runCheck([url], trusting: [certificate])
        #expect(notAsked.results[url]?.httpsWorks == nil)
        #expect(web.requests.count == 3)
    }

    @Test("https:// that fails (an untrusted certificate, or no TLS at all) is not 'also works'")
    func httpsFails() async throws {
        let both = try await TestWeb(secure: try TestCertificate(), alsoPlain: true) { _, _, _ in .status(200) }
        let plain = try await TestWeb { _, _, _ in .status(200) }
        defer { Task { await both.stop(); await plain.stop() } }
        let outcome = await runCheck([both.url("/page"), plain.url("/page")], trusting: [], checksHTTPS: true,
                                     settings: testSettings(timeout: 0.5))
        #expect(outcome.results[both.url("/page")]?.kind == .working)
        #expect(outcome.results[both.url("/page")]?.httpsWorks == false)
        #expect(outcome.results[plain.url("/page")]?.kind == .working)
        #expect(outcome.results[plain.url("/page")]?.httpsWorks == false)
    }
}
