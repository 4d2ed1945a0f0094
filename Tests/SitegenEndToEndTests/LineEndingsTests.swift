import Foundation
import SitegenTestSupport
import Testing

/// Articles whose lines end with a carriage return alone (classic Mac OS), or with the CR CR LF of a line-end
/// conversion done twice: Markdown starts a line at each, so must the front matter, every position, the excerpt
/// under a finding and `sitegen fix`.
@Suite("Lone carriage returns (end to end)")
struct LineEndingsTests {
    func site(_ body: [UInt8]) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        _ = try site.write("sitegen.yml", "title: T\n")
        _ = try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\n[a](/how-to/a/)\n")
        try Data(body).write(to: URL(fileURLWithPath: site.path + "/content/p/a.md"))
        return site
    }

    func findings(_ site: TemporaryFolder) throws -> [String] {
        let run = try Sitegen.run(["check", "-s", site.path, "-q", "--report", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (object["findings"] as? [[String: Any]] ?? []).filter { $0["file"] as? String == "content/p/a.md" }
            .map { "\($0["line"]!):\($0["column"]!) \($0["rule"]!)" }
    }

    @Test("a file with CR line ends keeps its front matter, its positions count CR as a line end, and fix edits the link")
    func classicMacLineEnds() throws {
        let site = try site(Array("---\rtitle: A\rpermalink: a/\r---\r\rSome text\r\rSee [x](/how-to/no pe/) here.\r".utf8))
        #expect(try findings(site) == ["1:4 content-line-endings", "8:5 link-whitespace"])
        let check = try Sitegen.run(["check", "-s", site.path])
        #expect(check.stderr.contains("content/p/a.md:1:4: warning: a line ends with a carriage return alone (CR, the line end of "
                                      + "classic Mac OS): Markdown and sitegen's line numbers start a new line here, Git and diffs "
                                      + "see one long line; 7 more in this file [content-line-endings]"), "\(check.stderr)")
        // The excerpt under the finding is the file's line 8, as an editor shows it.
        #expect(check.stderr.contains("content/p/a.md:8:5: error: '[x](/how-to/no pe/)' is not a link")
                && check.stderr.contains("\n    See [x](/how-to/no pe/) here.\n"), "\(check.stderr)")
        let fix = try Sitegen.run(["fix", "-s", site.path])
        #expect(fix.status == 0, "\(fix.stderr)")
        let fixed = try Data(contentsOf: URL(fileURLWithPath: site.path + "/content/p/a.md"))
        #expect(Array(fixed) == Array("---\rtitle: A\rpermalink: a/\r---\r\rSome text\r\rSee [x](/how-to/no%20pe/) here.\r".utf8))
    }

    @Test("CR CR LF: Markdown reads a blank line, the finding says so at the first, and later positions count it")
    func doubledCarriageReturn() throws {
        let site = try site(Array("---\r\ntitle: A\r\npermalink: a/\r\n---\r\nOne line\r\r\ntwo [x]((/how-to/b/))\r\r\n".utf8))
        #expect(try findings(site) == ["5:9 content-line-endings", "7:5 link-doubled-parentheses"])
        let check = try Sitegen.run(["check", "-s", site.path])
        #expect(check.stderr.contains("content/p/a.md:5:9: warning: two carriage returns before a line feed (CR CR LF, left by a "
                                      + "line-end conversion done twice): Markdown reads two line ends, a blank line that ends the "
                                      + "paragraph or list here; 1 more in this file [content-line-endings]"), "\(check.stderr)")
        #expect(check.stderr.contains("\n    two [x]((/how-to/b/))\n"), "\(check.stderr)")
        _ = try Sitegen.run(["fix", "-s", site.path])
        let fixed = try Data(contentsOf: URL(fileURLWithPath: site.path + "/content/p/a.md"))
        #expect(Array(fixed) == Array("---\r\ntitle: A\r\npermalink: a/\r\n---\r\nOne line\r\r\ntwo [x](/how-to/b/)\r\r\n".utf8))
    }

    @Test("LF and CRLF files get no line-ends finding")
    func ordinaryLineEnds() throws {
        for text in ["---\ntitle: A\npermalink: a/\n---\n[b](/how-to/b/)\n", "---\r\ntitle: A\r\npermalink: a/\r\n---\r\n[b](/how-to/b/)\r\n"] {
            #expect(try findings(try site(Array(text.utf8))) == [])
        }
    }
}
