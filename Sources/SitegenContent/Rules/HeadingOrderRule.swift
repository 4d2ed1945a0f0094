public import SitegenCore

/// A heading that skips a level (`###` right after the title, or `####` after a `##`). Screen readers and the
/// table of contents navigate by level: a skipped level reads as a missing section. The page's title is the `h1`,
/// so an article's headings start at `##`.
///
/// Judged on the rendered headings (the parse stage calls it), not on the front matter.
public enum HeadingOrderRule {
    public static let id = "content-heading-order"
    public static let severity = RuleSeverity.note
    public static let summary = "A heading that skips a level: '###' right after the title (the page's h1), or '####' after a '##'."

    /// One finding per heading that goes more than one level deeper than the heading before it.
    public static func check(_ headings: [Heading], file: String) -> [Diagnostic] {
        var previous = (level: 1, text: "")
        var found: [Diagnostic] = []
        for heading in headings {
            if heading.level > previous.level + 1 {
                let before = previous.text.isEmpty ? "the page title (level 1)" : "'\(SourceExcerpt.visible(previous.text))' (level \(previous.level))"
                let wanted = String(repeating: "#", count: previous.level + 1)
                found.append(Diagnostic(severity.severity ?? .note, SourceLocation(file: file, line: heading.line, column: 1), rule: id,
                                        "heading level \(heading.level) follows \(before): a level is skipped",
                                        fixIt: "make it '\(wanted) \(SourceExcerpt.visible(heading.text))', or add the missing level above it"))
            }
            previous = (heading.level, heading.text)
        }
        return found
    }
}
