/// Which files are Markdown articles: names ending in `.md` or `.markdown`, in any letter case.
public enum MarkdownFileName {
    public static let extensions = [".md", ".markdown"]

    /// Whether `name` (a file name or path) ends with a Markdown extension. Inlinable, so that callers in other
    /// modules get it specialized: the generic version looked up type metadata at run time for every file of the
    /// content scan (a third of the load stage's time on 10,000 articles).
    @inlinable
    public static func hasExtension(_ name: some StringProtocol) -> Bool {
        extensions.contains { ends(name, with: $0) }
    }

    /// `name` without its Markdown extension; `name` itself when it has none.
    @inlinable
    public static func removingExtension(_ name: Substring) -> Substring {
        for suffix in extensions where ends(name, with: suffix) {
            return name.dropLast(suffix.count)
        }
        return name
    }

    /// On UTF-8 bytes: the extensions are ASCII, and file names are checked once or more per article.
    @inlinable
    static func ends(_ name: some StringProtocol, with suffix: String) -> Bool {
        name.utf8.count >= suffix.utf8.count
            && zip(name.utf8.suffix(suffix.utf8.count), suffix.utf8).allSatisfy { $0.asciiLowercased == $1 }
    }
}
