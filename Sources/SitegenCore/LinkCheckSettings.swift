/// The severity a site gives a rule in `sitegen.yml` (`links.rules`): a diagnostic severity, or `off`.
public enum RuleSeverity: String, Sendable, Codable, CaseIterable {
    case error
    case warning
    case note
    case off

    /// The diagnostic severity, or nil for `off`.
    public var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .note: .note
        case .off: nil
        }
    }
}

/// How a site wants its links checked (the `links` section of `sitegen.yml`).
public struct LinkCheckSettings: Sendable, Equatable {
    /// Rule id → severity, overriding the rule's default.
    public var severities: [String: RuleSeverity] = [:]
    /// Where each severity was set, for reporting an unknown rule id.
    public var severityLocations: [String: SourceLocation] = [:]
    /// Glob patterns (`*` matches `/` too) of destinations not to check: matched against the destination as
    /// written and against the URL it resolves to.
    public var ignoreURLs: [String] = []
    /// Glob patterns, relative to the content folder, of files whose links are not checked.
    public var ignoreFiles: [String] = []
    /// Front-matter keys whose values are URLs to check.
    public var frontMatterFields: [String] = ["image", "canonical_url", "redirect_to"]
    /// Report rules whose default is `error` as warnings (a Jekyll site read without a `sitegen.yml`, so that it
    /// builds as it is while its problems are listed). Severities the site sets itself are kept.
    public var errorsAsWarnings = false
    /// Fetching external URLs (`links.external`).
    public var external = ExternalLinkSettings()

    public init() {}
}
