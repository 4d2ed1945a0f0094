import Synchronization

/// Turns a stream of changed paths into batches: a batch is delivered once no change has arrived for `quiet`
/// (an editor's save is several events), or `longest` after its first change when changes keep coming. Changes
/// that arrive while a batch is being handled go into the next batch, so the last change of a burst is never lost.
public final class ChangeBatcher: Sendable {
    /// Batches of changed paths; an empty set means "anything may have changed".
    public let batches: AsyncStream<Set<String>>
    private let continuation: AsyncStream<Set<String>>.Continuation
    private let quiet: Duration
    private let longest: Duration
    private struct State {
        var pending: Set<String> = []
        var everything = false
        var generation = 0
        var first: ContinuousClock.Instant?
    }
    private let state = Mutex(State())

    public init(quiet: Duration = .milliseconds(10), longest: Duration = .milliseconds(300)) {
        self.quiet = quiet
        self.longest = longest
        (batches, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Adds changed paths (an empty list: anything may have changed).
    public func add(_ paths: [String]) {
        let generation = state.withLock { state -> Int in
            if paths.isEmpty { state.everything = true }
            state.pending.formUnion(paths)
            state.generation += 1
            if state.first == nil { state.first = .now }
            return state.generation
        }
        Task { [self] in
            try? await Task.sleep(for: quiet)
            flush(ifStill: generation)
        }
    }

    public func finish() { continuation.finish() }

    private func flush(ifStill generation: Int) {
        let batch = state.withLock { state -> Set<String>? in
            let overdue = state.first.map { ContinuousClock.now - $0 >= longest } ?? false
            guard state.generation == generation || overdue, state.first != nil else { return nil }
            let batch = state.everything ? [] : state.pending
            state = State(generation: state.generation)
            return batch
        }
        if let batch { continuation.yield(batch) }
    }
}
