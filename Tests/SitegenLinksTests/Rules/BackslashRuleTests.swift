import Testing

@Suite("link-backslash")
struct BackslashRuleTests {
    @Test("flags backslashes and resolves the corrected path")
    func flagsBackslashes() {
        let diagnostic = LinkCheckHarness.expectFinding("1️⃣[x](\\how-to\\install-the-agent\\index.html)\n", rule: "link-backslash",
            message: "link destination '\\how-to\\install-the-agent\\index.html' uses backslashes; URLs separate folders with '/'",
            fix: "did you mean '/how-to/install-the-agent/index.html'?", edit: "/how-to/install-the-agent/index.html")
        #expect(diagnostic?.link?.resolved == "/how-to/install-the-agent/index.html")
    }
}
