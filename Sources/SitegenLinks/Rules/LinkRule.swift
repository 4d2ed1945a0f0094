public import SitegenCore

/// What a malformed-link rule sees: the link, and the site it is on.
public struct LinkRuleContext: Sendable {
    public var link: LinkOccurrence
    /// URL of the page that holds the link.
    public var pageURL: String
    /// Source file relative to the content folder.
    public var contentPath: String?
    public var resolver: LinkResolver
}

/// A problem a malformed-link rule found.
public struct RuleFinding: Sendable, Equatable {
    /// How `sitegen fix` may repair it.
    public enum Replacement: Sendable, Equatable {
        /// Replace the destination text (only when it is written verbatim in the source).
        case destination(String)
        /// Replace the whole construct's source text (`[text] (url)`).
        case text(String)
    }

    /// One sentence that explains the problem.
    public var message: String
    /// How to fix it, for people (`did you mean 'https://apps.example.com'?`).
    public var fixIt: String?
    /// The destination that would work, when one is known.
    public var suggestion: String?
    /// The one safe replacement, when there is exactly one.
    public var replacement: Replacement?
    /// False when the destination should still be resolved (as `continueWith`, when given).
    public var stopsResolution = true
    /// The destination to resolve instead of the written one (e.g. with backslashes turned into slashes).
    public var continueWith: String?

    public init(message: String, fixIt: String? = nil, suggestion: String? = nil, replacement: Replacement? = nil,
                stopsResolution: Bool = true, continueWith: String? = nil) {
        self.message = message
        self.fixIt = fixIt
        self.suggestion = suggestion
        self.replacement = replacement
        self.stopsResolution = stopsResolution
        self.continueWith = continueWith
    }
}

/// A rule that recognises one kind of malformed link from its text alone. One rule per file, with its
/// messages beside it. Rules hold no stored values (their id, severity and summary are computed): an empty
/// struct fits in an existential without a box, so checking every link against every rule copies nothing.
public protocol LinkRule: Sendable {
    /// Stable id, used in reports and in `sitegen.yml` (`links.rules`).
    var id: String { get }
    /// Severity unless the site sets another.
    var defaultSeverity: RuleSeverity { get }
    /// One line saying what the rule finds.
    var summary: String { get }
    func check(_ context: LinkRuleContext) -> RuleFinding?
}

extension LinkRule {
    /// True for links written in Markdown or HTML (not plain-text look-alikes).
    func isRealLink(_ link: LinkOccurrence) -> Bool {
        if case .plainText = link.origin { return false }
        return true
    }
}
