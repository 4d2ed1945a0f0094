import Foundation
import Synchronization
import SitegenTestSupport
import Testing
@testable import SitegenOutput

@Suite("Output files written in place")
struct FastFilesTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

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
        #expect(entryStatus(path).st_mtim.tv_sec == 1_000_000)
        try FastFiles.write(bytes("changed!!\n"), to: path)
        #expect(entryStatus(path).st_mtim.tv_sec != 1_000_000)
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
        #expect(entryStatus(path).st_nlink == 1)
    }

    @Test("a symbolic link, a pipe or a folder where a file goes is replaced; the link's target is untouched")
    func linkAndFolderReplaced() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("outside.txt", "keep me\n")
        #expect(symlink(target, folder.path + "/page.html") == 0)
        try FastFiles.write(bytes("page\n"), to: folder.path + "/page.html")
        #expect(folder.read("page.html") == "page\n")
        #expect(folder.read("outside.txt") == "keep me\n")
        #expect(entryStatus(folder.path + "/page.html").st_mode & S_IFMT == S_IFREG)

        #expect(mkfifo(folder.path + "/pipe.html", 0o644) == 0)
        try FastFiles.write(bytes("no longer a pipe\n"), to: folder.path + "/pipe.html")
        #expect(folder.read("pipe.html") == "no longer a pipe\n")

        _ = try folder.write("dir.html/index.html", "x")
        try FastFiles.write(bytes("file now\n"), to: folder.path + "/dir.html")
        #expect(folder.read("dir.html") == "file now\n")
    }

    @Test("the sweep removes what the build did not write, walking a large folder on several threads",
          arguments: [1, 2])
    func sweep(jobs: Int) throws {
        let folder = try TemporaryFolder()
        var written: Set<String> = []
        for number in 0..<150 {
            try folder.write("how-to/a\(number)/index.html", "page")
            written.insert("how-to/a\(number)/index.html")
            if number % 10 == 0 { try folder.write("how-to/a\(number)/old.png", "stale") }
        }
        try folder.write("how-to/gone/index.html", "stale page")
        try folder.write("how-to/gone/deep/x.css", "stale")
        try folder.write("top.txt", "stale")
        // A symbolic link to a folder outside: removed as a link, its target untouched.
        let outside = try TemporaryFolder()
        try outside.write("keep.txt", "outside")
        #expect(symlink(outside.path, folder.path + "/how-to/a1/link") == 0)

        let removed = RemovedPaths()
        try FastFiles.sweep(folder.path, jobs: jobs) { [written] relative, isFolder in
            if isFolder { return relative == "how-to" || written.contains(relative + "/index.html") ? .descend : .remove }
            if written.contains(relative) { return .keep }
            removed.paths.withLock { $0.append(relative) }
            return .remove
        }
        let remaining = Set(fileTree(under: folder.path).keys)
        #expect(remaining == written)
        #expect(removed.paths.withLock { $0 }.sorted() == (["how-to/a1/link", "top.txt"]
            + stride(from: 0, to: 150, by: 10).map { "how-to/a\($0)/old.png" }).sorted())
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/how-to/gone"))
        #expect(outside.read("keep.txt") == "outside")
    }

    @Test("folders are made level by level, replacing a file in the way", arguments: [1, 2])
    func prepareFolders(jobs: Int) throws {
        let root = try TemporaryFolder()
        let output = OutputFolder(target: root.path + "/public")
        try output.prepareStaging()
        let folders = ["how-to"] + (0..<100).map { "how-to/a\($0)" } + ["how-to/a5/images"]
        try FileManager.default.createDirectory(atPath: output.staging + "/how-to", withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: output.staging + "/how-to/a7"))
        try FolderSink(output: output).prepare(folders: Set(folders), jobs: jobs)
        for folder in folders {
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: output.staging + "/" + folder, isDirectory: &isFolder) && isFolder.boolValue)
        }
        output.discard()
    }
}

/// What a sweep removed, noted from several threads.
private final class RemovedPaths: Sendable {
    let paths = Mutex<[String]>([])
}

@Suite("Streamed copies")
struct StreamedCopyTests {
    @Test("the streamed hash equals the hash of the whole bytes, for any length", arguments: [0, 1, 15, 16, 17, 1_048_576 + 5, 3 * 1_048_576])
    func streamedHash(_ length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 7)) }
        let folder = try TemporaryFolder()
        let path = folder.path + "/f"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        #expect(try FastFiles.hash(of: descriptor, size: length) == ContentHash.of(bytes))
    }

    @Test("a copy holds the source's bytes, over a longer old file and over a hard-linked one")
    func copies() throws {
        let folder = try TemporaryFolder()
        let bytes = (0..<(5 * 1_048_576 + 3)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        FileManager.default.createFile(atPath: folder.path + "/source", contents: Data(bytes))
        FileManager.default.createFile(atPath: folder.path + "/target", contents: Data(repeating: 1, count: 6 * 1_048_576))
        link(folder.path + "/target", folder.path + "/other-name")
        let source = open(folder.path + "/source", O_RDONLY)
        defer { close(source) }
        let (created, status) = try FastFiles.copy(from: source, size: bytes.count, to: folder.path + "/target")
        #expect(created, "the hard-linked file was replaced by a new one")
        #expect(Int(status.st_size) == bytes.count)
        #expect(FileManager.default.contents(atPath: folder.path + "/target") == Data(bytes))
        #expect(FileManager.default.contents(atPath: folder.path + "/other-name")?.count == 6 * 1_048_576, "the other name is untouched")
    }
}
