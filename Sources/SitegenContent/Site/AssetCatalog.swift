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

    /// Files of the asset folders that are not published because they lead outside the site (a symbolic link to
    /// `/etc/passwd`): path in its folder → the path its `path-outside-site` error names.
    public private(set) var refused: [String: String] = [:]

    /// Records the files of an asset folder that its scan refused, from the scan's `path-outside-site` errors (at
    /// paths under `displayRoot`), so that a tag naming one says why rather than "names no file".
    public mutating func addRefused(_ diagnostics: [Diagnostic], displayRoot: String) {
        for diagnostic in diagnostics where diagnostic.rule == "path-outside-site" && diagnostic.location.file.hasPrefix(displayRoot + "/") {
            let path = String(diagnostic.location.file.dropFirst(displayRoot.count + 1))
            if byPath[path] == nil, refused[path] == nil { refused[path] = diagnostic.location.file }
        }
    }

    /// The refused file a tag names (as `lookup` reads the path), if it is one.
    public func refusedFile(_ path: String) -> String? {
        guard !refused.isEmpty else { return nil }
        var key = path
        while key.hasPrefix("/") { key.removeFirst() }
        return refused[key] ?? key.removingPercentEncodingStrict.flatMap { refused[$0] }
    }

    /// Paths of all assets, for suggestions.
    public var paths: [String] { entries.map(\.path) }
}
