import Foundation
import SitegenContent
import SitegenCore

/// The published URLs of a previous version of the site, which the URL-stability guard compares the site with
/// (`check --baseline <ref>`, `stability.baseline`).
struct Baseline {
    /// A page the baseline published.
    struct Page {
        /// Site path, percent-encoded as the site's own URLs are (`/how-to/x/`).
        var url: String
        /// The Markdown file it was written from, relative to the site root, when the baseline says.
        var source: String?
        /// Its heading ids and other anchors; nil when the baseline does not have them (a sitemap, a URL list).
        var anchors: Set<String>?
        /// Its title and text (front matter and Markdown), for the similarity suggestion; nil when unknown.
        var text: String?
    }

    /// What the `<ref>` names.
    enum Reference: Equatable {
        /// `git:<revision>` of the site's own repository.
        case git(String)
        /// A sitemap.xml, a URL list or a previous output folder.
        case path(String)

        init(_ text: String) {
            self = text.hasPrefix("git:") ? .git(String(text.dropFirst(4))) : .path(text)
        }
    }

    /// How the baseline is named in messages (`git:HEAD~1`, `old/sitemap.xml`).
    var name: String
    var pages: [Page]
    /// Baseline file → the current file it became, by git's rename detection (paths relative to the site root).
    var renames: [String: String] = [:]
    /// True when the pages are only those written from Markdown files (a git baseline): the current site is
    /// then compared by its pages written from Markdown too.
    var markdownPagesOnly = false
    /// The current files git reports unchanged since the baseline (a git baseline): a removed page's text cannot
    /// have gone into them, so the similarity search leaves them out.
    var unchangedSources: Set<String> = []

    /// A baseline that cannot be read: its message, said at the option or the configuration line.
    struct Failure: Error {
        var message: String
        var fixIt: String?
    }

    // MARK: - Files: a sitemap, a URL list, an output folder

    /// Reads a sitemap.xml, a URL list or an output folder's `.sitegen/urls.json`. `path` is relative to `siteRoot`.
    static func load(path: String, siteRoot: String, baseURL: String) throws(Failure) -> Baseline {
        let absolute = path.hasPrefix("/") ? path : siteRoot + "/" + path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else {
            throw Failure(message: "the baseline '\(path)' does not exist",
                          fixIt: "name a sitemap.xml, a file of URLs, a previous output folder or git:<revision>")
        }
        if isFolder.boolValue {
            let listPath = String(URLList.url.value.dropFirst())
            let list = absolute + "/" + listPath
            guard let data = FileManager.default.contents(atPath: list) else {
                throw Failure(message: "the baseline folder '\(path)' has no readable \(listPath) "
                                  + "(a folder built by sitegen has one)",
                              fixIt: "build the baseline with this version of sitegen, or name its sitemap.xml")
            }
            return try urlList(data, name: path)
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw Failure(message: "cannot read the baseline '\(path)'")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("<urlset") || text.hasPrefix("<?xml") {
            return Baseline(name: path, pages: sitemapLocations(text).map { Page(url: sitePath($0, baseURL: baseURL)) })
        }
        var pages: [Page] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            pages.append(Page(url: sitePath(entry, baseURL: baseURL)))
        }
        return Baseline(name: path, pages: pages)
    }

    /// `.sitegen/urls.json`, as `URLList` writes it.
    private static func urlList(_ data: Data, name: String) throws(Failure) -> Baseline {
        struct Document: Decodable {
            struct Page: Decodable {
                var url: String
                var source: String?
                var anchors: [String]
            }
            var pages: [Page]
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: data) else {
            throw Failure(message: "the baseline folder's \(URLList.url.value.dropFirst()) is not a URL list sitegen wrote")
        }
        return Baseline(name: name, pages: document.pages.map {
            // A generated page (no source) has no anchors of its own to compare.
            Page(url: $0.url, source: $0.source, anchors: $0.source == nil ? nil : Set($0.anchors))
        })
    }

    /// The text of each `<loc>` element. Written out rather than with an XML parser: a sitemap's `<loc>` holds a
    /// URL with XML's five entities at most, and Foundation's XML parser is a separate library on Linux.
    ///
    /// One pass over the UTF-8 bytes with a moving offset: Foundation's `range(of:)` on the rest of the text took time
    /// in proportion to all of the rest for every `<loc>`, about 11 seconds for the 6.7 MB sitemap of 50,000
    /// articles.
    static func sitemapLocations(_ text: String) -> [String] {
        var text = text
        let open = Array("<loc>".utf8), close = Array("</loc>".utf8)
        return text.withUTF8 { bytes -> [String] in
            var locations: [String] = []
            var offset = 0
            while let start = open.withUnsafeBufferPointer({ bytes.firstRange(of: $0, in: offset..<bytes.count) }),
                  let end = close.withUnsafeBufferPointer({ bytes.firstRange(of: $0, in: start.upperBound..<bytes.count) }) {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start.upperBound..<end.lowerBound]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                locations.append(raw.utf8.contains(UInt8(ascii: "&")) ? decodingEntities(raw) : raw)
                offset = end.upperBound
            }
            return locations
        }
    }

    /// XML's five entities decoded (`&amp;` last, so that `&amp;lt;` stays `&lt;`).
    private static func decodingEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The site path of a URL or path from a baseline file: an absolute URL's path; a path relative to the baseurl
    /// when it does not start with `/`; without `?query` and `#fragment`.
    static func sitePath(_ entry: String, baseURL: String) -> String {
        var path = entry
        if let scheme = path.range(of: "://") {
            let afterHost = path[scheme.upperBound...].firstIndex(of: "/") ?? path.endIndex
            path = String(path[afterHost...])
            if path.isEmpty { path = "/" }
        }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if !path.hasPrefix("/") { path = baseURL + path }
        return path
    }
}
