import Foundation
#if canImport(Glibc)
import Glibc
#endif
package import SitegenCore
import Synchronization

/// One file of a built site held by the preview server: rendered bytes, or a source file served as it is.
public enum OutputEntry: Sendable, Equatable {
    case bytes([UInt8])
    /// An asset, read from its source path when requested.
    case file(String)
}

/// Where the render stage puts files: the staging folder of a build, or memory for the preview server.
package protocol OutputSink: Sendable {
    /// Creates the folders files will be written into (relative paths), before parallel writing starts.
    func prepare(folders: Set<String>, jobs: Int) throws
    func write(_ bytes: [UInt8], to relativePath: String) throws
    /// Publishes the file at `source` as it is, if it is inside `boundary` (else `SiteBoundary.Refusal`).
    func copy(file source: String, to relativePath: String, within boundary: SiteBoundary) throws
}

/// Writes into a build's staging folder, and records what it wrote for the tree's manifest.
package struct FolderSink: OutputSink {
    let output: OutputFolder
    /// Folders known to exist in the staging folder already (found by `OutputFolder.removeStale`).
    var existingFolders: Set<String> = []
    /// The files of the reused tree's manifest: a page with the same hash whose file is unchanged is not touched.
    var previousFiles: [String: OutputManifest.FileEntry] = [:]
    var recorder = ManifestRecorder()

    package init(output: OutputFolder, existingFolders: Set<String> = [], previousFiles: [String: OutputManifest.FileEntry] = [:],
                 recorder: ManifestRecorder = ManifestRecorder()) {
        self.output = output
        self.existingFolders = existingFolders
        self.previousFiles = previousFiles
        self.recorder = recorder
    }

    /// Creates the folders that do not exist yet level by level (every parent before its children); the levels
    /// with many folders (one per article) on `jobs` threads, since this runs before any page is rendered.
    package func prepare(folders: Set<String>, jobs: Int) throws {
        var levels: [[String]] = []
        // The existing ones (nearly all, on a rebuild) are left out first, without sorting them.
        let created = existingFolders.isEmpty ? folders : folders.subtracting(existingFolders)
        // A new folder and the folder it is made in both change.
        recorder.touch(folders: created)
        recorder.touch(folders: created.map(OutputFolder.parent(of:)))
        for folder in created {
            let depth = folder.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
            while levels.count <= depth { levels.append([]) }
            levels[depth].append(folder)
        }
        for level in levels {
            let paths = level.compactMap { output.stagingPath(for: $0) }
            if jobs > 1, paths.count >= FastFiles.parallelFolderThreshold {
                try parallelForEach(paths, jobs: jobs) { try FastFiles.makeFolder($0) }
            } else {
                for path in paths { try FastFiles.makeFolder(path) }
            }
        }
    }

    package func write(_ bytes: [UInt8], to relativePath: String) throws {
        guard let path = output.stagingPath(for: relativePath) else { throw CocoaError(.fileWriteInvalidFileName) }
        let hash = ContentHash.of(bytes)
        if let old = previousFiles[relativePath], old.size == bytes.count, old.hash == hash, old.stamp.isKnown {
            // Unchanged since the manifest was made (same inode, same change time), so it holds these bytes.
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == bytes.count,
               old.stamp.matches(status) {
                recorder.record(relativePath, old)
                return
            }
        }
        let (created, status) = try FastFiles.write(bytes, to: path)
        recorder.record(relativePath, .init(stamp: .init(status), size: bytes.count, hash: hash))
        if created { recorder.touch(folder: OutputFolder.parent(of: relativePath)) }
    }

    package func copy(file source: String, to relativePath: String, within boundary: SiteBoundary) throws {
        let (small, _) = try boundary.read(source, atMost: FastFiles.streamingThreshold, prefix: 0)
        let input = small.isEmpty ? try boundary.openFile(source) : -1
        guard input >= 0 else { return try write(small, to: relativePath) }
        // Large (or empty): streamed, with the size of the file as opened, so that memory does not grow with it.
        defer { close(input) }
        var status = stat()
        guard fstat(input, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let size = Int(status.st_size)
        if size <= FastFiles.streamingThreshold {
            return try write(size == 0 ? [] : try boundary.read(source), to: relativePath)
        }
        guard let path = output.stagingPath(for: relativePath) else { throw CocoaError(.fileWriteInvalidFileName) }
        let hash = try FastFiles.hash(of: input, size: size)
        if let old = previousFiles[relativePath], old.size == size, old.hash == hash, old.stamp.isKnown {
            var existing = stat()
            if lstat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG, Int(existing.st_size) == size,
               old.stamp.matches(existing) {
                recorder.record(relativePath, old)
                return
            }
        }
        let (created, written) = try FastFiles.copy(from: input, size: size, to: path)
        recorder.record(relativePath, .init(stamp: .init(written), size: size, hash: hash))
        if created { recorder.touch(folder: OutputFolder.parent(of: relativePath)) }
    }
}

/// Keeps rendered files in memory; assets are kept as references to their source files.
package final class MemorySink: OutputSink {
    private let files = Mutex<[String: OutputEntry]>([:])

    package init() {}

    package func prepare(folders: Set<String>, jobs: Int) throws {}

    package func write(_ bytes: [UInt8], to relativePath: String) throws {
        files.withLock { $0[relativePath] = .bytes(bytes) }
    }

    /// Kept as a reference, read when it is requested: the preview reads it then through the site's boundary.
    package func copy(file source: String, to relativePath: String, within boundary: SiteBoundary) throws {
        files.withLock { $0[relativePath] = .file(source) }
    }

    package var contents: [String: OutputEntry] { files.withLock { $0 } }
}
