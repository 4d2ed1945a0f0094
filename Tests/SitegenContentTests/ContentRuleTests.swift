import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

@Suite("Content rules")
struct ContentRuleTests {
    func article(_ path: String, _ text: String) -> Article {
        let file = SourceFile(kind: .markdown, absolutePath: "/x/" + path, contentPath: path, displayPath: "content/" + path)
        return ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: .empty).load(file, text: text).0!
    }

    @Test("a missing permalink is a warning on the first line; index.md is exempt")
    func missingPermalink() {
        let found = MissingPermalinkRule().check(article("mail/Add Users.md", "---\ntitle: A\n---\nText.\n"))
        #expect(found.map(\.formatted) == ["content/mail/Add Users.md:1:1: warning: the front matter has no 'permalink', so the URL '/how-to/add-users/' comes from the file name and changes if the file is renamed [content-missing-permalink]"])
        #expect(found.first?.fixIt == "add 'permalink: add-users/'")
        #expect(MissingPermalinkRule().check(article("mail/index.md", "---\ntitle: Mail\n---\nText.\n")).isEmpty)
    }

    @Test("a permalink that differs from the file name is a note at the permalink")
    func permalinkDiffers() {
        let found = PermalinkDiffersRule().check(article("mail/connect.md", "---\ntitle: A\npermalink: cannot-connect/\n---\nText.\n"))
        #expect(found.map(\.formatted) == ["content/mail/connect.md:3:12: note: the permalink 'cannot-connect/' differs from the file name 'connect.md'; links to 'connect/' will not find this page [content-permalink-differs]"])
        #expect(PermalinkDiffersRule().check(article("mail/Add Users.md", "---\ntitle: A\npermalink: add-users/\n---\nx\n")).isEmpty)
    }

    @Test("dates that run backwards are a warning at the modified date")
    func datesBackwards() {
        let found = DatesBackwardsRule().check(article("mail/a.md", "---\ntitle: A\npermalink: a/\ncreated_date: '2016-09-08'\nlast_modified_date: '2016-01-05'\n---\nx\n"))
        #expect(found.map(\.formatted) == ["content/mail/a.md:5:21: warning: 'last_modified_date' (2016-01-05) is earlier than 'created_date' (2016-09-08) [content-dates-backwards]"])
    }

    @Test("a product_url that is not the folder is a warning at product_url")
    func productMismatch() {
        let found = ProductMismatchRule().check(article("mail/a.md", "---\ntitle: A\npermalink: a/\nproduct_url: dns\n---\nx\n"))
        #expect(found.map(\.formatted) == ["content/mail/a.md:4:14: warning: 'product_url' is 'dns' but the article is in the folder 'mail'; it is listed under 'dns' [content-product-mismatch]"])
        #expect(ProductMismatchRule().check(article("mail/b.md", "---\ntitle: B\nproduct_url: undefined\n---\nx\n")).isEmpty)
    }

    @Test("an empty body is a warning where the body would start")
    func emptyBody() {
        let found = EmptyBodyRule().check(article("mail/a.md", "---\ntitle: A\npermalink: a/\n---\n\n  \n"))
        #expect(found.map(\.formatted) == ["content/mail/a.md:5:1: warning: the article has no text after its front matter; its page is empty [content-empty-body]"])
    }

    @Test("new articles: front matter in the schema's order, scalars quoted only when YAML needs it")
    func scaffold() throws {
        let text = ArticleScaffold(title: "Fix: it's broken", slug: "fix-it", product: "Rackspace Email",
                                   productFolder: "rackspace-email", date: "2026-11-29", author: "Ada").text(body: "\nBody.")
        #expect(text == """
            ---
            permalink: fix-it/
            audit_date:
            title: 'Fix: it''s broken'
            type: article
            created_date: '2026-11-29'
            created_by: Ada
            last_modified_date: '2026-11-29'
            last_modified_by: Ada
            product: Rackspace Email
            product_url: rackspace-email
            ---
            Body.

            """)
        let parsed = article("rackspace-email/fix-it.md", text)
        #expect(parsed.frontMatter.title == "Fix: it's broken")
        #expect(parsed.url.value == "/how-to/fix-it/")
    }
}
