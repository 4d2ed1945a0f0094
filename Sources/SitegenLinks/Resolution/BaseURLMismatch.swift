public import SitegenCore

/// A site whose links are written under another path than its baseurl: `baseurl: /help/` (or `--baseurl /help/`)
/// on a help center whose articles link `/how-to/x/`, or `baseurl: /` on one that links `/how-to/x/`. Each such
/// link would be a finding of its own (`link-outside-site` or `link-broken`) in every article, for one mistake in
/// one file; and no internal link would be checked. Instead the mistake is reported once, at the baseurl
/// (`diagnostic`), and those links are checked as if written under the baseurl (`LinkResolver.alias`), so that
/// the ones that are broken either way are still found.
///
/// The evidence is gathered by the link check itself (`PageEvidence`, per page, from the links that do not
/// resolve as written), so a site whose links resolve pays nothing, and the preview keeps running totals.
public enum BaseURLMismatch {
    /// The fewest links that must name pages of the site under another prefix for it to be read as the baseurl.
    public static let minimumLinks = 3

    /// Links under one prefix: how many do not resolve as written, and how many of those name a page of the site
    /// when the prefix is read as the baseurl.
    public struct Count: Sendable, Equatable {
        public var links = 0
        public var resolving = 0

        public init(links: Int = 0, resolving: Int = 0) {
            (self.links, self.resolving) = (links, resolving)
        }
    }

    /// What one page's site-absolute links (`/x/…`) say about the baseurl: how many resolve as written, and, for
    /// those that do not, the candidate prefixes they are under (`candidates(for:baseURL:)`).
    public struct PageEvidence: Sendable, Equatable {
        public var resolvedAsWritten = 0
        public var prefixes: [String: Count] = [:]
        /// The pages with links under each prefix (in totals of several pages).
        public var pages: [String: Int] = [:]
        /// The prefixes under which an alias would read one of the page's links that do not resolve: those of
        /// `prefixes`, and those its relative links are suggested under (`LinkResolver.suggest`). Only a page's
        /// own (not added up): the pages to check again when the site's alias changes.
        public var touched: Set<String> = []

        public init() {}

        public var isEmpty: Bool { resolvedAsWritten == 0 && prefixes.isEmpty }

        /// Adds (`sign` 1) or takes away (`sign` -1) a page's evidence, for running totals.
        public mutating func add(_ other: PageEvidence, sign: Int = 1) {
            resolvedAsWritten += sign * other.resolvedAsWritten
            for (prefix, count) in other.prefixes {
                var total = prefixes[prefix] ?? Count()
                total.links += sign * count.links
                total.resolving += sign * count.resolving
                prefixes[prefix] = total.links == 0 && total.resolving == 0 ? nil : total
                let pageCount = (pages[prefix] ?? 0) + sign * (other.pages[prefix] ?? 0)
                pages[prefix] = pageCount == 0 ? nil : pageCount
            }
        }
    }

    /// The prefixes a site-absolute path that does not resolve may have been meant under: its first segment
    /// (`/how-to/` of `/how-to/x/`) when more follows, and `/` (the baseurl left out); each only where
    /// `LinkPrefixAlias` would read the path under it.
    static func candidates(for path: String, baseURL: String) -> [String] {
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return [] }
        var found: [String] = []
        // Not for a path that is only the prefix (`/b/`): it would name the baseurl's own page, whatever it is.
        if let slash = utf8.dropFirst().firstIndex(of: UInt8(ascii: "/")), slash != utf8.index(after: utf8.startIndex),
           utf8.index(after: slash) != utf8.endIndex {
            found.append(String(path[...slash]))
        }
        found.append("/")
        return found.filter { LinkPrefixAlias(prefix: $0, baseURL: baseURL).reading(path) != nil }
    }

    /// The prefix to read as the baseurl, if the totals of the whole site show one: the prefix under which the most
    /// links name pages of the site, when at least `minimumLinks` do and they outnumber the site-absolute links
    /// that resolve as written. Ties go to the shorter prefix, then the first in byte order.
    public static func decide(_ totals: PageEvidence, baseURL: String) -> LinkPrefixAlias? {
        let best = totals.prefixes.filter { $0.value.resolving >= minimumLinks }.max { a, b in
            if a.value.resolving != b.value.resolving { return a.value.resolving < b.value.resolving }
            if a.key.utf8.count != b.key.utf8.count { return a.key.utf8.count > b.key.utf8.count }
            return b.key.utf8Precedes(a.key)
        }
        guard let best, best.value.resolving > totals.resolvedAsWritten else { return nil }
        return LinkPrefixAlias(prefix: best.key, baseURL: baseURL)
    }

    /// The one finding of a mismatch, at the baseurl's setting (`location`).
    public static func diagnostic(_ alias: LinkPrefixAlias, totals: PageEvidence, location: SourceLocation,
                                  severity: Severity) -> Diagnostic {
        let count = totals.prefixes[alias.prefix] ?? Count()
        let pages = totals.pages[alias.prefix] ?? 0
        let links = "\(count.links) \(count.links == 1 ? "link" : "links") in \(pages) \(pages == 1 ? "article" : "articles")"
        let message: String
        let fixIt: String
        if alias.prefix == "/" {
            message = "the baseurl is '\(alias.baseURL)', but \(links) leave it out: \(count.resolving) of them name "
                + "pages of this site when read under it, and were checked that way"
            fixIt = "if the site is published at the root of its host, set 'baseurl: /'; else write the links under '\(alias.baseURL)'"
        } else {
            message = "the baseurl is '\(alias.baseURL)', but \(links) start with '\(alias.prefix)': \(count.resolving) "
                + "of them name pages of this site when '\(alias.prefix)' is read as '\(alias.baseURL)', and were checked that way"
            fixIt = "if the site is published under '\(alias.prefix)', set 'baseurl: \(alias.prefix)'; if it moves to "
                + "'\(alias.baseURL)', change the links (and redirect the old URLs)"
        }
        return Diagnostic(severity, location, rule: RuleCatalog.Resolution.baseURLMismatch, message, fixIt: fixIt)
    }
}

/// Site-absolute links under `prefix` read as if written under `baseURL` (see `BaseURLMismatch`): `/how-to/x/`
/// as `/help/x/` for the prefix `/how-to/`, `/x/` as `/how-to/x/` for the prefix `/`. Only for a link that does
/// not resolve as written, and not for one already under the baseurl.
public struct LinkPrefixAlias: Sendable, Equatable {
    public let prefix: String
    public let baseURL: String

    public init(prefix: String, baseURL: String) {
        (self.prefix, self.baseURL) = (prefix, baseURL)
    }

    /// The destination read under the baseurl, or nil when the alias does not apply to it.
    public func reading(_ destination: String) -> String? {
        guard prefix != baseURL, destination.hasPrefix(prefix), !destination.hasPrefix("//") else { return nil }
        if baseURL != "/", destination.hasPrefix(baseURL) || baseURL.hasPrefix(destination) { return nil }
        return baseURL + destination.dropFirst(prefix.utf8.count)
    }
}
