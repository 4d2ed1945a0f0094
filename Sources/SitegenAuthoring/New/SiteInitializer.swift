import Foundation
import SitegenContent
public import SitegenCore

/// `sitegen init`: writes a `sitegen.yml` for a site, never over an existing one.
public struct SiteInitializer {
    public init() {}

    /// Writes `<siteRoot>/sitegen.yml`: from the Jekyll `_config.yml` with `fromJekyll`, else a starter file.
    /// Returns the path written, or the problems.
    public func initialize(siteRoot: String, fromJekyll: Bool) -> Result<String, InitializationError> {
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
        return .success(target)
    }
}

/// Why `sitegen init` wrote nothing, as a diagnostic.
public struct InitializationError: Error, Sendable {
    public let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
