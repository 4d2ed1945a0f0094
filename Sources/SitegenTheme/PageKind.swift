/// The kinds of page the theme renders, each from its own template.
public enum PageKind: String, Sendable, CaseIterable {
    case article
    case product
    case home
    case allArticles
    case notFound
    case sitemap
    case robots
    case linkReport

    /// The template that renders this kind of page.
    public var templateName: String {
        switch self {
        case .article: "article"
        case .product: "product"
        case .home: "home"
        case .allArticles: "all-articles"
        case .notFound: "not-found"
        case .sitemap: "sitemap"
        case .robots: "robots"
        case .linkReport: "link-report"
        }
    }
}
