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
///
/// Pages are checked on several threads. What is shared between them (the destinations known to resolve, the
/// pages containing each shared text) is read and updated under one lock, taken once per page in the common
/// case: a lock per link made the threads wait on each other (the render stage scaled to 1.55 times on two
/// cores, against 1.8 for the parse stage).
final class ThemeLinks: Sendable {
    private let resolver: LinkResolver
    private let theme: Theme
    private let found = Mutex<[String: Finding]>([:])
    private let state = Mutex(State())
    /// The shared texts' bytes: set by `share(_:)` before any page is checked, only read afterwards.
    private nonisolated(unsafe) var sharedBytes: [[UInt8]] = []
    /// The configured site URL (`https://help.example.com`), empty when there is none.
    private let siteURL: String

    private struct State {
        /// What is known of each destination, so that the links every page repeats are read and resolved once.
        var known: [String: Known] = [:]
        /// Page-dependent destinations known to resolve, by page and destination.
        var resolvedOnPage: Set<String> = []
        /// Per shared text, per page kind (a link's reported template depends on it): the pages containing the
        /// text, and the first.
        var sharedPages: [[PageKind: (count: Int, first: String)]] = []
    }

    private enum Known {
        /// Resolves the same from every page, and does resolve.
        case resolves
        /// Resolves differently from page to page (a relative link).
        case dependsOnPage
    }

    init(resolver: LinkResolver, theme: Theme, siteURL: String = "") {
        self.resolver = resolver
        self.theme = theme
        self.siteURL = siteURL
    }

    /// Declares the texts of the partials rendered once per build, before any page is checked. A page contains
    /// such a text verbatim when it includes the partial (an indented `{{> x}}` is re-indented and then simply
    /// scanned with the page). Those that start with a tag, have links, and whose every `href` and `src` resolves
    /// the same from any page are checked once, and counted for every page that contains them; the others stay
    /// in each page's scan (a text without links would save nothing, and a short one could match inside another
    /// tag). Measured on 10,000 generated articles: scanning the header's product menu on every page was 10% of
    /// the build.
    func share(_ texts: [String]) {
        let pageIndependent = texts.filter { text in
            guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "<")
            else { return false }
            let attributes = HTMLAttributeScanner.attributes(inBytes: Array(text.utf8)[...], named: ["href", "src"])
            return !attributes.isEmpty && attributes.allSatisfy {
                Self.isPageIndependent(HTMLAttributeScanner.decodeEntities($0.rawValue))
            }
        }
        sharedBytes = pageIndependent.map { Array($0.utf8) }
        state.withLock { $0.sharedPages = Array(repeating: [:], count: pageIndependent.count) }
    }

    /// Whether `destination` resolves the same from every page: an absolute URL, a site-absolute path, or a
    /// fragment of the page itself (which this check skips). The resolver's own reading of the destination decides.
    private static func isPageIndependent(_ destination: String) -> Bool {
        if destination.isEmpty || destination.hasPrefix("#") { return true }
        let parts = Destination(destination)
        return parts.scheme != nil || parts.authority != nil || parts.path.hasPrefix("/")
    }

    /// Checks one rendered page; `body` is the HTML of the article body inside it (excluded).
    func check(page html: [UInt8], body: String, pageURL: String, kind: PageKind) {
        var excluded: [Range<Int>] = []
        if !body.isEmpty, let range = html.firstRange(of: body) { excluded.append(range) }
        var contained: [Int] = []
        for (index, text) in sharedBytes.enumerated() {
            guard let range = text.withUnsafeBufferPointer({ html.firstRange(of: $0) }),
                  !excluded.contains(where: { $0.overlaps(range) }) else { continue }
            excluded.append(range)
            contained.append(index)
        }
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        for range in excluded.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            parts.append(html[start..<range.lowerBound])
            start = range.upperBound
        }
        parts.append(html[start...])
        // The page's own URL, site-relative or absolute (its canonical link): it exists, being this page. Each
        // page's is different, so the cache below would only grow with them.
        let ownURL = siteURL.isEmpty ? pageURL : siteURL + pageURL
        var links: [(raw: String, destination: String)] = []
        for part in parts {
            for attribute in HTMLAttributeScanner.attributes(inBytes: part, named: ["href", "src"]) {
                let raw = attribute.rawValue
                if raw == pageURL || raw == ownURL { continue }
                let destination = HTMLAttributeScanner.decodeEntities(raw)
                // Same-page fragments (`#main`) point at the theme's own ids.
                if destination.hasPrefix("#") || destination.isEmpty { continue }
                links.append((raw, destination))
            }
        }
        // One lock for what the page shares with the others: the links not known to resolve come out.
        let unknown = state.withLock { state in
            for index in contained {
                let seen = state.sharedPages[index][kind]
                state.sharedPages[index][kind] = ((seen?.count ?? 0) + 1, min(seen?.first ?? pageURL, pageURL))
            }
            return links.filter { link in
                switch state.known[link.destination] {
                case .resolves?: false
                case .dependsOnPage?: !state.resolvedOnPage.contains(pageURL + " " + link.destination)
                case nil: true
                }
            }
        }
        for link in unknown {
            check(link.raw, destination: link.destination, pageURL: pageURL, kind: kind, pages: 1, into: found)
        }
    }

    /// Resolves one attribute value written by the theme, and remembers what it learns; a broken one is counted
    /// in `findings`.
    private func check(_ rawValue: String, destination: String, pageURL: String, kind: PageKind, pages: Int,
                       into findings: borrowing Mutex<[String: Finding]>) {
        let pageKey: String? = Self.isPageIndependent(destination) ? nil : pageURL + " " + destination
        if pageKey != nil { state.withLock { $0.known[destination] = .dependsOnPage } }
        let resolution = resolver.resolve(destination, pageURL: pageURL, contentPath: nil)
        guard resolution.target == .missing else {
            state.withLock { state in
                if let pageKey {
                    state.resolvedOnPage.insert(pageKey)
                } else {
                    state.known[destination] = .resolves
                }
            }
            return
        }
        let location = theme.location(of: rawValue, in: kind)
        let key = "\(location) \(destination)"
        findings.withLock { found in
            var entry = found[key] ?? Finding(location: location, destination: destination,
                                              resolved: resolution.resolvedURL, pages: 0, firstPage: pageURL)
            entry.pages += pages
            entry.firstPage = min(entry.firstPage, pageURL)
            found[key] = entry
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
        // The shared texts' links, checked once each, count for every page that contains them.
        let findings = Mutex(found.withLock { $0 })
        let sharedPages = state.withLock { $0.sharedPages }
        for (bytes, pagesByKind) in zip(sharedBytes, sharedPages) {
            let attributes = HTMLAttributeScanner.attributes(inBytes: bytes[...], named: ["href", "src"])
            for (kind, pages) in pagesByKind.sorted(by: { $0.value.first < $1.value.first }) {
                for attribute in attributes {
                    let destination = HTMLAttributeScanner.decodeEntities(attribute.rawValue)
                    if destination.hasPrefix("#") || destination.isEmpty { continue }
                    check(attribute.rawValue, destination: destination, pageURL: pages.first, kind: kind,
                          pages: pages.count, into: findings)
                }
            }
        }
        return findings.withLock { found in
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
