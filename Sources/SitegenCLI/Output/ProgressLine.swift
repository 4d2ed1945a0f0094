import Foundation
import Synchronization

/// A `[i/n] stage` line on a terminal, shown only once the build has taken more than a second.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let stageCount: Int
    private let started = ContinuousClock.now
    private let shown = Mutex(false)

    init(enabled: Bool, stageCount: Int) {
        self.enabled = enabled
        self.stageCount = stageCount
    }

    func stage(_ number: Int, _ name: String) {
        guard enabled, ContinuousClock.now - started > .seconds(1) else { return }
        shown.withLock { $0 = true }
        Terminal.standardError.write("\r\u{1B}[2K[\(number)/\(stageCount)] \(name)…")
    }

    /// `external 812/1736 · 31 hosts busy · 4 failing`, while external links are fetched.
    func external(done: Int, total: Int, busyHosts: Int, failing: Int) {
        guard enabled else { return }
        shown.withLock { $0 = true }
        Terminal.standardError.write("\r\u{1B}[2Kexternal \(done)/\(total) · \(busyHosts) host\(busyHosts == 1 ? "" : "s") busy · \(failing) failing")
    }

    func finish() {
        if shown.withLock({ $0 }) { Terminal.standardError.write("\r\u{1B}[2K") }
    }
}
