import SitegenCore

/// A Markdown source file with valid front matter, ready to be rendered.
public struct Article: Sendable {
    /// The file it comes from.
    public var source: SourceFile
    /// Decoded front matter.
    public var frontMatter: FrontMatter
    /// Markdown body (everything after the front matter).
    public var body: String
    /// File line on which the body starts.
    public var bodyFirstLine: Int
    /// URL of the page on the site.
    public var url: SitePath
    /// True when the front matter could not be read as written and holds what was recovered of it (its error is
    /// reported): rules that judge front-matter values skip the article.
    public var frontMatterIsSalvaged = false

    public init(source: SourceFile, frontMatter: FrontMatter, body: String, bodyFirstLine: Int, url: SitePath) {
        self.source = source
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.url = url
    }

    /// The product this article belongs to: `product_url` from the front matter, else its folder.
    public var productSlug: String? {
        if let slug = frontMatter.productURL, slug != "undefined" { return slug }
        return source.productFolder
    }
}
