import SitegenCore
import SitegenTestSupport
import Testing
import SitegenLinks

@Suite("The manual's link-rules table")
struct ManualLinkRulesTests {
    /// Rules the table documents that `RuleCatalog` does not hold, with their severity. Each must say why.
    static let documentedElsewhere: [String: RuleSeverity] = [
        // Raised by SitegenBuild's theme link check (`ThemeLinks`), at the template that writes the link. Always an
        // error and not configurable, so it is not in the catalog that `links.rules` and `rules` accept.
        "theme-link-broken": .error,
    ]

    @Test("docs/content/links/rules.md lists exactly RuleCatalog's rules, each with its default severity")
    func tableMatchesCatalog() throws {
        let table = try ManualRuleTable("links/rules.md", severityColumn: "Default")
        for row in table.rows {
            #expect(row.ids.count == 1, "\(table.path):\(row.line): a row of the link-rules table names one rule")
        }
        let documented = table.rows.map { "\($0.ids.joined(separator: ", ")): \($0.severity)" }
        let expected = RuleCatalog.entries.map { "\($0.id): \($0.defaultSeverity.rawValue)" }
            + Self.documentedElsewhere.map { "\($0.key): \($0.value.rawValue)" }
        #expect(Set(expected).subtracting(documented).sorted() == [],
                "rules (with their default severity) that \(table.path) lacks")
        #expect(Set(documented).subtracting(expected).sorted() == [],
                "rows of \(table.path) that no rule of the code has (or with another severity)")
        #expect(documented.count == Set(documented).count, "a rule listed twice in \(table.path)")
    }

    @Test("the rules documented outside the catalog are not in it, so the exception above stays needed")
    func exceptionsAreNotInTheCatalog() {
        for id in Self.documentedElsewhere.keys {
            #expect(RuleCatalog.byID[id] == nil, "\(id) is in RuleCatalog now: drop it from documentedElsewhere")
        }
    }
}
