import Foundation
import Hummingbird
import HummingbirdTesting
import SitegenBuild
import SitegenCore
import SitegenOutput
import SitegenTestSupport
import Testing
@testable import SitegenServe

@Suite("Preview server routes")
struct PreviewRouterTests {
    static let page = Array("<!doctype html><html><head><link rel=\"stylesheet\" href=\"/how-to/assets/style.css\"></head><body><h1>Hello</h1></body></html>".utf8)

    func state(failure: [Diagnostic] = [], problems: [Diagnostic] = []) -> PreviewState {
        let state = PreviewState(siteRoot: "/nonexistent")
        let files: [String: OutputEntry] = [
            "how-to/index.html": .bytes(Self.page), "how-to/a/index.html": .bytes(Self.page),
            "how-to/assets/style.css": .bytes(Array("body{}".utf8)), "404.html": .bytes(Array("<html><body>Not here</body></html>".utf8)),
            "how-to/a b/index.html": .bytes(Self.page),
        ]
        let snapshot = PreviewSession.Snapshot(
            generation: 3, files: LayeredMap(files),
            findings: LayeredMap(Dictionary(grouping: problems, by: \.location.file)),
            pageSources: ["how-to/a/index.html": "content/p/a.md"])
        state.update { $0.snapshot = snapshot; $0.failure = failure }
        return state
    }

    func app(_ state: PreviewState) -> some ApplicationProtocol {
        Application(router: PreviewRouter.build(state: state, hub: EventHub(), authority: PreviewAuthority(boundTo: "127.0.0.1")))
    }

    @Test("pages get the live-reload script, other files are served as they are; nothing is cached")
    func servesPages() async throws {
        try await app(state()).test(.router) { client in
            try await client.execute(uri: "/how-to/a/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                let body = String(buffer: response.body)
                #expect(body.contains("<script id=\"sitegen-live\">"))
                #expect(body.hasSuffix("</script>\n</body></html>"))
                #expect(!body.contains("sitegen-overlay") && !body.contains("sitegen-panel"))
            }
            try await client.execute(uri: "/how-to/assets/style.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body) == "body{}")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/how-to/a%20b/", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a folder without its slash redirects, keeping the query; a missing page is the theme's 404 with status 404")
    func redirectsAndNotFound() async throws {
        try await app(state()).test(.router) { client in
            try await client.execute(uri: "/how-to/a?x=1", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/how-to/a/?x=1")
            }
            try await client.execute(uri: "/how-to/missing/", method: .get) { response in
                #expect(response.status == .notFound)
                let body = String(buffer: response.body)
                #expect(body.contains("Not here"))
                #expect(body.contains("sitegen-live"))
            }
        }
    }

    @Test("path traversal is refused in every encoding", arguments: [
        "/how-to/../etc/passwd", "/how-to/%2e%2e/%2e%2e/etc/passwd", "/how-to/%2E%2E%2Fetc%2Fpasswd", "/how-to/..%5c..%5cetc",
        "/how-to/a%00.html", "/how-to/%252e%252e/", "/how-to/.%2e/x", "/how-to/%zz",
    ])
    func traversal(_ path: String) async throws {
        try await app(state()).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .badRequest || response.status == .notFound, "\(path): \(response.status)")
                #expect(!String(buffer: response.body).contains("/nonexistent"), "no absolute path is revealed")
            }
        }
    }

