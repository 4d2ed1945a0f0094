import SitegenCore

/// `page.*`: what every page knows about itself.
public struct PageValues: Sendable {
    public var title: String
    /// Site-relative URL of the page.
    public var url: String
    /// Absolute URL when the site URL is configured, else empty.
    public var canonicalURL: String
    public var kind: PageKind
    /// Site-relative URL and title of the Atom feed of the page's product (product and article pages), else empty.
    public var feedURL = ""
    public var feedTitle = ""

    public init(title: String, url: String, canonicalURL: String, kind: PageKind) {
        self.title = title
        self.url = url
        self.canonicalURL = canonicalURL
        self.kind = kind
    }

    /// `page.*` as plain values: `object(_:)` without its object.
    var templateValues: [String: Any] { object(LookupRecorder()).plainValues }

    /// `page.*` as template values, made directly.
    func object(_ recorder: LookupRecorder) -> RecordingObject {
        RecordingObject(entries: [("title", .text(title)), ("url", .text(url)), ("canonical_url", .text(canonicalURL)),
                                  ("kind", .text(kind.templateName)), ("feed_url", .text(feedURL)),
                                  ("feed_title", .text(feedTitle))], path: "page", recorder: recorder)
    }
}

/// The variables of one page: `site`, `page`, and the page kind's own object.
public struct PageContext {
    public var site: SiteValues
    public var page: PageValues
    public var content: Content
    /// `site.*` as template values, computed once per build (it holds every product's article list).
    public var prepared: PreparedSiteValues?

    /// The page kind's own variables.
    public enum Content {
        case article(ArticleValues)
        case product(ProductValues)
        case home(HomeValues)
        case list
        case sitemap(SitemapValues)
        case linkReport(LinkReportValues)
    }

    public init(site: SiteValues, page: PageValues, content: Content, prepared: PreparedSiteValues? = nil) {
        self.site = site
        self.page = page
        self.content = content
        self.prepared = prepared
    }

    /// About the bytes the page takes, reserved for it at once: most pages fit in 16 KB; the link report grows with
    /// its findings (64 MB for 80,000), which an output grown by doubling copied again and again, holding two
    /// copies at the last. Reserved memory that is not written costs no memory.
    var expectedBytes: Int {
        guard case .linkReport(let report) = content else { return 16_384 }
        return report.files.reduce(0) { $0 + $1.findings.count } * 1_024 + report.inlineStylesheet.utf8.count + 65_536
    }

    /// Replaces the rendered body the page embeds (after theme partials were filled into it).
    public mutating func replaceBody(_ html: String) {
        switch content {
        case .article(var article):
            article.body = html
            content = .article(article)
        case .product(var product):
            product.body = html
            content = .product(product)
        case .home(var home):
            home.body = html
            content = .home(home)
        case .list, .sitemap, .linkReport:
            break
        }
    }

    /// The dictionary handed to the templates.
    public var templateValues: [String: Any] {
        var values: [String: Any] = ["page": page.templateValues]
        if case .product(let product) = content, let prepared, let lists = prepared.productLists {
            // The prepared list, the page's own product swapped for its marked item: a copy of references per
            // product page (each item made anew, the product pages of a site of thousands of products took the
            // square of that number of dictionaries).
            var site = prepared.object.values
            var items = lists.unmarked
            for position in lists.positions[product.slug] ?? [] { items[position] = lists.current[position] }
            site["products"] = .objects(items)
            values["site"] = RecordingObject(converted: site, path: "site", recorder: prepared.object.recorder)
        } else if case .product(let product) = content {
            // Product pages mark the current product, so they get their own copy of the list.
            var site = prepared?.values ?? self.site.templateValues
            site["products"] = self.site.products.map { summary -> [String: Any] in
                var values = summary.templateValues
                values["is_current"] = summary.slug == product.slug
                return values
            }
            values["site"] = site
        } else {
            values["site"] = prepared.map { $0.object as Any } ?? self.site.templateValues
        }
        switch content {
        case .article(let article): values["article"] = article.templateValues
        case .product(let product): values["product"] = product.templateValues
        case .home(let home): values["home"] = home.templateValues
        case .list: break
        case .sitemap(let sitemap): values["sitemap"] = sitemap.templateValues
        case .linkReport(let report): values["report"] = report.templateValues
        }
        return values
    }

    /// The root object the templates see: `RecordingObject(values: templateValues, path: "", recorder:)`, made
    /// for article pages without the `[String: Any]` dictionaries in between (measured on 10,000 generated
    /// articles: converting them was a fifth of a page's rendering time). Other pages, a few per build, convert.
    func rootObject(recorder: LookupRecorder) -> RecordingObject {
        guard case .article(let article) = content, let prepared else {
            return RecordingObject(values: templateValues, path: "", recorder: recorder)
        }
        return RecordingObject(entries: [("page", .object(page.object(recorder))), ("site", .object(prepared.object)),
                                         ("article", .object(article.object(recorder)))],
                               path: "", recorder: recorder)
    }
}

/// `site.*` as template values, computed once and shared by every page of a build. Immutable after creation,
/// so sharing it between rendering threads is safe (the dictionary holds only strings, numbers and arrays of them).
public final class PreparedSiteValues: @unchecked Sendable {
    let values: [String: Any]
    /// `site` converted once into template values (for both renderers); its failed lookups are recorded here for
    /// the whole build.
    let object: RecordingObject
    let recorder = LookupRecorder()

    /// `site.products` for product pages, made once: every item with `is_current: false`, every item with
    /// `is_current: true`, and the positions of each slug. Nil when `products` is not a list of objects.
    let productLists: (unmarked: [RecordingObject], current: [RecordingObject], positions: [String: [Int]])?

    public init(_ site: SiteValues) {
        values = site.templateValues
        object = RecordingObject(values: values, path: "site", recorder: recorder)
        guard case .objects(let items)? = object.values["products"] else {
            productLists = nil
            return
        }
        func marked(_ item: RecordingObject, _ current: Bool) -> RecordingObject {
            var itemValues = item.values
            itemValues["is_current"] = .bool(current)
            return RecordingObject(converted: itemValues, path: nil, recorder: item.recorder)
        }
        var positions: [String: [Int]] = [:]
        for (position, item) in items.enumerated() {
            if case .string(let slug)? = item.values["slug"] { positions[slug, default: []].append(position) }
        }
        productLists = (items.map { marked($0, false) }, items.map { marked($0, true) }, positions)
    }

    /// `site.*` names that no page found.
    public var misses: Set<String> { recorder.misses }
}
