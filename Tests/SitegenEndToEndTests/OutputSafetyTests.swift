import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SitegenTestSupport
import Synchronization
import Testing

/// What `sitegen build` and `check` never replace: report paths that are devices, FIFOs or links, the user's files
/// in the output folder (`keep_files`), and another build's output while it runs. CI runs these as root, where a
/// rename over `/dev/stdout` succeeds, so each test checks what is at the path afterwards, not only the exit status.
@Suite("What sitegen never replaces (end to end)", .serialized)
struct OutputSafetyTests {
    /// A copy of the basic fixture site at `site/` in a fresh folder, which the caller holds until its end.
    static func site() throws -> TemporaryFolder {
        let work = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: packageRoot + "/Tests/Fixtures/basic-site", toPath: work.path + "/site")
        return work
    }

    /// The file type bits of what is at `path`, without following a link.
    static func type(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }

    // MARK: - Report paths

    @Test("--report json=/dev/stdout writes to standard output; /dev/stdout is still the link it was")
    func reportToStandardOutput() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        #expect(Self.type("/dev/stdout") == S_IFLNK)
        let run = try Sitegen.run(["check", "-s", root, "--report", "json=/dev/stdout"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("{\n  \"findings\" : ["), "\(run.stdout.prefix(200))")
        #expect(Self.type("/dev/stdout") == S_IFLNK, "/dev/stdout was replaced")
    }

    @Test("--report json=/dev/null is written through; /dev/null stays the device")
    func reportToDevNull() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let run = try Sitegen.run(["build", "-s", root, "--report", "json=/dev/null", "--report", "junit=/dev/null"])
        #expect(run.status == 0, "\(run.stderr)")
        var status = stat()
        #expect(lstat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR, "/dev/null was replaced")
        #expect(status.st_rdev == (1 << 8 | 3), "major 1, minor 3")
    }

    @Test("a report to a FIFO goes through the FIFO, which stays a FIFO")
    func reportToFIFO() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let fifo = work.path + "/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader is open before sitegen runs (non-blocking, so this test never hangs): sitegen's open for
        // writing then succeeds at once, and the small report fits in the pipe's buffer.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let run = try Sitegen.run(["check", "-s", root, "--report", "json=" + fifo])
        #expect(run.status == 0, "\(run.stderr)")
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("{\n  \"findings\" : ["))
        #expect(Self.type(fifo) == S_IFIFO, "the FIFO was replaced")
    }

    @Test("a symbolic link at a report path is refused and left as it is, and so is the file it points at")
    func reportToSymbolicLink() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let target = try work.write("elsewhere/passwd", "root:x:0:0\n")
        let link = work.path + "/report.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try Sitegen.run(["check", "-s", root, "--report", "json=" + link])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot write the report to '\(link)': it is a symbolic link, which sitegen "
            + "neither writes through nor replaces; name the file itself\n"), "\(run.stderr)")
        #expect(Self.type(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(work.read("elsewhere/passwd") == "root:x:0:0\n")
    }

    @Test("a report over a regular file replaces it and keeps its permissions")
    func reportOverRegularFile() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let path = try work.write("report.json", "old")
        chmod(path, 0o640)
        let run = try Sitegen.run(["check", "-s", root, "--report", "json=" + path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(work.read("report.json")?.hasPrefix("{\n  \"findings\" : [") == true)
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(status.st_mode & 0o7777 == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.contains(".sitegen-") }
        #expect(leftovers == [], "no temporary file is left")
    }

    // MARK: - The output lock

    /// Holds the output folder's lock as another build would: an exclusive `flock` on the lock file beside it,
    /// which names this process.
    final class LockHolder {
        let descriptor: Int32

        init(_ lockFile: String) throws {
            descriptor = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw POSIXError(.EBUSY) }
            let record = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }

        func release() { close(descriptor) }
    }

    @Test("with --no-wait, a build into an output folder another build holds fails at once and names the holder")
    func lockedWithoutWaiting() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let holder = try LockHolder(root + "/.public.sitegen-lock")
        defer { holder.release() }
        let run = try Sitegen.run(["build", "-s", root, "--no-wait"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("public: error: process \(getpid()) is building into this output folder [output-locked]\n"
            + "    fix: wait for it to finish, or leave out --no-wait to wait for it\n"), "\(run.stderr)")
        #expect(Self.type(root + "/public") == nil, "nothing was written")
        #expect(Self.type(root + "/.public.sitegen-staging") == nil)
    }

    @Test("a build into an output folder another build holds says whom it waits for, and finishes once it is free")
    func lockedWaits() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let holder = try LockHolder(root + "/.public.sitegen-lock")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Sitegen.executable)
        process.arguments = ["build", "-s", root]
        let stderr = Pipe()
        let text = TextBox()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        stderr.fileHandleForReading.readabilityHandler = { text.append(String(decoding: $0.availableData, as: UTF8.self)) }
        try process.run()
        let note = "note: waiting for process \(getpid()), which is building into '\(root)/public', to finish"
        for _ in 0..<400 where !text.text.contains(note) && process.isRunning { usleep(50_000) }
        #expect(text.text.contains(note), "\(text.text)")
        usleep(300_000)
        #expect(process.isRunning, "the build waits")
        #expect(Self.type(root + "/public") == nil && Self.type(root + "/.public.sitegen-staging") == nil,
                "the waiting build has written nothing")
        holder.release()
        process.waitUntilExit()
        stderr.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationStatus == 0, "\(text.text)")
        #expect(Self.type(root + "/public/help/index.html") == S_IFREG)
    }

    @Test("overlapping builds into one output folder all succeed, one after the other")
    func overlappingBuilds() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        for _ in 0..<4 {
            let processes = (0..<3).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Sitegen.executable)
                process.arguments = ["build", "-s", root, "--quiet"]
                process.standardError = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [0, 0, 0])
            #expect(Self.type(root + "/public/.sitegen-output") == S_IFREG)
            #expect(Self.type(root + "/public/help/index.html") == S_IFREG)
            #expect(Self.type(root + "/.public.sitegen-staging") == nil, "no staging folder is left")
        }
    }

    @Test("what a dead build left at the staging and previous paths is cleared, with or without a marker, link or file")
    func staleStaging() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        #expect(try Sitegen.run(["build", "-s", root]).status == 0)
        // A build killed as it began: a staging folder without its marker, holding part of a page.
        try work.write("site/.public.sitegen-staging/help/index.html", "<html><body>half")
        // And at the previous path, a link to a folder outside: removed, what it points at untouched.
        try work.write("outside/precious.txt", "keep")
        try? FileManager.default.removeItem(atPath: root + "/.public.sitegen-previous")
        try FileManager.default.createSymbolicLink(atPath: root + "/.public.sitegen-previous", withDestinationPath: work.path + "/outside")
        let run = try Sitegen.run(["build", "-s", root])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(work.read("site/public/help/index.html")?.contains("half") == false)
        #expect(Self.type(root + "/.public.sitegen-staging") == nil)
        #expect(work.read("outside/precious.txt") == "keep")
        #expect(Self.type(root + "/.public.sitegen-previous") == S_IFDIR, "the old tree, a folder of its own")

        // A build killed for real while it writes: the next one builds over what it left.
        let killed = Process()
        killed.executableURL = URL(fileURLWithPath: Sitegen.executable)
        killed.arguments = ["build", "-s", root, "--quiet"]
        killed.standardError = FileHandle.nullDevice
        killed.standardOutput = FileHandle.nullDevice
        try killed.run()
        for _ in 0..<200 where killed.isRunning && Self.type(root + "/.public.sitegen-staging") == nil { usleep(1_000) }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        let again = try Sitegen.run(["build", "-s", root])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.type(root + "/public/help/index.html") == S_IFREG)
        #expect(Self.type(root + "/.public.sitegen-staging") == nil)
    }

    // MARK: - keep_files

    @Test("keep_files (by default .git, .svn, CNAME) survive every build; another foreign file is warned about once, then goes")
    func keepFiles() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        #expect(try Sitegen.run(["build", "-s", root]).status == 0)
        try work.write("site/public/CNAME", "help.example.com\n")
        try work.write("site/public/.git/config", "[core]\n")
        try work.write("site/public/notes.txt", "mine\n")

        let first = try Sitegen.run(["build", "-s", root])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("public: warning: 1 entry in the output folder was not written by sitegen and is not in "
            + "'keep_files': 'notes.txt'; the new site does not have it (kept in '.public.sitegen-previous' until the next "
            + "build) [output-foreign-file]\n    fix: add it to 'keep_files' in the configuration to keep it in the output folder\n"),
                "\(first.stderr)")
        #expect(!first.stderr.contains("CNAME") && !first.stderr.contains(".git"))
        #expect(work.read("site/public/notes.txt") == nil)

        let second = try Sitegen.run(["build", "-s", root])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("output-foreign-file"), "warned once: \(second.stderr)")
        #expect(work.read("site/public/CNAME") == "help.example.com\n")
        #expect(work.read("site/public/.git/config") == "[core]\n")
        #expect(work.read("site/public/notes.txt") == nil)
        #expect(work.read("site/.public.sitegen-previous/notes.txt") == nil, "gone after the second build")
        #expect(work.read("site/public/help/index.html") != nil)
    }

    @Test("a site's keep_files replaces the default list; --strict fails on a foreign file and leaves the output alone")
    func configuredKeepFiles() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let config = try String(contentsOfFile: root + "/sitegen.yml", encoding: .utf8)
        try (config + "\nkeep_files:\n  - notes/\n  - docs/old.html\n").write(toFile: root + "/sitegen.yml", atomically: true, encoding: .utf8)
        #expect(try Sitegen.run(["build", "-s", root]).status == 0)
        try work.write("site/public/notes/a.txt", "a")
        try work.write("site/public/docs/old.html", "old")
        try work.write("site/public/CNAME", "x")

        let strict = try Sitegen.run(["build", "-s", root, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("'keep_files': 'CNAME'; the new site"), "\(strict.stderr)")
        #expect(work.read("site/public/CNAME") == "x", "a failed build replaces nothing")

        for _ in 0..<2 { #expect(try Sitegen.run(["build", "-s", root]).status == 0) }
        #expect(work.read("site/public/notes/a.txt") == "a")
        #expect(work.read("site/public/docs/old.html") == "old")
        #expect(work.read("site/public/CNAME") == nil)
    }

    @Test("a keep_files entry that leaves the output folder is a configuration error at its line")
    func keepFilesOutside() throws {
        let work = try Self.site()
        defer { withExtendedLifetime(work) {} }
        let root = work.path + "/site"
        let config = try String(contentsOfFile: root + "/sitegen.yml", encoding: .utf8)
        let line = config.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        try (config + "\nkeep_files: [CNAME, ../secrets]\n").write(toFile: root + "/sitegen.yml", atomically: true, encoding: .utf8)
        let run = try Sitegen.run(["build", "-s", root])
        #expect(run.status == 2)
        #expect(run.stderr.contains("sitegen.yml:\(line):21: error: each 'keep_files' entry must be a path inside the output "
            + "folder, such as 'CNAME' or '.git' (no leading '/', no '.' or '..') [config-invalid]"), "\(run.stderr)")
    }
}
