import Benchmark
import SitegenContent
import SitegenCore
import SitegenLinks
import SitegenMarkdown
import SitegenTheme

/// Per-article costs of the build's stages, on one realistic article (the shape generate-corpus.py writes):
/// front matter decode, Markdown parse + render + link extraction, link resolution, and one page render.
let frontMatter = """
    permalink: configure-the-backup-of-a-agent-285/
    audit_date:
    title: Configure the backup of a agent (285)
    type: article
    created_date: '2019-10-06'
    created_by: Generated Author
    last_modified_date: '2020-10-06'
    last_modified_by: Generated Editor
    product: Product 000
    product_url: product-000
    """

let body: String = {
    var lines = ["The load must be ready before you enable the region. Changes to the agent can take up to 15 minutes.",
                 "", "### Prerequisites", "", "- **Applies to:** User", "- **Difficulty:** Easy", "", "### Steps", ""]
    for step in 1...7 { lines.append("\(step). You can disable a volume from the command line or from the portal.") }
    lines += ["    ![Screen 2](/how-to/product-000/images/screen-1.svg)", "", "| Setting | Value | Notes |", "|---|---|---|"]
    for row in 1...5 { lines.append("| snapshot | \(row * 1111) | Changes to the snapshot can take up to 15 minutes. |") }
    lines += ["", "```sh", "sitegen-cli migrate --schedule 12", "```", "", "### Troubleshooting", "",
              String(repeating: "If the password does not respond, check the instance settings in the control panel. ", count: 6),
              "", "### Related articles", ""]
    for link in 0..<8 { lines.append("- [Article \(link)](/how-to/article-\(link)/\(link % 2 == 0 ? "#steps" : ""))") }
    lines += ["", "For more help, see the [status page](https://status.example.com/p) or [the forum](https://community.example.com/t/1)."]
    return lines.joined(separator: "\n") + "\n"
}()

let routes: SiteRoutes = {
    var list = (0..<1000).map { index in
        Route(url: "/how-to/article-\(index)/", kind: .article, anchors: ["prerequisites", "steps", "troubleshooting"],
              title: "Article \(index)", contentPath: "product-000/article-\(index).md")
    }
    list.append(Route(url: "/how-to/product-000/images/screen-1.svg", kind: .asset))
    return SiteRoutes(routes: list, baseURL: "/how-to/", siteURL: "https://help.example.com")
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
                                           maxDuration: .seconds(3))

    Benchmark("Front matter decode (per article)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FrontMatterParser.parse(yaml: frontMatter, firstLine: 2, file: "content/p/a.md"))
        }
    }

    let renderer = MarkdownRenderer()
    Benchmark("Markdown parse + render + link extraction (per article)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(renderer.render(body, firstLine: 13))
        }
    }

    let rendered = renderer.render(body, firstLine: 13)
    let checker = LinkChecker(resolver: LinkResolver(routes: routes), settings: LinkCheckSettings())
    let page = PageLinks(file: "content/product-000/article-1.md", contentPath: "product-000/article-1.md",
                         pageURL: "/how-to/article-1/", links: rendered.links)
    Benchmark("Link rules + resolution (per article, \(rendered.links.count) links)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(checker.check(page))
        }
    }

    let theme = Theme.load(folder: nil, displayFolder: "templates", boundary: .empty).0!
    let site = SiteValues(title: "Help Center", language: "en", homeURL: "/how-to/", stylesheetURL: "/how-to/assets/style.css",
                          allArticlesURL: "/how-to/all-articles/", generator: "sitegen", articleCount: 1000,
                          products: (0..<20).map { ProductSummary(name: "Product \($0)", slug: "product-\($0)",
                                                                  url: "/how-to/product-\($0)/", articles: []) })
    let prepared = PreparedSiteValues(site)
    let article = ArticleValues(title: "Configure the backup of a agent (285)", url: "/how-to/article-1/",
                                product: ("Product 000", "/how-to/product-000/"), type: "article", createdDate: "2019-10-06",
                                createdBy: "Generated Author", lastModifiedDate: "2020-10-06", lastModifiedBy: "Generated Editor",
                                auditDate: "", editURL: "", toc: rendered.headings, body: rendered.html, frontMatter: [:],
                                sourcePath: "content/product-000/article-1.md")
    let context = PageContext(site: site, page: PageValues(title: article.title, url: article.url, canonicalURL: "", kind: .article),
                              content: .article(article), prepared: prepared)
    // As the build renders a page: the theme specialized for the build (the header's product menu rendered once),
    // the page's values made directly as template values, the bytes that are written.
    let (buildTheme, _) = theme.specialized(for: prepared)
    Benchmark("Template render of one article page") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(buildTheme.renderBytes(.article, context))
        }
    }
}
