import Foundation
import SitegenTestSupport
import Testing

/// An article saved as UTF-16 (Windows Notepad's "Unicode"): read as what it is, so that its page is built and links
/// to it resolve, with one finding that says why Git and other tools cannot read it; `sitegen fix` leaves it alone.
@Suite("UTF-16 articles (end to end)")
struct EncodingTests {
    @Test("a UTF-16 article is built and checked like any other, with one content-utf16 error; fix does not touch it")
    func utf16Article() throws {
        let site = try TemporaryFolder()
        _ = try site.write("sitegen.yml", "title: T\n")
        _ = try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\nSee [a](/how-to/a/) and [c](/how-to/c/).\n")
        let little = [UInt8]([0xFF, 0xFE]) + "---\ntitle: A\npermalink: a/\n---\n\nSee [x](/how-to/no pe/) and [b](/how-to/b/).\n"
            .utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = "---\ntitle: C\npermalink: c/\n---\n[b](/how-to/b/)\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        try Data(little).write(to: URL(fileURLWithPath: site.path + "/content/p/a.md"))
        try Data(big).write(to: URL(fileURLWithPath: site.path + "/content/p/c.md"))
        let check = try Sitegen.run(["check", "-s", site.path])
        let findings = check.stderr.split(separator: "\n").filter { $0.hasPrefix("content/") }.map(String.init)
        #expect(findings == [
            "content/p/a.md:1:1: error: this file is UTF-16 (little-endian, with a byte order mark), not UTF-8: sitegen reads it, "
                + "but Git shows its changes as binary, and other tools (Jekyll, editors set to UTF-8) see a zero byte after every letter [content-utf16]",
            "content/p/a.md:6:5: error: '[x](/how-to/no pe/)' is not a link: Markdown link destinations cannot contain spaces, "
                + "so it is shown as text [link-whitespace]",
            "content/p/c.md:1:1: error: this file is UTF-16 (big-endian, without a byte order mark), not UTF-8: sitegen reads it, "
                + "but Git shows its changes as binary, and other tools (Jekyll, editors set to UTF-8) see a zero byte after every letter [content-utf16]",
        ], "\(check.stderr)")
        // The excerpt is the line as text, not its UTF-16 bytes.
        #expect(check.stderr.contains("\n    See [x](/how-to/no pe/) and [b](/how-to/b/).\n"), "\(check.stderr)")
        let fix = try Sitegen.run(["fix", "-s", site.path])
        #expect(fix.stderr.contains("content/p/a.md:6:5: note: not fixed (the file is UTF-16; save it as UTF-8 first)"), "\(fix.stderr)")
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: site.path + "/content/p/a.md"))) == little)
        let build = try Sitegen.run(["build", "-s", site.path, "--strict", "-q"])
        #expect(build.status != 0)
        let relaxed = try site.write("relaxed.yml", "title: T\nrules: {content-utf16: warning, link-whitespace: warning}\n")
        let built = try Sitegen.run(["build", "-s", site.path, "--config", relaxed, "-q"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(site.read("public/how-to/a/index.html")?.contains("See [x](/how-to/no pe/) and <a href=\"/how-to/b/\">b</a>.") == true)
    }
}
