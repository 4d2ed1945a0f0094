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

        let run = try Sitegen.run(["build", "-s", site.path])
        #expect(run.status == 0, "\(run.stderr)")
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        // ru_maxrss is in KiB on Linux: the largest child this test process has run.
        #expect(usage.ru_maxrss < 200 * 1024, "peak RSS \(usage.ru_maxrss) KiB for a 384 MB asset")

        let copy = site.path + "/public/how-to/p/big.bin"
        var status = stat()
        #expect(stat(copy, &status) == 0 && Int(status.st_size) == size)
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
}
