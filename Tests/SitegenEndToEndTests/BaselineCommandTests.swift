import Foundation
import SitegenTestSupport
import Testing

/// The URL-stability guard against git revisions, through the built binary, with repositories made in the test:
/// a rename (`git mv`), a rename with a new permalink and edits, a move between product folders, a deletion, a file
/// moved without telling git, a renamed heading that another article links, and an excluded draft that changed. Then `sitegen fix` adds the old
/// URL to the renamed article's `redirect_from`.
@Suite("URL-stability guard (end to end)")
struct BaselineCommandTests {
    /// Runs git in `folder`; fails the test with git's message when it fails.
    @discardableResult
    static func git(_ folder: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "-c", "user.name=Test", "-c", "user.email=test@example.com",
                             "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw GitError(message: "git \(arguments.joined(separator: " ")): \(text)")
        }
        return text
    }

    struct GitError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The first line of each finding of `rules` in `sitegen`'s standard error, in order.
    static func findings(_ stderr: String, _ rules: [String] = ["url-removed", "anchor-removed"]) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { line in rules.contains { line.hasSuffix("[\($0)]") } }
    }

    /// A repository whose site is in `help/` (not at the repository's root, so that git's paths are not site
    /// paths), committed once, then changed and committed again.
    static func repository() throws -> TemporaryFolder {
        let repository = try TemporaryFolder()
        try git(repository.path, "init", "-q")
        try repository.write("help/sitegen.yml", "title: T\nurl: https://help.example.com\nexclude:\n  - drafts/\n")
        // Excluded: never a page, whatever git says about it.
        try repository.write("help/content/drafts/wip.md", "---\ntitle: Work in progress\n---\nFirst draft.\n")
        try repository.write("help/content/mail/connect.md", """
            ---
            title: Connect
            ---
            ## Ports

            Use port 993 with SSL.

            ## Servers

            imap.example.com

            """)
        try repository.write("help/content/mail/setup.md", """
            ---
            title: Setup
            ---
            See [ports](/how-to/connect/#ports) and [old name](/how-to/old-name/).

            """)
        try repository.write("help/content/mail/old-name.md", """
            ---
            title: Old name
            ---
            Filters sort incoming mail into folders by sender, subject or size, before it reaches the inbox.

            """)
        try repository.write("help/content/billing/invoices.md", """
            ---
            title: Invoices
            ---
            Invoices are sent on the first day of each month to the billing contact of the account.

            """)
        try repository.write("help/content/mail/deleted.md", """
            ---
            title: Deleted
            ---
            Webmail themes can be changed in the settings menu under the appearance tab.

            """)
        try repository.write("help/content/mail/lost.md", """
            ---
            title: Lost
            ---
            Forwarding copies every message that arrives to another address, and can keep a copy in this mailbox.

            """)
        try git(repository.path, "add", "-A")
        try git(repository.path, "commit", "-q", "-m", "first")
        // The second commit: a rename, a move to another product, a deletion and a renamed heading.
        try git(repository.path, "mv", "help/content/mail/old-name.md", "help/content/mail/new-name.md")
        try git(repository.path, "mv", "help/content/billing/invoices.md", "help/content/mail/invoices.md")
        try git(repository.path, "rm", "-q", "help/content/mail/deleted.md")
        try repository.write("help/content/mail/connect.md", """
            ---
            title: Connect
            ---
            ## Port numbers

            Use port 993 with SSL.

            ## Servers

            imap.example.com

            """)
        try repository.write("help/content/mail/setup.md", """
            ---
            title: Setup
            ---
            See [ports](/how-to/connect/#ports) and [new name](/how-to/new-name/).

            """)
        try repository.write("help/content/drafts/wip.md", "---\ntitle: Work in progress\n---\nSecond draft.\n")
        try git(repository.path, "commit", "-q", "-a", "-m", "second")
        return repository
    }

    @Test("check --baseline git:HEAD~1: the renamed file, the deleted one and the linked heading, each at its file and line; the working tree is untouched")
    func checkAgainstPreviousCommit() throws {
        let repository = try Self.repository()
        // Not told to git: a file moved in the working tree only. git sees a deletion; the text finds the page.
        try FileManager.default.moveItem(atPath: repository.path + "/help/content/mail/lost.md",
                                         toPath: repository.path + "/help/content/mail/found.md")
        let status = try Self.git(repository.path, "status", "--porcelain")
        let run = try Sitegen.run(["check", "-s", repository.path + "/help", "--baseline", "git:HEAD~1"])
        #expect(run.status == 1)
        #expect(Self.findings(run.stderr) == [
            "--baseline: error: '/how-to/deleted/' was published by git:HEAD~1 (from content/mail/deleted.md) and is "
                + "neither a page nor a redirect now; no current page is like it [url-removed]",
            "--baseline: error: '/how-to/lost/' was published by git:HEAD~1 (from content/mail/lost.md) and is neither "
                + "a page nor a redirect now; the most similar page is '/how-to/found/' (content/mail/found.md, 100% of "
                + "its word shingles shared) [url-removed]",
            "content/mail/connect.md:4:1: warning: the anchor '#ports' of '/how-to/connect/' in git:HEAD~1 is gone "
                + "from this page; pages of this site link to it [anchor-removed]",
            "content/mail/new-name.md:1:1: error: '/how-to/old-name/' was published by git:HEAD~1 and is neither a "
                + "page nor a redirect now; git shows that its file content/mail/old-name.md was renamed to this one, "
                + "now at '/how-to/new-name/' [url-removed]",
        ])
        #expect(run.stderr.contains("fix: the heading 'Port numbers' (#port-numbers) is the one new heading"))
        // The move between product folders keeps its URL (it comes from the file name): nothing to say.
        #expect(!Self.findings(run.stderr).contains { $0.contains("invoices") })
        #expect(run.stderr.contains("URLs against git:HEAD~1 (6 pages): 3 removed, 0 redirected, 2 added, 1 anchor removed"))
        #expect(try Self.git(repository.path, "status", "--porcelain") == status)
    }

    @Test("check --baseline git:main and a configured stability.baseline; an unknown revision is an error at the option or the line")
    func branchesAndBadRevisions() throws {
        let repository = try Self.repository()
        // Against main itself (HEAD): nothing changed.
        let same = try Sitegen.run(["check", "-s", repository.path + "/help", "--baseline", "git:main"])
        #expect(Self.findings(same.stderr) == [])
        #expect(same.stderr.contains("URLs against git:main (5 pages): 0 removed, 0 redirected, 0 added, 0 anchors removed"))
        let unknown = try Sitegen.run(["check", "-s", repository.path + "/help", "--baseline", "git:v9"])
        #expect(unknown.status == 1)
        #expect(Self.findings(unknown.stderr, ["baseline-unreadable"]) == [
            "--baseline: error: 'v9' is not a revision of the site's git repository [baseline-unreadable]",
        ])
        try repository.write("help/sitegen.yml", "title: T\nurl: https://help.example.com\nstability:\n  baseline: git:HEAD~5\n")
        let configured = try Sitegen.run(["check", "-s", repository.path + "/help"])
        #expect(Self.findings(configured.stderr, ["baseline-unreadable"]) == [
            "sitegen.yml:4:13: error: 'HEAD~5' is not a revision of the site's git repository [baseline-unreadable]",
        ])
    }

    @Test("fix adds the old URL to the renamed article's redirect_from, leaving the rest of the file as it was; then the URL counts as redirected")
    func fixAddsRedirectFrom() throws {
        let repository = try Self.repository()
        let site = repository.path + "/help"
        let fixed = try Sitegen.run(["fix", "-s", site, "--baseline", "git:HEAD~1"])
        #expect(fixed.stderr.contains("content/mail/new-name.md:1:1: fixed: '---' → 'redirect_from:"), "\(fixed.stderr)")
        #expect(repository.read("help/content/mail/new-name.md") == """
            ---
            title: Old name
            redirect_from:
              - /how-to/old-name/
            ---
            Filters sort incoming mail into folders by sender, subject or size, before it reaches the inbox.

            """)
        let again = try Sitegen.run(["check", "-s", site, "--baseline", "git:HEAD~1"])
        #expect(Self.findings(again.stderr, ["url-removed"]) == [
            "--baseline: error: '/how-to/deleted/' was published by git:HEAD~1 (from content/mail/deleted.md) and is "
                + "neither a page nor a redirect now; no current page is like it [url-removed]",
        ])
        #expect(again.stderr.contains("1 removed, 1 redirected, 1 added, 1 anchor removed"))
    }

    @Test("the guard's numbers in the JSON and Markdown reports")
    func reports() throws {
        let repository = try Self.repository()
        let run = try Sitegen.run(["check", "-s", repository.path + "/help", "--baseline", "git:HEAD~1",
                                   "--report", "json", "--report", "markdown=" + repository.path + "/report.md",
                                   "--report", "html=" + repository.path + "/report.html"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let urls = try #require((json["summary"] as? [String: Any])?["urls"] as? [String: Any])
        #expect(urls["removed"] as? Int == 2)
        #expect(urls["added"] as? Int == 1)
        #expect(urls["anchors_removed"] as? Int == 1)
        #expect(urls["baseline"] as? String == "git:HEAD~1")
        let markdown = try #require(repository.read("report.md"))
        #expect(markdown.contains("### URL changes"))
        #expect(markdown.contains("| `/how-to/old-name/` | `/how-to/new-name/` | renamed to content/mail/new-name.md |"))
        let html = try #require(repository.read("report.html"))
        #expect(html.contains("<h2>URL changes</h2>"))
        #expect(html.contains("<tr><td><code>/how-to/old-name/</code></td><td><a href=\"/how-to/new-name/\">/how-to/new-name/</a></td><td>renamed to content/mail/new-name.md</td></tr>"))
        #expect(html.contains("Added: <a href=\"/how-to/new-name/\">/how-to/new-name/</a>"))
    }

    /// The real help center (../shared/corpus/how-to-2017) in a repository: the first commit is the corpus with
    /// links added to 10 of its headings (it has almost no links to headings of its own); the second renames 20
    /// articles (`git mv` and a new permalink, every fourth with an added sentence), deletes 5 and renames the 10
    /// linked headings. The guard must find exactly those: 20 renames explained by git with the new URL, 5 removed
    /// URLs, and 10 linked headings with the new heading suggested.
    @Test("real data: 20 renames found by git, 5 removed URLs, 10 renamed headings with their suggestions",
          .enabled(if: SharedCorpus.path != nil, SharedCorpus.skipReason))
    func realHelpCenter() throws {
        let repository = try TemporaryFolder()
        let site = repository.path + "/site"
        try FileManager.default.copyItem(atPath: SharedCorpus.path!, toPath: site)
        let content = site + "/content"
        func text(_ relative: String) -> String { (try? String(contentsOfFile: content + "/" + relative, encoding: .utf8)) ?? "" }
        func write(_ relative: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: content + "/" + relative))
        }
        func permalink(_ text: String) -> String? {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let found = lines.filter { $0.hasPrefix("permalink: ") }
            guard found.count == 1 else { return nil }
            var value = String(found[0].dropFirst("permalink: ".count)).trimmingCharacters(in: .whitespaces)
            while value.hasPrefix("/") { value.removeFirst() }
            return value.hasSuffix("/") && !value.dropLast().contains("/") && value.count > 1 ? value : nil
        }
        let files = (FileManager.default.enumerator(atPath: content)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".md") && $0.split(separator: "/").count == 2 }.sorted()
        var permalinks: [String: String] = [:]
        var uses: [String: Int] = [:]
        for file in files {
            guard let value = permalink(text(file)) else { continue }
            permalinks[file] = value
            uses[value, default: 0] += 1
        }
        // Plain articles: one permalink of their own that is not their product's page, no Liquid, no code fences.
        let plain = files.filter { file in
            guard let value = permalinks[file], uses[value] == 1 else { return false }
            let name = (file as NSString).lastPathComponent, folder = file.split(separator: "/")[0]
            let body = text(file)
            return name != "index.md" && name != "all.md" && value != folder + "/" && !body.contains("{%")
                && !body.contains("```") && !body.contains("~~~") && body.utf8.count > 1500
        }
        // Heading targets: a heading of plain words, written once in its file.
        let headingPattern = try NSRegularExpression(pattern: "^(##|###) ([A-Za-z]+( [A-Za-z]+)*)$", options: [.anchorsMatchLines])
        var headings: [(file: String, line: String, id: String)] = []
        var used: Set<String> = []
        for file in plain where headings.count < 10 {
            let body = text(file)
            let matches = headingPattern.matches(in: body, range: NSRange(body.startIndex..., in: body))
            let texts = matches.map { String(body[Range($0.range(at: 2), in: body)!]) }
            guard let first = texts.first(where: { candidate in texts.filter { $0.lowercased() == candidate.lowercased() }.count == 1 }),
                  let line = matches.first(where: { String(body[Range($0.range(at: 2), in: body)!]) == first })
                    .map({ String(body[Range($0.range, in: body)!]) }) else { continue }
            headings.append((file, line, first.lowercased().replacingOccurrences(of: " ", with: "-")))
            used.insert(file)
        }
        let rest = plain.filter { !used.contains($0) }
        let renamed = Array(rest.prefix(20)), deleted = Array(rest.dropFirst(20).prefix(5))
        let linkers = Array(rest.dropFirst(25).prefix(10))
        try #require(headings.count == 10 && renamed.count == 20 && deleted.count == 5 && linkers.count == 10)
        for (linker, heading) in zip(linkers, headings) {
            try write(linker, text(linker) + "\nSee [this section](/how-to/\(permalinks[heading.file]!)#\(heading.id)).\n")
        }
        try Self.git(repository.path, "init", "-q")
        try Self.git(repository.path, "add", "-A")
        try Self.git(repository.path, "commit", "-q", "-m", "the 2017 help center")

        var newNames: [String: String] = [:]
        for (number, file) in renamed.enumerated() {
            let target = String(file.dropLast(3)) + "-moved.md"
            newNames[file] = target
            try Self.git(site, "mv", "content/" + file, "content/" + target)
            let old = permalinks[file]!
            var body = text(target).replacingOccurrences(of: "permalink: /" + old, with: "permalink: " + old)
                .replacingOccurrences(of: "permalink: " + old, with: "permalink: " + old.dropLast() + "-moved/")
            if number % 4 == 0 { body += "\nThis article was reviewed in 2020.\n" }
            try write(target, body)
        }
        for file in deleted { try Self.git(site, "rm", "-q", "content/" + file) }
        for heading in headings {
            try write(heading.file, text(heading.file).replacingOccurrences(of: heading.line, with: heading.line + " renamed"))
        }
        try Self.git(repository.path, "commit", "-q", "-a", "-m", "2020")

        let report = repository.path + "/report.json"
        let run = try Sitegen.run(["check", "-s", site, "--baseline", "git:HEAD~1", "--report", "json=" + report])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let removed = findings.filter { $0["rule"] as? String == "url-removed" }
        let anchors = findings.filter { $0["rule"] as? String == "anchor-removed" }
        #expect(removed.count == 25, "\(run.stderr.suffix(3000))")
        for file in renamed {
            let old = permalinks[file]!
            let at = removed.filter { $0["file"] as? String == "content/" + newNames[file]! }
            #expect(at.count == 1, "no rename finding at \(newNames[file]!)")
            let message = at.first?["message"] as? String ?? ""
            #expect(message.hasPrefix("'/how-to/\(old)' was published by git:HEAD~1"), "\(message)")
            #expect(message.hasSuffix("now at '/how-to/\(old.dropLast())-moved/'"), "\(message)")
            let edit = at.first?["edit"] as? [String: Any]
            #expect((edit?["replacement"] as? String)?.contains("- /how-to/\(old)") == true)
        }
        let atOption = removed.filter { $0["file"] as? String == "--baseline" }.compactMap { $0["message"] as? String }
        #expect(atOption.count == 5)
        for file in deleted {
            #expect(atOption.contains { $0.hasPrefix("'/how-to/\(permalinks[file]!)' was published by git:HEAD~1 (from content/\(file))") },
                    "no url-removed for the deleted \(file)")
        }
        #expect(anchors.count == 10, "\(anchors.map { $0["message"] ?? "" })")
        for heading in headings {
            let at = anchors.filter { $0["file"] as? String == "content/" + heading.file }
            #expect(at.count == 1, "no anchor-removed in \(heading.file)")
            #expect(at.first?["severity"] as? String == "warning")
            #expect((at.first?["fix"] as? String)?.contains("(#\(heading.id)-renamed) is the one new heading") == true,
                    "\(at.first?["fix"] ?? "")")
        }
    }
}
