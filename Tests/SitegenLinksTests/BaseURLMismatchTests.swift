import SitegenCore
import SitegenMarkdown
import Testing
@testable import SitegenLinks

/// `BaseURLMismatch`: which prefixes a link that does not resolve may have been meant under, how a site's totals
/// decide one, and links read through `LinkPrefixAlias`.
@Suite("Baseurl mismatch evidence")
struct BaseURLMismatchEvidenceTests {
    @Test("candidate prefixes: the first segment when more follows and it is not the baseurl, and '/' off the baseurl")
    func candidates() {
        #expect(BaseURLMismatch.candidates(for: "/how-to/x/", baseURL: "/help/") == ["/how-to/", "/"])
        #expect(BaseURLMismatch.candidates(for: "/how-to/x/", baseURL: "/") == ["/how-to/"])
        #expect(BaseURLMismatch.candidates(for: "/how-to/", baseURL: "/help/") == ["/"])
        #expect(BaseURLMismatch.candidates(for: "/x", baseURL: "/how-to/") == ["/"])
        #expect(BaseURLMismatch.candidates(for: "/how-to/missing/", baseURL: "/how-to/") == [])
        #expect(BaseURLMismatch.candidates(for: "/how-to", baseURL: "/how-to/") == [])
        #expect(BaseURLMismatch.candidates(for: "how-to/x/", baseURL: "/") == [])
    }

    @Test("an alias reads only what it names, never a path already under the baseurl or a host")
    func reading() {
        let alias = LinkPrefixAlias(prefix: "/how-to/", baseURL: "/help/")
        #expect(alias.reading("/how-to/x/#part") == "/help/x/#part")
        #expect(alias.reading("/help/x/") == nil)
        #expect(alias.reading("/other/x/") == nil)
        let root = LinkPrefixAlias(prefix: "/", baseURL: "/how-to/")
        #expect(root.reading("/x/") == "/how-to/x/")
        #expect(root.reading("/how-to/x/") == nil)
        #expect(root.reading("/how-to") == nil)
        #expect(root.reading("//cdn.example.com/x") == nil)
        #expect(LinkPrefixAlias(prefix: "/how-to/", baseURL: "/").reading("/how-to/x/") == "/x/")
    }

    static func evidence(resolved: Int, _ prefixes: [String: (Int, Int)]) -> BaseURLMismatch.PageEvidence {
        var evidence = BaseURLMismatch.PageEvidence()
        evidence.resolvedAsWritten = resolved
        for (prefix, (links, resolving)) in prefixes {
            evidence.prefixes[prefix] = BaseURLMismatch.Count(links: links, resolving: resolving)
            evidence.pages[prefix] = 1
        }
        return evidence
    }

