import Testing

@Suite("link-space-before-parenthesis")
struct SpaceBeforeParenthesisRuleTests {
    @Test("flags [text] (url), which Markdown shows as text")
    func flagsSpace() {
        LinkCheckHarness.expectFinding("- Read 1️⃣[the agent] (/how-to/install-the-agent/) now\n",
            rule: "link-space-before-parenthesis",
            message: "'[the agent] (/how-to/install-the-agent/)' is not a link: there is a space between ']' and '(', so it is shown as text",
            fix: "remove the space: '[the agent](/how-to/install-the-agent/)'", edit: "[the agent](/how-to/install-the-agent/)")
    }

    @Test("link text over a line break, in a block quote, is followed and found at its '['")
    func multiLine() {
        let found = LinkCheckHarness.expectFinding("> Read 1️⃣[the install\n> guide] (/how-to/install-the-agent/) now\n",
            rule: "link-space-before-parenthesis",
            message: "'[the install\nguide] (/how-to/install-the-agent/)' is not a link: there is a space between ']' and '(', so it is shown as text",
            fix: "remove the space: '[the install\nguide](/how-to/install-the-agent/)'")
        // The source has '> ' where the paragraph's text has a line break: no edit can replace it exactly.
        #expect(found?.edit == nil)
    }

    @Test("prose in brackets followed by a parenthetical is left alone")
    func prose() {
        LinkCheckHarness.expectClean("Choose [optional] (see below) settings.\n")
    }
}
