import SitegenCore

/// Report text is printed on terminals and CI logs (which obey ANSI escapes too), and it carries text from the
/// content: these keep the content's control characters from reaching them raw.
enum ReportText {
    /// JSON with DEL and the C1 controls written as `\u` escapes (U+009B is an escape introducer on some terminals);
    /// JSONEncoder escapes only U+0000–U+001F. Outside strings JSON text is ASCII, so every such character is inside
    /// a string.
    static func escapingControls(inJSON json: String) -> String {
        guard json.unicodeScalars.contains(where: isHighControl) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if isHighControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isHighControl(_ scalar: Unicode.Scalar) -> Bool { (0x7F...0x9F).contains(scalar.value) }

    /// Text for people (annotations, Markdown tables): control characters shown as visible symbols (`␛`).
    static func visible(_ text: String) -> String { SourceExcerpt.visible(text) }
}
