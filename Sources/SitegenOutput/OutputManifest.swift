package import Foundation
import SitegenCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a build wrote into its output tree: every file with a hash of its bytes, every folder, each with the
/// identity and change time (`ctime`) it had when the build finished. Kept beside the tree (never inside it, so it
/// is not deployed) and used by the build that reuses the tree two builds later:
/// - a folder whose inode and `ctime` are unchanged has exactly the entries the manifest lists (adding, removing or
///   renaming an entry changes a folder's `ctime`), so the stale-file sweep need not list it;
/// - a file whose inode, size and `ctime` are unchanged holds exactly the bytes that were hashed (any write changes
///   `ctime`, which, unlike `mtime`, cannot be set back), so a page with the same hash is left alone without
///   reading the old page back.
///
/// Measured on 50,000 generated articles: listing every article folder was 0.54 s of a 6 s rebuild, and reading
/// back the 800 MB of unchanged pages read up to 470 MB from disk when the page cache had dropped them.
///
/// Every entry stands on its own: one that does not match the file system is ignored (the folder is listed, the
/// page compared byte by byte), so a manifest that is missing, damaged or left from another tree costs time, never
/// correctness.
package struct OutputManifest: Sendable, Equatable {
    /// A file system object as last seen: device, inode and change time.
    package struct Stamp: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
        var changeSeconds: Int64
        var changeNanoseconds: Int64

        init(device: UInt64, inode: UInt64, changeSeconds: Int64, changeNanoseconds: Int64) {
            self.device = device
            self.inode = inode
            self.changeSeconds = changeSeconds
            self.changeNanoseconds = changeNanoseconds
        }

        package init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            changeSeconds = Int64(status.st_ctim.tv_sec)
            changeNanoseconds = Int64(status.st_ctim.tv_nsec)
        }

        /// Whether this stamp is usable: a change time too close to the end of the build is not (see `settled`).
        var isKnown: Bool { changeSeconds != 0 || changeNanoseconds != 0 }

        /// Whether the object is the one stamped and unchanged since.
        func matches(_ status: stat) -> Bool { isKnown && Stamp(status) == self }
    }

    package struct FileEntry: Sendable, Hashable {
        var stamp: Stamp
        var size: Int
        var hash: UInt64
    }

    /// Output-relative path → entry.
    var files: [String: FileEntry] = [:]
    /// Output-relative folder path (the top folder is not listed: it is renamed by every build) → stamp.
    package var folders: [String: Stamp] = [:]

    package init(files: [String: FileEntry] = [:], folders: [String: Stamp] = [:]) {
        self.files = files
        self.folders = folders
    }

    /// The file and folder names directly in each listed folder, and whether each is a folder.
    func children() -> [String: [(name: String, isFolder: Bool)]] {
        var children: [String: [(name: String, isFolder: Bool)]] = [:]
        children.reserveCapacity(folders.count)
        func add(_ path: String, isFolder: Bool) {
            let parent = OutputFolder.parent(of: path)
            guard folders[parent] != nil, let name = path.lastSlashSeparatedPart else { return }
            children[parent, default: []].append((String(name), isFolder))
        }
        for path in files.keys { add(path, isFolder: false) }
        for path in folders.keys { add(path, isFolder: true) }
        return children
    }

    /// Marks unknown every stamp whose change time is within `margin` seconds of `now` (or later).
    ///
    /// File systems stamp changes with a coarse clock (a few milliseconds on Linux): a change made right after the
    /// build, in the same tick as the build's last write, would leave the change time as it was recorded. A stamp
    /// recorded at least `margin` before the build ended cannot be matched by a later change.
    mutating func settle(now: timespec = Self.now(), margin: Double = 0.05) {
        let limit = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 - margin
        func settled(_ stamp: Stamp) -> Stamp {
            guard Double(stamp.changeSeconds) + Double(stamp.changeNanoseconds) / 1e9 >= limit else { return stamp }
            var unknown = stamp
            unknown.changeSeconds = 0
            unknown.changeNanoseconds = 0
            return unknown
        }
        for (path, entry) in files {
            let stamp = settled(entry.stamp)
            if stamp != entry.stamp { files[path]?.stamp = stamp }
        }
        for (path, stamp) in folders {
            let settledStamp = settled(stamp)
            if settledStamp != stamp { folders[path] = settledStamp }
        }
    }

    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    // MARK: File format

    /// First line of a manifest file; a file without it (or of another version) is ignored.
    static let header = Array("sitegen output manifest 1\n".utf8)

    /// The manifest as bytes: the header, then per entry a kind byte (0 file, 1 folder), the path's length
    /// (4 bytes) and bytes, and six 8-byte numbers (device, inode, change seconds, change nanoseconds, size, hash),
    /// little-endian.
    func encoded() -> [UInt8] {
        // The exact size first, then every field stored in place: appending each number as a buffer of 8 bytes
        // was most of the serial time at the end of a build of 50,000 articles.
        var total = Self.header.count + (files.count + folders.count) * (1 + 4 + 48)
        for path in files.keys { total += path.utf8.count }
        for path in folders.keys { total += path.utf8.count }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            for byte in Self.header {
                raw[offset] = byte
                offset += 1
            }
            func store(_ value: UInt64) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            func store(_ kind: UInt8, _ path: String, _ stamp: Stamp, size: Int, hash: UInt64) {
                raw[offset] = kind
                var path = path
                let length = path.withUTF8 { utf8 in
                    raw.storeBytes(of: UInt32(utf8.count).littleEndian, toByteOffset: offset + 1, as: UInt32.self)
                    UnsafeMutableRawBufferPointer(rebasing: raw[(offset + 5)...]).copyMemory(from: UnsafeRawBufferPointer(utf8))
                    return utf8.count
                }
                offset += 5 + length
                store(stamp.device)
                store(stamp.inode)
                store(UInt64(bitPattern: stamp.changeSeconds))
                store(UInt64(bitPattern: stamp.changeNanoseconds))
                store(UInt64(size))
                store(hash)
            }
            // In the dictionaries' order: sorting 100,000 paths cost more than writing them.
            for (path, entry) in files { store(0, path, entry.stamp, size: entry.size, hash: entry.hash) }
            for (path, stamp) in folders { store(1, path, stamp, size: 0, hash: 0) }
            precondition(offset == total, "the manifest's size was worked out beforehand")
            count = offset
        }
    }

    /// The manifest in `bytes`, or nil when they are not a whole manifest of this version.
    init?(decoding bytes: [UInt8]) {
        guard bytes.count >= Self.header.count, bytes.prefix(Self.header.count).elementsEqual(Self.header) else { return nil }
        let parsed: Bool = bytes.withUnsafeBytes { buffer in
            var offset = Self.header.count
            func number() -> UInt64 {
                defer { offset += 8 }
                return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            while offset < buffer.count {
                guard buffer.count - offset >= 5 else { return false }
                let kind = buffer[offset]
                let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
                offset += 5
                guard kind <= 1, length > 0, buffer.count - offset >= length + 48 else { return false }
                let path = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)]), as: UTF8.self)
                offset += length
                let stamp = Stamp(device: number(), inode: number(), changeSeconds: Int64(bitPattern: number()),
                                  changeNanoseconds: Int64(bitPattern: number()))
                let size = Int(truncatingIfNeeded: number())
                let hash = number()
                if kind == 0 {
                    files[path] = FileEntry(stamp: stamp, size: size, hash: hash)
                } else {
                    folders[path] = stamp
                }
            }
            return true
        }
        guard parsed else { return nil }
    }

    /// The manifest in the file at `path`, or nil when there is none or it is not a manifest.
    static func read(_ path: String) -> OutputManifest? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return OutputManifest(decoding: [UInt8](data))
    }

    /// Writes the manifest to `path` through a temporary file, so that a reader never sees half of it.
    func write(to path: String) throws {
        let temporary = path + ".tmp"
        try Data(encoded()).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}