    @Test("a foreign Host is refused (DNS rebinding); the event stream refuses foreign origins")
    func hostAndOrigin() async throws {
        try await app(state()).test(.router) { client in
            try await client.execute(uri: "/how-to/", method: .get, headers: [HTTPFields.Element.Name("Host")!: "evil.example"]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/_sitegen/events", method: .get, headers: [.origin: "http://evil.example"]) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("the panel opens for errors and link problems, and stays closed for other warnings and notes")
    func panelOpening() {
        func panel(_ severity: Severity, _ rule: String) -> String {
            PageDecorations.panel([Diagnostic(severity, SourceLocation(file: "content/p/a.md", line: 4, column: 1), rule: rule, "m")],
                                  sourceLines: { _ in nil })
        }
        #expect(panel(.error, "content-empty-body").hasPrefix("<details id=\"sitegen-panel\" open><summary>1 problem on this page (1 error, 0 warnings)</summary>"))
        #expect(panel(.warning, "link-missing-scheme").hasPrefix("<details id=\"sitegen-panel\" open>"))
        #expect(panel(.warning, "content-dates-backwards").hasPrefix("<details id=\"sitegen-panel\"><summary>"))
        #expect(panel(.note, "link-via-redirect").hasPrefix("<details id=\"sitegen-panel\"><summary>1 problem on this page</summary>"))
    }

    @Test("build errors are an overlay over the last good page; a page's own problems are a panel")
    func overlayAndPanel() async throws {
        let error = Diagnostic(.error, SourceLocation(file: "templates/footer.mustache", line: 2, column: 5), rule: "template-syntax",
                               "a section is never closed")
        let problem = Diagnostic(.warning, SourceLocation(file: "content/p/a.md", line: 4, column: 1), rule: "link-broken",
                                 "link target '/how-to/x/' does not exist <on this site>", fixIt: "did you mean '/how-to/y/'?")
        try await app(state(failure: [error], problems: [problem])).test(.router) { client in
            try await client.execute(uri: "/how-to/a/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<div id=\"sitegen-overlay\""))
                #expect(body.contains("templates/footer.mustache:2:5"))
                #expect(body.contains("a section is never closed"))
                // A link problem opens the panel even as a warning (Jekyll mode reports broken links as warnings).
                #expect(body.contains("<details id=\"sitegen-panel\" open><summary>1 problem on this page (0 errors, 1 warning)</summary>"))
                #expect(body.contains("does not exist &lt;on this site&gt;"), "messages are escaped")
                #expect(body.contains("fix: did you mean &#39;/how-to/y/&#39;?"))
            }
            try await client.execute(uri: "/how-to/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("<details id=\"sitegen-panel\""), "other pages have no panel")
            }
        }
    }

    @Test("the overlay says what the page under it is: nothing built yet, the site unbuildable, or pages that failed")
    func overlayStates() async throws {
        let error = Diagnostic(.error, SourceLocation(file: "sitegen.yml"), rule: "content-missing", "the content folder 'content' does not exist")
        // Nothing was ever built.
        let empty = PreviewState(siteRoot: "/nonexistent")
        empty.update { $0.failure = [error]; $0.failureIsSiteWide = true }
        try await app(empty).test(.router) { client in
            try await client.execute(uri: "/how-to/a/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .serviceUnavailable)
                #expect(body.contains("<h2>The site cannot be built</h2><p>Nothing has been built yet, so there is no page to show."))
                #expect(!body.contains("last good"))
                #expect(body.contains("the content folder &#39;content&#39; does not exist"))
            }
        }
        // The site as a whole fails after a good build: the pages are that build's, and the overlay says when it was.
        let siteWide = state(failure: [error])
        siteWide.update { $0.failureIsSiteWide = true }
        let built = try #require(siteWide.value.snapshot?.builtAt)
        try await app(siteWide).test(.router) { client in
            try await client.execute(uri: "/how-to/a/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<h2>The site cannot be built</h2><p>What you see is from the last build that succeeded, at <time datetime=\"\(ISO8601DateFormatter().string(from: built))\">"))
                #expect(!body.contains("last good version of this page"))
            }
        }
        // A page-level failure: the last good version of this page, and when it was built.
        try await app(state(failure: [error])).test(.router) { client in
            try await client.execute(uri: "/how-to/a/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<h2>The last build failed</h2><p>You are seeing the last good version of this page, built at <time datetime="))
            }
        }
    }

    @Test("an asset is read through the site's boundary when requested: a link to /etc/passwd is refused, never served")
    func symlinkedAsset() async throws {
        let site = try TemporaryFolder()
        try site.write("content/p/ok.txt", "inside")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/content/p/leak.txt", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/content/etc", withDestinationPath: "/etc")
        let state = PreviewState(siteRoot: site.path)
        let files: [String: OutputEntry] = [
            "how-to/ok.txt": .file(site.path + "/content/p/ok.txt"), "how-to/leak.txt": .file(site.path + "/content/p/leak.txt"),
            "how-to/passwd.txt": .file(site.path + "/content/etc/passwd"),
            "how-to/gone.txt": .file(site.path + "/content/p/gone.txt"),
        ]
        state.update {
            $0.snapshot = PreviewSession.Snapshot(generation: 1, files: LayeredMap(files), findings: LayeredMap([:]), pageSources: [:],
                                                  boundary: SiteBoundary(root: site.path))
        }
        try await app(state).test(.router) { client in
            try await client.execute(uri: "/how-to/ok.txt", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "inside")
            }
            for uri in ["/how-to/leak.txt", "/how-to/passwd.txt"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body) == "403 Forbidden: this file of the site leads outside it\n")
                }
            }
            try await client.execute(uri: "/how-to/gone.txt", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    // Found by Fuzz/FuzzPreviewPath: the redirect repeated the request's leading slashes, and browsers read
    // `//how-to/` as the host `how-to` (an open redirect to any host named like a folder of the site).
    @Test("a folder asked for with several leading slashes redirects to a path on this server, not to another host")
    func redirectKeepsToThisServer() async throws {
        #expect(RequestPath.answer("//how-to", query: nil) { $0 == "how-to/index.html" } == .redirect(location: "/how-to/"))
        #expect(RequestPath.answer("///how-to/a", query: "x=1") { $0 == "how-to/a/index.html" }
            == .redirect(location: "/how-to/a/?x=1"))
        try await app(state()).test(.router) { client in
            try await client.execute(uri: "//how-to/a", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/how-to/a/")
            }
        }
    }

    @Test("request path answers: the file, the site's 404 page, or a refusal")
    func requestPathAnswers() {
        let files: Set<String> = ["index.html", "how-to/a/index.html", "how-to/a b/index.html", "how-to/style.css"]
        #expect(RequestPath.answer("/", query: nil, hasFile: files.contains) == .file("index.html", found: true))
        #expect(RequestPath.answer("/how-to/a%20b/", query: nil, hasFile: files.contains) == .file("how-to/a b/index.html", found: true))
        #expect(RequestPath.answer("/how-to/style.css", query: nil, hasFile: files.contains) == .file("how-to/style.css", found: true))
        #expect(RequestPath.answer("/how-to/b/", query: nil, hasFile: files.contains) == .file("404.html", found: false))
        #expect(RequestPath.answer("/how-to/%2e%2e/a/", query: nil, hasFile: files.contains) == .refused)
    }

    @Test("request paths: decoded segments, or refused")
    func requestPaths() {
        #expect(RequestPath.resolve("/how-to/a%20b/") == .segments(["how-to", "a b"], trailingSlash: true))
        #expect(RequestPath.resolve("/how-to//x") == .segments(["how-to", "x"], trailingSlash: false))
        #expect(RequestPath.resolve("/a/%2F/b") == .refused)
        #expect(RequestPath.resolve("/a\\b") == .refused)
    }
}
