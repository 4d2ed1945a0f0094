import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SitegenCore
import SitegenHighlight

/// Walks a cmark-gfm document once: gives headings unique ids (rewriting them into custom blocks that carry
/// the `id`), and collects links and images with positions checked against the source.
///
/// A class: as a struct, each call of a non-mutating method from the walk's closure (which has `self` inout) copied
/// the whole collector and retained its lists.
final class TreeCollector {
    var locator: LinkLocator
    let firstLine: Int
    private(set) var headings: [Heading] = []
    private(set) var links: [LinkOccurrence] = []
    /// `id` and `name` attribute values of raw HTML tags.
    private(set) var anchors: [String] = []
    private var slugger = HeadingSlugger()
    /// The paragraph, heading or table the walk is in (see `enclosingBlock`).
    private var currentBlock: OpaquePointer?
    /// Where the source of the last text node matched to its text ends (`escapedPunctuation`), in its block: the
    /// next node's source starts after it (the walk meets text in source order; an autolink's text, met after the
    /// text that follows it, is read without it), so that an escaped and a written copy of the same text each
    /// match their own place whatever cmark-gfm says about their lines.
    private var matchedTextEnd: (block: OpaquePointer?, offset: Int) = (nil, 0)

    /// Options and extensions for rendering headings, as for the whole document.
    let renderOptions: Int32
    /// The document's allocator: nodes added to the tree and strings cmark-gfm returns come from it.
    let memory: UnsafeMutablePointer<cmark_mem>
    let syntaxExtensions: UnsafeMutablePointer<cmark_llist>?
    /// False when no HTML will be rendered: headings are collected but not rewritten, and neither are unsafe URLs
    /// and raw HTML.
    let writesHTML: Bool
    /// Judges raw HTML (nil when it is omitted from the page).
    let htmlFilter: RawHTMLFilter?
    /// `content-unsafe-html` findings, in document order.
    private(set) var findings: [MarkdownFinding] = []
    /// Links and images whose URL becomes `#`, and raw HTML to replace: changed after the walk, which reads the
    /// tree as it was parsed (whether a link is an autolink depends on its URL).
    private var unsafeURLNodes: [OpaquePointer] = []
    private var rewrittenHTML: [(node: OpaquePointer, html: [UInt8])] = []
    /// Whether HTML indented as code after an HTML block is rendered as HTML (Jekyll's kramdown), not as code.
    let indentedHTMLAsHTML: Bool
    /// Code blocks to replace by the HTML blocks made of their text (with `indentedHTMLAsHTML`), after the walk.
    private var codeAsHTML: [(code: OpaquePointer, html: OpaquePointer)] = []
    /// Code blocks and tables, which scroll sideways when wider than the page: rewritten last (`makeFocusable`).
    private var scrollingNodes: [OpaquePointer] = []
    /// Header lines of the tables seen (`headerLine(ofTable:)`).
    private var headerLines: [OpaquePointer: Int] = [:]
    /// The last inline node whose line was worked out from its siblings (`lineFromSiblings`), and that line.
    private var derivedLine: (node: OpaquePointer, line: Int)?
    /// Whether fenced code in a known language is highlighted (`markdown.highlight`), in `makeFocusable`.
    let highlightsCode: Bool

    init(locator: LinkLocator, firstLine: Int, renderOptions: Int32, memory: UnsafeMutablePointer<cmark_mem>,
         syntaxExtensions: UnsafeMutablePointer<cmark_llist>?,
         writesHTML: Bool = true, htmlFilter: RawHTMLFilter? = nil, indentedHTMLAsHTML: Bool = false,
         highlightsCode: Bool = true) {
        self.indentedHTMLAsHTML = indentedHTMLAsHTML
        self.highlightsCode = highlightsCode
        self.writesHTML = writesHTML
        self.htmlFilter = htmlFilter
        self.locator = locator
        self.firstLine = firstLine
        self.renderOptions = renderOptions
        self.memory = memory
        self.syntaxExtensions = syntaxExtensions
        // Room for a typical article's lists, copied to their exact size at the end (`MarkdownRenderer.trimmed`),
        // instead of growing them 1, 2, 4, 8, 16.
        headings.reserveCapacity(8)
        links.reserveCapacity(16)
    }

