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
}
