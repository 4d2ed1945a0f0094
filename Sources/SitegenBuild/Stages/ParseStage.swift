import SitegenContent
import SitegenCore
import SitegenMarkdown

/// An article with its Markdown rendered.
struct ParsedArticle: Sendable {
    var article: Article
    var rendered: RenderedMarkdown
}

/// Stage 2: read, split, decode and render every Markdown file, in parallel. A bad file never stops the others.
enum ParseStage {
    static func run(_ site: LoadedSite, jobs: Int, diagnostics: inout [Diagnostic]) -> [ParsedArticle] {
        let loader = ArticleLoader(urls: URLMapper(baseURL: site.config.baseURL))
        let markdown = site.config.markdown
        let renderer = MarkdownRenderer(options: MarkdownOptions(rawHTML: markdown.rawHTML,
                                                                 smartPunctuation: markdown.smartPunctuation,
                                                                 hardBreaks: markdown.hardBreaks))
        let sources = site.files.filter { $0.kind == .markdown }
        let results = parallelMap(sources, jobs: jobs) { file -> (ParsedArticle?, [Diagnostic]) in
            let (article, problems) = loader.load(file)
            guard let article else { return (nil, problems) }
            let rendered = renderer.render(article.body, firstLine: article.bodyFirstLine)
            return (ParsedArticle(article: article, rendered: rendered), problems)
        }
        var parsed: [ParsedArticle] = []
        for (article, problems) in results {
            diagnostics += problems
            if let article { parsed.append(article) }
        }
        return parsed
    }
}
