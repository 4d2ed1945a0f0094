import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written at a path the user named (`--report json=PATH`), outside any folder sitegen owns. What is at the
/// path decides how it is written, so that nothing but the file itself is ever changed, even when the path comes
/// from a site's repository and sitegen runs as root:
/// - nothing, or a regular file: a new file is written beside it and renamed over it, so a reader never sees half
///   of it;
/// - a character device or a FIFO (`/dev/null`, a named pipe): written through, never replaced (git cannot put
///   one in a checkout, so one there was made on purpose);
/// - a symbolic link: refused, never written through nor replaced (a checkout can bring one pointing at any file);
/// - a folder, a block device or a socket: refused.
/// `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` (links on Linux) name the process's own streams and are written to
/// them.
package enum FileDestination {
    /// Where a named path leads.
    package enum Stream: Equatable, Sendable {
        case standardOutput
        case standardError
        /// Another open descriptor (`/dev/fd/63` from the shell's `>(command)`).
        case descriptor(Int32)
    }

    /// Why a file was not written: a message that completes "cannot write '<path>': ".
    package struct Failure: Error, Equatable {
        package let reason: String
    }

    /// The stream `path` names, if it names one of the process's own: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
    /// `/proc/self/fd/N`.
    package static func stream(named path: String) -> Stream? {
        switch path {
        case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1": return .standardOutput
        case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2": return .standardError
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                let digits = path.dropFirst(prefix.count)
                if !digits.isEmpty, digits.count < 10, digits.allSatisfy(\.isASCII), let number = Int32(digits), number >= 0 {
                    return .descriptor(number)
                }
            }
            return nil
        }
    }

    /// Writes `bytes` to the file at `path` as described above.
    package static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw Failure(reason: String(cString: strerror(errno))) }
            try replace(path, with: bytes, mode: nil)
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            try replace(path, with: bytes, mode: status.st_mode & 0o7777)
        case S_IFCHR, S_IFIFO:
            try writeThrough(path, bytes)
        case S_IFLNK:
            throw Failure(reason: "it is a symbolic link, which sitegen neither writes through nor replaces; name the file itself")
        case S_IFDIR:
            throw Failure(reason: "it is a folder")
        case S_IFBLK:
            throw Failure(reason: "it is a block device")
        default:
            throw Failure(reason: "it is not a regular file")
        }
    }

    /// Writes all of `bytes` to an open descriptor.
    package static func write(_ bytes: [UInt8], toDescriptor descriptor: Int32) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Writes a new file beside `path` and renames it over `path`.
    private static func replace(_ path: String, with bytes: [UInt8], mode: mode_t?) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        // A fresh name opened with O_EXCL | O_NOFOLLOW: nothing already there (a link) is ever opened.
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 {
            temporary = folder + "/." + url.lastPathComponent + ".sitegen-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        do {
            defer { close(descriptor) }
            if let mode { _ = fchmod(descriptor, mode) }
            try write(bytes, toDescriptor: descriptor)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(reason: reason)
        }
    }

    /// Writes into the device or FIFO at `path` (a FIFO's open waits for a reader).
    private static func writeThrough(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // What was opened is checked, not only what was looked at before.
        var status = stat()
        guard fstat(descriptor, &status) == 0, [S_IFCHR, S_IFIFO].contains(status.st_mode & S_IFMT) else {
            throw Failure(reason: "it is not a regular file")
        }
        try write(bytes, toDescriptor: descriptor)
    }
}

/// `write(2)`, named apart from `FileDestination.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
