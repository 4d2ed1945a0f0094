import Foundation
import Hummingbird
import HummingbirdTesting
import SitegenBuild
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenServe

/// The page panel lists the page's external links with the class the cache of the last `--external` check holds,
/// and the preview never fetches them.
@Suite("Preview: external links in the page panel", .timeLimit(.minutes(1)))
struct PreviewExternalTests {
    /// Runs a check on a thread of its own: the external stage blocks its thread until its fetching is done.
    static func check(_ options: BuildOptions) async -> BuildResult {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: SiteBuilder().check(options)) }.start()
        }
    }

    @Test("each external link with its cached class, 'not checked' without one; no request while serving")
    func cachedClasses() async throws {
        let web = try await TestWeb { _, path, _ in path == "/ok" ? .status(200) : .status(404) }
        defer { Task { await web.stop() } }
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nlinks:\n  external:\n    allow_private: true\n    retries: 0\n")
        try site.write("content/p/links.md", """
            ---
            title: Links
            permalink: links/
            ---
            [ok](\(web.url("/ok"))) and [gone](\(web.url("/gone")))

            [new](\(web.url("/new"))) <b>bold</b>

            """)
        var options = BuildOptions(siteRoot: site.path)
        options.checksExternalLinks = true
        let checked = await Self.check(options)
        #expect(checked.diagnostics.contains { $0.rule == "link-external-dead" })
        // The third link is written after the check: the cache knows nothing of it.
        try site.write("content/p/links.md", try #require(site.read("content/p/links.md")).replacingOccurrences(of: "/new", with: "/later"))
        let sent = web.requests.count

        let outcome = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        let state = PreviewState(siteRoot: site.path)
        state.update { $0.snapshot = outcome.snapshot }
        let app = Application(router: PreviewRouter.build(state: state, hub: EventHub(), authority: PreviewAuthority(boundTo: "127.0.0.1")))
        try await app.test(.router) { client in
            try await client.execute(uri: "/how-to/links/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("3 external links (1 failing)</summary>") || body.contains("3 external links on this page (1 failing)</summary>"), "\(body)")
                #expect(body.contains("<span class=\"sitegen-ext sitegen-ext-ok\">ok</span> <span class=\"sitegen-pos\">5:1</span> \(web.url("/ok")) <span class=\"sitegen-rule\">(checked "))
                let goneColumn = 1 + "[ok](\(web.url("/ok"))) and ".utf8.count
                #expect(body.contains("<span class=\"sitegen-ext sitegen-ext-dead\">dead</span> <span class=\"sitegen-pos\">5:\(goneColumn)</span> \(web.url("/gone")): 404 Not Found"))
                #expect(body.contains("<span class=\"sitegen-ext sitegen-ext-none\">not checked</span> <span class=\"sitegen-pos\">7:1</span> \(web.url("/later"))</li>"))
            }
        }
        #expect(web.requests.count == sent, "the preview never fetches")
    }

    @Test("a page without external links or problems has no panel; without a cache every link is 'not checked'")
    func withoutCache() async throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nrules:\n  content-orphan: off\n")
        try site.write("content/p/plain.md", "---\ntitle: Plain\npermalink: plain/\n---\nNo links. [Home](/how-to/)\n")
        try site.write("content/p/out.md", "---\ntitle: Out\npermalink: out/\n---\n[Example](https://example.com/a#b)\n")
        let outcome = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        let state = PreviewState(siteRoot: site.path)
        state.update { $0.snapshot = outcome.snapshot }
        let app = Application(router: PreviewRouter.build(state: state, hub: EventHub(), authority: PreviewAuthority(boundTo: "127.0.0.1")))
        try await app.test(.router) { client in
            try await client.execute(uri: "/how-to/plain/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("sitegen-panel"))
            }
            try await client.execute(uri: "/how-to/out/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<details id=\"sitegen-panel\"><summary>1 external link on this page</summary>"))
                #expect(body.contains("not checked</span> <span class=\"sitegen-pos\">5:1</span> https://example.com/a#b</li>"))
            }
        }
    }
}
