import Foundation
import SitegenCore
import SitegenSearch
import SitegenTestSupport
import Testing
@testable import SitegenBuild

@Suite("Search index in the build")
struct SearchIndexBuildTests {
    func makeSite(config: String = "") throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sitegen.yml", "title: Test\n" + config)
        try folder.write("content/email/create-mailbox.md", """
            ---
            title: Create a mailbox
            ---
            Open the panel.

            ## Choose a quota

            Each mailbox has a storage quota.
            """)
        try folder.write("content/email/internal/notes.md", "---\ntitle: Internal mailbox notes\n---\nMailbox notes.\n")
        try folder.write("content/email/hidden.md", "---\ntitle: Hidden mailbox page\nsearch: false\n---\nMailbox.\n")
        try folder.write("content/dns/records.md", "---\ntitle: DNS records\n---\nMX records name the mailbox server.\n")
        return folder
    }

    func engine(_ site: TemporaryFolder) -> SearchEngine {
        SearchEngine { path in site.read("public/how-to/assets/search/" + path).map { Data($0.utf8) } }
    }

    @Test("the build writes the index files, and a query finds the pages, linking to the matching heading")
    func writesTheIndex() throws {
        let site = try makeSite()
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        for path in SearchIndexWriter.paths(slots: 4) {
            #expect(site.read("public/how-to/assets/search/" + path) != nil, "missing \(path)")
        }
        #expect(site.read("public/how-to/assets/search.js")?.contains("window.sitegen") == true)
        let page = try #require(site.read("public/how-to/create-mailbox/index.html"))
        #expect(page.contains("role=\"combobox\"") && page.contains("data-index=\"/how-to/assets/search/\""))
        let results = try engine(site).search("quota ")
        #expect(results.map(\.url) == ["/how-to/create-mailbox/#choose-a-quota"])
        #expect(results.first?.product == "email")  // the folder name: the product has no landing page
        #expect(results.first?.excerpt == "Each mailbox has a storage quota.")
        #expect(result.timings.map(\.stage).contains("search"))
    }

    @Test("search.exclude globs and front matter 'search: false' leave pages out")
    func excludes() throws {
        let site = try makeSite(config: "search:\n  exclude: [\"email/internal/*\"]\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        let urls = try engine(site).search("mailbox ").map(\.url)
        #expect(Set(urls) == ["/how-to/create-mailbox/", "/how-to/records/"])
        // The pages themselves are still built.
        #expect(site.read("public/how-to/notes/index.html") != nil)
        #expect(site.read("public/how-to/hidden/index.html") != nil)
    }

    @Test("search.enabled: false writes no index and no search box")
    func disabled() throws {
        let site = try makeSite(config: "search:\n  enabled: false\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        #expect(site.read("public/how-to/assets/search/meta.json") == nil)
        #expect(site.read("public/how-to/create-mailbox/index.html")?.contains("combobox") == false)
    }

    @Test("a 'search' key that is not a mapping is a configuration error at its line")
    func badConfig() throws {
        let site = try makeSite(config: "search: yes\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        let problem = try #require(result.diagnostics.first { $0.rule == "config-invalid" })
        #expect(problem.message == "'search' must be a mapping")
        #expect(problem.location.file == "sitegen.yml")
        #expect(problem.location.line == 2)
    }
}
