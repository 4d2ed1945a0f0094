import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
import SitegenBuild
@testable import SitegenAuthoring

@Suite("sitegen fix: applying edits")
struct SourceFixerTests {
    func edit(_ file: String, _ line: Int, _ column: Int, _ original: String, _ replacement: String,
              rule: String = "link-missing-scheme") -> Diagnostic {
        Diagnostic(.error, SourceLocation(file: file, line: line, column: column), rule: rule, "m",
                   edit: TextEdit(line: line, column: column, original: original, replacement: replacement))
    }

    @Test("replaces exactly the text at each position, keeping everything else byte for byte (CRLF included)")
    func replaces() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.md", "---\r\ntitle: A\r\n---\r\n[x](a.example.com) and [y](b.example.com)\r\n")
        let fixer = SourceFixer()
        let plan = fixer.plan([edit("content/a.md", 4, 5, "a.example.com", "https://a.example.com"),
                               edit("content/a.md", 4, 28, "b.example.com", "https://b.example.com")], siteRoot: site.path)
        #expect(plan.skipped.isEmpty)
        #expect(fixer.apply(plan).isEmpty)
        #expect(site.read("content/a.md") == "---\r\ntitle: A\r\n---\r\n[x](https://a.example.com) and [y](https://b.example.com)\r\n")
    }

    @Test("skips an edit whose text is no longer there, and every edit of a file with front-matter errors")
    func skips() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.md", "---\ntitle: A\n---\n[x](a.example.com)\n")
        try site.write("content/b.md", "---\ntitle: [\n---\n[x](a.example.com)\n")
        let diagnostics = [
            edit("content/a.md", 4, 5, "z.example.com", "https://z.example.com"),
            edit("content/b.md", 4, 5, "a.example.com", "https://a.example.com"),
            Diagnostic(.error, SourceLocation(file: "content/b.md", line: 2, column: 8), rule: "front-matter-invalid-yaml", "bad"),
        ]
        let plan = SourceFixer().plan(diagnostics, siteRoot: site.path)
        #expect(plan.changes.isEmpty)
        #expect(plan.skipped.map(\.reason) == ["the file no longer has 'z.example.com' at 4:5",
                                                "the file's front matter has errors; fix them first"])
    }

    @Test("a fix on a line after Liquid variables edits the column the author wrote, not the expanded one")
    func afterLiquidVariables() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: Site\n")
        try site.write("content/p/a.md", "---\ntitle: A long title\npermalink: a/\n---\n"
            + "{{ page.title }} and {{ site.title }}: see [x]((/how-to/b/)) and <www.example.com> [y](example.org).\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\nSee [a](/how-to/a/).\n")
        let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
        let edits = result.diagnostics.compactMap(\.edit)
        #expect(edits.map(\.column) == [48, 88], "\(result.diagnostics.map(\.formatted))")
        let fixer = SourceFixer()
        let plan = fixer.plan(result.diagnostics, siteRoot: site.path)
        #expect(plan.skipped.isEmpty, "\(plan.skipped.map(\.reason))")
        #expect(fixer.apply(plan).isEmpty)
        #expect(site.read("content/p/a.md")?.hasSuffix(
            "{{ page.title }} and {{ site.title }}: see [x](/how-to/b/) and <www.example.com> [y](https://example.org).\n") == true)
    }

    @Test("refuses to write a file that changed after planning")
    func changedFile() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.md", "[x](a.example.com)\n")
        let fixer = SourceFixer()
        let plan = fixer.plan([edit("content/a.md", 1, 5, "a.example.com", "https://a.example.com")], siteRoot: site.path)
        try site.write("content/a.md", "[x](a.example.com)\nnew line\n")
        #expect(fixer.apply(plan).map(\.rule) == ["fix-file-changed"])
        #expect(site.read("content/a.md") == "[x](a.example.com)\nnew line\n")
    }

    @Test("a linked article is fixed where it is and stays a link; a link to a file outside the site is not read")
    func links() throws {
        let site = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try site.write("library/shared.md", "[x](a.example.com)\n")
        try outside.write("secret.md", "[x](a.example.com)\n")
        try FileManager.default.createDirectory(atPath: site.path + "/content", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: site.path + "/content/shared.md", withDestinationPath: "../library/shared.md")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/content/secret.md", withDestinationPath: outside.path + "/secret.md")
        let fixer = SourceFixer()
        let plan = fixer.plan([edit("content/shared.md", 1, 5, "a.example.com", "https://a.example.com"),
                               edit("content/secret.md", 1, 5, "a.example.com", "https://a.example.com")], siteRoot: site.path)
        #expect(plan.skipped.map(\.reason) == ["cannot read the file"])
        #expect(plan.skipped.map(\.diagnostic.location.file) == ["content/secret.md"])
        #expect(fixer.apply(plan).isEmpty)
        #expect(site.read("library/shared.md") == "[x](https://a.example.com)\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: site.path + "/content/shared.md")) == "../library/shared.md")
        #expect(outside.read("secret.md") == "[x](a.example.com)\n")
    }

    @Test("a unified diff groups changed lines into hunks with three lines of context")
    func diff() {
        let old = Array("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n".utf8)
        let new = Array("1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n".utf8)
        #expect(UnifiedDiff.render(file: "a.md", original: old, fixed: new) == """
            --- a/a.md
            +++ b/a.md
            @@ -1,6 +1,6 @@
             1
             2
            -3
            +three
             4
             5
             6
            @@ -9,4 +9,4 @@
             9
             10
             11
            -12
            +twelve

            """)
    }
}