    @Test("the decision: at least 3 links that resolve under the prefix, more than resolve as written; ties to the shorter, then the first")
    func decision() {
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/how-to/": (2, 2)]), baseURL: "/help/") == nil)
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/how-to/": (9, 3)]), baseURL: "/help/")
            == LinkPrefixAlias(prefix: "/how-to/", baseURL: "/help/"))
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 3, ["/how-to/": (9, 3)]), baseURL: "/help/") == nil)
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 3, ["/how-to/": (9, 4)]), baseURL: "/help/")?.prefix == "/how-to/")
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/docs/": (5, 5), "/how-to/": (9, 6)]), baseURL: "/help/")?.prefix == "/how-to/")
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/docs/": (5, 5), "/kb/": (5, 5), "/": (5, 5)]), baseURL: "/help/")?.prefix == "/")
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/docs/": (5, 5), "/kb1/": (5, 5)]), baseURL: "/help/")?.prefix == "/kb1/")
        #expect(BaseURLMismatch.decide(Self.evidence(resolved: 0, ["/abd/": (5, 5), "/abc/": (5, 5)]), baseURL: "/help/")?.prefix == "/abc/")
    }

    @Test("totals: a page's evidence added and taken away leaves nothing behind")
    func totals() {
        var totals = BaseURLMismatch.PageEvidence()
        let a = Self.evidence(resolved: 2, ["/how-to/": (3, 2)]), b = Self.evidence(resolved: 1, ["/how-to/": (1, 1), "/": (1, 0)])
        totals.add(a)
        totals.add(b)
        #expect(totals.prefixes["/how-to/"] == BaseURLMismatch.Count(links: 4, resolving: 3))
        #expect(totals.pages == ["/how-to/": 2, "/": 1])
        #expect(totals.resolvedAsWritten == 3)
        totals.add(a, sign: -1)
        totals.add(b, sign: -1)
        #expect(totals == BaseURLMismatch.PageEvidence())
    }

    @Test("a page's check gathers the evidence as written, and reads its links through the site's alias")
    func checkedThroughTheAlias() {
        let text = "[a](/how-to/page/) [b](/help/page/) [c](/help/install-the-agent/#requirements) [d](/help/gone/) [e](/help/page/#nowhere) "
            + "[f](https://help.example.com/help/page/) [g](https://example.org/help/page/)\n"
        let rendered = MarkdownRenderer().render(text)
        let page = PageLinks(file: "content/p/page.md", contentPath: "p/page.md", pageURL: "/how-to/page/",
                             links: rendered.links, suppressions: Suppressions(text: text))
        let plain = LinkChecker(resolver: LinkCheckHarness.resolver, settings: LinkCheckSettings()).check(page)
        #expect(plain.diagnostics.map(\.rule) == Array(repeating: "link-outside-site", count: 5))
        #expect(plain.evidence.resolvedAsWritten == 1)
        #expect(plain.evidence.prefixes == ["/help/": BaseURLMismatch.Count(links: 5, resolving: 4),
                                            "/": BaseURLMismatch.Count(links: 5, resolving: 0)])
        #expect(plain.evidence.pages == ["/help/": 1, "/": 1])

        let resolver = LinkResolver(routes: LinkCheckHarness.routes, alias: LinkPrefixAlias(prefix: "/help/", baseURL: "/how-to/"))
        let aliased = LinkChecker(resolver: resolver, settings: LinkCheckSettings()).check(page)
        #expect(aliased.evidence == plain.evidence)
        #expect(aliased.diagnostics.map { "\($0.location.column) \($0.rule): \($0.message)" } == [
            "80 link-broken: link target '/help/gone/' does not exist on this site, read as '/how-to/gone/' (see the finding at the baseurl)",
            "97 link-broken-fragment: '#nowhere' is not a heading or anchor on this page",
            "122 link-own-host: 'https://help.example.com/help/page/' is an absolute URL to this site; a site-relative "
                + "link keeps working if the domain changes",
        ])
        #expect(aliased.targets.count == 2)
    }

    @Test("a relative link written with the prefix is suggested its page as the alias reads it")
    func relativeLinkUnderThePrefix() {
        let text = "[h](help/install-the-agent/)\n"
        let rendered = MarkdownRenderer().render(text)
        let page = PageLinks(file: "content/p/page.md", contentPath: "p/page.md", pageURL: "/how-to/page/",
                             links: rendered.links, suppressions: Suppressions(text: text))
        let resolver = LinkResolver(routes: LinkCheckHarness.routes, alias: LinkPrefixAlias(prefix: "/help/", baseURL: "/how-to/"))
        let found = LinkChecker(resolver: resolver, settings: LinkCheckSettings()).check(page).diagnostics
        #expect(found.map(\.rule) == ["link-broken"])
        #expect(found.first?.fixIt == "did you mean '/how-to/install-the-agent/'? (relative links resolve against the page's own URL; "
            + "start the link with '/')")
        let plain = LinkChecker(resolver: LinkCheckHarness.resolver, settings: LinkCheckSettings()).check(page).diagnostics
        #expect(plain.first?.fixIt?.contains("start the link with '/'") != true)
    }
}
