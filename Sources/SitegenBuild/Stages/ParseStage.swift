import SitegenContent
import SitegenCore
import SitegenLinks
import SitegenMarkdown

/// An article with its Markdown rendered.
///
/// A class, shared rather than copied: the stages hand articles around (index, routes, checks, pages), and each
/// copy of a struct retained every one of its fields.
///
/// Its `article.body` is empty: the Markdown is not needed once rendered, and keeping every article's source until
/// the end of the build was a fifth of its memory (each page touched anew costs a page fault and zeroing).
package final class ParsedArticle: Sendable {
    let article: Article
    let rendered: RenderedMarkdown
    /// Theme partials the body includes (`{% include all-articles-list.html %}`), filled in when rendering.
    let partials: [String]
    /// The `<!-- sitegen-ignore -->` comments of the body, for the link check.
    let suppressions: Suppressions
    /// `article.productSlug`, worked out once, on the parse's thread: the index reads it for every article on one
    /// thread, where calling the getter through this class copied the whole article each time.
    let productSlug: String?
    /// Where the body's HTML was put instead of `rendered.html`, in a one-shot build.
    private let spilled: (store: BodySpill, slot: BodySpill.Slot)?

    /// With a `spill`, the body's HTML moves there and `rendered.html` is left empty: read it with `bodyHTML`.
    init(article: Article, rendered: RenderedMarkdown, partials: [String] = [], spill: BodySpill? = nil) {
        suppressions = Suppressions(text: article.body, firstLine: article.bodyFirstLine)
        productSlug = article.productSlug
        var kept = article
        kept.body = ""
        self.article = kept
        self.partials = partials
        if let spill, !rendered.html.isEmpty, let slot = spill.store(rendered.html) {
            var moved = rendered
            moved.html = ""
            self.rendered = moved
            spilled = (spill, slot)
        } else {
            self.rendered = rendered
            spilled = nil
        }
    }

    /// The body's HTML; nil only when a spilled body cannot be read back (an I/O error of the temporary file).
    var bodyHTML: String? {
        guard let spilled else { return rendered.html }
        return spilled.store.load(spilled.slot)
    }
}

/// Stage 2: read, split, decode, expand the Liquid tags of, and render every Markdown file, in parallel.
/// A bad file never stops the others.
enum ParseStage {
    /// `renderHTML: false` for a check that writes nothing: the article bodies' HTML is not made.
    static func run(_ site: LoadedSite, jobs: Int, renderHTML: Bool = true, diagnostics: inout [Diagnostic]) -> [ParsedArticle] {
        var parser = Parser(site)
        parser.renderHTML = renderHTML
        let sendableParser = parser
        let sources = site.files.filter { $0.kind == .markdown }
        let results = sendableParser.parseAll(sources, jobs: jobs)
        var parsed: [ParsedArticle] = []
        for (article, problems) in results {
            diagnostics += problems
            if let article { parsed.append(article) }
        }
        return parsed
    }

    /// Parses one file: front matter, Liquid, Markdown and the content rules. Safe from many tasks at once.
    struct Parser: Sendable {
        let loader: ArticleLoader
        let renderer: MarkdownRenderer
        let expander: LiquidExpander
        var renderHTML = true
        /// Where the bodies' HTML goes until the pages are written (a one-shot build); nil keeps it in memory.
        var spill: BodySpill?
        /// Where the lines that each file's findings quote go (a one-shot run, which shows them once at the end),
        /// taken from the bytes the file was parsed from; nil: nowhere.
        var quotes: SourceQuotes?
        let limits: SiteConfig.Limits

