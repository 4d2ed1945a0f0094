public import Foundation
public import Testing

/// A fresh folder under the system's temporary directory, removed when the value is released.
public final class TemporaryFolder {
    public let path: String

    public init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/sitegen-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` at `relative`, creating folders as needed; returns the absolute path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Reads a file under the folder as text.
    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Where the shared real-data corpus is, when this checkout has one beside it (`../shared/corpus/how-to-2017`).
public enum SharedCorpus {
    /// Absolute path of the corpus, or nil when `../shared` is absent (a user's fresh clone).
    public static let path: String? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/how-to-2017").path
        return FileManager.default.fileExists(atPath: corpus + "/content") ? corpus : nil
    }()

    /// Message used when skipping.
    public static let skipReason: Comment = "../shared/corpus/how-to-2017 is absent (a fresh clone has no ../shared): corpus test skipped"
}

/// The package root (the folder holding Package.swift).
public let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Every regular file under `root` (relative path → bytes), for comparing whole output folders.
public func fileTree(under root: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = root + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = FileManager.default.contents(atPath: path)
        }
    }
    return files
}

/// The status of the file system entry at `path`, without following a symbolic link (zeroed when there is none).
public func entryStatus(_ path: String) -> stat {
    var result = stat()
    _ = lstat(path, &result)
    return result
}
