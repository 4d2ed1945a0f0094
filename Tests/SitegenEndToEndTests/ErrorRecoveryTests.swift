import Foundation
import SitegenTestSupport
import Testing

/// One root cause, one finding: a file whose front matter has an error keeps its best-effort route and its body is
/// still checked, so that the error is reported once and nothing that follows from it is (issue 17).
@Suite("Error recovery without cascades (end to end)")
struct ErrorRecoveryTests {
    /// The findings of a `check --report json` run, each as `file:line:column severity rule`.
    static func findings(_ site: String, _ extra: [String] = []) throws -> (status: Int32, findings: [String]) {
        let run = try Sitegen.run(["check", "-s", site, "--report", "json"] + extra)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let list = (json?["findings"] as? [[String: Any]]) ?? []
        return (run.status, list.map { finding in
            "\(finding["file"]!):\(finding["line"]!):\(finding["column"]!) \(finding["severity"]!) \(finding["rule"]!)"
        })
    }

    @Test("a duplicated key in a linked page: one finding for it, its own broken link found, nothing in the page that links it")
    func duplicateKeyCascade() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "rules:\n  content-missing-permalink: off\n  content-orphan: off\n")
        try site.write("content/p/target.md", """
            ---
            title: Target
            type: article
            type: article
            ---
            See [a page that does not exist](/how-to/nope/).

            """)
        try site.write("content/p/a.md", "---\ntitle: A\n---\nRead [the target](/how-to/target/).\n")
        let (status, found) = try Self.findings(site.path)
        #expect(status == 1)
        #expect(found == [
            "content/p/target.md:4:1 error front-matter-duplicate-key",
            "content/p/target.md:6:5 error link-broken",
        ])
    }

    /// A page for each front-matter rule, each with one broken link of its own; a hub page links to every one of
    /// them at the URL it keeps, and each links back to the hub.
    static func seededSite(config: (path: String, text: String)) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write(config.path, config.text)
        let back = "Back to the [hub](/how-to/hub/)."
        func broken(_ name: String) -> String { "Also see [this](/how-to/nope-\(name)/).\n\n\(back)\n" }
        let pages: [(file: String, url: String, text: String)] = [
            ("dup", "dup", "---\ntitle: Dup\npermalink: dup/\ntype: article\ntype: faq\nproduct_url: p\n---\n" + broken("dup")),
            ("yaml", "yaml", "---\npermalink: yaml/\ntitle: \"Unclosed\nproduct_url: p\n---\n" + broken("yaml")),
            ("unterminated", "unterminated", "---\npermalink: unterminated/\ntitle: Unterminated\n\n" + broken("unterminated")),
            ("notmap", "notmap", "---\n- a\n- b\n---\n" + broken("notmap")),
            ("notitle", "notitle", "---\npermalink: notitle/\nproduct_url: p\n---\n" + broken("notitle")),
            ("value", "value", "---\ntitle: [a, b]\npermalink: value/\n---\n" + broken("value")),
            ("badpermalink", "badpermalink", "---\ntitle: Bad\npermalink: ../up/\n---\n" + broken("badpermalink")),
            ("date", "date", "---\ntitle: Date\npermalink: date/\ncreated_date: 2016-1-22\n---\n" + broken("date")),
            ("large", "large", "---\ntitle: Large\npermalink: large/\nnote: \(String(repeating: "x", count: 70_000))\n---\n"
                + broken("large")),
            ("spelling", "spelling", "---\ntitle: Spelling\npermalink: spelling/\nproduct_url: p/\n---\n" + broken("spelling")),
            ("slashes", "slashes", "---\ntitle: Slashes\npermalink: slashes//\n---\n" + broken("slashes")),
            // The baseurl written into the permalink: Jekyll's URL, /how-to/how-to/based/, broke every link to it.
            ("based", "based", "---\ntitle: Based\npermalink: /how-to/based/\n---\n" + broken("based")),
            // The source's file name as permalink: published at /how-to/sourcename.md/ it broke every link to it.
            ("sourcename", "sourcename", "---\ntitle: Source name\npermalink: sourcename.md\n---\n" + broken("sourcename")),
            // Found by a mutation run on the 2017 corpus: each made every link to the page broken.
            ("displaced", "displaced", "\n---\ntitle: Displaced\npermalink: displaced/\n---\n" + broken("displaced")),
            ("zwsp", "zwsp", "---\ntitle: Zwsp\npermalink: zw\u{200B}sp/\n---\n" + broken("zwsp")),
            ("truth", "truth", "---\ntitle: Truth\npermalink: true\n---\n" + broken("truth")),
        ]
        for page in pages { try site.write("content/p/\(page.file).md", page.text) }
        try site.write("content/p/nomatter.md", "# No front matter\n\nSee [this](/how-to/nope-nomatter/).\n")
        try site.write("content/p/hub.md", "---\ntitle: Hub\npermalink: hub/\nproduct_url: p\n---\n"
            + pages.map { "- [\($0.file)](/how-to/\($0.url)/)\n" }.joined())
        return site
    }

    @Test("a link to the URL of a Markdown file that is not built names the file, not another page")
    func linkToUnbuiltFile() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "rules:\n  content-missing-permalink: off\n  content-orphan: off\n")
        // An article commented out to retire it (as in the 2017 corpus), and one emptied by mistake.
        try site.write("content/p/old-article.md", "<!---\n---\ntitle: Old\n---\nText.\n-->\n")
        try site.write("content/p/emptied.md", "")
        try site.write("content/p/old-articles.md", "---\ntitle: Old articles\n---\nText.\n")
        try site.write("content/p/a.md", "---\ntitle: A\n---\nRead [the old one](/how-to/old-article/) and [this](/how-to/emptied).\n")
        let run = try Sitegen.run(["check", "-s", site.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("""
            content/p/a.md:4:6: error: link target '/how-to/old-article/' does not exist on this site [link-broken]
            """))
        #expect(run.stderr.contains("fix: this is the URL of content/p/old-article.md, which is not built: see the finding there"))
        #expect(run.stderr.contains("fix: this is the URL of content/p/emptied.md, which is not built: see the finding there"))
        #expect(!run.stderr.contains("did you mean"))
        #expect(run.stderr.contains("content/p/old-article.md:1:1: warning: this Markdown file has no front matter, so it is not built [front-matter-missing]"))
    }

    static let seededFindings = [
        "content/p/badpermalink.md:3:12 error front-matter-invalid-permalink",
        "content/p/badpermalink.md:5:10 error link-broken",
        "content/p/based.md:3:12 warning front-matter-url-spelling",
        "content/p/based.md:5:10 error link-broken",
        "content/p/date.md:4:15 warning front-matter-invalid-date",
        "content/p/date.md:6:10 error link-broken",
        "content/p/displaced.md:2:1 error front-matter-displaced",
        "content/p/displaced.md:6:10 error link-broken",
        "content/p/dup.md:5:1 error front-matter-duplicate-key",
        "content/p/dup.md:8:10 error link-broken",
        "content/p/large.md:1:1 error front-matter-too-large",
        "content/p/large.md:6:10 error link-broken",
        "content/p/nomatter.md:1:1 warning front-matter-missing",
        "content/p/notitle.md:1:1 error front-matter-missing-title",
        "content/p/notitle.md:5:10 error link-broken",
        "content/p/notmap.md:2:1 error front-matter-not-a-mapping",
        "content/p/notmap.md:5:10 error link-broken",
        "content/p/slashes.md:3:12 warning front-matter-url-spelling",
        "content/p/slashes.md:5:10 error link-broken",
        "content/p/sourcename.md:3:12 error front-matter-invalid-permalink",
        "content/p/sourcename.md:5:10 error link-broken",
        "content/p/spelling.md:4:14 warning front-matter-url-spelling",
        "content/p/spelling.md:6:10 error link-broken",
        "content/p/truth.md:3:12 error front-matter-invalid-permalink",
        "content/p/truth.md:5:10 error link-broken",
        "content/p/unterminated.md:1:1 error front-matter-unterminated",
        "content/p/unterminated.md:5:10 error link-broken",
        "content/p/value.md:2:8 error front-matter-invalid-value",
        "content/p/value.md:5:10 error link-broken",
        "content/p/yaml.md:3:8 error front-matter-invalid-yaml",
        "content/p/yaml.md:6:10 error link-broken",
        "content/p/zwsp.md:3:12 error front-matter-invalid-permalink",
        "content/p/zwsp.md:5:10 error link-broken",
    ]

    @Test("one root error of each front-matter rule: exactly one finding each, each page's own links still checked")
    func everyFrontMatterRule() throws {
        let site = try Self.seededSite(config: ("sitegen.yml", "title: Seeded\n"))
        let (status, found) = try Self.findings(site.path)
        #expect(status == 1)
        #expect(found == Self.seededFindings)
    }

    @Test("in Jekyll mode, what Jekyll builds is built: the same findings, as warnings where Jekyll builds the page")
    func jekyllMode() throws {
        let site = try Self.seededSite(config: ("_config.yml", "source: ./content\nbaseurl: /how-to/\n"))
        // Jekyll fails on these too: front matter that is not a mapping; and a front matter over the size limit.
        for file in ["notmap", "large"] { try FileManager.default.removeItem(atPath: site.path + "/content/p/\(file).md") }
        try site.write("content/p/hub.md", try #require(site.read("content/p/hub.md"))
            .replacingOccurrences(of: "- [notmap](/how-to/notmap/)\n", with: "")
            .replacingOccurrences(of: "- [large](/how-to/large/)\n", with: ""))
        let (_, found) = try Self.findings(site.path)
        let expected = Self.seededFindings.filter { !$0.contains("notmap.md") && !$0.contains("large.md") }
            .map { $0.replacingOccurrences(of: " error ", with: " warning ") }
        #expect(found == ["_config.yml:0:0 note config-jekyll"] + expected)
        let output = try TemporaryFolder()
        let build = try Sitegen.run(["build", "-s", site.path, "-o", output.path + "/out"])
        #expect(build.status == 0, "\(build.stderr)")
        for page in ["dup", "yaml", "unterminated", "notitle", "value", "badpermalink", "date", "spelling", "slashes",
                     "displaced", "zwsp", "truth", "hub"] {
            #expect(FileManager.default.fileExists(atPath: output.path + "/out/how-to/\(page)/index.html"), "\(page)")
        }
        // As in Jekyll, the unterminated front matter is shown as text, and a page without a title is named after its file.
        let unterminated = try String(contentsOfFile: output.path + "/out/how-to/unterminated/index.html", encoding: .utf8)
        #expect(unterminated.contains("<hr />\n<p>permalink: unterminated/\ntitle: Unterminated</p>"))
        let untitled = try String(contentsOfFile: output.path + "/out/how-to/notitle/index.html", encoding: .utf8)
        #expect(untitled.contains("<h1>Notitle</h1>"))
    }
}
