import Foundation
import SitegenTestSupport
import Synchronization
import Testing
@testable import SitegenWatch

@Suite("File watching")
struct WatcherTests {
    /// Collects what a watcher reports.
    final class Collector: Sendable {
        let paths = Mutex<Set<String>>([])
        func add(_ new: [String]) { paths.withLock { $0.formUnion(new) } }

        /// Waits up to 5 s for `path` to be reported.
        func wait(for path: String) async -> Bool {
            for _ in 0..<100 {
                if paths.withLock({ $0.contains(path) }) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    func exercise(_ make: (WatchTargets) throws -> any FileWatcher) async throws {
        let folder = try TemporaryFolder()
        try folder.write("content/p/a.md", "a")
        let watcher = try make(WatchTargets(folders: [folder.path + "/content"], files: [folder.path + "/sitegen.yml"]))
        let collector = Collector()
        try watcher.start(changed: { collector.add($0) }, failure: { Issue.record("watcher failed: \($0)") })
        defer { watcher.stop() }
        try await Task.sleep(for: .milliseconds(100))

        // An editor's atomic save: write a temporary file, rename it over the original.
        try folder.write("content/p/.a.md.swp", "b")
        #expect(rename(folder.path + "/content/p/.a.md.swp", folder.path + "/content/p/a.md") == 0)
        #expect(await collector.wait(for: folder.path + "/content/p/a.md"))
        // A new folder with a file in it, a deletion, and the configuration file.
        try FileManager.default.createDirectory(atPath: folder.path + "/content/q/deep", withIntermediateDirectories: true)
        try folder.write("content/q/deep/b.md", "b")
        #expect(await collector.wait(for: folder.path + "/content/q/deep/b.md"))
        try folder.write("content/q/deep/c.md", "c")
        #expect(await collector.wait(for: folder.path + "/content/q/deep/c.md"), "the new folder is watched")
        try FileManager.default.removeItem(atPath: folder.path + "/content/p/a.md")
        #expect(await collector.wait(for: folder.path + "/content/p/a.md"))
        try folder.write("sitegen.yml", "title: X\n")
        #expect(await collector.wait(for: folder.path + "/sitegen.yml"))
    }

    @Test("inotify sees atomic saves, new folders, deletions and the configuration file")
    func inotify() async throws {
        #if os(Linux)
        try await exercise { try InotifyWatcher($0) }
        #endif
    }

    @Test("polling sees the same changes")
    func polling() async throws {
        try await exercise { PollingWatcher($0, interval: .milliseconds(50)) }
    }

    @Test("a burst of changes is one batch; changes after it form the next; overflow means everything")
    func batching() async throws {
        let batcher = ChangeBatcher(quiet: .milliseconds(40), longest: .seconds(2))
        var iterator = batcher.batches.makeAsyncIterator()
        batcher.add(["/a"])
        batcher.add(["/b"])
        batcher.add(["/a", "/c"])
        #expect(await iterator.next() == ["/a", "/b", "/c"])
        batcher.add(["/d"])
        #expect(await iterator.next() == ["/d"])
        batcher.add(["/e"])
        batcher.add([])
        #expect(await iterator.next() == [])
    }
}
