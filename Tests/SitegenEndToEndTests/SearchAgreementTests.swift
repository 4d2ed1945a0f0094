import Foundation
import SitegenTestSupport
import Testing

/// `sitegen search` and the theme's `search.js` answer from the same index files with the same algorithm: the
/// same queries must give the same URLs, in the same order. search.js runs in Node here when Node is installed
/// (the same V8 as Chromium's); `Tests/Browser/search_browser_test.py` runs it in headless Chromium (`make test`).
@Suite("Search: CLI and browser agree")
struct SearchAgreementTests {
    static let queries: [(query: String, product: String?)] = [
        ("mailbox", nil), ("mailbox ", nil), ("mailb", nil), ("mai", nil), ("deleting mailboxes", nil),
        ("delete", nil), ("quota ", nil), ("quotas", nil), ("passwrod ", nil), ("forwarding rule", nil),
        ("imap server", nil), ("smtp 587", nil), ("cafe", nil), ("Café WIFI", nil), ("uber", nil), ("hotel ", nil),
        ("records ", nil), ("recrods", nil), ("mx", nil), ("domain propagation", nil), ("invoice", nil),
        ("pricing", nil), ("old mailbox page", nil), ("mailbox", "dns"), ("mailbox", "Email"), ("mailbox", "nope"),
        ("a", nil), ("", nil), ("connect client", nil), ("thunderbird outlook", nil),
        ("amilbox ", nil), ("mialbox", nil), ("xmailbox ", nil), ("nailbox ", nil), ("ecrords", "dns"),
        ("ailbox ", nil), ("ailbo", nil), ("hunderbird", nil), ("qhunderbird ", nil), ("ropagation", "dns"),
        // Terms that start with a letter outside ASCII: their buckets come from the UTF-16 of their first two
        // letters, in Swift and in search.js alike (the page is `unicodeArticle`).
        ("ärger", nil), ("straße", nil), ("日本語", nil), ("日本", nil), ("ΟΔΟΣ", nil), ("οδος", nil), ("ǆemal", nil),
        ("file", nil), ("русс", nil), ("почта", nil), ("привет", nil), ("한국어", nil), ("σύνδεση", nil), ("ærø", nil),
        // Chinese and Japanese, read as pairs of neighbours: any part of a run, a run of one while it is typed.
        ("設定", nil), ("メール設定", nil), ("邮箱", nil), ("設", nil), ("メール設定 ", nil), ("ル設定ｶﾀ", nil),
        ("c#", nil), ("C++ ", nil), ("f# samples", nil), ("c", nil), ("c#define", nil),
    ]

    /// A page of words in other scripts, added to the fixture's copy (the fixture itself is shared with other tests).
    static let unicodeArticle = """
        ---
        title: Ärger mit dem Straße Postfach
        permalink: /unicode-words/
        ---

        Wörter: 日本語のメール設定, ΟΔΟΣ, naïve façade, Ærø øre, ǅemal, ﬁle ﬂow, русский почта.

        ## Σύνδεση λογαριασμού

        Привет мир, 中文邮箱, 한국어 메일.

        ## Samples

        Samples in C#, F# and C++ (built with g++).
        """

    static var node: String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(folder) + "/node"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    @Test("the same queries give the same URLs from sitegen search and from search.js",
          .enabled(if: node != nil, "Node is not installed: the agreement is checked in Chromium by make test"))
    func agreement() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/search-site"
        try FileManager.default.copyItem(atPath: BuildCommandTests.fixtures + "/search-site", toPath: site)
        try Self.unicodeArticle.write(toFile: site + "/content/billing/unicode-words.md", atomically: true, encoding: .utf8)
        let build = try Sitegen.run(["build", "--source", site])
        #expect(build.status == 0, "\(build.stderr)")

        var cli: [String: [String]] = [:]
        for (query, product) in Self.queries {
            let run = try Sitegen.run(["search", query, "-s", site, "--limit", "10"] + (product.map { ["--product", $0] } ?? []))
            #expect(run.status == 0, "\(query): \(run.stderr)")
            cli[query + "|" + (product ?? "")] = run.stdout.split(separator: "\n")
                .filter { $0.hasPrefix("/") }.map { String($0.split(separator: " ")[0]) }
        }
        let queriesFile = work.path + "/queries.json"
        let list = Self.queries.map { ["query": $0.query, "product": $0.product ?? ""] }
        try JSONSerialization.data(withJSONObject: list).write(to: URL(fileURLWithPath: queriesFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.node!)
        process.arguments = [packageRoot + "/Tests/Browser/search-node.js",
                             // The script as the site serves it (ScriptCompaction), not its source.
                             site + "/public/how-to/assets/search.js",
                             site + "/public/how-to/assets/search/", queriesFile]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let browser = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        for (query, product) in Self.queries {
            let key = query + "|" + (product ?? "")
            #expect(cli[key] == browser[key], "query '\(query)' product '\(product ?? "")'")
        }
        // The queries are not all empty: the comparison means something.
        #expect(cli["mailbox|"]?.first == "/how-to/create-a-mailbox/")
        #expect(cli["passwrod |"]?.first == "/how-to/create-a-mailbox/#set-a-password")
        #expect(cli["pricing|"] == [])
        // Through the tail files: a missing first letter.
        #expect(cli["ailbox |"]?.first == "/how-to/create-a-mailbox/")
        #expect(cli["old mailbox page|"]?.contains("/how-to/old-mailbox-page/") == false)
        // Words in other scripts find their page, in its body and under its heading.
        #expect(cli["日本語|"] == ["/how-to/unicode-words/"])
        #expect(cli["привет|"] == ["/how-to/unicode-words/#σύνδεση-λογαριασμού"])
        #expect(cli["ǆemal|"] == ["/how-to/unicode-words/"])
        // The middle of a run of Japanese or Chinese, which a run read as one word could not find.
        #expect(cli["設定|"] == ["/how-to/unicode-words/"])
        #expect(cli["邮箱|"] == ["/how-to/unicode-words/#σύνδεση-λογαριασμού"])
        #expect(cli["設|"] == ["/how-to/unicode-words/"])
    }

    @Test("sitegen search on a site that is not built says to build it, and exits 1")
    func notBuilt() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/search-site"
        try FileManager.default.copyItem(atPath: BuildCommandTests.fixtures + "/search-site", toPath: site)
        let run = try Sitegen.run(["search", "mailbox", "-s", site])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: no search index: the site has not been built"))
        #expect(run.stderr.contains("run 'sitegen build -s \(site)' first"))
    }
}
