import Dispatch
import Synchronization

/// Runs `transform` over `items` on up to `jobs` threads and returns the results in input order.
///
/// Hand-written over `DispatchQueue.concurrentPerform` because the work is CPU-bound and synchronous (cmark-gfm,
/// Mustache): a thread per core with no task hopping is the cheapest shape, and results land in their own slots.
public func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], jobs: Int,
                                                   _ transform: @Sendable (Item) -> Result) -> [Result] {
    guard !items.isEmpty else { return [] }
    if jobs <= 1 || items.count == 1 { return items.map(transform) }
    let slots = ResultSlots<Result>(count: items.count)
    let workers = min(jobs, items.count)
    let next = AtomicCounter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.increment()
            guard index < items.count else { return }
            slots.store(transform(items[index]), at: index)
        }
    }
    return slots.results()
}

/// Runs `body` over `items` on up to `jobs` threads; rethrows the error of the first item (in input order) that
/// failed, after every item has run.
public func parallelForEach<Item: Sendable>(_ items: [Item], jobs: Int, _ body: @Sendable (Item) throws -> Void) throws {
    let failures = parallelMap(items, jobs: jobs) { item -> FailedItem? in
        do {
            try body(item)
            return nil
        } catch {
            return FailedItem(error: error)
        }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure.error }
}

/// An error carried out of a worker.
private struct FailedItem: Sendable {
    let error: any Error
}

/// One slot per result; each slot is written by exactly one worker, then read after all workers finished.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ result: Result, at index: Int) { storage[index] = result }

    func results() -> [Result] { storage.map { $0! } }
}

/// Hands out consecutive indexes to workers.
private final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
