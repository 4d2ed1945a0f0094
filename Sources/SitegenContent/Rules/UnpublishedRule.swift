public import SitegenCore

/// An article marked `published: false` (Jekyll's front matter): its page is not built. The note says so where the
/// writer set it, so that a draft is never left out silently, and a link to its URL names this file.
public struct UnpublishedRule: ContentRule {
    public let id = "content-unpublished"
    public let defaultSeverity = RuleSeverity.note
    public let summary = "An article with `published: false`: not built, in no list, feed, sitemap or search."
    public var judgesFrontMatter: Bool { false }

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        guard article.frontMatter.isUnpublished else { return [] }
        return [finding(location(of: "published", in: article),
                        "'published: false': this article is not built, and is in no list, feed, sitemap or search index",
                        fixIt: "remove 'published: false' to publish it")]
    }
}
