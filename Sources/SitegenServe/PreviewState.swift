import Foundation
import SitegenBuild
import SitegenCore
import Synchronization

/// What the server serves: the last good snapshot of the site, and the problems of the last rebuild when it
/// failed (shown as an overlay over the last good pages until a rebuild succeeds). Replaced as a whole, so a
/// request sees one build or the next, never a mix.
final class PreviewState: Sendable {
    struct Current: Sendable {
        var snapshot: PreviewSession.Snapshot?
        /// Errors of the last rebuild, when it failed; empty when it succeeded.
        var failure: [Diagnostic] = []
        /// Whether that failure is of the site as a whole (its configuration or content folder), not of pages.
        var failureIsSiteWide = false
        /// Set when file watching stopped: the page and terminal say so.
        var watcherProblem: String?
    }

    /// Identifies this server process, so browsers reload after a restart.
    let instance = UUID().uuidString.prefix(8).lowercased()
    /// Site root, to show source lines in the page panels.
    let siteRoot: String
    private let current = Mutex(Current())

    init(siteRoot: String) {
        self.siteRoot = siteRoot
    }

    var value: Current { current.withLock { $0 } }

    func update(_ body: (inout Current) -> Void) { current.withLock { body(&$0) } }

    /// The version browsers compare with the one they loaded: the instance and the build generation.
    var version: String {
        let value = self.value
        return "\(instance)-\(value.snapshot?.generation ?? 0)-\(value.failure.isEmpty ? 0 : value.failure.count)"
    }
}
