import Dispatch

/// A value computed on another thread from the moment it is made; `value` waits for it.
///
/// The load stage reads and compiles the theme while it scans the content folder: both are serial work before
/// the parallel stages, and they do not depend on each other.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the worker before `done` is left, read only after waiting on `done`.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.leave()
        }
    }

    var value: Value {
        done.wait()
        return result!
    }
}
