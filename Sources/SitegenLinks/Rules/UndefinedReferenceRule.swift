public import SitegenCore
/// `[text][label]` where no `[label]: url` line defines the label, so Markdown shows it as text.
public struct UndefinedReferenceRule: LinkRule {
    public var id: String { "link-undefined-reference" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A reference link [text][label] whose label is not defined." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard case .plainText(.undefinedReference) = link.origin, let text = link.text else { return nil }
        return RuleFinding(message: "'\(text)' is not a link: no '[\(link.destination)]: URL' line defines the label '\(link.destination)'",
                           fixIt: "add a line '[\(link.destination)]: /how-to/page/' below the paragraph, or write '[text](URL)'")
    }
}
