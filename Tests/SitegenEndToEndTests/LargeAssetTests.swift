import Foundation
import SitegenTestSupport
import Testing

@Suite("Large assets")
struct LargeAssetTests {
    @Test("a 384 MB asset is copied by streaming: the build's memory does not grow with it")
    func streamedCopy() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\n[The video](/how-to/p/big.bin)\n")
        let size = 384 * 1024 * 1024
        let asset = site.path + "/content/p/big.bin"
        // Sparse except for a marker at each end, so that the test costs little disk.
        let descriptor = open(asset, O_WRONLY | O_CREAT, 0o644)
        #expect(ftruncate(descriptor, off_t(size)) == 0)
        _ = "start".withCString { pwrite(descriptor, $0, 5, 0) }
        _ = "end".withCString { pwrite(descriptor, $0, 3, off_t(size - 3)) }
        close(descriptor)

        let (status, peakKiB) = try Self.runMeasuringPeak(["build", "-s", site.path])
        #expect(status == 0)
        #expect(peakKiB < 200 * 1024, "peak RSS \(peakKiB) KiB for a 384 MB asset")

        let copy = site.path + "/public/how-to/p/big.bin"
        var copied = stat()
        #expect(stat(copy, &copied) == 0 && Int(copied.st_size) == size)
        let handle = try #require(FileHandle(forReadingAtPath: copy))
        #expect(try handle.read(upToCount: 5) == Data("start".utf8))
        try handle.seek(toOffset: UInt64(size - 3))
        #expect(try handle.read(upToCount: 3) == Data("end".utf8))

        // A rebuild (into the tree of the build before, with its manifest) gives the same file.
        let again = try Sitegen.run(["build", "-s", site.path])
        #expect(again.status == 0)
        var after = stat()
        #expect(stat(copy, &after) == 0 && Int(after.st_size) == size)
    }

    /// Runs the binary and waits for it with `wait4`, which gives that one process's peak RSS (in KiB on Linux):
    /// `RUSAGE_CHILDREN` would be the largest of every child the test process ran, other tests' included.
    static func runMeasuringPeak(_ arguments: [String]) throws -> (status: Int32, peakKiB: Int) {
        let argv = ([Sitegen.executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Sitegen.executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return (exited, usage.ru_maxrss)
    }
}
