public import SitegenCore

/// An article without `permalink`: its URL comes from the file name and changes when the file is renamed.
public struct MissingPermalinkRule: ContentRule {
    public let id = "content-missing-permalink"
    public let defaultSeverity = RuleSeverity.warning
    public let summary = "An article without 'permalink', whose URL changes when its file is renamed."

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        // A permalink that is written but invalid has its own error.
        guard article.frontMatter.fields["permalink"] == nil || article.frontMatter.fields["permalink"] == .null,
              article.frontMatter.permalink == nil, article.source.baseName != "index" else { return [] }
        let slug = URLMapper.slug(article.source.baseName)
        return [finding(SourceLocation(file: article.source.displayPath, line: 1, column: 1),
                        "the front matter has no 'permalink', so the URL '\(article.url)' comes from the file name and changes if the file is renamed",
                        fixIt: "add 'permalink: \(slug)/'")]
    }
}
