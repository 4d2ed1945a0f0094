/// What happens to the raw HTML of articles (`markdown.raw_html` in `sitegen.yml`).
public enum RawHTMLMode: String, Sendable, Hashable, CaseIterable {
    /// `false`: every piece of raw HTML is replaced by the comment `<!-- raw HTML omitted -->`.
    case omitted
    /// `true`: kept as written, except what could run script (see the manual's Markdown page).
    case kept
    /// `sanitize`: kept through an allow-list of tags and attributes; everything else is removed.
    case sanitized

    /// The value as written in `sitegen.yml`.
    public var configValue: String {
        switch self {
        case .omitted: "false"
        case .kept: "true"
        case .sanitized: "sanitize"
        }
    }
}
