import Foundation
import SitegenCore
import SitegenLinks
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// A baseurl that does not match the site's links (`link-baseurl-mismatch`): one finding at the baseurl, the links
/// checked as if under it, and the preview's edits giving what a whole build gives.
@Suite("Baseurl mismatch")
struct BaseURLMismatchTests {
    static func article(_ slug: String, links: [String]) -> String {
        "---\ntitle: Page \(slug)\npermalink: \(slug)/\n---\n" + links.map { "See [it](\($0)).\n\n" }.joined() + "Text.\n"
    }

    /// The findings that are not about orphans or permalinks, as `file:line:column: severity: message [rule]`.
    static func findings(_ state: PipelineState) -> [String] {
        SitePipeline.diagnostics(of: state)
            .filter { !["content-orphan", "content-missing-permalink"].contains($0.rule) }
            .map { "\($0.location): \($0.severity): \($0.message) [\($0.rule)]" }
    }

    static let siteFiles: [String: String] = [
        "content/mail/a.md": article("a", links: ["/how-to/b/", "/how-to/c/#top", "/how-to/d", "/how-to/missing/"]),
        "content/mail/b.md": article("b", links: ["/how-to/a/"]),
        "content/mail/c.md": article("c", links: []),
        "content/mail/d.md": article("d", links: ["https://example.com/", "/other/thing/"]),
    ]

    func site(_ config: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nurl: https://help.example.com\n" + config)
        for (path, text) in Self.siteFiles { try site.write(path, text) }
        return site
    }

