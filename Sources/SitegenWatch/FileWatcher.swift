/// Watches folders and files for changes and reports the changed paths. Implementations: `InotifyWatcher`
/// (Linux) and `PollingWatcher` (anywhere). A watcher never stops silently: when it fails it calls `failure`
/// with the reason, and the caller tells the user.
public protocol FileWatcher: AnyObject, Sendable {
    /// `inotify` or `polling`, for the user.
    var mechanism: String { get }
    /// Starts watching on a background thread. `changed` receives absolute paths (files or folders) that were
    /// created, modified, deleted or renamed; an empty list means "anything may have changed" (events were lost).
    func start(changed: @escaping @Sendable ([String]) -> Void, failure: @escaping @Sendable (String) -> Void) throws
    /// Stops watching; no call to `changed` starts after it returns.
    func stop()
}

/// What to watch: folders watched with everything below them, and single files.
public struct WatchTargets: Sendable, Equatable {
    public var folders: [String]
    public var files: [String]

    public init(folders: [String], files: [String]) {
        self.folders = folders
        self.files = files
    }
}

/// The watcher for this platform: inotify on Linux, falling back to polling when inotify is unavailable (for
/// example when the watch limit is reached); the second value says why it fell back.
public func makeFileWatcher(_ targets: WatchTargets, pollInterval: Duration = .milliseconds(250)) -> (any FileWatcher, String?) {
    #if os(Linux)
    do {
        return (try InotifyWatcher(targets), nil)
    } catch {
        return (PollingWatcher(targets, interval: pollInterval), "inotify is unavailable (\(error)); polling every \(pollInterval)")
    }
    #else
    return (PollingWatcher(targets, interval: pollInterval), nil)
    #endif
}
