import SitegenCore
@testable import SitegenLinks
import Testing

@Suite("link-unsafe-scheme")
struct UnsafeSchemeRuleTests {
    @Test("script URLs in every Markdown link form are errors at the link", arguments: [
        ("1️⃣[x](javascript:alert(1))", "the link 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x](JaVaScRiPt:alert(1))", "the link 'JaVaScRiPt:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x](&#106;avascript:alert(1))", "the link 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x](&#x6A;avascript&colon;alert(1))", "the link 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣<javascript:alert(1)>", "the link 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x][r]\n\n[r]: javascript:alert(1)", "the link 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x](vbscript:msgbox(1))", "the link 'vbscript:msgbox(1)' is a vbscript: URL, which runs script when followed; the page gets '#' instead"),
        ("1️⃣[x](data:text/html;base64,PHNjcmlwdD4=)", "the link 'data:text/html;base64,PHNjcmlwdD4=' is a data: URL of type 'text/html', which can hold a page with script; the page gets '#' instead"),
        ("1️⃣![x](data:image/svg+xml,x)", "the image URL 'data:image/svg+xml,x' is a data: URL of type 'image/svg+xml', which can hold a page with script; the page gets '#' instead"),
        ("See <a href=\"1️⃣javascript:alert(1)\">x</a>", "the 'href' URL 'javascript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
        ("<form action=1️⃣java&Tab;script:alert(1)></form>", "the 'action' URL 'java\tscript:alert(1)' is a javascript: URL, which runs script when followed; the page gets '#' instead"),
    ])
    func unsafe(_ marked: String, _ message: String) {
        LinkCheckHarness.expectFinding(marked + "\n", rule: "link-unsafe-scheme", message: message)
    }

    @Test("raster data: images and ordinary links pass")
    func safe() {
        LinkCheckHarness.expectClean("![x](data:image/png;base64,iVBORw0KGgo=) [y](/how-to/page/) [z](https://example.com/javascript:x)\n")
    }

    @Test("a long data: URL is shortened in the message")
    func longURL() {
        let url = "data:text/html," + String(repeating: "a", count: 500)
        let found = LinkCheckHarness.expectFinding("1️⃣[x](\(url))\n", rule: "link-unsafe-scheme",
            message: "the link '\(url.prefix(79))…' is a data: URL of type 'text/html', which can hold a page with script; the page gets '#' instead")
        #expect(found?.link?.destination == url)
    }

    @Test("stays an error in Jekyll mode, where other link errors are warnings")
    func jekyllMode() {
        var settings = LinkCheckSettings()
        settings.errorsAsWarnings = true
        let diagnostics = LinkCheckHarness.check("[x](javascript:alert(1)) [y](/how-to/nope/)\n", settings: settings).diagnostics
        #expect(diagnostics.map(\.rule) == ["link-unsafe-scheme", "link-broken"])
        #expect(diagnostics.map(\.severity) == [.error, .warning])
    }
}
