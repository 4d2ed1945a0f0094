import Testing

@Suite("link-template-syntax")
struct TemplateSyntaxRuleTests {
    @Test("flags unexpanded template syntax, encoded or not")
    func flagsTemplates() {
        LinkCheckHarness.expectFinding("1️⃣[x]({{site.baseurl}}/page/)\n", rule: "link-template-syntax",
            message: "link destination '{{site.baseurl}}/page/' contains template syntax that is not expanded")
        LinkCheckHarness.expectFinding("1️⃣[x]({{ site.baseurl }}/page/)\n", rule: "link-template-syntax",
            message: "link destination '{{ site.baseurl }}/page/' contains template syntax that is not expanded")
        LinkCheckHarness.expectFinding("1️⃣![x](%7B%7Bsite.url%7D%7D/a.png)\n", rule: "link-template-syntax",
            message: "link destination '%7B%7Bsite.url%7D%7D/a.png' contains template syntax that is not expanded")
    }
}
