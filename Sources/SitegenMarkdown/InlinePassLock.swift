#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serialises cmark-gfm's inline pass.
///
/// `cmark_parser_finish` switches the GFM extensions' trigger characters on and off in a process-wide table
/// (`cmark_manage_extensions_special_characters`); two threads finishing at once clear each other's table and
/// silently lose autolinks and strikethrough. This lock exists because that table is process-wide too. (The
/// characters cannot simply be left on: the inline pass also finds strikethrough's extension through its list
/// of characters, and loops forever on `**~/x**` when that list is emptied.)
///
/// A plain pthread mutex, whose waiters sleep at once: `Synchronization.Mutex` spins first, and the parse stage's
/// threads spent 2.4% of a build's CPU spinning on this lock.
enum InlinePassLock {
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        return mutex
    }()

    static func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
