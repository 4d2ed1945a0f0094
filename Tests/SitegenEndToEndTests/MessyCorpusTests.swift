import Foundation
import SitegenTestSupport
import Testing

/// A Jekyll-era help center with the mess real ones carry: each kind of mistake seeded into its own article, and
/// the site must build as Jekyll builds it, with each mistake reported exactly once (issue 17).
@Suite("Messy Jekyll-era corpus (end to end)")
struct MessyCorpusTests {
    /// One article, as written cleanly and with one mutation, and the finding the mutation must give (nil: none).
    struct Case {
        var name: String
        var clean: String
        var mutated: String
        var rule: String?
    }

    static func article(_ name: String, title: String, extraFrontMatter: String = "", body: String) -> String {
        "---\npermalink: \(name)/\ntitle: \(title)\ntype: article\n\(extraFrontMatter)product: Mail\nproduct_url: mail\n---\n"
            + body + "\n\nBack to [the hub](/how-to/m-hub/).\n"
    }

    static let cases: [Case] = {
        let plain = article("m-dup", title: "Duplicate", body: "Text.")
        let doubled = { (link: String) in article("m-doubled", title: "Doubled", body: "1. Log in to the \(link).") }
        let html = { (gap: String) in
            article("m-html", title: "HTML", body: "<img src=\"https://example.com/x.png\" width=\"700\" />\(gap)"
                + "[View image at full\nresolution](https://example.com/x.jpg)")
        }
        let unterminated = article("m-unterminated", title: "Unterminated", body: "Text.")
        let tabIndented = article("m-tabindent", title: "Tab indented", extraFrontMatter: "tags:\n  - one\n", body: "Text.")
        return [
            Case(name: "m-dup", clean: plain,
                 mutated: plain.replacingOccurrences(of: "type: article\n", with: "type: article\ntype: faq\n"),
                 rule: "front-matter-duplicate-key"),
            Case(name: "m-unterminated", clean: unterminated,
                 mutated: unterminated.replacingOccurrences(of: "product_url: mail\n---\n", with: "product_url: mail\n\n"),
                 rule: "front-matter-unterminated"),
            Case(name: "m-slash", clean: article("m-slash", title: "Slash", body: "Text."),
                 mutated: article("m-slash", title: "Slash", body: "Text.")
                    .replacingOccurrences(of: "product_url: mail\n", with: "product_url: mail/\n"),
                 rule: "front-matter-url-spelling"),
            Case(name: "m-doubled", clean: doubled("[Control Panel](https://login.example.com)"),
                 mutated: doubled("[Control Panel]((https://login.example.com)"), rule: "link-doubled-parentheses"),
            Case(name: "m-html", clean: html("\n\n"), mutated: html("\n"), rule: "link-markdown-in-html"),
            Case(name: "m-crlf", clean: article("m-crlf", title: "CRLF", body: "Line one.\nLine two."),
                 mutated: article("m-crlf", title: "CRLF", body: "Line one.\nLine two.")
                    .replacingOccurrences(of: "\n", with: "\r\n"), rule: nil),
            Case(name: "m-bom", clean: article("m-bom", title: "BOM", body: "Text."),
                 mutated: "\u{FEFF}" + article("m-bom", title: "BOM", body: "Text."), rule: "content-byte-order-mark"),
            Case(name: "m-tab", clean: article("m-tab", title: "Tab", body: "Text."),
                 mutated: article("m-tab", title: "Tab", body: "Text.").replacingOccurrences(of: "title: Tab", with: "title:\tTab"),
                 rule: nil),
            Case(name: "m-tabindent", clean: tabIndented,
                 mutated: tabIndented.replacingOccurrences(of: "  - one", with: "\t- one"), rule: "front-matter-invalid-yaml"),
            Case(name: "m-control", clean: article("m-control", title: "Control", body: "Press Enter."),
                 mutated: article("m-control", title: "Control", body: "Press \u{1B}Enter."), rule: "content-control-character"),
            // Classic Mac OS line ends: the article is read with each CR as a line end, and said so once.
            Case(name: "m-cr", clean: article("m-cr", title: "CR", body: "Line one.\nLine two."),
                 mutated: article("m-cr", title: "CR", body: "Line one.\nLine two.").replacingOccurrences(of: "\n", with: "\r"),
                 rule: "content-line-endings"),
            // Front matter after a blank line, or with its fence indented: read all the same, so that the hub's link
            // to the page is not broken; said once, at the fence.
            Case(name: "m-blank", clean: article("m-blank", title: "Blank", body: "Text."),
                 mutated: "\n \n" + article("m-blank", title: "Blank", body: "Text."), rule: "front-matter-displaced"),
            Case(name: "m-indent", clean: article("m-indent", title: "Indent", body: "Text."),
                 mutated: "  " + article("m-indent", title: "Indent", body: "Text."), rule: "front-matter-displaced"),
            // A permalink with an invisible character, or `true`: the page stays at its file name, where the hub's
            // link finds it.
            Case(name: "m-zwsp", clean: article("m-zwsp", title: "ZWSP", body: "Text."),
                 mutated: article("m-zwsp", title: "ZWSP", body: "Text.")
                    .replacingOccurrences(of: "permalink: m-zwsp/", with: "permalink: m-\u{200B}zwsp/"),
                 rule: "front-matter-invalid-permalink"),
            Case(name: "m-true", clean: article("m-true", title: "True", body: "Text."),
                 mutated: article("m-true", title: "True", body: "Text.")
                    .replacingOccurrences(of: "permalink: m-true/", with: "permalink: true"),
                 rule: "front-matter-invalid-permalink"),
            // A code fence left open: the rest of the article is code, said once where the fence opens.
            Case(name: "m-fence", clean: article("m-fence", title: "Fence", body: "Run:\n\n```\nmake\n```\n\nThen [go on](/how-to/m-hub/)."),
                 mutated: article("m-fence", title: "Fence", body: "Run:\n\n```\nmake\n\nThen [go on](/how-to/m-hub/)."),
                 rule: "markdown-unclosed-block"),
            // Link syntax escaped to be shown as text (pandoc writes `\[SPAM\]`): no finding at all.
            Case(name: "m-escaped", clean: article("m-escaped", title: "Escaped", body: "Type SPAM in the subject."),
                 mutated: article("m-escaped", title: "Escaped",
                                  body: "Type \\[SPAM\\] (/how-to/m-hub/) or \\[a link](your page URL) in the subject."),
                 rule: nil),
        ]
    }()

