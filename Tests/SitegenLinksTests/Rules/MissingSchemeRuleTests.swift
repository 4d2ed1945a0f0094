import Testing

@Suite("link-missing-scheme")
struct MissingSchemeRuleTests {
    @Test("flags host names without a scheme, in lists and tables too")
    func flagsHosts() {
        LinkCheckHarness.expectFinding("1. Log in to 1️⃣[apps.example.com](apps.example.com)?\n", rule: "link-missing-scheme",
            message: "'apps.example.com' has no scheme, so browsers treat it as a path relative to this page, not as the host 'apps.example.com'",
            fix: "did you mean 'https://apps.example.com'?", edit: "https://apps.example.com")
        LinkCheckHarness.expectFinding("| a | b |\n|---|---|\n| x | 1️⃣[site](www.example.org/path?q=1) |\n",
            rule: "link-missing-scheme",
            message: "'www.example.org/path?q=1' has no scheme, so browsers treat it as a path relative to this page, not as the host 'www.example.org'",
            edit: "https://www.example.org/path?q=1")
    }

    @Test("file names and relative paths are not hosts", arguments: [
        "[guide](guide.pdf)", "[page](other.html)", "[img](diagram.png)", "[up](../page/)", "[x](setup.md)",
    ])
    func fileNames(_ markdown: String) {
        let diagnostics = LinkCheckHarness.check(markdown + "\n").diagnostics
        #expect(!diagnostics.contains { $0.rule == "link-missing-scheme" })
    }
}