        init(_ site: LoadedSite) {
            limits = site.config.limits
            loader = ArticleLoader(urls: URLMapper(baseURL: site.config.baseURL), jekyllCompatible: site.isJekyllSite,
                                   boundary: site.boundary, maximumBytes: site.config.limits.articleBytes)
            let markdown = site.config.markdown
            // A site that sets content-unsafe-html below error has accepted the HTML it reports: with
            // `raw_html: true`, that HTML is published as written (unsafe URLs are replaced all the same).
            let unsafeHTML = site.config.links.severities[ContentRuleCatalog.unsafeHTML.id] ?? ContentRuleCatalog.unsafeHTML.severity
            renderer = MarkdownRenderer(options: MarkdownOptions(rawHTML: markdown.rawHTML,
                                                                 embedHosts: EmbedHosts(markdown.embedHosts),
                                                                 keepsReportedHTML: unsafeHTML != .error,
                                                                 smartPunctuation: markdown.smartPunctuation,
                                                                 hardBreaks: markdown.hardBreaks,
                                                                 indentedHTMLAsHTML: site.isJekyllSite,
                                                                 highlightsCode: markdown.highlight))
            expander = LiquidExpander(environment: .init(
                assets: site.assets, includes: site.includes, themePartials: Set(site.theme.sources.keys),
                siteVariables: ["site.baseurl": site.config.baseURL, "site.url": site.config.siteURL,
                                "site.title": site.config.title],
                escapesVariables: site.config.liquid.escapesVariables))
        }

        var jekyllCompatible: Bool { loader.jekyllCompatible }

        /// Every file, in parallel; a file whose parse runs past `limits.parseSeconds` is given up (see
        /// `givenUp(_:)`) and the others go on.
        func parseAll(_ files: [SourceFile], jobs: Int) -> [(ParsedArticle?, [Diagnostic])] {
            parallelMap(files, jobs: jobs, budget: .milliseconds(Int64(limits.parseSeconds * 1000)),
                        { [self] in parse($0) }, giveUp: { givenUp($0) })
        }

        /// Parses `file`, read from disk, or `text` when given (a baseline revision's version of the file).
        func parse(_ file: SourceFile, text: String? = nil) -> (ParsedArticle?, [Diagnostic]) {
            var bytes: [UInt8]?
            let result = parseText(file, text: text, bytes: &bytes)
            if let quotes, let bytes { quotes.hold(linesQuotedBy: result.1, of: file.displayPath, bytes: bytes) }
            return result
        }

        /// `parse`, with `bytes` set to the file's bytes when they were read here, whole.
        private func parseText(_ file: SourceFile, text: String?, bytes: inout [UInt8]?) -> (ParsedArticle?, [Diagnostic]) {
            let (article, problems): (Article?, [Diagnostic])
            if let text {
                (article, problems) = loader.load(file, text: text)
            } else {
                (article, problems, bytes) = loader.loadKeepingBytes(file)
            }
            guard var article else { return (nil, jekyllCompatible ? JekyllCompatibility.relax(problems) : problems) }
            var expansion = expander.expand(article.body, firstLine: article.bodyFirstLine, file: file.displayPath,
                                            page: pageVariables(article))
            var tooComplex: [Diagnostic] = []
            if let table = TableExtent.firstOversized(in: expansion.text, maximumCells: limits.tableCells) {
                let line = expansion.map.isIdentity ? article.bodyFirstLine + table.line - 1
                    : expansion.map.originalPosition(line: article.bodyFirstLine + table.line - 1, column: 1).line
                tooComplex.append(.error(SourceLocation(file: file.displayPath, line: line, column: 1), rule: "content-too-complex",
                                         table.columns > TableExtent.maximumColumns
                                             ? "this table has \(table.columns) columns; the limit is \(TableExtent.maximumColumns), so the article is not parsed"
                                             : "this table has \(table.columns) columns and at least \(table.rows) rows, over \(limits.tableCells) cells "
                                                 + "(limits.table_cells in sitegen.yml), so the article is not parsed",
                                         fixIt: "split the table, or remove the extra '|' cells of its delimiter row"))
                article.body = ""
                article.bodyIsOmitted = true
                expansion.text = ""
                expansion.map = SourceMap(original: [], expanded: [], segments: [], firstLine: article.bodyFirstLine)
                expansion.partials = []
            }
            var rendered = renderer.render(expansion.text, firstLine: article.bodyFirstLine, html: renderHTML)
            if !expansion.map.isIdentity { rendered = mapPositions(rendered, expansion.map) }
            let htmlFindings = rendered.findings.map { finding in
                // At the rule's default severity; the site's `rules` are applied later.
                let severity = [ContentRuleCatalog.imageAlt, ContentRuleCatalog.indentedHTML, ContentRuleCatalog.unclosedBlock].first { $0.id == finding.rule }
                    .map { $0.severity.severity ?? .warning } ?? .error
                return Diagnostic(severity, SourceLocation(file: file.displayPath, line: finding.line, column: finding.column),
                                  rule: finding.rule, finding.message, fixIt: finding.fixIt)
            }
            let headingOrder = article.bodyIsOmitted ? [] : HeadingOrderRule.check(rendered.headings, file: file.displayPath)
            let found = problems + tooComplex + expansion.diagnostics + ContentRuleCatalog.check(article) + htmlFindings + headingOrder
            return (ParsedArticle(article: article, rendered: rendered, partials: expansion.partials, spill: spill),
                    jekyllCompatible ? JekyllCompatibility.relax(found) : found)
        }

