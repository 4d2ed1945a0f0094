import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SitegenTestSupport
import Testing

/// `sitegen check` and `sitegen fix` on the fixture sites, and the reference article of the real corpus.
@Suite("sitegen check and fix (end to end)")
struct CheckCommandTests {
    static let fixtures = packageRoot + "/Tests/Fixtures"

    @Test("the reference article of the 2017 corpus: every defect found at its line, nothing on the good link",
          .enabled(if: SharedCorpus.path != nil, SharedCorpus.skipReason))
    func referenceArticle() throws {
        // Read through its Jekyll _config.yml, the corpus reports link errors as warnings (exit 0).
        let run = try Sitegen.run(["check", "--source", SharedCorpus.path!, "--report", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = (object["findings"] as? [[String: Any]] ?? [])
            .filter { $0["file"] as? String == "content/rackspace-email/cannot-connect-to-email.md" }
        let summary = findings.map { "\($0["line"]!):\($0["column"]!) \($0["rule"]!) \($0["suggestion"] as? String ?? "-")" }
        #expect(summary == [
            "15:1 content-heading-order -",
            "25:5 link-broken -",
            "31:31 link-missing-scheme https://apps.rackspace.com",
            "42:270 link-missing-scheme https://emailhelp.rackspace.com",
            "45:403 link-missing-scheme https://emailhelp.rackspace.com",
            "60:1 link-broken -",
            "62:1 link-missing-scheme https://apps.rackspace.com",
            "64:1 link-missing-scheme https://emailhelp.rackspace.com",
            "66:1 link-doubled-parentheses /how-to/set-up-dns-records-for-cloud-office-email/",
        ])
        let doubled = try #require(findings.last)
        #expect(doubled["fix"] as? String
                == "did you mean '/how-to/set-up-dns-records-for-cloud-office-email/'? (it leads to 'Set up DNS records for Cloud Office Email')")
    }
}

