import SitegenCore

/// `product_url` naming another product than the folder the article is in.
public struct ProductMismatchRule: ContentRule {
    public let id = "content-product-mismatch"
    public let defaultSeverity = RuleSeverity.warning
    public let summary = "'product_url' that does not match the product folder the article is in."

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        guard let productURL = article.frontMatter.productURL, productURL != "undefined",
              let folder = article.source.productFolder, productURL != folder else { return [] }
        return [finding(location(of: "product_url", in: article),
                        "'product_url' is '\(productURL)' but the article is in the folder '\(folder)'; it is listed under '\(productURL)'",
                        fixIt: "set 'product_url: \(folder)' or move the file to '\(productURL)/'")]
    }
}
