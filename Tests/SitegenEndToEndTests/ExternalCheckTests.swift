import Foundation
import SitegenTestSupport
import Testing

/// `sitegen check --external`, `--offline` and `fix` against a web server on loopback that the test starts.
@Suite("sitegen check --external (end to end)")
struct ExternalCheckTests {
    static let config = """
        title: External
        links:
          external:
            allow_private: true
            timeout: 2s
            retries: 1
            hosts:
              default: {concurrency: 2, interval: 0ms}

        """

    static func web() async throws -> TestWeb {
        try await TestWeb { _, path, _ in
            switch path {
            case "/ok", "/new": .status(200)
            case "/old": .status(301, headers: [("Location", "/new")])
            case "/forbidden": .status(403)
            default: .status(404)
            }
        }
    }

    /// Body line 1 is line 5 of the file.
    static func article(_ web: TestWeb) -> String {
        """
        ---
        title: Links
        permalink: links/
        ---
        [gone](\(web.url("/gone")))
        Moved: [old](\(web.url("/old#part")))
        <!-- sitegen-ignore link-external-blocked -->
        [blocked](\(web.url("/forbidden")))
        [ok](\(web.url("/ok"))) and [gone again](\(web.url("/gone")))

        """
    }

    static func findings(_ json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object["findings"] as? [[String: Any]] ?? []).filter { ($0["rule"] as? String)?.hasPrefix("link-external") == true }.map {
            "\($0["line"]!):\($0["column"]!) \($0["severity"]!) \($0["rule"]!)"
        }
    }

    @Test("each URL fetched once, each finding at every place that links it; a second run and --offline send nothing")
    func checkTwiceAndOffline() async throws {
        let web = try await Self.web()
        defer { Task { await web.stop() } }
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", Self.config)
        try site.write("content/mail/links.md", Self.article(web))

        let plain = try Sitegen.run(["check", "-s", site.path])
        #expect(plain.status == 0)
        #expect(web.requests.isEmpty, "a check without --external fetches nothing")
        #expect(plain.stderr.contains("checked 1 article and 5 links (0 on this site, 5 external, not fetched)"))

        let first = try Sitegen.run(["check", "-s", site.path, "--external", "--report", "json",
                                     "--report", "markdown=\(site.path)/report.md", "--report", "html=\(site.path)/report.html"])
        #expect(first.status == 1)
        // Every summary gives the URLs per class once they were fetched.
        let classes = "5 external; 4 URLs: 1 ok, 1 moved, 1 dead, 1 blocked"
        #expect(first.stderr.contains("checked 1 article and 5 links (0 on this site, \(classes))"))
        #expect(try String(contentsOfFile: site.path + "/report.md", encoding: .utf8).contains("(0 internal, \(classes))"))
        #expect(try String(contentsOfFile: site.path + "/report.html", encoding: .utf8).contains("(0 on this site, \(classes))."))
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect((summary["external"] as? [String: Any])?["classes"] as? [String: Int] == ["ok": 1, "moved": 1, "dead": 1, "blocked": 1])
        let expected = ["5:1 error link-external-dead", "6:8 warning link-external-moved", "9:\(web.url("/ok").utf8.count + 12) error link-external-dead"]
        #expect(try Self.findings(first.stdout) == expected)
        #expect(first.stderr.contains("content/mail/links.md:5:1: error: '\(web.url("/gone"))' is dead: 404 Not Found [link-external-dead]"))
        #expect(first.stderr.contains("content/mail/links.md:6:8: warning: '\(web.url("/old#part"))' has moved permanently to '\(web.url("/new#part"))' (301) [link-external-moved]"))
        #expect(web.requests.filter { $0.hasSuffix(" /gone") } == ["HEAD /gone", "GET /gone"], "fetched once for its two links")
        #expect(web.requests.count == 7)
        #expect(FileManager.default.fileExists(atPath: site.path + "/.sitegen/cache/external.json"))

        let second = try Sitegen.run(["check", "-s", site.path, "--external", "--report", "json"])
        #expect(try Self.findings(second.stdout) == expected)
        #expect(web.requests.count == 7, "the second run uses the cache")
        #expect(second.stderr.contains("external: 4 URLs (0 fetched, 4 from the cache), 0 requests"))

        let offline = try Sitegen.run(["check", "-s", site.path, "--offline", "--report", "json"])
        #expect(try Self.findings(offline.stdout) == expected)
        #expect(web.requests.count == 7)
    }

    @Test("sitegen fix --external rewrites a permanently moved link to its final URL, keeping the fragment")
    func fixMoved() async throws {
        let web = try await Self.web()
        defer { Task { await web.stop() } }
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", Self.config)
        try site.write("content/mail/links.md", Self.article(web))
        let fix = try Sitegen.run(["fix", "-s", site.path, "--external", "--cache-dir", "cache"])
        #expect(fix.status == 0 || fix.status == 1)
        let text = try #require(site.read("content/mail/links.md"))
        #expect(text.contains("Moved: [old](\(web.url("/new#part")))"))
        #expect(!text.contains("/old#part"))
        #expect(FileManager.default.fileExists(atPath: site.path + "/cache/external.json"))
    }

    @Test("with fragments: true, a #fragment that is no id or name of the page is a warning; ignored URLs are not fetched")
    func fragmentsAndIgnore() async throws {
        let web = try await TestWeb { _, path, _ in
            path == "/page" ? .status(200, headers: [("Content-Type", "text/html")], body: #"<h2 id="intro">Intro</h2>"#)
                : .status(404)
        }
        defer { Task { await web.stop() } }
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", Self.config + "    fragments: true\n  ignore:\n    urls: ['*/private/*']\n")
        try site.write("content/mail/links.md", """
            ---
            title: Links
            permalink: links/
            ---
            [intro](\(web.url("/page#intro"))), [missing](\(web.url("/page#setup"))), [top](\(web.url("/page#top")))
            [ignored](\(web.url("/private/x")))

            """)
        let run = try Sitegen.run(["check", "-s", site.path, "--external", "--report", "json"])
        #expect(run.status == 0)
        let column = 1 + "[intro](\(web.url("/page#intro"))), ".utf8.count
        #expect(try Self.findings(run.stdout) == ["5:\(column) warning link-external-fragment"])
        #expect(run.stderr.contains("content/mail/links.md:5:\(column): warning: '#setup' is not an id or name on '\(web.url("/page"))' [link-external-fragment]"))
        #expect(web.requests == ["GET /page"], "one GET for the three links to the page; the ignored URL is not fetched")
    }

    @Test("no host reachable: one note, and the exit status is not changed")
    func noNetwork() async throws {
        let closed = try await TestWeb(host: "127.0.0.3") { _, _, _ in .status(200) }
        let url = closed.url("/page")
        await closed.stop()
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", Self.config)
        try site.write("content/mail/links.md", "---\ntitle: Links\npermalink: links/\n---\n[a](\(url)) and [b](\(url)x)\n")
        let run = try Sitegen.run(["check", "-s", site.path, "--external", "--strict"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("sitegen.yml: note: external links not checked: no network [link-external-no-network]"))
        #expect(!run.stderr.contains("link-external-flaky"))
    }
}
