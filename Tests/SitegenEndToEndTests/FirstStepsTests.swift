import Foundation
import SitegenTestSupport
import Testing

/// A new user's first minute: `init` in an empty folder, `new` without a title, `build`, `serve --open`.
@Suite("first steps: init, new, build, serve --open (end to end)")
struct FirstStepsTests {
    @Test("init in an empty folder makes a site that builds and checks clean, with the next commands printed; new needs no --title")
    func initNewBuild() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/help"
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)

        let initialized = try Sitegen.run(["init", "-s", site])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stderr.contains("wrote \(site)/content/getting-started/write-your-first-article.md\n"))
        #expect(initialized.stderr.contains("next:\n  sitegen serve --open -s \(site)"), "\(initialized.stderr)")

        let created = try Sitegen.run(["new", "getting-started/reset-a-password", "--author", "Ada", "-s", site])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("created content/getting-started/reset-a-password.md (/how-to/reset-a-password/)\n"))
        #expect(created.stderr.contains("note: title 'Reset a password' (from the slug; change it in the file or pass --title)\n"))

        let firstProduct = try Sitegen.run(["new", "billing/read-your-invoice", "--author", "Ada", "-s", site])
        #expect(firstProduct.status == 0, "\(firstProduct.stderr)")
        #expect(firstProduct.stderr.contains("note: product name 'Billing' (from the folder 'billing'"))

        let built = try Sitegen.run(["build", "-s", site])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("0 errors, 0 warnings\n"), "\(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: site + "/public/how-to/getting-started/index.html"))
        #expect(FileManager.default.fileExists(atPath: site + "/public/how-to/reset-a-password/index.html"))
        let checked = try Sitegen.run(["check", "--strict", "-s", site])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stderr.contains("checked 4 articles and "), "\(checked.stderr)")
    }

    @Test("serve --open starts $BROWSER with the preview's address; a browser that cannot start is a warning, not a failure")
    func serveOpen() throws {
        let work = try TemporaryFolder()
        try work.write("site/sitegen.yml", "title: T\n")
        try work.write("site/content/p/index.md", "---\ntitle: P\nproduct: P\n---\nHello\n")
        let opened = work.path + "/opened.txt"
        let browser = try work.write("browser.sh", "#!/bin/sh\necho \"$1\" > '\(opened)'\n")
        chmod(browser, 0o755)

        let (status, stderr) = try Self.serve(site: work.path + "/site", browser: browser) {
            FileManager.default.fileExists(atPath: opened)
        }
        #expect(status == 0)
        let url = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("serving ") }?.split(separator: " ")[1])
        #expect(work.read("opened.txt") == url + "\n")

        let (_, failed) = try Self.serve(site: work.path + "/site", browser: work.path + "/no-such-browser") { stderr in
            stderr.contains("warning: could not open a browser")
        }
        #expect(failed.contains("warning: could not open a browser ('\(work.path)/no-such-browser' exited with status 127); open http://127.0.0.1:"),
                "\(failed)")
    }

    /// Runs `serve --open` until `done` (up to 30 s), then stops it with Ctrl-C; its status and what it printed.
    static func serve(site: String, browser: String, until done: (String) -> Bool) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Sitegen.executable)
        process.arguments = ["serve", "--port", "0", "--open", "-s", site]
        var environment = ProcessInfo.processInfo.environment
        environment["BROWSER"] = browser
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("serve-open-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        for _ in 0..<600 {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if done(text) { break }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? text)
    }

    static func serve(site: String, browser: String, until done: () -> Bool) throws -> (Int32, String) {
        try serve(site: site, browser: browser) { (_: String) in done() }
    }
}
