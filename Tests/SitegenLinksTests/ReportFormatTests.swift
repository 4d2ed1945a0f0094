import Foundation
import SitegenCore
import SitegenLinks
import SitegenTestSupport
import Testing

/// Every report format, written from one fixed report and compared with its golden file in
/// `Tests/Fixtures/reports/` (`SITEGEN_UPDATE_GOLDEN=1` rewrites them).
@Suite("report formats")
struct ReportFormatTests {
    static let report: CheckReport = {
        var stats = LinkStats()
        stats.links = 12
        stats.internalLinks = 9
        stats.externalLinks = 3
        let diagnostics = [
            Diagnostic(.error, SourceLocation(file: "content/mail/connect.md", line: 31, column: 31), rule: "link-missing-scheme",
                       "'apps.example.com' has no scheme, so browsers treat it as a path relative to this page, not as the host 'apps.example.com'",
                       fixIt: "did you mean 'https://apps.example.com'?",
                       link: LinkDetails(destination: "apps.example.com", resolved: nil, suggestion: "https://apps.example.com"),
                       edit: TextEdit(line: 31, column: 52, original: "apps.example.com", replacement: "https://apps.example.com")),
            Diagnostic(.error, SourceLocation(file: "content/mail/connect.md", line: 25, column: 5), rule: "link-broken",
                       "link target '/how-to/terms/' does not exist on this site", fixIt: "did you mean '/how-to/term/'?",
                       link: LinkDetails(destination: "/how-to/terms/", resolved: "/how-to/terms/", suggestion: "/how-to/term/")),
            Diagnostic(.warning, SourceLocation(file: "content/dns/records, \"A\" & <MX>.md", line: 3, column: 13),
                       rule: "front-matter-invalid-date", "'created_date' is '2016-1-2', not a date in the form YYYY-MM-DD | sic",
                       fixIt: "2016-01-02"),
            Diagnostic(.note, SourceLocation(file: "content/dns/index.md", line: 9, column: 1), rule: "link-own-host",
                       "'https://help.example.com/how-to/dns/' is an absolute URL to this site; a site-relative link keeps working if the domain changes",
                       fixIt: "write '/how-to/dns/'"),
        ]
        return CheckReport(toolVersion: "0.1.0", diagnostics: diagnostics, stats: stats, pages: [
            .init(file: "content/mail/connect.md", title: "Cannot connect", url: "/how-to/connect/"),
            .init(file: "content/dns/index.md", title: "DNS", url: "/how-to/dns/"),
            .init(file: "content/dns/records, \"A\" & <MX>.md", title: "Records", url: "/how-to/records/"),
            .init(file: "content/dns/clean.md", title: "Clean", url: "/how-to/clean/"),
        ])
    }()

    /// Pretends every source line starts with a two-byte character, so byte and character columns differ by one.
    static let columns: ColumnConverter = { _, _, column in column > 2 ? column - 1 : column }

    static func golden(_ name: String, _ produced: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try Golden.expectText(produced, matches: packageRoot + "/Tests/Fixtures/reports/" + name, sourceLocation: sourceLocation)
    }

    @Test("JSON: the documented schema, sorted findings")
    func json() throws {
        let text = JSONReport.render(Self.report)
        try Self.golden("report.json", text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.first?["line"] as? Int == 9)
        #expect(findings.map { $0["rule"] as? String } == ["link-own-host", "front-matter-invalid-date", "link-broken", "link-missing-scheme"])
        let keys = Set(findings.last!.keys)
        #expect(keys.isSuperset(of: ["file", "line", "column", "severity", "rule", "message", "destination", "suggestion", "fix", "edit"]))
    }

    @Test("GitHub annotations: one workflow command per finding, escaped")
    func github() throws {
        let text = GitHubAnnotations.render(Self.report, columns: Self.columns)
        try Self.golden("report.github.txt", text)
        #expect(text.contains("::error file=content/mail/connect.md,line=31,col=30,title=link-missing-scheme::'apps.example.com' has no scheme"))
        #expect(text.contains("file=content/dns/records%2C \"A\" & <MX>.md"))
        #expect(text.contains("%0Adid you mean"))
    }

