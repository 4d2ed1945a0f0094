import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SitegenTestSupport
import Synchronization
import Testing
@testable import SitegenOutput

@Suite("The output folder: swap, lock, kept files")
struct OutputFolderTests {
    /// The inode of what is at `path`, without following a link.
    func inode(_ path: String) -> ino_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_ino : nil
    }

    /// An output folder `public` holding `old.html` (and the marker), and a staging folder holding `new.html`.
    func twoTrees(_ folder: TemporaryFolder) throws -> OutputFolder {
        let output = OutputFolder(target: folder.path + "/public")
        try folder.write("public/old.html", "old")
        try folder.write("public/" + OutputFolder.markerName, "")
        try output.prepareStaging()
        try folder.write(".public.sitegen-staging/new.html", "new")
        return output
    }

    #if os(Linux)
    @Test("renameat2(RENAME_EXCHANGE) swaps two folders in one step: each path holds the other's tree")
    func exchange() throws {
        let folder = try TemporaryFolder()
        try folder.write("a/one", "1")
        try folder.write("b/two", "2")
        let (a, b) = (inode(folder.path + "/a"), inode(folder.path + "/b"))
        #expect(OutputFolder.exchange(folder.path + "/a", folder.path + "/b") == 0)
        #expect(inode(folder.path + "/a") == b && inode(folder.path + "/b") == a)
        #expect(folder.read("a/two") == "2" && folder.read("b/one") == "1")
        #expect(OutputFolder.exchange(folder.path + "/a", folder.path + "/missing") == ENOENT, "no rename happens")
        #expect(folder.read("a/two") == "2")
    }

    @Test("the swap exchanges the trees: the staging folder's inode becomes the output folder, the old one is kept as previous")
    func commitExchanges() throws {
        let folder = try TemporaryFolder()
        let output = try twoTrees(folder)
        let (old, new) = (inode(output.target), inode(output.staging))
        try output.commit()
        #expect(inode(output.target) == new)
        #expect(inode(output.retired) == old)
        #expect(folder.read("public/new.html") == "new" && folder.read("public/old.html") == nil)
        #expect(inode(output.staging) == nil)
    }

    @Test("while swaps run, the output path always holds a tree (the two-rename fallback leaves a moment with none)")
    func outputNeverMissing() throws {
        let folder = try TemporaryFolder()
        let output = try twoTrees(folder)
        let marker = output.target + "/" + OutputFolder.markerName
        let flags = WatchFlags()
        let watcher = Thread {
            var status = stat()
            while !flags.stop.load(ordering: .relaxed) {
                if lstat(marker, &status) != 0 { flags.missing.add(1, ordering: .relaxed) }
            }
        }
        watcher.start()
        for _ in 0..<300 {
            try output.prepareStaging()
            try output.commit()
        }
        flags.stop.store(true, ordering: .relaxed)
        while !watcher.isFinished { usleep(1_000) }
        let missing = flags.missing.load(ordering: .relaxed)
        #expect(missing == 0, "the output folder was missing at \(missing) looks")
    }
    #endif

    @Test("keep_files in the output folder move into the new tree at the swap; the new tree's own file wins")
    func commitKeeps() throws {
        let folder = try TemporaryFolder()
        let output = try twoTrees(folder)
        try folder.write("public/CNAME", "mine")
        try folder.write("public/.git/HEAD", "ref")
        try folder.write("public/deploy/notes.txt", "notes")
        try folder.write("public/robots.txt", "old robots")
        try folder.write(".public.sitegen-staging/robots.txt", "new robots")
        try output.commit(keep: ["CNAME", ".git", "deploy/notes.txt", "robots.txt", "absent"])
        #expect(folder.read("public/CNAME") == "mine")
        #expect(folder.read("public/.git/HEAD") == "ref")
        #expect(folder.read("public/deploy/notes.txt") == "notes")
        #expect(folder.read("public/robots.txt") == "new robots")
        #expect(folder.read("public/new.html") == "new")
        #expect(folder.read(".public.sitegen-previous/CNAME") == nil)
    }

    @Test("a kept path through a symbolic link to a folder outside is never followed: nothing outside is moved")
    func keepThroughLink() throws {
        let folder = try TemporaryFolder()
        let output = try twoTrees(folder)
        try folder.write("outside/passwd", "root:x:0:0\n")
        for tree in ["public", ".public.sitegen-staging"] {
            try FileManager.default.createSymbolicLink(atPath: folder.path + "/" + tree + "/deploy", withDestinationPath: folder.path + "/outside")
        }
        #expect(OutputFolder.kind("deploy/passwd", in: output.target) == .none)
        #expect(OutputFolder.kind("deploy", in: output.target) == .link)
        try output.commit(keep: ["deploy/passwd"])
        try output.prepareStaging(keep: ["deploy/passwd"])
        #expect(folder.read("outside/passwd") == "root:x:0:0\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/outside") == ["passwd"])
    }

    @Test("kept entries a swap cut short left in the staging or previous folder go back to the output folder")
    func rescueKept() throws {
        let folder = try TemporaryFolder()
        // The fallback's window: the output folder renamed away, the staging folder (with the kept entry) not yet in.
        try folder.write(".public.sitegen-staging/" + OutputFolder.markerName, "")
        try folder.write(".public.sitegen-staging/CNAME", "mine")
        try folder.write(".public.sitegen-previous/" + OutputFolder.markerName, "")
        let output = OutputFolder(target: folder.path + "/public")
        try output.prepareStaging(keep: ["CNAME"])
        #expect(folder.read("public/CNAME") == "mine")
        #expect(folder.read(".public.sitegen-staging/CNAME") == nil)
        #expect(inode(output.staging + "/" + OutputFolder.markerName) != nil)
    }

    @Test("foreign entries: what neither the manifest nor this build names, other than kept paths and the marker")
    func foreignEntries() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(target: folder.path + "/public")
        for path in [OutputFolder.markerName, "a/index.html", "a/notes.txt", "b/x.html", "CNAME", ".git/HEAD", "keep/me/x", "todo.md"] {
            try folder.write("public/" + path, "x")
        }
        let found = output.foreignEntries(files: ["a/index.html"], folders: ["a"], keep: ["CNAME", ".git", "keep/me"])
        #expect(found == ["a/notes.txt", "b/", "todo.md"])
        #expect(output.foreignEntries(files: [], folders: [], keep: []).contains(".git/"))
        #expect(folder.read("public/todo.md") == "x", "nothing is removed")
    }

    @Test("a second lock on the same output folder is refused with the holder's process id, and taken once released")
    func lock() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(target: folder.path + "/public")
        let first = try OutputLock.acquire(output, wait: false)
        #expect(folder.read(".public.sitegen-lock") == "\(getpid())\n")
        var told: [Int32?] = []
        #expect(throws: OutputLock.Failure.held(by: getpid())) {
            try OutputLock.acquire(output, wait: false) { told.append($0) }
        }
        #expect(told.isEmpty, "not waiting, so not told")
        first.release()
        let second = try OutputLock.acquire(output, wait: false)
        second.release()
    }

    @Test("a lock file that is a symbolic link is not opened through it")
    func lockFileLink() throws {
        let folder = try TemporaryFolder()
        try folder.write("target.txt", "precious")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/.public.sitegen-lock", withDestinationPath: folder.path + "/target.txt")
        #expect(throws: OutputLock.Failure.unusable("cannot open the lock file '\(folder.path)/.public.sitegen-lock': it is a symbolic link")) {
            try OutputLock.acquire(OutputFolder(target: folder.path + "/public"), wait: true)
        }
        #expect(folder.read("target.txt") == "precious")
    }
}

/// The flags `outputNeverMissing` shares with its watching thread.
private final class WatchFlags: Sendable {
    let stop = Atomic<Bool>(false)
    let missing = Atomic<Int>(0)
}
