public import SitegenCore

/// An article marked `published: false` (Jekyll's front matter) or `draft: true` (Hugo's): its page is not built.
/// The note says so where the writer set it, so that a draft is never left out silently, and a link to its URL
/// names this file.
public struct UnpublishedRule: ContentRule {
    public let id = "content-unpublished"
    public let defaultSeverity = RuleSeverity.note
    public let summary = "An article with `published: false` or `draft: true`: not built, in no list, feed, sitemap or search."
    public var judgesFrontMatter: Bool { false }

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        guard let name = article.frontMatter.unpublishedBy, case .string(let value)? = article.frontMatter.fields[name] else { return [] }
        let key = "\(name): \(value)"
        return [finding(location(of: name, in: article),
                        "'\(key)': this article is not built, and is in no list, feed, sitemap or search index",
                        fixIt: "remove '\(key)' to publish it")]
    }
}
