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
}
