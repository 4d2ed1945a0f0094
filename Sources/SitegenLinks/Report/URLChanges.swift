/// What a change does to the published URLs, found by the URL-stability guard (`check --baseline`): the report
/// formats count it in their summary, and the HTML and Markdown reports list it in a "URL changes" section.
public struct URLChanges: Sendable, Equatable {
    /// A baseline page URL that is neither a page nor a redirect source now.
    public struct Removed: Sendable, Equatable {
        public var url: String
        /// The current page suggested for its `redirect_from`, when there is one.
        public var suggestion: String?
        /// Why (`renamed to content/x/y.md`, `82% similar`).
        public var reason: String?

        public init(url: String, suggestion: String? = nil, reason: String? = nil) {
            self.url = url
            self.suggestion = suggestion
            self.reason = reason
        }
    }

    /// A baseline page URL that is now a redirect source.
    public struct Redirected: Sendable, Equatable {
        public var from: String
        /// Where it leads (nil when the redirect leads nowhere; its own error says so).
        public var to: String?

        public init(from: String, to: String?) {
            self.from = from
            self.to = to
        }
    }

    /// How the baseline was named (`git:main`, `old/sitemap.xml`).
    public var baseline: String
    /// Baseline page URLs compared.
    public var baselinePages: Int
    public var removed: [Removed]
    public var redirected: [Redirected]
    /// Page URLs the baseline did not have.
    public var added: [String]
    /// Heading ids gone from a page that is still there (or renamed).
    public var anchorsRemoved: Int

    public init(baseline: String, baselinePages: Int, removed: [Removed], redirected: [Redirected], added: [String],
                anchorsRemoved: Int) {
        self.baseline = baseline
        self.baselinePages = baselinePages
        self.removed = removed
        self.redirected = redirected
        self.added = added
        self.anchorsRemoved = anchorsRemoved
    }

    /// `3 removed, 2 redirected, 5 added, 1 anchor removed`: the summary every format shows.
    public var summary: String {
        "\(removed.count) removed, \(redirected.count) redirected, \(added.count) added, "
            + "\(anchorsRemoved) anchor\(anchorsRemoved == 1 ? "" : "s") removed"
    }

    /// The counts, as the JSON and SARIF reports write them.
    public struct Counts: Encodable, Sendable {
        public var baseline: String
        public var baselinePages: Int
        public var removed: Int
        public var redirected: Int
        public var added: Int
        public var anchorsRemoved: Int

        enum CodingKeys: String, CodingKey {
            case baseline, removed, redirected, added
            case baselinePages = "baseline_pages"
            case anchorsRemoved = "anchors_removed"
        }
    }

    public var counts: Counts {
        Counts(baseline: baseline, baselinePages: baselinePages, removed: removed.count, redirected: redirected.count,
               added: added.count, anchorsRemoved: anchorsRemoved)
    }
}
