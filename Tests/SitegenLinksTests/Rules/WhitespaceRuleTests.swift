import Testing

@Suite("link-whitespace")
struct WhitespaceRuleTests {
    @Test("a destination with spaces is not a link at all")
    func plainText() {
        LinkCheckHarness.expectFinding("Read 1️⃣[the page](my page.md) first.\n", rule: "link-whitespace",
            message: "'[the page](my page.md)' is not a link: Markdown link destinations cannot contain spaces, so it is shown as text",
            fix: "write the spaces as '%20': 'my%20page.md'", edit: "my%20page.md")
    }

    @Test("<...> destinations with spaces work but are flagged, then resolved")
    func angleBrackets() {
        let (_, diagnostics, _) = LinkCheckHarness.check("![diagram](<../p/diagram one.png>)\n")
        #expect(diagnostics.map(\.rule) == ["link-whitespace"])
        #expect(diagnostics.first?.link?.resolved == "/how-to/p/diagram%20one.png")
    }
}
