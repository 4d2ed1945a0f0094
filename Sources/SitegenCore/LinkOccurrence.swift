/// One link or image destination as written in a source file, with the position of its opening `[` (or `<`).
public struct LinkOccurrence: Sendable, Hashable {
    /// What kind of reference this is.
    public enum Kind: String, Sendable {
        case link
        case image
        case autolink
    }

    /// Where in the source the destination was written.
    public enum Origin: Sendable, Hashable {
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
    public enum PlainTextForm: String, Sendable, Hashable {
        /// `[text] (url)`: a space between `]` and `(`.
        case spaceBeforeParenthesis
        /// `[text][label]` where no `[label]: url` is defined.
        case undefinedReference
        /// `[text](url` with no closing parenthesis.
        case unclosed
        /// `[text]((url)`: an extra `(` before the destination and only one `)`, which leaves the parentheses
        /// unbalanced, so cmark-gfm makes no link.
        case doubledParentheses
        /// `[text](url with spaces)`: a destination with whitespace, which Markdown only allows inside `<...>`.
        case whitespaceInDestination
        /// `[text](url)` inside an HTML block, where Markdown is not processed.
        case markdownInHTML
    }

    /// The destination exactly as cmark-gfm parsed it (after entity and backslash decoding), or as written
    /// for HTML attributes, front matter and plain text.
    public var destination: String
    /// The source text of the whole construct, for plain-text link syntax (`[text] (url)`).
    public var text: String?
    // Positions in 32 bits, and 0 (positions start at 1) for none: every article's links are kept until the end of
    // the build, and 104 bytes a link (with `Int` and `Int?` positions) were a tenth of its memory; now 72.
    // Stored fields are laid out in the order declared: the 17-byte origin and the kind go last, to pack.
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedDestinationLine: Int32
    private var storedDestinationColumn: Int32

    public var origin: Origin
    public var kind: Kind
    /// False for plain-text link syntax that was found in the rendered text but not in the source: its position is
    /// only its block's line, so no fix may edit the file there.
    public var isLocated: Bool
    /// 1-based line in the source file (front matter included).
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    /// 1-based UTF-8 column of the opening `[` (`![` for images, `<` for autolinks, the tag for HTML).
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }
    /// Where the destination's text starts in the source, when it is written there byte for byte
    /// (so that `sitegen fix` can replace it); nil when it is not (escapes, entities, reference links).
    public var destinationLine: Int? {
        get { storedDestinationLine == 0 ? nil : Int(storedDestinationLine) }
        set { storedDestinationLine = newValue.map { Int32(clamping: $0) } ?? 0 }
    }
    public var destinationColumn: Int? {
        get { storedDestinationColumn == 0 ? nil : Int(storedDestinationColumn) }
        set { storedDestinationColumn = newValue.map { Int32(clamping: $0) } ?? 0 }
    }

    public init(kind: Kind, destination: String, line: Int, column: Int, origin: Origin = .markdown,
                destinationLine: Int? = nil, destinationColumn: Int? = nil, text: String? = nil, isLocated: Bool = true) {
        self.kind = kind
        self.isLocated = isLocated
        self.destination = destination
        self.origin = origin
        self.text = text
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
        storedDestinationLine = destinationLine.map { Int32(clamping: $0) } ?? 0
        storedDestinationColumn = destinationColumn.map { Int32(clamping: $0) } ?? 0
    }
}
