#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import Foundation
package import SitegenCore
import SitegenExternal

/// The external links of one page with what the cache of the last `--external` check says of each: for the
/// preview's page panel, which must never fetch (a rebuild on every keystroke would probe the web).
package enum ExternalPreview {
    /// One external link of the page.
    package struct Link: Sendable, Equatable {
        package var destination: String
        package var line: Int
        package var column: Int
        /// `ok`, `moved`, `dead`, `blocked`, `flaky`, `tls`; nil when the URL is not in the cache.
        package var kind: String?
        /// The diagnosis (`404 Not Found`), or empty.
        package var reason: String
        /// When the cached result was fetched.
        package var checked: Date?
    }

    /// What the preview needs to list a page's external links: the settings that say which links are checked and
    /// the cache file.
    package struct Context: Sendable {
        package var settings: LinkCheckSettings
        package var siteURL: String
        package var cacheFile: String
    }

    package static func context(_ state: PipelineState, options: BuildOptions) -> Context {
        Context(settings: state.site.config.links, siteURL: state.site.config.siteURL,
                cacheFile: ExternalStage.cacheFile(options, siteRoot: state.site.siteRoot))
    }

    /// The page's http(s) links, in source order, with their cached class. Links that the check skips are left out
    /// (plain text, `links.ignore.urls`, absolute URLs of this site). The cache file is read on each call: it is
    /// small, and read only when a page is served.
    package static func links(_ occurrences: [LinkOccurrence], context: Context) -> [Link] {
        let own = context.siteURL.isEmpty ? nil : (context.siteURL.hasSuffix("/") ? context.siteURL : context.siteURL + "/")
        let candidates = occurrences.filter { link in
            if case .plainText = link.origin { return false }
            guard ExternalURL(link.destination) != nil else { return false }
            if let own, link.destination.hasPrefix(own) { return false }
            return !context.settings.ignoreURLs.contains { fnmatch($0, link.destination, 0) == 0 }
        }
        guard !candidates.isEmpty else { return [] }
        let cache = ExternalLinkChecker.cachedResults(in: context.cacheFile)
        return candidates.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map { link in
            let result = ExternalURL(link.destination).flatMap { cache[$0.fetchURL] }
            return Link(destination: link.destination, line: link.line, column: link.column,
                        kind: result.map { $0.kind == .working ? "ok" : $0.kind.rawValue }, reason: result?.reason ?? "",
                        checked: result?.checked)
        }
    }
}

extension PipelineState {
    /// Each article's links by its file as shown in diagnostics (what the preview's page panels are keyed by).
    static func linksByFile(_ parses: [String: CachedParse]) -> [String: [LinkOccurrence]] {
        var links: [String: [LinkOccurrence]] = [:]
        links.reserveCapacity(parses.count)
        for parse in parses.values {
            guard let parsed = parse.parsed, parsed.article.frontMatter.redirectTo == nil else { continue }
            links[parsed.article.source.displayPath] = parsed.rendered.links
        }
        return links
    }

    /// `linksByFile` after edits in place of these articles (each still at its file).
    func updateLinksByFile(_ edited: [ParsedArticle]) {
        for parsed in edited {
            linksByFile[parsed.article.source.displayPath] = parsed.article.frontMatter.redirectTo == nil ? parsed.rendered.links : nil
        }
    }
}
