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

        // The peak as the binary reports it (`VmHWM`, its own address space): `wait4`'s `ru_maxrss` for a spawned
        // child includes the test runner's own peak, which Linux carries across the child's `exec`.
        let run = try Sitegen.run(["build", "-s", site.path])
        #expect(run.status == 0)
        let peak = try #require(Self.peakMegabytes(run.stderr), "no peak memory in: \(run.stderr)")
        #expect(peak < 200, "peak memory \(peak) MB for a 384 MB asset")

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

    /// The `peak memory 41 MB` of the summary's `time:` line, in MB (GB converted).
    static func peakMegabytes(_ stderr: String) -> Double? {
        guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("time:") }),
              let range = line.range(of: "; peak memory ") else { return nil }
        let fields = line[range.upperBound...].split(separator: " ")
        guard fields.count == 2, let value = Double(fields[0]) else { return nil }
        switch fields[1] {
        case "MB": return value
        case "GB": return value * 1000
        default: return nil
        }
    }
}
