public import SitegenCore
import Foundation

/// `[text]()` and `[text](#)`: a link that leads nowhere.
public struct EmptyDestinationRule: LinkRule {
    public var id: String { "link-empty" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A link with an empty destination, or only '#'." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard isRealLink(link) else { return nil }
        // Cheap test first: a destination that starts with a visible character other than '#' is not empty.
        if let first = link.destination.utf8.first, first > 0x20, first != UInt8(ascii: "#") { return nil }
        let trimmed = link.destination.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            return RuleFinding(message: "\(link.kind == .image ? "image" : "link") has no destination",
                               fixIt: "write the URL between the parentheses, or remove the link")
        }
        if trimmed == "#" {
            return RuleFinding(message: "link destination '#' leads nowhere (it only scrolls to the top of the page)",
                               fixIt: "link to a heading ('#heading-id') or a page, or remove the link")
        }
        return nil
    }
}
