import SitegenCore
import Foundation

/// `[text](\how-to\x\)`: backslashes are not path separators in URLs.
public struct BackslashRule: LinkRule {
    public let id = "link-backslash"
    public let defaultSeverity = RuleSeverity.error
    public let summary = "Backslashes used as path separators in a URL."

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
