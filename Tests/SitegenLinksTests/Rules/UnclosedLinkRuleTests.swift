import Testing

@Suite("link-unclosed")
struct UnclosedLinkRuleTests {
    @Test("flags a destination with no closing parenthesis")
    func flagsUnclosed() {
        LinkCheckHarness.expectFinding("Go to 1️⃣[the page](/how-to/page/ and continue.\n", rule: "link-unclosed",
            message: "'[the page](/how-to/page/' is not a link: the destination has no closing ')'",
            fix: "close it: '[the page](/how-to/page/)'")
    }
}
