/// A replacement of source text that `sitegen fix` can apply: `original` at `line`:`column` becomes `replacement`.
/// The edit is applied only when the file still holds `original` at that position, byte for byte.
public struct TextEdit: Sendable, Hashable, Codable {
    /// 1-based line of the first byte to replace.
    public var line: Int
    /// 1-based UTF-8 column of the first byte to replace.
    public var column: Int
    /// The exact source text that is replaced (never contains a line break).
    public var original: String
    /// The text that replaces it.
    public var replacement: String

    public init(line: Int, column: Int, original: String, replacement: String) {
        self.line = line
        self.column = column
        self.original = original
        self.replacement = replacement
    }
}

/// What a link diagnostic is about: the destination as written, where it leads, and what would work.
public struct LinkDetails: Sendable, Hashable, Codable {
    /// The destination as written.
    public var destination: String
    /// The site URL (or external URL) it resolves to, when it resolves to something.
    public var resolved: String?
    /// A destination that would work, when one is known.
    public var suggestion: String?

    public init(destination: String, resolved: String? = nil, suggestion: String? = nil) {
        self.destination = destination
        self.resolved = resolved
        self.suggestion = suggestion
    }
}
