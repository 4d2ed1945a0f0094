import Synchronization
import SitegenCore

/// Resolves destinations against the routes of the site being built, the way a browser would from the page
/// that holds the link, and says what is wrong with the ones that do not lead where they should.
///
/// A class: every link's `LinkRuleContext` holds the resolver, and copying it as a struct retained and released
/// each of the routes' tables (a dozen references) for every link of the site.
public final class LinkResolver: Sendable {
    public let routes: SiteRoutes
    /// Links written under another prefix than the baseurl, read under it (`BaseURLMismatch`); nil on most sites.
    public let alias: LinkPrefixAlias?
    /// Suggestions among each route's anchors, for pages with many (indexed on first use).
    private let anchorSuggestions = AnchorSuggestions()

    public init(routes: SiteRoutes, alias: LinkPrefixAlias? = nil) {
        self.routes = routes
        self.alias = alias
    }

    /// Resolves `text` as written on the page at `pageURL`, whose source is `contentPath` (relative to the
    /// content folder; used for links to `.md` files). A site-absolute destination that does not resolve as
    /// written is read through `alias`, when the site has one that applies to it (`Resolution.readAs`).
    public func resolve(_ text: String, pageURL: String, contentPath: String?) -> Resolution {
        let resolution = resolveAsWritten(text, pageURL: pageURL, contentPath: contentPath)
        guard let alias, Self.failed(resolution), let site = sitePath(text), let reading = alias.reading(site.path) else {
            return resolution
        }
        var read = resolveAsWritten(site.origin + reading, pageURL: pageURL, contentPath: contentPath)
        read.readAs = site.origin + reading
        return read
    }

    /// A destination that names a path of this site: a site-absolute path (`/x/#y`, origin empty), or an absolute
    /// URL to the site's own host, as its origin (`https://help.example.com`) and its path with query and
    /// fragment; nil for anything else.
    func sitePath(_ text: String) -> (origin: String, path: String)? {
        let utf8 = text.utf8
        if utf8.first == UInt8(ascii: "/") { return utf8.dropFirst().first == UInt8(ascii: "/") ? nil : ("", text) }
        let destination = Destination(text)
        guard destination.scheme == "http" || destination.scheme == "https", let host = destination.host,
              host == routes.siteHost, destination.path.hasPrefix("/") else { return nil }
        let path = destination.path + destination.suffix
        guard text.hasSuffix(path) else { return nil }
        return (String(decoding: utf8.prefix(utf8.count - path.utf8.count), as: UTF8.self), path)
    }

    private func resolveAsWritten(_ text: String, pageURL: String, contentPath: String?) -> Resolution {
        let resolution = resolveRoutePath(text) ?? resolveInGeneral(text, pageURL: pageURL, contentPath: contentPath)
        if case .route(let route) = resolution.target, routes.routes[route].kind == .redirect {
            return followingRedirect(resolution, route: route)
        }
        return resolution
    }

    /// Whether a resolution leads nowhere on the site: outside the baseurl, or to no page.
    static func failed(_ resolution: Resolution) -> Bool {
        switch resolution.target {
        case .outsideSite: return true
        case .missing: return resolution.issues.contains { if case .broken = $0 { true } else { false } }
        case .route, .external: return false
        }
    }

    /// What a link to a path of this site (`sitePath`) says about the baseurl (`BaseURLMismatch.PageEvidence`),
    /// added to `evidence`: `resolution` is how the link `text` resolved (through `alias` or not).
    func gather(_ text: String, _ resolution: Resolution, into evidence: inout BaseURLMismatch.PageEvidence) {
        let utf8 = text.utf8
        guard resolution.readAs != nil || Self.failed(resolution) else {
            if case .route = resolution.target, utf8.first == UInt8(ascii: "/"), utf8.dropFirst().first != UInt8(ascii: "/") {
                evidence.resolvedAsWritten += 1
            }
            return
        }
        func pathOnly(_ text: String) -> String {
            String(text[..<(text.utf8.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? text.utf8.endIndex)])
        }
        guard let site = sitePath(text) else {
            // A relative link whose suggestion tries it as site-absolute (`suggest`), through the alias too: the page
            // reads differently under another alias, though the link is no evidence of one.
            let destination = Destination(text)
            if destination.scheme == nil, destination.authority == nil, !destination.path.isEmpty {
                evidence.touched.formUnion(BaseURLMismatch.candidates(for: "/" + pathOnly(destination.path), baseURL: routes.baseURL))
            }
            return
        }
        let path = pathOnly(site.path)
        for prefix in BaseURLMismatch.candidates(for: path, baseURL: routes.baseURL) {
            evidence.touched.insert(prefix)
            var count = evidence.prefixes[prefix] ?? BaseURLMismatch.Count()
            count.links += 1
            if let reading = LinkPrefixAlias(prefix: prefix, baseURL: routes.baseURL).reading(path),
               let normalized = Destination.resolvePath(reading, against: "/"),
               routes.route(atPath: normalized) ?? routes.route(atPath: normalized + "/") != nil {
                count.resolving += 1
            }
            if evidence.prefixes[prefix] == nil { evidence.pages[prefix] = 1 }
            evidence.prefixes[prefix] = count
        }
    }

