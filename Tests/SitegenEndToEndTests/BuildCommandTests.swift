import Foundation
import SitegenTestSupport
import Testing

/// Runs the built `sitegen` binary on the fixture sites in `Tests/Fixtures` and compares with golden files.
/// Set `SITEGEN_UPDATE_GOLDEN=1` to rewrite the golden files after an intended change.
@Suite("sitegen build (end to end)")
struct BuildCommandTests {
    static let fixtures = packageRoot + "/Tests/Fixtures"

    @Test("builds the fixture site; every output file matches its golden copy")
    func goldenSite() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/basic-site"
        try FileManager.default.copyItem(atPath: Self.fixtures + "/basic-site", toPath: site)
        let run = try Sitegen.run(["build", "--source", site])
        #expect(run.status == 0, "\(run.stderr)")
        // 9 pages and 2 assets, 2 redirect pages, the Netlify _redirects file, .sitegen/urls.json, search.js, theme.js, 3 feeds and the
        // 34 files of the search index (its meta.json, 16 term buckets, 1 page chunk and 16 tail files).
        #expect(run.stderr.contains("built 11 pages and 43 assets"))
        #expect(run.stderr.contains("0 errors, 0 warnings"))

        var produced = fileTree(under: site + "/public")
        // The stylesheet is the theme's own file, compared with its source rather than kept twice.
        let stylesheet = produced.removeValue(forKey: "help/assets/style.css")
        #expect(stylesheet == FileManager.default.contents(atPath: packageRoot + "/Sources/SitegenTheme/DefaultTheme/style.css"))
        // The scripts are their sources without comment lines and indentation (ScriptCompaction): their lines are
        // the sources' code lines, trimmed, in order.
        for name in ["search.js", "theme.js"] {
            let removed = produced.removeValue(forKey: "help/assets/" + name)
            let script = try #require(removed, "no \(name)")
            let source = try String(contentsOfFile: packageRoot + "/Sources/SitegenTheme/DefaultTheme/" + name, encoding: .utf8)
            let served = String(decoding: script, as: UTF8.self).split(separator: "\n")
            var sourceLines = source.split(separator: "\n").map { $0.drop { $0 == " " } }[...]
            for line in served {
                guard let found = sourceLines.firstIndex(of: line) else {
                    Issue.record("\(name): served line not in the source (in order): \(line)")
                    break
                }
                sourceLines = sourceLines[(found + 1)...]
            }
            #expect(served.count > 10 && script.count <= source.utf8.count, "\(name)")
        }
        try Golden.expectTree(produced, matches: Self.fixtures + "/basic-site.golden")
    }

    @Test("content errors exit 1 with compiler-style diagnostics and leave no output")
    func brokenSite() throws {
        let run = try Sitegen.run(["build", "--source", Self.fixtures + "/broken-site", "--output", NSTemporaryDirectory() + "/sitegen-broken-\(UUID())"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("content/p/bad-date.md:4:21: warning: 'last_modified_date' is '2016-1-22', not a date in the form YYYY-MM-DD; did you mean '2016-01-22'? [front-matter-invalid-date]"))
        #expect(lines.contains("content/p/duplicate.md:4:1: error: duplicate key 'title' in front matter (also on line 2); the last value is used [front-matter-duplicate-key]"))
        #expect(lines.contains("content/p/no-title.md:1:1: error: front matter has no 'title' [front-matter-missing-title]"))
        #expect(lines.contains("    title: Second"), "the source line is shown")
        #expect(lines.contains("    fix: 2016-01-22"))
        // The page with the duplicate key is still checked: its body is empty.
        #expect(lines.contains("content/p/duplicate.md:6:1: warning: the article has no text after its front matter; its page is empty [content-empty-body]"))
        #expect(run.stderr.contains("2 errors, 2 warnings"))
    }

    @Test("usage errors exit 2", arguments: [["build", "--jobs", "0"], ["build", "--no-such-flag"], ["frobnicate"]])
    func usageErrors(arguments: [String]) throws {
        #expect(try Sitegen.run(arguments).status == 2)
    }

    @Test("a configuration error exits 2 with its line")
    func configurationError() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: X\nbaseurl: 'a b'\n")
        try site.write("content/p/a.md", "---\ntitle: A\n---\n")
        let run = try Sitegen.run(["build", "-s", site.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("sitegen.yml:2:10: error: 'baseurl' must be a URL path such as '/how-to/' (got 'a b') [config-invalid]"))
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        #expect(try Sitegen.run(["--version"]).stdout == "0.1.0\n")
        let help = try Sitegen.run(["build", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--strict"))
    }

    @Test("builds the real 2017 help center as it is, with no options: every article, every image, no Liquid left",
          .enabled(if: SharedCorpus.path != nil, SharedCorpus.skipReason))
    func corpus() throws {
        let output = try TemporaryFolder()
        let run = try Sitegen.run(["build", "--source", SharedCorpus.path!, "--output", output.path + "/out"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        #expect(run.stderr.contains("_config.yml: note: no sitegen.yml: read the Jekyll configuration (used: source, baseurl, assets.sources); ignored: destination, defaults"))
        #expect(run.stderr.contains("content/retired-articles/RETIRING-CONTENT.md:1:1: warning: this Markdown file has no front matter, so it is not built [front-matter-missing]"))
        #expect(run.stderr.contains("content/general/understanding the cloud computing stack: warning: this file has no extension"))
        #expect(!run.stderr.contains("liquid-"), "every tag of the corpus is understood and every asset exists")
        let out = output.path + "/out/how-to"
        let article = try String(contentsOfFile: out + "/create-a-cloud-server/index.html", encoding: .utf8)
        #expect(article.contains("src=\"/how-to/assets/cloud-servers/create-a-cloud-server/Screen%2520Shot%25202015-01-14%2520at%25209.30.59%2520AM.png\""))
        #expect(FileManager.default.fileExists(atPath: out + "/assets/cloud-servers/create-a-cloud-server/Screen%20Shot%202015-01-14%20at%209.30.59%20AM.png"))
        let list = try String(contentsOfFile: out + "/rackspace-email-all-articles/index.html", encoding: .utf8)
        #expect(list.contains("<a href=\"/how-to/cannot-connect-to-email/\">Cannot Connect to Email</a>"))
        #expect(!list.contains("Rackspace Email – All Articles</a>"), "the list leaves out the page itself")
        let pages = fileTree(under: output.path + "/out").filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 890)
        #expect(pages.filter { String(decoding: $0.value, as: UTF8.self).contains("{%") }.isEmpty)
    }
}

/// Runs the `sitegen` executable built next to the tests.
enum Sitegen {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("sitegen").path,
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("sitegen").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once: a process that fills one pipe while we wait on the other would block forever.
        let errorBox = DataBox()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { errorBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        let errData = errorBox.data
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Holds what a background reader read; the reader finishes before anyone looks (DispatchGroup.wait).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
