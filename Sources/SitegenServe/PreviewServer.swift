import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
public import SitegenBuild
import SitegenCore
import SitegenWatch
import Synchronization

/// `sitegen serve`: builds the site into memory, serves it, watches the sources, rebuilds what a change needs,
/// and tells browsers to reload once the new site is in place.
public final class PreviewServer: Sendable {
    /// How the server runs.
    public struct Options: Sendable {
        public var build: BuildOptions
        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// Poll the file system instead of using inotify.
        public var poll: Bool
        /// Rebuild everything on every change (to compare with incremental rebuilds).
        public var alwaysFull: Bool

        public init(build: BuildOptions, host: String = "127.0.0.1", port: Int = 1313, poll: Bool = false,
                    alwaysFull: Bool = false) {
            self.build = build
            self.host = host
            self.port = port
            self.poll = poll
            self.alwaysFull = alwaysFull
        }
    }

    /// What the server tells the terminal.
    package enum Message: Sendable {
        /// The server is listening at this URL.
        case listening(String)
        /// The server is about to listen on an address other machines can reach (`--host 0.0.0.0`).
        case reachableFromNetwork(host: String)
        /// A build finished: its outcome.
        case built(PreviewSession.Outcome, first: Bool)
        /// File watching: mechanism, or a problem.
        case watching(String)
        case watchFailed(String)
    }

    let options: Options
    let state: PreviewState
    let hub = EventHub()
    private let session: PreviewSession
    private let report: @Sendable (Message) -> Void
    private let watcher = Mutex<(any FileWatcher, WatchTargets)?>(nil)
    private let batcher = ChangeBatcher()
    private let startedOnce = Mutex(false)

    package init(options: Options, report: @escaping @Sendable (Message) -> Void) {
        self.options = options
        self.report = report
        let root = URL(fileURLWithPath: options.build.siteRoot).standardizedFileURL.path
        var build = options.build
        build.siteRoot = root
        self.session = PreviewSession(options: build)
        self.state = PreviewState(siteRoot: root)
    }

    /// Builds, starts watching and serves until interrupted (Ctrl-C or SIGTERM). A port that is taken is
    /// `PreviewServerError.portInUse`.
    public func run() async throws {
        let rebuilds = RebuildThread()
        defer { rebuilds.stop() }
        await rebuilds.run { [self] in rebuild(changed: nil, first: true) }
        let authority = PreviewAuthority(boundTo: options.host)
        // Said before listening, so that it is said even when the port turns out to be taken.
        if !PreviewAuthority.isLoopback(options.host) { report(.reachableFromNetwork(host: options.host)) }
        let router = PreviewRouter.build(state: state, hub: hub, authority: authority)
        var logger = Logger(label: "sitegen-serve")
        logger.logLevel = .error
        let baseURL = session.baseURL ?? "/"
        let host = options.host
        let app = Application(
            router: router,
            server: .preview(.init(idleTimeout: .seconds(30)), authority: authority),
            configuration: .init(address: .hostname(host, port: options.port), serverName: "sitegen"),
            onServerRunning: { [report] channel in
                let port = channel.localAddress?.port ?? 0
                authority.port = port
                let shown = host.contains(":") ? "[\(host)]" : host
                report(.listening("http://\(shown):\(port)\(baseURL)"))
            },
            logger: logger)
        let rebuildLoop = Task { [self] in
            for await batch in batcher.batches {
                await rebuilds.run { [self] in rebuild(changed: batch, first: false) }
            }
        }
        defer {
            rebuildLoop.cancel()
            batcher.finish()
            stopWatching()
            hub.finish()
        }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw PreviewServerError.portInUse(host: options.host, port: options.port)
        }
    }

    /// One rebuild: swap in the new snapshot (or keep the old one and show the errors), then tell browsers.
    func rebuild(changed: Set<String>?, first: Bool) {
        let outcome = session.rebuild(changed: options.alwaysFull ? nil : changed)
        let previousFailure = state.value.failure
        if let snapshot = outcome.snapshot {
            state.update { $0.snapshot = snapshot; $0.failure = []; $0.failureIsSiteWide = false }
        } else {
            let errors = outcome.blockingErrors, siteWide = outcome.siteCouldNotLoad
            state.update { $0.failure = errors; $0.failureIsSiteWide = siteWide }
        }
        report(.built(outcome, first: first))
        updateWatcher()
        guard !first else { return }
        // Sent only now that the new site is in place.
        if outcome.snapshot != nil, previousFailure.isEmpty, !outcome.changedFiles.isEmpty,
           outcome.changedFiles.allSatisfy({ $0.hasSuffix(".css") }) {
            hub.send(.init(name: "css", data: state.version))
        } else if outcome.snapshot != nil, !outcome.changedFiles.isEmpty || !previousFailure.isEmpty {
            hub.send(.init(name: "reload", data: state.version))
        } else if outcome.snapshot == nil, state.value.failure != previousFailure {
            // A failed build with the same errors as the last one would show the same overlay: no reload. (One
            // save can reach the watcher as two batches on a busy machine, and each batch is a build.)
            hub.send(.init(name: "reload", data: state.version))
        }
    }

    /// (Re)starts the watcher when the folders to watch changed (a new asset folder in the configuration).
    private func updateWatcher() {
        let root = state.siteRoot
        let wanted = session.watchTargets.map { WatchTargets(folders: $0.folders, files: $0.files) }
            ?? WatchTargets(folders: [root + "/content", root + "/templates"].filter { FileManager.default.fileExists(atPath: $0) },
                            files: [root + "/sitegen.yml", root + "/_config.yml"])
        if watcher.withLock({ $0?.1 == wanted }) { return }
        stopWatching()
        let created: any FileWatcher
        var note: String?
        if options.poll {
            created = PollingWatcher(wanted, interval: .milliseconds(250))
        } else {
            (created, note) = makeFileWatcher(wanted)
        }
        let relevant = wanted.folders + [root + "/templates", root + "/content"]
        do {
            try created.start(changed: { [batcher] paths in
                // Only the sources: not public/ or a staging folder beside the configuration.
                let kept = paths.filter { path in
                    wanted.files.contains(path) || relevant.contains { path == $0 || path.hasPrefix($0 + "/") }
                }
                if paths.isEmpty || !kept.isEmpty { batcher.add(kept) }
            }, failure: { [self] problem in
                state.update { $0.watcherProblem = problem }
                report(.watchFailed(problem))
                hub.send(.init(name: "reload", data: state.version))
            })
            let restarted = watcher.withLock { current -> Bool in
                current = (created, wanted)
                return true
            }
            report(.watching(note ?? "watching \(counted(wanted.folders.count, "folder")) with \(created.mechanism)"))
            // Files written while the watcher was being replaced: look at everything once more.
            if restarted, state.value.snapshot != nil, startedOnce.withLock({ $0 }) { batcher.add([]) }
            startedOnce.withLock { $0 = true }
        } catch {
            state.update { $0.watcherProblem = "file watching could not start: \(error)" }
            report(.watchFailed("file watching could not start: \(error)"))
        }
    }

    private func stopWatching() {
        watcher.withLock { current in
            current?.0.stop()
            current = nil
        }
    }
}

/// Why the preview server could not run.
public enum PreviewServerError: Error, Equatable {
    /// Another process listens on the port (`EADDRINUSE`).
    case portInUse(host: String, port: Int)
}
