import Foundation
import SitegenContent
import SitegenCore
import SitegenLinks

/// The URL-stability guard: compares the site with a baseline (`check --baseline <ref>`, `stability.baseline`)
/// and reports each published page URL the change removes (`url-removed`) and each heading id a page loses
/// (`anchor-removed`); the URLs that became redirects or are new are counted (`URLChanges`).
enum URLStability {
    /// Where a finding without a file of its own is reported: the `stability.baseline` line, or `--baseline`.
    struct Origin {
        var reference: String
        var location: SourceLocation
    }

    /// The baseline `origin` names, compared with the analysed site; nil findings' changes when it cannot be read.
    static func run(_ origin: Origin, state: PipelineState, resolver: LinkResolver?, options: BuildOptions,
                    jobs: Int) -> (diagnostics: [Diagnostic], changes: URLChanges?) {
        let site = state.site
        let baseline: Baseline
        do throws(Baseline.Failure) {
            switch Baseline.Reference(origin.reference) {
            case .git(let revision):
                var parser = ParseStage.Parser(site)
                parser.renderHTML = false
                baseline = try Baseline.load(gitRevision: revision, site: site, index: state.index, parser: parser,
                                             baseURLOverride: options.baseURL, jobs: jobs)
            case .path(let path):
                baseline = try Baseline.load(path: path, siteRoot: site.siteRoot, baseURL: site.config.baseURL)
            }
        } catch {
            return ([Diagnostic(.error, origin.location, rule: "baseline-unreadable", error.message, fixIt: error.fixIt)], nil)
        }
        return compare(baseline, origin: origin, state: state, resolver: resolver, jobs: jobs)
    }

    /// The key two spellings of one URL share: percent escapes read as what they stand for.
    /// Only a URL with a `%` is decoded: Foundation's decoding costs microseconds a call, on every URL of the site.
    private static func key(_ url: String) -> String {
        url.utf8.contains(UInt8(ascii: "%")) ? url.removingPercentEncoding ?? url : url
    }

