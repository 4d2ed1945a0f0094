import Foundation
package import SitegenContent
package import SitegenCore
import SitegenMarkdown
import SitegenOutput
package import SitegenTheme

/// Stage 1: configuration, content scan and theme, everything read before any article is parsed.
package struct LoadedSite {
    package var config: SiteConfig
    var configFile: String?
    package var siteRoot: String
    package var contentRoot: String
    var outputRoot: String
    package let files: [SourceFile]
    /// The folders files are read from: the site root and the folders the configuration names outside it.
    package var boundary: SiteBoundary
    var theme: Theme
    /// Files of the asset folders, for `{% asset_path %}`.
    var assets: AssetCatalog
    /// Files for `{% include %}`.
    var includes: IncludeLibrary
    /// True when the configuration came from a Jekyll `_config.yml` (no `sitegen.yml`).
    var isJekyllSite: Bool
    /// Folders the preview server watches: templates, includes and asset folders.
    var templatesRoot: String
    var includesRoot: String
    var assetRoots: [String]
    /// Absolute paths of the Markdown files among `files`, to tell an edit from an added file.
    package var markdownPaths: Set<String> { paths.markdown }
    /// Absolute paths of all of `files`.
    package var filePaths: Set<String> { paths.all }
    /// The files at these absolute paths, in the order of `files` (paths of no file are skipped).
    package func files(at absolutePaths: some Sequence<String>) -> [SourceFile] {
        absolutePaths.compactMap { paths.positions[$0] }.sorted().map { files[$0] }
    }
    private let paths: Paths

    /// The paths, made on first use and shared by the copies of the site.
    private final class Paths: @unchecked Sendable {
        let files: [SourceFile]
        lazy var markdown: Set<String> = Set(files.lazy.filter { $0.kind == .markdown }.map(\.absolutePath))
        lazy var all: Set<String> = Set(files.lazy.map(\.absolutePath))
        lazy var positions: [String: Int] = Dictionary(files.enumerated().map { ($1.absolutePath, $0) },
                                                       uniquingKeysWith: { first, _ in first })
        init(_ files: [SourceFile]) { self.files = files }
    }

    /// Folders and files the preview watches: content, templates, asset and include folders, configuration.
    package var watchTargets: (folders: [String], files: [String]) {
        var folders = [contentRoot, templatesRoot] + assetRoots
        if !includesRoot.isEmpty { folders.append(includesRoot) }
        let configFiles = [siteRoot + "/" + ConfigLoader.fileName, siteRoot + "/" + JekyllConfigLoader.fileName]
            + (configFile.map { [$0] } ?? [])
        return (folders.filter { FileManager.default.fileExists(atPath: $0) }, Array(Set(configFiles)).sorted())
    }

    init(config: SiteConfig, configFile: String?, siteRoot: String, contentRoot: String, outputRoot: String,
         files: [SourceFile], boundary: SiteBoundary, theme: Theme, assets: AssetCatalog, includes: IncludeLibrary,
         isJekyllSite: Bool, templatesRoot: String, includesRoot: String, assetRoots: [String]) {
        self.config = config
        self.configFile = configFile
        self.siteRoot = siteRoot
        self.contentRoot = contentRoot
        self.outputRoot = outputRoot
        self.files = files
        self.boundary = boundary
        self.theme = theme
        self.assets = assets
        self.includes = includes
        self.isJekyllSite = isJekyllSite
        self.templatesRoot = templatesRoot
        self.includesRoot = includesRoot
        self.assetRoots = assetRoots
        paths = Paths(files)
    }
}

