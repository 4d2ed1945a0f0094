import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenExternal

/// Host names that do not resolve, without the DNS: names under `.invalid` (RFC 6761) are known not to resolve
/// without a lookup, and a loopback server stands for the hosts that do.
@Suite("External links: names that do not resolve")
struct ExternalResolveTests {
    @Test("a name that does not resolve while another host answers is link-external-dead, with no request")
    func deadWhileOthersAnswer() async throws {
        let web = try await TestWeb { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck(["http://gone.invalid/page", web.url("/ok")])
        let result = try #require(outcome.results["http://gone.invalid/page"])
        #expect(result.kind == .dead)
        #expect(result.reason == "the host 'gone.invalid' does not resolve")
        #expect(result.unresolved)
        #expect(outcome.results[web.url("/ok")]?.kind == .working)
        #expect(!outcome.noNetwork)
        #expect(outcome.requests == 1, "only the loopback server was asked")
    }

    @Test("a redirect to a name that does not resolve is dead, with the chain")
    func redirectToUnresolved() async throws {
        let web = try await TestWeb { _, _, _ in .status(301, headers: [("Location", "https://moved.invalid/new")]) }
        defer { Task { await web.stop() } }
        let outcome = await runCheck([web.url("/old")])
        let result = try #require(outcome.results[web.url("/old")])
        #expect(result.kind == .dead)
        #expect(result.reason == "the host 'moved.invalid' does not resolve")
        #expect(result.redirects.map(\.location) == ["https://moved.invalid/new"])
    }

    @Test("when no name resolves and nothing answers, it is no network: nothing is reported")
    func nothingResolves() async throws {
        let outcome = await runCheck(["http://a.invalid/", "https://b.example.invalid/x"])
        #expect(outcome.noNetwork)
        #expect(outcome.results.isEmpty)
        #expect(outcome.requests == 0)
    }

    @Test("the resolver's answers: 'no such name' makes a link dead; 'could not ask' (no DNS server) does not")
    func lookupAnswers() {
        #expect(Fetcher.nameDoesNotExist(errorCode: Int(EAI_NONAME)))
        #expect(!Fetcher.nameDoesNotExist(errorCode: Int(EAI_AGAIN)))
        #expect(!Fetcher.nameDoesNotExist(errorCode: Int(EAI_FAIL)))
        #expect(Fetcher.Failure.lookupFailed("Temporary failure in name resolution").isUnreached)
        #expect(Fetcher.Failure.unresolved.isUnreached && !Fetcher.Failure.reset.isUnreached)
        #expect(Fetcher.lookupFailure(nil) == .unresolved)
        #expect(ExternalURL("http://x.invalid/")?.neverResolves == true)
        #expect(ExternalURL("http://invalid.example.com/")?.neverResolves == false)
    }
}
