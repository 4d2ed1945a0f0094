import SitegenCore
import Foundation

/// `[text]((/how-to/x/))`: the destination is wrapped in a second pair of parentheses, so the link points at
/// a relative path that starts with `(`.
public struct DoubledParenthesesRule: LinkRule {
    public var id: String { "link-doubled-parentheses" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Link destination wrapped in extra parentheses, as in [text]((/x/))." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let destination = context.link.destination
        guard isRealLink(context.link), destination.hasPrefix("("), destination.hasSuffix(")"), destination.count >= 2
        else { return nil }
        var inner = String(destination.dropFirst().dropLast())
        while inner.hasPrefix("("), inner.hasSuffix(")"), inner.count >= 2 { inner = String(inner.dropFirst().dropLast()) }
        inner = inner.trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty else { return nil }
        let resolution = context.resolver.resolve(inner, pageURL: context.pageURL,
                                                  contentPath: context.contentPath)
        var note = ""
        switch resolution.target {
        case .route(let index):
            let route = context.resolver.routes.routes[index]
            note = route.title.map { " (it leads to '\($0)')" } ?? " (it exists on this site)"
        case .missing:
            note = " (but that does not exist on this site either)"
        case .external, .outsideSite:
            break
        }
        return RuleFinding(message: "link destination is wrapped in extra parentheses: '\(destination)'",
                           fixIt: "did you mean '\(inner)'?\(note)", suggestion: inner, replacement: .destination(inner))
    }
}
