import Synchronization

/// Serialises cmark-gfm's inline pass.
///
/// `cmark_parser_finish` switches the GFM extensions' trigger characters on and off in a process-wide table
/// (`cmark_manage_extensions_special_characters`); two threads finishing at once clear each other's table and
/// silently lose autolinks and strikethrough. This lock exists because that table is process-wide too.
enum InlinePassLock {
    static let mutex = Mutex(())

    static func withLock<T>(_ body: () -> T) -> T {
        mutex.withLock { _ in body() }
    }
}
