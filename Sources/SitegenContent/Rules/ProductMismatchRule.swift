public import SitegenCore

/// `product_url` naming another product than the folder the article is in.
public struct ProductMismatchRule: ContentRule {
    public let id = "content-product-mismatch"
    public let defaultSeverity = RuleSeverity.warning
    public let summary = "'product_url' that does not match the product folder the article is in."

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        // Compared as the site index groups products: without surrounding slashes, in any letter case (a spelling
        // that differs from the other articles' has its own warning, `front-matter-url-spelling`).
        guard let productURL = article.frontMatter.productURL, let slug = Article.normalizedProductURL(productURL),
              slug != "undefined", let folder = article.source.productFolder, slug.lowercased() != folder.lowercased()
        else { return [] }
        return [finding(location(of: "product_url", in: article),
                        "'product_url' is '\(productURL)' but the article is in the folder '\(folder)'; it is listed under '\(productURL)'",
                        fixIt: "set 'product_url: \(folder)' or move the file to '\(productURL)/'")]
    }
}
