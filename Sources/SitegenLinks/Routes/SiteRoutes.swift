import Foundation
import SitegenCore

/// Every URL of the site being built, indexed for link resolution: by decoded path, by lowercased path
/// (case mismatches), by source file (links to `.md` files) and by file name (links to a file's name when its
/// permalink differs).
public struct SiteRoutes: Sendable {
    public let routes: [Route]
    /// The URL path the site lives under (`/how-to/`).
    public let baseURL: String
    /// Lowercased host of the site's own absolute URL (`help.example.com`), when configured.
    public let siteHost: String?
    private var byPath: [String: Int] = [:]
    private var byLowercasedPath: [String: Int] = [:]
    private var byContentPath: [String: Int] = [:]
    private var byFileSlug: [String: [Int]] = [:]
    /// Decoded paths of pages and of assets, as bytes, for suggestions by edit distance.
    private var pageKeys: [[UInt8]] = []
    private var pageIndexes: [Int] = []
    private var assetKeys: [[UInt8]] = []
    private var assetIndexes: [Int] = []

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
        self.init(indexing: routes.map { ($0, Keys($0)) }, baseURL: baseURL, siteURL: siteURL)
    }

    /// Routes with their keys made beforehand (`Keys(route)`, for instance on several threads). The path indexes
    /// and the others are made on two threads for a large site: this is serial work between the build's stages.
    public init(indexing pairs: [(route: Route, keys: Keys)], baseURL: String, siteURL: String) {
        self.routes = pairs.map(\.route)
        self.baseURL = baseURL
        self.siteHost = URLComponents(string: siteURL)?.host?.lowercased()
        let makePaths: @Sendable () -> ([String: Int], [String: Int]) = {
            var byPath: [String: Int] = [:]
            var byLowercasedPath: [String: Int] = [:]
            byPath.reserveCapacity(pairs.count)
            byLowercasedPath.reserveCapacity(pairs.count)
            for (index, (_, key)) in pairs.enumerated() {
                if byPath[key.path] == nil { byPath[key.path] = index }
                if byLowercasedPath[key.lowercasedPath] == nil { byLowercasedPath[key.lowercasedPath] = index }
            }
            return (byPath, byLowercasedPath)
        }
        // The path indexes on another thread for a large site, the others on this one.
        let paths = pairs.count >= 2_000 ? BackgroundValue(makePaths) : nil
        var pageKeys: [[UInt8]] = [], pageIndexes: [Int] = [], assetKeys: [[UInt8]] = [], assetIndexes: [Int] = []
        for (index, (route, key)) in pairs.enumerated() {
            if route.kind == .asset {
                assetKeys.append(Array(key.path.utf8))
                assetIndexes.append(index)
            } else {
                pageKeys.append(Array(key.path.utf8))
                pageIndexes.append(index)
            }
            if let contentPath = route.contentPath {
                byContentPath[contentPath] = index
                if let slug = key.fileSlug { byFileSlug[slug, default: []].append(index) }
            }
        }
        (self.pageKeys, self.pageIndexes, self.assetKeys, self.assetIndexes) = (pageKeys, pageIndexes, assetKeys, assetIndexes)
        (byPath, byLowercasedPath) = paths?.value ?? makePaths()
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

    /// The page (or asset) whose path is nearest to `path` by edit distance, within a quarter of its length.
    public func nearestRoute(to path: String, asset: Bool) -> Int? {
        let key = Array(Self.key(path).utf8)
        return asset ? EditDistance.nearest(to: key, in: assetKeys).map { assetIndexes[$0] }
            : EditDistance.nearest(to: key, in: pageKeys).map { pageIndexes[$0] }
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
