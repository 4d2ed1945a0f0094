import Foundation
public import SitegenCore
import Synchronization

/// The files `{% include name %}` can insert, read from the includes folder once each, through the site's
/// boundary: an include that leads outside the site (a symbolic link to `/etc/passwd`, or to a folder outside)
/// is refused, never read.
public final class IncludeLibrary: Sendable {
    /// What an include name leads to.
    public enum Resolution: Sendable, Equatable {
        /// A file to insert as it is (HTML) or HTML-escaped (scripts and other text).
        case file(text: String, isHTML: Bool)
        /// A file that uses Liquid logic (loops, conditions, variables); only a theme partial can stand in for it.
        case liquid
        /// No such file.
        case missing
        /// A name that leaves the includes folder (`../x` going above it, `/etc/x`).
        case invalid
        /// A file that leads outside the site (or to a hidden file) through a symbolic link: not read.
        case refused(SiteBoundary.Refusal)
    }

    /// Absolute path of the includes folder; empty for none.
    public let folder: String
    /// The folders files may be read from.
    public let boundary: SiteBoundary
    private let cache = Mutex<[String: Resolution]>([:])

    public init(folder: String, boundary: SiteBoundary) {
        self.folder = folder
        self.boundary = boundary
    }

    public func resolve(_ name: String) -> Resolution {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let resolution = read(name)
        cache.withLock { $0[name] = resolution }
        return resolution
    }

    /// `name` relative to the includes folder with `.` and `..` worked out, or nil when it is absolute or a `..`
    /// goes above the folder (Jekyll refuses every `..`; one that stays inside is harmless and kept working).
    static func normalized(_ name: String) -> String? {
        guard !name.hasPrefix("/") else { return nil }
        var kept: [Substring] = []
        for component in name.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                guard !kept.isEmpty else { return nil }
                kept.removeLast()
            } else {
                kept.append(component)
            }
        }
        return kept.isEmpty ? nil : kept.joined(separator: "/")
    }

    private func read(_ name: String) -> Resolution {
        guard !name.isEmpty else { return .missing }
        guard let relative = Self.normalized(name) else { return .invalid }
        guard !folder.isEmpty else { return .missing }
        let path = folder + "/" + relative
        // Where the name leads is asked first, so that a link to a device is never even opened; the read then
        // checks what it opened, which a link swapped in between cannot change.
        switch boundary.target(of: path) {
        case .refused(let refusal): return .refused(refusal)
        case .nothing, .folder: return .missing
        case .file: break
        }
        let bytes: [UInt8]
        do {
            bytes = try boundary.read(path)
        } catch {
            if case .outside = error { return .refused(error) }
            if case .hidden = error { return .refused(error) }
            return .missing
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .missing }
        if text.contains("{%") || text.contains("{{") { return .liquid }
        let lower = relative.lowercased()
        return .file(text: text, isHTML: lower.hasSuffix(".html") || lower.hasSuffix(".htm"))
    }
}
