/// The text of one template and where it came from.
public struct TemplateSource: Sendable {
    /// Partial name: the file name without `.mustache`.
    public var name: String
    public var text: String
    /// Path shown in diagnostics: `templates/x.mustache` for a site's template, `(built-in theme)/x.mustache` otherwise.
    public var displayPath: String
    /// True when the template comes from the site's `templates/` folder.
    public var isOverride: Bool
}
