/// The classes highlighted tokens get, written `hl-<rawValue>` (style.css colours each of them).
public enum TokenClass: String, Sendable, CaseIterable {
    /// Comments.
    case comment
    /// String literals, here-documents, block scalars, attribute values.
    case string
    /// Keywords, operators written as words (`-eq`), nginx and Apache directives.
    case keyword
    /// Numbers.
    case number
    /// Literal words: `true`, `false`, `null`, `None`, `$true`, `on`/`off`; entities in XML and HTML.
    case literal
    /// Variables: `$HOME`, `${x}`, `$env:PATH`, YAML anchors and aliases, SQL parameters.
    case variable
    /// Built-in commands and functions, PowerShell cmdlets, names after `def` and `class`, SQL functions.
    case function
    /// XML and HTML tags.
    case tag
    /// Attribute names; command-line options (`-x`, `--long`) and PowerShell parameters.
    case attr
    /// Keys of JSON objects, YAML mappings and INI sections.
    case key
    /// The prompt (`$ `, `# `) of a console session's command lines.
    case prompt
    /// INI and TOML `[sections]`, Apache `<Directory>` sections.
    case section
    /// Declarations and markers: doctype, `<?xml?>`, CDATA brackets, YAML `---` and tags, Python decorators.
    case meta

    /// `<span class="hl-…">`, as bytes.
    var openTag: [UInt8] { Self.openTags[Self.allCases.firstIndex(of: self)!] }

    private static let openTags: [[UInt8]] = allCases.map { Array("<span class=\"hl-\($0.rawValue)\">".utf8) }
}
