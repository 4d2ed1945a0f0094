public import SitegenCore
/// `<div>[text](url)</div>`: Markdown link syntax inside an HTML block, where Markdown is not processed.
public struct MarkdownInHTMLRule: LinkRule {
    public var id: String { "link-markdown-in-html" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Markdown link syntax inside an HTML block, where it is shown as text." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard case .plainText(.markdownInHTML) = link.origin, let text = link.text,
              let close = text.firstIndex(of: "]") else { return nil }
        let start = text.hasPrefix("!") ? text.index(text.startIndex, offsetBy: 2) : text.index(after: text.startIndex)
        let label = String(text[start..<close])
        let html = link.kind == .image ? "<img src=\"\(link.destination)\" alt=\"\(label)\">"
            : "<a href=\"\(link.destination)\">\(label)</a>"
        return RuleFinding(message: "'\(text)' is inside an HTML block, where Markdown is not processed, so it is shown as text",
                           fixIt: "write it as HTML: '\(html)', or leave a blank line between the HTML and the Markdown",
                           suggestion: link.destination)
    }
}
