import COpenWithoutLinks
import Foundation
@testable import SitegenCore
import SitegenTestSupport
import Synchronization
import Testing

/// A flag one thread sets and another reads, and a count the other thread keeps.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    private let number = Atomic<Int>(0)
    func stop() { value.store(true, ordering: .relaxed) }
    var isStopped: Bool { value.load(ordering: .relaxed) }
    func count(_ value: Int) { number.store(value, ordering: .relaxed) }
    var counted: Int { number.load(ordering: .relaxed) }
}

@Suite("Site boundary: files are read only inside the site")
struct SiteBoundaryTests {
    /// A site with a file, and a secret beside the site; returns (work folder, site root).
    func layout() throws -> (TemporaryFolder, String) {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "inside\n")
        try work.write("secret/key.txt", "SECRET-OUTSIDE\n")
        return (work, work.path + "/site")
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test("a file of the site is read; links that stay inside are followed, as files and as folders")
    func inside() throws {
        let (work, site) = try layout()
        defer { _ = work }
        try link(site + "/content/b.md", to: "a.md")
        try link(site + "/content/folder", to: ".")
        let boundary = SiteBoundary(root: site)
        #expect(try boundary.read(site + "/content/a.md") == Array("inside\n".utf8))
        #expect(try boundary.read(site + "/content/b.md") == Array("inside\n".utf8))
        #expect(try boundary.read(site + "/content/folder/a.md") == Array("inside\n".utf8))
    }

    @Test("a link to /etc/passwd, a link to a folder outside, and a chain of links leading outside are refused")
    func outside() throws {
        let (work, site) = try layout()
        try link(site + "/content/passwd", to: "/etc/passwd")
        try link(site + "/content/etc", to: "/etc")
        try link(site + "/content/one", to: "two")
        try link(site + "/content/two", to: "../three")
        try link(site + "/three", to: work.path + "/secret/key.txt")
        let boundary = SiteBoundary(root: site)
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        let secret = try #require(SiteBoundary.canonicalPath(work.path + "/secret/key.txt"))
        #expect(throws: SiteBoundary.Refusal.outside(target: passwd)) { try boundary.read(site + "/content/passwd") }
        #expect(throws: SiteBoundary.Refusal.outside(target: passwd)) { try boundary.read(site + "/content/etc/passwd") }
        #expect(throws: SiteBoundary.Refusal.outside(target: secret)) { try boundary.read(site + "/content/one") }
        #expect(boundary.target(of: site + "/content/one") == .refused(.outside(target: secret)))
        #expect(throws: SiteBoundary.Refusal.self) { try boundary.entries(ofFolder: site + "/content/etc") }
        // A root named on its own (a folder the configuration names outside the site) is allowed.
        let wider = SiteBoundary(roots: [site, work.path + "/secret"])
        #expect(try wider.read(site + "/content/one") == Array("SECRET-OUTSIDE\n".utf8))
    }

