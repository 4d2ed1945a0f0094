import ArgumentParser
import Foundation
import SitegenBuild
import SitegenCore
import SitegenSearch

/// `sitegen search`: queries the search index of the built site, with the engine the browser's `search.js`
/// implements, so that a writer sees what a reader would.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the built site's articles, as the search box of the site does.",
        discussion: """
            Reads the search index that 'sitegen build' writes into the output folder and prints the best \
            matches, one per line: the URL (with the heading that matched), the title and the product, then \
            the excerpt. Build the site first; a warning says when articles changed since the index was written.
            """
    )

    @Argument(help: "The words to look for; the last one may be the start of a word.")
    var query: String

    @OptionGroup var site: SiteLocationOptions

    @Option(name: .long, help: "Only articles of this product (its folder name or its name).")
    var product: String?

    @Option(name: [.customShort("n"), .long], help: "Largest number of results.")
    var limit = 10

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let options = BuildOptions(siteRoot: site.source, configFile: site.config, outputFolder: site.output)
        var problems: [Diagnostic] = []
        guard let location = SearchIndexLocation.locate(options, diagnostics: &problems) else {
            for problem in problems where problem.severity == .error {
                Terminal.standardError.write("\(problem.location): error: \(problem.message) [\(problem.rule)]\n")
            }
            throw ExitCode(SitegenExitCode.contentErrors)
        }
        let manifest = location.folder + "meta.json"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: manifest) else {
            let reason = location.disabled ? "the site has 'search: {enabled: false}' in its configuration"
                : "the site has not been built (no \(manifest)); run 'sitegen build -s \(site.source)' first"
            Terminal.standardError.write("error: no search index: \(reason)\n")
            throw ExitCode(SitegenExitCode.contentErrors)
        }
        if let built = attributes[.modificationDate] as? Date, let newest = location.newestSource, newest > built {
            Terminal.standardError.write("warning: articles changed since the site was built; run 'sitegen build' for current results\n")
        }
        let folder = location.folder
        let engine = SearchEngine { path in FileManager.default.contents(atPath: folder + path) }
        let results: [SearchResult]
        do {
            results = try engine.search(query, limit: limit, product: product)
        } catch {
            Terminal.standardError.write("error: \(error)\n")
            throw ExitCode(SitegenExitCode.contentErrors)
        }
        var text = ""
        for result in results {
            text += result.url + "  " + result.title + (result.product.isEmpty ? "" : "  (\(result.product))") + "\n"
            if !result.excerpt.isEmpty { text += "    " + result.excerpt + "\n" }
        }
        if results.isEmpty { text = "no results for '\(query)'\n" }
        Terminal.standardOutput.write(text)
    }
}