    static func compare(_ baseline: Baseline, origin: Origin, state: PipelineState, resolver: LinkResolver?,
                        jobs: Int) -> (diagnostics: [Diagnostic], changes: URLChanges) {
        let index = state.index, site = state.site
        let articles = index.articles
        var articleByURL: [String: Int] = [:]
        var articleByFile: [String: Int] = [:]
        for (position, parsed) in articles.enumerated() {
            articleByURL[key(parsed.article.url.value)] = articleByURL[key(parsed.article.url.value)] ?? position
            articleByFile[parsed.article.source.displayPath] = position
        }
        // What exists now: the pages (those written from Markdown, for a baseline that has only those), the files,
        // and the redirect sources.
        var current: [String: String] = [:]
        var existing: Set<String> = []
        for file in index.files {
            switch file.producer {
            case .article, .product, .home, .allArticles:
                if !baseline.markdownPagesOnly || articleByURL[key(file.url)] != nil { current[key(file.url)] = file.url }
                existing.insert(key(file.url))
            case .contentAsset, .themeAsset: existing.insert(key(file.url))
            default: continue
            }
        }
        var redirects: [String: String?] = [:]
        for redirect in index.redirects { redirects[key(redirect.source.value)] = .some(redirect.final) }

        var removed: [URLChanges.Removed] = []
        var redirected: [URLChanges.Redirected] = []
        var seen: Set<String> = []
        var diagnostics: [Diagnostic] = []
        // Pages whose anchors are compared: (baseline page, current article, the baseline URL).
        var anchorPairs: [(page: Baseline.Page, position: Int)] = []
        // Removed pages that git does not explain, for the similarity suggestion.
        var unexplained: [(page: Baseline.Page, url: String)] = []
        var similarity: (index: SimilarityIndex, positions: [Int])?
        // In the baseline's order; only the lists of changes are sorted (the findings are sorted with all others).
        for page in baseline.pages {
            let pageKey = key(page.url)
            guard seen.insert(pageKey).inserted else { continue }
            if existing.contains(pageKey) {
                if let position = articleByURL[pageKey], page.anchors != nil { anchorPairs.append((page, position)) }
                continue
            }
            if let target = redirects[pageKey] {
                redirected.append(.init(from: page.url, to: target))
                continue
            }
            if let source = page.source, let renamed = baseline.renames[source], let position = articleByFile[renamed] {
                let parsed = articles[position]
                if page.anchors != nil { anchorPairs.append((page, position)) }
                diagnostics.append(renameFinding(page, baseline: baseline, parsed: parsed, site: site))
                removed.append(.init(url: page.url, suggestion: parsed.article.url.value,
                                     reason: "renamed to \(parsed.article.source.displayPath)"))
                continue
            }
            unexplained.append((page, page.url))
        }
        if unexplained.contains(where: { $0.page.text != nil }) {
            // Read only when git explains not every removed page: the title and text of the current pages that
            // differ from the baseline (all of them when it is not a git revision).
            let positions = articles.indices.filter {
                !baseline.unchangedSources.contains(articles[$0].article.source.displayPath)
            }
            let boundary = site.boundary
            let texts = parallelMap(positions, jobs: jobs) { position -> String in
                let article = articles[position].article
                let bytes = (try? boundary.read(article.source.absolutePath)) ?? []
                return article.frontMatter.title + "\n" + String(decoding: bytes, as: UTF8.self)
            }
            similarity = (SimilarityIndex(texts), positions)
        }
        for (page, url) in unexplained {
            var suggestion: (position: Int, similarity: Double)?
            if let text = page.text, let similarity {
                suggestion = similarity.index.best(for: text, threshold: site.config.stability.similarity)
                    .map { (similarity.positions[$0.position], $0.similarity) }
            }
            let from = page.source.map { " (from \($0))" } ?? ""
            let message = "'\(url)' was published by \(baseline.name)\(from) and is neither a page nor a redirect now"
            if let suggestion {
                let parsed = articles[suggestion.position]
                let percent = Int((suggestion.similarity * 100).rounded(.down))
                diagnostics.append(Diagnostic(.error, origin.location, rule: ContentRuleCatalog.urlRemoved.id,
                                              message + "; the most similar page is '\(parsed.article.url.value)' "
                                                  + "(\(parsed.article.source.displayPath), \(percent)% of its word shingles shared)",
                                              fixIt: "add '\(url)' to redirect_from in \(parsed.article.source.displayPath), or restore the page"))
                removed.append(.init(url: url, suggestion: parsed.article.url.value, reason: "\(percent)% similar"))
            } else {
                diagnostics.append(Diagnostic(.error, origin.location, rule: ContentRuleCatalog.urlRemoved.id,
                                              message + (page.text != nil ? "; no current page is like it" : ""),
                                              fixIt: "restore the page, or add '\(url)' to redirect_from of the page that replaces it"))
                removed.append(.init(url: url))
            }
        }

        let (anchorFindings, anchorCount) = anchors(anchorPairs, state: state, resolver: resolver, baseline: baseline)
        diagnostics += anchorFindings
        let added = current.filter { !seen.contains($0.key) }.map(\.value).sorted { $0.utf8Precedes($1) }
        let changes = URLChanges(baseline: baseline.name, baselinePages: seen.count,
                                 removed: removed.sorted { $0.url.utf8Precedes($1.url) },
                                 redirected: redirected.sorted { $0.from.utf8Precedes($1.from) }, added: added,
                                 anchorsRemoved: anchorCount)
        return (CheckStage.applySeverities(diagnostics, site.config.links), changes)
    }

    /// `url-removed` at the file git says the baseline's file became, with the edit that adds the old URL to its
    /// `redirect_from`.
    private static func renameFinding(_ page: Baseline.Page, baseline: Baseline, parsed: ParsedArticle,
                                      site: LoadedSite) -> Diagnostic {
        let article = parsed.article
        let line = article.frontMatter.redirectFrom.first?.line ?? 1
        let bytes = (try? site.boundary.read(article.source.absolutePath)) ?? []
        let edit = RedirectFromEdit.make(bytes, adding: page.url)
        return Diagnostic(.error, SourceLocation(file: article.source.displayPath, line: line, column: 1),
                          rule: ContentRuleCatalog.urlRemoved.id,
                          "'\(page.url)' was published by \(baseline.name) and is neither a page nor a redirect now; "
                              + "git shows that its file \(page.source ?? "") was renamed to this one, now at '\(article.url.value)'",
                          fixIt: "add '\(page.url)' to this article's redirect_from", edit: edit)
    }

