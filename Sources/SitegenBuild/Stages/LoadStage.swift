import Foundation
import SitegenContent
import SitegenCore
import SitegenTheme

/// Stage 1: configuration, content scan and theme, everything read before any article is parsed.
struct LoadedSite {
    var config: SiteConfig
    var configFile: String?
    var siteRoot: String
    var contentRoot: String
    var outputRoot: String
    var files: [SourceFile]
    var theme: Theme
}

enum LoadStage {
    /// Loads the site; nil when the build cannot start. Configuration problems come back as `.configurationError`.
    static func run(_ options: BuildOptions, diagnostics: inout [Diagnostic]) -> (LoadedSite?, BuildResult.Outcome) {
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
        if let configFile {
            let (loaded, problems) = ConfigLoader.load(path: configFile, displayPath: display(configFile, siteRoot))
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
        }
        if let url = options.siteURL {
            guard url.isEmpty || ConfigLoader.validSiteURL(url) else {
                diagnostics.append(.error(SourceLocation(file: "--site-url"), rule: "config-invalid",
                                          "'\(url)' is not an absolute http(s) URL"))
                return (nil, .configurationError)
            }
            config.siteURL = url.hasSuffix("/") ? String(url.dropLast()) : url
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
        let output = OutputFolder(target: outputRoot)
        var protected = [("content folder", contentRoot), ("templates folder", templatesRoot), ("site root", siteRoot)]
        if let configFile { protected.append(("configuration file", configFile)) }
        if let refusal = output.refusal(protecting: protected) {
            diagnostics.append(.error(SourceLocation(file: display(outputRoot, siteRoot)), rule: "output-refused", refusal))
            return (nil, .configurationError)
        }

        let scanner = ContentScanner(contentRoot: contentRoot, displayRoot: display(contentRoot, siteRoot),
                                     exclude: config.exclude)
        let files: [SourceFile]
        do {
            let scan = try scanner.scan()
            files = scan.files
            diagnostics += scan.diagnostics
        } catch {
            diagnostics.append(.error(SourceLocation(file: display(contentRoot, siteRoot)), rule: "content-unreadable",
                                      "cannot read the content folder: \(error.localizedDescription)"))
            return (nil, .configurationError)
        }

        let (theme, themeProblems) = Theme.load(folder: templatesRoot, displayFolder: display(templatesRoot, siteRoot))
        diagnostics += themeProblems
        guard let theme else { return (nil, .contentErrors) }
        return (LoadedSite(config: config, configFile: configFile, siteRoot: siteRoot, contentRoot: contentRoot,
                           outputRoot: outputRoot, files: files, theme: theme), .succeeded)
    }

    static func resolve(_ path: String, against root: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root, isDirectory: true)).standardizedFileURL.path
    }

    /// A path relative to the site root when it is inside it, for messages.
    static func display(_ path: String, _ root: String) -> String {
        if path == root { return "." }
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }
}
