import Foundation
import SitegenCore

/// The results of earlier runs, keyed by URL, in one JSON file (default `.sitegen/cache/external.json` in the site
/// root): what lets a second run send no request, `--offline` work, and a link be promoted from flaky to dead.
struct ExternalCache {
    struct File: Codable {
        var version = 1
        var entries: [String: ExternalResult]
    }

    var entries: [String: ExternalResult] = [:]

    /// The cache in `path`; empty when there is none or it cannot be read (a cache is never worth failing a check).
    static func load(from path: String) -> ExternalCache {
        guard let data = FileManager.default.contents(atPath: path) else { return ExternalCache() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let file = try? decoder.decode(File.self, from: data), file.version == 1 else { return ExternalCache() }
        return ExternalCache(entries: file.entries)
    }

    /// Writes the cache whole, through a temporary file renamed over the old one; the folder gets a `.gitignore`
    /// that keeps it out of the repository.
    func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ignore = (folder as NSString).appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore) {
            try Data("# sitegen's cache: not part of the site.\n*\n".utf8).write(to: URL(fileURLWithPath: ignore))
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(File(entries: entries))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension ExternalResult {
    /// Whether the entry can stand for a fetch now: young enough for its kind, and holding the page's anchors
    /// when they are needed.
    func isFresh(now: Date, settings: ExternalLinkSettings, needsAnchors: Bool) -> Bool {
        if needsAnchors, anchors == nil, kind == .working || kind == .moved { return false }
        let age = now.timeIntervalSince(checked)
        return age >= 0 && age < (kind.isFailure ? settings.failureMaxAge : settings.cacheMaxAge)
    }
}

extension ExternalLinkChecker {
    /// The results in the cache file `path`, by fetch URL, without fetching anything (the preview's page panel).
    public static func cachedResults(in path: String) -> [String: ExternalResult] {
        ExternalCache.load(from: path).entries
    }
}