    /// A destination that reaches an old URL: it resolves where the redirect leads, with one issue whose
    /// replacement is that URL (the link's own `#fragment` kept, as browsers keep it through a redirect). The
    /// other replacements (trailing slash, own host) would edit the same text, so they give way to it.
    private func followingRedirect(_ resolution: Resolution, route: Int) -> Resolution {
        guard let final = routes.routes[route].redirectTarget else { return resolution }
        let fragment = resolution.resolvedURL.flatMap { url in url.firstIndex(of: "#").map { String(url[url.index(after: $0)...]) } }
        let finalPath = final.firstIndex(of: "#").map { String(final[..<$0]) } ?? final
        let replacement = fragment.map { finalPath + "#" + $0 } ?? final
        let issues: [Resolution.Issue] = [.viaRedirect(replacement: replacement)]
        guard final.hasPrefix("/"), let target = routes.route(atPath: finalPath), routes.routes[target].kind != .redirect else {
            // Another site: the redirect page is what this site serves.
            return Resolution(target: .route(route), resolvedURL: replacement, issues: issues)
        }
        let finalFragment = replacement.firstIndex(of: "#").map { String(replacement[replacement.index(after: $0)...]) }
        return checkingFragment(Resolution(target: .route(target), resolvedURL: replacement, issues: issues),
                                route: target, fragment: finalFragment)
    }

