/// A problem found in the user's input, kept as a value and formatted only at the edge (terminal, JSON).
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious the problem is.
    public var severity: Severity
    /// Where the problem is.
    public var location: SourceLocation
    /// Stable identifier of the rule that found it, e.g. `front-matter-missing-title`.
    public var rule: String
    /// One sentence that says what is wrong (and, where it can, how to fix it).
    public var message: String
    /// A suggested replacement or action, when there is one.
    public var fixIt: String?
    /// For link diagnostics: the destination, where it resolves and the suggested destination.
    public var link: LinkDetails?
    /// A replacement `sitegen fix` may apply, present only when it is the one safe fix.
    public var edit: TextEdit?

    public init(_ severity: Severity, _ location: SourceLocation, rule: String, _ message: String, fixIt: String? = nil,
                link: LinkDetails? = nil, edit: TextEdit? = nil) {
        self.severity = severity
        self.location = location
        self.rule = rule
        self.message = message
        self.fixIt = fixIt
        self.link = link
        self.edit = edit
    }

    /// Shorthand for an error.
    public static func error(_ location: SourceLocation, rule: String, _ message: String, fixIt: String? = nil) -> Diagnostic {
        Diagnostic(.error, location, rule: rule, message, fixIt: fixIt)
    }

    /// Shorthand for a warning.
    public static func warning(_ location: SourceLocation, rule: String, _ message: String, fixIt: String? = nil) -> Diagnostic {
        Diagnostic(.warning, location, rule: rule, message, fixIt: fixIt)
    }

    /// Compiler-style one-line form: `file:line:col: error: message [rule]`.
    public var formatted: String {
        "\(location): \(severity.rawValue): \(message) [\(rule)]"
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by file, line, column, then severity (errors first) and message, so output is deterministic.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Number of diagnostics with the given severity.
    public func count(of severity: Severity) -> Int { self.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }
    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
