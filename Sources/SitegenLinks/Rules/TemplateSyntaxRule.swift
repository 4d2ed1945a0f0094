public import SitegenCore
/// `{{ site.baseurl }}/x/` or `{% link x.md %}` left in a URL: template syntax that was not expanded.
public struct TemplateSyntaxRule: LinkRule {
    public var id: String { "link-template-syntax" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Unexpanded template syntax ({{ }} or {% %}) in a URL." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let destination = context.link.destination
        // Cheap test first: every form needs a brace or a percent sign.
        guard destination.containsUTF8Byte(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "%") })
        else { return nil }
        let lowered = destination.lowercased()
        let isLinkWithSpaces = context.link.origin == .plainText(.whitespaceInDestination)
        guard isRealLink(context.link) || isLinkWithSpaces,
              ["{{", "{%", "%7b%7b", "%7b%25", "}}", "%}"].contains(where: { lowered.containsBytes(of: $0) })
        else { return nil }
        return RuleFinding(message: "link destination '\(destination)' contains template syntax that is not expanded",
                           fixIt: "write the URL itself (for example '/how-to/page/')")
    }
}
