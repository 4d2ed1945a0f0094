import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

/// `redirect_from`, `aliases` and `redirect_to` as read from front matter, how their paths become URLs, and the
/// `redirects` configuration section.
@Suite("Redirects in front matter and configuration")
struct RedirectFrontMatterTests {
    func read(_ file: String, simpleLines: Bool = true) -> FrontMatterReading {
        let split = FrontMatterSplitter.split(file)
        return FrontMatterParser.parse(yaml: split.yaml ?? "", firstLine: split.yamlFirstLine, file: "content/p/a.md",
                                       simpleLines: simpleLines)
    }

    @Test("a string, a block list and a flow list, each entry at its own line and column; both readers agree",
          arguments: [true, false])
    func entriesWithPositions(simpleLines: Bool) {
        let reading = read("---\ntitle: A\nredirect_from: /one/\naliases:\n  - /two/\n  -   three\nredirect_to: /x/#y\n---\n",
                           simpleLines: simpleLines)
        #expect(reading.diagnostics == [])
        #expect(reading.frontMatter.redirectFrom.map { "\($0.key) \($0.text) \($0.line):\($0.column)" } == [
            "redirect_from /one/ 3:16", "aliases /two/ 5:5", "aliases three 6:7",
        ])
        #expect(reading.frontMatter.redirectTo == RedirectEntry(key: "redirect_to", text: "/x/#y", line: 7, column: 14))
        let flow = read("---\ntitle: A\nredirect_from: [/a/, /b/]\n---\n").frontMatter.redirectFrom
        #expect(flow.map { "\($0.text) \($0.line):\($0.column)" } == ["/a/ 3:17", "/b/ 3:22"])
    }

    @Test("redirect_to needs no title; without redirect_to a missing title is still an error")
    func titleOptionalWhenRedirecting() {
        #expect(read("---\nredirect_to: https://example.org/\n---\n").diagnostics == [])
        #expect(read("---\npermalink: x/\n---\n").diagnostics.map(\.rule) == ["front-matter-missing-title"])
    }

    @Test("what redirect_to refuses, with the reason", arguments: [
        ("javascript:alert(1)", "is not a path or an http(s) URL"),
        ("//evil.example/", "starts with '//', which browsers read as a host name"),
        ("/a/../b/", "contains a '.' or '..' segment"),
        ("https://x.example/a b", "contains spaces, quotes or angle brackets"),
        ("#only", "has no path"),
    ])
    func refusedTargets(target: String, reason: String) {
        let diagnostics = read("---\ntitle: A\nredirect_to: '\(target)'\n---\n").diagnostics
        #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" } == [
            "3:14 front-matter-invalid-value 'redirect_to' is '\(target)', which \(reason)",
        ])
    }

    @Test("paths read relative to the baseurl, except one that starts with it", arguments: [
        ("/old/", "/how-to/old/"), ("old/", "/how-to/old/"), ("/old", "/how-to/old/"), ("/how-to/old/", "/how-to/old/"),
        ("/how-to", "/how-to/"), ("/how-tox/", "/how-to/how-tox/"), ("/old.html", "/how-to/old.html"),
        ("/files/guide.pdf", "/how-to/files/guide.pdf"), ("/b%20c/", "/how-to/b%20c/"), ("//a//b", "/how-to/a/b/"),
    ])
    func redirectURLs(written: String, url: String) {
        #expect(URLMapper(baseURL: "/how-to/").redirectURL(written).value == url)
    }

    @Test("with baseurl /, every path is site-relative")
    func rootBaseURL() {
        #expect(URLMapper(baseURL: "/").redirectURL("/how-to/old/").value == "/how-to/old/")
    }

    @Test("redirects.formats: a list or one word; another word is a config-invalid error at it")
    func formats() {
        #expect(SiteConfig().redirects.formats == [.html])
        #expect(ConfigLoader.parse("redirects:\n  formats: [html, netlify, nginx]\n", file: "s").0.redirects.formats
                == [.html, .netlify, .nginx])
        #expect(ConfigLoader.parse("redirects:\n  formats: nginx\n", file: "s").0.redirects.formats == [.nginx])
        let (config, diagnostics) = ConfigLoader.parse("redirects:\n  formats: [html, apache]\n  other: 1\n", file: "s")
        #expect(config.redirects.formats == [.html])
        #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" } == [
            "2:19 config-invalid 'redirects.formats' lists html, netlify and nginx (got 'apache')",
            "3:3 config-unknown-key unknown configuration key 'redirects.other'; it is ignored",
        ])
    }
}
