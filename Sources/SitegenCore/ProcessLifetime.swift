import Synchronization

/// Values kept until the process exits (`BuildOptions.keepsDataUntilExit`, the command line's build result, the
/// standalone report page's values): never freed, because freeing them was serial work before the exit.
public enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    public static func keep(_ value: any Sendable) { kept.withLock { $0.append(value) } }
}
