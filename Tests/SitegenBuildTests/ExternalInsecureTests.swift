import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// `link-external-insecure` (off by default) through the check: an `http://` link whose `https://` form works is
/// reported only when the rule is turned on, and `https://` is not even tried otherwise.
@Suite("External links: link-external-insecure in a check", .timeLimit(.minutes(1)))
struct ExternalInsecureCheckTests {
    /// Runs the check on a thread of its own: the external stage waits for its fetching, which must not hold one of
    /// the few threads of Swift's concurrency pool that this test and the fetching run on.
    static func check(_ options: BuildOptions) async -> BuildResult {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: SiteBuilder().check(options)) }.start()
        }
    }

    @Test("reported with a fix when the rule is on, not otherwise", arguments: [nil, "note", "off"])
    func insecure(_ severity: String?) async throws {
        let certificate = try TestCertificate()
        let web = try await TestWeb(secure: certificate, alsoPlain: true) { _, _, _ in .status(200) }
        defer { Task { await web.stop() } }
        let site = try TemporaryFolder()
        let rules = severity.map { "  rules:\n    link-external-insecure: \($0)\n" } ?? ""
        try site.write("sitegen.yml", "title: T\nlinks:\n\(rules)  external:\n    allow_private: true\n    retries: 0\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nSee [the page](\(web.url("/page"))).\n")
        var options = BuildOptions(siteRoot: site.path)
        options.checksExternalLinks = true
        options.externalCacheFolder = "cache"
        options.externalTrustedCertificates = [certificate.der]
        let result = await Self.check(options)
        let found = result.diagnostics.filter { $0.rule == "link-external-insecure" }
        if severity == "note" {
            let diagnostic = try #require(found.first)
            #expect(found.count == 1)
            #expect(diagnostic.severity == .note)
            #expect(diagnostic.location.file == "content/p/a.md")
            #expect(diagnostic.location.line == 5)
            #expect(diagnostic.location.column == 5)
            #expect(diagnostic.message == "'\(web.url("/page"))' also works over https://")
            #expect(diagnostic.fixIt == "write '\(web.secureURL("/page"))'")
            #expect(web.requests == ["HEAD /page", "HEAD /page"], "http, then https")
        } else {
            #expect(found.isEmpty)
            #expect(web.requests == ["HEAD /page"], "https is not tried while the rule is off")
        }
        #expect(result.outcome == .succeeded)
    }
}
