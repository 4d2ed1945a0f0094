/// One link or image destination as written in a source file, with the position of its opening `[` (or `<`).
public struct LinkOccurrence: Sendable, Hashable, Codable {
    /// What kind of reference this is.
    public enum Kind: String, Sendable, Codable {
        case link
        case image
        case autolink
    }

    /// Where in the source the destination was written.
    public enum Origin: Sendable, Hashable, Codable {
        /// Markdown syntax that cmark-gfm turned into a link, image or autolink.
        case markdown
        /// An attribute (`href`, `src`) of a raw HTML tag in the article.
        case html(attribute: String)
        /// A URL-valued front-matter field.
        case frontMatter(key: String)
        /// Text that looks like link syntax but that cmark-gfm left as plain text.
        case plainText(PlainTextForm)
    }

    /// The ways link syntax ends up as plain text.
    public enum PlainTextForm: String, Sendable, Hashable, Codable {
        /// `[text] (url)`: a space between `]` and `(`.
        case spaceBeforeParenthesis
        /// `[text][label]` where no `[label]: url` is defined.
        case undefinedReference
        /// `[text](url` with no closing parenthesis.
        case unclosed
        /// `[text](url with spaces)`: a destination with whitespace, which Markdown only allows inside `<...>`.
        case whitespaceInDestination
        /// `[text](url)` inside an HTML block, where Markdown is not processed.
        case markdownInHTML
    }

    public var kind: Kind
    /// The destination exactly as cmark-gfm parsed it (after entity and backslash decoding), or as written
    /// for HTML attributes, front matter and plain text.
    public var destination: String
    /// 1-based line in the source file (front matter included).
    public var line: Int
    /// 1-based UTF-8 column of the opening `[` (`![` for images, `<` for autolinks, the tag for HTML).
    public var column: Int
    public var origin: Origin
    /// Where the destination's text starts in the source, when it is written there byte for byte
    /// (so that `sitegen fix` can replace it); nil when it is not (escapes, entities, reference links).
    public var destinationLine: Int?
    public var destinationColumn: Int?
    /// The source text of the whole construct, for plain-text link syntax (`[text] (url)`).
    public var text: String?

    public init(kind: Kind, destination: String, line: Int, column: Int, origin: Origin = .markdown,
                destinationLine: Int? = nil, destinationColumn: Int? = nil, text: String? = nil) {
        self.kind = kind
        self.destination = destination
        self.line = line
        self.column = column
        self.origin = origin
        self.destinationLine = destinationLine
        self.destinationColumn = destinationColumn
        self.text = text
    }
}
