import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

/// `{% include %}` reads only files inside the site: the Jekyll-era `_includes` folder is used without any
/// configuration, so a link in it must never put a file from elsewhere into a page.
@Suite("Includes stay inside the site")
struct IncludeContainmentTests {
    /// A site with `_includes/note.html` and a secret outside it; returns the work folder (the site is `site/`).
    func site() throws -> TemporaryFolder {
        let work = try TemporaryFolder()
        try work.write("site/_includes/note.html", "<p>Note</p>")
        try work.write("site/_includes/parts/tip.html", "<p>Tip</p>")
        try work.write("site/content/snippets/shared.html", "<p>Shared</p>")
        try work.write("secret/key.txt", "SECRET-OUTSIDE")
        return work
    }

    func link(_ work: TemporaryFolder, _ path: String, _ target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: work.path + "/" + path, withDestinationPath: target)
    }

    func expand(_ work: TemporaryFolder, _ text: String) -> LiquidExpander.Expansion {
        let root = work.path + "/site"
        let expander = LiquidExpander(environment: .init(
            assets: AssetCatalog(), includes: IncludeLibrary(folder: root + "/_includes", boundary: SiteBoundary(root: root)),
            themePartials: [], siteVariables: [:]))
        return expander.expand(text, firstLine: 5, file: "content/p/a.md", page: [:])
    }

    @Test("a link to /etc/passwd (a text and an .html include), a link to /etc used as a folder, and a chain of links are errors at the tag; nothing is inserted")
    func linksOutside() throws {
        let work = try site()
        try link(work, "site/_includes/leak.txt", "/etc/passwd")
        try link(work, "site/_includes/leak.html", "/etc/passwd")
        try link(work, "site/_includes/etc", "/etc")
        try link(work, "site/_includes/first.html", "second.html")
        try link(work, "site/_includes/second.html", "../third.html")
        try link(work, "site/third.html", work.path + "/secret/key.txt")
        let marked = MarkedText("""
            Intro.
            1️⃣{% include leak.txt %}
            <div>2️⃣{% include leak.html %}</div>
            3️⃣{% include etc/passwd %} and 4️⃣{% include first.html %}

            """)
        let result = expand(work, marked.text)
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        let secret = try #require(SiteBoundary.canonicalPath(work.path + "/secret/key.txt"))
        func at(_ marker: String) -> String { "content/p/a.md:\(marked[marker].line + 4):\(marked[marker].column)" }
        #expect(result.diagnostics.map(\.formatted) == [
            "\(at("1️⃣")): error: '{% include leak.txt %}' leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
            "\(at("2️⃣")): error: '{% include leak.html %}' leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
            "\(at("3️⃣")): error: '{% include etc/passwd %}' leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
            "\(at("4️⃣")): error: '{% include first.html %}' leads outside the site, to '\(secret)'; it is not read [path-outside-site]",
        ])
        #expect(result.diagnostics.first?.fixIt == "put the file itself in the site (a symbolic link may only lead to a file inside the site), or name its folder in sitegen.yml")
        #expect(!result.text.contains("root:"), "nothing of /etc/passwd is in the page")
        #expect(!result.text.contains("SECRET"))
        #expect(result.text == "Intro.\n\n<div></div>\n and \n")
    }

    @Test("'..' that stays in the includes folder works; one that leaves it, or an absolute name, is refused at the tag")
    func dotDot() throws {
        let work = try site()
        let marked = MarkedText("""
            {% include parts/../note.html %} {% include parts/./tip.html %}
            1️⃣{% include ../content/snippets/shared.html %}
            2️⃣{% include parts/../../../secret/key.txt %}
            3️⃣{% include /etc/passwd %}

            """)
        let result = expand(work, marked.text)
        func at(_ marker: String) -> String { "content/p/a.md:\(marked[marker].line + 4):\(marked[marker].column)" }
        #expect(result.diagnostics.map(\.formatted) == [
            "\(at("1️⃣")): error: '{% include ../content/snippets/shared.html %}' names a file outside the includes folder ('..' may only go back within it, and the name may not start with '/'); it is not read [liquid-include-invalid]",
            "\(at("2️⃣")): error: '{% include parts/../../../secret/key.txt %}' names a file outside the includes folder ('..' may only go back within it, and the name may not start with '/'); it is not read [liquid-include-invalid]",
            "\(at("3️⃣")): error: '{% include /etc/passwd %}' names a file outside the includes folder ('..' may only go back within it, and the name may not start with '/'); it is not read [liquid-include-invalid]",
        ])
        #expect(result.text == "<p>Note</p> <p>Tip</p>\n\n\n\n")
        #expect(IncludeLibrary.normalized("a/./b/../c.html") == "a/c.html")
        #expect(IncludeLibrary.normalized("a/../../c.html") == nil)
        #expect(IncludeLibrary.normalized("..") == nil)
    }

    @Test("a link that stays inside the site is followed (a file and a folder of the site); one to a hidden file is refused")
    func linksInside() throws {
        let work = try site()
        try work.write("site/.git/config", "TOKEN")
        try link(work, "site/_includes/shared.html", "../content/snippets/shared.html")
        try link(work, "site/_includes/snippets", "../content/snippets")
        try link(work, "site/_includes/config.txt", "../.git/config")
        let marked = MarkedText("{% include shared.html %}{% include snippets/shared.html %}1️⃣{% include config.txt %}\n")
        let result = expand(work, marked.text)
        #expect(result.diagnostics.map(\.formatted) == [
            "content/p/a.md:5:\(marked["1️⃣"].column): error: '{% include config.txt %}' leads to '.git/config', in a hidden folder or file, which sitegen never reads [path-outside-site]",
        ])
        #expect(result.text == "<p>Shared</p><p>Shared</p>\n")
    }
}
