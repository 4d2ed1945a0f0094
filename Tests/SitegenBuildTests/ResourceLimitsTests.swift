import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// One article must never stall or exhaust a build: limits on its size, its tables and its parse time. Each one
/// reports one error at the article and keeps the article in the site by its front matter, so that links to it
/// still resolve (no finding in another file).
@Suite("Resource limits")
struct ResourceLimitsTests {
    func site(_ limits: String, article: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sitegen.yml", "title: T\nlimits:\n" + limits)
        try folder.write("content/p/big.md", "---\ntitle: Big\npermalink: big/\n---\n" + article)
        try folder.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nRead [the big one](/how-to/big/) and [A](/how-to/a/).\n")
        return folder
    }

    func findings(_ result: BuildResult) -> [String] {
        result.diagnostics.filter { $0.severity != .note }.map { "\($0.location.file):\($0.location.line):\($0.location.column) \($0.rule)" }
    }

    @Test("an article over limits.article_bytes is one content-too-large error at line 1; links to it resolve")
    func tooLarge() throws {
        let body = String(repeating: "Some text and [a link](/how-to/nowhere/).\n", count: 100)
        let folder = try site("  article_bytes: 1000\n", article: body)
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(findings(result) == ["content/p/big.md:1:1 content-too-large"])
        let error = try #require(result.diagnostics.first { $0.rule == "content-too-large" })
        #expect(error.message == "this article is \(try #require(folder.read("content/p/big.md")).utf8.count) bytes; articles over 1000 bytes are not read (limits.article_bytes in sitegen.yml)")
        #expect(!result.diagnostics.contains { $0.rule == "content-orphan" }, "its links are unknown: nobody is called an orphan")
    }

    @Test("a table with more cells than limits.table_cells is an error at its delimiter row; the article is kept")
    func tooManyCells() throws {
        let table = "Intro.\n\n| a | b | c |\n|---|---|---|\n" + String(repeating: "| 1 | 2 | 3 |\n", count: 50) + "\nAfter.\n"
        let folder = try site("  table_cells: 100\n", article: table)
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(findings(result) == ["content/p/big.md:8:1 content-too-complex"])
        #expect(result.diagnostics.first { $0.rule == "content-too-complex" }?.message
            == "this table has 3 columns and at least 34 rows, over 100 cells (limits.table_cells in sitegen.yml), so the article is not parsed")
    }

    @Test("a delimiter row with thousands of columns is an error whatever the cell limit")
    func tooManyColumns() throws {
        let row = "|" + String(repeating: "-|", count: 5_000)
        let folder = try site("  table_cells: 100000000\n", article: "| a |\n" + row + "\n| 1 |\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(findings(result) == ["content/p/big.md:6:1 content-too-complex"])
        #expect(result.diagnostics.first { $0.rule == "content-too-complex" }?.message
            == "this table has 5000 columns; the limit is 1000, so the article is not parsed")
    }

    @Test("tables within the limits, thematic breaks and setext headings are not tables")
    func ordinaryTables() throws {
        let body = "Title\n---\n\n***\n---\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
        let folder = try site("  table_cells: 100\n", article: body)
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(findings(result).isEmpty, "\(result.diagnostics.map(\.formatted))")
    }

    @Test("an article whose Markdown takes longer than limits.parse_seconds is given up with one error; the check goes on")
    func parseBudget() throws {
        // cmark-gfm 0.29 takes time quadratic in this run (about 7 s for 45,000 in the library alone): the check must
        // return long before that, with the article given up.
        let folder = try site("  parse_seconds: 0.3\n", article: String(repeating: "![[]()", count: 45_000) + "\n")
        let start = ContinuousClock.now
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(start.duration(to: .now) < .seconds(5))
        #expect(findings(result) == ["content/p/big.md:1:1 content-too-complex"])
        #expect(result.diagnostics.first { $0.rule == "content-too-complex" }?.message
            == "parsing this article's Markdown took longer than 0.3 s (limits.parse_seconds in sitegen.yml), so it was given up and the page has no body")
    }

    @Test("limits must be positive numbers")
    func invalidLimits() throws {
        let folder = try site("  parse_seconds: -1\n  table_cells: many\n  pages: 3\n", article: "Text.\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: folder.path))
        #expect(result.outcome == .configurationError)
        #expect(result.diagnostics.map(\.message).sorted() == [
            "'limits.parse_seconds' must be a positive number",
            "'limits.table_cells' must be a positive number",
            "unknown configuration key 'limits.pages'; it is ignored",
        ])
    }
}
