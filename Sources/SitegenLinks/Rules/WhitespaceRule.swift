public import SitegenCore
import Foundation

/// A destination with spaces: `[text](my page.md)` is not a link at all in Markdown; `<my page.md>` and HTML
/// attributes work in browsers but break in other tools.
public struct WhitespaceRule: LinkRule {
    public var id: String { "link-whitespace" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Whitespace inside a link destination." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        let destination = link.destination
        // Cheap test first: ASCII whitespace, or a non-ASCII byte that may be Unicode whitespace.
        guard destination.containsUTF8Byte(where: { $0 <= 0x20 || $0 >= 0x80 }) else { return nil }
        let trimmed = destination.trimmingCharacters(in: .whitespacesAndNewlines)
        guard destination.contains(where: \.isWhitespace), !trimmed.isEmpty else { return nil }
        let encoded = trimmed.split(separator: " ", omittingEmptySubsequences: false).joined(separator: "%20")
            .replacingOccurrences(of: "\t", with: "%09")
        if case .plainText(.whitespaceInDestination) = link.origin {
            return RuleFinding(
                message: "'\(link.text ?? destination)' is not a link: Markdown link destinations cannot contain spaces, so it is shown as text",
                fixIt: "write the spaces as '%20': '\(encoded)'", suggestion: encoded, replacement: .destination(encoded))
        }
        guard isRealLink(link) else { return nil }
        return RuleFinding(message: "link destination '\(destination)' contains whitespace",
                           fixIt: "write the spaces as '%20': '\(encoded)'", suggestion: encoded,
                           replacement: .destination(encoded), stopsResolution: false, continueWith: encoded)
    }
}
