import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMarkdownArena
import SitegenCore

/// Renders GitHub-flavoured Markdown with cmark-gfm. The only type that sees cmark-gfm's C types:
/// it copies what it needs into Swift values and frees the C tree before returning. Safe to call from many tasks.
public struct MarkdownRenderer: Sendable {
    /// GFM extensions enabled for every document. Not `tagfilter`: `RawHTMLFilter` does its work (and more: the
    /// extension misses `<script/x>`, escapes only the `<` of a tag whose attributes may hold another, and would
    /// show an allowed `<iframe>` as text).
    public static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// The rule id of the raw-HTML findings.
    public static let unsafeHTMLRule = "content-unsafe-html"
    /// An image without alt text (`content-image-alt`): Markdown's `![](x)` or a raw `<img>` with no `alt`.
    public static let imageAltRule = "content-image-alt"
    /// HTML indented as code after an HTML block (`markdown-indented-html`): CommonMark shows it as a code block.
    public static let indentedHTMLRule = "markdown-indented-html"
    /// A code fence or an HTML comment never closed, which runs to the end of the article (`markdown-unclosed-block`).
    public static let unclosedBlockRule = "markdown-unclosed-block"

    public let options: MarkdownOptions

    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.init(options: options, checksInlinePass: true)
    }

    /// `checksInlinePass: false` only for the self-check's own renderer (which runs before it is decided).
    init(options: MarkdownOptions, checksInlinePass: Bool) {
        self.options = options
        Self.registerExtensions
        if checksInlinePass { _ = InlinePassCheck.note }
    }

    /// cmark-gfm's allocator interface pointing at the per-thread arena. Never changed after it is made.
    nonisolated(unsafe) private static let arenaMemory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(calloc: sitegen_arena_calloc, realloc: sitegen_arena_realloc,
                                        free: sitegen_arena_free))
        return memory
    }()

    /// Registers the core extensions once per process, before any parallel use.
    private static let registerExtensions: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    /// The raw-HTML filter for these options; nil when raw HTML is omitted.
    private var htmlFilter: RawHTMLFilter? {
        options.rawHTML == .omitted ? nil
            : RawHTMLFilter(mode: options.rawHTML, embedHosts: options.embedHosts, keepsReported: options.keepsReportedHTML)
    }

    private var cmarkOptions: Int32 {
        // No CMARK_OPT_VALIDATE_UTF8: the text is a Swift String, valid UTF-8 by construction (files that are not
        // are refused when read), so cmark-gfm's own pass over it would find nothing.
        var value = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        // Kept or sanitized HTML is written by cmark-gfm as the tree holds it, after `RawHTMLFilter` has replaced it.
        if options.rawHTML != .omitted { value |= CMARK_OPT_UNSAFE }
        if options.smartPunctuation { value |= CMARK_OPT_SMART }
        if options.hardBreaks { value |= CMARK_OPT_HARDBREAKS }
        return value
    }

    /// Renders `body`, whose first line is line `firstLine` of the source file (so positions count the front matter).
    /// With `html: false` (a check that writes no pages) the HTML is left empty; headings, links and anchors are
    /// the same.
    public func render(_ body: String, firstLine: Int = 1, html: Bool = true) -> RenderedMarkdown {
        let options = cmarkOptions
        // Everything cmark-gfm allocates for this document comes from this thread's arena and is released at
        // once when the document is done (see markdown_arena.h); Swift copies out what it keeps before that.
        sitegen_arena_begin()
        defer { sitegen_arena_end() }
        let memory = Self.arenaMemory
        let bytes = Array(body.utf8)
        func parse(_ options: Int32) -> (parser: OpaquePointer, document: OpaquePointer) {
            guard let parser = cmark_parser_new_with_mem(options, memory) else {
                fatalError("cmark-gfm could not allocate a parser")
            }
            for name in Self.extensionNames {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            guard let document = InlinePassLock.withLock({ cmark_parser_finish(parser) }) else {
                fatalError("cmark-gfm could not allocate a document")
            }
            return (parser, document)
        }
        var (parser, document) = parse(options | CMARK_OPT_SOURCEPOS)
        if Self.positionOption(for: bytes) == 0, Self.hasTextWithCaretBracket(document) {
            // The line count may have cost the text of a `[^…]` (see `positionOption(for:)`): read again without it.
            cmark_node_free(document)
            cmark_parser_free(parser)
            (parser, document) = parse(options)
        }
        defer { cmark_parser_free(parser) }
        defer { cmark_node_free(document) }

        let collector = TreeCollector(locator: LinkLocator(source: bytes, firstLine: firstLine), firstLine: firstLine,
                                      renderOptions: options, memory: memory,
                                      syntaxExtensions: cmark_parser_get_syntax_extensions(parser),
                                      writesHTML: html, htmlFilter: htmlFilter,
                                      indentedHTMLAsHTML: self.options.indentedHTMLAsHTML,
                                      highlightsCode: self.options.highlightsCode)
        collector.walk(document)

        let headings = trimmed(collector.headings), links = trimmed(collector.links)
        guard html else {
            return RenderedMarkdown(html: "", headings: headings, links: links, anchors: collector.anchors,
                                    findings: collector.findings)
        }
        // Allocated in the arena, like the document: released with it.
        guard let htmlPointer = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark-gfm could not allocate the HTML")
        }
        return RenderedMarkdown(html: Self.labelingTaskCheckboxes(htmlPointer), headings: headings, links: links,
                                anchors: collector.anchors, findings: collector.findings)
    }

    /// The parser's option for true inline positions: `CMARK_OPT_SOURCEPOS`; 0 when the body holds `[^`, whose tree is
    /// then looked at (`hasTextWithCaretBracket`) before the option is kept.
    ///
    /// Without it, cmark-gfm (0.29.0.gfm.6) does not count the newlines inside a code span or a tag of inline HTML
    /// (`adjust_subj_node_newlines` in its inlines.c returns early), so every inline node after one in the same
    /// paragraph is reported lines too early, where the locator may take text on that line (a code span showing
    /// the same tag) for the node. With it, the lines are counted. It is given to the parser only: the HTML renderer
    /// would write it as `data-sourcepos` attributes.
    ///
    /// Not with `[^` in the text: the same newline count moves the column from which cmark-gfm copies back the text
    /// of a `[^…]` that is not a footnote reference, and text after `[^` up to `]` is lost from the page when a
    /// code span or tag over several lines is inside (`x [^a `b⏎c` d] y` becomes `x [^] y`). Without `[^` the
    /// option changes no HTML: a differential run of 120,000 random inputs over code spans, tags, brackets,
    /// containers and line endings, in four option sets, found no difference. A body that holds `[^` is parsed
    /// with the option all the same, and again without it only when a text node of the tree holds `[^` (where the
    /// loss shows): a `[^a-z]` in a code block keeps the line count. The same run over 60,000 inputs full of `[^`
    /// found no difference from the HTML without the option (`CodeSpanPositionTests` holds both behaviours).
    static func positionOption(for body: [UInt8]) -> Int32 {
        body.withUnsafeBufferPointer { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset + 1 < bytes.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "[")), bytes.count - offset - 1) {
                let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if bytes[at + 1] == UInt8(ascii: "^") { return true }
                offset = at + 1
            }
            return false
        } ? 0 : CMARK_OPT_SOURCEPOS
    }

    /// Whether a text node of the tree holds `[^`.
    static func hasTextWithCaretBracket(_ document: OpaquePointer) -> Bool {
        var found = false
        TreeCollector.forEachDescendant(of: document) { node in
            guard !found, cmark_node_get_type(node) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node) else { return }
            found = strstr(literal, "[^") != nil
        }
        return found
    }

    /// The two checkboxes cmark-gfm's tasklist extension writes at the start of a task item, as they are written.
    private static let taskCheckboxes: [(written: [UInt8], labeled: [UInt8])] = [
        (Array(#"<li><input type="checkbox" checked="" disabled="" />"#.utf8),
         Array(#"<li><input type="checkbox" checked="" disabled="" aria-label="Task" />"#.utf8)),
        (Array(#"<li><input type="checkbox" disabled="" />"#.utf8),
         Array(#"<li><input type="checkbox" disabled="" aria-label="Task" />"#.utf8)),
    ]

    /// The HTML, with an accessible name on each task list checkbox: a form field without one is announced as an
    /// unnamed checkbox (WCAG 4.1.2; axe-core's `label`), and the item's text that follows is not its label.
    /// cmark-gfm's extension writes the tag itself and has no attribute API, so its exact output is rewritten in one
    /// pass over the bytes (a raw `<li><input …>` written the same way gets the same name).
    static func labelingTaskCheckboxes(_ pointer: UnsafePointer<CChar>) -> String {
        let count = strlen(pointer)
        let base = UnsafeRawPointer(pointer)
        // memchr and memcmp, not `firstRange(of:)`: the generic collection search made a type-metadata look-up per
        // byte, and this runs over every page's HTML. (glibc's memmem is not visible to Swift.)
        func next(from offset: Int) -> Int? {
            var offset = offset
            return taskCheckboxStart.withUnsafeBytes { needle -> Int? in
                while offset + needle.count <= count {
                    guard let found = memchr(base + offset, Int32(UInt8(ascii: "<")), count - offset) else { return nil }
                    let position = base.distance(to: UnsafeRawPointer(found))
                    if position + needle.count <= count, memcmp(base + position, needle.baseAddress!, needle.count) == 0 {
                        return position
                    }
                    offset = position + 1
                }
                return nil
            }
        }
        guard var found = next(from: 0) else { return String(cString: pointer) }
        var result: [UInt8] = []
        result.reserveCapacity(count + 64)
        var copied = 0
        while true {
            let match = taskCheckboxes.first { written in
                found + written.written.count <= count
                    && written.written.withUnsafeBytes { memcmp(base + found, $0.baseAddress!, $0.count) == 0 }
            }
            var resume = found + taskCheckboxStart.count
            if let match {
                result.append(contentsOf: UnsafeRawBufferPointer(start: base + copied, count: found - copied))
                result.append(contentsOf: match.labeled)
                copied = found + match.written.count
                resume = copied
            }
            guard let following = next(from: resume) else { break }
            found = following
        }
        result.append(contentsOf: UnsafeRawBufferPointer(start: base + copied, count: count - copied))
        return String(decoding: result, as: UTF8.self)
    }

    /// What both checkboxes start with.
    private static let taskCheckboxStart = Array(#"<li><input type="checkbox" "#.utf8)

    /// `items` with no spare capacity. The lists live until the end of the build, and an array grown by doubling
    /// leaves a quarter of its bytes unused on average: a tenth of a build's memory for the links alone.
    private func trimmed<Element>(_ items: [Element]) -> [Element] {
        guard items.capacity > items.count else { return items }
        var copy: [Element] = []
        copy.reserveCapacity(items.count)
        copy.append(contentsOf: items)
        return copy
    }
}
