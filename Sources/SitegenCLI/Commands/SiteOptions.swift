import ArgumentParser
import Foundation
import SitegenBuild

/// Where a site and its output are: for every command that reads a site, `search` included.
struct SiteLocationOptions: ParsableArguments {
    @Option(name: [.customShort("s"), .long], help: "The site root: the folder with sitegen.yml and content/.")
    var source: String = "."

    @Option(name: .long, help: "Configuration file (default: <source>/sitegen.yml when it exists).")
    var config: String?

    @Option(name: [.customShort("o"), .long], help: "Output folder, relative to the site root (overrides 'output').")
    var output: String?
}

/// Options shared by the commands that build or check a site.
struct SiteOptions: ParsableArguments {
    @OptionGroup var location: SiteLocationOptions

    var source: String { location.source }
    var config: String? { location.config }
    var output: String? { location.output }

    @Option(name: .long, help: "URL path the site is published under, e.g. /how-to/ (overrides 'baseurl').")
    var baseurl: String?

    @Option(name: .customLong("site-url"), help: "Absolute site URL for the sitemap and canonical links (overrides 'url').")
    var siteURL: String?

    @Flag(name: .long, help: "Treat warnings (and unknown template variables) as errors.")
    var strict = false

    @Option(name: [.customShort("j"), .long], help: "Number of parallel jobs (default: one per core).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var buildOptions: BuildOptions {
        BuildOptions(siteRoot: source, configFile: config, outputFolder: output, baseURL: baseurl, siteURL: siteURL,
                     strict: strict, jobs: jobs)
    }
}

/// Options for how results are shown.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Colour the output even when it is not a terminal.")
    var color = false

    @Flag(name: [.customShort("q"), .long], help: "Print the diagnostics only: no summary and no progress line.")
    var quiet = false
}

/// Options of the external-link check, for `build` and `check`.
struct ExternalOptions: ParsableArguments {
    @Flag(name: .long, help: "Fetch every external http(s) link once and report dead, moved, blocked and flaky ones.")
    var external = false

    @Flag(name: .long, help: "Check external links from the cache only: no request at all.")
    var offline = false

    @Option(name: .customLong("cache-dir"),
            help: "Folder of the external-link cache, relative to the site root (default: .sitegen/cache).")
    var cacheDir: String?

    func apply(to options: inout BuildOptions) {
        options.checksExternalLinks = external
        options.externalOffline = offline
        options.externalCacheFolder = cacheDir
    }
}

/// The URL-stability guard's baseline, for `build` and `check`.
struct BaselineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Compare the site's URLs with a baseline and report each published URL the change removes: a sitemap.xml, a file of URLs (one a line), a previous output folder, or git:<revision> of the site's repository (overrides 'stability.baseline').",
        valueName: "ref"))
    var baseline: String?

    /// Sets `options.baseline`: a file or folder named on the command line is relative to the current folder.
    func apply(to options: inout BuildOptions) {
        guard let baseline, !baseline.isEmpty else { return }
        if baseline.hasPrefix("git:") || baseline.hasPrefix("/") {
            options.baseline = baseline
        } else {
            options.baseline = URL(fileURLWithPath: baseline, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL.path
        }
    }
}
