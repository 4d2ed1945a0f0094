/// How Markdown is rendered.
public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML (inline and block). When false, cmark-gfm replaces it with `<!-- raw HTML omitted -->`.
    public var rawHTML: Bool
    /// Curly quotes, en and em dashes, ellipses.
    public var smartPunctuation: Bool
    /// Soft line breaks become `<br />`.
    public var hardBreaks: Bool

    public init(rawHTML: Bool = true, smartPunctuation: Bool = false, hardBreaks: Bool = false) {
        self.rawHTML = rawHTML
        self.smartPunctuation = smartPunctuation
        self.hardBreaks = hardBreaks
    }
}
