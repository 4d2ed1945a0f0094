public import SitegenCore

/// `last_modified_date` before `created_date`.
public struct DatesBackwardsRule: ContentRule {
    public let id = "content-dates-backwards"
    public let defaultSeverity = RuleSeverity.warning
    public let summary = "'last_modified_date' earlier than 'created_date'."

    public init() {}

    public func check(_ article: Article) -> [Diagnostic] {
        let matter = article.frontMatter
        // ISO dates (YYYY-MM-DD) compare correctly as text; invalid ones are nil and reported elsewhere.
        guard let created = matter.createdDate, let modified = matter.lastModifiedDate, modified < created else { return [] }
        return [finding(location(of: "last_modified_date", in: article),
                        "'last_modified_date' (\(modified)) is earlier than 'created_date' (\(created))",
                        fixIt: "correct one of the dates")]
    }
}
