import SitegenCore
import SitegenTestSupport
import Testing
import SitegenContent

@Suite("The manual's content-rules table")
struct ManualContentRulesTests {
    /// Every content rule with its default severity: the article rules, the two the build checks site-wide, the
    /// ones found while rendering Markdown, and the redirect checks.
    static let catalog: [(id: String, severity: RuleSeverity)] =
        ContentRuleCatalog.articleRules.map { ($0.id, $0.defaultSeverity) }
        + [(ContentRuleCatalog.orphan.id, ContentRuleCatalog.orphan.severity),
           (ContentRuleCatalog.duplicatePermalink.id, ContentRuleCatalog.duplicatePermalink.severity),
           (ContentRuleCatalog.unsafeHTML.id, ContentRuleCatalog.unsafeHTML.severity),
           (ContentRuleCatalog.imageAlt.id, ContentRuleCatalog.imageAlt.severity),
           (ContentRuleCatalog.indentedHTML.id, ContentRuleCatalog.indentedHTML.severity),
           (ContentRuleCatalog.unclosedBlock.id, ContentRuleCatalog.unclosedBlock.severity),
           (HeadingOrderRule.id, HeadingOrderRule.severity)]
        + ContentRuleCatalog.redirectRules.map { ($0.id, $0.severity) }
        + ContentRuleCatalog.stabilityRules.map { ($0.id, $0.severity) }

    @Test("docs/content/reference/content-rules.md lists exactly ContentRuleCatalog's rules, each with its default severity")
    func tableMatchesCatalog() throws {
        let table = try ManualRuleTable("reference/content-rules.md", severityColumn: "Default")
        for row in table.rows {
            #expect(row.ids.count == 1, "\(table.path):\(row.line): a row of the content-rules table names one rule")
        }
        let documented = table.rows.map { "\($0.ids.joined(separator: ", ")): \($0.severity)" }
        let expected = Self.catalog.map { "\($0.id): \($0.severity.rawValue)" }
        #expect(Set(expected).subtracting(documented).sorted() == [],
                "rules (with their default severity) that \(table.path) lacks")
        #expect(Set(documented).subtracting(expected).sorted() == [],
                "rows of \(table.path) that no content rule has (or with another severity)")
        #expect(documented.count == Set(documented).count, "a rule listed twice in \(table.path)")
    }

    /// `rules:` also sets the severity of findings that are not content rules (front matter, the content scan).
    /// The content-rules page names them below its table, and the diagnostics page's table gives their severity.
    @Test("the other rules `rules:` configures are named on the content-rules page and have their default in the diagnostics table")
    func otherConfigurableRules() throws {
        let page = try ManualRuleTable("reference/content-rules.md", severityColumn: "Default")
        let diagnostics = try ManualRuleTable("reference/diagnostics.md", severityColumn: "Severity")
        let contentRules = Set(Self.catalog.map(\.id))
        let others = ContentRuleCatalog.configurable.filter { !contentRules.contains($0.key) }
        #expect(!others.isEmpty)
        for (id, severity) in others.sorted(by: { $0.key < $1.key }) {
            let named = page.text.contains("`\(id)`")
            #expect(named, "\(page.path) does not name \(id) among the rules `rules:` sets")
            let rows = diagnostics.rows.filter { $0.ids.contains(id) }
            #expect(rows.map(\.severity) == [severity.rawValue], "\(diagnostics.path): \(id) should have one row, '\(severity.rawValue)'")
        }
    }

    @Test("content-duplicate-permalink is always an error, as the page says: `rules:` cannot change it")
    func duplicatePermalinkIsNotConfigurable() {
        #expect(ContentRuleCatalog.configurable[ContentRuleCatalog.duplicatePermalink.id] == nil)
    }
}
