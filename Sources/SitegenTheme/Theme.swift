import Foundation
import Mustache
public import SitegenCore

/// A loaded, checked theme: the templates (built-in, overridden file by file by the site's `templates/`)
/// and the theme's static assets. Templates are parsed once; rendering is safe from many tasks at once.
public struct Theme: Sendable {
    /// Every template by name, with its source.
    public let sources: [String: TemplateSource]
    /// Theme assets (path under the assets URL → bytes): built-in ones and the site's `templates/assets/`.
    public let assets: [String: [UInt8]]
    let library: MustacheLibrary
    /// The same templates for the faster renderer, or nil when one of them needs swift-mustache's own.
    let compiled: CompiledLibrary?
    /// Why the templates are not compiled (`compiled` is nil): the template and the reason.
    let compileRefusal: CompiledLibrary.Refusal?
    /// The text of each partial rendered once for the whole build (`specialized(for:)`): a page that includes one
    /// contains it verbatim (unless the partial is indented, which re-indents it).
    public let siteOnlyTexts: [String]
    /// Every name used in a tag of any template, to tell a mistyped dotted name from a lookup that climbed
    /// out of a section.
    let tagNames: Set<String>

    /// Loads the built-in theme and the site's overrides from `folder` (if it exists), shown as `displayFolder`,
    /// reading only files inside `boundary` (a template or asset that leads outside is a `path-outside-site` error).
    /// Returns nil when a template cannot be used; every problem is a diagnostic with file:line:col.
    /// Deepest nesting of sections a template may have (`template-too-deep` past it): far beyond any real theme,
    /// and well within the parser's stack.
    public static let maximumSectionDepth = 100

    public static func load(folder: String?, displayFolder: String, boundary: SiteBoundary) -> (Theme?, [Diagnostic]) {
        var sources: [String: TemplateSource] = [:]
        for (name, text) in DefaultTheme.templates {
            sources[name] = TemplateSource(name: name, text: text, displayPath: "(built-in theme)/\(name).mustache")
        }
        var assets = DefaultTheme.assets
        var diagnostics: [Diagnostic] = []
        if let folder, FileManager.default.fileExists(atPath: folder) {
            let walk = SiteFolderWalk(root: folder, boundary: boundary)
            var templateFiles: [(relative: String, absolute: String)] = []
            var assetFolders: [SiteFolderWalk.Folder] = []
            func problem(_ relative: String, _ refusal: SiteBoundary.Refusal, subject: String = "this file") {
                let location = SourceLocation(file: relative.isEmpty ? displayFolder : "\(displayFolder)/\(relative)")
                diagnostics.append(boundary.diagnostic(for: refusal, at: location, subject: subject)
                    ?? .error(location, rule: "template-unreadable", "cannot read this: \(refusal)"))
            }
            do {
                for entry in try walk.entries(of: try walk.top()) {
                    switch entry {
                    case .file(let relative, let absolute) where relative.hasSuffix(".mustache"):
                        templateFiles.append((relative, absolute))
                    case .folder(let subfolder) where subfolder.relative == "assets":
                        assetFolders.append(subfolder)
                    case .refused(let relative, let refusal) where relative.hasSuffix(".mustache") || relative == "assets":
                        problem(relative, refusal, subject: "this symbolic link")
                    default:
                        break
                    }
                }
            } catch {
                problem("", error)
            }
            for (file, path) in templateFiles {
                let name = String(file.dropLast(".mustache".count))
                let display = "\(displayFolder)/\(file)"
                let bytes: [UInt8]
                do {
                    bytes = try boundary.read(path)
                } catch {
                    problem(file, error)
                    continue
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    diagnostics.append(.error(SourceLocation(file: display), rule: "template-unreadable",
                                              "cannot read this template as UTF-8 text"))
                    continue
                }
                sources[name] = TemplateSource(name: name, text: text, displayPath: display)
            }
            // The assets folder, walked as the content folder is (links inside the site followed).
            while let current = assetFolders.popLast() {
                let entries: [SiteFolderWalk.Entry]
                do {
                    entries = try walk.entries(of: current)
                } catch {
                    problem(current.relative, error)
                    continue
                }
                for entry in entries {
                    switch entry {
                    case .file(let relative, let absolute):
                        do {
                            assets[String(relative.dropFirst("assets/".count))] = try boundary.read(absolute)
                        } catch {
                            problem(relative, error)
                        }
                    case .folder(let subfolder):
                        assetFolders.append(subfolder)
                    case .refused(let relative, let refusal):
                        problem(relative, refusal, subject: "this symbolic link")
                    case .skippedLink, .unreadable:
                        break
                    }
                }
            }
        }

        var library = MustacheLibrary()
        let names = sources.keys.sorted()
        // swift-mustache parses nested sections recursively: every template within maximumSectionDepth is parsed
        // on one thread whose stack is known to hold it, whatever thread loads the theme.
        let parsedTemplates = onThread(stackSize: TemplateParsing.stackSize) {
            names.map { name -> Result<MustacheTemplate, any Error>? in
                let source = sources[name]!
                guard TemplateTags.firstTooDeep(source.tags, limit: maximumSectionDepth) == nil else { return nil }
                return Result { try TemplateParsing.parse(source.text) }
            }
        }
        for (name, parsedTemplate) in zip(names, parsedTemplates) {
            let source = sources[name]!
            guard let parsed = parsedTemplate else {
                let deep = TemplateTags.firstTooDeep(source.tags, limit: maximumSectionDepth)!
                diagnostics.append(.error(SourceLocation(file: source.displayPath, line: deep.line, column: deep.column),
                                          rule: "template-too-deep",
                                          "sections are nested more than \(maximumSectionDepth) deep here; the template is not parsed",
                                          fixIt: "move the inner sections into a partial, or close sections you left open"))
                continue
            }
            do {
                library.register(try parsed.get(), named: name)
            } catch let error as MustacheTemplate.ParserError {
                var location = SourceLocation(file: source.displayPath, line: max(error.context.lineNumber - TemplateParsing.addedLines, 1),
                                              column: max(error.context.columnNumber, 1))
                var message = "template syntax error: \(describe(error.error))"
                var fixIt: String?
                if case .expectedSectionEnd? = error.error as? MustacheTemplate.Error, let open = unclosedSection(in: source.tags) {
                    // swift-mustache reports the end of the file; the author needs the tag that was never closed.
                    location = SourceLocation(file: source.displayPath, line: open.line, column: open.column)
                    message = "template syntax error: the section '{{\(open.sigil.map(String.init) ?? "")\(open.name)}}' is never closed"
                    fixIt = "add '{{/\(open.name)}}' where the section ends"
                }
                diagnostics.append(.error(location, rule: "template-syntax", message, fixIt: fixIt))
            } catch {
                diagnostics.append(.error(SourceLocation(file: source.displayPath), rule: "template-syntax",
                                          "template syntax error: \(error)"))
            }
        }
        diagnostics += TemplateChecker.check(sources)
        for required in PageKind.allCases.map(\.templateName) where sources[required] == nil {
            diagnostics.append(.error(SourceLocation(file: displayFolder), rule: "template-missing-partial",
                                      "the theme has no '\(required).mustache' template"))
        }
        if diagnostics.hasErrors { return (nil, diagnostics.inOrder()) }
        let tagNames = Set(sources.values.flatMap { $0.tags.map(\.name) })
        let theme = Theme(sources: sources, assets: assets, library: library, tagNames: tagNames)
        if let refusal = theme.compileRefusal {
            let file = sources[refusal.template]?.displayPath ?? displayFolder
            diagnostics.append(Diagnostic(.note, SourceLocation(file: file), rule: "theme-not-compiled",
                                          "the theme is rendered by swift-mustache, not by sitegen's compiled renderer "
                                              + "(pages take 1.4 to 1.8 times as long): \(refusal.reason)"))
        }
        return (theme, diagnostics.inOrder())
    }