    /// `anchor-removed` for each heading id (or anchor) of a baseline page that its current page lacks: a warning
    /// when a page of the site links it, a note otherwise.
    private static func anchors(_ pairs: [(page: Baseline.Page, position: Int)], state: PipelineState,
                                resolver: LinkResolver?, baseline: Baseline) -> ([Diagnostic], Int) {
        let articles = state.index.articles
        struct Gone { var page: Baseline.Page; var position: Int; var id: String; var suggestion: Heading? }
        var gone: [Gone] = []
        for (page, position) in pairs {
            let parsed = articles[position]
            let now = Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors)
            let lost = page.anchors!.subtracting(now)
            guard !lost.isEmpty else { continue }
            let new = parsed.rendered.headings.filter { !page.anchors!.contains($0.id) }
            for id in lost.sorted() {
                gone.append(Gone(page: page, position: position, id: id, suggestion: new.count == 1 ? new[0] : nil))
            }
        }
        guard !gone.isEmpty else { return ([], 0) }
        // Which of them a page links: only the links whose fragment is one of the lost ids are resolved.
        let ids = Set(gone.map(\.id))
        var linked: Set<String> = []
        if let resolver {
            for parsed in articles {
                for link in parsed.rendered.links {
                    guard let hash = link.destination.lastIndex(of: "#") else { continue }
                    let fragment = String(link.destination[link.destination.index(after: hash)...])
                    let id = fragment.removingPercentEncoding ?? fragment
                    guard ids.contains(id) else { continue }
                    let resolution = resolver.resolve(link.destination, pageURL: parsed.article.url.value,
                                                      contentPath: parsed.article.source.contentPath)
                    guard let resolved = resolution.resolvedURL else { continue }
                    let path = resolved.prefix { $0 != "#" && $0 != "?" }
                    linked.insert(key(String(path)) + "#" + id)
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        for entry in gone {
            let article = articles[entry.position].article
            let isLinked = linked.contains(key(article.url.value) + "#" + entry.id) || linked.contains(key(entry.page.url) + "#" + entry.id)
            let location = SourceLocation(file: article.source.displayPath, line: entry.suggestion?.line ?? 1, column: 1)
            var message = "the anchor '#\(entry.id)' of '\(entry.page.url)' in \(baseline.name) is gone from this page"
            message += isLinked ? "; pages of this site link to it" : "; no page of this site links to it, but others may"
            let keep = "<a id=\"\(entry.id)\"></a>"
            let fixIt = entry.suggestion.map {
                "the heading '\($0.text)' (#\($0.id)) is the one new heading: link to '#\($0.id)', or keep the old id with \(keep)"
            } ?? "keep the old id with \(keep) where its section is now"
            diagnostics.append(Diagnostic(isLinked ? .warning : .note, location, rule: ContentRuleCatalog.anchorRemoved.id,
                                          message, fixIt: fixIt))
        }
        return (diagnostics, gone.count)
    }
}

/// The edit that adds a URL to an article's `redirect_from`, leaving every other byte of the file as it is: a new
/// `redirect_from` list before the closing `---` when the front matter has none, or one more item of its block list.
/// A `redirect_from` written as a single value or a `[flow, list]` gets no edit (the fix-it says what to write).
enum RedirectFromEdit {
    static func make(_ bytes: [UInt8], adding url: String) -> TextEdit? {
        // By bytes, with the lines `LineIndex` counts (a `\r\n` is one Character in a String, and a lone `\r` ends a
        // line as the loader and `sitegen fix` count them); each new line ends as the line it follows does.
        let index = LineIndex(bytes)
        let starts = index.lineStarts
        func line(_ number: Int) -> (text: String, end: String) {
            let start = starts[number]
            let next = number + 1 < starts.count ? starts[number + 1] : bytes.count
            var contentEnd = next
            if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\n") { contentEnd -= 1 }
            if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            return (String(decoding: bytes[start..<contentEnd], as: UTF8.self),
                    String(decoding: bytes[contentEnd..<next], as: UTF8.self))
        }
        let first = line(0).text
        // After an optional byte order mark.
        guard FrontMatterSplitter.isFence(first.unicodeScalars.first == "\u{FEFF}" ? String(first.unicodeScalars.dropFirst()) : first,
                                          allowDots: false) else { return nil }
        guard let close = starts.indices.dropFirst().first(where: { FrontMatterSplitter.isFence(line($0).text, allowDots: true) })
        else { return nil }
        // The line end of the front matter: its first line's (the closing fence may be the file's last line).
        let newline = line(0).end.isEmpty ? "\n" : line(0).end
        let item = yamlScalar(url)
        if let keyLine = (1..<close).first(where: { line($0).text.hasPrefix("redirect_from:") }) {
            let key = line(keyLine).text
            let rest = key.dropFirst("redirect_from:".count).trimmingCharacters(in: .whitespaces)
            guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
            guard keyLine + 1 < close else { return nil }
            let next = line(keyLine + 1).text
            let indent = String(next.prefix { $0 == " " })
            guard next.dropFirst(indent.count).hasPrefix("-") else { return nil }
            return TextEdit(line: keyLine + 1, column: 1, original: key, replacement: key + newline + indent + "- " + item)
        }
        let fence = line(close).text
        return TextEdit(line: close + 1, column: 1, original: fence,
                        replacement: "redirect_from:" + newline + "  - " + item + newline + fence)
    }

    /// `url` as a YAML scalar: plain when it is only URL characters, else single-quoted.
    static func yamlScalar(_ url: String) -> String {
        let plain = url.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "/-_.~%+".utf8.contains(byte)
        }
        return plain && !url.isEmpty ? url : "'" + url.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
