import Testing

@Suite("link-missing-mailto")
struct MissingMailtoRuleTests {
    @Test("flags an e-mail address without mailto:")
    func flagsAddress() {
        LinkCheckHarness.expectFinding("Write to 1️⃣[support](support@example.com).\n", rule: "link-missing-mailto",
            message: "'support@example.com' is an e-mail address; without 'mailto:' browsers open it as a page of this site",
            fix: "did you mean 'mailto:support@example.com'?", edit: "mailto:support@example.com")
    }

    @Test("mailto: links are external and fine")
    func mailto() {
        LinkCheckHarness.expectClean("[support](mailto:support@example.com) and <support@example.com>\n")
    }
}
