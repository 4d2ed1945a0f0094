import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenAuthoring

@Suite("sitegen init: the starter sitegen.yml")
struct SiteInitializerTests {
    @Test("the starter file points to the manual's Configuration page, which exists in this checkout")
    func pointsToTheManual() throws {
        let site = try TemporaryFolder()
        let written = try SiteInitializer().initialize(siteRoot: site.path, fromJekyll: false, author: "A", date: "2026-01-02").get()
        #expect(written.files.first == site.path + "/sitegen.yml")
        let text = try #require(site.read("sitegen.yml"))
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        #expect(header == """
            # sitegen configuration. Every key is optional; the Configuration page of the sitegen manual
            # (docs/content/reference/configuration.md in sitegen's source) describes them all.
            """)
        let page = "docs/content/reference/configuration.md"
        let manualPage = try String(contentsOfFile: packageRoot + "/" + page, encoding: .utf8)
        #expect(manualPage.contains("\ntitle: Configuration\n"))
    }

    @Test("a new site gets a product with its landing page, a first article and a .gitignore; nothing is overwritten")
    func scaffold() throws {
        let site = try TemporaryFolder()
        let written = try SiteInitializer().initialize(siteRoot: site.path, fromJekyll: false, author: "Ada", date: "2026-01-02").get()
        #expect(written.files.map { String($0.dropFirst(site.path.count + 1)) }
            == ["sitegen.yml", "content/getting-started/index.md", "content/getting-started/write-your-first-article.md", ".gitignore"])
        #expect(written.notes.isEmpty)
        #expect(site.read(".gitignore") == "# sitegen: the built site and the link cache\n/public/\n/.sitegen/\n")
        let article = try #require(site.read("content/getting-started/write-your-first-article.md"))
        #expect(article.hasPrefix("---\npermalink: write-your-first-article/\n"))
        #expect(article.contains("\ncreated_by: Ada\n") && article.contains("\ncreated_date: '2026-01-02'\n"))

        // Again: sitegen.yml exists, so nothing at all is written.
        let again = SiteInitializer().initialize(siteRoot: site.path, fromJekyll: false)
        guard case .failure(let problem) = again else {
            Issue.record("a second init succeeded")
            return
        }
        #expect(problem.diagnostic.rule == "init-config-exists")
    }

    @Test("existing articles are kept as they are and an existing .gitignore only gains the missing lines")
    func existingContent() throws {
        let site = try TemporaryFolder()
        try site.write("content/email/a.md", "---\ntitle: A\n---\nA\n")
        try site.write(".gitignore", "node_modules/\npublic/")
        let written = try SiteInitializer().initialize(siteRoot: site.path, fromJekyll: false, author: "A", date: "2026-01-02").get()
        #expect(written.files == [site.path + "/sitegen.yml"])
        #expect(written.notes == ["content/ has articles already: no starter articles written", ".gitignore: added /.sitegen/"])
        #expect(site.read(".gitignore") == "node_modules/\npublic/\n# sitegen: the built site and the link cache\n/.sitegen/\n")
        #expect(site.read("content/getting-started/index.md") == nil)
        #expect(site.read("content/email/a.md") == "---\ntitle: A\n---\nA\n")
    }
}
