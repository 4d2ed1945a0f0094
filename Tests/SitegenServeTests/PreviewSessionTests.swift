import Foundation
import SitegenBuild
import SitegenLinks
import SitegenCore
import SitegenOutput
import SitegenTestSupport
import Testing
@testable import SitegenServe

/// The preview's files as bytes, by output path (an asset is served from its source file).
func previewFiles(_ snapshot: PreviewSession.Snapshot?) -> [String: Data] {
    var files: [String: Data] = [:]
    for (path, entry) in snapshot?.files.entries ?? [] {
        switch entry {
        case .bytes(let bytes): files[path] = Data(bytes)
        case .file(let source): files[path] = FileManager.default.contents(atPath: source)
        }
    }
    return files
}

/// What `sitegen build` writes for the site, by output path (without the folders' markers); nil when the build
/// fails (on errors, where the preview still serves the pages).
func builtFiles(_ site: String) throws -> [String: Data]? {
    let output = try TemporaryFolder()
    let result = SiteBuilder().build(BuildOptions(siteRoot: site, outputFolder: output.path + "/public"))
    guard result.outcome == .succeeded else { return nil }
    return fileTree(under: output.path + "/public").filter { !$0.key.hasSuffix(OutputFolder.markerName) }
}

/// Records each output path whose bytes differ between the preview and `sitegen build`.
func expectSameFiles(_ served: [String: Data], _ built: [String: Data], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for key in Set(served.keys).union(built.keys).sorted() where served[key] != built[key] {
        Issue.record("\(key): the preview serves \(served[key].map { "\($0.count) bytes" } ?? "nothing"), sitegen build writes \(built[key].map { "\($0.count) bytes" } ?? "nothing")",
                     sourceLocation: sourceLocation)
    }
}

/// The preview's incremental rebuilds must give exactly what a full build gives, and what `sitegen build` writes.
@Suite("Incremental rebuilds")
struct PreviewSessionTests {
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

