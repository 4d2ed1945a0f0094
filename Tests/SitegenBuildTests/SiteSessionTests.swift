import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// The preview's incremental rebuilds must give exactly what a full build gives.
@Suite("Incremental rebuilds")
struct SiteSessionTests {
    func makeSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: Test\nurl: https://help.example.com\n")
        try site.write("content/mail/index.md", "---\ntitle: Mail\n---\nSee [connect](/how-to/connect/#ports).\n")
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nUse 993. See [setup](/how-to/setup/).\n")
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\n## Steps\n\nBack to [connect](/how-to/connect/#ports).\n")
        try site.write("content/mail/all.md", "---\ntitle: All mail\npermalink: all-mail/\n---\n{% include all-articles-list.html %}\n")
        try site.write("content/dns/records.md", "---\ntitle: Records\npermalink: records/\nproduct: DNS\n---\nSee [mail](/how-to/mail/).\n")
        return site
    }

    /// Rebuilds incrementally after `edit`, and compares with a full build of the same files.
    func expectSameAsFull(_ session: SiteSession, _ site: TemporaryFolder, changed: [String],
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SiteSession.Outcome {
        let incremental = session.rebuild(changed: Set(changed.map { site.path + "/" + $0 }))
        let full = SiteSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        #expect(incremental.snapshot?.files == full.snapshot?.files, sourceLocation: sourceLocation)
        #expect(incremental.diagnostics == full.diagnostics, sourceLocation: sourceLocation)
        if let a = incremental.snapshot?.files, let b = full.snapshot?.files {
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                Issue.record("\(key) differs", sourceLocation: sourceLocation)
            }
        }
        return incremental
    }

    @Test("a body edit parses, checks and renders that article only")
    func bodyEdit() throws {
        let site = try makeSite()
        let session = SiteSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        #expect(!first.wasIncremental)
        #expect(first.snapshot != nil)
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\n## Steps\n\nNew text. Back to [connect](/how-to/connect/#ports).\n")
        let outcome = expectSameAsFull(session, site, changed: ["content/mail/setup.md"])
        #expect(outcome.wasIncremental)
        #expect(outcome.parsed == 1)
        #expect(outcome.checked == 1)
        #expect(outcome.changedFiles == ["how-to/setup/index.html"])
    }

    @Test("removing a heading re-checks the pages that link to it; a title change re-renders the lists")
    func anchorsAndTitles() throws {
        let site = try makeSite()
        let session = SiteSession(options: BuildOptions(siteRoot: site.path))
        _ = session.rebuild(changed: nil)
        try site.write("content/mail/connect.md", "---\ntitle: Connect again\npermalink: connect/\n---\n## Settings\n\nUse 993. See [setup](/how-to/setup/).\n")
        let outcome = expectSameAsFull(session, site, changed: ["content/mail/connect.md"])
        #expect(outcome.checked == 3, "connect itself, setup and the landing page link to #ports")
        #expect(outcome.snapshot?.diagnostics.filter { $0.rule == "link-broken-fragment" }.map(\.location.file).sorted()
                == ["content/mail/index.md", "content/mail/setup.md"])
        #expect(outcome.changedFiles.contains("how-to/all-mail/index.html"), "the include lists the new title")
        #expect(outcome.changedFiles.contains("how-to/mail/index.html"))
    }

    @Test("adding and deleting articles, and a new product, match a full build")
    func addAndDelete() throws {
        let site = try makeSite()
        let session = SiteSession(options: BuildOptions(siteRoot: site.path))
        _ = session.rebuild(changed: nil)
        try site.write("content/mail/new.md", "---\ntitle: New\npermalink: new/\n---\nFixes [the broken](/how-to/later/).\n")
        _ = expectSameAsFull(session, site, changed: ["content/mail/new.md"])
        try site.write("content/mail/later.md", "---\ntitle: Later\npermalink: later/\n---\nNow it exists.\n")
        let fixed = expectSameAsFull(session, site, changed: ["content/mail/later.md"])
        #expect(!(fixed.snapshot?.diagnostics.contains { $0.rule == "link-broken" } ?? true))
        try FileManager.default.removeItem(atPath: site.path + "/content/mail/setup.md")
        _ = expectSameAsFull(session, site, changed: ["content/mail/setup.md"])
        try site.write("content/billing/invoice.md", "---\ntitle: Invoice\npermalink: invoice/\n---\nText.\n")
        _ = expectSameAsFull(session, site, changed: ["content/billing/invoice.md"])
        // An article outside any product appears in the sitemap and the all-articles page only.
        try site.write("content/loose.md", "---\ntitle: Loose\npermalink: loose/\nlast_modified_date: '2020-01-01'\n---\nText.\n")
        _ = expectSameAsFull(session, site, changed: ["content/loose.md"])
        try site.write("content/loose.md", "---\ntitle: Loose\npermalink: loose/\nlast_modified_date: '2021-02-02'\n---\nText.\n")
        _ = expectSameAsFull(session, site, changed: ["content/loose.md"])
    }

    @Test("a template change rebuilds everything; a failed build keeps the last good snapshot")
    func templatesAndFailures() throws {
        let site = try makeSite()
        let session = SiteSession(options: BuildOptions(siteRoot: site.path))
        _ = session.rebuild(changed: nil)
        try site.write("templates/footer.mustache", "<footer>Custom footer</footer>\n")
        let outcome = expectSameAsFull(session, site, changed: ["templates/footer.mustache"])
        #expect(!outcome.wasIncremental)
        try site.write("templates/footer.mustache", "<footer>{{#broken}}</footer>\n")
        let failed = session.rebuild(changed: [site.path + "/templates/footer.mustache"])
        #expect(failed.snapshot == nil)
        #expect(failed.diagnostics.contains { $0.rule == "template-syntax" })
        try site.write("content/mail/setup.md", "---\ntitle: [bad\n---\n")
        try site.write("templates/footer.mustache", "<footer>Fixed</footer>\n")
        let yaml = session.rebuild(changed: [site.path + "/content/mail/setup.md", site.path + "/templates/footer.mustache"])
        #expect(yaml.snapshot == nil, "an article that cannot be built fails the preview build")
        #expect(yaml.diagnostics.contains { $0.rule == "front-matter-invalid-yaml" })
    }
}
