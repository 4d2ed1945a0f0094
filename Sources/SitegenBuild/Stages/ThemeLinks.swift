import Foundation
import SitegenCore
import SitegenLinks
import SitegenMarkdown
import SitegenTheme
import Synchronization

/// Checks the links the theme writes around each page's body (breadcrumbs, navigation, product lists,
/// stylesheet): every internal `href` and `src` outside the article body must resolve on the site. The body's
/// own links were checked at their Markdown lines. Each broken theme link is reported once, at the template
/// that writes it.
final class ThemeLinks: Sendable {
    private let resolver: LinkResolver
    private let theme: Theme
    private let found = Mutex<[String: Finding]>([:])
    /// Destinations already known to resolve, so the links every page repeats are resolved once: site-absolute
    /// ones by destination, relative ones by page and destination.
    private let resolved = Mutex<Set<String>>([])

    init(resolver: LinkResolver, theme: Theme) {
        self.resolver = resolver
        self.theme = theme
    }

    /// Checks one rendered page; `body` is the HTML of the article body inside it (excluded).
    func check(page html: [UInt8], body: String, pageURL: String, kind: PageKind) {
        var parts = [html[...]]
        if !body.isEmpty, let range = html.firstRange(of: body) {
            parts = [html[..<range.lowerBound], html[range.upperBound...]]
        }
        let attributes = parts.flatMap { HTMLAttributeScanner.attributes(inBytes: $0, named: ["href", "src"]) }
        for attribute in attributes {
            let destination = HTMLAttributeScanner.decodeEntities(attribute.rawValue)
            // Same-page fragments (`#main`) point at the theme's own ids.
            if destination.hasPrefix("#") || destination.isEmpty { continue }
            let cacheKey = destination.hasPrefix("/") || destination.contains("://") ? destination : pageURL + " " + destination
            if resolved.withLock({ $0.contains(cacheKey) }) { continue }
            let resolution = resolver.resolve(destination, pageURL: pageURL, contentPath: nil)
            guard resolution.target == .missing else {
                resolved.withLock { _ = $0.insert(cacheKey) }
                continue
            }
            let location = theme.location(of: attribute.rawValue, in: kind)
            let key = "\(location) \(destination)"
            found.withLock { found in
                var entry = found[key] ?? Finding(location: location, destination: destination,
                                                  resolved: resolution.resolvedURL, pages: 0, firstPage: pageURL)
                entry.pages += 1
                entry.firstPage = min(entry.firstPage, pageURL)
                found[key] = entry
            }
        }
    }

    /// One broken theme link: where the template writes it, and the pages it appears on.
    private struct Finding: Sendable {
        var location: SourceLocation
        var destination: String
        var resolved: String?
        var pages: Int
        var firstPage: String
    }

    /// One error per template position and destination, in a deterministic order.
    var diagnostics: [Diagnostic] {
        found.withLock { found in
            found.values.map { finding in
                let pages = finding.pages == 1 ? "on \(finding.firstPage)" : "on \(finding.pages) pages, such as \(finding.firstPage)"
                return Diagnostic(.error, finding.location, rule: "theme-link-broken",
                                  "the theme links to '\(finding.destination)', which does not exist on this site (\(pages))",
                                  fixIt: "correct the URL in the template, or use a variable such as {{site.home_url}}",
                                  link: LinkDetails(destination: finding.destination, resolved: finding.resolved))
            }.sorted()
        }
    }
}
