public import SitegenCore

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
    /// True when the body was not read or not parsed (too large, too complex: its error is reported): rules that
    /// judge the body skip the article, and its page is built without a body.
    public var bodyIsOmitted = false

    public init(source: SourceFile, frontMatter: FrontMatter, body: String, bodyFirstLine: Int, url: SitePath) {
        self.source = source
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.url = url
    }

    /// The product this article belongs to: `product_url` from the front matter, else its folder. Slashes around
    /// it and repeated inside it are dropped (`dedicated-hosting/` is `dedicated-hosting`); letter case is kept
    /// here, and the site index treats spellings that differ only in case as one product.
    public var productSlug: String? {
        if let written = frontMatter.productURL, let slug = Self.normalizedProductURL(written), slug != "undefined" {
            return slug
        }
        return source.productFolder
    }

    /// `product_url` without surrounding blanks and slashes, and with repeated slashes made one; nil when empty.
    public static func normalizedProductURL(_ written: String) -> String? {
        let trimmed = written.trimmingBlanks
        // Nearly always a plain slug: no slash to drop, nothing to copy.
        if !trimmed.isEmpty, !trimmed.containsByte(UInt8(ascii: "/")) { return trimmed }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: true)
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
