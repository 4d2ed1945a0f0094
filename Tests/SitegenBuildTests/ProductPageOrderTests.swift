import Foundation
import SitegenContent
import SitegenCore
import SitegenMarkdown
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// The product page's groups (front matter `category`, else `type`) and the previous/next links of its articles,
/// which follow the page's order.
@Suite("Product page order")
struct ProductPageOrderTests {
    static func article(_ slug: String, _ title: String, _ extra: String) -> String {
        "---\ntitle: \(title)\npermalink: \(slug)/\nproduct: Mail\nproduct_url: mail\n\(extra)---\nText.\n"
    }

    func build() throws -> [String: String] {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        let files = [
            "a": ("Zeta setup", "category: Getting started\nlast_modified_date: '2024-01-01'\n"),
            "b": ("Alpha setup", "category: getting started\nlast_modified_date: '2025-06-01'\n"),
            "c": ("Beta setup", "category: Getting started\n"),
            "d": ("Bounces", "type: troubleshooting\nlast_modified_date: '2023-01-01'\n"),
            "e": ("Delays", "type: troubleshooting\nlast_modified_date: '2023-01-01'\n"),
            "f": ("Quotas", ""),
        ]
        for (slug, (title, extra)) in files { try site.write("content/mail/\(slug).md", Self.article(slug, title, extra)) }
        return try MemoryBuild(siteRoot: site.path).pages
    }

    @Test("groups by category (any letter case, named as most write it) else type, by name; newest first, undated last, then by title")
    func groups() throws {
        let page = try #require(try build()["how-to/mail/index.html"])
        let headings = page.components(separatedBy: "<h3>").dropFirst().map { $0.components(separatedBy: " <span").first ?? "" }
        #expect(headings == ["Articles", "Getting started", "Troubleshooting"])
        let list = page.components(separatedBy: "<h2>Articles (6)</h2>").last ?? ""
        let links = list.components(separatedBy: "<li><a href=\"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
        #expect(links == ["/how-to/f/", "/how-to/b/", "/how-to/a/", "/how-to/c/", "/how-to/d/", "/how-to/e/"])
    }

    @Test("each article links to the one before and after it on the product page; the ends link one way")
    func previousAndNext() throws {
        let outputs = try build()
        func neighbours(_ slug: String) -> [String] {
            let page = outputs["how-to/\(slug)/index.html"] ?? ""
            return ["prev", "next"].compactMap { rel in
                page.components(separatedBy: "\" rel=\"\(rel)\"").first.flatMap { before in
                    page.contains("rel=\"\(rel)\"") ? String(before.split(separator: "\"").last ?? "") : nil
                }
            }
        }
        #expect(neighbours("f") == ["/how-to/b/"])
        #expect(neighbours("b") == ["/how-to/f/", "/how-to/a/"])
        #expect(neighbours("c") == ["/how-to/a/", "/how-to/d/"])
        #expect(neighbours("e") == ["/how-to/d/"])
        let page = try #require(outputs["how-to/c/index.html"])
        #expect(page.contains("<a class=\"pagination-next\" href=\"/how-to/d/\" rel=\"next\"><span class=\"pagination-label\">Next</span> Bounces</a>"))
        #expect(page.contains("<nav class=\"article-pagination\" aria-label=\"Previous and next articles\">"))
    }

    @Test("a large product sorted on several threads is in the order of one: by title as people read it, then by URL")
    func largeProductSortedInParallel() throws {
        // Titles that repeat (the URL decides), differ in letter case or hold numbers ("Step 9" before "Step 10").
        let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: .empty)
        var generator = SystemRandomNumberGenerator()
        let count = SiteIndex.largeProduct + 1_500
        let parsed = (0..<count).map { number -> ParsedArticle in
            let title = ["Step \(Int.random(in: 1...400, using: &generator))", "step \(number % 7)", "Étape \(number % 13)",
                         "DNS records", "dns Records \(number % 3)"][number % 5]
            let file = SourceFile(kind: .markdown, absolutePath: "/x\(number)", contentPath: "mail/a\(number).md",
                                  displayPath: "content/mail/a\(number).md")
            let (article, _) = loader.load(file, text: "---\ntitle: \(title)\n---\nText.\n")
            return ParsedArticle(article: article!, rendered: MarkdownRenderer().render("Text.\n", firstLine: 4, html: false))
        }
        let list = Array((0..<count).shuffled(using: &generator))
        let english = TitleOrder(language: "en")
        let one = SiteIndex.sortedByTitle(list, parsed, order: english)
        #expect(SiteIndex.sortedByTitle(list, parsed, order: english, jobs: 2) == one)
        #expect(SiteIndex.sortedByTitle(list, parsed, order: english, jobs: 3) == one)
        for (left, right) in zip(one, one.dropFirst()) {
            let order = english.compare(parsed[left].article.frontMatter.title, parsed[right].article.frontMatter.title)
            #expect(order == .orderedAscending || (order == .orderedSame && parsed[left].article.url < parsed[right].article.url))
        }
    }

    @Test("titles are ordered as people read them: numbers by value, letter case ignored")
    func titleOrderReadsNumbers() {
        let order = TitleOrder(language: "en")
        #expect(order.compare("Step 9", "Step 10") == .orderedAscending)
        #expect(order.compare("step 2", "Step 10") == .orderedAscending)
        #expect(order.compare("DNS records", "dns setup") == .orderedAscending)
        #expect(order.compare("Zebra", "Aarhus") == .orderedDescending)
    }

    @Test("the site's language orders the letters, not the machine's locale: Danish 'Aa' and Swedish 'Ä' after 'Z'")
    func titleOrderFollowsLanguage() {
        #expect(TitleOrder(language: "en").compare("Aarhus office", "Zebra") == .orderedAscending)
        #expect(TitleOrder(language: "da").compare("Aarhus office", "Zebra") == .orderedDescending)
        #expect(TitleOrder(language: "de").compare("Ärger", "Zebra") == .orderedAscending)
        #expect(TitleOrder(language: "sv").compare("Ärende", "Zebra") == .orderedDescending)
        #expect(TitleOrder(language: "sv-SE").compare("Ärende", "Zebra") == .orderedDescending)
    }

    @Test("a product page of a Danish site lists 'Aarhus' after 'Zebra', an English one before")
    func productListFollowsLanguage() throws {
        func links(language: String) throws -> [String] {
            let site = try TemporaryFolder()
            try site.write("sitegen.yml", "title: T\nlanguage: \(language)\n")
            try site.write("content/mail/a.md", Self.article("a", "Aarhus kontor", ""))
            try site.write("content/mail/z.md", Self.article("z", "Zebra", ""))
            try site.write("content/mail/o.md", Self.article("o", "Odense", ""))
            let page = try #require(try MemoryBuild(siteRoot: site.path).pages["how-to/mail/index.html"])
            let list = page.components(separatedBy: "<h2>Articles (3)</h2>").last ?? ""
            return list.components(separatedBy: "<li><a href=\"").dropFirst().map { String($0.prefix(while: { $0 != "\"" })) }
        }
        #expect(try links(language: "en") == ["/how-to/a/", "/how-to/o/", "/how-to/z/"])
        #expect(try links(language: "da") == ["/how-to/o/", "/how-to/z/", "/how-to/a/"])
    }
}
