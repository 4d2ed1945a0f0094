import Foundation
import SitegenCore

/// Reads one Markdown source file into an `Article`, reporting what is wrong with it.
public struct ArticleLoader: Sendable {
    public let urls: URLMapper

    public init(urls: URLMapper) {
        self.urls = urls
    }

    /// The article, or nil when the file cannot be built (unreadable, no or broken front matter, no title).
    public func load(_ file: SourceFile) -> (Article?, [Diagnostic]) {
        let location = SourceLocation(file: file.displayPath)
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
            return (nil, [.error(location, rule: "content-unreadable", "cannot read this file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return (nil, [.error(location, rule: "content-not-utf8", "this file is not valid UTF-8 text")])
        }
        return load(file, text: text)
    }

    /// Same as `load(_:)` for text already in memory.
    public func load(_ file: SourceFile, text: String) -> (Article?, [Diagnostic]) {
        let split = FrontMatterSplitter.split(text)
        guard let yaml = split.yaml else {
            return (nil, [.warning(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "front-matter-missing",
                                   "this Markdown file has no front matter, so it is not built",
                                   fixIt: "start the file with '---', a 'title: ...' line and '---'")])
        }
        if split.unterminated {
            return (nil, [.error(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "front-matter-unterminated",
                                 "front matter starts with '---' but never ends",
                                 fixIt: "add a line '---' after the last front matter line")])
        }
        let (frontMatter, diagnostics) = FrontMatterParser.parse(yaml: yaml, firstLine: split.yamlFirstLine,
                                                                 file: file.displayPath)
        guard let frontMatter else { return (nil, diagnostics) }
        // `index.md` without a permalink is its folder's page: `<product>/index.md` is the product's landing page.
        var permalink = frontMatter.permalink
        if permalink == nil, file.baseName == "index" { permalink = "/" + (file.productFolder.map { $0 + "/" } ?? "") }
        let url = urls.pageURL(permalink: permalink, fileBaseName: file.baseName)
        return (Article(source: file, frontMatter: frontMatter, body: split.body, bodyFirstLine: split.bodyFirstLine,
                        url: url), diagnostics)
    }
}
