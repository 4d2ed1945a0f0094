import Foundation
import SitegenCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations on the build's hot path, written against POSIX directly. Measured on 1,000 generated
/// articles: Foundation's `Data.write(to:)` calls `fsync` on every file, and `FileManager`'s recursive
/// `createDirectory` and `removeItem` cost several times more than `mkdir`, `write` and `unlinkat`. An output
/// folder is replaced whole by the next build, so a file that is not synced yet loses nothing.
package enum FastFiles {
    /// Writes `bytes` to the file at `path` (creating it, or replacing what it holds), without syncing it to disk.
    ///
    /// The output tree is reused from build to build, so the file usually exists. It is not opened with
    /// `O_TRUNC`: on ext4, truncating a file to zero and closing it forces its pages to disk at `close`
    /// (the `auto_da_alloc` safeguard), which made writing a large part of a build. Instead a file
    /// that already holds exactly these bytes is left alone (a redeploy then sees its old modification time), and
    /// any other file is overwritten in place and cut to the new length.
    ///
    /// Returns whether the file was created (its folder gained an entry) and its status once written.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws -> (created: Bool, status: stat) {
        let (descriptor, created, opened) = try openForWriting(path)
        var status = opened
        defer { close(descriptor) }
        let oldSize = Int(status.st_size)
        if oldSize == bytes.count, try holds(descriptor, bytes) { return (created, status) }
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += written
            }
        }
        if oldSize > bytes.count, ftruncate(descriptor, off_t(bytes.count)) != 0 {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return (created, status)
    }

    /// Files larger than this are copied by streaming (`copy(from:size:to:)`), never held in memory whole.
    static let streamingThreshold = 4 * 1024 * 1024
    /// The buffer of a streamed hash or of a copy that cannot be done in the kernel.
    static let streamChunk = 1024 * 1024

    /// The `ContentHash` of the `size` bytes of the open file `descriptor`, read in chunks of `streamChunk`.
    static func hash(of descriptor: Int32, size: Int) throws -> UInt64 {
        var hasher = ContentHash.Streaming(count: size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamChunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < size {
            // Whole chunks (a multiple of 16 bytes) until the last: the hash folds 16 bytes at a time.
            var filled = 0
            let wanted = min(streamChunk, size - offset)
            while filled < wanted {
                let got = pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(offset + filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                if got == 0 { throw POSIXError(.EIO) }  // The file shrank while it was read.
                filled += got
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
            offset += filled
        }
        return hasher.finish()
    }

    /// Copies the first `size` bytes of the open file `source` to `path` (created, or replaced in place), in the
    /// kernel where it can (`sendfile` between files on Linux), else through one `streamChunk` buffer: memory does
    /// not grow with the file.
    static func copy(from source: Int32, size: Int, to path: String) throws -> (created: Bool, status: stat) {
        let (descriptor, created, opened) = try openForWriting(path)
        var status = opened
        defer { close(descriptor) }
        var offset = 0
        #if canImport(Glibc)
        var inKernel = true
        while inKernel, offset < size {
            var sourceOffset = offset
            guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let sent = sendfile(descriptor, source, &sourceOffset, min(size - offset, 1 << 30))
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL || errno == ENOSYS { inKernel = false; break }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if sent == 0 { throw POSIXError(.EIO) }  // The source shrank.
            offset += sent
        }
        #endif
        if offset < size {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: streamChunk, alignment: 16)
            defer { buffer.deallocate() }
            while offset < size {
                let got = pread(source, buffer, min(streamChunk, size - offset), off_t(offset))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                if got == 0 { throw POSIXError(.EIO) }
                var written = 0
                while written < got {
                    let count = pwrite(descriptor, buffer + written, got - written, off_t(offset + written))
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                    }
                    written += count
                }
                offset += got
            }
        }
        if Int(status.st_size) > size, ftruncate(descriptor, off_t(size)) != 0 {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return (created, status)
    }

    /// Opens `path` for writing in place, creating it when missing, and never writing through another name: a
    /// folder or link in its place is removed, and a hard-linked file or a non-regular file gets a new file.
    private static func openForWriting(_ path: String) throws -> (descriptor: Int32, created: Bool, status: stat) {
        // Opened without `O_CREAT` first: whether the file was there tells whether its folder changed.
        var created = false
        var descriptor = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0, errno == ENOENT {
            created = true
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        }
        if descriptor < 0, errno == EISDIR || errno == ELOOP {
            // The reused tree has a folder (or a link) where this build writes a file.
            if errno == EISDIR { try removeTree(path) } else { unlink(path) }
            created = true
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        }
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        if status.st_mode & S_IFMT != S_IFREG || status.st_nlink > 1 {
            // Another name shares this file (a hard-linked backup of the output, say), or it is not a regular file
            // (a pipe left in the tree): give this name a new file rather than change theirs or write into it.
            close(descriptor)
            guard unlink(path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            created = true
            status.st_size = 0
        }
        return (descriptor, created, status)
    }

    /// Whether the open file (of `bytes.count` bytes) holds exactly `bytes`.
    private static func holds(_ descriptor: Int32, _ bytes: [UInt8]) throws -> Bool {
        if bytes.isEmpty { return true }
        let chunk = 64 * 1024
        // Not zeroed first: every byte compared was read into it.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: min(chunk, bytes.count), alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let wanted = min(chunk, bytes.count - offset)
            let got = pread(descriptor, buffer, wanted, off_t(offset))
            if got < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if got == 0 { return false }
            let same = bytes.withUnsafeBytes { new in memcmp(buffer, new.baseAddress! + offset, got) == 0 }
            if !same { return false }
            offset += got
        }
        return true
    }

    /// Creates a folder whose parent exists (an existing folder is fine).
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        guard errno == EEXIST else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR {
            // The reused tree has a file where this build needs a folder.
            guard unlink(path) == 0, mkdir(path, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }

    /// What `sweep` does with an entry.
    package enum SweepAction { case keep, remove, descend }

    /// A folder the sweep walked into, with its stamp when nothing was removed from it.
    package struct SweptFolder: Sendable {
        var path: String
        var stamp: OutputManifest.Stamp?
    }

    /// Folders whose entries are known from the previous build's manifest, when they are unchanged.
    package struct KnownFolders: Sendable {
        var stamps: [String: OutputManifest.Stamp]
        var children: [String: [(name: String, isFolder: Bool)]]

        init(_ manifest: OutputManifest) {
            stamps = manifest.folders
            children = manifest.children()
        }
    }

    /// A folder in the walk: open, or reached by name from its open parent and opened only when
    /// the sweep must list it, remove from it or walk into its subfolders. Opened before its subfolders are
    /// walked on several threads, and not changed after that.
    private final class FolderHandle: @unchecked Sendable {
        private let parent: Int32
        private let name: String
        private let owned: Bool
        private var descriptor: Int32

        /// A folder open already (closed by the caller).
        init(open descriptor: Int32) {
            parent = -1
            name = ""
            owned = false
            self.descriptor = descriptor
        }

        /// The folder `name` in the open folder `parent`, not opened yet.
        init(_ name: String, in parent: Int32) {
            self.parent = parent
            self.name = name
            owned = true
            descriptor = -1
        }

        func open() throws -> Int32 {
            if descriptor < 0 {
                descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }
            return descriptor
        }

        deinit { if owned, descriptor >= 0 { close(descriptor) } }
    }

    /// A folder with this many subfolders (an article tree) is swept, or its subfolders made, on `jobs` threads.
    static let parallelFolderThreshold = 64

    /// Walks the tree under `root` (without following symbolic links), asking `decide` about each entry by its
    /// path relative to `root` and whether it is a folder: removes it, keeps it, or (a folder) walks into it.
    /// Returns the folders walked into (relative paths; the top folder is ""), each with its stamp when nothing
    /// was removed from it. Written with `openat` and a direct folder listing (`FolderListing`) because
    /// `FileManager`'s listing was most of the time of sweeping a 10,000-page output tree. A folder `known` lists
    /// and whose stamp still matches is not listed at all (nor opened, when nothing in it goes).
    @discardableResult
    static func sweep(_ root: String, jobs: Int = 1, known: KnownFolders? = nil,
                      _ decide: @escaping @Sendable (String, Bool) -> SweepAction) throws -> [SweptFolder] {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        return try sweep(FolderHandle(open: descriptor), relative: "", listed: nil, stamp: nil, jobs: jobs,
                         known: known, decide)
    }

    /// Sweeps one folder: its entries are `listed` (with its `stamp`) when the manifest knows them, else read.
    private static func sweep(_ folder: FolderHandle, relative: String, listed: [(name: String, isFolder: Bool)]?,
                              stamp: OutputManifest.Stamp?, jobs: Int, known: KnownFolders?,
                              _ decide: @escaping @Sendable (String, Bool) -> SweepAction) throws -> [SweptFolder] {
        var stamp = stamp
        var listing: [(name: String, isFolder: Bool)]
        if let listed {
            listing = listed
        } else {
            let descriptor = try folder.open()
            var status = stat()
            stamp = fstat(descriptor, &status) == 0 ? OutputManifest.Stamp(status) : nil
            listing = []
            for (name, type) in try entries(of: descriptor) {
                var isFolder = type == UInt8(DT_DIR)
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                    isFolder = status.st_mode & S_IFMT == S_IFDIR
                }
                listing.append((name, isFolder))
            }
        }
        var subfolders: [String] = []
        var removed = false
        for (name, isFolder) in listing {
            // Folders are decided below, with the walk into them: on several threads when there are many.
            if isFolder {
                subfolders.append(name)
                continue
            }
            let child = relative.isEmpty ? name : relative + "/" + name
            if decide(child, false) == .keep { continue }
            guard unlinkat(try folder.open(), name, 0) == 0 || errno == ENOENT else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            removed = true
        }
        var swept: [SweptFolder] = []
        if !subfolders.isEmpty {
            let descriptor = try folder.open()
            // The subfolders of a folder of article folders are decided and walked on `jobs` threads: the sweep is
            // serial work before rendering.
            let parallel = jobs > 1 && subfolders.count >= parallelFolderThreshold
            let walked = parallelMap(subfolders, jobs: parallel ? jobs : 1) { name -> Result<([SweptFolder], Bool), any Error> in
                Result { try sweep(subfolder: name, of: descriptor, relative: relative, jobs: parallel ? 1 : jobs,
                                   known: known, decide) }
            }
            for result in walked {
                let (folders, removedFolder) = try result.get()
                swept += folders
                removed = removed || removedFolder
            }
        }
        return [SweptFolder(path: relative, stamp: removed ? nil : stamp)] + swept
    }

    /// Decides about one subfolder, and removes it or walks into it; returns the folders walked into and whether
    /// the subfolder was removed.
    private static func sweep(subfolder name: String, of folder: Int32, relative: String, jobs: Int,
                              known: KnownFolders?,
                              _ decide: @escaping @Sendable (String, Bool) -> SweepAction) throws -> ([SweptFolder], Bool) {
        let child = relative.isEmpty ? name : relative + "/" + name
        let action = decide(child, true)
        if action == .keep { return ([], false) }
        if action == .descend {
            let handle = FolderHandle(name, in: folder)
            if let known, let stamp = known.stamps[child] {
                var status = stat()
                if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFDIR,
                   stamp.matches(status) {
                    return (try sweep(handle, relative: child, listed: known.children[child] ?? [], stamp: stamp,
                                      jobs: jobs, known: known, decide), false)
                }
            }
            return (try sweep(handle, relative: child, listed: nil, stamp: nil, jobs: jobs, known: known, decide), false)
        }
        let descriptor = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        try removeContents(of: descriptor)
        guard unlinkat(folder, name, AT_REMOVEDIR) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return ([], true)
    }

    /// The names in the open folder (without `.` and `..`) with their `d_type`.
    private static func entries(of folder: Int32) throws -> [(String, UInt8)] {
        do {
            return try FolderListing.entries(ofOpenFolder: folder).map { ($0.name, $0.type) }
        } catch {
            throw POSIXError(POSIXErrorCode(rawValue: error.code) ?? .EIO)
        }
    }

    /// Removes a folder and everything in it, without following symbolic links.
    static func removeTree(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        try removeContents(of: descriptor)
        close(descriptor)
        if rmdir(path) != 0, errno != ENOENT { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Empties the folder open at `folder` (closed by the caller).
    private static func removeContents(of folder: Int32) throws {
        let names = try entries(of: folder).map { ($0.0, $0.1 == UInt8(DT_DIR)) }
        for (name, isFolder) in names {
            if !isFolder, unlinkat(folder, name, 0) == 0 { continue }
            // A folder (or an entry whose type readdir did not tell).
            let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                try removeContents(of: child)
                close(child)
                guard unlinkat(folder, name, AT_REMOVEDIR) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } else if unlinkat(folder, name, 0) != 0 {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
    }
}
