import Foundation
import SitegenContent
import SitegenBuild
public import SitegenCore
import SitegenTheme

/// `sitegen new`: writes a new article with the schema's front matter and an archetype's body, refusing to
/// overwrite a file or to reuse a URL.
public struct ArticleCreator {
    /// What to create.
    public struct Request: Sendable {
        public var siteRoot: String
        public var configFile: String?
        /// `<product>/<slug>`.
        public var path: String
        /// Nil: made from the slug (`reset-a-password` → `Reset a password`).
        public var title: String?
        public var type: String
        public var author: String?
        public var productName: String?
        /// `YYYY-MM-DD`; today when nil.
        public var date: String?

        public init(siteRoot: String, configFile: String? = nil, path: String, title: String? = nil, type: String = "task",
                    author: String? = nil, productName: String? = nil, date: String? = nil) {
            self.siteRoot = siteRoot
            self.configFile = configFile
            self.path = path
            self.title = title
            self.type = type
            self.author = author
            self.productName = productName
            self.date = date
        }
    }

    /// The created file, or the reasons it was not created. `derived`: what was made up rather than given
    /// (`title 'Reset a password' (from the slug)`), for the command to say.
    public enum Outcome: Sendable {
        case created(file: String, displayPath: String, url: String, derived: [String])
        case refused([Diagnostic])
    }

    public init() {}

    public func create(_ request: Request) -> Outcome {
        var diagnostics: [Diagnostic] = []
        let (loaded, _) = LoadStage.run(BuildOptions(siteRoot: request.siteRoot, configFile: request.configFile),
                                        diagnostics: &diagnostics)
        guard let site = loaded else { return .refused(diagnostics.filter { $0.severity == .error }) }
        let argument = SourceLocation(file: request.path)

        // <product>/<slug>, each a plain URL segment.
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var slug = parts.last ?? ""
        if slug.lowercased().hasSuffix(".md") { slug = String(slug.dropLast(3)) }
        let valid = { (part: String) in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        guard parts.count == 2, valid(parts[0]), valid(slug) else {
            return .refused([.error(argument, rule: "new-invalid-path",
                                    "'\(request.path)' is not '<product>/<slug>' in lowercase letters, digits and '-'",
                                    fixIt: "for example 'rackspace-email/reset-a-password'")])
        }
        let product = parts[0]
        var derived: [String] = []
        let title: String
        if let given = request.title {
            guard !given.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .refused([.error(argument, rule: "new-missing-title", "--title is empty",
                                        fixIt: "leave --title out to make the title from the slug")])
            }
            title = given
        } else {
            title = Self.title(fromSlug: slug)
            derived.append("title '\(title)' (from the slug; change it in the file or pass --title)")
        }
        // A line break would end the YAML value (and a pasted title with one is a mistake); other control
        // characters would be written into the page's <title>.
        for (option, value) in [("--title", title), ("--author", request.author ?? ""),
                                ("--product-name", request.productName ?? "")] {
            if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                let what = bad == "\n" || bad == "\r" ? "a line break" : "the control character U+00" + (bad.value < 0x10 ? "0" : "") + String(bad.value, radix: 16, uppercase: true)
                return .refused([.error(argument, rule: "new-invalid-value",
                                        "\(option) must be one line of text; it contains \(what)",
                                        fixIt: "write it on one line")])
            }
        }
        let templatesFolder = LoadStage.resolve(site.config.templatesFolder, against: site.siteRoot)
        let archetypes = Archetypes.load(templatesFolder: templatesFolder,
                                        displayFolder: LoadStage.display(templatesFolder, site.siteRoot), boundary: site.boundary)
        if let refusal = archetypes.refused[request.type] {
            return .refused([refusal])
        }
        guard archetypes.templates[request.type] != nil else {
            return .refused([.error(argument, rule: "new-unknown-type",
                                    "there is no article template '\(request.type)'; available: "
                                        + archetypes.templates.keys.sorted().joined(separator: ", "))])
        }

        let file = site.contentRoot + "/" + product + "/" + slug + ".md"
        let display = LoadStage.display(file, site.siteRoot)
        if FileManager.default.fileExists(atPath: file) {
            return .refused([.error(SourceLocation(file: display), rule: "new-file-exists",
                                    "'\(display)' already exists; sitegen new never overwrites a file")])
        }
        let urls = URLMapper(baseURL: site.config.baseURL)
        let url = urls.pageURL(permalink: slug + "/", fileBaseName: slug)
        let loader = ArticleLoader(urls: urls, boundary: site.boundary)
        var productNames: [String: Int] = [:]
        for source in site.files where source.kind == .markdown {
            guard let article = loader.load(source).0 else { continue }
            if article.url == url {
                let location = article.frontMatter.locations["permalink"] ?? SourceLocation(file: source.displayPath, line: 1, column: 1)
                return .refused([.error(location, rule: "new-permalink-taken",
                                        "'\(source.displayPath)' already has the URL '\(url)'; choose another slug")])
            }
            if article.productSlug == product, let name = article.frontMatter.product, name != "undefined" {
                productNames[name, default: 0] += 1
            }
        }
        let productName: String
        if let name = request.productName ?? productNames.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key {
            productName = name
        } else {
            // The product's first article: its name from the folder, as the title comes from the slug.
            productName = Self.name(fromFolder: product)
            derived.append("product name '\(productName)' (from the folder '\(product)'; pass --product-name to choose another)")
        }
        guard let author = request.author ?? Self.gitUserName(in: site.siteRoot) else {
            return .refused([.error(argument, rule: "new-unknown-author",
                                    "no author: git has no 'user.name' here", fixIt: "pass --author \"Your Name\"")])
        }
        let date = request.date ?? Self.today()
        let productPage = site.config.baseURL + product + "/"
        let body: String
        do {
            body = try archetypes.render(request.type, values: [
                "title": title, "lowercase_title": title.prefix(1).lowercased() + title.dropFirst(),
                "product": productName, "product_url": product, "product_page": productPage, "slug": slug,
                "date": date, "author": author,
            ]) ?? ""
        } catch {
            return .refused([.error(SourceLocation(file: "templates/archetypes/\(request.type).md"), rule: "template-syntax",
                                    "the article template cannot be read: \(error)")])
        }
        let scaffold = ArticleScaffold(title: title, slug: slug, product: productName, productFolder: product,
                                       date: date, author: author)
        do {
            try FileManager.default.createDirectory(atPath: site.contentRoot + "/" + product, withIntermediateDirectories: true)
            try Self.writeNew(scaffold.text(body: body), to: file)
        } catch {
            return .refused([.error(SourceLocation(file: display), rule: "new-write-failed",
                                    "cannot create the file: \(ErrorText.describe(error))")])
        }
        return .created(file: file, displayPath: display, url: url.value, derived: derived)
    }

    /// `reset-a-password` → `Reset a password`: words of the slug, the first capitalised (help-center titles are
    /// in sentence case).
    static func title(fromSlug slug: String) -> String {
        let words = slug.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    /// `rackspace-email` → `Rackspace Email`: a product's name is a proper name, each word capitalised.
    static func name(fromFolder folder: String) -> String {
        folder.split(whereSeparator: { $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    /// Creates `path` only if it does not exist (`O_EXCL`), so a file created meanwhile is never overwritten.
    static func writeNew(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// `git config user.name` in the site's repository, if git and the setting exist.
    static func gitUserName(in folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "config", "user.name"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !name.isEmpty ? name : nil
    }
}
