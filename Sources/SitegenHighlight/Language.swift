/// A language family sitegen highlights, named in a code fence's info string by one of its aliases.
public enum Language: String, Sendable, CaseIterable {
    case shell, console, powershell, json, yaml, markup, python, sql, ini, nginx, apache

    /// The words of an info string that select this language (compared without regard to ASCII case).
    public var aliases: [String] {
        switch self {
        case .shell: ["sh", "bash", "shell", "zsh"]
        case .console: ["console", "shell-session"]
        case .powershell: ["powershell", "ps1", "pwsh", "ps"]
        case .json: ["json", "jsonc"]
        case .yaml: ["yaml", "yml"]
        case .markup: ["xml", "html", "xhtml", "svg"]
        case .python: ["python", "py", "python3"]
        case .sql: ["sql", "mysql", "postgresql", "psql"]
        case .ini: ["ini", "cfg", "conf", "toml", "properties"]
        case .nginx: ["nginx"]
        case .apache: ["apache", "apacheconf", "htaccess"]
        }
    }

    private static let byAlias: [String: Language] = {
        var table: [String: Language] = [:]
        for language in allCases { for alias in language.aliases { table[alias] = language } }
        return table
    }()

    /// The language of an info string's first word (`bash` in ```` ```bash title="x" ````), or nil when sitegen
    /// highlights no such language.
    public init?(infoWord: some StringProtocol) {
        guard infoWord.utf8.count <= 16, let language = Self.byAlias[infoWord.lowercased()] else { return nil }
        self = language
    }
}
