public import SitegenCore
/// `[text](url` with no closing parenthesis, so Markdown shows it as text.
public struct UnclosedLinkRule: LinkRule {
    public var id: String { "link-unclosed" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A link whose destination has no closing parenthesis." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard case .plainText(.unclosed) = link.origin, let text = link.text else { return nil }
        return RuleFinding(message: "'\(text)' is not a link: the destination has no closing ')'",
                           fixIt: "close it: '\(text))'", suggestion: link.destination)
    }
}
