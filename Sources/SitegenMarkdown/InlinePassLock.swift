import CInlineCharacters
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serialises cmark-gfm's inline pass, until a self-check shows it is not needed.
///
/// `cmark_parser_finish` switches the GFM extensions' trigger characters on and off in a process-wide table
/// (`cmark_manage_extensions_special_characters`); two threads finishing at once clear each other's table and
/// silently lose autolinks and strikethrough. The `CInlineCharacters` target replaces that function with one that
/// leaves the characters on, and then no lock is needed. Whether it may be dropped is decided once, before any
/// article is parsed, by `InlinePassCheck`: a probe document must give its autolink, strikethrough and table under
/// the lock, the replacement must have been called (the dynamic linker may not give it precedence, e.g. on another
/// platform), and the probe must give them again without the lock. Otherwise every inline pass keeps the lock, and
/// the build says why (a `markdown-inline-pass` note), so that a future libcmark-gfm can never drop autolinks
/// without a word. (The characters cannot be kept on by emptying the extensions' lists of characters instead: the
/// inline pass also finds strikethrough's extension through that list, and loops forever on `**~/x**` when it is
/// empty.)
///
/// The lock is a plain pthread mutex, whose waiters sleep at once: `Synchronization.Mutex` spins first, and the
/// parse stage's threads would spend their time spinning on it.
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
        return body()
    }

    /// Lets inline passes run at once (or, with false, takes the lock again): `InlinePassCheck`'s decision.
    static func setUnneeded(_ value: Bool) { unneeded.store(value, ordering: .releasing) }

    /// Whether cmark-gfm called sitegen's replacement of its character switch.
    static var replacementCalled: Bool { sitegen_inline_characters_stay_on() != 0 }
}

/// The start-up self-check that decides whether cmark-gfm's inline passes may run at once (see `InlinePassLock`).
/// It takes a few microseconds: one small document, parsed two or three times.
public enum InlinePassCheck {
    /// Nil when the inline passes run at once; else why they run one at a time (or why cmark-gfm is unusable),
    /// for a note. Made once, on first use, before any other document is parsed.
    public static let note: String? = decide()

    /// What the probe document must give, and how to tell.
    static let probe = "See www.example.com and ~~this~~.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"

    private static func decide() -> String? {
        // The renderer takes the lock itself: no pass runs at once until this says so.
        let locked = missing(parsing: probe)
        guard locked.isEmpty else {
            return "cmark-gfm gave no \(locked.joined(separator: ", ")) for a document that has them: the installed "
                + "libcmark-gfm behaves unlike the version sitegen was made for, and pages may lack them"
        }
        guard InlinePassLock.replacementCalled else {
            return "cmark-gfm's inline pass runs one document at a time: sitegen's replacement of "
                + "cmark_manage_extensions_special_characters is not in effect (the dynamic linker did not give it precedence)"
        }
        InlinePassLock.setUnneeded(true)
        let unlocked = missing(parsing: probe)
        guard unlocked.isEmpty else {
            InlinePassLock.setUnneeded(false)
            return "cmark-gfm's inline pass runs one document at a time: without the lock, the self-check lost its "
                + unlocked.joined(separator: ", ")
        }
        return nil
    }

    /// What `text`, parsed as sitegen parses articles, lacks of an autolink, a strikethrough and a table.
    static func missing(parsing text: String) -> [String] {
        let rendered = MarkdownRenderer(options: MarkdownOptions(), checksInlinePass: false).render(text)
        var missing: [String] = []
        if !rendered.links.contains(where: { $0.kind == .autolink && $0.destination == "http://www.example.com" }) {
            missing.append("autolink")
        }
        if !rendered.html.contains("<del>this</del>") { missing.append("strikethrough") }
        if !rendered.html.contains("<table") { missing.append("table") }
        return missing
    }
}