/// A 64-bit hash of a file's bytes, for `OutputManifest`.
///
/// Written by hand: none of the packages this project may use has a fast hash that is the same from one process
/// to the next (Swift's `Hasher` is seeded per process, and a cryptographic hash costs several times the byte
/// comparison it replaces). This is the multiply-and-fold scheme of wyhash: 16 bytes per 64×64→128-bit multiply.
/// It guards against accidental change (a page rebuilt with other bytes), not against an adversary.
package enum ContentHash {
    fileprivate static let secret0: UInt64 = 0xa076_1d64_78bd_642f
    fileprivate static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
    fileprivate static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3

    @inline(__always)
    fileprivate static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    static func of(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        let count = buffer.count
        var seed = secret0 ^ UInt64(count)
        var offset = 0
        while count - offset >= 16 {
            let a = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let b = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            seed = fold(a ^ secret1, b ^ seed)
            offset += 16
        }
        // The last 0 to 15 bytes, zero-padded; the length is in the seed, so padding cannot collide with zeros.
        var tail: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &tail) { tailBytes in
            tailBytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset...]))
        }
        let a = UInt64(littleEndian: tail.0)
        let b = UInt64(littleEndian: tail.1)
        return fold(secret1 ^ UInt64(count), fold(a ^ secret1, b ^ seed ^ secret2))
    }
}

