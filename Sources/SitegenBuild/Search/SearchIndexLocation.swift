package import Foundation
import SitegenContent
package import SitegenCore

/// Where a built site's search index is, for `sitegen search`: the site's configuration says the output folder
/// and the baseurl; the index is in `<output>/<baseurl>/assets/search/`.
package struct SearchIndexLocation {
    /// The index's folder (absolute), whether or not it exists.
    package var folder: String
    /// Whether the site has search turned off (`search.enabled: false`).
    package var disabled: Bool
    /// The newest modification time of the site's Markdown files, to tell a stale index.
    package var newestSource: Date?

    /// Nil (with the problems) when the site cannot be loaded.
    package static func locate(_ options: BuildOptions, diagnostics: inout [Diagnostic]) -> SearchIndexLocation? {
        let (loaded, _) = LoadStage.run(options, diagnostics: &diagnostics)
        guard let site = loaded else { return nil }
        let folderURL = URLMapper(baseURL: site.config.baseURL).generatedURL("assets/search/")
        let relative = folderURL.outputRelativePath.map { $0.hasSuffix("index.html") ? String($0.dropLast("index.html".count)) : $0 } ?? ""
        var newest: Date?
        for file in site.files where file.kind == .markdown {
            let date = (try? FileManager.default.attributesOfItem(atPath: file.absolutePath))?[.modificationDate] as? Date
            if let date, newest.map({ date > $0 }) ?? true { newest = date }
        }
        return SearchIndexLocation(folder: site.outputRoot + "/" + relative, disabled: !site.config.search.enabled,
                                   newestSource: newest)
    }
}
