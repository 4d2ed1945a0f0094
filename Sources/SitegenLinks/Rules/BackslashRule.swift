public import SitegenCore
import Foundation

/// `[text](\how-to\x\)`: backslashes are not path separators in URLs.
public struct BackslashRule: LinkRule {
    public var id: String { "link-backslash" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "Backslashes used as path separators in a URL." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let destination = context.link.destination
        guard isRealLink(context.link), destination.containsByte(UInt8(ascii: "\\")) else { return nil }
        let fixed = destination.replacingOccurrences(of: "\\", with: "/")
        return RuleFinding(message: "link destination '\(destination)' uses backslashes; URLs separate folders with '/'",
                           fixIt: "did you mean '\(fixed)'?", suggestion: fixed, replacement: .destination(fixed),
                           stopsResolution: false, continueWith: fixed)
    }
}