    /// Rebuilds incrementally after `edit`, and compares with a full preview build and with `sitegen build`.
    func expectSameAsFull(_ session: PreviewSession, _ site: TemporaryFolder, changed: [String],
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) -> PreviewSession.Outcome {
        let incremental = session.rebuild(changed: Set(changed.map { site.path + "/" + $0 }))
        let full = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        #expect((incremental.snapshot == nil) == (full.snapshot == nil), sourceLocation: sourceLocation)
        #expect(incremental.diagnostics == full.diagnostics, sourceLocation: sourceLocation)
        #expect(incremental.errorCount == full.errorCount && incremental.warningCount == full.warningCount,
                sourceLocation: sourceLocation)
        if let a = incremental.snapshot?.files.dictionary, let b = full.snapshot?.files.dictionary {
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                Issue.record("\(key) differs from a full rebuild", sourceLocation: sourceLocation)
            }
        }
        if let built = try? builtFiles(site.path) {
            expectSameFiles(previewFiles(incremental.snapshot), built, sourceLocation: sourceLocation)
        }
        return incremental
    }

    @Test("a body edit parses, checks and renders that article only")
    func bodyEdit() throws {
        let site = try makeSite()
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        #expect(!first.wasIncremental)
        #expect(first.snapshot != nil)
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\n## Steps\n\nNew text. Back to [connect](/how-to/connect/#ports).\n")
        let outcome = expectSameAsFull(session, site, changed: ["content/mail/setup.md"])
        #expect(outcome.wasIncremental)
        #expect(outcome.parsed == 1)
        #expect(outcome.checked == 1)
        // The page, and the files of the search index whose bytes the new text changes (not all of them).
        let search = outcome.changedFiles.filter { $0.hasPrefix("how-to/assets/search/") }
        #expect(outcome.changedFiles.subtracting(search) == ["how-to/setup/index.html"])
        #expect(!search.isEmpty && search.count < 5, "\(search)")
    }

    @Test("removing a heading re-checks the pages that link to it; a title change re-renders the lists")
    func anchorsAndTitles() throws {
        let site = try makeSite()
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
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
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
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
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
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

/// The preview of a site with a broken article: the other pages are served; only an error an edit brings holds it back.
@Suite("Preview: articles with errors of their own")
struct PreviewArticleErrorTests {
    @Test("an article's own error the site already had does not hold the preview back; an error an edit brings does")
    func articleErrors() throws {
        let site = try PreviewSessionTests().makeSite()
        let setup = "---\ntitle: Setup\npermalink: setup/\n---\n## Steps\n\nBack to [connect](/how-to/connect/#ports).\n"
        let records = "---\ntitle: Records\npermalink: records/\nproduct: DNS\n---\nSee [mail](/how-to/mail/).\n"
        try site.write("content/mail/setup.md", "---\ntitle: [Setup\npermalink: setup/\n---\nText.\n")
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        #expect(first.snapshot != nil, "a site with one broken article is previewed: \(first.blockingErrors.map(\.formatted))")
        #expect(first.blockingErrors.isEmpty)
        let own = first.snapshot?.diagnostics(forFile: "content/mail/setup.md").filter { $0.severity == .error } ?? []
        #expect(own.map(\.rule) == ["front-matter-invalid-yaml"], "the broken article's page panel shows its error")
        #expect(own.first?.location.line == 2)

        // An edit of another article is served, though the broken one is still broken.
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nUse 995 now.\n")
        let edited = session.rebuild(changed: [site.path + "/content/mail/connect.md"])
        #expect(edited.snapshot != nil)
        let page = previewFiles(edited.snapshot).first { $0.key.hasSuffix("connect/index.html") }?.value
        #expect(page.map { String(decoding: $0, as: UTF8.self).contains("Use 995 now.") } == true)

        // An edit that breaks another article keeps the last good site, and names only its own new error.
        try site.write("content/dns/records.md", "---\ntitle: Records\npermalink: records/\nproduct: [DNS\n---\nText.\n")
        let broken = session.rebuild(changed: [site.path + "/content/dns/records.md"])
        #expect(broken.snapshot == nil)
        #expect(broken.blockingErrors.map(\.location.file) == ["content/dns/records.md"])
        #expect(broken.blockingErrors.map(\.rule) == ["front-matter-invalid-yaml"])
        #expect(broken.blockingErrors.first?.location.line == 4)
        #expect(broken.blockingErrors.first?.message.hasPrefix("invalid YAML: ") == true)

        // Fixed: served again.
        try site.write("content/dns/records.md", records)
        #expect(session.rebuild(changed: [site.path + "/content/dns/records.md"]).snapshot != nil)

        // The first broken article fixed, then broken again: its error is new to the served site now.
        try site.write("content/mail/setup.md", setup)
        let repaired = session.rebuild(changed: [site.path + "/content/mail/setup.md"])
        #expect(repaired.snapshot != nil && repaired.errorCount == 0)
        try site.write("content/mail/setup.md", "---\ntitle: [Setup\npermalink: setup/\n---\nText.\n")
        let again = session.rebuild(changed: [site.path + "/content/mail/setup.md"])
        #expect(again.snapshot == nil)
        #expect(again.blockingErrors.map(\.location.file) == ["content/mail/setup.md"])
    }

    @Test("a Markdown file that is a symbolic link leading outside the site: refused, and the rest is previewed")
    func linkOutsideAtStart() throws {
        let site = try PreviewSessionTests().makeSite()
        let outside = try TemporaryFolder()
        try outside.write("secret.md", "---\ntitle: Secret\n---\nSecret text.\n")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/content/mail/linked.md", withDestinationPath: outside.path + "/secret.md")
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        #expect(first.snapshot != nil, "\(first.blockingErrors.map(\.formatted))")
        let refused = first.diagnostics.filter { $0.rule == "path-outside-site" }
        #expect(refused.map(\.location.file) == ["content/mail/linked.md"])
        #expect(refused.first?.severity == .error)
        let files = previewFiles(first.snapshot)
        #expect(!files.values.contains { String(decoding: $0, as: UTF8.self).contains("Secret text.") }, "never read")
        #expect(files.keys.contains { $0.hasSuffix("connect/index.html") })
    }

    @Test("a template error on a site with a broken article: held back for the template's error only")
    func templateErrorBesideBrokenArticle() throws {
        let site = try PreviewSessionTests().makeSite()
        try site.write("content/mail/setup.md", "---\ntitle: [Setup\npermalink: setup/\n---\nText.\n")
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        #expect(session.rebuild(changed: nil).snapshot != nil)
        try site.write("templates/footer.mustache", "<footer>{{#broken}}</footer>\n")
        let failed = session.rebuild(changed: [site.path + "/templates/footer.mustache"])
        #expect(failed.snapshot == nil)
        #expect(!failed.blockingErrors.isEmpty)
        #expect(!failed.blockingErrors.contains { $0.rule == "front-matter-invalid-yaml" }, "the article's error is not new")
        try site.write("templates/footer.mustache", "<footer>Fixed</footer>\n")
        #expect(session.rebuild(changed: [site.path + "/templates/footer.mustache"]).snapshot != nil)
    }

    @Test("an error outside articles holds back even the first build")
    func templateErrorAtStart() throws {
        let site = try PreviewSessionTests().makeSite()
        try site.write("templates/footer.mustache", "<footer>{{#broken}}</footer>\n")
        let first = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        #expect(first.snapshot == nil)
        #expect(first.diagnostics.contains { $0.rule == "template-syntax" })
    }
}

/// The preview when the site itself goes away and comes back.
@Suite("Preview: the site's content folder gone and back")
struct PreviewSiteGoneTests {
    @Test("content/ removed: the rebuild fails as the whole site, at the configuration, and builds again once it is back")
    func contentFolderGone() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        try site.write("content/p/a.md", "---\ntitle: A\n---\nText.\n")
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        #expect(first.snapshot != nil && !first.siteCouldNotLoad)
        try FileManager.default.moveItem(atPath: site.path + "/content", toPath: site.path + "/content-away")
        let gone = session.rebuild(changed: [site.path + "/content/p/a.md"])
        #expect(gone.snapshot == nil)
        #expect(gone.siteCouldNotLoad)
        #expect(!gone.blockingErrors.isEmpty)
        #expect(gone.blockingErrors.allSatisfy { !$0.location.file.hasPrefix("content/") }, "reported once, not per article")
        try FileManager.default.moveItem(atPath: site.path + "/content-away", toPath: site.path + "/content")
        let back = session.rebuild(changed: [site.path + "/content"])
        #expect(back.snapshot != nil && !back.siteCouldNotLoad)
        #expect(back.snapshot?.files["how-to/a/index.html"] != nil)
    }
}

