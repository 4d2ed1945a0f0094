import Foundation
import SitegenContent
import SitegenCore
import SitegenMarkdown

extension Baseline {
    /// The site at `revision` of its own git repository, read with git (no checkout; the working tree is never
    /// touched) and loaded with the build's own parser: front matter, URL, headings and anchors of every page
    /// written from Markdown.
    ///
    /// Only the files that differ from the working tree are read from git and parsed (`git diff -M` between the
    /// revision and the working tree names them, renames included): a file git reports unchanged has the bytes
    /// the current build has just parsed, so its page is the current one (its URL made with the baseline's
    /// baseurl when the configuration changed). A baseline of a site with thousands of articles and a few
    /// changes costs a few git calls, not a second parse of the site.
    static func load(gitRevision revision: String, site: LoadedSite, index: SiteIndex, parser: ParseStage.Parser,
                     baseURLOverride: String?, jobs: Int) throws(Failure) -> Baseline {
        let name = "git:" + revision
        guard !revision.isEmpty, !revision.hasPrefix("-"), !revision.contains("\0") else {
            throw Failure(message: "'\(name)' names no revision", fixIt: "name a branch, a tag or a commit: git:main, git:HEAD~1, git:v2.3")
        }
        let siteRoot = SiteBoundary.canonicalPath(site.siteRoot) ?? site.siteRoot
        let git = Git(folder: siteRoot)
        let top: String
        do throws(Git.Failure) {
            top = try git.text(["rev-parse", "--show-toplevel"])
        } catch {
            // git refuses a repository another user owns ("dubious ownership"): its own words say how to allow it.
            let refused = error.status == -1 || error.standardError.contains("dubious ownership")
            throw Failure(message: "'\(name)' cannot be read: "
                              + (refused ? "git: \(error.standardError.split(separator: "\n").first ?? "")"
                                         : "the site is not in a git repository"),
                          fixIt: "name a sitemap.xml, a file of URLs or a previous output folder instead")
        }
        let canonicalTop = SiteBoundary.canonicalPath(top) ?? top
        // The site's folder inside the repository ("" at its root), so that git's paths become site paths.
        let prefix = siteRoot == canonicalTop ? "" : String(siteRoot.dropFirst(canonicalTop.count + 1)) + "/"
        let repository = Git(folder: canonicalTop)
        let commit: String
        do throws(Git.Failure) {
            commit = try repository.text(["rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        } catch {
            throw Failure(message: "'\(revision)' is not a revision of the site's git repository",
                          fixIt: "name a branch, a tag or a commit: git:main, git:HEAD~1, git:v2.3")
        }
        let content = LoadStage.display(site.contentRoot, site.siteRoot)
        let contentPrefix = prefix + (content.hasSuffix("/") ? content : content + "/")

        // The baseline's Markdown files, and which of them differ from the working tree.
        let listed: Data, diffed: Data
        do throws(Git.Failure) {
            listed = try repository.run(["ls-tree", "-r", "-z", "--name-only", commit, "--", contentPrefix])
            diffed = try repository.run(["diff", "-M", "--name-status", "-z", "--no-ext-diff", commit, "--",
                                         prefix.isEmpty ? "." : prefix])
        } catch {
            throw Failure(message: "git cannot compare '\(revision)' with the working tree: \(error.standardError)")
        }
        func isMarkdown(_ path: String) -> Bool {
            MarkdownFileName.hasExtension(path)
        }
        // The files the content scan would read: not excluded (by the current `exclude`), not hidden.
        let scanner = ContentScanner(contentRoot: site.contentRoot, displayRoot: content, exclude: site.config.exclude,
                                     boundary: site.boundary)
        let baselineFiles = Set(fields(listed).filter { path in
            let contentPath = String(path.dropFirst(contentPrefix.count))
            return isMarkdown(path) && !scanner.isExcluded(contentPath)
                && !contentPath.split(separator: "/").contains { $0.hasPrefix(".") }
        })
        var changed: Set<String> = []
        var renames: [String: String] = [:]
        var entries = fields(diffed)[...]
        while let status = entries.popFirst() {
            guard let first = entries.popFirst() else { break }
            switch status.first {
            case "R", "C":
                guard let second = entries.popFirst() else { break }
                if status.first == "R" {
                    changed.insert(first)
                    if first.hasPrefix(prefix), second.hasPrefix(prefix) {
                        renames[String(first.dropFirst(prefix.count))] = String(second.dropFirst(prefix.count))
                    }
                }
            case "A": break
            default: changed.insert(first)
            }
        }

        // The baseline's configuration, when it differs: its baseurl makes the URLs of the unchanged files.
        var parser = parser
        var baseURL = site.config.baseURL
        if let configFile = site.configFile, !site.isJekyllSite {
            let configPath = prefix + LoadStage.display(configFile, site.siteRoot)
            if changed.contains(configPath) {
                if let text = blobs(repository, commit: commit, paths: [configPath])[configPath] {
                    var (config, _) = ConfigLoader.parse(text, file: configPath)
                    if let baseURLOverride, let normalized = ConfigLoader.normalizeBaseURL(baseURLOverride) {
                        config.baseURL = normalized
                    }
                    if config.baseURL != site.config.baseURL {
                        baseURL = config.baseURL
                        var baselineSite = site
                        baselineSite.config.baseURL = config.baseURL
                        parser = ParseStage.Parser(baselineSite)
                        parser.renderHTML = false
                    }
                }
            }
        }
        let mapper = URLMapper(baseURL: baseURL)

        var pages: [Page] = []
        var unchanged: Set<String> = []
        for parsed in index.articles {
            let article = parsed.article
            let path = prefix + article.source.displayPath
            guard baselineFiles.contains(path), !changed.contains(path) else { continue }
            unchanged.insert(article.source.displayPath)
            var url = article.url.value
            if baseURL != site.config.baseURL {
                var permalink = article.frontMatter.permalink
                if permalink == nil, article.source.baseName == "index" {
                    permalink = "/" + (article.source.productFolder.map { $0 + "/" } ?? "")
                }
                url = mapper.pageURL(permalink: permalink, fileBaseName: article.source.baseName).value
            }
            pages.append(Page(url: url, source: article.source.displayPath,
                              anchors: Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors)))
        }
        // The files that changed, as they were at the revision.
        let toRead = baselineFiles.filter { changed.contains($0) }.sorted()
        let texts = blobs(repository, commit: commit, paths: toRead)
        let contentRoot = site.contentRoot
        let read: [(String, String)] = toRead.compactMap { path in texts[path].map { (path, $0) } }
        let baselineParser = parser
        let parsedBaseline = parallelMap(read, jobs: jobs) { (path, text) -> Page? in
            let display = String(path.dropFirst(prefix.count))
            let file = SourceFile(kind: .markdown, absolutePath: contentRoot + "/" + path.dropFirst(contentPrefix.count),
                                  contentPath: String(path.dropFirst(contentPrefix.count)), displayPath: display)
            guard let parsed = baselineParser.parse(file, text: text).0 else { return nil }
            return Page(url: parsed.article.url.value, source: display,
                        anchors: Set(parsed.rendered.headings.map(\.id)).union(parsed.rendered.anchors),
                        text: parsed.article.frontMatter.title + "\n" + text)
        }
        pages += parsedBaseline.compactMap { $0 }
        return Baseline(name: name, pages: pages, renames: renames, markdownPagesOnly: true, unchangedSources: unchanged)
    }

    /// The NUL-separated fields of git's `-z` output.
    private static func fields(_ data: Data) -> [String] {
        data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of each of `paths` at `commit`, read with one `git cat-file --batch`.
    private static func blobs(_ git: Git, commit: String, paths: [String]) -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        var request = Data()
        for path in paths { request.append(contentsOf: Array("\(commit):\(path)\n".utf8)) }
        guard let output = try? git.run(["cat-file", "--batch"], input: request) else { return [:] }
        let bytes = [UInt8](output)
        var texts: [String: String] = [:]
        var position = 0
        for path in paths {
            // "<object> blob <size>\n<bytes>\n", or "<name> missing\n".
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: bytes[position..<end], as: UTF8.self).split(separator: " ")
            position = end + 1
            guard header.count == 3, let size = Int(header[2]), position + size <= bytes.count else { continue }
            if header[1] == "blob" { texts[path] = String(decoding: bytes[position..<(position + size)], as: UTF8.self) }
            position += size + 1
        }
        return texts
    }
}
