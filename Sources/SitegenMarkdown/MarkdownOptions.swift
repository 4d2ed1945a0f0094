public import SitegenCore

/// How Markdown is rendered.
public struct MarkdownOptions: Sendable, Hashable {
    /// What happens to raw HTML (inline and block): omitted (`<!-- raw HTML omitted -->`), kept, or sanitized.
    public var rawHTML: RawHTMLMode
    /// Hosts an `<iframe>`, `<object>` or `<embed>` may show.
    public var embedHosts: EmbedHosts
    /// Publish the raw HTML `content-unsafe-html` reports as written (with `rawHTML` `.kept`): true when the site set
    /// that rule below `error`. Unsafe URLs are replaced even then.
    public var keepsReportedHTML: Bool
    /// Curly quotes, en and em dashes, ellipses.
    public var smartPunctuation: Bool
    /// Soft line breaks become `<br />`.
    public var hardBreaks: Bool
    /// HTML indented as code right after an HTML block (`markdown-indented-html`) is rendered as HTML, as Jekyll's
    /// kramdown does (its HTML blocks run to their closing tag, blank lines and all); CommonMark shows it as code.
    public var indentedHTMLAsHTML: Bool
    /// Fenced code blocks in a language SitegenHighlight knows get `<span class="hl-…">` around their tokens.
    public var highlightsCode: Bool

    public init(rawHTML: RawHTMLMode = .kept, embedHosts: EmbedHosts = EmbedHosts(), keepsReportedHTML: Bool = false,
                smartPunctuation: Bool = false, hardBreaks: Bool = false, indentedHTMLAsHTML: Bool = false,
                highlightsCode: Bool = true) {
        self.rawHTML = rawHTML
        self.embedHosts = embedHosts
        self.keepsReportedHTML = keepsReportedHTML
        self.smartPunctuation = smartPunctuation
        self.hardBreaks = hardBreaks
        self.indentedHTMLAsHTML = indentedHTMLAsHTML
        self.highlightsCode = highlightsCode
    }
}
