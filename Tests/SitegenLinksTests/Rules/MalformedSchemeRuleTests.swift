@testable import SitegenLinks
import Testing

@Suite("link-malformed-scheme")
struct MalformedSchemeRuleTests {
    @Test("repairs mistyped schemes", arguments: [
        ("http:/example.com/x", "http://example.com/x", "has one slash after 'http:'; URLs need two"),
        ("https//example.com", "https://example.com", "is missing the ':' after 'https'"),
        ("htps://example.com", "https://example.com", "misspells the scheme 'https'"),
        ("http://http://example.com", "http://example.com", "repeats the scheme"),
        ("https://https//example.com", "https://example.com", "repeats the scheme"),
        ("http:example.com", "http://example.com", "has no '//' after 'http:'"),
    ])
    func repairs(_ written: String, _ fixed: String, _ problem: String) {
        LinkCheckHarness.expectFinding("1️⃣[x](\(written))\n", rule: "link-malformed-scheme",
            message: "'\(written)' \(problem)", fix: "did you mean '\(fixed)'?", edit: fixed)
    }

    @Test("correct URLs pass", arguments: ["https://example.com", "http://example.com/http://x", "httpbin.org"])
    func correct(_ url: String) {
        #expect(MalformedSchemeRule.repair(url) == nil)
    }

    @Test("the byte pre-test never skips a destination that repair would change", arguments: [
        "http:/example.com/x", "https//example.com", "htps://example.com", "http://http://example.com",
        "HTTPS://HTTPS//example.com", "http:example.com", "HtPs://x", "http://HTTP://x", "https://example.com",
        "images/a.png", "/how-to/x/", "mailto:a@example.com", "ftp://x", "http//x", "https://httpbin.org",
    ])
    func preTest(_ url: String) {
        if MalformedSchemeRule.repair(url) != nil { #expect(MalformedSchemeRule.mayBeMalformed(url)) }
    }

    @Test("the pre-test skips the common well-formed links")
    func preTestSkips() {
        #expect(!MalformedSchemeRule.mayBeMalformed("https://example.com/a?b=c"))
        #expect(!MalformedSchemeRule.mayBeMalformed("HTTP://Example.com"))
        #expect(!MalformedSchemeRule.mayBeMalformed("images/screen shot.png"))
    }
}
