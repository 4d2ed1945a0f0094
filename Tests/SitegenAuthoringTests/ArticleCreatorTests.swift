import Foundation
import SitegenContent
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenAuthoring

@Suite("sitegen new")
struct ArticleCreatorTests {
    func site() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sitegen.yml", "title: T\n")
        try folder.write("content/email/index.md", "---\ntitle: Email\nproduct: Email\n---\n")
        return folder
    }

    @Test("a title, author or product name with a line break or control character is refused; no file is written",
          arguments: [("--title", "Hello\npermalink: /evil/", "a line break"),
                      ("--author", "Ada\r\nLovelace", "a line break"),
                      ("--title", "Bell \u{07}", "the control character U+0007"),
                      ("--product-name", "Esc \u{1B}[31m", "the control character U+001B")])
    func controlCharacters(_ option: String, _ value: String, _ what: String) throws {
        let folder = try site()
        var request = ArticleCreator.Request(siteRoot: folder.path, path: "email/x", title: "Title", author: "A")
        switch option {
        case "--title": request.title = value
        case "--author": request.author = value
        default: request.productName = value
        }
        guard case .refused(let diagnostics) = ArticleCreator().create(request) else {
            Issue.record("created")
            return
        }
        #expect(diagnostics.map(\.message) == ["\(option) must be one line of text; it contains \(what)"])
        #expect(diagnostics.map(\.rule) == ["new-invalid-value"])
        #expect(diagnostics.first?.location.file == "email/x")
        #expect(folder.read("content/email/x.md") == nil)
    }

    @Test("a one-line title with YAML's special characters is written so that it reads back as written")
    func specialCharacters() throws {
        let folder = try site()
        let title = "Fix: \"quotes\", #hash & 'apostrophes' [1]"
        let outcome = ArticleCreator().create(ArticleCreator.Request(siteRoot: folder.path, path: "email/x", title: title, author: "A"))
        guard case .created = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        let text = try #require(folder.read("content/email/x.md"))
        let split = FrontMatterSplitter.split(text)
        let reading = FrontMatterParser.parse(yaml: split.yaml ?? "", firstLine: split.yamlFirstLine, file: "x.md")
        #expect(reading.diagnostics.isEmpty)
        #expect(reading.frontMatter.title == title)
    }

    @Test("without --title the title comes from the slug, and the outcome says so")
    func titleFromSlug() throws {
        let folder = try site()
        let outcome = ArticleCreator().create(ArticleCreator.Request(siteRoot: folder.path, path: "email/reset-a-password", author: "A"))
        guard case .created(_, let display, let url, let derived) = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        #expect(display == "content/email/reset-a-password.md")
        #expect(url == "/how-to/reset-a-password/")
        #expect(derived == ["title 'Reset a password' (from the slug; change it in the file or pass --title)"])
        let text = try #require(folder.read("content/email/reset-a-password.md"))
        let split = FrontMatterSplitter.split(text)
        let reading = FrontMatterParser.parse(yaml: split.yaml ?? "", firstLine: split.yamlFirstLine, file: "x.md")
        #expect(reading.frontMatter.title == "Reset a password")
        #expect(reading.frontMatter.product == "Email")
    }

    @Test("the first article of a new product takes the product's name from its folder; an empty --title is refused")
    func productFromFolder() throws {
        let folder = try site()
        let outcome = ArticleCreator().create(ArticleCreator.Request(siteRoot: folder.path, path: "cloud-backup/restore_a_file",
                                                                     title: "Restore a file", author: "A"))
        guard case .created(_, _, _, let derived) = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        #expect(derived == ["product name 'Cloud Backup' (from the folder 'cloud-backup'; pass --product-name to choose another)"])
        let text = try #require(folder.read("content/cloud-backup/restore_a_file.md"))
        #expect(text.contains("\nproduct: Cloud Backup\n"))
        #expect(ArticleCreator.title(fromSlug: "restore_a_file") == "Restore a file")

        let empty = ArticleCreator().create(ArticleCreator.Request(siteRoot: folder.path, path: "email/y", title: "  ", author: "A"))
        guard case .refused(let problems) = empty else {
            Issue.record("created with an empty title")
            return
        }
        #expect(problems.map(\.message) == ["--title is empty"])
        #expect(problems.map(\.rule) == ["new-missing-title"])
        #expect(folder.read("content/email/y.md") == nil)
    }
}
