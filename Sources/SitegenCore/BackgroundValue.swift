import Dispatch

/// A value computed on another thread from the moment it is made; `value` waits for it.
///
/// For serial work between the parallel stages that two independent pieces can share: the load stage reads the
/// theme while it scans the content folder, the render stage makes the site's values while it sweeps the output
/// tree, and the route indexes are made in two halves.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the worker before `done` is left, read only after waiting on `done`.
    private var result: Value?

    public init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.leave()
        }
    }

    public var value: Value {
        done.wait()
        return result!
    }
}
