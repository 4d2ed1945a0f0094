public import SitegenCore

/// A permalink that differs from the file name: links written with the file name will not work.
public struct PermalinkDiffersRule: ContentRule {
    public let id = "content-permalink-differs"
    public let defaultSeverity = RuleSeverity.note
    public let summary = "A permalink that differs from the file name (links written with the file name break)."

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        guard let permalink = article.frontMatter.permalink, article.source.baseName != "index" else { return [] }
        // `x/index.html` is the page at `x/` (`URLMapper.pageURL`): its name is `x`.
        var folder = permalink
        if folder.hasSuffix("/index.html") { folder.removeLast("index.html".count) }
        let last = folder == "index.html" ? "" : folder.lastSlashSeparatedPart.map(String.init) ?? ""
        let slug = URLMapper.slug(article.source.baseName)
        let lastSlug = last.lowercased().hasSuffix(".html") ? String(last.dropLast(5)) : last
        guard !lastSlug.isEmpty, lastSlug != slug, lastSlug != article.source.baseName else { return [] }
        let file = article.source.contentPath.lastSlashSeparatedPart.map(String.init) ?? article.source.contentPath
        return [finding(location(of: "permalink", in: article),
                        "the permalink '\(permalink)' differs from the file name '\(file)'; links to '\(slug)/' will not find this page",
                        fixIt: "rename the file to '\(lastSlug).md', or keep both and link to '\(article.url)'")]
    }
}
