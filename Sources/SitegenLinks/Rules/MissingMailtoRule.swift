public import SitegenCore
/// `[Write to us](support@example.com)`: an e-mail address without `mailto:`, which a browser opens as a page.
public struct MissingMailtoRule: LinkRule {
    public var id: String { "link-missing-mailto" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "An e-mail address used as a link without mailto:." }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let destination = context.link.destination
        guard isRealLink(context.link), destination.containsByte(UInt8(ascii: "@")), Self.isEmailAddress(destination) else { return nil }
        let fixed = "mailto:" + destination
        return RuleFinding(message: "'\(destination)' is an e-mail address; without 'mailto:' browsers open it as a page of this site",
                           fixIt: "did you mean '\(fixed)'?", suggestion: fixed, replacement: .destination(fixed))
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(where: { $0 == "/" || $0 == ":" || $0 == " " })
        else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        } && domain.last!.allSatisfy(\.isLetter)
    }
}
