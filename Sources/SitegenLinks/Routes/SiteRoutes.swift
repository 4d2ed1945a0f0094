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

    public init(routes: [Route], baseURL: String, siteURL: String) {
        self.routes = routes
        self.baseURL = baseURL
        self.siteHost = URLComponents(string: siteURL)?.host?.lowercased()
        for (index, route) in routes.enumerated() {
            let key = Self.key(route.url)
            if byPath[key] == nil { byPath[key] = index }
            if route.kind == .asset {
                assetKeys.append(Array(key.utf8))
                assetIndexes.append(index)
            } else {
                pageKeys.append(Array(key.utf8))
                pageIndexes.append(index)
            }
            let lowered = key.lowercased()
            if byLowercasedPath[lowered] == nil { byLowercasedPath[lowered] = index }
            if let contentPath = route.contentPath {
                byContentPath[contentPath] = index
                let name = contentPath.split(separator: "/").last.map(String.init) ?? contentPath
                let slug = Self.fileSlug(name)
                byFileSlug[slug, default: []].append(index)
            }
        }
    }

    /// The route at a path (percent-encoded or not; compared decoded).
    public func route(atPath path: String) -> Int? { byPath[Self.key(path)] }

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
        path.utf8.contains(UInt8(ascii: "%")) ? (path.removingPercentEncodingStrict ?? path) : path
    }

    /// `Add Users.md` → `add users`: file name without its Markdown extension, lowercased.
    public static func fileSlug(_ name: String) -> String {
        var base = name
        for suffix in MarkdownFileName.extensions + [".html"] where base.lowercased().hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
        }
        return (key(base)).lowercased()
    }
}