    /// The commonest destination, a site-absolute path that names a route as written (`/how-to/x/`,
    /// `/how-to/x/#part`), resolved without taking it apart: what `resolveInGeneral` finds for it, or nil for
    /// anything else (a scheme, host or query; `.`, `..` or empty segments; a path that is not a route).
    /// Measured on 10,000 generated articles: parsing every destination was a third of link resolution.
    func resolveRoutePath(_ text: String) -> Resolution? {
        let utf8 = text.utf8
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        // The first `#` or `?`, over the string's buffer (stepping through the view's indexes costs far more).
        func firstMark(_ bytes: some Collection<UInt8>) -> (offset: Int, isHash: Bool)? {
            var offset = 0
            for byte in bytes {
                if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "?") { return (offset, byte == UInt8(ascii: "#")) }
                offset += 1
            }
            return nil
        }
        let mark = utf8.withContiguousStorageIfAvailable { firstMark($0) } ?? firstMark(utf8)
        var hash: String.Index?
        if let mark {
            guard mark.isHash else { return nil }
            hash = utf8.index(utf8.startIndex, offsetBy: mark.offset)
        }
        let path = hash.map { String(text[..<$0]) } ?? text
        // No `.`, `..` or empty segments (a leading `//` is an empty segment, and would name a host).
        guard Destination.isNormalAbsolutePath(path) else { return nil }
        let fragment = hash.map { String(text[utf8.index(after: $0)...]) }
        if let route = routes.route(atPath: path) {
            // The resolved URL is the path with the fragment as written: the text itself.
            return checkingFragment(Resolution(target: .route(route), resolvedURL: text), route: route, fragment: fragment)
        }
        // A page without its trailing slash (a third of a real help center's links): reached through the server's
        // redirect, as `resolveInGeneral` finds it.
        guard path.utf8.last != UInt8(ascii: "/"), let route = routes.route(atPath: path + "/"),
              routes.routes[route].kind != .asset else { return nil }
        let withSlash = path + "/" + (fragment.map { "#" + $0 } ?? "")
        return checkingFragment(Resolution(target: .route(route), resolvedURL: withSlash,
                                           issues: [.missingTrailingSlash(replacement: withSlash)]),
                                route: route, fragment: fragment)
    }

    /// Resolves any destination (see `resolve`).
    func resolveInGeneral(_ text: String, pageURL: String, contentPath: String?) -> Resolution {
        let destination = Destination(text)
        var issues: [Resolution.Issue] = []
        var path: String
        if destination.scheme != nil || destination.authority != nil {
            // An absolute URL: internal only when it names the site's own host.
            guard destination.scheme == nil || destination.scheme == "http" || destination.scheme == "https",
                  let host = destination.host, let siteHost = routes.siteHost, host == siteHost
            else { return Resolution(target: .external) }
            path = destination.path.isEmpty ? "/" : destination.path
            issues.append(.ownHost(replacement: path + destination.suffix))
        } else if destination.path.isEmpty {
            path = pageURL
        } else if destination.path.hasPrefix("/") {
            path = destination.path
        } else {
            if let contentPath, let route = sourceFileRoute(destination.path, from: contentPath) {
                let url = routes.routes[route].url
                let resolution = Resolution(target: .route(route), resolvedURL: url + destination.suffix,
                                            issues: [.sourceFile(replacement: url + destination.suffix)])
                return checkingFragment(resolution, route: route, fragment: destination.fragment)
            }
            guard let resolved = Destination.resolvePath(destination.path, against: pageURL) else {
                return Resolution(target: .missing, resolvedURL: nil,
                                  issues: [.broken(suggestion: nil, reason: "'..' climbs above the site's root")])
            }
            path = resolved
        }
        if let normalized = Destination.resolvePath(path, against: "/") { path = normalized }
        let resolvedURL = path + destination.suffix

        if let route = routes.route(atPath: path) {
            return checkingFragment(Resolution(target: .route(route), resolvedURL: resolvedURL, issues: issues),
                                    route: route, fragment: destination.fragment)
        }
        if !path.hasSuffix("/"), let route = routes.route(atPath: path + "/"), routes.routes[route].kind != .asset {
            issues.append(.missingTrailingSlash(replacement: replacingPath(in: text, destination, with: destination.path + "/")))
            return checkingFragment(Resolution(target: .route(route), resolvedURL: path + "/" + destination.suffix,
                                               issues: issues), route: route, fragment: destination.fragment)
        }
        if path.hasSuffix("/index.html"), let route = routes.route(atPath: String(path.dropLast("index.html".count))) {
            return checkingFragment(Resolution(target: .route(route), resolvedURL: resolvedURL, issues: issues),
                                    route: route, fragment: destination.fragment)
        }
        if let route = routes.routeIgnoringCase(atPath: path) ?? routes.routeIgnoringCase(atPath: path + "/") {
            let exact = routes.routes[route].url
            issues.append(.caseMismatch(replacement: replacingPath(in: text, destination, with: exact)))
            return Resolution(target: .missing, resolvedURL: resolvedURL, issues: issues)
        }
        if !path.hasPrefix(routes.baseURL), path + "/" != routes.baseURL {
            return Resolution(target: .outsideSite, resolvedURL: resolvedURL, issues: issues)
        }
        let (suggestion, reason) = suggest(for: destination, resolvedPath: path)
        issues.append(.broken(suggestion: suggestion.map { $0 + destination.suffix }, reason: reason))
        return Resolution(target: .missing, resolvedURL: resolvedURL, issues: issues)
    }

    /// A relative link to a Markdown file (`../product/x.md`), resolved against the linking file's folder.
    private func sourceFileRoute(_ path: String, from contentPath: String) -> Int? {
        guard MarkdownFileName.hasExtension(path) else { return nil }
        let decoded = path.removingPercentEncodingStrict ?? path
        guard let resolved = Destination.resolvePath(decoded, against: "/" + contentPath) else { return nil }
        return routes.route(forContentPath: String(resolved.dropFirst()))
    }

    private func checkingFragment(_ resolution: Resolution, route: Int, fragment: String?) -> Resolution {
        guard let fragment, !fragment.isEmpty, let anchors = routes.routes[route].anchors else { return resolution }
        let decoded = fragment.removingPercentEncodingStrict ?? fragment
        let lowered = decoded.lowercased()
        if anchors.contains(decoded) || lowered == "top" { return resolution }
        var result = resolution
        let suggestion = anchorSuggestions.sameLetters(as: lowered, route: route, anchors)
            ?? anchorSuggestions.suggestion(for: decoded, route: route, anchors)
        result.issues.append(.missingFragment(decoded, suggestion: suggestion))
        return result
    }

    /// The destination with its path replaced, scheme, host, query and fragment kept as written.
    private func replacingPath(in text: String, _ destination: Destination, with path: String) -> String {
        let prefixLength = text.utf8.count - destination.path.utf8.count - destination.suffix.utf8.count
        let prefix = String(decoding: text.utf8.prefix(max(0, prefixLength)), as: UTF8.self)
        return (destination.scheme == nil && destination.authority == nil ? "" : prefix) + path + destination.suffix
    }

    /// A destination that exists and was probably meant, with the reason it is suggested.
    private func suggest(for destination: Destination, resolvedPath: String) -> (String?, String?) {
        let written = destination.path
        // The page of a Markdown file that is not built: no other page is suggested, the file is named.
        if let file = routes.unbuiltFile(atPath: resolvedPath) {
            return (nil, "this is the URL of \(file), which is not built: see the finding there")
        }
        // A relative link written as if it were site-absolute (`how-to/x` on `/how-to/page/`).
        if !written.hasPrefix("/") {
            // With the site's alias (`BaseURLMismatch`), also as the site's other links are read.
            for candidate in ["/" + written, routes.baseURL + written] + (alias?.reading("/" + written).map { [$0] } ?? []) {
                guard let path = Destination.resolvePath(candidate, against: "/") else { continue }
                if let route = routes.route(atPath: path) ?? routes.route(atPath: path + "/") {
                    return (routes.routes[route].url,
                            "relative links resolve against the page's own URL; start the link with '/'")
                }
            }
        }
        // The file's name instead of its permalink.
        let lastSegment = resolvedPath.lastSlashSeparatedPart.map(String.init) ?? ""
        if !lastSegment.isEmpty {
            let matches = routes.routes(forFileSlug: SiteRoutes.fileSlug(lastSegment))
            if matches.count == 1, let contentPath = routes.routes[matches[0]].contentPath {
                let url = routes.routes[matches[0]].url
                let name = contentPath.lastSlashSeparatedPart.map(String.init) ?? contentPath
                return (url, "the file is named '\(name)' but its permalink is '\(url)'")
            }
        }
        let isAsset = lastSegment.containsByte(UInt8(ascii: ".")) && !lastSegment.hasSuffix(".html")
        if let route = routes.nearestRoute(to: resolvedPath, asset: isAsset) {
            return (routes.routes[route].url, nil)
        }
        return (nil, nil)
    }
}