/// `serve` shows exactly what `build` writes: the fixture sites, and a site through a sequence of edits.
@Suite("The preview serves what build writes")
struct PreviewEqualsBuildTests {
    @Test("each fixture site: the preview's files are byte for byte those sitegen build writes",
          arguments: ["basic-site", "jekyll-site", "links-site"])
    func fixtures(_ name: String) throws {
        let work = try TemporaryFolder()
        let site = work.path + "/" + name
        try FileManager.default.copyItem(atPath: packageRoot + "/Tests/Fixtures/" + name, toPath: site)
        // The links fixture is full of link errors on purpose: as warnings here, so that build writes the site.
        if name == "links-site" {
            let config = try String(contentsOfFile: site + "/sitegen.yml", encoding: .utf8)
            let rules = RuleCatalog.entries.filter { $0.defaultSeverity == .error && $0.id != "link-outside-site" }
                .map { "    \($0.id): warning\n" }.joined()
            try config.replacingOccurrences(of: "    link-outside-site: error\n", with: "    link-outside-site: warning\n" + rules)
                .write(toFile: site + "/sitegen.yml", atomically: true, encoding: .utf8)
        }
        let served = PreviewSession(options: BuildOptions(siteRoot: site)).rebuild(changed: nil)
        let built = try #require(try builtFiles(site), "sitegen build fails on the fixture")
        #expect(served.snapshot != nil)
        #expect(previewFiles(served.snapshot).keys.sorted() == built.keys.sorted())
        expectSameFiles(previewFiles(served.snapshot), built)
    }

    @Test("after adding, changing, deleting and renaming articles, and changing a template, after each step")
    func edits() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: Edits\nurl: https://help.example.com\n")
        try site.write("content/mail/index.md", "---\ntitle: Mail\n---\nAll about mail. See [connect](/how-to/connect/).\n")
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nSee [setup](/how-to/setup/#steps).\n")
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\n## Steps\n\nBack to [connect](/how-to/connect/#ports).\n")
        try site.write("content/mail/all.md", "---\ntitle: All mail\npermalink: all-mail/\n---\n{% include all-articles-list.html %}\n")
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        var first = session.rebuild(changed: nil)
        func step(_ changed: [String], _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let outcome = session.rebuild(changed: Set(changed.map { site.path + "/" + $0 }))
            #expect(outcome.snapshot != nil, "\(what): \(outcome.blockingErrors.map(\.formatted))", sourceLocation: sourceLocation)
            let built = try #require(try builtFiles(site.path), "\(what): sitegen build fails", sourceLocation: sourceLocation)
            expectSameFiles(previewFiles(outcome.snapshot), built, sourceLocation: sourceLocation)
            first = outcome
        }
        #expect(first.snapshot != nil)
        try site.write("content/mail/imap.md", "---\ntitle: IMAP\npermalink: imap/\n---\nSee [connect](/how-to/connect/#ports).\n")
        try step(["content/mail/imap.md"], "add")
        try site.write("content/mail/imap.md", "---\ntitle: IMAP settings\npermalink: imap/\nlast_modified_date: '2024-01-02'\n---\n## Server\n\nSee [setup](/how-to/setup/).\n")
        try step(["content/mail/imap.md"], "change title, date, headings and links")
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nNew body. See [IMAP](/how-to/imap/#server).\n")
        try step(["content/mail/connect.md"], "change body")
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nNew body. See [IMAP](/how-to/imap/#server).\n\n## Security\n\nUse TLS on every port.\n")
        try step(["content/mail/connect.md"], "add a heading (a new anchor in the URL list, new words in the search index)")
        try FileManager.default.moveItem(atPath: site.path + "/content/mail/imap.md", toPath: site.path + "/content/mail/imap-settings.md")
        try step(["content/mail/imap.md", "content/mail/imap-settings.md"], "rename the file")
        try site.write("content/mail/connect.md", "---\ntitle: Connect\npermalink: connect/\n---\n## Ports\n\nSee [setup](/how-to/setup/#steps).\n")
        try FileManager.default.removeItem(atPath: site.path + "/content/mail/imap-settings.md")
        try step(["content/mail/imap-settings.md", "content/mail/connect.md"], "delete")
        try site.write("templates/footer.mustache", "<footer>Edited footer</footer>\n")
        try step(["templates/footer.mustache"], "change a template")
        try site.write("content/mail/setup.md", "---\ntitle: Setup again\npermalink: setup/\n---\n## Steps\n\nBack to [connect](/how-to/connect/#ports).\n")
        try step(["content/mail/setup.md"], "change a title after the template")
    }
}
