// Why hand-written: none of the Swift packages sitegen may use highlights code, Debian packages no build-time
// highlighter with a C API (GNU source-highlight is C++ only; tree-sitter comes without grammars), and its
// client-side one (libjs-highlight.js 9.18) is end-of-life with unfixed ReDoS advisories. So sitegen carries a
// small lexical highlighter of its own: one lexer per language family, each a single forward pass over the UTF-8
// bytes without regular expressions or backtracking, so that its time is linear in the code's length whatever the
// code holds (an unclosed string or comment of a megabyte included).

/// Build-time syntax highlighting of code blocks: code text and a language in, HTML out, with
/// `<span class="hl-…">` around the tokens the language's lexer recognises.
public enum Highlighter {
    /// Appends `code` as HTML to `output`: every byte escaped as cmark-gfm escapes code (`&`, `<`, `>`, `"`), and
    /// tokens wrapped in `<span class="hl-…">` (see `TokenClass`). Removing the tags and unescaping gives `code` back
    /// exactly; a span never starts or ends inside a UTF-8 sequence.
    public static func appendHTML(of code: UnsafeBufferPointer<UInt8>, as language: Language, to output: inout [UInt8]) {
        var writer = HTMLWriter(source: code)
        writer.output.reserveCapacity(code.count + code.count / 2 + 64)
        let source = Source(bytes: code)
        switch language {
        case .shell: ShellLexer.lex(source, console: false, &writer)
        case .console: ShellLexer.lex(source, console: true, &writer)
        case .powershell: PowerShellLexer.lex(source, &writer)
        case .json: JSONLexer.lex(source, &writer)
        case .yaml: YAMLLexer.lex(source, &writer)
        case .markup: MarkupLexer.lex(source, &writer)
        case .python: PythonLexer.lex(source, &writer)
        case .sql: SQLLexer.lex(source, &writer)
        case .ini: INILexer.lex(source, &writer)
        case .nginx: NginxLexer.lex(source, &writer)
        case .apache: ApacheLexer.lex(source, &writer)
        }
        writer.finish()
        output.append(contentsOf: writer.output)
    }

    /// `code` as highlighted HTML, or nil when `language` names no language sitegen highlights.
    public static func html(_ code: String, language: String) -> String? {
        guard let known = Language(infoWord: language) else { return nil }
        var output: [UInt8] = []
        var text = code
        text.withUTF8 { appendHTML(of: $0, as: known, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
