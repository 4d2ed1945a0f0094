import Dispatch
import Foundation
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

/// `parallelMap` on threads of its own, for a few long items that run `parallelMap` themselves (the reports: the
/// HTML page makes its findings on every core). Dispatch gives a `concurrentPerform` made inside another only the
/// width the outer one leaves: on two cores, an item run by `parallelMap` that maps in parallel gets one thread.
/// `stackSize`: each new thread's stack (the calling thread runs items too).
public func parallelMapOnThreads<Item: Sendable, Result: Sendable>(_ items: [Item], jobs: Int, stackSize: Int = 8 << 20,
                                                            _ transform: @Sendable (Item) -> Result) -> [Result] {
    guard !items.isEmpty else { return [] }
    if jobs <= 1 || items.count == 1 { return items.map(transform) }
    return withoutActuallyEscaping(transform) { transform in
        let slots = ResultSlots<Result>(count: items.count)
        let next = AtomicCounter()
        let work = UncheckedWork {
            while true {
                let index = next.increment()
                guard index < items.count else { return }
                slots.store(transform(items[index]), at: index)
            }
        }
        let done = DispatchGroup()
        for _ in 1..<min(jobs, items.count) {
            done.enter()
            startThread(stackSize: stackSize) {
                work.run()
                done.leave()
            }
        }
        work.run()
        done.wait()
        // The threads' objects may outlive the call: what they hold must no longer hold `transform`.
        work.drop()
        return slots.results()
    }
}

/// A closure handed to the threads of `parallelMapOnThreads`: set before they start, dropped after they finished.
private final class UncheckedWork: @unchecked Sendable {
    private var body: (() -> Void)?
    init(_ body: @escaping () -> Void) { self.body = body }
    func run() { body?() }
    func drop() { body = nil }
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

    /// The results, moved out: copying them (and releasing the copies' originals) was serial work after every
    /// map, a tenth of a second for a map over 50,000 articles.
    func results() -> [Result] {
        let count = storage.count
        let moved = [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { (buffer.baseAddress! + index).initialize(to: (storage.baseAddress! + index).move()!) }
            initialized = count
        }
        // Every slot was moved out: nothing is left to deinitialize.
        storage.initialize(repeating: nil)
        return moved
    }
}

/// Hands out consecutive indexes to workers.
private final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// Like `parallelMap`, but an item whose transform has run for longer than `budget` is given up: its result is
/// `giveUp(item)`, made on the calling thread, and the map returns without waiting for it.
///
/// The thread running a given-up item is left to finish on its own, and its result is dropped: the slow work is
/// C code (cmark-gfm) that cannot be interrupted, and one article must not hold up a build or the preview for the
/// minutes some inputs take in the library. A new thread takes its place, so the other items keep `jobs` threads.
/// Hand-written: neither Dispatch nor Swift concurrency can stop waiting for one work item and move on.
public func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], jobs: Int, budget: Duration,
                                                          _ transform: @escaping @Sendable (Item) -> Result,
                                                          giveUp: (Item) -> Result) -> [Result] {
    guard !items.isEmpty else { return [] }
    let run = BudgetedRun(items: items, transform: transform)
    let seconds = Double(budget.components.seconds) + Double(budget.components.attoseconds) / 1e18
    for _ in 0..<max(1, min(jobs, items.count)) { run.startWorker() }
    let givenUp = run.wait(budget: seconds)
    var results = run.takeResults()
    for index in givenUp { results[index] = giveUp(items[index]) }
    return results.map { $0! }
}

/// The shared state of one budgeted map, guarded by `condition`.
private final class BudgetedRun<Item: Sendable, Result: Sendable>: @unchecked Sendable {
    private let items: [Item]
    private let transform: @Sendable (Item) -> Result
    private let condition = NSCondition()
    private var next = 0
    private var results: [Result?]
    /// When each item now running started.
    private var running: [Int: Date] = [:]
    private var givenUp: Set<Int> = []
    private var finished = 0

    init(items: [Item], transform: @escaping @Sendable (Item) -> Result) {
        self.items = items
        self.transform = transform
        results = Array(repeating: nil, count: items.count)
    }

    func startWorker() {
        let thread = Thread { [self] in work() }
        // cmark-gfm and the tree walk recurse on nested input; a known, ample stack rather than the platform's.
        thread.stackSize = 16 * 1024 * 1024
        thread.start()
    }

