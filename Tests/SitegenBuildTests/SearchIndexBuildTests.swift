import Foundation
import SitegenCore
import SitegenSearch
import SitegenTestSupport
import Synchronization
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
        // Begun beside the check: the pages indexed there are in the timing line's note.
        let note = try #require(result.stageNotes["search"])
        #expect(note.hasSuffix("pages beside the check"), "\(note)")
    }

    @Test("a build that fails on its findings stops the index begun beside its check, and writes none of it")
    func failedBuildAbandonsTheIndex() throws {
        let site = try makeSite()
        try site.write("content/dns/broken.md", "---\ntitle: Broken\n---\nSee [the records](/how-to/no-such-page/).\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        #expect(result.diagnostics.contains { $0.rule == "link-broken" && $0.location.file == "content/dns/broken.md" && $0.location.line == 4 })
        #expect(!result.timings.map(\.stage).contains("search"))
        #expect(site.read("public/how-to/assets/search/meta.json") == nil)
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    /// Steps over `slots` pages whose every page takes `delay` seconds, counting the pages made.
    private static func slowSteps(slots: Int, delay: Double, made: Counter) -> (SearchIndexWriter.Steps, SearchFiles) {
        let files = SearchFiles(spill: nil)
        let steps = SearchIndexWriter.Steps(slots: slots, products: [], page: { slot in
            made.add()
            Thread.sleep(forTimeInterval: delay)
            return SearchPage(url: "/p/\(slot)/", title: "Page \(slot)", product: nil, html: "<p>words of page \(slot)</p>")
        }, sink: { path, bytes in files.store(path, bytes) })
        return (steps, files)
    }

    @Test("the thread stops at its step when the build abandons the index, and adds no page after")
    func abandonStopsTheThread() {
        let made = Counter()
        let (steps, files) = Self.slowSteps(slots: 20_000, delay: 0.0002, made: made)
        let search = BackgroundSearch(steps: steps, files: files)
        while made.count == 0 { Thread.sleep(forTimeInterval: 0.001) }
        search.abandon()
        let stopped = made.count
        Thread.sleep(forTimeInterval: 0.05)
        #expect(made.count == stopped)
        #expect(stopped < 20_000 && stopped == steps.added)
        search.abandon()  // once is enough: a second call returns at once
    }

    @Test("the search stage takes over from the thread between steps, and the index is whole")
    func finishTakesOver() throws {
        let made = Counter()
        let (steps, files) = Self.slowSteps(slots: 3_000, delay: 0.0001, made: made)
        let search = BackgroundSearch(steps: steps, files: files)
        while made.count < 2 * BackgroundSearch.step { Thread.sleep(forTimeInterval: 0.001) }
        let finished = search.finish(jobs: 2)
        #expect(finished.beside.pages >= BackgroundSearch.step && finished.beside.pages < 3_000)
        #expect(finished.beside.pages % BackgroundSearch.step == 0)
        #expect(made.count == 3_000)  // each page made once, by the thread or the stage
        let meta = try #require(finished.files.bytes("meta.json"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(meta)) as? [String: Any])
        #expect(object["docs"] as? Int == 3_000)
        search.abandon()  // after the hand-over: nothing to stop
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
