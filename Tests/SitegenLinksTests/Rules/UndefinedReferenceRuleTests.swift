import Testing

@Suite("link-undefined-reference")
struct UndefinedReferenceRuleTests {
    @Test("flags a reference whose label is not defined")
    func flagsUndefined() {
        LinkCheckHarness.expectFinding("See 1️⃣[the docs][docs] for more.\n", rule: "link-undefined-reference",
            message: "'[the docs][docs]' is not a link: no '[docs]: URL' line defines the label 'docs'")
    }

    @Test("a defined reference is a link and resolves")
    func defined() {
        let (_, diagnostics, stats) = LinkCheckHarness.check("See [the docs][docs].\n\n[docs]: /how-to/page/#setup\n")
        #expect(diagnostics.isEmpty)
        #expect(stats.internalLinks == 1)
    }
}
