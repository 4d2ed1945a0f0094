/// A front matter value as templates see it: every scalar stays the text the author wrote.
public enum FrontMatterValue: Sendable, Hashable {
    case null
    case string(String)
    case list([FrontMatterValue])
    case map([String: FrontMatterValue])

    /// A plain Swift value for templates: `String`, `[Any]`, `[String: Any]`, or `""` for null.
    public var templateValue: Any {
        switch self {
        case .null: ""
        case .string(let text): text
        case .list(let items): items.map(\.templateValue)
        case .map(let entries): entries.mapValues(\.templateValue)
        }
    }
}
