/// A heading of a rendered page: its level, visible text and the anchor id written into the HTML.
public struct Heading: Sendable, Hashable, Codable {
    /// 1 to 6.
    public var level: Int
    /// Plain text of the heading.
    public var text: String
    /// The `id` attribute, unique within the page.
    public var id: String
    /// 1-based source line of the heading.
    public var line: Int

    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
    }
}