package enum LoadStage {
    /// Loads the site; nil when the build cannot start. Configuration problems come back as `.configurationError`.
    /// `theme`: the theme of the previous load, reused when the templates did not change (the preview server).
    package static func run(_ options: BuildOptions, theme previousTheme: Theme? = nil,
                    diagnostics: inout [Diagnostic]) -> (LoadedSite?, BuildResult.Outcome) {
        let siteRoot = URL(fileURLWithPath: options.siteRoot).standardizedFileURL.path
        var config = SiteConfig()
        var configFile: String?
        let defaultConfig = siteRoot + "/" + ConfigLoader.fileName
        if let explicit = options.configFile {
            configFile = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL.path
        } else if FileManager.default.fileExists(atPath: defaultConfig) {
            configFile = defaultConfig
        }
        var isJekyllSite = false
        let jekyllConfig = siteRoot + "/" + JekyllConfigLoader.fileName
        if configFile == nil, FileManager.default.fileExists(atPath: jekyllConfig) {
            // A Jekyll help center without a sitegen.yml: read the keys that mean the same thing, say which.
            let result = JekyllConfigLoader.load(path: jekyllConfig, displayPath: JekyllConfigLoader.fileName,
                                                 siteRoot: siteRoot, boundary: SiteBoundary(root: siteRoot))
            diagnostics += result.diagnostics
            if result.diagnostics.hasErrors { return (nil, .configurationError) }
            config = result.config
            configFile = jekyllConfig
            isJekyllSite = true
            var message = "no \(ConfigLoader.fileName): read the Jekyll configuration (used: "
                + (result.used.isEmpty ? "nothing" : result.used.joined(separator: ", ")) + ")"
            if !result.ignored.isEmpty { message += "; ignored: " + result.ignored.joined(separator: ", ") }
            message += "; link errors are reported as warnings until the site has a \(ConfigLoader.fileName)"
            diagnostics.append(Diagnostic(.note, SourceLocation(file: JekyllConfigLoader.fileName), rule: "config-jekyll",
                                          message, fixIt: "run 'sitegen init --from-jekyll' to write the equivalent \(ConfigLoader.fileName)"))
            config.links.errorsAsWarnings = true
        } else if let configFile {
            // A configuration file named on the command line may be outside the site: its own folder is allowed too.
            let allowed = SiteBoundary(roots: [siteRoot, (configFile as NSString).deletingLastPathComponent])
            let (loaded, problems) = ConfigLoader.load(path: configFile, displayPath: display(configFile, siteRoot),
                                                       boundary: allowed)
            config = loaded
            diagnostics += problems
            if problems.hasErrors { return (nil, .configurationError) }
        }
        if let output = options.outputFolder { config.outputFolder = output }
        if let base = options.baseURL {
            guard let normalized = ConfigLoader.normalizeBaseURL(base) else {
                diagnostics.append(.error(SourceLocation(file: "--baseurl"), rule: "config-invalid",
                                          "'\(base)' is not a URL path such as '/how-to/'"))
                return (nil, .configurationError)
            }
            config.baseURL = normalized
            config.baseURLLocation = SourceLocation(file: "--baseurl")
        }
        if let url = options.siteURL {
            guard let normalized = ConfigLoader.normalizeSiteURL(url) else {
                diagnostics.append(.error(SourceLocation(file: "--site-url"), rule: "config-invalid",
                                          "'\(url)' is not an absolute http(s) URL"))
                return (nil, .configurationError)
            }
            config.siteURL = normalized
        }
        if !config.editURL.isEmpty, !URLSafety.isSafe(config.editURL) {
            diagnostics.append(.error(SourceLocation(file: configFile.map { display($0, siteRoot) } ?? "edit_url"),
                                      rule: "config-invalid", "'edit_url' must not be a javascript:, vbscript:, data: or file: URL"))
            return (nil, .configurationError)
        }

        let contentRoot = resolve(config.contentFolder, against: siteRoot)
        let templatesRoot = resolve(config.templatesFolder, against: siteRoot)
        let outputRoot = resolve(config.outputFolder, against: siteRoot)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.append(.error(SourceLocation(file: display(contentRoot, siteRoot)), rule: "content-missing",
                                      "the content folder does not exist; create it or set 'content' in sitegen.yml"))
            return (nil, .configurationError)
        }
        let includesRoot = config.includesFolder.isEmpty ? "" : resolve(config.includesFolder, against: siteRoot)
        let assetRoots = config.assetFolders.map { resolve($0.folder, against: siteRoot) }
        let boundary: SiteBoundary
        switch siteBoundary(siteRoot: siteRoot, contentRoot: contentRoot, templatesRoot: templatesRoot,
                            includesRoot: includesRoot, assetRoots: assetRoots) {
        case .success(let allowed): boundary = allowed
        case .failure(let refusal):
            diagnostics.append(refusal.diagnostic)
            return (nil, .configurationError)
        }
        let output = OutputFolder(target: outputRoot)
        var protected = [("content folder", contentRoot), ("templates folder", templatesRoot), ("site root", siteRoot)]
        if let configFile { protected.append(("configuration file", configFile)) }
        if !options.inMemory, let refusal = output.refusal(protecting: protected) {
            diagnostics.append(.error(SourceLocation(file: display(outputRoot, siteRoot)), rule: "output-refused", refusal))
            return (nil, .configurationError)
        }

        // The theme is read and compiled while the content is scanned (waited for below, on every path).
        let themeDisplay = display(templatesRoot, siteRoot)
        let themeLoad = previousTheme == nil
            ? BackgroundValue { Theme.load(folder: templatesRoot, displayFolder: themeDisplay, boundary: boundary) } : nil
        defer { _ = themeLoad?.value }
        let scanner = ContentScanner(contentRoot: contentRoot, displayRoot: display(contentRoot, siteRoot),
                                     exclude: config.exclude, boundary: boundary)
        let files: [SourceFile]
        do {
            let scan = try scanner.scan()
            files = scan.files
            diagnostics += scan.diagnostics
        } catch {
            diagnostics.append(.error(SourceLocation(file: display(contentRoot, siteRoot)), rule: "content-unreadable",
                                      "cannot read the content folder: \(ErrorText.describe(error))"))
            return (nil, .configurationError)
        }

        var assets = AssetCatalog()
        for mount in config.assetFolders {
            let folder = resolve(mount.folder, against: siteRoot)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                diagnostics.append(.error(SourceLocation(file: configFile.map { display($0, siteRoot) } ?? mount.folder),
                                          rule: "config-invalid", "the asset folder '\(mount.folder)' does not exist"))
                return (nil, .configurationError)
            }
            do {
                let displayRoot = display(folder, siteRoot)
                let scan = try ContentScanner(contentRoot: folder, displayRoot: displayRoot, exclude: [],
                                              boundary: boundary).scan()
                diagnostics += scan.diagnostics
                assets.add(scan.files, baseURL: config.baseURL, mountURL: mount.url)
                assets.addRefused(scan.diagnostics, displayRoot: displayRoot)
            } catch {
                diagnostics.append(.error(SourceLocation(file: display(folder, siteRoot)), rule: "content-unreadable",
                                          "cannot read the asset folder: \(ErrorText.describe(error))"))
                return (nil, .configurationError)
            }
        }
        let theme: Theme
        if let previousTheme {
            theme = previousTheme
        } else if let themeLoad {
            let (loaded, themeProblems) = themeLoad.value
            diagnostics += themeProblems
            guard let loaded else { return (nil, .contentErrors) }
            theme = loaded
        } else {
            preconditionFailure("the theme is loaded when there is no previous one")
        }
        // Whether cmark-gfm's inline passes run at once, decided by its self-check before the first article.
        if let note = InlinePassCheck.note {
            diagnostics.append(Diagnostic(.note, SourceLocation(file: "(cmark-gfm)"), rule: "markdown-inline-pass", note))
        }
        return (LoadedSite(config: config, configFile: configFile, siteRoot: siteRoot, contentRoot: contentRoot,
                           outputRoot: outputRoot, files: files, boundary: boundary, theme: theme, assets: assets,
                           includes: IncludeLibrary(folder: includesRoot, boundary: boundary), isJekyllSite: isJekyllSite,
                           templatesRoot: templatesRoot, includesRoot: includesRoot, assetRoots: assetRoots), .succeeded)
    }

    /// A folder the configuration names that leads somewhere it may not.
    struct FolderRefusal: Error {
        var diagnostic: Diagnostic
    }

    /// The folders files may be read from: the site root, and each folder the configuration names. A folder named
    /// inside the site (every default is) must stay inside it once its symbolic links are followed, and out of
    /// hidden folders unless its name is one: `content -> /etc` or `_includes -> .git` is refused. A folder the
    /// configuration names outside the site (`content: ../shared/content`) was chosen by whoever wrote it.
    static func siteBoundary(siteRoot: String, contentRoot: String, templatesRoot: String, includesRoot: String,
                             assetRoots: [String]) -> Result<SiteBoundary, FolderRefusal> {
        let site = SiteBoundary(root: siteRoot)
        var folders = [("content folder", contentRoot), ("templates folder", templatesRoot)]
        if !includesRoot.isEmpty { folders.append(("includes folder", includesRoot)) }
        folders += assetRoots.map { ("asset folder", $0) }
        for (what, path) in folders where path == siteRoot || path.hasPrefix(siteRoot + "/") {
            guard let canonical = SiteBoundary.canonicalPath(path), let refusal = site.refusal(canonical: canonical) else { continue }
            let shown = display(path, siteRoot)
            if case .hidden = refusal, shown.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let location = SourceLocation(file: shown)
            return .failure(FolderRefusal(diagnostic: site.diagnostic(for: refusal, at: location, subject: "the \(what) '\(shown)'")
                ?? .error(location, rule: "path-outside-site", "the \(what) '\(shown)' cannot be read")))
        }
        return .success(SiteBoundary(roots: [siteRoot] + folders.map(\.1)))
    }

    package static func resolve(_ path: String, against root: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root, isDirectory: true)).standardizedFileURL.path
    }

    /// A path relative to the site root when it is inside it, for messages.
    package static func display(_ path: String, _ root: String) -> String {
        if path == root { return "." }
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }
}
