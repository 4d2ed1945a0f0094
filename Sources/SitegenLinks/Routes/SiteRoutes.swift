import Foundation
import SitegenCore

/// Every URL of the site being built, indexed for link resolution: by decoded path, by lowercased path
/// (case mismatches), by source file (links to `.md` files) and by file name (links to a file's name when its
/// permalink differs).
public struct SiteRoutes: Sendable {
    public private(set) var routes: [Route]
    /// The URL path the site lives under (`/how-to/`).
    public let baseURL: String
    /// Lowercased host of the site's own absolute URL (`help.example.com`), when configured.
    public let siteHost: String?
    private var byPath: [String: Int] = [:]
    private var byLowercasedPath: [String: Int] = [:]
    private var byContentPath: [String: Int] = [:]
    private var byFileSlug: [String: [Int]] = [:]
    /// Routes of pages and of assets, and suggestions among their decoded paths (indexed on first use).
    private var pageIndexes: [Int] = []
    private var assetIndexes: [Int] = []
    /// The Markdown files that are not built (no front matter, or it could not be read), by the decoded path of
    /// the URL each would have had from its file name: a link there is broken, and its fix names the file.
    public private(set) var unbuilt: [String: String] = [:]
    private var pageSuggestions = LazySuggestions { [] }
    private var assetSuggestions = LazySuggestions { [] }

    /// The strings a route is indexed by, computed apart so that a large site can compute them in parallel.
    public struct Keys: Sendable {
        var path: String
        var lowercasedPath: String
        var fileSlug: String?

        public init(_ route: Route) {
            path = SiteRoutes.key(route.url)
            lowercasedPath = path.lowercased()
            fileSlug = route.contentPath.map { contentPath in
                SiteRoutes.fileSlug(contentPath.lastSlashSeparatedPart.map(String.init) ?? contentPath)
            }
        }
    }

    public init(routes: [Route], baseURL: String, siteURL: String) {
        self.init(routes: routes, keys: routes.map(Keys.init), baseURL: baseURL, siteURL: siteURL)
    }

    /// Routes with their keys made beforehand (`keys[i]` is `Keys(routes[i])`, for instance made on several
    /// threads). The path indexes and the others are made on two threads for a large site: this is serial work
    /// between the build's stages. Two arrays rather than one of pairs: taking the routes out of pairs copied (and
    /// retained) every route's strings, on one core.
    public init(routes: [Route], keys: [Keys], baseURL: String, siteURL: String) {
        precondition(routes.count == keys.count, "a key per route")
        self.routes = routes
        self.baseURL = baseURL
        self.siteHost = URLComponents(string: siteURL)?.host?.lowercased()
        let makePaths: @Sendable () -> ([String: Int], [String: Int]) = {
            var byPath: [String: Int] = [:]
            var byLowercasedPath: [String: Int] = [:]
            byPath.reserveCapacity(keys.count)
            byLowercasedPath.reserveCapacity(keys.count)
            for index in keys.indices {
                let (path, lowercased) = (keys[index].path, keys[index].lowercasedPath)
                if byPath[path] == nil { byPath[path] = index }
                if byLowercasedPath[lowercased] == nil { byLowercasedPath[lowercased] = index }
            }
            return (byPath, byLowercasedPath)
        }
        // The path indexes on another thread for a large site, the others on this one.
        let paths = keys.count >= 2_000 ? BackgroundValue(makePaths) : nil
        var pageIndexes: [Int] = [], assetIndexes: [Int] = []
        // By position, each field read in place: `for (route, key) in pairs` copied every route and its keys.
        for index in routes.indices {
            switch routes[index].kind {
            case .asset: assetIndexes.append(index)
            // An old URL is never suggested: a link should name where readers arrive.
            case .redirect: break
            case .article, .generated: pageIndexes.append(index)
            }
            if let contentPath = routes[index].contentPath {
                byContentPath[contentPath] = index
                if let slug = keys[index].fileSlug { byFileSlug[slug, default: []].append(index) }
            }
        }
        (self.pageIndexes, self.assetIndexes) = (pageIndexes, assetIndexes)
        // The paths now rather than `keys` in the closures: holding every route's keys until the end of a build
        // kept 15 MB at 50,000 articles.
        let pagePaths = pageIndexes.map { keys[$0].path }, assetPaths = assetIndexes.map { keys[$0].path }
        pageSuggestions = LazySuggestions { pagePaths }
        assetSuggestions = LazySuggestions { assetPaths }
        (byPath, byLowercasedPath) = paths?.value ?? makePaths()
    }

