#if canImport(Glibc)
import Glibc
import CFolderEntries
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists folders with `getdents64` on Linux (`readdir` elsewhere), whose entry type spares a `stat` per file.
///
/// Written against the system because `FileManager`'s listing was most of the time of walking a 10,000-article
/// content folder and of sweeping the output tree of the same size; on Linux without `readdir`'s stream, which
/// costs five more system calls per folder (see `CFolderEntries`).
public enum FolderListing {
    /// One entry: its name and `readdir`'s `d_type` (`DT_REG`, `DT_DIR`, `DT_LNK`, ... or `DT_UNKNOWN` when the
    /// file system does not say, in which case the caller must `lstat` it).
    public struct Entry: Sendable {
        public var name: String
        public var type: UInt8
    }

    /// The entries of the folder open at `descriptor` (which stays open; a folder opened for this is listed from
    /// its start), without `.` and `..`, in no set order. The error is `errno`.
    public static func entries(ofOpenFolder descriptor: Int32) throws(FolderListingError) -> [Entry] {
        #if os(Linux)
        let size = 32 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        var entries: [Entry] = []
        while true {
            let filled = sitegen_read_folder_entries(descriptor, buffer, UInt(size))
            if filled < 0 {
                if errno == EINTR { continue }
                throw FolderListingError(code: errno)
            }
            if filled == 0 { return entries }
            var offset = 0
            var entry = sitegen_folder_entry()
            while offset < filled {
                offset = sitegen_folder_entry_at(buffer, offset, &entry)
                let name = entry.name!
                // `.` and `..`.
                if name[0] == 0x2E, name[1] == 0 || (name[1] == 0x2E && name[2] == 0) { continue }
                entries.append(Entry(name: String(cString: name), type: entry.type))
            }
        }
        #else
        let copy = dup(descriptor)
        guard copy >= 0 else { throw FolderListingError(code: errno) }
        guard let stream = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw FolderListingError(code: code)
        }
        defer { closedir(stream) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw FolderListingError(code: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, type: entry.pointee.d_type))
        }
        return entries
        #endif
    }

    /// The entries of the folder at `path` (symbolic links to folders are not followed).
    public static func entries(atPath path: String) throws(FolderListingError) -> [Entry] {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw FolderListingError(code: errno) }
        defer { close(descriptor) }
        return try entries(ofOpenFolder: descriptor)
    }
}

/// A folder that could not be listed: the `errno` and its text.
public struct FolderListingError: Error, Sendable, CustomStringConvertible {
    public var code: Int32

    public init(code: Int32) { self.code = code }

    /// The system's text for the error (`Permission denied`).
    public var description: String { String(cString: strerror(code)) }
}
