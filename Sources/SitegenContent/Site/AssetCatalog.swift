public import SitegenCore

/// The files of the site's asset folders (`assets:` in `sitegen.yml`, `assets.sources` in Jekyll's
/// `_config.yml`), each published under its folder's URL, for `{% asset_path %}`.
public struct AssetCatalog: Sendable {
    /// One published asset file.
    public struct Entry: Sendable, Hashable {
        /// Path relative to its asset folder, as on disk (`rackspace-email/x/Screen%20Shot.png`).
        public var path: String
        public var absolutePath: String
        /// Path shown in diagnostics (`_assets/img/rackspace-email/x.png`).
        public var displayPath: String
        /// URL on the site, every byte of the file name that is not a plain path character percent-encoded.
        public var url: SitePath
    }

    public private(set) var entries: [Entry] = []
    private var byPath: [String: Int] = [:]

    public init() {}

    /// Adds the files of one asset folder, published under `baseURL + mountURL`. A path already added by an
    /// earlier folder wins (folders are searched in order, as jekyll-assets does).
    public mutating func add(_ files: [SourceFile], baseURL: String, mountURL: String) {
        for file in files where byPath[file.contentPath] == nil {
            byPath[file.contentPath] = entries.count
            entries.append(Entry(path: file.contentPath, absolutePath: file.absolutePath, displayPath: file.displayPath,
                                 url: SitePath(baseURL + mountURL + SitePath.encodeFileName(file.contentPath))))
        }
    }

    /// The asset a tag names: the path as written, else with its percent-escapes decoded (`a%20b.png` for a
    /// file named `a b.png`).
    public func lookup(_ path: String) -> Entry? {
        var key = path
        while key.hasPrefix("/") { key.removeFirst() }
        if let index = byPath[key] { return entries[index] }
        if let decoded = key.removingPercentEncodingStrict, let index = byPath[decoded] { return entries[index] }
        return nil
    }

    /// Paths of all assets, for suggestions.
    public var paths: [String] { entries.map(\.path) }
}
