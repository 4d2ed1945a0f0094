/// Escaping for text that sitegen itself writes into HTML (heading ids, included scripts, the preview's panels).
/// Templates are escaped by swift-mustache; this is for the few places that build HTML by hand.
public enum HTMLEscaping {
    /// Text content: `&`, `<`, `>`.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// Attribute values (and text): also `"` and `'`.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