    /// A copy of the Jekyll fixture with the cases' articles, clean or mutated, and a hub page linking them all.
    static func site(mutated: Bool) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: JekyllSiteTests.fixture, toPath: folder.path)
        for item in cases {
            try Data((mutated ? item.mutated : item.clean).utf8)
                .write(to: URL(fileURLWithPath: folder.path + "/content/mail/\(item.name).md"))
        }
        try folder.write("content/mail/m-hub.md", article("m-hub", title: "Hub",
                                                          body: cases.map { "- [\($0.name)](/how-to/\($0.name)/)" }.joined(separator: "\n")))
        return folder
    }

    /// `file rule` of each finding of a check, sorted.
    static func findings(_ site: String) throws -> [String] {
        let run = try Sitegen.run(["check", "-s", site, "--report", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return ((json?["findings"] as? [[String: Any]]) ?? []).map { "\($0["file"]!) \($0["rule"]!)" }.sorted()
    }

    @Test("each mutation is reported once and nothing else changes; the site builds with every page")
    func mutations() throws {
        let clean = try Self.site(mutated: false), messy = try Self.site(mutated: true)
        let before = try Self.findings(clean.path), after = try Self.findings(messy.path)
        var added = after
        for finding in before {
            if let position = added.firstIndex(of: finding) { added.remove(at: position) }
        }
        var removed = before
        for finding in after {
            if let position = removed.firstIndex(of: finding) { removed.remove(at: position) }
        }
        #expect(added == Self.cases.compactMap { item in item.rule.map { "content/mail/\(item.name).md \($0)" } }.sorted())
        #expect(removed == [])

        let output = try TemporaryFolder()
        let build = try Sitegen.run(["build", "-s", messy.path, "-o", output.path + "/out"])
        #expect(build.status == 0, "\(build.stderr)")
        for item in Self.cases {
            #expect(FileManager.default.fileExists(atPath: output.path + "/out/how-to/\(item.name)/index.html"), "\(item.name)")
        }
    }
}
