public import SitegenCore

/// Expands the Liquid that help-center articles use, before Markdown: `{% asset_path path %}`,
/// `{% include name %}`, `{{ site.x }}` / `{{ page.x }}` variables, `{% raw %}` and `{% comment %}`.
///
/// Hand-written, and deliberately not a Liquid engine: no listed package implements Liquid, and articles use only
/// this much. Loops and conditions live in includes, which a theme partial of the same name replaces (the
/// expansion leaves a marker that the render stage fills). Every other tag is a warning at its position and is
/// removed, so no `{% ... %}` reaches a page. A `SourceMap` records each substitution, so diagnostics found in
/// the expanded text point at the written line and column.
public struct LiquidExpander: Sendable {
    /// What the tags can refer to.
    public struct Environment: Sendable {
        public var assets: AssetCatalog
        public var includes: IncludeLibrary
        /// Names of the theme's partials (`all-articles-list`), which stand in for includes with Liquid logic.
        public var themePartials: Set<String>
        /// `site.*` values (`site.baseurl`, `site.url`, `site.title`).
        public var siteVariables: [String: String]
        /// Insert variables' values HTML-escaped (`liquid.escape_variables`).
        public var escapesVariables: Bool
        /// Suggestions for a missing asset, among the asset paths (indexed on first use, shared by all articles).
        let assetSuggestions: LazySuggestions

        public init(assets: AssetCatalog, includes: IncludeLibrary, themePartials: Set<String>,
                    siteVariables: [String: String], escapesVariables: Bool = true) {
            self.assets = assets
            self.includes = includes
            self.themePartials = themePartials
            self.siteVariables = siteVariables
            self.escapesVariables = escapesVariables
            assetSuggestions = LazySuggestions { assets.paths }
        }
    }

    /// The expanded text and what the expansion found.
    public struct Expansion: Sendable {
        public var text: String
        public var map: SourceMap
        public var diagnostics: [Diagnostic]
        /// Theme partials the text includes, by marker.
        public var partials: [String]
    }

    /// Tags this expander implements, for messages (the manual lists them in docs/content/jekyll/liquid.md).
    public static let supportedTags = ["asset_path", "include", "raw", "comment"]

    public let environment: Environment

    public init(environment: Environment) {
        self.environment = environment
    }

    /// The text that stands for a theme partial in the body until the page is rendered: letters between Unicode
    /// private-use characters, which cmark-gfm keeps as they are in every mode (an HTML comment, as before, was
    /// dropped with `markdown.raw_html: false`, and the included list disappeared without a word). On a line of its
    /// own it becomes a paragraph of its own, which `RenderStage` replaces as a whole.
    public static func partialMarker(_ name: String) -> String { "\u{E000}sitegeninclude\u{E001}\(name)\u{E002}" }

