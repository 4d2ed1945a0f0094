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
        // A chain: each link on the way stays inside the site but the last one.
        try Self.link(site + "/content/p/chain.md", "../../library/first.md")
        try Self.link(site + "/library/first.md", "second.md")
        try Self.link(site + "/library/second.md", "/etc/passwd")
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        for path in ["content/p/chain.md", "content/p/data.txt", "content/p/leak.md", "templates/assets/leak.txt", "templates/footer.mustache"] {
            #expect(lines.contains("\(path): error: this symbolic link leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"),
                    "\(run.stderr)")
        }
        #expect(!run.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test("a content, templates or includes folder that is a link to outside the site stops the build at the folder")
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
        #expect(!run.stderr.contains("SECRET"))

        // templates -> /etc (footer.mustache there would be any file), and a Jekyll site's _includes -> /etc.
        try work.write("jekyll/_config.yml", "title: Help\n")
        try work.write("jekyll/content/p/a.md", "---\ntitle: A\n---\n{% include passwd %}\n")
        try Self.link(work.path + "/jekyll/templates", "/etc")
        let templates = try Sitegen.run(["build", "-s", work.path + "/jekyll"])
        #expect(templates.status == 2)
        #expect(templates.stderr.contains("templates: error: the templates folder 'templates' leads outside the site, to '\(Self.canonical("/etc"))'; it is not read [path-outside-site]"),
                "\(templates.stderr)")
        try FileManager.default.removeItem(atPath: work.path + "/jekyll/templates")
        try Self.link(work.path + "/jekyll/_includes", "/etc")
        let includes = try Sitegen.run(["build", "-s", work.path + "/jekyll"])
        #expect(includes.status == 2)
        #expect(includes.stderr.contains("_includes: error: the includes folder '_includes' leads outside the site, to '\(Self.canonical("/etc"))'; it is not read [path-outside-site]"),
                "\(includes.stderr)")
        #expect(!includes.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: work.path + "/jekyll/public"))

        // Named in sitegen.yml, the same folder is the site's choice: built.
        try work.write("site/sitegen.yml", "title: Help\ncontent: ../elsewhere\n")
        let named = try Sitegen.run(["build", "-s", work.path + "/site"])
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test("a sitegen.yml or _config.yml that is a link to outside the site is an error at the file; --config may name a file outside")
    func configurationOutside() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nText.\n")
        try work.write("shared/sitegen.yml", "title: SECRET-CONFIG\n")
        try Self.link(site + "/sitegen.yml", work.path + "/shared/sitegen.yml")
        let shared = Self.canonical(work.path + "/shared/sitegen.yml")
        let run = try Sitegen.run(["build", "-s", site])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").first.map(String.init)
                == "sitegen.yml: error: this file leads outside the site, to '\(shared)'; it is not read [path-outside-site]", "\(run.stderr)")
        #expect(!run.stderr.contains("SECRET"))

        try FileManager.default.removeItem(atPath: site + "/sitegen.yml")
        try Self.link(site + "/_config.yml", "/etc/passwd")
        let jekyll = try Sitegen.run(["build", "-s", site])
        #expect(jekyll.status == 2)
        #expect(jekyll.stderr.split(separator: "\n").first.map(String.init)
                == "_config.yml: error: this file leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]", "\(jekyll.stderr)")
        #expect(!jekyll.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))

        // Named on the command line, a configuration outside the site is the caller's choice: read.
        try FileManager.default.removeItem(atPath: site + "/_config.yml")
        let named = try Sitegen.run(["build", "-s", site, "--config", work.path + "/shared/sitegen.yml"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try String(contentsOfFile: site + "/public/how-to/a/index.html", encoding: .utf8).contains("SECRET-CONFIG"))
    }

    @Test("sitegen new with an archetype that is a link to /etc/passwd: an error at the archetype, no article written")
    func archetypeOutside() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/sitegen.yml", "title: Help\n")
        // A product with an article, so that only the archetype stands between `new` and a written article.
        try work.write("site/content/p/a.md", "---\ntitle: A\nproduct: P\n---\nText.\n")
        try Self.link(site + "/templates/archetypes/task.md", "/etc/passwd")
        let run = try Sitegen.run(["new", "p/b", "--title", "B", "--author", "A", "-s", site])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").first.map(String.init)
                == "templates/archetypes/task.md: error: this symbolic link leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]",
                "\(run.stderr)")
        #expect(!run.stderr.contains(Self.passwdLine))
        #expect(!FileManager.default.fileExists(atPath: site + "/content/p/b.md"))
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

        // The swapper puts a link (to /etc/passwd, then to a secret beside the site) and the file in place by
        // turns, each with one rename (a hidden temporary name, which the scan leaves out), so the path always names
        // one of them.
        let stop = StopFlag()
        let swaps = SwapCount()
        let asset = site + "/content/p/file.txt", temporary = site + "/content/p/.swap", secret = work.path + "/secret.txt"
        let swapper = Thread {
            var flips = 0
            while !stop.isStopped {
                unlink(temporary)
                if flips % 2 == 0 {
                    symlink(flips % 4 == 0 ? "/etc/passwd" : secret, temporary)
                } else {
                    _ = FileManager.default.createFile(atPath: temporary, contents: Data("INSIDE-ASSET\n".utf8))
                }
                rename(temporary, asset)
                flips += 1
            }
            swaps.value.store(flips, ordering: .relaxed)
        }
        swapper.start()
        let passwdLine = Self.passwdLine
        var statuses: [Int: Int] = [:]
        var leaked = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(4)
        while clock.now < deadline {
            let response = try HTTPTestClient.get(port: server.port, "/how-to/p/file.txt")
            statuses[response.status, default: 0] += 1
            if response.body.contains("SECRET") || response.body.contains(passwdLine) { leaked += 1 }
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

extension ContainmentTests {
    @Test("the preview: a template and a theme asset linked to /etc/passwd, there at start or added while it runs, are never served")
    func previewTheme() throws {
        let work = try TemporaryFolder()
        let site = work.path + "/site"
        try work.write("site/sitegen.yml", "title: Help\n")
        try work.write("site/content/p/a.md", "---\ntitle: A\n---\nText.\n")
        try work.write("site/templates/assets/site.css", "body{}\n")
        let footer = site + "/templates/footer.mustache", leak = site + "/templates/assets/leak.txt"
        try Self.link(footer, "/etc/passwd")
        try Self.link(leak, "/etc/passwd")
        let passwdLine = Self.passwdLine

        // A pull request checked out with the links: the first build fails, and nothing of /etc/passwd is served.
        let server = try ServeCommandTests.Server(["-s", site])
        defer { _ = server.stop() }
        #expect(server.stderr.text.contains("templates/footer.mustache: error: this symbolic link leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"),
                "\(server.stderr.text)")
        #expect(server.stderr.text.contains("templates/assets/leak.txt: error: this symbolic link leads outside the site, to '\(Self.passwd)'; it is not read [path-outside-site]"))
        for path in ["/how-to/assets/leak.txt", "/how-to/a/", "/how-to/"] {
            let response = try HTTPTestClient.get(port: server.port, path)
            #expect(response.status != 200, "\(path): \(response.status)")
            #expect(!response.body.contains(passwdLine), "\(path) served /etc/passwd")
        }

        // Fixed (the leak removed last, so every state before has an error): the site is served.
        var offset = server.stderr.text.count
        try FileManager.default.removeItem(atPath: footer)
        try "<footer>Own footer</footer>\n".write(toFile: footer, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: leak)
        #expect(server.waitFor("; 0 errors", after: offset) != nil, "\(server.stderr.text)")
        #expect(try HTTPTestClient.get(port: server.port, "/how-to/a/").body.contains("Own footer"))

        // The links put back while it runs (the leak first, so every state in between has an error): the rebuild
        // fails, the last good site stays, nothing of /etc/passwd.
        offset = server.stderr.text.count
        try Self.link(leak, "/etc/passwd")
        try FileManager.default.removeItem(atPath: footer)
        try Self.link(footer, "/etc/passwd")
        #expect(server.waitFor("build failed", after: offset) != nil, "\(server.stderr.text)")
        // Both links are in the overlay once the rebuild that saw them both has failed.
        var page = try HTTPTestClient.get(port: server.port, "/how-to/a/")
        for _ in 0..<100 where !(page.body.contains("templates/footer.mustache") && page.body.contains("templates/assets/leak.txt")) {
            usleep(100_000)
            page = try HTTPTestClient.get(port: server.port, "/how-to/a/")
        }
        #expect(page.body.contains("templates/footer.mustache") && page.body.contains("templates/assets/leak.txt"), "the overlay names both links")
        #expect(page.body.contains("Own footer"))
        #expect(!page.body.contains(passwdLine))
        let asset = try HTTPTestClient.get(port: server.port, "/how-to/assets/leak.txt")
        #expect(asset.status == 404)
        #expect(!asset.body.contains(passwdLine))
        #expect(!server.stderr.text.contains(passwdLine))
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