    /// Records the Markdown files that are not built, each with the URL its file name would give it (a URL that
    /// is a route is left out: the file does not claim it).
    public mutating func setUnbuilt(_ files: [(url: String, file: String)]) {
        unbuilt = [:]
        for (url, file) in files where route(atPath: url) == nil && unbuilt[Self.key(url)] == nil { unbuilt[Self.key(url)] = file }
    }

    /// The Markdown file that is not built and whose file name gives it the URL `path` (or `path` + `/`).
    public func unbuiltFile(atPath path: String) -> String? {
        guard !unbuilt.isEmpty else { return nil }
        return unbuilt[Self.key(path)] ?? unbuilt[Self.key(path + "/")]
    }

    /// Drops the suggestion indexes made so far (`LazySuggestions.release`): a later suggestion makes them again.
    public func releaseSuggestions() {
        pageSuggestions.release()
        assetSuggestions.release()
    }

    /// Replaces the route at `index` by one with the same URL, kind and source file (its anchors or title changed):
    /// the indexes, which are by URL and source, stay as they are. For the preview's rebuild after an edit.
    public mutating func replace(_ index: Int, with route: Route) {
        precondition(route.url == routes[index].url && route.kind == routes[index].kind
                     && route.contentPath == routes[index].contentPath, "only anchors and titles may change in place")
        routes[index] = route
    }

    /// The route at a path (percent-encoded or not; compared decoded).
    public func route(atPath path: String) -> Int? { byPath[Self.key(path)] }

    /// The route whose URL is `url` exactly (`route(atPath:)` compares decoded paths, which two routes may share).
    public func route(withURL url: String) -> Int? {
        guard let route = route(atPath: url) else { return nil }
        return routes[route].url == url ? route : routes.firstIndex { $0.url == url }
    }

    /// A route whose path differs from `path` only in letter case.
    public func routeIgnoringCase(atPath path: String) -> Int? { byLowercasedPath[Self.key(path).lowercased()] }

    /// The article written from a content file (`rackspace-email/x.md`).
    public func route(forContentPath path: String) -> Int? { byContentPath[path] }

    /// Articles whose file name (without extension, lowercased) is `slug`.
    public func routes(forFileSlug slug: String) -> [Int] { byFileSlug[slug] ?? [] }

    /// The page (or asset) that `path`, which matches none, most probably meant (`SuggestionIndex`).
    public func nearestRoute(to path: String, asset: Bool) -> Int? {
        let key = Self.key(path)
        return asset ? assetSuggestions.suggestion(for: key).map { assetIndexes[$0] }
            : pageSuggestions.suggestion(for: key).map { pageIndexes[$0] }
    }

    /// Comparison key: percent-decoded (malformed escapes kept as written).
    static func key(_ path: String) -> String {
        path.containsByte(UInt8(ascii: "%")) ? (path.removingPercentEncodingStrict ?? path) : path
    }

    /// `Add Users.md` → `add users`: file name without its Markdown extension, lowercased.
    public static func fileSlug(_ name: String) -> String {
        // Lowercased first, once: the extensions are compared without case, and the result is lowercased anyway
        // (percent escapes decode to the same bytes in either case).
        var base = name.lowercased()
        for suffix in Self.strippedExtensions where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
        }
        return key(base).lowercased()
    }

    private static let strippedExtensions = MarkdownFileName.extensions + [".html"]
}
