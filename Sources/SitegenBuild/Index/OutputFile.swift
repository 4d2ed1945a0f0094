import SitegenContent
import SitegenCore

/// One file of the built site, claimed by exactly one source.
///
/// A class, shared rather than copied: each of the 10,000 files of a build passes through the index, the routes and
/// the render stage, and each copy of a struct retained its strings.
package final class OutputFile: Sendable {
    /// What produces the file.
    enum Producer: Sendable {
        case article(index: Int)
        case product(slug: String)
        case home
        case allArticles
        case notFound
        case sitemap
        /// An Atom feed (`FeedOutput`): the product's with its slug, the whole site's with nil.
        case feed(product: String?)
        case robots
        case linkReport
        case contentAsset(absolutePath: String)
        case themeAsset(name: String)
        /// The page at an old URL that sends browsers on (index into `SiteIndex.redirects`).
        case redirect(index: Int)
        /// Every redirect, in a server's format (`redirects.formats`).
        case redirectMap(format: SiteConfig.RedirectFormat)
        /// `.sitegen/urls.json`: every URL the site publishes (`URLList`).
        case urlList
        /// A file of the search index (`SearchIndexWriter`), by its path in the index folder.
        case searchIndex(path: String)
    }

    /// Path relative to the output folder.
    let relativePath: String
    /// URL of the file on the site.
    let url: String
    let producer: Producer
    /// Who claimed it, for the duplicate-path error (`content/x.md`, `(built-in theme)`, `generated product page`).
    let origin: String
    /// Where to point a duplicate-path error.
    let location: SourceLocation

    init(relativePath: String, url: String, producer: Producer, origin: String, location: SourceLocation) {
        self.relativePath = relativePath
        self.url = url
        self.producer = producer
        self.origin = origin
        self.location = location
    }
}
