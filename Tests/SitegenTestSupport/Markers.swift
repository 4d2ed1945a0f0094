import SitegenCore

/// Position markers for test inputs, as swift-format's rule tests use them: write `1️⃣` where a finding is
/// expected, and `markedText` removes the markers and tells each one's 1-based line and UTF-8 column.
public struct MarkedText {
    /// The text without markers.
    public let text: String
    /// Marker → (line, column) in `text`.
    public let positions: [String: (line: Int, column: Int)]

    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    public init(_ marked: String) {
        var text = ""
        var positions: [String: (Int, Int)] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while let character = rest.first {
            for marker in Self.markers where rest.hasPrefix(marker) {
                positions[marker] = (line, column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.utf8.count
            }
            rest = rest.dropFirst()
        }
        self.text = text
        self.positions = positions
    }

    /// The position of a marker; fails loudly when the test forgot it.
    public subscript(_ marker: String) -> (line: Int, column: Int) {
        guard let position = positions[marker] else { preconditionFailure("marker \(marker) not in the test text") }
        return position
    }
}