/// Suggestions for a missing `#fragment` among the anchors of the page it names: compared one by one on a page
/// with a few anchors, through an index kept per page (made on first use) on a page with many.
final class AnchorSuggestions: Sendable {
    private let indexes = Mutex<[Int: (names: [String], suggestions: LazySuggestions)]>([:])
    /// Per page with many anchors: each anchor lowercased → the first of the anchors with those letters.
    private let lowercased = Mutex<[Int: [String: String]]>([:])

    /// The anchor of the page that differs from `lowered` (a lowercased fragment) only in letter case, the first
    /// in sorted order when several do. Each anchor was lowercased again for each broken fragment: a page of
    /// 16,000 anchors linked to 16,000 times took 4 s to check. Among several, the first the set happened to
    /// give was taken, which changed from run to run.
    func sameLetters(as lowered: String, route: Int, _ anchors: Set<String>) -> String? {
        guard anchors.count > LazySuggestions.indexThreshold else {
            return anchors.filter { $0.lowercased() == lowered }.min()
        }
        let table = lowercased.withLock { tables in
            if let known = tables[route] { return known }
            var table: [String: String] = [:]
            for anchor in anchors {
                let key = anchor.lowercased()
                if let kept = table[key], kept < anchor { continue }
                table[key] = anchor
            }
            tables[route] = table
            return table
        }
        return table[lowered]
    }

    func suggestion(for fragment: String, route: Int, _ anchors: Set<String>) -> String? {
        guard anchors.count > LazySuggestions.indexThreshold else {
            return LazySuggestions.suggestion(for: fragment, in: anchors.sorted())
        }
        let index = indexes.withLock { indexes in
            if let known = indexes[route] { return known }
            let sorted = anchors.sorted()
            let made = (names: sorted, suggestions: LazySuggestions { sorted })
            indexes[route] = made
            return made
        }
        return index.suggestions.suggestion(for: fragment).map { index.names[$0] }
    }
}
