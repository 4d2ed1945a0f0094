import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenOutput

/// A report's file written a chunk at a time (`FileDestination.Writer`): a reader sees the old file or the whole new
/// one, never part of it, and a failed write leaves nothing behind.
@Suite("Report files written as they are made")
struct FileDestinationTests {
    func entries(_ folder: TemporaryFolder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    func write(_ writer: FileDestination.Writer, _ text: String) {
        Array(text.utf8).withUnsafeBufferPointer { writer.write($0) }
    }

    @Test("a regular file keeps its old content and mode until finish, then has the new content, with no file left beside it")
    func replacedAtFinish() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("report.json", "old report\n")
        #expect(chmod(path, 0o600) == 0)
        let writer = try FileDestination.Writer(path)
        write(writer, "new ")
        write(writer, "report\n")
        #expect(folder.read("report.json") == "old report\n")
        // The new file, not yet renamed: without a name where the file system can make one, else beside it.
        #expect(entries(folder).count == (writer.writesUnnamed ? 1 : 2))
        try writer.finish()
        #expect(folder.read("report.json") == "new report\n")
        #expect(entries(folder) == ["report.json"])
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    /// Whether the temporary folders' file system makes files without a name (Linux's O_TMPFILE: ext4, xfs,
    /// tmpfs...); without, the named file beside the path is what `replacedAtFinish` tests.
    static func makesUnnamedFiles() -> Bool {
        guard let folder = try? TemporaryFolder() else { return false }
        let probe = open(folder.path, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o600)
        if probe >= 0 { close(probe) }
        return probe >= 0
    }

    @Test("while it is written, the new file has no name in the folder: a process killed meanwhile leaves nothing",
          .enabled(if: makesUnnamedFiles(), "the temporary folder's file system cannot make a file without a name"))
    func unnamedWhileWritten() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("report.html", "old page\n")
        let writer = try FileDestination.Writer(path)
        #expect(writer.writesUnnamed)
        write(writer, "new page\n")
        #expect(entries(folder) == ["report.html"])
        try writer.finish()
        #expect(folder.read("report.html") == "new page\n")
        #expect(entries(folder) == ["report.html"])
        // A new path, and a writer given up: nothing is left.
        let fresh = try FileDestination.Writer(folder.path + "/new.json")
        write(fresh, "{}")
        #expect(entries(folder) == ["report.html"])
        try fresh.finish()
        #expect(folder.read("new.json") == "{}")
        // The mode a new file gets: 0644 less the umask (some kernels make an O_TMPFILE file without the umask).
        let umask = try #require(try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("Umask:") }
            .flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) })
        var status = stat()
        #expect(stat(folder.path + "/new.json", &status) == 0 && status.st_mode & 0o777 == 0o644 & ~umask)
        do {
            let given = try FileDestination.Writer(folder.path + "/given-up.json")
            write(given, "{")
        }
        #expect(entries(folder) == ["new.json", "report.html"])
    }

    @Test("an unnamed file that cannot be named at finish is copied into a named one: the report is not lost",
          .enabled(if: makesUnnamedFiles(), "the temporary folder's file system cannot make a file without a name"))
    func unnamedCopiedWhenItCannotBeNamed() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("report.json", "old\n")
        #expect(chmod(path, 0o640) == 0)
        // Naming through a folder that does not exist fails as a /proc that refuses would.
        let writer = try FileDestination.Writer(path, descriptorFolder: folder.path + "/no-such-folder")
        #expect(writer.writesUnnamed)
        let large = String(repeating: "0123456789abcdef", count: 10_000)  // several copy buffers
        write(writer, large)
        write(writer, "end\n")
        try writer.finish()
        #expect(folder.read("report.json") == large + "end\n")
        #expect(entries(folder) == ["report.json"])
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o640)
    }

    @Test("a new file is made; a writer given up before finish leaves the old file and nothing beside it")
    func abandoned() throws {
        let folder = try TemporaryFolder()
        let created = try FileDestination.Writer(folder.path + "/new.sarif")
        write(created, "{}\n")
        try created.finish()
        #expect(folder.read("new.sarif") == "{}\n")
        let path = try folder.write("report.html", "old page\n")
        do {
            let writer = try FileDestination.Writer(path)
            write(writer, "half of a new page")
        }
        #expect(folder.read("report.html") == "old page\n")
        #expect(entries(folder) == ["new.sarif", "report.html"])
    }

    @Test("a write that fails (a full device) is reported by finish, with the system's reason",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "a system without /dev/full"))
    func failedWrite() throws {
        let writer = try FileDestination.Writer("/dev/full")
        write(writer, "findings")
        write(writer, "more findings")
        #expect(throws: FileDestination.Failure(reason: String(cString: strerror(ENOSPC)))) { try writer.finish() }
    }

    @Test("a symbolic link and a folder are refused before anything is written")
    func refused() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("target.txt", "kept\n")
        #expect(symlink(target, folder.path + "/link.json") == 0)
        #expect(throws: FileDestination.Failure(reason: "it is a symbolic link, which sitegen neither writes through nor replaces; name the file itself")) {
            _ = try FileDestination.Writer(folder.path + "/link.json")
        }
        #expect(throws: FileDestination.Failure(reason: "it is a folder")) { _ = try FileDestination.Writer(folder.path) }
        #expect(folder.read("target.txt") == "kept\n")
    }

    @Test("/dev/fd/N is the process's own descriptor, written and left open")
    func ownDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = try FileDestination.Writer("/dev/fd/\(ends[1])")
        write(writer, "to the pipe")
        try writer.finish()
        #expect(fcntl(ends[1], F_GETFD) != -1)  // still open: the writer did not own it
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, buffer.count)
        #expect(String(decoding: buffer[..<max(0, count)], as: UTF8.self) == "to the pipe")
    }
}