    @Test("a link to a hidden file of the site (.git/config) is refused; a prefix of the root's name is not inside it")
    func hiddenAndPrefix() throws {
        let (work, site) = try layout()
        try work.write("site/.git/config", "[http] extraheader = AUTHORIZATION: basic TOKEN\n")
        try work.write("site-other/x.txt", "NEIGHBOUR\n")
        try link(site + "/content/config.txt", to: "../.git/config")
        try link(site + "/content/x.txt", to: "../../site-other/x.txt")
        let boundary = SiteBoundary(root: site)
        let canonicalSite = try #require(SiteBoundary.canonicalPath(site))
        #expect(throws: SiteBoundary.Refusal.hidden(target: canonicalSite + "/.git/config")) {
            try boundary.read(site + "/content/config.txt")
        }
        #expect(throws: SiteBoundary.Refusal.outside(target: canonicalSite + "-other/x.txt")) {
            try boundary.read(site + "/content/x.txt")
        }
        let diagnostic = boundary.diagnostic(for: .hidden(target: canonicalSite + "/.git/config"),
                                             at: SourceLocation(file: "content/config.txt"))
        #expect(diagnostic?.formatted == "content/config.txt: error: this file leads to '.git/config', in a hidden folder or file, which sitegen never reads [path-outside-site]")
    }

    @Test("a hidden file or a file outside named by a path without links is refused as one reached through a link")
    func plainPaths() throws {
        let (work, site) = try layout()
        try work.write("site/.git/config", "[http] extraheader = AUTHORIZATION: basic TOKEN\n")
        let boundary = SiteBoundary(root: site)
        let canonicalSite = try #require(SiteBoundary.canonicalPath(site))
        let secret = try #require(SiteBoundary.canonicalPath(work.path + "/secret/key.txt"))
        #expect(throws: SiteBoundary.Refusal.hidden(target: canonicalSite + "/.git/config")) {
            try boundary.read(canonicalSite + "/.git/config")
        }
        #expect(throws: SiteBoundary.Refusal.outside(target: secret)) { try boundary.read(secret) }
        #expect(throws: SiteBoundary.Refusal.self) { try boundary.openFile(secret) }
    }

    @Test("a path not written canonically (., .., //) is judged by where it leads")
    func pathsNotCanonicalAsWritten() throws {
        let (work, site) = try layout()
        let boundary = SiteBoundary(root: site)
        let secret = try #require(SiteBoundary.canonicalPath(work.path + "/secret/key.txt"))
        for path in ["/content/./a.md", "/content/../content/a.md", "//content/a.md", "/content//a.md"] {
            #expect(try boundary.read(site + path) == Array("inside\n".utf8), "\(path)")
        }
        #expect(throws: SiteBoundary.Refusal.outside(target: secret)) { try boundary.read(site + "/content/../../secret/key.txt") }
        #expect(throws: SiteBoundary.Refusal.outside(target: secret)) { try boundary.read(site + "/../secret/./key.txt") }
    }

    @Test("only an absolute path without ., .. or an empty name is canonical as written")
    func canonicalAsWritten() {
        func canonical(_ path: String) -> Bool {
            var path = path
            return path.withUTF8 { SiteBoundary.isCanonicalAsWritten($0) }
        }
        for path in ["/a", "/a/b.md", "/a/.git/config", "/a/..b/c", "/a/b./c", "/a/.../c"] { #expect(canonical(path), "\(path)") }
        for path in ["", "/", "a/b", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "./a"] {
            #expect(!canonical(path), "\(path)")
        }
    }

    @Test("openat2 opens a file without links, and refuses a path with a link on it (ELOOP)")
    func openWithoutLinks() throws {
        let (work, site) = try layout()
        defer { _ = work }
        try link(site + "/content/b.md", to: "a.md")
        try link(site + "/linked", to: "content")
        let plain = sitegen_open_without_links(site + "/content/a.md", O_CLOEXEC)
        if plain < 0 && (errno == ENOSYS || errno == EPERM) {
            // Not a failure of sitegen: SiteBoundary then opens and checks each file as on other systems.
            print("skipped: this system has no openat2 (errno \(errno))")
            return
        }
        #expect(plain >= 0)
        close(plain)
        #expect(sitegen_open_without_links(site + "/content/b.md", O_CLOEXEC) == -1 && errno == ELOOP)
        #expect(sitegen_open_without_links(site + "/linked/a.md", O_CLOEXEC) == -1 && errno == ELOOP)
        #expect(sitegen_open_without_links(site + "/content/gone.md", O_CLOEXEC) == -1 && errno == ENOENT)
    }

    @Test("a pipe or a folder is not read as a file; a missing file is unreadable")
    func kinds() throws {
        let (work, site) = try layout()
        defer { _ = work }
        #expect(mkfifo(site + "/content/pipe.md", 0o644) == 0)
        let boundary = SiteBoundary(root: site)
        #expect(throws: SiteBoundary.Refusal.wrongKind) { try boundary.read(site + "/content/pipe.md") }
        #expect(throws: SiteBoundary.Refusal.wrongKind) { try boundary.read(site + "/content") }
        #expect(throws: SiteBoundary.Refusal.unreadable(code: ENOENT)) { try boundary.read(site + "/content/gone.md") }
    }

    @Test("a file swapped for a link to outside while it is read again and again is never read from outside")
    func swapRace() throws {
        let (work, site) = try layout()
        let boundary = SiteBoundary(root: site)
        let path = site + "/content/asset.txt", temporary = site + "/content/.next", secret = work.path + "/secret/key.txt"
        try Data("INSIDE\n".utf8).write(to: URL(fileURLWithPath: path))
        let done = StopFlag()
        // Each state is put in place with a rename, so the path always names one of them.
        let thread = Thread {
            var count = 0
            while !done.isStopped {
                unlink(temporary)
                if count % 2 == 0 {
                    symlink(secret, temporary)
                } else {
                    _ = FileManager.default.createFile(atPath: temporary, contents: Data("INSIDE\n".utf8))
                }
                rename(temporary, path)
                count += 1
                done.count(count)
            }
        }
        thread.start()
        var read = 0, refused = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(2)
        while clock.now < deadline, read + refused < 20_000 || done.counted < 100 {
            do {
                let bytes = try boundary.read(path)
                #expect(bytes == Array("INSIDE\n".utf8))
                read += 1
            } catch {
                refused += 1
            }
        }
        done.stop()
        while !thread.isFinished { usleep(1_000) }
        let flips = done.counted
        #expect(flips > 100, "the file was swapped while it was read (\(flips) swaps)")
        #expect(read > 0 && refused > 0, "both states were met: \(read) read, \(refused) refused")
    }
}
