import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SitegenCore
import Synchronization

/// The output folder and its staging twin: a build writes into `.<name>.sitegen-staging` beside the output
/// folder and swaps it in only when it succeeded, so a failed or interrupted build leaves the old site as it was.
/// A marker file tells output folders sitegen created from anyone else's; sitegen never replaces or deletes the
/// others. The staging and previous folders' names are sitegen's own: whatever is there is cleared.
package struct OutputFolder {
    /// Name of the marker file written at the top of every output folder sitegen creates.
    package static let markerName = ".sitegen-output"

    package let target: String
    package let staging: String
    package let retired: String
    /// The manifests (`OutputManifest`) of the output folder's tree and of the previous one, beside them.
    let manifest: String
    package let retiredManifest: String
    /// The lock file (`OutputLock`), beside the output folder.
    package let lockFile: String
    private let manager = FileManager.default

    package init(target: String) {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        self.target = url.path
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        self.staging = parent + "/." + name + ".sitegen-staging"
        self.retired = parent + "/." + name + ".sitegen-previous"
        self.manifest = parent + "/." + name + ".sitegen-manifest"
        self.retiredManifest = parent + "/." + name + ".sitegen-previous-manifest"
        self.lockFile = parent + "/." + name + ".sitegen-lock"
    }

    /// Why the output folder may not be used, or nil when it may. (The staging and previous folders beside it
    /// are sitegen's own names: `prepareStaging` clears whatever is there, under the output lock.)
    package func refusal(protecting protected: [(role: String, path: String)]) -> String? {
        for (role, path) in protected {
            let other = URL(fileURLWithPath: path).standardizedFileURL.path
            if other == target || other.hasPrefix(target + "/") || target == "/" {
                return "the output folder '\(target)' is or contains the \(role) ('\(other)'); choose another output folder"
            }
            if role != "site root", target.hasPrefix(other + "/") {
                return "the output folder '\(target)' is inside the \(role) ('\(other)'); choose another output folder"
            }
        }
        switch Self.kind(of: target) {
        case .none: return nil
        case .link:
            return "'\(target)' is a symbolic link; sitegen will not replace it. Name the folder itself as the output folder"
        case .other: return "'\(target)' exists and is not a folder; sitegen will not replace it"
        case .folder:
            let entries = (try? manager.contentsOfDirectory(atPath: target)) ?? []
            if entries.isEmpty || entries.contains(Self.markerName) { return nil }
            return "'\(target)' was not created by sitegen (it has no \(Self.markerName) file); "
                + "sitegen will not replace it. Move it away or choose another output folder"
        }
    }

    /// What is at a path, without following a symbolic link.
    enum EntryKind { case none, folder, link, other }

    static func kind(of path: String) -> EntryKind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .none }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Removes whatever is at `path` (a folder with everything in it), never following a symbolic link.
    static func removeEntry(_ path: String) throws {
        switch kind(of: path) {
        case .none: return
        case .folder: try FastFiles.removeTree(path)
        case .link, .other:
            guard unlink(path) == 0 || errno == ENOENT else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }

    /// Whether `path` is a folder (not a link to one) with the sitegen marker.
    static func isSitegenTree(_ path: String) -> Bool {
        kind(of: path) == .folder && kind(of: path + "/" + markerName) == .other
    }

    /// Prepares the staging folder with the marker; runs under the output lock (`OutputLock`), so whatever is at
    /// the staging path is left by a build that died. The previous build's tree (kept as `.<name>.sitegen-previous`
    /// by the last swap) becomes the staging folder when it exists: the new files overwrite its files in place,
    /// which on ext4 costs far less than creating every file anew, and `removeStale` deletes what the new build
    /// will not write. The entries of `keep` (output-relative paths) a swap that was cut short left in either
    /// folder are first put back into the output folder.
    package func prepareStaging(keep: [String] = []) throws {
        try rescue(keep, from: staging)
        try rescue(keep, from: retired)
        try Self.removeEntry(staging)
        if Self.isSitegenTree(retired), rename(retired, staging) == 0 { return }
        try Self.removeEntry(retired)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try Data("This folder was generated by sitegen and is replaced by each build.\n".utf8)
            .write(to: URL(fileURLWithPath: staging + "/" + Self.markerName))
    }

    /// Moves the entries of `keep` found in `folder` (one of sitegen's trees) into the output folder where it lacks
    /// them: they are the user's, and were on their way through a swap when a build died.
    private func rescue(_ keep: [String], from folder: String) throws {
        guard !keep.isEmpty, Self.kind(of: folder) == .folder else { return }
        for path in keep where Self.kind(path, in: folder) != .none && Self.kind(path, in: target) == .none {
            if Self.kind(of: target) == .none {
                try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                try Data("This folder was generated by sitegen and is replaced by each build.\n".utf8)
                    .write(to: URL(fileURLWithPath: target + "/" + Self.markerName))
            }
            try Self.move(path, from: folder, to: target)
        }
    }

    // Kept paths are walked one folder at a time with O_NOFOLLOW (and moved with `renameat` between the open
    // folders): a kept path such as `deploy/notes.txt`, with `deploy` a symbolic link to `/etc` (a checkout can
    // bring one), must never reach outside the output folder, or a build would move a system file into the site.

    /// What is at the output-relative `path` under `root`, following no symbolic link on the way: `.none` when a
    /// folder on the way is a link or is missing.
    static func kind(_ path: String, in root: String) -> EntryKind {
        let components = path.split(separator: "/")
        guard let name = components.last, let folder = openFolder(root, components.dropLast(), create: false) else { return .none }
        defer { close(folder) }
        var status = stat()
        guard fstatat(folder, String(name), &status, AT_SYMLINK_NOFOLLOW) == 0 else { return .none }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Opens the folder `components` under `root`, never through a symbolic link; with `create`, makes the
    /// folders that are missing. Nil when it cannot.
    private static func openFolder(_ root: String, _ components: ArraySlice<Substring>, create: Bool) -> Int32? {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(root, flags)
        guard descriptor >= 0 else { return nil }
        for component in components {
            let name = String(component)
            var next = openat(descriptor, name, flags)
            if next < 0, errno == ENOENT, create, mkdirat(descriptor, name, 0o755) == 0 || errno == EEXIST {
                next = openat(descriptor, name, flags)
            }
            close(descriptor)
            guard next >= 0 else { return nil }
            descriptor = next
        }
        return descriptor
    }

    /// Renames `folder/path` to `destination/path`, creating the folders it needs, through no symbolic link.
    private static func move(_ path: String, from folder: String, to destination: String) throws {
        let components = path.split(separator: "/")
        guard let name = components.last.map(String.init) else { return }
        guard let source = openFolder(folder, components.dropLast(), create: false) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        defer { close(source) }
        guard let target = openFolder(destination, components.dropLast(), create: true) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        defer { close(target) }
        guard renameat(source, name, target, name) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Deletes the files and folders of the staging folder that this build will not write (left from the reused
    /// previous tree), so the result holds exactly the new site, and returns the folders the new files need that
    /// are there already (relative paths), which then need no `mkdir`. Runs before the pages are written: the
    /// listing that finds stale files also tells which folders exist. `folders`: those of `files`
    /// (`folders(of:)`).
    /// `known`: the folders the manifest of the reused tree lists, which need no listing while unchanged.
    /// Returns each folder walked into with its stamp, when nothing was removed from it.
    package func removeStale(keeping files: Set<String>, folders: Set<String>, known: FastFiles.KnownFolders? = nil,
                     jobs: Int = 1) throws -> [String: OutputManifest.Stamp?] {
        let walked = try FastFiles.sweep(staging, jobs: jobs, known: known) { [folders] relative, isFolder in
            if relative == Self.markerName { return .keep }
            if isFolder { return folders.contains(relative) ? .descend : .remove }
            return files.contains(relative) ? .keep : .remove
        }
        var existing: [String: OutputManifest.Stamp?] = [:]
        existing.reserveCapacity(walked.count)
        for folder in walked where !folder.path.isEmpty { existing[folder.path] = folder.stamp }
        return existing
    }

    /// The folders (relative paths, without the top folder "") that hold `files`.
    package static func folders(of files: some Sequence<String>) -> Set<String> {
        var folders: Set<String> = []
        for path in files {
            var folder = Substring(path)
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return folders
    }

    /// The folder holding an output-relative path ("" for the top folder).
    static func parent(of relativePath: String) -> String {
        guard let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(relativePath[..<slash])
    }

    /// The absolute staging path for an output-relative path, or nil when it would leave the staging folder.
    package func stagingPath(for relative: String) -> String? {
        // On bytes: splitting by Characters costs far more, and this runs for every file.
        let utf8 = relative.utf8
        guard let first = utf8.first, first != UInt8(ascii: "/"), utf8.last != UInt8(ascii: "/"),
              !SitePath.hasDotSegment(Substring(relative).utf8, countingEmpty: true)
        else { return nil }
        return staging + "/" + relative
    }

    /// Puts the staging folder in place of the output folder; `newManifest` describes the staging folder's tree.
    /// Each manifest moves with its tree. The entries of `keep` (output-relative paths) in the output folder that
    /// the new tree does not have are moved into it first, so they stay in the output folder.
    ///
    /// With an output folder already there, the two folders are exchanged in one step (`renameat2` with
    /// `RENAME_EXCHANGE` on Linux): at every moment the output path holds the old tree or the new one. Where that
    /// is not available (another system, or a file system that refuses it), the output folder is renamed away and
    /// the staging folder renamed in: a build killed between the two renames leaves no output folder, and the next
    /// build makes it.
    package func commit(manifest newManifest: OutputManifest? = nil, keep: [String] = []) throws {
        unlink(retiredManifest)
        try Self.removeEntry(retired)
        let hadOutput = Self.kind(of: target) == .folder
        var moved: [String] = []
        do {
            if hadOutput {
                for path in keep where Self.kind(path, in: target) != .none && Self.kind(path, in: staging) == .none {
                    try Self.move(path, from: target, to: staging)
                    moved.append(path)
                }
                switch Self.exchange(staging, target) {
                case 0:
                    // The old tree is at the staging path now; it stays as `retired` for the next build to reuse.
                    // If this rename fails, the next build removes it: nothing is lost but time.
                    _ = rename(staging, retired)
                case EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP, EXDEV:
                    try manager.moveItem(atPath: target, toPath: retired)
                    do {
                        try manager.moveItem(atPath: staging, toPath: target)
                    } catch {
                        try? manager.moveItem(atPath: retired, toPath: target)
                        throw error
                    }
                case let code:
                    throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
                }
            } else {
                try manager.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                                            withIntermediateDirectories: true)
                try manager.moveItem(atPath: staging, toPath: target)
            }
        } catch {
            // The output folder is the old one: its kept entries go back.
            for path in moved { try? Self.move(path, from: staging, to: target) }
            throw error
        }
        // The old tree stays as `retired`: the next build reuses it as its staging folder.
        if hadOutput { rename(manifest, retiredManifest) }
        // The manifest only saves time: a build that cannot write it has still succeeded.
        if var newManifest {
            newManifest.settle()
            do { try newManifest.write(to: manifest) } catch { unlink(manifest) }
        } else {
            unlink(manifest)
        }
    }

    /// Exchanges two existing paths in one step; 0, or the `errno` of the failure (`ENOSYS` where the system has
    /// no such call).
    static func exchange(_ first: String, _ second: String) -> Int32 {
        #if os(Linux)
        guard let renameat2 = Self.renameat2 else { return ENOSYS }
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */) == 0 ? 0 : errno
        #else
        return ENOSYS
        #endif
    }

    #if os(Linux)
    /// glibc's `renameat2` (2.28 and later), looked up at run time: Swift's Glibc module does not export it (it is
    /// declared only with `_GNU_SOURCE`), and `syscall` is variadic, which Swift cannot call.
    private static let renameat2: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }()
    #endif

    /// Removes the staging folder after a failed build (under the output lock); any entry of `keep` still in it
    /// goes back to the output folder first.
    package func discard(keep: [String] = []) {
        do { try rescue(keep, from: staging) } catch { return }
        try? Self.removeEntry(staging)
    }

    /// The entries of the output folder that no sitegen build wrote (relative paths, a folder's ending with `/`,
    /// sorted), other than the marker, the entries of `keep` and what lies under them: what the new tree will not
    /// have. A file counts as written when the output folder's manifest lists it, or when this build writes it
    /// (`files`, in `folders`): without a manifest, a file an earlier build wrote and this one does not is counted
    /// too. Folders the manifest knows unchanged are not listed (see `FastFiles.sweep`); nothing is removed.
    package func foreignEntries(files: Set<String>, folders: Set<String>, keep: [String]) -> [String] {
        guard Self.kind(of: target) == .folder else { return [] }
        let manifest = OutputManifest.read(self.manifest)
        let knownFiles = manifest.map { Set($0.files.keys) } ?? []
        let knownFolders = Set(manifest?.folders.keys.map { $0 } ?? [])
        let keptFolders = Self.folders(of: keep)
        let found = FoundEntries()
        _ = try? FastFiles.sweep(target, known: manifest.map(FastFiles.KnownFolders.init)) { relative, isFolder in
            if relative == Self.markerName || Self.isKept(relative, keep) { return .keep }
            if isFolder {
                if folders.contains(relative) || knownFolders.contains(relative) || keptFolders.contains(relative) {
                    return .descend
                }
                found.add(relative + "/")
            } else if !files.contains(relative), !knownFiles.contains(relative) {
                found.add(relative)
            }
            return .keep
        }
        return found.sorted
    }

    /// Whether an output-relative path is an entry of `keep` or inside one.
    package static func isKept(_ relative: String, _ keep: [String]) -> Bool {
        keep.contains { relative == $0 || (relative.hasPrefix($0) && relative.utf8.dropFirst($0.utf8.count).first == UInt8(ascii: "/")) }
    }
}

/// The paths `OutputFolder.foreignEntries` finds, from the sweep's threads.
private final class FoundEntries: Sendable {
    private let paths = Mutex<[String]>([])

    func add(_ path: String) { paths.withLock { $0.append(path) } }

    var sorted: [String] { paths.withLock { $0 }.sorted() }
}
