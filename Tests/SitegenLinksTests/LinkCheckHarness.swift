import SitegenCore
import SitegenLinks
import SitegenMarkdown
import SitegenTestSupport
import Testing

/// Checks the links of a Markdown text on a small site, so rule tests read as "this text gives this finding
/// at this marker".
enum LinkCheckHarness {
    /// The site every test links into: two articles with headings, an asset, a generated page.
    static let routes = SiteRoutes(routes: [
        Route(url: "/how-to/page/", kind: .article, anchors: ["intro", "setup"], title: "The page", contentPath: "p/page.md"),
        Route(url: "/how-to/install-the-agent/", kind: .article, anchors: ["requirements", "step-2"],
              title: "Install the agent", contentPath: "p/installing-the-agent.md"),
        Route(url: "/how-to/Mixed-Case/", kind: .article, anchors: [], title: "Mixed", contentPath: "p/mixed.md"),
        Route(url: "/how-to/p/diagram%20one.png", kind: .asset),
        Route(url: "/how-to/", kind: .generated, title: "Home"),
        Route(url: "/how-to/p/", kind: .generated, title: "Product P"),
    ], baseURL: "/how-to/", siteURL: "https://help.example.com")

    static let resolver = LinkResolver(routes: routes)

    /// Renders `marked` (markers removed) as the body of `p/page.md` at `/how-to/page/` and checks its links.
    static func check(_ marked: String, settings: LinkCheckSettings = LinkCheckSettings())
        -> (text: MarkedText, diagnostics: [Diagnostic], stats: LinkStats) {
        let text = MarkedText(marked)
        let rendered = MarkdownRenderer().render(text.text)
        let checker = LinkChecker(resolver: resolver, settings: settings)
        let page = PageLinks(file: "content/p/page.md", contentPath: "p/page.md", pageURL: "/how-to/page/",
                             links: rendered.links, suppressions: Suppressions(text: text.text))
        let result = checker.check(page)
        let (diagnostics, stats) = (result.diagnostics, result.stats)
        return (text, diagnostics, stats)
    }

    /// Expects exactly one finding of `rule`, at `marker`, with this message (and fix, when given).
    @discardableResult
    static func expectFinding(_ marked: String, rule: String, at marker: String = "1️⃣", message: String,
                              fix: String? = nil, severity: Severity = .error, edit: String? = nil,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let (text, diagnostics, _) = check(marked)
        let found = diagnostics.filter { $0.rule == rule }
        #expect(found.count == 1, "expected one \(rule), got \(diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
        guard let diagnostic = found.first else { return nil }
        let position = text[marker]
        #expect(diagnostic.location.line == position.line, sourceLocation: sourceLocation)
        #expect(diagnostic.location.column == position.column, sourceLocation: sourceLocation)
        #expect(diagnostic.location.file == "content/p/page.md", sourceLocation: sourceLocation)
        #expect(diagnostic.message == message, sourceLocation: sourceLocation)
        #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
        if let fix { #expect(diagnostic.fixIt == fix, sourceLocation: sourceLocation) }
        if let edit {
            #expect(diagnostic.edit?.replacement == edit, sourceLocation: sourceLocation)
            // The edit replaces exactly the text that is at its position.
            if let textEdit = diagnostic.edit {
                let bytes = Array(text.text.utf8)
                let offset = LineIndex(bytes).offset(line: textEdit.line, column: textEdit.column)
                let slice = bytes[offset..<min(bytes.count, offset + textEdit.original.utf8.count)]
                #expect(String(decoding: slice, as: UTF8.self) == textEdit.original, sourceLocation: sourceLocation)
            }
        }
        return diagnostic
    }

    /// Expects no finding at all.
    static func expectClean(_ marked: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let diagnostics = check(marked).diagnostics
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
    }
}
