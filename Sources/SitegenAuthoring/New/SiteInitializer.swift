import Foundation
import SitegenContent
public import SitegenCore

/// `sitegen init`: writes a `sitegen.yml` for a site, never over an existing one; for a new site, also a first
/// product with its landing page and one article, and a `.gitignore` for the output and the cache, so that
/// `sitegen serve`, `new` and `build` work at once.
public struct SiteInitializer {
    public init() {}

    /// What `init` wrote (absolute paths, `sitegen.yml` first), and what it left as it was.
    public struct Written: Sendable, Equatable {
        public var files: [String]
        public var notes: [String]
    }

    /// The starter product's folder, shown in the next steps.
    public static let starterProduct = "getting-started"

    /// Writes `<siteRoot>/sitegen.yml`: from the Jekyll `_config.yml` with `fromJekyll`, else a starter file and the
    /// starter content (`scaffold`). Returns the paths written, or the problem.
    public func initialize(siteRoot: String, fromJekyll: Bool, author: String? = nil,
                           date: String? = nil) -> Result<Written, InitializationError> {
        let root = URL(fileURLWithPath: siteRoot).standardizedFileURL.path
        let target = root + "/" + ConfigLoader.fileName
        let display = ConfigLoader.fileName
        if FileManager.default.fileExists(atPath: target) {
            return .failure(InitializationError(.error(SourceLocation(file: display), rule: "init-config-exists",
                                   "\(display) already exists; sitegen init never overwrites it")))
        }
        let text: String
        if fromJekyll {
            let jekyll = root + "/" + JekyllConfigLoader.fileName
            guard FileManager.default.fileExists(atPath: jekyll) else {
                return .failure(InitializationError(.error(SourceLocation(file: JekyllConfigLoader.fileName), rule: "init-no-jekyll-config",
                                       "there is no \(JekyllConfigLoader.fileName) to convert in '\(siteRoot)'")))
            }
            let result = JekyllConfigLoader.load(path: jekyll, displayPath: JekyllConfigLoader.fileName, siteRoot: root,
                                                 boundary: SiteBoundary(root: root))
            if let error = result.diagnostics.first(where: { $0.severity == .error }) { return .failure(InitializationError(error)) }
            text = JekyllConfigLoader.sitegenYAML(result)
        } else {
            text = """
                # sitegen configuration. Every key is optional; the Configuration page of the sitegen manual
                # (docs/content/reference/configuration.md in sitegen's source) describes them all.
                title: Help Center
                baseurl: /how-to/
                # url: https://help.example.com
                content: content
                templates: templates
                output: public

                """
        }
        do {
            try ArticleCreator.writeNew(text, to: target)
        } catch {
            return .failure(InitializationError(.error(SourceLocation(file: display), rule: "init-write-failed",
                                   "cannot write \(display): \(ErrorText.describe(error))")))
        }
        var written = Written(files: [target], notes: [])
        if !fromJekyll {
            do {
                try scaffold(root: root, author: author ?? ArticleCreator.gitUserName(in: root) ?? "Help Center team",
                             date: date ?? ArticleCreator.today(), into: &written)
            } catch let problem as InitializationError {
                return .failure(problem)
            } catch {
                return .failure(InitializationError(.error(SourceLocation(file: "content"), rule: "init-write-failed",
                                                           "cannot write the starter content: \(ErrorText.describe(error))")))
            }
        }
        return .success(written)
    }

    /// The starter product (its landing page and a first article) unless `content/` has Markdown already, and the
    /// `.gitignore` lines for the output folder and the cache (added to an existing `.gitignore`, never replacing it).
    private func scaffold(root: String, author: String, date: String, into written: inout Written) throws {
        let content = root + "/content"
        let hasMarkdown = (FileManager.default.enumerator(atPath: content)?.contains { ($0 as? String)?.hasSuffix(".md") == true }) ?? false
        if hasMarkdown {
            written.notes.append("content/ has articles already: no starter articles written")
        } else {
            let product = Self.starterProduct
            try FileManager.default.createDirectory(atPath: content + "/" + product, withIntermediateDirectories: true)
            let landing = content + "/" + product + "/index.md"
            try ArticleCreator.writeNew(Self.landingPage, to: landing)
            written.files.append(landing)
            let article = content + "/" + product + "/write-your-first-article.md"
            let scaffold = ArticleScaffold(title: "Write your first article", slug: "write-your-first-article",
                                           product: "Getting started", productFolder: product, date: date, author: author)
            try ArticleCreator.writeNew(scaffold.text(body: Self.firstArticle), to: article)
            written.files.append(article)
        }
        let ignore = root + "/.gitignore"
        let wanted = ["/public/", "/.sitegen/"]
        if let existing = try? String(contentsOfFile: ignore, encoding: .utf8) {
            let present = Set(existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
            let missing = wanted.filter { !present.contains($0) && !present.contains(String($0.dropFirst())) }
            guard !missing.isEmpty else { return }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ignore))
            try handle.seekToEnd()
            let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
            try handle.write(contentsOf: Data((separator + "# sitegen: the built site and the link cache\n" + missing.joined(separator: "\n") + "\n").utf8))
            try handle.close()
            written.notes.append(".gitignore: added " + missing.joined(separator: ", "))
        } else {
            try ArticleCreator.writeNew("# sitegen: the built site and the link cache\n" + wanted.joined(separator: "\n") + "\n", to: ignore)
            written.files.append(ignore)
        }
    }

    static let landingPage = """
        ---
        type: product
        permalink: /getting-started/
        title: Getting started
        product: Getting started
        product_url: getting-started
        ---
        The articles of this product help a new reader find their way. Each folder under `content/` is a product;
        this page, its `index.md`, introduces it, and the product page lists its articles.

        """

    static let firstArticle = """
        This help center was made by `sitegen init`. Edit this article, or add one next to it:

        ```
        sitegen new getting-started/reset-a-password
        ```

        ## Write an article

        Each article is a Markdown file with YAML front matter. Links to other articles use their URL, such as
        [the Getting started product page](/how-to/getting-started/); `sitegen check` tells you when one breaks.

        ## Preview and publish

        `sitegen serve --open` shows the site in your browser and reloads it as you write. `sitegen build` writes it
        into `public/`, ready for any static host.

        """
}

/// Why `sitegen init` wrote nothing, as a diagnostic.
public struct InitializationError: Error, Sendable {
    public let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
