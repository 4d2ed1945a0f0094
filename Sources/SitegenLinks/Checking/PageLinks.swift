public import SitegenCore

/// The links of one page, with what the checker needs to know about the page.
public struct PageLinks: Sendable {
    /// Source file as shown in diagnostics (`content/x/y.md`).
    public var file: String
    /// Source file relative to the content folder (`x/y.md`), for ignore globs and links to `.md` files.
    public var contentPath: String?
    /// URL of the page.
    public var pageURL: String
    public var links: [LinkOccurrence]
    public var suppressions: Suppressions

    public init(file: String, contentPath: String?, pageURL: String, links: [LinkOccurrence],
                suppressions: Suppressions = Suppressions(text: "")) {
        self.file = file
        self.contentPath = contentPath
        self.pageURL = pageURL
        self.links = links
        self.suppressions = suppressions
    }
}

/// Counts from a link check, for the summary lines of the reports.
public struct LinkStats: Sendable, Codable, Equatable {
    /// Every destination looked at.
    public var links = 0
    /// Destinations on this site (checked against its routes).
    public var internalLinks = 0
    /// Destinations on other sites or with other schemes (not fetched).
    public var externalLinks = 0
    /// Links to pages that work only because the server adds the trailing slash.
    public var missingTrailingSlash = 0
    /// Links skipped by `links.ignore` patterns.
    public var ignored = 0
    /// Findings silenced by `<!-- sitegen-ignore -->` comments.
    public var suppressed = 0

    public init() {}

    /// The counts of `lhs` without those of `rhs` (a page checked again takes its old counts out of the total).
    public static func - (lhs: LinkStats, rhs: LinkStats) -> LinkStats {
        var difference = LinkStats()
        difference.links = lhs.links - rhs.links
        difference.internalLinks = lhs.internalLinks - rhs.internalLinks
        difference.externalLinks = lhs.externalLinks - rhs.externalLinks
        difference.missingTrailingSlash = lhs.missingTrailingSlash - rhs.missingTrailingSlash
        difference.ignored = lhs.ignored - rhs.ignored
        difference.suppressed = lhs.suppressed - rhs.suppressed
        return difference
    }

    public static func + (lhs: LinkStats, rhs: LinkStats) -> LinkStats {
        var sum = LinkStats()
        sum.links = lhs.links + rhs.links
        sum.internalLinks = lhs.internalLinks + rhs.internalLinks
        sum.externalLinks = lhs.externalLinks + rhs.externalLinks
        sum.missingTrailingSlash = lhs.missingTrailingSlash + rhs.missingTrailingSlash
        sum.ignored = lhs.ignored + rhs.ignored
        sum.suppressed = lhs.suppressed + rhs.suppressed
        return sum
    }
}