    @Test("GitHub annotations escape %, CR, LF (and in properties : and ,) as the runner expects, any text around them")
    func githubEscapes() {
        // The escapes as Foundation's replacingOccurrences wrote them, one after the other.
        func data(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func property(_ text: String) -> String {
            data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        let texts = ["plain", "100% done", "a\r\nb\nc\rd", "%0A is not a line end", "café: a, b ✓", "::error::", "%%,,::\n\n",
                     "", "é%é\né,é:é", "日本語: 設定, 100%"]
        for text in texts {
            let report = CheckReport(toolVersion: "0", diagnostics: [
                Diagnostic(.error, SourceLocation(file: "content/\(text).md", line: 1, column: 1), rule: "rule:\(text)",
                           text, fixIt: text),
            ], stats: LinkStats(), pages: [])
            let line = GitHubAnnotations.render(report)
            // Text from the content has its control characters shown as symbols first; the rule is sitegen's own.
            let visible = SourceExcerpt.visible(text)
            let expected = "::error file=" + property(SourceExcerpt.visible("content/\(text).md")) + ",line=1,col=1,title="
                + property("rule:\(text)") + "::" + data(visible + "\n" + visible) + "\n"
            #expect(line == expected, "\(text)")
        }
    }

    @Test("SARIF 2.1.0: rules, results, converted columns and fixes")
    func sarif() throws {
        let text = SARIFReport.render(Self.report, columns: Self.columns)
        try Self.golden("report.sarif", text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["link-own-host", "front-matter-invalid-date", "link-broken", "link-missing-scheme"])
        #expect(results.last?["fixes"] != nil)
    }

    @Test("JUnit: one test case per file, failures for errors")
    func junit() throws {
        let text = JUnitReport.render(Self.report)
        try Self.golden("report.junit.xml", text)
        #expect(text.contains("tests=\"4\" failures=\"1\""))
        #expect(text.contains("classname=\"content/dns/records, &quot;A&quot; &amp; &lt;MX&gt;.md\""))
        #expect(text.contains("<testcase classname=\"content/dns/clean.md\" name=\"content/dns/clean.md\"/>"))
    }

    @Test("a report finds each checked page by its file, and nothing for a file that is not a page")
    func pageForFile() {
        let files = ["content/b.md", "content/a.md", "content/é.md", "content/e\u{301}x.md", "content/A.md", "content/a b.md",
                     "content/ab.md", "content/z/y.md"]
        let pages = files.shuffled().map { CheckReport.Page(file: $0, title: "Title of \($0)", url: "/\($0)/") }
        let report = CheckReport(toolVersion: "0", diagnostics: [], stats: LinkStats(), pages: pages)
        for file in files { #expect(report.page(forFile: file)?.title == "Title of \(file)", "\(file)") }
        for file in ["", "content/", "content/c.md", "content/zz.md", "a.md", "content/a.md "] {
            #expect(report.page(forFile: file) == nil, "\(file)")
        }
        #expect(CheckReport(toolVersion: "0", diagnostics: [], stats: LinkStats(), pages: []).page(forFile: "x") == nil)
    }

    @Test("JUnit: a report of thousands of files with findings takes time in proportion to them")
    func junitGrowth() {
        // Every page has a finding, and a tenth of the findings are in files that are not pages.
        func report(_ count: Int) -> CheckReport {
            let diagnostics = (0..<count).map { number in
                Diagnostic(.error, SourceLocation(file: "content/p/\(number % 10 == 0 ? "skipped" : "page")-\(number).md", line: 3, column: 1),
                           rule: "link-broken", "link target '/how-to/x-\(number)/' does not exist on this site")
            }
            let pages = (0..<count).filter { $0 % 10 != 0 }.map {
                CheckReport.Page(file: "content/p/page-\($0).md", title: "Page \($0)", url: "/how-to/page-\($0)/")
            }
            return CheckReport(toolVersion: "0", diagnostics: diagnostics, stats: LinkStats(), pages: pages)
        }
        let small = report(1_000), large = report(8_000)
        let (smallSeconds, _) = Growth.fastest { JUnitReport.render(small) }
        let (largeSeconds, text) = Growth.fastest { JUnitReport.render(large) }
        // Eight times the files: linear is about 8 times the time, quadratic 64. A ratio, not a wall time.
        #expect(largeSeconds < max(smallSeconds, 0.002) * 24, "\(smallSeconds) s, then \(largeSeconds) s")
        #expect(text.contains("tests=\"8000\" failures=\"8000\""))
        #expect(text.contains("<testcase classname=\"content/p/skipped-7990.md\""))
    }

    @Test("Markdown: totals, a table by rule, findings per file")
    func markdown() throws {
        let text = MarkdownReport.render(Self.report)
        try Self.golden("report.md", text)
        #expect(text.contains("| `link-broken` | error | 1 |"))
        #expect(text.contains("YYYY-MM-DD \\| sic"))
    }

    /// The report above as if `--external` had run: 3 URLs, one taken from the cache, one not checked (offline).
    static let fetchedReport: CheckReport = {
        var report = Self.report
        var counts = ExternalCounts()
        counts.urls = 4
        counts.fetched = 2
        counts.cached = 1
        counts.unchecked = 1
        counts.requests = 3
        counts.classes = ["ok": 1, "dead": 1, "moved": 1]
        report.external = counts
        return report
    }()

    @Test("without --external the summaries say the external links were not fetched, and JSON has no 'external'")
    func notFetched() throws {
        #expect(MarkdownReport.render(Self.report).contains("12 links checked (9 internal, 3 external, not fetched)\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(Self.report).utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["external"] == nil)
    }

    @Test("with --external the summaries give the URLs per class, in a fixed order, and those not checked")
    func fetched() throws {
        #expect(MarkdownReport.render(Self.fetchedReport)
            .contains("12 links checked (9 internal, 3 external; 4 URLs: 1 ok, 1 moved, 1 dead, 1 not checked)\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(Self.fetchedReport).utf8)) as? [String: Any])
        let external = try #require((object["summary"] as? [String: Any])?["external"] as? [String: Any])
        #expect(external["classes"] as? [String: Int] == ["ok": 1, "dead": 1, "moved": 1])
        #expect(external["urls"] as? Int == 4)
        #expect(external["requests"] as? Int == 3)
        #expect(external["unchecked"] as? Int == 1)
        #expect(external["noNetwork"] as? Bool == false)
    }

    @Test("no network: the summary says nothing was checked rather than listing empty classes")
    func noNetwork() {
        var counts = ExternalCounts()
        counts.urls = 3
        counts.noNetwork = true
        #expect(ExternalCounts.summary(links: 5, counts) == "5 external, not checked: no network")
        #expect(ExternalCounts.summary(links: 5, nil) == "5 external, not fetched")
        counts.noNetwork = false
        counts.classes = ["ok": 2, "tls": 0, "gone": 1]
        #expect(ExternalCounts.summary(links: 5, counts) == "5 external; 3 URLs: 2 ok, 1 gone")
    }
}

/// Reports are printed on terminals and in CI logs: the content's control characters never reach them raw.
@Suite("report formats and control characters")
struct ReportControlCharacterTests {
    static let report = CheckReport(toolVersion: "0.1.0", diagnostics: [
        Diagnostic(.error, SourceLocation(file: "content/a\u{1B}[2J.md", line: 3, column: 5), rule: "link-broken",
                   "link target '/x\u{1B}]0;pwned\u{07}\u{9B}31m/' does not exist on this site", fixIt: "write '/y\u{1B}[5m/'"),
    ], stats: LinkStats(), pages: [.init(file: "content/a\u{1B}[2J.md", title: "A", url: "/a/")])

    /// The raw controls a terminal would obey: C0 (but line breaks and tabs), DEL, C1.
    static func rawControls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("no format carries a raw control character", arguments: ["json", "sarif", "junit", "github", "markdown"])
    func noRawControls(_ format: String) {
        let text: String
        switch format {
        case "json": text = JSONReport.render(Self.report)
        case "sarif": text = SARIFReport.render(Self.report)
        case "junit": text = JUnitReport.render(Self.report)
        case "github": text = GitHubAnnotations.render(Self.report)
        default: text = MarkdownReport.render(Self.report)
        }
        #expect(Self.rawControls(text).isEmpty, "\(text.debugDescription)")
    }

    @Test("people's formats show them as symbols; JSON escapes them")
    func shown() {
        #expect(GitHubAnnotations.render(Self.report) ==
            "::error file=content/a\u{241B}[2J.md,line=3,col=5,title=link-broken::link target '/x\u{241B}]0;pwned\u{2407}\u{FFFD}31m/' does not exist on this site%0Awrite '/y\u{241B}[5m/'\n")
        #expect(MarkdownReport.render(Self.report).contains("| 3:5 | error | `link-broken` | link target '/x\u{241B}]0;pwned\u{2407}\u{FFFD}31m/' does not exist on this site | write '/y\u{241B}[5m/' |"))
        // JSON keeps the text exactly, escaped.
        let json = JSONReport.render(Self.report)
        let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = document?["findings"] as? [[String: Any]]
        #expect(findings?.first?["message"] as? String == Self.report.diagnostics[0].message)
    }
}

/// GitHub code scanning rejects a SARIF run of more than 25,000 results: the log keeps the most severe findings and
/// says how many it left out.
@Suite("SARIF: at most so many results")
struct SARIFLimitTests {
    func log(_ maximum: Int?) throws -> (results: [[String: Any]], properties: [String: Any]?) {
        let bytes = SARIFReport.bytes(ReportFormatTests.report, maximumResults: maximum)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return (try #require(run["results"] as? [[String: Any]]), run["properties"] as? [String: Any])
    }

    @Test("errors before warnings before notes, each in the report's order; the rest counted in the run's properties")
    func mostSevereFirst() throws {
        // The report, in its order (by file, line and column): a note, a warning, two errors.
        let three = try log(3)
        #expect(three.results.map { $0["ruleId"] as? String } == ["front-matter-invalid-date", "link-broken", "link-missing-scheme"])
        #expect(three.properties?["results_omitted"] as? Int == 1 && three.properties?["results_total"] as? Int == 4)
        let one = try log(1)
        #expect(one.results.map { $0["ruleId"] as? String } == ["link-broken"])
        #expect(one.properties?["results_omitted"] as? Int == 3)
        #expect(SARIFReport.quotas(ReportFormatTests.report.diagnostics, maximum: 1) == [.error: 1, .warning: 0, .note: 0])
    }

    @Test("a log within the limit, or without one, is the whole log, with no properties")
    func withinTheLimit() throws {
        for maximum in [4, 5, nil] {
            let whole = try log(maximum)
            #expect(whole.results.count == 4)
            #expect(whole.properties == nil)
            #expect(SARIFReport.quotas(ReportFormatTests.report.diagnostics, maximum: maximum) == nil)
        }
        #expect(SARIFReport.bytes(ReportFormatTests.report, maximumResults: 4) == SARIFReport.bytes(ReportFormatTests.report))
    }
}