    init(sources: [String: TemplateSource], assets: [String: [UInt8]], library: MustacheLibrary, tagNames: Set<String>,
         siteOnlyTexts: [String] = []) {
        self.siteOnlyTexts = siteOnlyTexts
        self.sources = sources
        self.assets = assets
        self.library = library
        self.tagNames = tagNames
        switch CompiledLibrary.compile(library, names: sources.keys) {
        case .success(let compiled): (self.compiled, self.compileRefusal) = (compiled, nil)
        case .failure(let refusal): (self.compiled, self.compileRefusal) = (nil, refusal)
        }
    }

    /// The innermost section (`{{#x}}`, `{{^x}}`, `{{$x}}`, `{{<x}}`) left open at the end of a template.
    static func unclosedSection(in tags: [TemplateTag]) -> TemplateTag? {
        var open: [TemplateTag] = []
        for tag in tags {
            if let sigil = tag.sigil, "#^$<".contains(sigil) {
                open.append(tag)
            } else if tag.sigil == "/", let index = open.lastIndex(where: { $0.name == tag.name }) {
                open.removeSubrange(index...)
            }
        }
        return open.last
    }

    /// Unknown-variable warnings for names missed by objects shared between pages (`site.*`), at their first use
    /// in any page template.
    public func unknownVariables(_ names: Set<String>) -> [Diagnostic] {
        names.filter { !$0.contains(".") || tagNames.contains($0) }.sorted().map { name in
            let location = PageKind.allCases.lazy.map { self.firstUse(of: name, from: $0.templateName) }
                .first { $0.line > 0 } ?? firstUse(of: name, from: PageKind.article.templateName)
            return Diagnostic.warning(location, rule: "template-unknown-variable",
                                      "unknown template variable '\(name)'; it renders as nothing")
        }
    }

    /// Renders a page; the second value lists unknown variables as warnings located at their first use.
    public func render(_ kind: PageKind, _ values: [String: Any]) -> (String, [Diagnostic]) {
        render(template: kind.templateName, values)
    }

