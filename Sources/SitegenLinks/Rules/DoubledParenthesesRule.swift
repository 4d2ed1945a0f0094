public import SitegenCore
import Foundation

/// `[text]((/how-to/x/))`: the destination is wrapped in a second pair of parentheses, so the link points at
/// a relative path that starts with `(`; and `[text]((/how-to/x/)`, with one `)`, which is no link at all.
public struct DoubledParenthesesRule: LinkRule {
    public var id: String { "link-doubled-parentheses" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Link destination wrapped in extra parentheses, as in [text]((/x/))." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        if case .plainText(.doubledParentheses) = link.origin, let text = link.text {
            // `[text]((url)`: one `)` for two `(`, so it is not a link at all.
            guard let open = text.range(of: "](") else { return nil }
            let fixed = String(text[..<open.upperBound]) + link.destination + ")"
            return RuleFinding(message: "'\(text)' is not a link: the destination starts with an extra '(', so it is shown as text",
                               fixIt: "did you mean '\(fixed)'?\(note(on: link.destination, context))",
                               suggestion: link.destination, replacement: .text(fixed))
        }
        let destination = link.destination
        guard isRealLink(link), destination.hasPrefix("("), destination.hasSuffix(")"), destination.count >= 2
        else { return nil }
        var inner = String(destination.dropFirst().dropLast())
        while inner.hasPrefix("("), inner.hasSuffix(")"), inner.count >= 2 { inner = String(inner.dropFirst().dropLast()) }
        inner = inner.trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty else { return nil }
        return RuleFinding(message: "link destination is wrapped in extra parentheses: '\(destination)'",
                           fixIt: "did you mean '\(inner)'?\(note(on: inner, context))", suggestion: inner,
                           replacement: .destination(inner))
    }

    /// Whether the destination inside the parentheses exists on this site, when it is a site link.
    private func note(on inner: String, _ context: LinkRuleContext) -> String {
        let resolution = context.resolver.resolve(inner, pageURL: context.pageURL, contentPath: context.contentPath)
        switch resolution.target {
        case .route(let index):
            let route = context.resolver.routes.routes[index]
            return route.title.map { " (it leads to '\($0)')" } ?? " (it exists on this site)"
        case .missing:
            return " (but that does not exist on this site either)"
        case .external, .outsideSite:
            return ""
        }
    }
}
