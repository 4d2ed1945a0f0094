import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

@Suite("Site builder")
struct SiteBuilderTests {
    /// A small valid site in a temporary folder.
    func makeSite() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sitegen.yml", "title: Test\nurl: https://help.example.com\n")
        try folder.write("content/email/index.md", "---\ntitle: Email\n---\nAll about email.\n")
        try folder.write("content/email/set-up.md", "---\ntitle: Set up\npermalink: set-up/\n---\n## Steps\n\nSee [DNS](/how-to/dns-records/).\n")
        try folder.write("content/dns/dns-records.md", "---\ntitle: DNS records\nproduct: DNS\n---\nText.\n")
        try folder.write("content/dns/images/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        return folder
    }

    @Test("builds pages, product pages and assets into public/")
    func builds() throws {
        let site = try makeSite()
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.isEmpty)
        for file in ["how-to/set-up/index.html", "how-to/dns-records/index.html", "how-to/email/index.html",
                     "how-to/dns/index.html", "how-to/index.html", "how-to/all-articles/index.html", "404.html",
                     "robots.txt", "how-to/sitemap.xml", "how-to/assets/style.css", "how-to/dns/images/a.svg",
                     ".sitegen-output"] {
            #expect(site.read("public/" + file) != nil, "missing \(file)")
        }
        #expect(site.read("public/how-to/email/index.html")?.contains("All about email.") == true)
        #expect(site.read("public/how-to/dns/index.html")?.contains("<h1>DNS</h1>") == true)
        #expect(site.read("public/how-to/set-up/index.html")?.contains("<h2 id=\"steps\">Steps</h2>") == true)
        #expect(result.timings.map(\.stage) == SiteBuilder.stageNames)
    }

    @Test("two sources for one output path are an error naming both files; nothing is written")
    func duplicateOutputPath() throws {
        let site = try makeSite()
        try site.write("content/dns/copy.md", "---\ntitle: Copy\npermalink: set-up/\n---\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        let conflict = try #require(result.diagnostics.first { $0.rule == "output-path-conflict" })
        #expect(conflict.location == SourceLocation(file: "content/email/set-up.md", line: 3, column: 12))
        #expect(conflict.message == "'content/email/set-up.md' and 'content/dns/copy.md' both write '/how-to/set-up/' (how-to/set-up/index.html); change one permalink")
        #expect(site.read("public/.sitegen-output") == nil)
    }

    @Test("a failing build leaves the previous public/ exactly as it was")
    func failedBuildKeepsOldOutput() throws {
        let site = try makeSite()
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
        let before = fileTree(under: site.path + "/public")
        try site.write("content/email/set-up.md", "---\ntitle: [broken\n---\n")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .contentErrors)
        #expect(fileTree(under: site.path + "/public") == before)
        #expect(!FileManager.default.fileExists(atPath: site.path + "/.public.sitegen-staging"))
    }

    @Test("warnings fail the build with --strict and leave public/ alone")
    func strict() throws {
        let site = try makeSite()
        try site.write("content/dns/dated.md", "---\ntitle: Dated\ncreated_date: 2017-1-2\n---\n")
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, strict: true)).outcome == .contentErrors)
        #expect(site.read("public/.sitegen-output") == nil)
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path)).outcome == .succeeded)
    }

    @Test("refuses to replace a folder sitegen did not create")
    func foreignOutput() throws {
        let site = try makeSite()
        try site.write("public/precious.txt", "keep me")
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path))
        #expect(result.outcome == .configurationError)
        #expect(result.diagnostics.first?.rule == "output-refused")
        #expect(result.diagnostics.first?.message.contains("was not created by sitegen") == true)
        #expect(site.read("public/precious.txt") == "keep me")
    }

    @Test("refuses an output folder that is or contains the content", arguments: ["content", ".", "content/sub"])
    func outputOverContent(output: String) throws {
        let site = try makeSite()
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: output))
        #expect(result.outcome == .configurationError)
        #expect(result.diagnostics.first?.rule == "output-refused")
        #expect(site.read("content/email/index.md") != nil)
    }

    @Test("the same input gives byte-identical output, in parallel or on one thread")
    func deterministic() throws {
        let site = try makeSite()
        for index in 0..<30 {
            try site.write("content/email/a\(index).md", "---\ntitle: A \(index)\n---\nhttps://example.com/\(index) ~~x~~\n")
        }
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: "one", jobs: 1)).outcome == .succeeded)
        #expect(SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: "many", jobs: 4)).outcome == .succeeded)
        #expect(fileTree(under: site.path + "/one") == fileTree(under: site.path + "/many"))
    }
}