    @Test("links under '/how-to/' on a site at '/help/': one error at the baseurl, and only the link broken either way")
    func oneFindingAtTheBaseURL() throws {
        let site = try site("baseurl: /help/\n")
        let state = try MemoryBuild(siteRoot: site.path).state
        #expect(Self.findings(state) == [
            "content/mail/a.md:11:5: error: link target '/how-to/missing/' does not exist on this site, read as "
                + "'/help/missing/' (see the finding at the baseurl) [link-broken]",
            "content/mail/d.md:7:5: warning: '/other/thing/' is outside the site's baseurl '/help/', so the build "
                + "cannot check it [link-outside-site]",
            "sitegen.yml:3:10: error: the baseurl is '/help/', but 5 links in 2 articles start with '/how-to/': 4 of "
                + "them name pages of this site when '/how-to/' is read as '/help/', and were checked that way "
                + "[link-baseurl-mismatch]",
        ])
        let finding = try #require(SitePipeline.diagnostics(of: state).first { $0.rule == "link-baseurl-mismatch" })
        #expect(finding.fixIt == "if the site is published under '/how-to/', set 'baseurl: /how-to/'; if it moves to "
            + "'/help/', change the links (and redirect the old URLs)")
        // The link read under the baseurl has its suggestion, but no edit for `sitegen fix`.
        let broken = try #require(SitePipeline.diagnostics(of: state).first { $0.rule == "link-broken" })
        #expect(broken.edit == nil)
        // The pages the links name are reached: none of them is an orphan.
        #expect(!SitePipeline.diagnostics(of: state).contains { $0.rule == "content-orphan" && $0.location.file.hasSuffix("c.md") })
    }

    @Test("the right baseurl: no such finding, the same links checked as written")
    func rightBaseURL() throws {
        let site = try site("baseurl: /how-to/\n")
        let state = try MemoryBuild(siteRoot: site.path).state
        #expect(Self.findings(state) == [
            "content/mail/a.md:11:5: error: link target '/how-to/missing/' does not exist on this site [link-broken]",
            "content/mail/d.md:7:5: warning: '/other/thing/' is outside the site's baseurl '/how-to/', so the build "
                + "cannot check it [link-outside-site]",
        ])
    }

    @Test("baseurl '/' on links under '/how-to/', and a baseurl left out of the links, each reported once")
    func otherShapes() throws {
        let rootSite = try site("baseurl: /\n")
        let root = try MemoryBuild(siteRoot: rootSite.path).state
        #expect(Self.findings(root).filter { $0.contains("link-baseurl-mismatch") } == [
            "sitegen.yml:3:10: error: the baseurl is '/', but 5 links in 2 articles start with '/how-to/': 4 of them "
                + "name pages of this site when '/how-to/' is read as '/', and were checked that way [link-baseurl-mismatch]",
        ])
        #expect(Self.findings(root).filter { $0.contains("[link-broken]") }.count == 2)  // /how-to/missing/, /other/thing/

        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        try site.write("content/mail/a.md", Self.article("a", links: ["/b/", "/c/", "/nothing/"]))
        try site.write("content/mail/b.md", Self.article("b", links: ["/a/"]))
        try site.write("content/mail/c.md", Self.article("c", links: []))
        let left = try MemoryBuild(siteRoot: site.path).state
        #expect(Self.findings(left) == [
            "content/mail/a.md:9:5: error: link target '/nothing/' does not exist on this site, read as "
                + "'/how-to/nothing/' (see the finding at the baseurl) [link-broken]",
            "sitegen.yml: error: the baseurl is '/how-to/', but 4 links in 2 articles leave it out: 3 of them name "
                + "pages of this site when read under it, and were checked that way [link-baseurl-mismatch]",
        ])
    }

    @Test("a page whose only link under the prefix is relative is suggested what the alias reads, as the others are")
    func relativeLinkOnAnotherPage() throws {
        let site = try site("baseurl: /help/\n")
        try site.write("content/mail/e.md", Self.article("e", links: ["how-to/b/"]))
        let state = try MemoryBuild(siteRoot: site.path).state
        let found = SitePipeline.diagnostics(of: state).filter { $0.location.file == "content/mail/e.md" && $0.rule == "link-broken" }
        #expect(found.map(\.fixIt) == ["did you mean '/help/b/'? (relative links resolve against the page's own URL; start the link with '/')"])
    }

    @Test("the rule turned off: no finding, the links still read under the baseurl")
    func severities() throws {
        let site = try site("baseurl: /help/\nlinks:\n  rules:\n    link-baseurl-mismatch: off\n")
        let off = try MemoryBuild(siteRoot: site.path).state
        #expect(Self.findings(off).map { $0.components(separatedBy: " [").last! } == ["link-broken]", "link-outside-site]"])
    }

    @Test("the preview's edits give the findings of a whole build, as the evidence comes and goes")
    func previewEdits() throws {
        let site = try site("baseurl: /help/\n")
        var options = BuildOptions(siteRoot: site.path)
        options.inMemory = true
        let pipeline = SitePipeline(options: options)
        var state = try #require(pipeline.analyze(previous: nil, changes: .everything, reusable: true).state)
        let steps: [(String, String)] = [
            // b now links as written: the same prefix still wins, with one article fewer.
            ("content/mail/b.md", Self.article("b", links: ["/help/a/"])),
            // a too: nothing is read under another prefix any more.
            ("content/mail/a.md", Self.article("a", links: ["/help/b/", "/help/c/", "/help/d/", "/help/missing/"])),
            // And back: the prefix is read again, and a and b are checked again under it.
            ("content/mail/a.md", Self.article("a", links: ["/how-to/b/", "/how-to/c/#top", "/how-to/d", "/how-to/missing/"])),
            ("content/mail/b.md", Self.article("b", links: ["/how-to/a/"])),
        ]
        var seen: [Int] = []
        for (path, text) in steps {
            let file = try site.write(path, text)
            let analysis = pipeline.analyze(previous: state, changes: .articles([file]), reusable: true)
            state = try #require(analysis.state)
            #expect(analysis.wasIncremental)
            let whole = try MemoryBuild(siteRoot: site.path).state
            #expect(Self.findings(state) == Self.findings(whole), "after writing \(path)")
            #expect(state.findings.entries.map(\.key).sorted() == whole.findings.entries.map(\.key).sorted())
            seen.append(Self.findings(state).filter { $0.contains("link-baseurl-mismatch") }.count)
        }
        #expect(seen == [1, 0, 1, 1])
    }
}