    private func work() {
        while true {
            condition.lock()
            guard next < items.count else {
                condition.unlock()
                return
            }
            let index = next
            next += 1
            running[index] = Date()
            condition.unlock()

            let result = transform(items[index])

            condition.lock()
            running[index] = nil
            if givenUp.contains(index) {
                // Replaced while it ran: the new thread carries on with the rest.
                condition.unlock()
                return
            }
            results[index] = result
            finished += 1
            // The waiting thread wakes for the last result, or at a deadline: not for each item (a context switch
            // per article was a tenth of the parse stage).
            if finished == items.count { condition.signal() }
            condition.unlock()
        }
    }

    /// Waits until every item has finished or been given up; returns the given-up indexes.
    func wait(budget: Double) -> Set<Int> {
        condition.lock()
        defer { condition.unlock() }
        while finished < items.count {
            let now = Date()
            var overdue: [Int] = []
            var earliest: Date?
            for (index, start) in running {
                if now.timeIntervalSince(start) >= budget {
                    overdue.append(index)
                } else if earliest.map({ start < $0 }) ?? true {
                    earliest = start
                }
            }
            for index in overdue {
                running[index] = nil
                givenUp.insert(index)
                finished += 1
                if next < items.count { startWorker() }
            }
            if finished >= items.count { break }
            if !overdue.isEmpty { continue }
            _ = condition.wait(until: (earliest ?? now).addingTimeInterval(budget))
        }
        return givenUp
    }

    func takeResults() -> [Result?] {
        condition.lock()
        defer { condition.unlock() }
        return results
    }
}

/// Runs `body` on a new thread with a stack of `stackSize` bytes and waits for it: for recursive work whose depth
/// the input decides (a template's nested sections), so that the stack is known rather than whatever thread the
/// caller happens to be on (a Dispatch worker's is smaller than the main thread's).
public func onThread<Result>(stackSize: Int, _ body: () -> Result) -> Result {
    withoutActuallyEscaping(body) { escapable in
        let box = ThreadResultBox(body: escapable)
        let done = DispatchSemaphore(value: 0)
        startThread(stackSize: stackSize) {
            box.run()
            done.signal()
        }
        done.wait()
        return box.result!
    }
}

/// Runs `body` on a new thread with a stack of `stackSize` bytes, without waiting for it.
private func startThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.stackSize = stackSize
    thread.start()
}

/// Carries a body and its result across one thread handoff, which the semaphore orders.
private final class ThreadResultBox<Result>: @unchecked Sendable {
    /// Dropped as soon as it has run, before the caller is woken: `withoutActuallyEscaping` checks that nothing
    /// holds it when the call returns, and the thread object may outlive the call.
    private var body: (() -> Result)?
    var result: Result?

    init(body: @escaping () -> Result) { self.body = body }

    func run() {
        result = body?()
        body = nil
    }
}

/// `items.sorted(by:)` on up to `jobs` threads: each thread sorts a contiguous part, and the parts are merged in
/// order. Stable, as `sorted(by:)` is: of two equal items, the earlier stays first. For the site-wide sorts between
/// the parallel stages (every output file by path), which ran on one core while the other waited.
public func parallelSorted<Item: Sendable>(_ items: [Item], jobs: Int,
                                           by areInIncreasingOrder: @Sendable (Item, Item) -> Bool) -> [Item] {
    let parts = min(jobs, items.count / 2048)
    guard parts > 1 else { return items.sorted(by: areInIncreasingOrder) }
    let bounds = (0...parts).map { items.count * $0 / parts }
    var sorted = parallelMap(Array(0..<parts), jobs: parts) { part in
        items[bounds[part]..<bounds[part + 1]].sorted(by: areInIncreasingOrder)
    }
    // Neighbours merged, round by round, so that the order of equal items is kept.
    while sorted.count > 1 {
        var merged: [[Item]] = []
        for pair in stride(from: 0, to: sorted.count, by: 2) {
            guard pair + 1 < sorted.count else { merged.append(sorted[pair]); continue }
            let (left, right) = (sorted[pair], sorted[pair + 1])
            var out: [Item] = []
            out.reserveCapacity(left.count + right.count)
            var (l, r) = (0, 0)
            while l < left.count, r < right.count {
                if areInIncreasingOrder(right[r], left[l]) {
                    out.append(right[r])
                    r += 1
                } else {
                    out.append(left[l])
                    l += 1
                }
            }
            out.append(contentsOf: left[l...])
            out.append(contentsOf: right[r...])
            merged.append(out)
        }
        sorted = merged
    }
    return sorted[0]
}
