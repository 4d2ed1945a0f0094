/// Everything one build needs to know, after the command line and `sitegen.yml` are combined.
public struct BuildOptions: Sendable {
    /// Site root: the folder holding `sitegen.yml`, `content/` and `templates/`.
    public var siteRoot: String
    /// Configuration file; nil means `<siteRoot>/sitegen.yml` when it exists, else the defaults.
    public var configFile: String?
    /// Command-line overrides of configuration keys.
    public var outputFolder: String?
    public var baseURL: String?
    public var siteURL: String?
    /// Treat warnings as errors.
    public var strict: Bool
    /// Number of parallel tasks; nil means one per core.
    public var jobs: Int?
    /// Where the HTML link report goes, if anywhere.
    public var htmlReport: HTMLReportPlacement = .none
    /// The site is built into memory (the preview server): the output folder is neither checked nor written.
    public var inMemory = false
    /// When another build holds the output folder's lock: wait for it (true), or fail at once with `output-locked`.
    public var waitsForOutput = true
    /// Keeps the build's articles and index alive until the process exits, for a command-line run that exits
    /// right after printing: freeing 10,000 parsed articles one object at a time took about 50 ms, a twentieth of
    /// `sitegen check`. Off for the preview server and tests, which run many builds.
    public var keepsDataUntilExit = false
    /// `--external`: fetch the external links (also when `links.external.check` is set).
    public var checksExternalLinks = false
    /// `--offline`: external links from the cache only, no request (implies the external check).
    public var externalOffline = false
    /// `--cache-dir`: the folder of the external-link cache, relative to the site root (default `.sitegen/cache`).
    public var externalCacheFolder: String?
    /// Told as external URLs are done: (done, total, hosts busy, failing so far).
    public var externalProgress: (@Sendable (Int, Int, Int, Int) -> Void)?
    /// `--baseline`: what the URL-stability guard compares the site with (overrides `stability.baseline`).
    public var baseline: String?
    /// Host name → address to connect to instead of resolving it (the benchmark's mock web on loopback).
    public var externalAddressOverrides: [String: String] = [:]
    /// Certificates (DER) the external check trusts besides the system's: the tests' TLS servers on loopback.
    public var externalTrustedCertificates: [[UInt8]] = []

    /// Where the HTML link report page is written.
    public enum HTMLReportPlacement: Sendable, Equatable {
        case none
        /// A page of the built site, at `<baseurl>link-report/`, styled by the site's stylesheet.
        case inSite
        /// A page on its own (`BuildResult.standaloneHTMLReport`), with the stylesheet inlined.
        case standalone
    }

    public init(siteRoot: String, configFile: String? = nil, outputFolder: String? = nil, baseURL: String? = nil,
                siteURL: String? = nil, strict: Bool = false, jobs: Int? = nil) {
        self.siteRoot = siteRoot
        self.configFile = configFile
        self.outputFolder = outputFolder
        self.baseURL = baseURL
        self.siteURL = siteURL
        self.strict = strict
        self.jobs = jobs
    }
}
