import SitegenCore
import SitegenLinks
import Testing

@Suite("severities, ignore patterns and inline suppressions")
struct LinkCheckSettingsTests {
    @Test("a rule's severity can be changed or turned off")
    func severities() {
        var settings = LinkCheckSettings()
        settings.severities["link-missing-scheme"] = .warning
        settings.severities["link-broken"] = .off
        let diagnostics = LinkCheckHarness.check("[a](apps.example.com) [b](/how-to/gone/)\n", settings: settings).diagnostics
        #expect(diagnostics.map(\.rule) == ["link-missing-scheme"])
        #expect(diagnostics.first?.severity == .warning)
    }

    @Test("URL patterns match the destination as written and as resolved")
    func ignoreURLs() {
        var settings = LinkCheckSettings()
        settings.ignoreURLs = ["/how-to/legacy/*", "*/gone/"]
        let (_, diagnostics, stats) = LinkCheckHarness.check("[a](/how-to/legacy/x/) [b](../gone/) [c](/how-to/other/)\n",
                                                             settings: settings)
        #expect(diagnostics.map(\.destination) == ["/how-to/other/"])
        #expect(stats.ignored == 2)
    }

    @Test("file patterns skip a file's links")
    func ignoreFiles() {
        var settings = LinkCheckSettings()
        settings.ignoreFiles = ["p/*"]
        let (_, diagnostics, stats) = LinkCheckHarness.check("[a](/how-to/gone/)\n", settings: settings)
        #expect(diagnostics.isEmpty)
        #expect(stats.ignored == 1)
    }

    @Test("a sitegen-ignore comment silences its line, or the next line when it stands alone")
    func suppressions() {
        let text = """
            [a](/how-to/gone/) <!-- sitegen-ignore link-broken -->
            <!-- sitegen-ignore -->
            [b](apps.example.com) [c](/how-to/gone-too/)
            [d](/how-to/gone/) <!-- sitegen-ignore link-missing-scheme -->

            """
        let (_, diagnostics, stats) = LinkCheckHarness.check(text)
        #expect(diagnostics.map(\.location.line) == [4])
        #expect(stats.suppressed == 3)
    }
}

private extension Diagnostic {
    var destination: String? { link?.destination }
}
