import SitegenCore

/// One URL the site being built serves: a page, a generated page or an asset.
public struct Route: Sendable, Hashable {
    /// What is served at the URL.
    public enum Kind: Sendable, Hashable {
        /// An article (or landing page) written from a Markdown file.
        case article
        /// A page the theme generates (home, product page, all-articles list, 404, sitemap).
        case generated
        /// A file copied as is (image, PDF, stylesheet).
        case asset
        /// An old URL that sends readers on (`redirect_from`, `aliases`, `redirect_to`); `redirectTarget` says where.
        case redirect
    }

    /// The URL as written in `href`s: absolute and percent-encoded (`/how-to/a%20b/`).
    public var url: String
    public var kind: Kind
    /// Fragment targets (heading ids, `id`/`name` in raw HTML); nil when unknown (generated pages, assets).
    public var anchors: Set<String>?
    /// Page title, for messages.
    public var title: String?
    /// The Markdown file it comes from, relative to the content folder (`rackspace-email/x.md`).
    public var contentPath: String?
    /// Where a redirect finally leads (a site path, or an http(s) URL; with a `#fragment` when it names one), after
    /// any chain of redirects; nil when it leads nowhere (a broken target or a loop, reported at the redirect).
    public var redirectTarget: String?

    public init(url: String, kind: Kind, anchors: Set<String>? = nil, title: String? = nil, contentPath: String? = nil,
                redirectTarget: String? = nil) {
        self.redirectTarget = redirectTarget
        self.url = url
        self.kind = kind
        self.anchors = anchors
        self.title = title
        self.contentPath = contentPath
    }
}
