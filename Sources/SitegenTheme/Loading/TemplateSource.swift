/// The text of one template and where it came from.
public struct TemplateSource: Sendable {
    /// Partial name: the file name without `.mustache`.
    public let name: String
    public let text: String
    /// Path shown in diagnostics: `templates/x.mustache` for a site's template, `(built-in theme)/x.mustache` otherwise.
    public let displayPath: String
    /// The template's tags, scanned once when it is loaded.
    let tags: [TemplateTag]

    init(name: String, text: String, displayPath: String) {
        self.name = name
        self.text = text
        self.displayPath = displayPath
        self.tags = TemplateTags.scan(text)
    }
}
