/// A position in a source file: 1-based line, and 1-based column counted in UTF-8 bytes (as cmark-gfm reports it).
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Path of the file as shown to the user (relative to the site root where possible).
    public var file: String
    /// 1-based line number; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// 1-based column in UTF-8 bytes; 0 when the problem concerns the whole line or file.
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, leaving out the parts that are unknown.
    public var description: String {
        if line <= 0 { return file }
        if column <= 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