    /// Renders a page as the UTF-8 bytes written to its file (no String made in between).
    public func renderBytes(_ kind: PageKind, _ values: [String: Any]) -> ([UInt8], [Diagnostic]) {
        let recorder = LookupRecorder()
        return renderBytes(kind, RecordingObject(values: values, path: "", recorder: recorder), recorder)
    }

    /// Renders the page of `context` as UTF-8 bytes: the same output and warnings as with its `templateValues`.
    public func renderBytes(_ kind: PageKind, _ context: PageContext) -> ([UInt8], [Diagnostic]) {
        let recorder = LookupRecorder()
        return renderBytes(kind, context.rootObject(recorder: recorder), recorder, capacity: context.expectedBytes)
    }

    /// `renderBytes(_:_:)`, with the page handed to `sink` as it is made (`ByteChunks`), and the items of its long
    /// lists rendered on `jobs` threads: for a page of tens of thousands of entries, the link report's.
    /// `keepingValuesUntilExit`: the page's template objects are never freed (`ProcessLifetime`).
    public func renderBytes(_ kind: PageKind, _ context: PageContext, jobs: Int = 1, keepingValuesUntilExit: Bool = false,
                            to sink: ByteChunks.Sink) -> [Diagnostic] {
        let recorder = LookupRecorder()
        let root = context.rootObject(recorder: recorder)
        if keepingValuesUntilExit { ProcessLifetime.keep(root) }
        if compiled?.render(root, withTemplate: kind.templateName, jobs: jobs, to: sink) != true {
            var output = Array((library.render(root, withTemplate: kind.templateName) ?? "").utf8)
            ByteChunks.flush(&output, ifAtLeast: 0, to: sink)
        }
        return unknownVariables(recorder, template: kind.templateName)
    }

    private func renderBytes(_ kind: PageKind, _ root: RecordingObject, _ recorder: LookupRecorder,
                             capacity: Int = 16_384) -> ([UInt8], [Diagnostic]) {
        let output = compiled?.render(root, withTemplate: kind.templateName, capacity: capacity)
            ?? Array((library.render(root, withTemplate: kind.templateName) ?? "").utf8)
        return (output, unknownVariables(recorder, template: kind.templateName))
    }

    /// Renders one template by name (a partial an article includes), with the same checks as a page.
    public func render(template name: String, _ values: [String: Any]) -> (String, [Diagnostic]) {
        let recorder = LookupRecorder()
        let root = RecordingObject(values: values, path: "", recorder: recorder)
        let output = compiled?.render(root, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
            ?? library.render(root, withTemplate: name) ?? ""
        return (output, unknownVariables(recorder, template: name))
    }

    /// Warnings for the names a rendering of `name` did not find, at their first use.
    private func unknownVariables(_ recorder: LookupRecorder, template name: String) -> [Diagnostic] {
        let unknown = recorder.misses.filter { !$0.contains(".") || tagNames.contains($0) }
        let diagnostics = unknown.sorted().map { variable in
            Diagnostic.warning(firstUse(of: variable, from: name), rule: "template-unknown-variable",
                               "unknown template variable '\(variable)'; it renders as nothing")
        }
        return diagnostics
    }

    /// Where `text` is written in the templates a page kind uses (its template first, then its partials and
    /// parents), or the kind's template itself when no template contains it (a URL that comes from a variable).
    public func location(of text: String, in kind: PageKind) -> SourceLocation {
        var visited: Set<String> = []
        var queue = [kind.templateName]
        while let current = queue.first {
            queue.removeFirst()
            guard visited.insert(current).inserted, let source = sources[current] else { continue }
            if !text.isEmpty, let range = source.text.range(of: text) {
                let prefix = source.text[..<range.lowerBound]
                let line = prefix.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
                let lineStart = prefix.lastIndex(of: "\n").map { prefix.index(after: $0) } ?? prefix.startIndex
                return SourceLocation(file: source.displayPath, line: line,
                                      column: source.text[lineStart..<range.lowerBound].utf8.count + 1)
            }
            for tag in source.tags where tag.sigil == ">" || tag.sigil == "<" { queue.append(tag.name) }
        }
        return SourceLocation(file: sources[kind.templateName]?.displayPath ?? kind.templateName + ".mustache")
    }

    /// The first tag naming `name` in the templates a page kind uses, for diagnostics.
    private func firstUse(of name: String, from template: String) -> SourceLocation {
        var visited: Set<String> = []
        var queue = [template]
        while let current = queue.first {
            queue.removeFirst()
            guard visited.insert(current).inserted, let source = sources[current] else { continue }
            for tag in source.tags {
                if tag.sigil == ">" || tag.sigil == "<" { queue.append(tag.name) }
                if tag.name == name, tag.sigil == nil || "#^&".contains(tag.sigil!) {
                    return SourceLocation(file: source.displayPath, line: tag.line, column: tag.column)
                }
            }
        }
        return SourceLocation(file: sources[template]?.displayPath ?? template)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with '}}'"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only blocks may appear inside '{{< parent}}'"
        case .textInsideInheritSection: return "only blocks may appear inside '{{< parent}}'"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "invalid configuration tag"
        }
    }
}
