import Foundation
import Synchronization

/// Finds changes by scanning the watched folders at an interval and comparing each file's modification time,
/// size and inode with the previous scan. Portable, and slower than inotify; used when inotify is unavailable.
public final class PollingWatcher: FileWatcher {
    public let mechanism = "polling"
    private let targets: WatchTargets
    private let interval: Duration
    private let running = Mutex(false)

    public init(_ targets: WatchTargets, interval: Duration) {
        self.targets = targets
        self.interval = interval
    }

    public func start(changed: @escaping @Sendable ([String]) -> Void, failure: @escaping @Sendable (String) -> Void) throws {
        running.withLock { $0 = true }
        let initial = snapshot()
        let thread = Thread { [self] in
            var previous = initial
            while running.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
                guard running.withLock({ $0 }) else { return }
                let current = snapshot()
                var paths: [String] = []
                for (path, stamp) in current where previous[path] != stamp { paths.append(path) }
                for path in previous.keys where current[path] == nil { paths.append(path) }
                previous = current
                if !paths.isEmpty { changed(paths.sorted()) }
            }
        }
        thread.name = "sitegen-poll"
        thread.start()
    }

    public func stop() {
        running.withLock { $0 = false }
    }

    /// Path → (modification time in ns, size, inode) of every file and folder watched.
    private func snapshot() -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        func record(_ path: String) {
            var status = stat()
            guard lstat(path, &status) == 0 else { return }
            result[path] = [Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec), Int(status.st_size),
                            Int(status.st_ino)]
        }
        for file in targets.files { record(file) }
        for folder in targets.folders {
            record(folder)
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = enumerator.nextObject() as? String { record(folder + "/" + relative) }
        }
        return result
    }
}
