import Testing

@Suite("link-empty")
struct EmptyDestinationRuleTests {
    @Test("flags empty destinations and a lone '#'")
    func flagsEmpty() {
        LinkCheckHarness.expectFinding("Click 1️⃣[here]().\n", rule: "link-empty", message: "link has no destination",
                                       fix: "write the URL between the parentheses, or remove the link")
        LinkCheckHarness.expectFinding("1️⃣[top](#)\n", rule: "link-empty",
                                       message: "link destination '#' leads nowhere (it only scrolls to the top of the page)")
    }
}