    /// Expands `body` (file line `firstLine` onwards) of the article at `file`, with its `page.*` values (made only
    /// when the body has a tag: most articles have none).
    public func expand(_ body: String, firstLine: Int, file: String, page makePage: @autoclosure () -> [String: String]) -> Expansion {
        // Fast path: most articles have no Liquid at all (searched in place, with memchr: every article comes here).
        guard body.containsBytes(of: "{%") || body.containsBytes(of: "{{") else {
            return Expansion(text: body, map: SourceMap(original: [], expanded: [], segments: [], firstLine: firstLine),
                             diagnostics: [], partials: [])
        }
        let bytes = Array(body.utf8)
        let page = makePage()
        let lines = LineIndex(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var segments: [SourceMap.Segment] = []
        var diagnostics: [Diagnostic] = []
        var partials: [String] = []
        func location(_ offset: Int) -> SourceLocation {
            let position = lines.position(ofByte: offset)
            return SourceLocation(file: file, line: position.line + firstLine - 1, column: position.column)
        }
        func substitute(_ range: Range<Int>, with text: String, failed: Bool = false) {
            let start = output.count
            output += Array(text.utf8)
            segments.append(SourceMap.Segment(original: range, expanded: start..<output.count, failed: failed))
        }
        // Each search below remembers its last answer: the first match at or after `from` is also the first at or
        // after any later position up to it. So a body of thousands of `{%` with no `%}`, or of `{% raw %}` with no
        // `{% endraw %}`, is searched once, not once per tag (which was quadratic: 42 s for 300 KB of `{% `).
        // The same search answers where a tag or variable can no longer be open: the next blank line, and the next
        // opener of its own kind (`{{` for a variable, `{%` for a tag; a tag may hold a variable:
        // `{% include {{ page.x }} %}`).
        let tagOpen = Array("{%".utf8)
        enum Mark: Hashable { case tagClose, variableClose, tagOpen, variableOpen, blankLine }
        var answers: [Mark: (from: Int, found: Int?)] = [:]
        /// Start of the first `mark` at or after `from`.
        func next(_ mark: Mark, from: Int) -> Int? {
            if let cached = answers[mark], cached.from <= from, cached.found.map({ $0 >= from }) ?? true { return cached.found }
            let result: Int?
            switch mark {
            case .tagClose: result = bytes.firstRange(of: Array("%}".utf8), from: from)?.lowerBound
            case .variableClose: result = bytes.firstRange(of: Array("}}".utf8), from: from)?.lowerBound
            case .tagOpen: result = bytes.firstRange(of: tagOpen, from: from)?.lowerBound
            case .variableOpen: result = bytes.firstRange(of: Array("{{".utf8), from: from)?.lowerBound
            case .blankLine: result = Self.blankLine(in: bytes, from: from)
            }
            answers[mark] = (from, result)
            return result
        }
        /// Each kind's opener that is never closed is reported once: the ones after it are not closed either.
        var neverClosed: Set<Bool> = []
        /// Openers left open are reported one by one up to `unclosedReportLimit`, then counted in one more finding:
        /// a file of thousands of stray `{%` is one problem, not thousands.
        var unclosed = 0, firstUnreported: SourceLocation?
        var tags: [String: (from: Int, found: (start: Int, end: Int)?)] = [:]
        /// Offset just past the next `{% name %}` (any spacing, `-` trims allowed) at or after `from`, and where it
        /// starts. Each `{%` is looked at where it is, as Liquid's `endraw` does: another `{%` inside a raw block (an
        /// example of a tag, or a lone `{%`) no longer pairs with a later `%}` and hides the closing tag.
        func isBlank(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        func findTag(_ name: String, from: Int) -> (start: Int, end: Int)? {
            if let cached = tags[name], cached.from <= from, cached.found.map({ $0.start >= from }) ?? true { return cached.found }
            let wanted = Array(name.utf8)
            var search = from
            var found: (start: Int, end: Int)?
            while let open = bytes.firstRange(of: tagOpen, from: search) {
                let start = open.lowerBound
                var at = start + 2
                if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
                while at < bytes.count, isBlank(bytes[at]) { at += 1 }
                if bytes.count - at >= wanted.count, bytes[at..<(at + wanted.count)].elementsEqual(wanted) {
                    at += wanted.count
                    while at < bytes.count, isBlank(bytes[at]) { at += 1 }
                    if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
                    if at + 1 < bytes.count, bytes[at] == UInt8(ascii: "%"), bytes[at + 1] == UInt8(ascii: "}") {
                        found = (start, at + 2)
                        break
                    }
                }
                search = start + 2
            }
            tags[name] = (from, found)
            return found
        }

        var index = 0
        while index < bytes.count {
            // Up to the next `{` in one copy.
            let brace = bytes[index...].firstIndex(of: UInt8(ascii: "{")) ?? bytes.count
            if brace > index {
                output += bytes[index..<brace]
                index = brace
                continue
            }
            let byte = bytes[index]
            guard index + 1 < bytes.count,
                  bytes[index + 1] == UInt8(ascii: "%") || bytes[index + 1] == UInt8(ascii: "{") else {
                output.append(byte)
                index += 1
                continue
            }
            let isTag = bytes[index + 1] == UInt8(ascii: "%")
            let closing = isTag ? "%}" : "}}"
            guard let close = next(isTag ? .tagClose : .variableClose, from: index + 2) else {
                if neverClosed.insert(isTag).inserted {
                    diagnostics.append(.warning(location(index), rule: "liquid-unclosed-tag",
                                                "'\(Self.opening(bytes, at: index))' is never closed with '\(closing)'; it is shown as written",
                                                fixIt: "close it with '\(closing)' on the same line"))
                }
                output.append(byte)
                index += 1
                continue
            }
            // A blank line, or another opener of its kind, before the closer: this one was left open, and the closer
            // belongs to something further on (read as one tag, the text between would be swallowed).
            let blank = next(.blankLine, from: index + 2), nested = next(isTag ? .tagOpen : .variableOpen, from: index + 2)
            if let early = [blank, nested].compactMap({ $0 }).filter({ $0 < close }).min() {
                unclosed += 1
                if unclosed <= Self.unclosedReportLimit {
                    let what = early == blank ? "the blank line at line \(location(early + 1).line)"
                        : "the next '\(isTag ? "{%" : "{{")' at line \(location(early).line)"
                    diagnostics.append(.warning(location(index), rule: "liquid-unclosed-tag",
                                                "'\(Self.opening(bytes, at: index))' is not closed before \(what); it is shown as written",
                                                fixIt: "close it with '\(closing)' on the same line"))
                } else if firstUnreported == nil {
                    firstUnreported = location(index)
                }
                output.append(byte)
                index += 1
                continue
            }
            let end = close + 2
            let inner = String(decoding: bytes[(index + 2)..<(end - 2)], as: UTF8.self)
            let here = location(index)
            if !isTag {
                substitute(index..<end, with: variable(inner, page: page, at: here, diagnostics: &diagnostics))
                index = end
                continue
            }
            let words = Self.words(inner)
            let name = words.first.map { Self.trimmingDash($0) } ?? ""
            let argument = words.dropFirst().map { Self.trimmingDash($0) }.filter { !$0.isEmpty }.joined(separator: " ")
            switch name {
            case "raw", "comment":
                let closing = "end" + name
                guard let endTag = findTag(closing, from: end) else {
                    diagnostics.append(.warning(here, rule: "liquid-unclosed-tag",
                                                "'{% \(name) %}' is never closed with '{% \(closing) %}'; the tag is removed"))
                    substitute(index..<end, with: "")
                    index = end
                    continue
                }
                if name == "raw" {
                    substitute(index..<end, with: "")
                    output += bytes[end..<endTag.start]
                    substitute(endTag.start..<endTag.end, with: "")
                } else {
                    substitute(index..<endTag.end, with: "")
                }
                index = endTag.end
            case "asset_path":
                let path = Self.unquoted(argument)
                if let asset = environment.assets.lookup(path) {
                    substitute(index..<end, with: asset.url.value)
                } else if let refused = environment.assets.refusedFile(path) {
                    // The file is there, but leads outside the site: its own error says so; this one points at it.
                    diagnostics.append(.error(here, rule: "liquid-asset-missing",
                                              "'{% asset_path \(path) %}' names '\(refused)', a symbolic link that leads outside the "
                                                  + "site, so it is not published: see the error there"))
                    substitute(index..<end, with: "", failed: true)
                } else {
                    let suggestion = environment.assetSuggestions.suggestion(for: path).map { environment.assets.entries[$0].path }
                    diagnostics.append(.error(here, rule: "liquid-asset-missing",
                                              "'{% asset_path \(path) %}' names no file in the asset folders",
                                              fixIt: suggestion.map { "did you mean '\($0)'?" }))
                    substitute(index..<end, with: "", failed: true)
                }
                index = end
            case "include" where inner.contains("{{"):
                // Jekyll's `{% include {{ page.x }} %}`: the file is named by a variable, which is not expanded here.
                // Read as a name, it was "names no file '{{'".
                diagnostics.append(.error(here, rule: "liquid-include-unsupported",
                    "'{% \(Self.trimmingBlanks(Substring(inner))) %}' names its file with a variable, which sitegen does not expand; "
                        + "it is removed", fixIt: "name the file in the tag: {% include name.html %}"))
                substitute(index..<end, with: "", failed: true)
                index = end
            case "include":
                let includeName = Self.unquoted(words.count > 1 ? Self.trimmingDash(words[1]) : "")
                let partial = includeName.hasSuffix(".html") ? String(includeName.dropLast(5)) : includeName
                if environment.themePartials.contains(partial) {
                    partials.append(partial)
                    substitute(index..<end, with: Self.partialMarker(partial))
                } else {
                    switch environment.includes.resolve(includeName) {
                    case .file(let text, let isHTML):
                        substitute(index..<end, with: isHTML ? text : HTMLEscaping.text(text))
                    case .liquid:
                        diagnostics.append(.error(here, rule: "liquid-include-unsupported",
                            "'\(includeName)' uses Liquid logic, which sitegen does not run, and the theme has no partial '\(partial)' to stand in for it",
                            fixIt: "add templates/\(partial).mustache that renders the same HTML"))
                        substitute(index..<end, with: "", failed: true)
                    case .invalid:
                        diagnostics.append(.error(here, rule: "liquid-include-invalid",
                            "'{% include \(includeName) %}' names a file outside the includes folder ('..' may only go back "
                                + "within it, and the name may not start with '/'); it is not read",
                            fixIt: "name the file by its path inside the includes folder"))
                        substitute(index..<end, with: "", failed: true)
                    case .refused(let refusal):
                        diagnostics.append(environment.includes.boundary.diagnostic(
                            for: refusal, at: here, subject: "'{% include \(includeName) %}'")
                            ?? .error(here, rule: "liquid-include-missing", "'{% include \(includeName) %}' cannot be read"))
                        substitute(index..<end, with: "", failed: true)
                    case .missing:
                        diagnostics.append(.error(here, rule: "liquid-include-missing",
                            "'{% include \(includeName) %}' names no file in the includes folder"
                                + (environment.includes.folder.isEmpty ? " (no includes folder is configured; set 'includes' in sitegen.yml)" : "")))
                        substitute(index..<end, with: "", failed: true)
                    }
                }
                index = end
            default:
                diagnostics.append(.warning(here, rule: "liquid-unknown-tag",
                    "'{% \(name) %}' is not a tag sitegen knows; it is removed from the page",
                    fixIt: "supported tags: " + Self.supportedTags.joined(separator: ", ")))
                substitute(index..<end, with: "")
                index = end
            }
        }
        if let firstUnreported {
            diagnostics.append(.warning(firstUnreported, rule: "liquid-unclosed-tag",
                                        "\(unclosed - Self.unclosedReportLimit) more '{%' or '{{' from here on are not closed either; "
                                            + "they are shown as written"))
        }
        let map = SourceMap(original: bytes, expanded: output, segments: segments, firstLine: firstLine)
        return Expansion(text: String(decoding: output, as: UTF8.self), map: map, diagnostics: diagnostics,
                         partials: partials)
    }

    /// `{{ site.baseurl }}`: a known variable's value (HTML-escaped unless the site opted out: a front-matter value
    /// is text, and as it is, `"><img src=x onerror=...>` would add a tag to the page), else a warning and nothing.
    private func variable(_ inner: String, page: [String: String], at location: SourceLocation,
                          diagnostics: inout [Diagnostic]) -> String {
        let expression = Self.trimmingDash(Self.trimmingBlanks(Substring(inner)))
        let name = expression.split(separator: "|").first.map { Self.trimmingBlanks($0) } ?? ""
        if expression.containsByte(UInt8(ascii: "|")) {
            diagnostics.append(.warning(location, rule: "liquid-unknown-filter",
                                        "filters ('|') are not supported; '{{ \(expression) }}' renders as the plain value"))
        }
        if let value = environment.siteVariables[name] ?? page[name] {
            return environment.escapesVariables ? HTMLEscaping.attribute(value) : value
        }
        diagnostics.append(.warning(location, rule: "liquid-unknown-variable",
                                    "'{{ \(name) }}' is not a variable sitegen knows; it renders as nothing",
                                    fixIt: "known: site.baseurl, site.url, site.title, page.title, page.url and the page's front matter keys (page.<key>)"))
        return ""
    }

    /// Openers left open that are reported one by one in a file (`expand`).
    static let unclosedReportLimit = 20

    /// The start of the first blank line (a line feed, then blanks, then a line feed) at or after `from`: the
    /// offset of that first line feed.
    static func blankLine(in bytes: [UInt8], from: Int) -> Int? {
        var search = from
        while search < bytes.count, let feed = bytes[search...].firstIndex(of: UInt8(ascii: "\n")) {
            var next = feed + 1
            while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t")
                    || bytes[next] == UInt8(ascii: "\r") { next += 1 }
            if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return feed }
            search = next
        }
        return nil
    }

    /// An opener as written, to the end of its line, cut to 60 characters (`{% asset_path x.png`).
    static func opening(_ bytes: [UInt8], at index: Int) -> String {
        let end = bytes[index...].firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? bytes.count
        let line = String(decoding: bytes[index..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    /// The blank-separated words of a tag's inside (split on UTF-8 bytes: a Character view cost more than the tag).
    static func words(_ text: String) -> [String] {
        text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// `text` without the blanks (spaces, tabs, line ends) at its ends, compared as UTF-8 bytes: Foundation's
    /// `trimmingCharacters` bridged each variable through NSString and cost more than the rest of the tag.
    static func trimmingBlanks(_ text: Substring) -> String {
        let bytes = text.utf8
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
              let last = bytes.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// `{%- tag -%}` trims whitespace in Liquid; the dashes are not part of the words.
    static func trimmingDash(_ word: String) -> String {
        var result = Substring(word)
        if result.hasPrefix("-") { result = result.dropFirst() }
        if result.hasSuffix("-") { result = result.dropLast() }
        return String(result)
    }

    static func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, let last = text.last, first == last, first == "\"" || first == "'" {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
