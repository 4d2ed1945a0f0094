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
    /// What is known of each destination, so that the links every page repeats are read and resolved once.
    private let known = Mutex<[String: Known]>([:])
    /// Page-dependent destinations known to resolve, by page and destination.
    private let resolvedOnPage = Mutex<Set<String>>([])

    private enum Known {
        /// Resolves the same from every page, and does resolve.
        case resolves
        /// Resolves differently from page to page (a relative link).
        case dependsOnPage
    }

    /// The configured site URL (`https://help.example.com`), empty when there is none.
    private let siteURL: String

    init(resolver: LinkResolver, theme: Theme, siteURL: String = "") {
        self.resolver = resolver
        self.theme = theme
        self.siteURL = siteURL
    }

    /// A text a page contains verbatim when it includes a partial rendered once per build (an indented `{{> x}}`
    /// is re-indented and then simply scanned with the page), whose links do not depend on the page's URL: its
    /// links are checked once, and counted for every page that contains it.
    /// Measured on 10,000 generated articles: scanning the header's product menu on every page was 10% of the build.
    private struct SharedText: Sendable {
        let bytes: [UInt8]
        /// Per page kind (a link's reported template depends on it): the pages containing the text, and the first.
        var pages: [PageKind: (count: Int, first: String)] = [:]
    }

    private let shared = Mutex<[SharedText]>([])

    /// Declares the texts of the partials rendered once per build. Those that start with a tag, have links, and
    /// whose every `href` and `src` resolves the same from any page are checked once; the others stay in each
    /// page's scan (a text without links would save nothing, and a short one could match inside another tag).
    func share(_ texts: [String]) {
        let pageIndependent = texts.filter { text in
            guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "<")
            else { return false }
            let attributes = HTMLAttributeScanner.attributes(inBytes: Array(text.utf8)[...], named: ["href", "src"])
            return !attributes.isEmpty && attributes.allSatisfy {
                Self.isPageIndependent(HTMLAttributeScanner.decodeEntities($0.rawValue))
            }
        }
        shared.withLock { $0 = pageIndependent.map { SharedText(bytes: Array($0.utf8)) } }
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
        let sharedTexts = shared.withLock { $0.map(\.bytes) }
        var contained: [Int] = []
        for (index, text) in sharedTexts.enumerated() {
            guard let range = text.withUnsafeBufferPointer({ html.firstRange(of: $0) }),
                  !excluded.contains(where: { $0.overlaps(range) }) else { continue }
            excluded.append(range)
            contained.append(index)
        }
        if !contained.isEmpty {
            shared.withLock { shared in
                for index in contained {
                    let seen = shared[index].pages[kind]
                    shared[index].pages[kind] = ((seen?.count ?? 0) + 1, min(seen?.first ?? pageURL, pageURL))
                }
            }
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
        for part in parts {
            for attribute in HTMLAttributeScanner.attributes(inBytes: part, named: ["href", "src"]) {
                let value = attribute.rawValue
                if value == pageURL || value == ownURL { continue }
                check(value, pageURL: pageURL, kind: kind, pages: 1, into: found)
            }
        }
    }

    /// Resolves one attribute value written by the theme; a broken one is counted in `findings`.
    private func check(_ rawValue: String, pageURL: String, kind: PageKind, pages: Int,
                       into findings: borrowing Mutex<[String: Finding]>) {
        let destination = HTMLAttributeScanner.decodeEntities(rawValue)
        // Same-page fragments (`#main`) point at the theme's own ids.
        if destination.hasPrefix("#") || destination.isEmpty { return }
        let pageKey: String?
        switch known.withLock({ $0[destination] }) {
        case .resolves?:
            return
        case .dependsOnPage?:
            pageKey = pageURL + " " + destination
        case nil:
            if Self.isPageIndependent(destination) {
                pageKey = nil
            } else {
                known.withLock { $0[destination] = .dependsOnPage }
                pageKey = pageURL + " " + destination
            }
        }
        if let pageKey, resolvedOnPage.withLock({ $0.contains(pageKey) }) { return }
        let resolution = resolver.resolve(destination, pageURL: pageURL, contentPath: nil)
        guard resolution.target == .missing else {
            if let pageKey {
                resolvedOnPage.withLock { _ = $0.insert(pageKey) }
            } else {
                known.withLock { $0[destination] = .resolves }
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
        for text in shared.withLock({ $0 }) {
            let attributes = HTMLAttributeScanner.attributes(inBytes: text.bytes[...], named: ["href", "src"])
            for (kind, pages) in text.pages.sorted(by: { $0.value.first < $1.value.first }) {
                for attribute in attributes {
                    check(attribute.rawValue, pageURL: pages.first, kind: kind, pages: pages.count, into: findings)
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
