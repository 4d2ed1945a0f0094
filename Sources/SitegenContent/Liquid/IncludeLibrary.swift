import Foundation
import SitegenCore
import Synchronization

/// The files `{% include name %}` can insert, read from the includes folder once each.
public final class IncludeLibrary: Sendable {
    /// What an include name leads to.
    public enum Resolution: Sendable, Equatable {
        /// A file to insert as it is (HTML) or HTML-escaped (scripts and other text).
        case file(text: String, isHTML: Bool)
        /// A file that uses Liquid logic (loops, conditions, variables); only a theme partial can stand in for it.
        case liquid
        /// No such file.
        case missing
        /// A name that leaves the includes folder (`../x`, `/etc/x`).
        case invalid
    }

    /// Absolute path of the includes folder; empty for none.
    public let folder: String
    private let cache = Mutex<[String: Resolution]>([:])

    public init(folder: String) {
        self.folder = folder
    }

    public func resolve(_ name: String) -> Resolution {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let resolution = read(name)
        cache.withLock { $0[name] = resolution }
        return resolution
    }

    private func read(_ name: String) -> Resolution {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        else { return .invalid }
        guard !folder.isEmpty, let data = FileManager.default.contents(atPath: folder + "/" + name),
              let text = String(validating: data, as: UTF8.self) else { return .missing }
        if text.contains("{%") || text.contains("{{") { return .liquid }
        let lower = name.lowercased()
        return .file(text: text, isHTML: lower.hasSuffix(".html") || lower.hasSuffix(".htm"))
    }
}
