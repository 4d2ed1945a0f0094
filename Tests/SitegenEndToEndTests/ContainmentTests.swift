import Foundation
import SitegenTestSupport
import Synchronization
import Testing

/// Nothing outside the site is read or published, whatever symbolic links a pull request adds: `sitegen build`
/// and `sitegen serve` as CI and a writer run them.
@Suite("Files outside the site are never read (end to end)")
struct ContainmentTests {
    static func link(_ path: String, _ target: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// The path with every symbolic link followed, as the kernel sees it (`/private/etc/passwd` on macOS).
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where /etc/passwd is.
    static let passwd = canonical("/etc/passwd")

    /// The first line of /etc/passwd, which must appear nowhere.
    static var passwdLine: String {
        String(decoding: FileManager.default.contents(atPath: "/etc/passwd") ?? Data(), as: UTF8.self)
            .split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
    }

    @Test("a Jekyll-era site: includes linked to /etc/passwd (a file and a folder) are errors at the tag; nothing is written")
    func jekyllIncludes() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/_config.yml", "title: Help\nbaseurl: /help\n")
        try work.write("site/_includes/note.html", "<p>Note</p>")
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nIntro.\n\n{% include leak.txt %}\n\n<div>{% include etc/passwd %}</div>\n")
        try Self.link(site + "/_includes/leak.txt", "/etc/passwd")
        try Self.link(site + "/_includes/etc", "/etc")
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("content/p/a.md:6:1: error: '{% include leak.txt %}' leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"), "\(run.stderr)")
        #expect(lines.contains("content/p/a.md:8:6: error: '{% include etc/passwd %}' leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"))
        #expect(!run.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test("links to /etc/passwd as an article, an asset, a template and a theme asset: each an error at the file, none read")
    func everyEntryPoint() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/sitegen.yml", "title: Help\n")
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nText.\n")
        for path in ["content/p/leak.md", "content/p/data.txt", "templates/footer.mustache", "templates/assets/leak.txt"] {
            try Self.link(site + "/" + path, "/etc/passwd")
        }
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        for path in ["content/p/data.txt", "content/p/leak.md", "templates/assets/leak.txt", "templates/footer.mustache"] {
            #expect(lines.contains("\(path): error: this symbolic link leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"),
                    "\(run.stderr)")
        }
        #expect(!run.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test("a content or includes folder that is a link to outside the site stops the build at the folder")
    func foldersOutside() throws {
        let work = try TemporaryFolder()
        try work.write("elsewhere/p/a.md", "---\ntitle: Elsewhere\n---\nSECRET-OUTSIDE\n")
        try work.write("site/sitegen.yml", "title: Help\n")
        try Self.link(work.path + "/site/content", work.path + "/elsewhere")
        let canonical = Self.canonical(work.path + "/elsewhere")
        let run = try Sitegen.run(["build", "-s", work.path + "/site"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("content: error: the content folder 'content' leads outside the site, to '\(canonical)'; it is not read [path-outside-site]"),
                "\(run.stderr)")

        // Named in sitegen.yml, the same folder is the site's choice: built.
        try work.write("site/sitegen.yml", "title: Help\ncontent: ../elsewhere\n")
        let named = try Sitegen.run(["build", "-s", work.path + "/site"])
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test("links that stay inside the site keep working: a folder of articles, an image folder and a template")
    func linksInside() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/sitegen.yml", "title: Help\n")
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nText.\n")
        try work.write("site/library/articles/b.md", "---\ntitle: Shared B\n---\nShared text.\n")
        try work.write("site/library/img/logo.png", "PNG")
        try work.write("site/library/footer.mustache", "<footer>Shared footer</footer>\n")
        try Self.link(site + "/content/shared", "../library/articles")
        try Self.link(site + "/content/p/img", "../../library/img")
        try Self.link(site + "/templates/footer.mustache", "../library/footer.mustache")
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: site + "/public/how-to/b/index.html", encoding: .utf8)
        #expect(page.contains("Shared text."))
        #expect(page.contains("Shared footer"))
        #expect(FileManager.default.contents(atPath: site + "/public/how-to/p/img/logo.png") == Data("PNG".utf8))
    }

    @Test("the preview: an asset swapped again and again for a link to a file outside the site is never served from outside")
    func previewSwapRace() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/sitegen.yml", "title: Help\n")
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nText.\n")
        try work.write("site/content/p/file.txt", "INSIDE-ASSET\n")
        try work.write("secret.txt", "SECRET-OUTSIDE\n")
        let server = try ServeCommandTests.Server(["-s", site])
        defer { _ = server.stop() }
        #expect(try HTTPTestClient.get(port: server.port, "/how-to/p/file.txt").body == "INSIDE-ASSET\n")

        // The swapper puts the link and the file in place by turns, each with one rename (a hidden temporary name,
        // which the scan leaves out), so the path always names one of the two.
        let stop = StopFlag()
        let swaps = SwapCount()
        let asset = site + "/content/p/file.txt", temporary = site + "/content/p/.swap", secret = work.path + "/secret.txt"
        let swapper = Thread {
            var flips = 0
            while !stop.isStopped {
                unlink(temporary)
                if flips % 2 == 0 {
                    symlink(secret, temporary)
                } else {
                    _ = FileManager.default.createFile(atPath: temporary, contents: Data("INSIDE-ASSET\n".utf8))
                }
                rename(temporary, asset)
                flips += 1
            }
            swaps.value.store(flips, ordering: .relaxed)
        }
        swapper.start()
        var statuses: [Int: Int] = [:]
        var leaked = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(4)
        while clock.now < deadline {
            let response = try HTTPTestClient.get(port: server.port, "/how-to/p/file.txt")
            statuses[response.status, default: 0] += 1
            if response.body.contains("SECRET") { leaked += 1 }
        }
        stop.stop()
        while !swapper.isFinished { usleep(1_000) }
        let requests = statuses.values.reduce(0, +)
        #expect(leaked == 0, "\(leaked) of \(requests) responses held the file outside the site")
        #expect(requests >= 100, "requests ran while the file was swapped: \(requests)")
        #expect(swaps.value.load(ordering: .relaxed) >= 100, "the file was swapped while requests ran")
        #expect(statuses[200, default: 0] > 0, "the file itself was served: \(statuses)")
        #expect(Set(statuses.keys).isSubset(of: [200, 403, 404]), "\(statuses)")
    }
}

/// How many times the swapper swapped, told when it stops.
final class SwapCount: Sendable {
    let value = Atomic<Int>(0)
}

/// A flag one thread sets and another reads.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func stop() { value.store(true, ordering: .relaxed) }
    var isStopped: Bool { value.load(ordering: .relaxed) }
}
