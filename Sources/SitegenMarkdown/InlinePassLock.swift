import CInlineCharacters
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serialises cmark-gfm's inline pass, until it is known not to be needed.
///
/// `cmark_parser_finish` switches the GFM extensions' trigger characters on and off in a process-wide table
/// (`cmark_manage_extensions_special_characters`); two threads finishing at once clear each other's table and
/// silently lose autolinks and strikethrough. The `CInlineCharacters` target replaces that function with one that
/// leaves the characters on, and then no lock is needed; the first parse runs under the lock and tells whether the
/// replacement is in effect (the dynamic linker may not give it precedence, e.g. on another platform). Without the
/// replacement, every inline pass keeps taking the lock. (The characters cannot be kept on by emptying the
/// extensions' lists of characters instead: the inline pass also finds strikethrough's extension through that list,
/// and loops forever on `**~/x**` when it is empty.)
///
/// The lock is a plain pthread mutex, whose waiters sleep at once: `Synchronization.Mutex` spins first, and the
/// parse stage's threads spent 2.4% of a build's CPU spinning on this lock.
enum InlinePassLock {
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        return mutex
    }()
    private static let unneeded = Atomic<Bool>(false)

    /// Whether inline passes run without the lock (the characters stay on).
    static var isUnneeded: Bool { unneeded.load(ordering: .acquiring) }

    static func withLock<T>(_ body: () -> T) -> T {
        if unneeded.load(ordering: .acquiring) { return body() }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let value = body()
        if sitegen_inline_characters_stay_on() != 0 { unneeded.store(true, ordering: .releasing) }
        return value
    }
}