        /// A file whose parse ran past the time limit: kept in the site by its front matter (links to it resolve),
        /// with no body, and one error. The parse itself goes on, on its own thread, and its result is dropped.
        func givenUp(_ file: SourceFile) -> (ParsedArticle?, [Diagnostic]) {
            let error = Diagnostic.error(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "content-too-complex",
                                         "parsing this article's Markdown took longer than \(Self.seconds(limits.parseSeconds)) "
                                             + "(limits.parse_seconds in sitegen.yml), so it was given up and the page has no body",
                                         fixIt: "look for long runs of brackets, '>' or list markers, or very deep nesting")
            let (loaded, problems) = loader.load(file)
            guard var article = loaded else { return (nil, [error] + problems) }
            article.body = ""
            article.bodyIsOmitted = true
            let rendered = renderer.render("", firstLine: article.bodyFirstLine, html: renderHTML)
            return (ParsedArticle(article: article, rendered: rendered, partials: []),
                    [error] + (jekyllCompatible ? JekyllCompatibility.relax(problems) : problems))
        }

        static func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
        }
    }

    /// `page.*` for Liquid variables: title, URL, permalink and every front-matter value written as text.
    static func pageVariables(_ article: Article) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in article.frontMatter.fields {
            if case .string(let text) = value { values["page." + key] = text }
        }
        values["page.title"] = article.frontMatter.title
        values["page.url"] = article.url.value
        values["page.permalink"] = article.frontMatter.permalink ?? article.url.value
        return values
    }

    /// Moves positions found in the expanded text back to where the author wrote them. A link whose destination
    /// came from a tag is no longer written verbatim (so `sitegen fix` leaves it), and a link that stands for a
    /// missing asset or include is dropped: the tag's own error reports it.
    static func mapPositions(_ rendered: RenderedMarkdown, _ map: SourceMap) -> RenderedMarkdown {
        var result = rendered
        result.links = rendered.links.compactMap { link in
            var mapped = link
            if let line = link.destinationLine, let column = link.destinationColumn,
               let segment = map.segment(coveringLine: line, column: column, length: link.destination.utf8.count) {
                if segment.failed { return nil }
                mapped.destinationLine = nil
                mapped.destinationColumn = nil
            } else if let line = link.destinationLine, let column = link.destinationColumn {
                // Written verbatim, after a tag on its line: moved back by what the tags before it expanded to, so
                // that `sitegen fix` edits the author's column.
                (mapped.destinationLine, mapped.destinationColumn) = map.originalPosition(line: line, column: column)
            }
            (mapped.line, mapped.column) = map.originalPosition(line: link.line, column: link.column)
            return mapped
        }
        result.findings = rendered.findings.map { finding in
            var mapped = finding
            (mapped.line, mapped.column) = map.originalPosition(line: finding.line, column: finding.column)
            return mapped
        }
        result.headings = rendered.headings.map { heading in
            var mapped = heading
            mapped.line = map.originalPosition(line: heading.line, column: 1).line
            return mapped
        }
        return result
    }
}
