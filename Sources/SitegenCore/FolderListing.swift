#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists folders with `readdir`, whose entry type spares a `stat` per file.
///
/// Written against the system because `FileManager`'s listing was most of the time of walking a 10,000-article
/// content folder and of sweeping the output tree of the same size.
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
            // The name is read where it is, up to its NUL: `d_name` is declared as 256 bytes, but a record is only
            // as long as its name, so copying the field reads past the end of the last record of the buffer.
            let name = String(cString: (UnsafeRawPointer(entry) + Self.nameOffset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, type: entry.pointee.d_type))
        }
        return entries
    }

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

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
