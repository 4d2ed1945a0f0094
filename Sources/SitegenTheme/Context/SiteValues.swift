/// `site.*`: what every page knows about the whole site.
public struct SiteValues: Sendable {
    public var title: String
    public var language: String
    /// URL of the home page (the baseurl).
    public var homeURL: String
    public var stylesheetURL: String
    public var allArticlesURL: String
    /// "sitegen VERSION".
    public var generator: String
    public var articleCount: Int
    public var products: [ProductSummary]
    /// URL of the search index's folder (`site.search_url`, ending in `/`); empty when the site has no search.
    public var searchURL = ""
    /// URL of the theme's `search.js` (`site.search_script_url`); empty when the site has no search.
    public var searchScriptURL = ""
    /// URL of the theme's `theme.js` (`site.script_url`): the colour scheme toggle and the copy buttons of code
    /// blocks. Empty on the standalone report page, which has no assets.
    public var scriptURL = ""
    /// Site-relative URL of the site's Atom feed (`site.feed_url`); empty without a site `url` or a dated article.
    public var feedURL = ""

    public init(title: String, language: String, homeURL: String, stylesheetURL: String, allArticlesURL: String,
                generator: String, articleCount: Int, products: [ProductSummary]) {
        self.title = title
        self.language = language
        self.homeURL = homeURL
        self.stylesheetURL = stylesheetURL
        self.allArticlesURL = allArticlesURL
        self.generator = generator
        self.articleCount = articleCount
        self.products = products
    }

    var templateValues: [String: Any] {
        [
            "title": title, "language": language, "home_url": homeURL, "stylesheet_url": stylesheetURL,
            "all_articles_url": allArticlesURL, "generator": generator, "article_count": articleCount,
            "article_count_label": countLabel(articleCount, "article"),
            "product_count": products.count,
            "search_url": searchURL, "search_script_url": searchScriptURL, "script_url": scriptURL, "feed_url": feedURL,
            "products": products.map(\.templateValues),
        ]
    }
}

/// One product in `site.products`.
public struct ProductSummary: Sendable {
    public var name: String
    /// Product folder / `product_url` value, also used as an HTML id.
    public var slug: String
    public var url: String
    public var articles: [ArticleLink]

    public init(name: String, slug: String, url: String, articles: [ArticleLink]) {
        self.name = name
        self.slug = slug
        self.url = url
        self.articles = articles
    }

    var templateValues: [String: Any] {
        [
            "name": name, "slug": slug, "url": url, "article_count": articles.count,
            "article_count_label": countLabel(articles.count, "article"),
            "articles": articles.map { $0.object() },
        ]
    }
}

/// An article in a list (`site.products[].articles`, `product.articles`).
public struct ArticleLink: Sendable {
    public var title: String
    public var url: String
    public var lastModifiedDate: String

    public init(title: String, url: String, lastModifiedDate: String) {
        self.title = title
        self.url = url
        self.lastModifiedDate = lastModifiedDate
    }

    /// The item as template values: `title`, `url`, `last_modified_date`.
    public var templateValues: [String: Any] {
        ["title": title, "url": url, "last_modified_date": lastModifiedDate]
    }

    static let keys = TemplateKeys(["title", "url", "last_modified_date"])
    /// The recorder of list items, which never record (their path is nil).
    private static let itemRecorder = LookupRecorder()

    /// The item as a list item's template object, the same as its `templateValues` converted, made directly:
    /// `site.products[].articles` lists every article of the site, and converting a dictionary per article was
    /// most of the time the standalone link report page took to set up (the check's report page, on one core).
    func object() -> RecordingObject {
        RecordingObject(keys: Self.keys, items: [.text(title), .text(url), .text(lastModifiedDate)], path: nil,
                        recorder: Self.itemRecorder)
    }
}

/// "1 article", "2 articles".
func countLabel(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
