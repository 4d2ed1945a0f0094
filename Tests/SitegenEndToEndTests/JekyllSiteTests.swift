import Foundation
import SitegenTestSupport
import Testing

/// A Jekyll-era help center (`Tests/Fixtures/jekyll-site`): `_config.yml`, `{% asset_path %}` images in
/// `_assets/img`, `{% include %}` from `_includes`, and the real-world file cases.
@Suite("Jekyll-layout sites (end to end)")
struct JekyllSiteTests {
    static let fixture = packageRoot + "/Tests/Fixtures/jekyll-site"

    @Test("builds as it is: images copied and referenced, includes filled, every file case reported; output matches golden")
    func builds() throws {
        let work = try TemporaryFolder()
        let run = try Sitegen.run(["build", "-s", Self.fixture, "-o", work.path + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("_config.yml: note: no sitegen.yml: read the Jekyll configuration (used: source, title, baseurl, exclude, assets.sources); ignored: destination, defaults; link errors are reported as warnings until the site has a sitegen.yml [config-jekyll]"))
        #expect(lines.contains("content/mail/connect.md:14:64: warning: link target '/how-to/nope/' does not exist on this site [link-broken]"),
                "a link after an expanded tag keeps its written column")
        #expect(lines.contains("content/mail/connect.md:24:1: warning: '{% seo %}' is not a tag sitegen knows; it is removed from the page [liquid-unknown-tag]"))
        #expect(lines.contains("content/mail/draft.md:1:1: warning: this Markdown file has no front matter, so it is not built [front-matter-missing]"))
        #expect(lines.contains("content/mail/notes: warning: this file has front matter but no '.md' extension; it is skipped [content-missing-extension]"))
        #expect(!run.stderr.contains("retired-articles"), "excluded by _config.yml")

        var produced = fileTree(under: work.path + "/out")
        produced.removeValue(forKey: "how-to/assets/style.css")
        produced.removeValue(forKey: "how-to/assets/search.js")
        produced.removeValue(forKey: "how-to/assets/theme.js")
        produced.removeValue(forKey: ".sitegen-output")
        #expect(produced["how-to/assets/mail/connect/step 1.svg"] != nil)
        #expect(produced["how-to/assets/mail/connect/Screen%20Shot.svg"] != nil)
        for (path, data) in produced where path.hasSuffix(".html") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("{%") && !text.contains("{{"), "\(path) contains Liquid")
        }
        try Golden.expectTree(produced, matches: packageRoot + "/Tests/Fixtures/jekyll-site.golden")
    }

    @Test("init --from-jekyll writes the equivalent sitegen.yml, which then builds the same site with link errors as errors")
    func initFromJekyll() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: site)
        let first = try Sitegen.run(["init", "--from-jekyll", "-s", site])
        #expect(first.status == 0, "\(first.stderr)")
        let yaml = try String(contentsOfFile: site + "/sitegen.yml", encoding: .utf8)
        #expect(yaml.contains("assets:\n  - folder: \"_assets/img\"\n    url: \"assets/\""))
        #expect(yaml.contains("includes: \"_includes\""))
        let again = try Sitegen.run(["init", "--from-jekyll", "-s", site])
        #expect(again.status == 1)
        #expect(again.stderr.contains("sitegen.yml: error: sitegen.yml already exists; sitegen init never overwrites it [init-config-exists]"))
        let check = try Sitegen.run(["check", "-s", site])
        #expect(check.status == 1)
        #expect(check.stderr.contains("content/mail/connect.md:14:64: error: link target '/how-to/nope/' does not exist on this site [link-broken]"))
    }

    @Test("new writes an article with the schema's front matter, and refuses to overwrite or reuse a URL")
    func newArticle() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: site)
        let created = try Sitegen.run(["new", "mail/reset-a-password", "--title", "Reset a password", "--author", "Ada Lovelace",
                                       "--type", "troubleshooting", "-s", site])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == site + "/content/mail/reset-a-password.md\n")
        let text = try String(contentsOfFile: site + "/content/mail/reset-a-password.md", encoding: .utf8)
        let today = { () -> String in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date())
        }()
        #expect(text.hasPrefix("---\npermalink: reset-a-password/\naudit_date:\ntitle: Reset a password\ntype: article\ncreated_date: '\(today)'\ncreated_by: Ada Lovelace\nlast_modified_date: '\(today)'\nlast_modified_by: Ada Lovelace\nproduct: Mail\nproduct_url: mail\n---\nThis article provides troubleshooting recommendations when reset a password."))
        let check = try Sitegen.run(["check", "-s", site])
        #expect(!check.stderr.contains("reset-a-password.md"), "the new article is clean: \(check.stderr)")

        let overwrite = try Sitegen.run(["new", "mail/reset-a-password", "--title", "Again", "--author", "A", "-s", site])
        #expect(overwrite.status == 1)
        #expect(overwrite.stderr.contains("error: 'content/mail/reset-a-password.md' already exists; sitegen new never overwrites a file [new-file-exists]"))
        let reuse = try Sitegen.run(["new", "dns/cannot-connect", "--title", "X", "--author", "A", "--product-name", "DNS", "-s", site])
        #expect(reuse.status == 1)
        #expect(reuse.stderr.contains("content/mail/connect.md:2:12: error: 'content/mail/connect.md' already has the URL '/how-to/cannot-connect/'; choose another slug [new-permalink-taken]"))
        #expect(!FileManager.default.fileExists(atPath: site + "/content/dns"))
    }
}
