public import Foundation
public import Testing

/// Golden-file comparisons. Set `SITEGEN_UPDATE_GOLDEN=1` to rewrite the golden files after an intended change,
/// then review the diff.
public enum Golden {
    /// True when the run should rewrite golden files instead of comparing.
    public static var updating: Bool { ProcessInfo.processInfo.environment["SITEGEN_UPDATE_GOLDEN"] == "1" }

    /// Compares a tree of files (relative path → bytes) with the golden folder `folder`.
    public static func expectTree(_ produced: [String: Data], matches folder: String,
                                  sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if updating {
            try? FileManager.default.removeItem(atPath: folder)
            for (relative, data) in produced {
                let target = folder + "/" + relative
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: target))
            }
        }
        let expected = fileTree(under: folder)
        #expect(produced.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
        for (relative, data) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(produced[relative] == data,
                    "\(relative) differs from its golden file; run with SITEGEN_UPDATE_GOLDEN=1 and review the diff",
                    sourceLocation: sourceLocation)
        }
    }

    /// Compares text with the golden file at `path`.
    public static func expectText(_ produced: String, matches path: String,
                                  sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if updating {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(produced.utf8).write(to: URL(fileURLWithPath: path))
        }
        let expected = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        #expect(produced == expected,
                "\((path as NSString).lastPathComponent) differs from its golden file; run with SITEGEN_UPDATE_GOLDEN=1 and review the diff",
                sourceLocation: sourceLocation)
    }
}
