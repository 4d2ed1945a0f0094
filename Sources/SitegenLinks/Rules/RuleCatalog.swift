public import SitegenCore

/// Every link rule sitegen knows: the malformed-link rules, which look at a destination alone, and the
/// resolution rules, which look it up on the site.
public enum RuleCatalog {
    /// A rule's id, default severity and one-line summary (for `sitegen.yml` and SARIF). The manual's table of link
    /// rules (docs/content/links/rules.md) is written by hand; a test holds it to these ids and severities.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var defaultSeverity: RuleSeverity
        public var summary: String
    }

    /// Malformed-link rules, in the order they are tried (the first that finds something is the one reported:
    /// an unsafe URL first, whatever else is wrong with it).
    public static let malformedLinkRules: [any LinkRule] = [
        UnsafeSchemeRule(), EmptyDestinationRule(), TemplateSyntaxRule(), DoubledParenthesesRule(), MalformedSchemeRule(),
        MissingMailtoRule(), MissingSchemeRule(), BackslashRule(), WhitespaceRule(), SpaceBeforeParenthesisRule(),
        UndefinedReferenceRule(), UnclosedLinkRule(), MarkdownInHTMLRule(),
    ]

    /// Ids of the resolution rules.
    public enum Resolution {
        public static let broken = "link-broken"
        public static let brokenFragment = "link-broken-fragment"
        public static let caseMismatch = "link-case-mismatch"
        public static let sourceFile = "link-to-source-file"
        public static let trailingSlash = "link-trailing-slash"
        public static let outsideSite = "link-outside-site"
        public static let ownHost = "link-own-host"
        public static let viaRedirect = "link-via-redirect"
        public static let baseURLMismatch = "link-baseurl-mismatch"
    }

    public static let resolutionRules: [Entry] = [
        Entry(id: Resolution.broken, defaultSeverity: .error, summary: "A link to a page or file that does not exist on this site."),
        Entry(id: Resolution.brokenFragment, defaultSeverity: .error,
              summary: "A link to a #fragment that is not a heading id or anchor of the target page."),
        Entry(id: Resolution.caseMismatch, defaultSeverity: .error,
              summary: "A link that differs from an existing URL only in letter case (URLs are case-sensitive)."),
        Entry(id: Resolution.sourceFile, defaultSeverity: .error,
              summary: "A link to an article's Markdown file instead of its URL."),
        Entry(id: Resolution.trailingSlash, defaultSeverity: .off,
              summary: "A page link without its trailing slash (it works through a redirect); turn on to require the canonical form."),
        Entry(id: Resolution.outsideSite, defaultSeverity: .warning,
              summary: "A link to a path of this host outside the baseurl, which the build cannot verify."),
        Entry(id: Resolution.ownHost, defaultSeverity: .note,
              summary: "An absolute URL to this site's own host; a site-relative link survives a change of domain."),
        Entry(id: Resolution.viaRedirect, defaultSeverity: .note,
              summary: "A link to an old URL of a page (redirect_from, aliases, redirect_to): it works through the redirect; link to where it leads."),
        Entry(id: Resolution.baseURLMismatch, defaultSeverity: .error,
              summary: "The site's links are written under another path than its baseurl: reported once, at the baseurl, and the links checked as if under it."),
    ]

    /// Ids of the external-link rules (`check --external`).
    public enum External {
        public static let dead = "link-external-dead"
        public static let moved = "link-external-moved"
        public static let blocked = "link-external-blocked"
        public static let flaky = "link-external-flaky"
        public static let tls = "link-external-tls"
        public static let fragment = "link-external-fragment"
        public static let insecure = "link-external-insecure"
        public static let noNetwork = "link-external-no-network"
    }

    public static let externalRules: [Entry] = [
        Entry(id: External.dead, defaultSeverity: .error,
              summary: "An external URL that answers 404 or 410, whose host does not resolve, or whose redirects end in one of those."),
        Entry(id: External.moved, defaultSeverity: .warning,
              summary: "An external URL that redirects permanently (301, 308) to a working page; `sitegen fix` writes the new URL."),
        Entry(id: External.blocked, defaultSeverity: .note,
              summary: "An external URL that refuses robots (401, 403, 999, a bot challenge): it may work in a browser."),
        Entry(id: External.flaky, defaultSeverity: .warning,
              summary: "An external URL that timed out, reset or refused the connection, or answered 5xx or 429, after the retries."),
        Entry(id: External.tls, defaultSeverity: .error,
              summary: "An external URL whose certificate is expired, not trusted, or for another host."),
        Entry(id: External.fragment, defaultSeverity: .warning,
              summary: "A #fragment that is no id or name in the fetched page (with `links.external.fragments: true`)."),
        Entry(id: External.insecure, defaultSeverity: .off,
              summary: "An http:// URL whose https:// form works; turn on to have such links listed."),
        Entry(id: External.noNetwork, defaultSeverity: .note,
              summary: "External links were to be checked, but no host could be reached: none is reported."),
    ]

    /// Every link rule.
    public static let entries: [Entry] =
        malformedLinkRules.map { Entry(id: $0.id, defaultSeverity: $0.defaultSeverity, summary: $0.summary) } + resolutionRules
            + externalRules

    /// Rules that keep their default `error` in Jekyll mode (`LinkCheckSettings.errorsAsWarnings`): Jekyll
    /// publishes such a page, but what they find runs script in readers' browsers.
    public static let errorsInJekyllMode: Set<String> = [UnsafeSchemeRule.id]

    /// Rule id → entry.
    public static let byID: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
}