extension CheckCommandTests {
    /// A copy of the links fixture in a temporary folder (fix edits it).
    /// The folder is removed when the returned value is released: keep it for the whole test.
    static func linksSite() throws -> TemporaryFolder {
        let work = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: fixtures + "/links-site", toPath: work.path + "/links-site")
        return work
    }

    static func golden(_ name: String, _ produced: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try Golden.expectText(produced, matches: fixtures + "/" + name, sourceLocation: sourceLocation)
    }

    @Test("check prints every finding like a compiler, with source line, caret, fix and a summary by rule; exit 1")
    func terminalReport() throws {
        let run = try Sitegen.run(["check", "--source", Self.fixtures + "/links-site"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        // The timing and the absolute config path change from run to run.
        let stable = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("time:") && !$0.hasPrefix("config:") }.joined(separator: "\n")
        try Self.golden("links-site.check.txt", stable)
        #expect(!run.stderr.contains("\u{1B}["), "no colour when stderr is not a terminal")
        #expect(run.stderr.contains("content/mail/connect.md:11:14: error: 'apps.example.com' has no scheme"))
        #expect(!run.stderr.contains("/help/gone/"), "the sitegen-ignore comment silences that line")
        #expect(!run.stderr.contains("/help/legacy/"), "the ignore pattern skips that URL")
    }

    @Test("every report format from one run: files written, stdout for one, each parseable")
    func reportFiles() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        let run = try Sitegen.run(["check", "-s", site, "--report", "github",
                                   "--report", "json=\(work.path)/r.json", "--report", "sarif=\(work.path)/r.sarif",
                                   "--report", "junit=\(work.path)/r.xml", "--report", "markdown=\(work.path)/r.md",
                                   "--report", "html=\(work.path)/r.html"])
        #expect(run.status == 1)
        #expect(run.stdout.split(separator: "\n").count == 11)
        #expect(run.stdout.contains("::error file=content/mail/connect.md,line=12,col=9,title=link-doubled-parentheses::"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.path + "/r.json"))) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 11)
        let caseFinding = try #require(findings.first { $0["rule"] as? String == "link-case-mismatch" })
        #expect(caseFinding["destination"] as? String == "/help/Setup-Mail/")
        #expect(caseFinding["suggestion"] as? String == "/help/setup-mail/")
        #expect((caseFinding["edit"] as? [String: Any])?["replacement"] as? String == "/help/setup-mail/")
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.path + "/r.sarif"))) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        let junit = try String(contentsOfFile: work.path + "/r.xml", encoding: .utf8)
        #expect(junit.contains("tests=\"4\" failures=\"1\""))
        _ = try XMLDocumentCheck.parse(junit)
        let markdown = try String(contentsOfFile: work.path + "/r.md", encoding: .utf8)
        #expect(markdown.contains("❌ 11 errors, 0 warnings, 0 notes in 4 articles"))
        let html = try String(contentsOfFile: work.path + "/r.html", encoding: .utf8)
        #expect(html.contains("<h1>Link report</h1>"))
        #expect(html.contains("<style>"), "a report outside the site carries its stylesheet")
        #expect(html.contains("<summary><span class=\"report-file-name\">Cannot connect</span>"))
        #expect(html.contains("<code>content/mail/connect.md</code> · <a href=\"/help/connect/\">open the page</a>"))
        #expect(html.contains("    See [Terms](/help/terms/) for definitions") || html.contains("See [Terms](/help/terms/) for definitions"))
    }

    @Test("the findings print whole while the reports are made; a report to standard error follows them")
    func reportsBesideTheTerminal() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        let plain = try Sitegen.run(["check", "-s", site, "-q"])
        #expect(plain.stderr.contains("error: "))
        let reports = try Sitegen.run(["check", "-s", site, "-q", "--report", "github", "--report", "json=\(work.path)/r.json",
                                       "--report", "sarif=\(work.path)/r.sarif", "--report", "html=\(work.path)/r.html"])
        #expect(reports.stderr == plain.stderr)
        #expect(reports.stdout.split(separator: "\n").count == 11)
        // Standard error holds the findings, then the report, never the two mixed.
        let toStandardError = try Sitegen.run(["check", "-s", site, "-q", "--report", "json=/dev/stderr",
                                               "--report", "html=\(work.path)/r2.html"])
        #expect(toStandardError.stderr.hasPrefix(plain.stderr))
        let report = toStandardError.stderr.dropFirst(plain.stderr.count)
        #expect(report.hasPrefix("{\n  \"findings\" : ["), "\(report.prefix(80))")
        #expect((try? JSONSerialization.jsonObject(with: Data(report.utf8))) != nil)
    }

    @Test("the SARIF report holds at most --sarif-max-results findings, says so on standard error, and 0 keeps them all")
    func sarifLimit() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        func results(_ path: String) throws -> [[String: Any]] {
            let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            return try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        }
        let limited = try Sitegen.run(["check", "-s", site, "-q", "--report", "sarif=\(work.path)/r.sarif", "--sarif-max-results", "4"])
        #expect(limited.status == 1)
        #expect(limited.stderr.hasSuffix("warning: the SARIF report holds 4 of the 11 findings, the most severe first (7 errors left out): "
            + "--sarif-max-results is 4; --sarif-max-results 0 keeps them all\n"))
        #expect(try results(work.path + "/r.sarif").count == 4)
        let all = try Sitegen.run(["check", "-s", site, "-q", "--report", "sarif=\(work.path)/r.sarif", "--sarif-max-results", "0"])
        #expect(!all.stderr.contains("SARIF report holds"))
        #expect(try results(work.path + "/r.sarif").count == 11)
        // A SARIF report that could not be written leaves nothing out: no warning, the error says why.
        let unwritten = try Sitegen.run(["check", "-s", site, "-q", "--report", "sarif=\(work.path)/missing/r.sarif", "--sarif-max-results", "4"])
        #expect(unwritten.stderr.contains("error: cannot write the report to '\(work.path)/missing/r.sarif': No such file or directory"))
        #expect(!unwritten.stderr.contains("SARIF report holds"))
        let negative = try Sitegen.run(["check", "-s", site, "--report", "sarif=\(work.path)/r.sarif", "--sarif-max-results=-1"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--sarif-max-results needs a count of 0 or more (0: every finding)"))
    }

    @Test("two reports cannot write to one file or stream: each is written as it is made, and they would mix")
    func reportsShareADestination() throws {
        let site = Self.fixtures + "/links-site"
        let stream = try Sitegen.run(["check", "-s", site, "--report", "json=/dev/stderr", "--report", "html=/dev/fd/2"])
        #expect(stream.status == 2)
        #expect(stream.stderr.contains("--report json and --report html both write to '/dev/fd/2'; give each report a path of its own"))
        let file = try Sitegen.run(["check", "-s", site, "--report", "sarif=out/r.txt", "--report", "junit=out/../out/r.txt"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("--report sarif and --report junit both write to 'out/../out/r.txt'"))
        // An html report without a path goes to link-report.html: another report named there would replace it.
        let html = try Sitegen.run(["check", "-s", site, "--report", "json=./link-report.html", "--report", "html"])
        #expect(html.status == 2)
        #expect(html.stderr.contains("--report json and --report html both write to 'link-report.html'; give each report a path of its own"))
    }

    @Test("two reports cannot share standard output; an unknown format is a usage error")
    func reportUsage() throws {
        let both = try Sitegen.run(["check", "-s", Self.fixtures + "/links-site", "--report", "json", "--report", "sarif"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("only one report can go to standard output"))
        let unknown = try Sitegen.run(["check", "-s", Self.fixtures + "/links-site", "--report", "pdf"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown report format 'pdf'; use one of: json, github, sarif, junit, markdown, html"))
    }

    @Test("build runs the same checks: link errors fail it and leave no output")
    func buildFailsOnLinkErrors() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 1)
        #expect(run.stderr.contains("content/mail/connect.md:9:5: error: link target '/help/terms/' does not exist on this site [link-broken]"))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test("build --report html writes the report page into the built site")
    func htmlReportInSite() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/basic-site"
        try FileManager.default.copyItem(atPath: Self.fixtures + "/basic-site", toPath: site)
        let run = try Sitegen.run(["build", "-s", site, "--report", "html"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: site + "/public/help/link-report/index.html", encoding: .utf8)
        #expect(page.contains("<link rel=\"stylesheet\" href=\"/help/assets/style.css\">"))
        #expect(page.contains("No errors or warnings."))
    }

    @Test("the in-site link report of the accessibility fixture matches its golden copy: noindex, a section per file")
    func htmlReportGolden() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/a11y-site"
        try FileManager.default.copyItem(atPath: Self.fixtures + "/a11y-site", toPath: site)
        let run = try Sitegen.run(["build", "-s", site, "--report", "html"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: site + "/public/help/link-report/index.html", encoding: .utf8)
        try Self.golden("a11y-site.link-report.html", page)
    }

    @Test("--strict makes warnings fail the check")
    func strict() throws {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\n---\nSee [x](/elsewhere/).\n")
        #expect(try Sitegen.run(["check", "-s", site.path]).status == 0)
        let strict = try Sitegen.run(["check", "-s", site.path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("content/p/a.md:4:5: warning: '/elsewhere/' is outside the site's baseurl '/how-to/', so the build cannot check it [link-outside-site]"))
    }

    @Test("fix --dry-run prints a unified diff and changes nothing")
    func fixDryRun() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        let before = try Data(contentsOf: URL(fileURLWithPath: site + "/content/mail/connect.md"))
        let run = try Sitegen.run(["fix", "-s", site, "--dry-run"])
        #expect(run.status == 0, "\(run.stderr)")
        try Self.golden("links-site.fix.diff", run.stdout)
        #expect(run.stderr.contains("would fix 6 problems in 1 file (dry run: nothing written)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: site + "/content/mail/connect.md")) == before)
    }

    @Test("fix applies exactly the safe replacements, byte for byte, and the check then finds only the rest")
    func fixApplies() throws {
        let work = try Self.linksSite()
        let site = work.path + "/links-site"
        let path = site + "/content/mail/connect.md"
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let run = try Sitegen.run(["fix", "-s", site])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("content/mail/connect.md:11:14: fixed: 'apps.example.com' → 'https://apps.example.com' [link-missing-scheme]"))
        let after = try String(contentsOfFile: path, encoding: .utf8)
        var expected = before
        for (old, new) in [("](apps.example.com)", "](https://apps.example.com)"),
                           ("]((/help/setup-mail/))", "](/help/setup-mail/)"),
                           ("](support@example.com)", "](mailto:support@example.com)"),
                           ("[setup] (/help/setup-mail/)", "[setup](/help/setup-mail/)"),
                           ("](setup-mail.md#ports)", "](/help/setup-mail/#ports)"),
                           ("](/help/Setup-Mail/)", "](/help/setup-mail/)")] {
            expected = expected.replacingOccurrences(of: old, with: new)
        }
        #expect(after == expected)
        let check = try Sitegen.run(["check", "-s", site])
        let rules = check.stderr.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("content/"), let open = line.lastIndex(of: "[") else { return nil }
            return String(line[open...])
        }
        #expect(rules == ["[link-broken]", "[link-broken-fragment]", "[link-outside-site]", "[link-broken]", "[link-broken]"])
    }
}

/// Checks that text is well-formed XML.
enum XMLDocumentCheck {
    static func parse(_ text: String) throws -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return true
    }
}
