/// One link or image destination as written in a source file, with the position of its opening `[` (or `<`).
public struct LinkOccurrence: Sendable, Hashable, Codable {
    /// What kind of reference this is.
    public enum Kind: String, Sendable, Codable {
        case link
        case image
        case autolink
    }

    public var kind: Kind
    /// The destination exactly as cmark-gfm parsed it (after entity and backslash decoding).
    public var destination: String
    /// 1-based line in the source file (front matter included).
    public var line: Int
    /// 1-based UTF-8 column of the opening `[` (`![` for images).
    public var column: Int

    public init(kind: Kind, destination: String, line: Int, column: Int) {
        self.kind = kind
        self.destination = destination
        self.line = line
        self.column = column
    }
}