extension ContentHash {
    /// `ContentHash.of` over bytes that come in pieces (a file read in chunks): every piece but the last must be a
    /// multiple of 16 bytes long.
    package struct Streaming {
        private var seed: UInt64
        private let count: Int
        private var tail: [UInt8] = []

        package init(count: Int) {
            self.count = count
            seed = ContentHash.secret0 ^ UInt64(count)
        }

        package mutating func update(_ buffer: UnsafeRawBufferPointer) {
            precondition(tail.isEmpty, "only the last piece may have a length that is not a multiple of 16")
            var offset = 0
            while buffer.count - offset >= 16 {
                let a = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let b = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                seed = ContentHash.fold(a ^ ContentHash.secret1, b ^ seed)
                offset += 16
            }
            tail = Array(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
        }

        package func finish() -> UInt64 {
            var last: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &last) { bytes in
                tail.withUnsafeBytes { bytes.copyMemory(from: $0) }
            }
            let a = UInt64(littleEndian: last.0)
            let b = UInt64(littleEndian: last.1)
            return ContentHash.fold(ContentHash.secret1 ^ UInt64(count),
                                    ContentHash.fold(a ^ ContentHash.secret1, b ^ seed ^ ContentHash.secret2))
        }
    }
}

/// The reused tree's manifest as the render stage uses it: its files, and its folders for the sweep.
package struct PreviousManifest: Sendable {
    package var files: [String: OutputManifest.FileEntry]
    package var folders: FastFiles.KnownFolders

    /// The manifest at `path`, or nil when there is none (or it is damaged).
    package static func load(_ path: String) -> PreviousManifest? {
        guard let manifest = OutputManifest.read(path) else { return nil }
        return PreviousManifest(files: manifest.files, folders: FastFiles.KnownFolders(manifest))
    }
}

/// The manifest of the build under way, filled in from the threads that write its files.
package final class ManifestRecorder: Sendable {
    private let state: Mutex<(files: [String: OutputManifest.FileEntry], touched: Set<String>)>

    /// `capacity`: the number of files the build writes (growing the table was 0.7% of a 50,000-article build).
    package init(capacity: Int = 0) {
        var files: [String: OutputManifest.FileEntry] = [:]
        files.reserveCapacity(capacity)
        state = Mutex((files, []))
    }

    /// Notes a file as written (or found up to date) with its stamp after the write.
    func record(_ relativePath: String, _ entry: OutputManifest.FileEntry) {
        state.withLock { $0.files[relativePath] = entry }
    }

    /// Notes that entries were added to or removed from `folder` (relative path; "" is the top folder).
    func touch(folder: String) {
        state.withLock { _ = $0.touched.insert(folder) }
    }

    func touch(folders: some Sequence<String>) {
        state.withLock { $0.touched.formUnion(folders) }
    }

    package var files: [String: OutputManifest.FileEntry] { state.withLock { $0.files } }
    package var touched: Set<String> { state.withLock { $0.touched } }
}
