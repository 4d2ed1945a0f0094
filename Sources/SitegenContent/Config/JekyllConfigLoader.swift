import Foundation
public import SitegenCore
import Yams

/// Reads a Jekyll site's `_config.yml` into a `SiteConfig`, for help centers that switch without a
/// `sitegen.yml`. Only the keys that mean the same thing in sitegen are used; the others are listed, so the
/// build summary can say exactly what was ignored.
public enum JekyllConfigLoader {
    /// The Jekyll configuration file name.
    public static let fileName = "_config.yml"

    /// What was read from `_config.yml`.
    public struct Result: Sendable {
        public var config: SiteConfig
        /// Top-level keys used (`baseurl`, `assets.sources`, ...), in file order.
        public var used: [String]
        /// Keys sitegen does not understand, in file order.
        public var ignored: [String]
        public var diagnostics: [Diagnostic]
    }

    /// Reads `path` (shown as `displayPath`) for the site at `siteRoot`, if it is inside `boundary`.
    public static func load(path: String, displayPath: String, siteRoot: String, boundary: SiteBoundary) -> Result {
        let location = SourceLocation(file: displayPath)
        let unreadable = Diagnostic.error(location, rule: "config-unreadable", "cannot read the Jekyll configuration as UTF-8 text")
        let data: [UInt8]
        do {
            data = try boundary.read(path)
        } catch {
            return Result(config: SiteConfig(), used: [], ignored: [],
                          diagnostics: [boundary.diagnostic(for: error, at: location) ?? unreadable])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return Result(config: SiteConfig(), used: [], ignored: [], diagnostics: [unreadable])
        }
        return parse(text, file: displayPath, siteRoot: siteRoot)
    }

    /// Parses `_config.yml` text. `siteRoot` is used to find `_includes` (beside the config or in the source).
    public static func parse(_ text: String, file: String, siteRoot: String) -> Result {
        var config = SiteConfig()
        var used: [String] = []
        var ignored: [String] = []
        var diagnostics: [Diagnostic] = []
        let (root, position, invalid) = YAMLPosition.compose(text, file: file, rule: "config-invalid")
        if let invalid { return Result(config: config, used: [], ignored: [], diagnostics: [invalid]) }
        guard let mapping = root?.mapping else {
            return Result(config: config, used: [], ignored: [], diagnostics: [])
        }
        func scalar(_ node: Node) -> String? { node.scalar?.string }
        var includesKey: String?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "title":
                if let title = scalar(value), !title.isEmpty { config.title = title; used.append(key) }
            case "baseurl":
                if let text = scalar(value) {
                    guard let normalized = ConfigLoader.normalizeBaseURL(text) else {
                        diagnostics.append(.error(position.location(value.mark), rule: "config-invalid",
                                                  "'baseurl' must be a URL path such as '/how-to/' (got '\(text)')"))
                        continue
                    }
                    config.baseURL = normalized
                    config.baseURLLocation = position.location(value.mark)
                    used.append(key)
                }
            case "url":
                if let text = scalar(value), !text.isEmpty, let normalized = ConfigLoader.normalizeSiteURL(text) {
                    config.siteURL = normalized
                    used.append(key)
                } else {
                    ignored.append(key)
                }
            case "source":
                if let folder = scalar(value), !folder.isEmpty { config.contentFolder = folder; used.append(key) }
            case "exclude":
                config.exclude = (value.sequence.map(Array.init) ?? [value]).compactMap(scalar).filter { !$0.isEmpty }
                used.append(key)
            case "includes_dir":
                includesKey = scalar(value)
                used.append(key)
            case "keep_files":
                // Jekyll's default is [.git, .svn]; a site that sets the key gets exactly its list, as in Jekyll.
                let (paths, problems) = ConfigLoader.keepFiles(value, position: position)
                config.keepFiles = paths
                diagnostics += problems
                used.append(key)
            case "assets":
                if let sources = value.mapping?["sources"] {
                    let folders = (sources.sequence.map(Array.init) ?? [sources]).compactMap(scalar).filter { !$0.isEmpty }
                    config.assetFolders = folders.map { SiteConfig.AssetFolder(folder: $0, url: "assets/") }
                    used.append("assets.sources")
                    for (subKey, _) in value.mapping! where subKey.string != "sources" {
                        ignored.append("assets." + (subKey.string ?? ""))
                    }
                } else {
                    ignored.append(key)
                }
            default:
                ignored.append(key)
            }
        }
        // Jekyll looks for `_includes` in the source folder; help centers keep it beside `_config.yml` too.
        let candidates = includesKey.map { [$0] } ?? ["_includes", config.contentFolder + "/_includes"]
        config.includesFolder = candidates.first { folder in
            var isDirectory: ObjCBool = false
            let path = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: siteRoot, isDirectory: true)).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        } ?? ""
        return Result(config: config, used: used, ignored: ignored, diagnostics: diagnostics)
    }

    /// A key as a comment shows it. A key may hold any character: a line break would end the comment (and what
    /// follows would be read as settings), and a control character makes the file invalid YAML. Such a key is
    /// shown quoted with `\u{...}` escapes. Hand-written: Yams' quoting folds long keys over several lines.
    static func commentText(_ key: String) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            // Control characters (U+0085 included, a YAML line break), U+2028 and U+2029, and the two noncharacters
            // YAML does not allow.
            [.control, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF
        }
        guard key.unicodeScalars.contains(where: unsafe) else { return key }
        var text = "\""
        for scalar in key.unicodeScalars {
            if unsafe(scalar) || scalar == "\"" || scalar == "\\" {
                text += scalar == "\"" || scalar == "\\" ? "\\" + String(scalar) : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The `sitegen.yml` equivalent of a Jekyll configuration, with the keys left out as comments.
    public static func sitegenYAML(_ result: Result) -> String {
        let config = result.config
        func quoted(_ text: String) -> String {
            (try? Yams.serialize(node: Node(text, .implicit, .doubleQuoted)))?.trimmingCharacters(in: .whitespacesAndNewlines)
                ?? "\"\(text)\""
        }
        var lines = ["# Written by 'sitegen init --from-jekyll' from \(fileName).", "title: \(quoted(config.title))",
                     "baseurl: \(quoted(config.baseURL))"]
        if !config.siteURL.isEmpty { lines.append("url: \(quoted(config.siteURL))") }
        lines.append("content: \(quoted(config.contentFolder))")
        if !config.exclude.isEmpty {
            lines.append("exclude:")
            lines += config.exclude.map { "  - \(quoted($0))" }
        }
        if !config.assetFolders.isEmpty {
            lines.append("assets:")
            for folder in config.assetFolders {
                lines += ["  - folder: \(quoted(folder.folder))", "    url: \(quoted(folder.url))"]
            }
        }
        if !config.includesFolder.isEmpty { lines.append("includes: \(quoted(config.includesFolder))") }
        if config.keepFiles != SiteConfig.defaultKeepFiles {
            lines.append(config.keepFiles.isEmpty ? "keep_files: []" : "keep_files:")
            lines += config.keepFiles.map { "  - \(quoted($0))" }
        }
        if !result.ignored.isEmpty {
            let keys = result.ignored.map(commentText).joined(separator: ", ")
            lines.append("# Not carried over from \(fileName) (sitegen has no equivalent): \(keys)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
