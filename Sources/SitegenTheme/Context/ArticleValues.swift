public import SitegenCore

/// `article.*`: the variables of an article page.
public struct ArticleValues {
    public var title: String
    public var url: String
    /// The product's name and URL, when the article belongs to one.
    public var product: (name: String, url: String)?
    public var type: String
    public var createdDate: String
    public var createdBy: String
    public var lastModifiedDate: String
    public var lastModifiedBy: String
    public var auditDate: String
    /// "Edit this article" link, empty when no `edit_url` is configured.
    public var editURL: String
    /// h2 and h3 headings.
    public var toc: [Heading]
    /// Rendered body HTML (written with `{{{article.body}}}`).
    public var body: String
    /// Every front matter key, for site-specific templates (`article.front_matter.category`).
    public var frontMatter: [String: Any]
    /// Path of the source file relative to the site root.
    public var sourcePath: String
    /// The articles before and after this one on its product's page, if any.
    public var previous: ArticleLink?
    public var next: ArticleLink?

    public init(title: String, url: String, product: (name: String, url: String)?, type: String, createdDate: String,
                createdBy: String, lastModifiedDate: String, lastModifiedBy: String, auditDate: String, editURL: String,
                toc: [Heading], body: String, frontMatter: [String: Any], sourcePath: String,
                previous: ArticleLink? = nil, next: ArticleLink? = nil) {
        self.title = title
        self.url = url
        self.product = product
        self.type = type
        self.createdDate = createdDate
        self.createdBy = createdBy
        self.lastModifiedDate = lastModifiedDate
        self.lastModifiedBy = lastModifiedBy
        self.auditDate = auditDate
        self.editURL = editURL
        self.toc = toc
        self.body = body
        self.frontMatter = frontMatter
        self.sourcePath = sourcePath
        self.previous = previous
        self.next = next
    }

    /// `article.*` as plain values: `object(_:)`, the one list of the article's variables, without its objects.
    var templateValues: [String: Any] { object(LookupRecorder()).plainValues }

    /// `article.*` as template values, made directly (page rendering makes one per article page).
    func object(_ recorder: LookupRecorder) -> RecordingObject {
        let hasMeta = [createdDate, createdBy, lastModifiedDate, lastModifiedBy, auditDate].contains { !$0.isEmpty }
        let values: [(String, TemplateValue)] = [
            ("title", .text(title)), ("url", .text(url)), ("type", .text(type)),
            ("created_date", .text(createdDate)), ("created_by", .text(createdBy)),
            ("last_modified_date", .text(lastModifiedDate)), ("last_modified_by", .text(lastModifiedBy)),
            ("audit_date", .text(auditDate)), ("has_meta", .bool(hasMeta)), ("edit_url", .text(editURL)),
            ("has_toc", .bool(!toc.isEmpty)),
            ("toc", .objects(toc.map {
                RecordingObject(entries: [("level", .int($0.level)), ("id", .text($0.id)), ("text", .text($0.text))],
                                path: nil, recorder: recorder)
            })),
            ("body", .text(body)),
            ("front_matter", TemplateValue(frontMatter, parentPath: "article", name: "front_matter", recorder: recorder)),
            ("source_path", .text(sourcePath)),
            ("has_pagination", .bool(previous != nil || next != nil)),
            ("previous", neighbour(previous, "previous", recorder)), ("next", neighbour(next, "next", recorder)),
            ("product", product.map {
                .object(RecordingObject(entries: [("name", .text($0.name)), ("url", .text($0.url))],
                                        path: "article.product", recorder: recorder))
            } ?? .null),
        ]
        return RecordingObject(entries: values, path: "article", recorder: recorder)
    }

    private func neighbour(_ link: ArticleLink?, _ name: String, _ recorder: LookupRecorder) -> TemplateValue {
        link.map {
            .object(RecordingObject(entries: [("title", .text($0.title)), ("url", .text($0.url))],
                                    path: "article." + name, recorder: recorder))
        } ?? .null
    }
}

/// `product.*`: the variables of a product page.
public struct ProductValues: Sendable {
    public var name: String
    public var slug: String
    public var url: String
    public var articles: [ArticleLink]
    /// Rendered HTML of the product's landing page body (`type: product`), empty when there is none.
    public var body: String
    /// The product page's groups of articles (by `category`, else `type`), newest first within each.
    public var groups: [(name: String, articles: [ArticleLink])]

    public init(name: String, slug: String, url: String, articles: [ArticleLink], body: String,
                groups: [(name: String, articles: [ArticleLink])] = []) {
        self.name = name
        self.slug = slug
        self.url = url
        self.articles = articles
        self.body = body
        self.groups = groups
    }

    var templateValues: [String: Any] {
        [
            "name": name, "slug": slug, "url": url, "article_count": articles.count,
            "article_count_label": countLabel(articles.count, "article"),
            "has_articles": !articles.isEmpty, "articles": articles.map { $0.object() },
            "has_body": !body.isEmpty, "body": body,
            "is_grouped": groups.count > 1,
            "groups": groups.map { group in
                ["name": group.name, "article_count": group.articles.count,
                 "articles": group.articles.map { $0.object() }] as [String: Any]
            },
        ]
    }
}

/// `home.*`: the home page's intro, from a content page whose permalink is `/`.
public struct HomeValues: Sendable {
    public var body: String

    public init(body: String) {
        self.body = body
    }

    var templateValues: [String: Any] { ["has_body": !body.isEmpty, "body": body] }
}

/// `sitemap.*`: the sitemap's entries and its absolute URL (empty without a site URL).
public struct SitemapValues: Sendable {
    public var entries: [(loc: String, lastmod: String)]
    public var url: String

    public init(entries: [(loc: String, lastmod: String)], url: String) {
        self.entries = entries
        self.url = url
    }

    var templateValues: [String: Any] {
        ["entries": entries.map { ["loc": $0.loc, "lastmod": $0.lastmod] as [String: Any] }, "url": url]
    }
}
