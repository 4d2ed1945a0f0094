import Foundation
import SitegenCore

/// `.sitegen/urls.json`, written by every build: the URLs the site publishes (its pages, with each page's heading
/// ids and anchors; its redirects; its files), so that a later build, or a CI job, can tell which published URLs a
/// change removes (issue 23's URL-stability guard reads it as a baseline).
enum URLList {
    /// The file's path in the output folder.
    static let url = SitePath("/.sitegen/urls.json")

    struct Page: Encodable {
        var url: String
        /// The Markdown file the page is written from, relative to the site root; nil for generated pages.
        var source: String?
        /// Heading ids and other anchors, sorted; empty for a generated page.
        var anchors: [String]
    }

    struct Redirect: Encodable {
        var from: String
        /// Where it finally leads; nil when it leads nowhere (its error is reported).
        var to: String?
    }

    struct Document: Encodable {
        /// The format's version, for readers of older files.
        var version = 1
        var pages: [Page]
        var redirects: [Redirect]
        var assets: [String]
    }

    /// What the list records of an article's page besides its URL and file: its heading ids and other anchors.
    static func anchors(of parsed: ParsedArticle) -> Set<String> {
        Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors)
    }

    /// The JSON of `index`, sorted by URL (byte order) so that two builds of one site write the same bytes.
    static func json(_ index: SiteIndex) -> [UInt8] {
        var pages: [Page] = []
        var assets: [String] = []
        func markdownPage(_ position: Int?, _ url: String) -> Page {
            guard let position else { return Page(url: url, source: nil, anchors: []) }
            let parsed = index.articles[position]
            return Page(url: url, source: parsed.article.source.displayPath, anchors: anchors(of: parsed).sorted { $0.utf8Precedes($1) })
        }
        for file in index.files {
            switch file.producer {
            case .article(let position): pages.append(markdownPage(position, file.url))
            case .product(let slug): pages.append(markdownPage(index.products[index.productPosition(slug)!].landing, file.url))
            case .home: pages.append(markdownPage(index.homeContent, file.url))
            case .allArticles: pages.append(markdownPage(nil, file.url))
            case .contentAsset, .themeAsset: assets.append(file.url)
            case .notFound, .sitemap, .feed, .robots, .linkReport, .redirect, .redirectMap, .urlList, .searchIndex: continue
            }
        }
        pages.sort { $0.url.utf8Precedes($1.url) }
        assets.sort { $0.utf8Precedes($1) }
        let redirects = index.redirects.map { Redirect(from: $0.source.value, to: $0.final) }
            .sorted { $0.from.utf8Precedes($1.from) }
        return write(Document(pages: pages, redirects: redirects, assets: assets))
    }

    /// Compact, keys in byte order, as `JSONEncoder` with `.sortedKeys` writes it, but written directly: at 50,000
    /// articles the encoder's values for the whole document were 48 MB of the build's peak memory.
    static func write(_ document: Document) -> [UInt8] {
        var out = JSONWriter()
        out.raw("{\"assets\":")
        out.strings(document.assets)
        out.raw(",\"pages\":")
        out.array(document.pages) { out, page in
            out.raw("{\"anchors\":")
            out.strings(page.anchors)
            if let source = page.source {
                out.raw(",\"source\":")
                out.string(source)
            }
            out.raw(",\"url\":")
            out.string(page.url)
            out.raw("}")
        }
        out.raw(",\"redirects\":")
        out.array(document.redirects) { out, redirect in
            out.raw("{\"from\":")
            out.string(redirect.from)
            if let to = redirect.to {
                out.raw(",\"to\":")
                out.string(to)
            }
            out.raw("}")
        }
        out.raw(",\"version\":")
        out.int(document.version)
        out.raw("}\n")
        return out.bytes
    }
}