    func walk(_ document: OpaquePointer) {
        var headingNodes: [OpaquePointer] = []
        let documentEnd = Int(cmark_node_get_end_line(document))
        Self.forEachDescendant(of: document) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING { headingNodes.append(node) }
            if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK, Int(cmark_node_get_end_line(node)) >= documentEnd {
                reportUnclosed(node, isCode: type == CMARK_NODE_CODE_BLOCK)
            }
            // An indented code block that is HTML left out of its HTML block (`markdown-indented-html`); with
            // `indentedHTMLAsHTML` it is replaced by an HTML block after the walk, and never made focusable.
            let indented = type == CMARK_NODE_CODE_BLOCK ? indentedHTML(node) : nil
            if writesHTML, indented == nil || !indentedHTMLAsHTML,
               type == CMARK_NODE_CODE_BLOCK || isExtensionBlock(type) && isTable(node) {
                scrollingNodes.append(node)
            }
            // Inline nodes live only in paragraphs, headings and table cells, none of which holds another of them:
            // the last of these entered in document order contains the inline nodes that follow it.
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || isExtensionBlock(type) && isTable(node) {
                currentBlock = node
            }
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let kind: LinkOccurrence.Kind =
                    type == CMARK_NODE_IMAGE ? .image : (isAutolink(node, destination) ? .autolink : .link)
                let line = Int(cmark_node_get_start_line(node)) + firstLine - 1
                let block = enclosingBlock(of: node).map { blockLines($0) } ?? (line...line)
                let reported = reportedPosition(of: node, in: block)
                let found = locator.locate(kind: kind, destination: destination, reported: reported, blockLines: block,
                                           code: enclosingBlock(of: node))
                links.append(LinkOccurrence(kind: found.kind, destination: destination, line: found.line,
                                            column: found.column, destinationLine: found.destination?.line,
                                            destinationColumn: found.destination?.column))
                if type == CMARK_NODE_IMAGE, hasNoAltText(node) {
                    findings.append(MarkdownFinding(rule: MarkdownRenderer.imageAltRule, line: found.line, column: found.column,
                                                    message: "image without alt text: '![](\(SourceExcerpt.visible(destination)))'",
                                                    fixIt: "say what the image shows between the brackets: '![What it shows](\(SourceExcerpt.visible(destination)))'"))
                }
                // The page never gets a live `javascript:` URL, whatever `link-unsafe-scheme`'s severity: the rule
                // reports it, and the page gets `#`.
                if writesHTML, UnsafeURL.isUnsafe(destination) { unsafeURLNodes.append(node) }
                if kind == .autolink, !isTextLike(cmark_node_previous(node)) { collectPlainTextLinks(startingAt: node) }
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                collectHTML(node, isBlock: type == CMARK_NODE_HTML_BLOCK)
            } else if let indented {
                reportIndentedHTML(node, literal: indented)
            } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK,
                      !isTextLike(cmark_node_previous(node)) {
                // A run of text starts here; also at a line break after a code span, a tag, emphasis or a link, where
                // the next line's text (`**Save**` then `[Next](/how-to/next step/)`) would otherwise be no run's.
                collectPlainTextLinks(startingAt: node)
            }
        }
        // A destination's position is what a fix-it edit replaces: kept only where the source holds the destination
        // byte for byte, whatever placed it (a tag found at cmark-gfm's drifted column, text it decoded), so that an
        // edit never names text the file does not hold there. One comparison of the destination's bytes per link.
        for index in links.indices {
            guard let line = links[index].destinationLine, let column = links[index].destinationColumn,
                  !locator.holds(links[index].destination, line: line, column: column) else { continue }
            links[index].destinationLine = nil
            links[index].destinationColumn = nil
        }
        for node in unsafeURLNodes { cmark_node_set_url(node, "#") }
        for (code, html) in codeAsHTML {
            cmark_node_insert_before(code, html)
            cmark_node_free(code)
        }
        for (node, html) in rewrittenHTML {
            let terminated = html + [0]
            terminated.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(node, $0.baseAddress) }
            }
        }
        // Headings last: each is rendered on its own, with the links and HTML inside it already made safe.
        for node in headingNodes { addID(to: node) }
        for node in scrollingNodes { makeFocusable(node) }
    }

    /// What the locator checks its code spans against (`LinkLocator`): the literal of each code span of `block`
    /// (a paragraph, heading or table), in document order.
    static func codeLiterals(in block: OpaquePointer?) -> [[UInt8]] {
        guard let block else { return [] }
        var literals: [[UInt8]] = []
        forEachDescendant(of: block) { node in
            guard cmark_node_get_type(node) == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) else { return }
            literals.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                                      count: strlen(literal))))
        }
        return literals
    }

    /// Calls `body` with every node below `root` in document order (pre-order), following the child, next and
    /// parent links: cmark-gfm's iterator costs several times more a step, and stops at exits too.
    /// `body` must not change the tree.
    static func forEachDescendant(of root: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        var next = cmark_node_first_child(root)
        while let node = next {
            if let child = cmark_node_first_child(node) {
                next = child
            } else {
                var current: OpaquePointer? = node
                next = nil
                while let item = current, item != root {
                    if let sibling = cmark_node_next(item) {
                        next = sibling
                        break
                    }
                    current = cmark_node_parent(item)
                }
            }
            body(node)
        }
    }

    /// The text of an indented code block that is HTML left out of an HTML block: it comes right after an HTML
    /// block and starts with a tag or a comment. (An author who shows HTML as code writes a sentence before it.)
    private func indentedHTML(_ node: OpaquePointer) -> String? {
        // cmark-gfm writes the fence's length, offset and character through the pointers: they must be real.
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) == 0, let previous = cmark_node_previous(node),
              cmark_node_get_type(previous) == CMARK_NODE_HTML_BLOCK,
              let literal = cmark_node_get_literal(node).map({ String(cString: $0) }) else { return nil }
        let text = literal.utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
        guard text.first == UInt8(ascii: "<"), let next = text.dropFirst().first else { return nil }
        let startsTag = (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) || next == UInt8(ascii: "/")
        return startsTag || text.starts(with: "<!--".utf8) ? literal : nil
    }

    /// `markdown-indented-html` at the code block's first line; with `indentedHTMLAsHTML`, its text becomes an HTML
    /// block, read like any other (its links checked, the raw-HTML filter applied).
    /// A code fence or an HTML comment that is never closed runs to the end of the article: everything after it is
    /// shown as code, or hidden, and its links are not checked (`markdown-unclosed-block`). `node` ends on the
    /// article's last line.
    private func reportUnclosed(_ node: OpaquePointer, isCode: Bool) {
        let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
        let what: String, fixIt: String
        if isCode {
            var length: Int32 = 0, offset: Int32 = 0
            var character: CChar = 0
            guard cmark_node_get_fenced(node, &length, &offset, &character) != 0, length > 0 else { return }
            let fence = UInt8(bitPattern: character)
            // Closed on the last line: after the container markers, at least as many fence characters, then blanks.
            if end > start, let last = locator.sourceLine(end + firstLine - 1, from: 1) {
                let text = last.drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
                let run = text.prefix { $0 == fence }
                if run.count >= Int(length), text.dropFirst(run.count).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            }
            let marker = String(repeating: String(UnicodeScalar(fence)), count: Int(length))
            what = "this code block's fence '\(marker)' is never closed: the rest of the article"
                + (end > start ? " (lines \(start + firstLine)–\(end + firstLine - 1))" : "") + " is shown as code"
            fixIt = "add a line '\(marker)' where the code ends"
        } else {
            guard let literal = cmark_node_get_literal(node).map({ String(cString: $0) }),
                  literal.utf8.drop(while: { $0 == 0x20 }).starts(with: "<!--".utf8), !literal.containsBytes(of: "-->")
            else { return }
            what = "this HTML comment is never closed: the rest of the article"
                + (end > start ? " (lines \(start + firstLine)–\(end + firstLine - 1))" : "") + " is hidden from readers"
            fixIt = "add '-->' where the comment ends"
        }
        findings.append(MarkdownFinding(rule: MarkdownRenderer.unclosedBlockRule, line: start + firstLine - 1,
                                        column: Int(cmark_node_get_start_column(node)),
                                        message: what + ", and its links are not checked", fixIt: fixIt))
    }

    private func reportIndentedHTML(_ node: OpaquePointer, literal: String) {
        let line = Int(cmark_node_get_start_line(node)) + firstLine - 1
        findings.append(MarkdownFinding(
            rule: MarkdownRenderer.indentedHTMLRule, line: line, column: 1,
            message: "HTML indented by 4 spaces or a tab after a blank line is a code block in Markdown: readers see its tags as text"
                + (indentedHTMLAsHTML ? " (rendered as HTML here, as Jekyll's kramdown does; CommonMark tools show it as code)" : ""),
            fixIt: "indent the HTML by at most 3 spaces, or remove the blank line before it (an HTML block ends at a blank line)"))
        guard indentedHTMLAsHTML, let html = cmark_node_new_with_mem(CMARK_NODE_HTML_BLOCK, memory) else { return }
        _ = cmark_node_set_literal(html, literal)
        codeAsHTML.append((node, html))
        collectHTML(html, isBlock: true, literal: literal, positionsFrom: node)
    }

    /// Links (`href`, `src`) and anchors (`id`, `name`) in raw HTML, Markdown link syntax inside HTML blocks, and
    /// what the raw-HTML filter finds. `literal` and `positionsFrom`: for HTML made of a code block's text, its text
    /// and the code block (whose lines it has).
    private func collectHTML(_ node: OpaquePointer, isBlock: Bool, literal text: String? = nil,
                             positionsFrom source: OpaquePointer? = nil) {
        guard let literal = text ?? cmark_node_get_literal(node).map({ String(cString: $0) }) else { return }
        let placed = source ?? node
        let start = Int(cmark_node_get_start_line(placed)) + firstLine - 1
        let block = isBlock ? blockLines(placed) : (enclosingBlock(of: node).map { blockLines($0) } ?? (start...start))
        let literalBytes = Array(literal.utf8)
        // Positions are counted from where the piece is in the source, found once (an inline tag) or known (a block):
        // searching the block for each attribute's text was quadratic in a block of many attributes.
        var piece: PieceLocation?
        // An inline tag over several lines is found in the source even without links (`<a` then `title=t>`), so that a
        // later tag that starts the same way is not matched to it. One-line tags are found only for their links:
        // cmark-gfm reports the inline nodes after a multi-line one lines early, and searching for every `<b>` of a
        // long paragraph there spent the block's search budget, so that its links lost their positions.
        if !isBlock, literalBytes.contains(0x0A) {
            piece = locate(placed, literalBytes, isBlock: false, start: start, block: block)
        }
        func position(_ offset: Int) -> (line: Int, column: Int) {
            if piece == nil { piece = locate(placed, literalBytes, isBlock: isBlock, start: start, block: block) }
            return locator.position(inPiece: offset, piece: literalBytes, lineStarts: piece!.lineStarts,
                                    startLine: piece!.startLine, first: piece!.first,
                                    lastLineColumn: piece!.lastLineColumn)
        }
        for attribute in HTMLAttributeScanner.attributes(inBytes: literalBytes[...]) {
            let value = HTMLAttributeScanner.decodeEntities(attribute.rawValue)
            switch attribute.name {
            case "id":
                anchors.append(value)
            case "name" where attribute.tag == "a":
                anchors.append(value)
            case "href", "src":
                // At the value; an empty value at its attribute's name (`href=""` has no text of its own).
                let found = position(attribute.rawValue.isEmpty ? attribute.nameOffset : attribute.valueOffset)
                let verbatim = value == attribute.rawValue && !attribute.rawValue.isEmpty
                links.append(LinkOccurrence(kind: attribute.name == "src" ? .image : .link, destination: value,
                                            line: found.line, column: found.column,
                                            origin: .html(attribute: attribute.name),
                                            destinationLine: verbatim ? found.line : nil,
                                            destinationColumn: verbatim ? found.column : nil))
            default:
                break
            }
        }
        // Raw HTML that is omitted (`raw_html: false`) never reaches the page: its images are nobody's problem.
        for offset in htmlFilter == nil ? [] : HTMLAttributeScanner.imagesWithoutAlt(inBytes: literalBytes[...]) {
            let found = position(offset)
            findings.append(MarkdownFinding(rule: MarkdownRenderer.imageAltRule, line: found.line, column: found.column,
                                            message: "<img> without an alt attribute",
                                            fixIt: "add alt=\"what the image shows\" (or alt=\"\" for an image that is only decoration)"))
        }
        if isBlock {
            for match in PlainTextLinkScanner.markdownLinks(inHTML: literal) {
                appendPlainText(match, block: block, preferredLine: start)
            }
        }
        guard let htmlFilter else { return }
        let review = literalBytes.withUnsafeBufferPointer { htmlFilter.review($0, rewrite: writesHTML) }
        if let html = review.html { rewrittenHTML.append((node, html)) }
        for problem in review.problems {
            let found = position(problem.offset)
            findings.append(MarkdownFinding(rule: MarkdownRenderer.unsafeHTMLRule, line: found.line, column: found.column,
                                            message: problem.message, fixIt: problem.fixIt))
        }
        // Unsafe URLs become links, for `link-unsafe-scheme` (those of `href` and `src` are links already).
        for url in review.unsafeURLs where url.attribute != "href" && url.attribute != "src" {
            let found = position(url.offset)
            links.append(LinkOccurrence(kind: Self.imageAttributes.contains(url.attribute) ? .image : .link,
                                        destination: url.url, line: found.line, column: found.column,
                                        origin: .html(attribute: url.attribute)))
        }
    }

    /// Attributes whose URL is an image's (or a video's poster), for the kind of their link.
    private static let imageAttributes: Set<String> = ["srcset", "poster", "lowsrc", "dynsrc", "background", "icon"]

    /// Where a piece of raw HTML is in the source: the offsets of its lines, the file line of its first, and for an
    /// inline tag the file position of its first byte.
    private struct PieceLocation {
        var lineStarts: [Int]
        var startLine: Int
        var first: (line: Int, column: Int)?
        /// For an inline tag over several lines, the column where its last line starts.
        var lastLineColumn: Int?
    }

    private func locate(_ node: OpaquePointer, _ literal: [UInt8], isBlock: Bool, start: Int,
                        block: ClosedRange<Int>) -> PieceLocation {
        var lineStarts = [0]
        for (index, byte) in literal.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        guard !isBlock else { return PieceLocation(lineStarts: lineStarts, startLine: start, first: nil) }
        // An inline tag: found in the block's source lines (cmark-gfm's inline columns drift in containers).
        let reported = reportedPosition(of: node, in: block)
        let first = locator.locateInline(literal, reported: reported, blockLines: block,
                                         code: enclosingBlock(of: node)) ?? reported
        return PieceLocation(lineStarts: lineStarts, startLine: first.line, first: first,
                             lastLineColumn: locator.lastLineColumn(of: literal, lineStarts: lineStarts, startLine: first.line))
    }

    /// cmark-gfm's position of an inline node (a link, an image, a tag) to search from: the block's first line when
    /// it gave none (line 0: a table's header row after a control character, a paragraph the table extension took
    /// lines from) or one outside the block, never a line before the body.
    private func reportedPosition(of node: OpaquePointer, in block: ClosedRange<Int>) -> (line: Int, column: Int) {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        guard line > 0, column > 0, block.contains(line + firstLine - 1) else {
            if line <= 0, let derived = lineFromSiblings(of: node), block.contains(derived) { return (derived, 1) }
            return (block.lowerBound, 1)
        }
        return (line + firstLine - 1, column)
    }

    /// The file line of an inline node cmark-gfm gave no position (the autolink extension's `https://…` links): the
    /// end line of the nearest earlier sibling that has one, or the start line of the parent when there is no earlier
    /// sibling, plus the line breaks between. Nil when none is found within 64 siblings. Each node is walked in
    /// document order, so the last line worked out is reused: a run of such links costs a step each.
    private func lineFromSiblings(of node: OpaquePointer) -> Int? {
        var breaks = 0
        var current = cmark_node_previous(node)
        var steps = 0
        while let item = current, steps < 64 {
            if let known = derivedLine, known.node == item {
                derivedLine = (node, known.line + breaks)
                return known.line + breaks
            }
            let type = cmark_node_get_type(item)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                breaks += 1
            } else if cmark_node_get_start_line(item) > 0 {
                let line = Int(cmark_node_get_end_line(item)) + firstLine - 1 + breaks
                derivedLine = (node, line)
                return line
            }
            current = cmark_node_previous(item)
            steps += 1
        }
        guard current == nil, let parent = cmark_node_parent(node), cmark_node_get_start_line(parent) > 0 else { return nil }
        let line = Int(cmark_node_get_start_line(parent)) + firstLine - 1 + breaks
        derivedLine = (node, line)
        return line
    }

    /// Link syntax left as text in a run of adjacent text nodes (and autolinks the extension made inside it).
    private func collectPlainTextLinks(startingAt node: OpaquePointer) {
        // Most runs have no `]` at all: look in the C strings before building a Swift string of the run.
        var probe: OpaquePointer? = node
        var hasBracket = false
        while let item = probe, isTextLike(item), !hasBracket {
            if cmark_node_get_type(item) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(item),
               strchr(literal, Int32(UInt8(ascii: "]"))) != nil {
                hasBracket = true
            }
            probe = cmark_node_next(item)
        }
        guard hasBracket else { return }
        var text = ""
        // Where each node's text starts in `text`, and its line: a construct is looked for first on the line of the
        // node it starts in, not the run's first line (an attribute or code span there may hold the same text).
        var lines: [(offset: Int, line: Int)] = []
        // Brackets the source wrote escaped or as references, by their offset in `text`: no construct's syntax.
        var literal = Set<Int>()
        func add(_ marks: [Int]?) {
            let base = text.utf8.count
            for mark in marks ?? [] { literal.insert(base + mark) }
        }
        // The text of an autolink the GFM extension made is its source as written, escapes undecoded.
        let inAutolink = cmark_node_parent(node).map(isTextLike) ?? false
        var current: OpaquePointer? = node
        while let item = current, isTextLike(item) {
            let type = cmark_node_get_type(item)
            let line = Int(cmark_node_get_start_line(item))
            if line > 0 { lines.append((text.utf8.count, line + firstLine - 1)) }
            if type == CMARK_NODE_TEXT {
                let nodeText = cmark_node_get_literal(item).map { String(cString: $0) } ?? ""
                if inAutolink {
                    add(Self.rawEscapes(nodeText))
                } else if line > 0 {
                    add(escapedPunctuation(of: item, text: nodeText, line: line + firstLine - 1))
                }
                text += nodeText
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += "\n"
            } else {
                let itemText = plainText(of: item)
                add(Self.rawEscapes(itemText))
                text += itemText
            }
            current = cmark_node_next(item)
        }
        guard text.containsByte(UInt8(ascii: "]")) else { return }
        let matches = PlainTextLinkScanner.matches(in: text, literal: literal)
        guard !matches.isEmpty else { return }
        // The run's first line cmark-gfm gave (a line break has none), else the block's first.
        let enclosing = enclosingBlock(of: node).map { blockLines($0) }
        let reportedLine = lines.first?.line ?? enclosing?.lowerBound ?? firstLine
        let block = enclosing ?? (reportedLine...reportedLine)
        var entry = 0
        for match in matches {
            while entry + 1 < lines.count, lines[entry + 1].offset <= match.offset { entry += 1 }
            let line = !lines.isEmpty && lines[entry].offset <= match.offset ? lines[entry].line : reportedLine
            appendPlainText(match, block: block, preferredLine: line, code: enclosingBlock(of: node))
        }
    }

    /// Offsets in text written as in the source (an extension autolink's) of the brackets, parentheses and `!` that
    /// a backslash escapes there.
    static func rawEscapes(_ text: String) -> [Int] {
        var marks: [Int] = []
        var backslashes = 0
        for (offset, byte) in text.utf8.enumerated() {
            if backslashes % 2 == 1, SourceEscapes.isStructural(byte) { marks.append(offset) }
            backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
        }
        return marks
    }

    /// Offsets in a text node's `text` of the brackets, parentheses and `!` its source writes escaped or as a
    /// character reference (`SourceEscapes`); nil when it has none, or when its source cannot be found.
    ///
    /// The source is looked for where cmark-gfm puts the node (file line `line`), then, for text that starts its
    /// line, from the start of that line's content (cmark-gfm gives a lazy continuation line the column of the lines
    /// before it), and after a line break from the start of the lines that follow (cmark-gfm's line falls short
    /// after backslash breaks); never before the source matched to the text before it in the block, nor on the
    /// line of the text before a break. The first place that reads as the text byte for byte decides; each try
    /// reads at most the node's own source (it stops at the first byte that differs, or once the text is matched).
    private func escapedPunctuation(of node: OpaquePointer, text: String, line: Int) -> [Int]? {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: SourceEscapes.isStructural) else { return nil }
        let column = Int(cmark_node_get_start_column(node))
        let previous = cmark_node_previous(node)
        let afterBreak = previous.map { [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type($0)) } ?? false
        let after = matchedTextEnd.block == currentBlock ? matchedTextEnd.offset : 0
        // After a line break the text is on a line after the text before the break, whatever cmark-gfm says (after a
        // chain of backslash breaks it gives the line where the chain began), and after the source matched last.
        var lowest = 0
        if afterBreak {
            if let before = previous.flatMap(cmark_node_previous), cmark_node_get_end_line(before) > 0 {
                lowest = Int(cmark_node_get_end_line(before)) + firstLine
            }
            if after > 0 { lowest = max(lowest, locator.fileLine(ofByte: after - 1) + 1) }
        }
        var tries: [(line: Int, column: Int)] = column > 0 && line >= lowest ? [(line, column)] : []
        // Only text that starts its line can start where the line's content does: the reported line's, and after a
        // break each line from the lowest possible one on; the first whose source reads as the text is the one.
        if previous == nil || afterBreak {
            // After a break, cmark-gfm's line falls one short for each backslash break or title over two lines
            // before it in the paragraph, and lines whose text has no bracket (and so was not matched) may lie
            // between: 8 lines are tried, and further along a chain of hard breaks (at most 64 in all).
            var candidate = afterBreak ? max(line, lowest) : line
            let window = candidate + 8
            while let content = locator.contentColumn(candidate) {
                if candidate != line || content != column { tries.append((candidate, content)) }
                guard afterBreak, tries.count < 64, candidate < window || locator.endsWithHardBreak(candidate) else { break }
                candidate += 1
            }
        }
        // The first place whose source reads as the text decides, with or without escapes: a later place may hold
        // an escaped copy of the same text (`[b](x y)` and then `\[b](x y)` on the next line). A place is after the
        // source matched to the sibling before, and never inside an escape (cmark-gfm's column may land on the `[`
        // of a `\[`).
        for place in tries {
            guard let source = locator.sourceLine(place.line, from: place.column), source.startIndex >= after,
                  !(locator.isEscaped(source.startIndex) && SourceEscapes.isASCIIPunctuation(source[source.startIndex])),
                  let found = SourceEscapes.align(bytes, source: source) else { continue }
            matchedTextEnd = (currentBlock, found.end)
            return found.marks.isEmpty ? nil : found.marks
        }
        return nil
    }

    private func appendPlainText(_ found: PlainTextLinkScanner.Match, block: ClosedRange<Int>, preferredLine: Int,
                                 code: OpaquePointer? = nil) {
        // Found by its first line: the lines after a line break are indented in the source (list items, quotes)
        // but not in the paragraph's text.
        var match = found
        func firstLineOf(_ text: String) -> String {
            let utf8 = text.utf8
            return utf8.firstIndex(of: 0x0A).map { String(Substring(utf8[..<$0])) } ?? text
        }
        var firstLine = firstLineOf(match.text)
        // In an HTML block a backslash escapes nothing.
        let markdown = match.form != .markdownInHTML
        var position = locator.locate(text: firstLine, blockLines: block, preferredLine: preferredLine, code: code,
                                      markdown: markdown)
        if position == nil, let plain = Self.withoutSmartPunctuation(match.text) {
            // With smart punctuation the text holds curly quotes and dashes that the source writes as ASCII: the
            // construct is found, and quoted, as written.
            let plainFirstLine = firstLineOf(plain)
            if let again = locator.locate(text: plainFirstLine, blockLines: block, preferredLine: preferredLine, code: code,
                                          markdown: markdown) {
                position = again
                firstLine = plainFirstLine
                // The destination's offset counted in the source's ASCII: a curly quote before it is three bytes
                // in the text and one in the file.
                if let offset = match.destinationOffset {
                    let before = String(decoding: match.text.utf8.prefix(offset), as: UTF8.self)
                    match.destinationOffset = (Self.withoutSmartPunctuation(before) ?? before).utf8.count
                }
                match.text = plain
                match.destination = Self.withoutSmartPunctuation(match.destination) ?? match.destination
            }
        }
        // The destination follows the text verbatim in every form but the reference label (and the doubled
        // parentheses, whose destination is inside the second one), when it is on the construct's first line.
        var destination: (line: Int, column: Int)?
        if let position, let offset = match.destinationOffset, offset < firstLine.utf8.count {
            // The scanner's offset: the '(' after the link text, not the first '(' of the text (`[(](: b)`).
            destination = (position.line, position.column + offset)
        }
        links.append(LinkOccurrence(kind: match.isImage ? .image : .link, destination: match.destination,
                                    // Not found in the source (a construct repeated past the search's budget, or
                                    // text cmark-gfm changed): the start of the block's line, never column 0 or a
                                    // line outside the block (cmark-gfm gives some text nodes line 0).
                                    line: position?.line ?? min(max(preferredLine, block.lowerBound), block.upperBound),
                                    column: position?.column ?? 1,
                                    origin: .plainText(match.form), destinationLine: destination?.line,
                                    destinationColumn: destination?.column, text: match.text,
                                    isLocated: position != nil))
    }

    /// `text` with cmark-gfm's smart punctuation written back as ASCII (`“”` → `"`, `‘’` → `'`, `—` → `---`,
    /// `–` → `--`, `…` → `...`), or nil when it has none.
    static func withoutSmartPunctuation(_ text: String) -> String? {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        var result = ""
        var changed = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{201C}", "\u{201D}": result += "\""; changed = true
            case "\u{2018}", "\u{2019}": result += "'"; changed = true
            case "\u{2014}": result += "---"; changed = true
            case "\u{2013}": result += "--"; changed = true
            case "\u{2026}": result += "..."; changed = true
            default: result.unicodeScalars.append(scalar)
            }
        }
        return changed ? result : nil
    }

    /// Text, line breaks, and autolinks made by the GFM extension (whose text is their destination).
    private func isTextLike(_ node: OpaquePointer?) -> Bool {
        guard let node else { return false }
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { return true }
        if type == CMARK_NODE_LINK {
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            return isAutolink(node, destination)
        }
        return false
    }

    /// The paragraph, heading or table whose source lines contain an inline node: the one the walk entered last
    /// (walking up the parents instead cost the nesting depth for each node, quadratic for nested images).
    private func enclosingBlock(of node: OpaquePointer) -> OpaquePointer? { currentBlock }

    /// A block type added by an extension (tables, their rows and cells), not one of cmark-gfm's own.
    private func isExtensionBlock(_ type: cmark_node_type) -> Bool {
        type.rawValue & 0xC000 == 0x8000 && type.rawValue > CMARK_NODE_FOOTNOTE_DEFINITION.rawValue
    }

    /// Replaces a heading node by a custom block `<hN id="...">...</hN>` holding the same inline children.
    private func addID(to heading: OpaquePointer) {
        let level = Int(cmark_node_get_heading_level(heading))
        let text = plainText(of: heading)
        let id = slugger.slug(for: text)
        headings.append(Heading(level: level, text: text, id: id,
                                line: Int(cmark_node_get_start_line(heading)) + firstLine - 1))
        guard writesHTML else { return }
        // Render the heading on its own, then replace it by a custom block holding that HTML with the id added:
        // cmark-gfm has no attribute API, and a custom block with children would add line breaks inside the tag.
        guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, memory),
              let rendered = cmark_render_html_with_mem(heading, renderOptions, syntaxExtensions, memory) else { return }
        // `<hN id="...">` and the heading's inner HTML, put together as bytes (interpolating and trimming Strings
        // cost more than rendering the heading).
        let html = UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self)
        let digit = UInt8(ascii: "0") + UInt8(clamping: level)
        var start = 0
        var end = strlen(rendered)
        if end >= 4, html[0] == UInt8(ascii: "<"), html[1] == UInt8(ascii: "h"), html[2] == digit,
           html[3] == UInt8(ascii: ">") {
            start = 4
        }
        while end > start, html[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        // h2 to h4 get a link to themselves after them, as GitHub writes it: the pair in a `div.heading`, the link
        // outside the heading so that the heading's accessible name stays its text, and empty (style.css draws the
        // `#`) so that the page's text, its search index and a copied heading hold no `#`.
        let anchored = (2...4).contains(level)
        var onEnter: [UInt8] = []
        if anchored { onEnter.append(contentsOf: #"<div class="heading">"#.utf8) }
        onEnter.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "h"), digit])
        onEnter.append(contentsOf: " id=\"".utf8)
        HTMLEscaping.appendAttribute(id, to: &onEnter)
        onEnter.append(contentsOf: "\">".utf8)
        onEnter.append(contentsOf: UnsafeBufferPointer(start: html + start, count: end - start))
        if anchored {
            onEnter.append(contentsOf: ##"<a class="heading-anchor" href="#"##.utf8)
            HTMLEscaping.appendAttribute(id, to: &onEnter)
            onEnter.append(contentsOf: #"" aria-label="Link to this section: "#.utf8)
            HTMLEscaping.appendAttribute(text, to: &onEnter)
            onEnter.append(contentsOf: #""></a></div>"#.utf8)
        }
        memory.pointee.free(rendered)
        replace(heading, by: block, html: onEnter)
    }

    /// Replaces a code block or table by a custom block holding its HTML with `tabindex="0"` on the `<pre>` or
    /// `<table>` tag: a block wider than the page scrolls sideways (style.css), and a keyboard can only scroll what
    /// it can focus (WCAG 2.1.1; axe-core's scrollable-region-focusable). Rendered on its own, as `addID` does for
    /// headings, after the links inside a table were made safe.
    ///
    /// A fenced code block in a language SitegenHighlight knows is highlighted in the same rendering: its text is
    /// highlighted from the node, the node is rendered with no text (cmark-gfm writes the `<pre>` and the
    /// `<code class="language-…">` tags, as for any block), and the highlighted text goes between the tags.
    private func makeFocusable(_ node: OpaquePointer) {
        var highlighted: [UInt8]?
        if highlightsCode, cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK, let language = fenceLanguage(node),
           let literal = cmark_node_get_literal(node) {
            var code: [UInt8] = []
            let text = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                           count: strlen(literal))
            Highlighter.appendHTML(of: text, as: language, to: &code)
            highlighted = code
            _ = cmark_node_set_literal(node, "")
        }
        guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, memory),
              let rendered = cmark_render_html_with_mem(node, renderOptions, syntaxExtensions, memory) else { return }
        let html = UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self),
                                       count: strlen(rendered))
        // cmark-gfm writes `<pre>`, `<pre lang="…">` (github_pre_lang) or `<table>` first: the attribute goes after
        // the tag's name.
        let name = html.starts(with: "<pre".utf8) ? 4 : (html.starts(with: "<table".utf8) ? 6 : 0)
        var onEnter: [UInt8] = []
        onEnter.reserveCapacity(html.count + 14 + (highlighted?.count ?? 0))
        onEnter.append(contentsOf: html[0..<name])
        if name > 0 { onEnter.append(contentsOf: #" tabindex="0""#.utf8) }
        // The highlighted text after `<code …>`: the first `>` after `<code`, as the tag's attribute values are
        // escaped. (Its text was emptied, so `</code></pre>` follows.)
        if let highlighted, let codeTag = html.firstRange(of: "<code".utf8),
           let tagEnd = html[codeTag.upperBound...].firstIndex(of: UInt8(ascii: ">")) {
            onEnter.append(contentsOf: html[name...tagEnd])
            onEnter.append(contentsOf: highlighted)
            onEnter.append(contentsOf: html[(tagEnd + 1)...])
        } else {
            onEnter.append(contentsOf: html[name...])
            // cmark-gfm always writes `<code`; were it not to, the code would still reach the page, in a block of its own.
            if let highlighted {
                onEnter.append(contentsOf: #"<pre tabindex="0"><code>"#.utf8)
                onEnter.append(contentsOf: highlighted)
                onEnter.append(contentsOf: "</code></pre>\n".utf8)
            }
        }
        memory.pointee.free(rendered)
        replace(node, by: block, html: onEnter)
    }

    /// The language a fenced code block's info string names by its first word (as cmark-gfm takes it for
    /// `class="language-…"`), when SitegenHighlight knows it.
    private func fenceLanguage(_ node: OpaquePointer) -> Language? {
        guard let info = cmark_node_get_fence_info(node) else { return nil }
        var length = 0
        // The first word, up to cmark-gfm's spaces (space, tab, line breaks, form feed, vertical tab).
        while length <= 16, info[length] != 0, !(info[length] == 0x20 || (info[length] >= 0x09 && info[length] <= 0x0D)) {
            length += 1
        }
        guard length > 0, length <= 16 else { return nil }
        let word = String(decoding: UnsafeRawBufferPointer(start: info, count: length), as: UTF8.self)
        return Language(infoWord: word)
    }

    /// Puts custom block `block`, written as `html`, in the place of `node`, which is freed.
    private func replace(_ node: OpaquePointer, by block: OpaquePointer, html: [UInt8]) {
        let terminated = html + [0]
        _ = terminated.withUnsafeBufferPointer { bytes in
            cmark_node_set_on_enter(block, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
        cmark_node_set_on_exit(block, "")
        cmark_node_replace(node, block)
        cmark_node_free(node)
    }

    /// Text of a node's inline descendants (text, code, and the text inside links and emphasis).
    private func plainText(of node: OpaquePointer) -> String {
        var text = ""
        func add(_ child: OpaquePointer) {
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        add(node)
        Self.forEachDescendant(of: node, add)
        return text
    }

    /// An image whose brackets hold nothing, or only one run of blanks. Looks at the first child only: reading the
    /// whole alt text of every image was quadratic in nested images (`![![![…`).
    private func hasNoAltText(_ image: OpaquePointer) -> Bool {
        guard let child = cmark_node_first_child(image) else { return true }
        guard cmark_node_next(child) == nil, cmark_node_get_type(child) == CMARK_NODE_TEXT,
              let literal = cmark_node_get_literal(child) else { return false }
        var pointer = literal
        while pointer.pointee == 0x20 || pointer.pointee == 0x09 { pointer += 1 }
        return pointer.pointee == 0
    }

    private func isTable(_ node: OpaquePointer) -> Bool {
        guard let name = cmark_node_get_type_string(node) else { return false }
        return String(cString: name) == "table"
    }

    /// An autolink's text is its destination (less `mailto:`), written as a single text child.
    /// Compared as bytes in place, without making Strings: this runs for every link and for the text nodes next to
    /// autolinks.
    private func isAutolink(_ node: OpaquePointer, _ destination: String) -> Bool {
        guard let child = cmark_node_first_child(node), cmark_node_next(child) == nil,
              cmark_node_get_type(child) == CMARK_NODE_TEXT,
              let literal = cmark_node_get_literal(child)
        else { return false }
        let length = strlen(literal)
        var destination = destination
        return destination.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return length == 0 }
            if bytes.count == length { return memcmp(base, literal, length) == 0 }
            guard bytes.count == length + 7 else { return false }
            return (memcmp(base, "mailto:", 7) == 0 || memcmp(base, "http://", 7) == 0)
                && memcmp(base + 7, literal, length) == 0
        }
    }

    /// The line of a table's header row. A table that took its header from a paragraph's last line is given that
    /// paragraph's first line as its start, but its end line is right: each row is one line, and the delimiter row
    /// one more, so the header is that many lines before the end. Each table's rows are counted once (`blockLines`
    /// runs for every inline node of the paragraph before it).
    private func headerLine(ofTable table: OpaquePointer) -> Int {
        if let known = headerLines[table] { return known }
        var rows = 0
        var row = cmark_node_first_child(table)
        while let current = row {
            rows += 1
            row = cmark_node_next(current)
        }
        let line = max(Int(cmark_node_get_start_line(table)), Int(cmark_node_get_end_line(table)) - rows)
        headerLines[table] = line
        return line
    }

    /// File lines covered by a block.
    private func blockLines(_ node: OpaquePointer) -> ClosedRange<Int> {
        var first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        // cmark-gfm's table extension can leave a paragraph it took lines from at line 0, or ending on its first
        // line: its lines are those between the block before it (else its container's first line) and the table
        // after it; never the front matter's.
        if first == 0 {
            first = cmark_node_previous(node).map { Int(cmark_node_get_end_line($0)) + 1 }
                ?? cmark_node_parent(node).map { Int(cmark_node_get_start_line($0)) } ?? 1
        }
        if let next = cmark_node_next(node), isExtensionBlock(cmark_node_get_type(next)), isTable(next) {
            last = max(last, headerLine(ofTable: next) - 1)
        }
        let start = max(first, 1) + firstLine - 1
        let end = max(last + firstLine - 1, start)
        return start...end
    }
}
