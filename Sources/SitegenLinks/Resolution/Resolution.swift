/// Where a destination leads on the site being built, and what is wrong with how it gets there.
public struct Resolution: Sendable, Equatable {
    /// What the destination points at.
    public enum Target: Sendable, Equatable {
        /// Another site, or a scheme that is not the web (`mailto:`, `tel:`): not checked.
        case external
        /// A route of this site (index into `SiteRoutes.routes`).
        case route(Int)
        /// A path on this host outside the baseurl, which the build cannot verify.
        case outsideSite
        /// Nothing at this URL.
        case missing
    }

    /// A problem with a destination that still (or almost) reaches its target.
    public enum Issue: Sendable, Equatable {
        /// An absolute URL to the site's own host; `replacement` is the site-relative form.
        case ownHost(replacement: String)
        /// Works because the server adds the slash; `replacement` is the canonical form.
        case missingTrailingSlash(replacement: String)
        /// Differs from a route only in letter case; `replacement` is the exact form.
        case caseMismatch(replacement: String)
        /// Links to a Markdown source file, which is not published; `replacement` is the article's URL.
        case sourceFile(replacement: String)
        /// The page exists but has no such fragment; `suggestion` is the nearest anchor.
        case missingFragment(String, suggestion: String?)
        /// An old URL of a page (a redirect source): it works through the redirect; `replacement` is where it leads.
        case viaRedirect(replacement: String)
        /// Nothing at the URL; `suggestion` is a destination that exists, `reason` says why it is suggested.
        case broken(suggestion: String?, reason: String?)
    }

    public var target: Target
    /// The absolute site path the destination resolves to (with `?query#fragment` as written), when it is internal.
    public var resolvedURL: String?
    public var issues: [Issue]
    /// The destination as the resolver read it when it did not resolve as written and the site's
    /// `LinkPrefixAlias` applies to it (`/help/x/` for `/how-to/x/`); nil otherwise.
    public var readAs: String?

    public init(target: Target, resolvedURL: String? = nil, issues: [Issue] = []) {
        self.target = target
        self.resolvedURL = resolvedURL
        self.issues = issues
    }
}
