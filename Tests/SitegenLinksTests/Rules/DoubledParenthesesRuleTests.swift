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

    @Test("parentheses inside a URL are fine")
    func balancedParenthesesInside() {
        LinkCheckHarness.expectClean("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))\n")
    }
}
