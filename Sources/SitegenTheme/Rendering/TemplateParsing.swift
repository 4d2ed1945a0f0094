import Mustache
import SitegenCore

/// Parses templates so that `{{variable}}` is escaped by sitegen's byte-level escaper.
///
/// swift-mustache escapes HTML Character by Character through a dictionary lookup, a large part of rendering a
/// page. Its documented extension point is a content type,
/// chosen by a `{{% CONTENT_TYPE: NAME}}` pragma at the top of a template, so every template is parsed with that
/// pragma on a line of its own before its first line (a standalone tag: it leaves no trace in the output). The
/// escaped characters are swift-mustache's own (`& < > " '`), so pages are the same.
enum TemplateParsing {
    static let contentTypeName = "SITEGEN_HTML"
    private static let prefix = "{{% CONTENT_TYPE: \(contentTypeName)}}\n"

    struct HTMLContent: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscaping.attribute(text) }
    }

    /// Registered once, before the first template is parsed.
    private static let registered: Bool = {
        MustacheContentTypes.register(HTMLContent(), named: contentTypeName)
        return true
    }()

    /// Stack of the thread templates are parsed on: ample for `Theme.maximumSectionDepth` nested sections.
    static let stackSize = 8 * 1024 * 1024

    /// Lines added before a template's first line: subtract from a `ParserError`'s line number.
    static let addedLines = 1

    /// The parsed template (a `MustacheTemplate.ParserError` counts lines with the added one).
    static func parse(_ text: String) throws -> MustacheTemplate {
        _ = registered
        return try MustacheTemplate(string: prefix + text)
    }
}
