import Foundation

/// Runs the preview's rebuilds one at a time on a thread of their own.
///
/// A rebuild is CPU-bound, synchronous work (parsing, checking, rendering; a whole site after a template change):
/// run as a task, it would hold one of the cooperative pool's few threads (one per core) for seconds, and the
/// requests that the server answers on that pool would wait. This thread has a stack of known size, large enough
/// for the theme's deepest templates.
final class RebuildThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false
    /// Stack of the rebuild thread, in bytes.
    static let stackSize = 16 * 1024 * 1024

    init() {
        let thread = Thread { [self] in loop() }
        thread.name = "sitegen-rebuild"
        thread.stackSize = Self.stackSize
        thread.start()
    }

    /// Runs `body` on the rebuild thread, after the rebuilds queued before it, and returns when it is done.
    func run(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            condition.lock()
            if stopped {
                condition.unlock()
                done.resume()
                return
            }
            jobs.append {
                body()
                done.resume()
            }
            condition.signal()
            condition.unlock()
        }
    }

    /// Ends the thread once the queued rebuilds are done.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopped { condition.wait() }
            if jobs.isEmpty, stopped {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
