import Testing

@Suite("link-doubled-parentheses")
struct DoubledParenthesesRuleTests {
    @Test("flags doubled parentheses and says whether the inner URL exists")
    func flagsDoubledParentheses() {
        LinkCheckHarness.expectFinding("See 1️⃣[the agent]((/how-to/install-the-agent/)).\n", rule: "link-doubled-parentheses",
            message: "link destination is wrapped in extra parentheses: '(/how-to/install-the-agent/)'",
            fix: "did you mean '/how-to/install-the-agent/'? (it leads to 'Install the agent')",
            edit: "/how-to/install-the-agent/")
        LinkCheckHarness.expectFinding("1️⃣[x]((/how-to/nope/))\n", rule: "link-doubled-parentheses",
            message: "link destination is wrapped in extra parentheses: '(/how-to/nope/)'",
            fix: "did you mean '/how-to/nope/'? (but that does not exist on this site either)")
    }

    @Test("an extra '(' with a single ')' leaves text, not a link: flagged with the whole construct as the fix")
    func singleClosingParenthesis() {
        LinkCheckHarness.expectFinding("1. Log in to the 1️⃣[Control Panel]((https://login.example.com).\n",
            rule: "link-doubled-parentheses",
            message: "'[Control Panel]((https://login.example.com)' is not a link: the destination starts with an extra '(', so it is shown as text",
            fix: "did you mean '[Control Panel](https://login.example.com)'?",
            edit: "[Control Panel](https://login.example.com)")
        LinkCheckHarness.expectFinding("2. See 1️⃣[B]((/how-to/page).\n", rule: "link-doubled-parentheses",
            message: "'[B]((/how-to/page)' is not a link: the destination starts with an extra '(', so it is shown as text",
            fix: "did you mean '[B](/how-to/page)'? (it leads to 'The page')",
            edit: "[B](/how-to/page)")
        // In a list item whose link text runs over a line break, found at its '['.
        LinkCheckHarness.expectFinding("- Open 1️⃣[the\n  page]((/how-to/page/) now.\n", rule: "link-doubled-parentheses",
            message: "'[the\npage]((/how-to/page/)' is not a link: the destination starts with an extra '(', so it is shown as text",
            fix: "did you mean '[the\npage](/how-to/page/)'? (it leads to 'The page')")
    }

    @Test("parentheses inside a URL are fine")
    func balancedParenthesesInside() {
        LinkCheckHarness.expectClean("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))\n")
    }
}
