public import SitegenCore
/// `[text] (url)`: a space between `]` and `(`, so Markdown shows the brackets and the URL as text.
public struct SpaceBeforeParenthesisRule: LinkRule {
    public var id: String { "link-space-before-parenthesis" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A space between ] and ( in [text] (url), which leaves the link as plain text." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard case .plainText(.spaceBeforeParenthesis) = link.origin, let text = link.text,
              let close = text.firstIndex(of: "]") else { return nil }
        let after = text[text.index(after: close)...].drop { $0 == " " || $0 == "\t" }
        let fixed = String(text[...close]) + after
        return RuleFinding(message: "'\(text)' is not a link: there is a space between ']' and '(', so it is shown as text",
                           fixIt: "remove the space: '\(fixed)'", suggestion: link.destination, replacement: .text(fixed))
    }
}
