import SitegenCore

/// One file of the built site, claimed by exactly one source.
struct OutputFile: Sendable {
    /// What produces the file.
    enum Producer: Sendable {
        case article(index: Int)
        case product(slug: String)
        case home
        case allArticles
        case notFound
        case sitemap
        case robots
        case linkReport
        case contentAsset(absolutePath: String)
        case themeAsset(name: String)
    }

    /// Path relative to the output folder.
    var relativePath: String
    /// URL of the file on the site.
    var url: String
    var producer: Producer
    /// Who claimed it, for the duplicate-path error (`content/x.md`, `(built-in theme)`, `generated product page`).
    var origin: String
    /// Where to point a duplicate-path error.
    var location: SourceLocation
}
