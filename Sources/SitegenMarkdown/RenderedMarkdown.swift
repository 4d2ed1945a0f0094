public import SitegenCore

/// What rendering one Markdown body produces: HTML plus the facts the link checker and theme need.
public struct RenderedMarkdown: Sendable {
    /// The body as HTML, with `id`s on headings.
    public var html: String
    /// Every heading in document order, with unique ids.
    public var headings: [Heading]
    /// Every link, image and autolink in document order, with positions in the source file.
    public var links: [LinkOccurrence]
    /// `id` and `name` values of raw HTML tags: fragment targets besides the headings.
    public var anchors: [String] = []
    /// Problems of the body found while rendering it (`content-unsafe-html`), in document order.
    public var findings: [MarkdownFinding] = []
}

/// A problem found in a Markdown body, at a position in the source file. The build makes it a diagnostic of the
/// article's file, at the rule's configured severity.
public struct MarkdownFinding: Sendable, Hashable {
    public var rule: String
    /// 1-based line in the source file (front matter included).
    public var line: Int
    /// 1-based UTF-8 column.
    public var column: Int
    public var message: String
    public var fixIt: String?

    public init(rule: String, line: Int, column: Int, message: String, fixIt: String? = nil) {
        self.rule = rule
        self.line = line
        self.column = column
        self.message = message
        self.fixIt = fixIt
    }
}
