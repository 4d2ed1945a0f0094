public import SitegenCore

/// An article with front matter and nothing else.
public struct EmptyBodyRule: ContentRule {
    public let id = "content-empty-body"
    public let defaultSeverity = RuleSeverity.warning
    public let summary = "An article whose body is empty."
    public var judgesFrontMatter: Bool { false }

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        // A page that only redirects (`redirect_to`) has nothing but front matter by design.
        guard article.frontMatter.redirectTo == nil, article.body.allSatisfy(\.isWhitespace) else { return [] }
        return [finding(SourceLocation(file: article.source.displayPath, line: article.bodyFirstLine, column: 1),
                        "the article has no text after its front matter; its page is empty",
                        fixIt: "write the article, or delete the file")]
    }
}
