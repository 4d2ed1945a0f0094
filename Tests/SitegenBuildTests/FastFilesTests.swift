import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenBuild

@Suite("Output files written in place")
struct FastFilesTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func status(_ path: String) -> stat {
        var result = stat()
        _ = lstat(path, &result)
        return result
    }

    @Test("a longer old file is overwritten and cut to the new length; a shorter one grows")
    func overwriteChangesLength() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("page.html", "a much longer page than the next one\n")
        try FastFiles.write(bytes("short\n"), to: path)
        #expect(folder.read("page.html") == "short\n")
        try FastFiles.write(bytes("longer than short\n"), to: path)
        #expect(folder.read("page.html") == "longer than short\n")
        try FastFiles.write(bytes("same length!!!!!!\n"), to: path)
        #expect(folder.read("page.html") == "same length!!!!!!\n")
    }

    @Test("a file that already holds the bytes is not written again")
    func identicalFileUntouched() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("page.html", "unchanged\n")
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        try FastFiles.write(bytes("unchanged\n"), to: path)
        #expect(status(path).st_mtim.tv_sec == 1_000_000)
        try FastFiles.write(bytes("changed!!\n"), to: path)
        #expect(status(path).st_mtim.tv_sec != 1_000_000)
        #expect(folder.read("page.html") == "changed!!\n")
    }

    @Test("a file hard-linked elsewhere is replaced, not changed under its other name")
    func hardLinkKept() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("page.html", "old page\n")
        #expect(link(path, folder.path + "/backup.html") == 0)
        try FastFiles.write(bytes("new page\n"), to: path)
        #expect(folder.read("page.html") == "new page\n")
        #expect(folder.read("backup.html") == "old page\n")
        #expect(status(path).st_nlink == 1)
    }

    @Test("a symbolic link, a pipe or a folder where a file goes is replaced; the link's target is untouched")
    func linkAndFolderReplaced() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("outside.txt", "keep me\n")
        #expect(symlink(target, folder.path + "/page.html") == 0)
        try FastFiles.write(bytes("page\n"), to: folder.path + "/page.html")
        #expect(folder.read("page.html") == "page\n")
        #expect(folder.read("outside.txt") == "keep me\n")
        #expect(status(folder.path + "/page.html").st_mode & S_IFMT == S_IFREG)

        #expect(mkfifo(folder.path + "/pipe.html", 0o644) == 0)
        try FastFiles.write(bytes("no longer a pipe\n"), to: folder.path + "/pipe.html")
        #expect(folder.read("pipe.html") == "no longer a pipe\n")

        _ = try folder.write("dir.html/index.html", "x")
        try FastFiles.write(bytes("file now\n"), to: folder.path + "/dir.html")
        #expect(folder.read("dir.html") == "file now\n")
    }
}
