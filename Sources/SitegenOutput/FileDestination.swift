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

    /// Writes all of `bytes` to an open descriptor.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, toDescriptor descriptor: Int32) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// A file at a path the user named, written as described above, a chunk at a time: a large report
    /// goes to its file as it is made (`ByteChunks`). A regular file is written to a new file beside the path, renamed
    /// over it by `finish`, so a reader never sees part of it; a device or FIFO is written through; a path naming one of
    /// the process's own streams (`stream(named:)`) is written to that stream.
    package final class Writer {
        private let descriptor: Int32
        /// Whether `finish` closes the descriptor (not the process's own streams).
        private let closes: Bool
        /// The new file `finish` renames to `path`, for a regular file.
        private let temporary: Temporary?
        private let path: String
        /// The first write that failed: the rest are not attempted, and `finish` reports it.
        private var failure: Failure?
        private var finished = false

        /// Where an unnamed file is named from at `finish` (its descriptor's entry); another folder only in tests,
        /// which make the naming fail.
        private let descriptorFolder: String

        /// Opens `path` for writing, or says why it cannot be written (a symbolic link, a folder...).
        package init(_ path: String, descriptorFolder: String = "/proc/self/fd") throws(Failure) {
            self.path = path
            self.descriptorFolder = descriptorFolder
            if let stream = FileDestination.stream(named: path) {
                switch stream {
                case .standardOutput: descriptor = STDOUT_FILENO
                case .standardError: descriptor = STDERR_FILENO
                case .descriptor(let number): descriptor = number
                }
                (closes, temporary) = (false, nil)
                return
            }
            var status = stat()
            if lstat(path, &status) != 0 {
                guard errno == ENOENT else { throw Failure(reason: String(cString: strerror(errno))) }
                (descriptor, temporary) = try Self.openTemporary(beside: path, mode: nil)
                closes = true
                return
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                (descriptor, temporary) = try Self.openTemporary(beside: path, mode: status.st_mode & 0o7777)
                closes = true
            case S_IFCHR, S_IFIFO:
                descriptor = try Self.openThrough(path)
                (closes, temporary) = (true, nil)
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

        /// A regular file's new content until `finish`.
        private enum Temporary {
            /// A file without a name in the path's folder (Linux's `O_TMPFILE`), given one by `finish` just before it
            /// is renamed over the path: a process killed while writing a large report leaves nothing beside it.
            case unnamed
            /// A named file beside the path, where the file system cannot make one without a name.
            case named(String)
        }

        /// Whether the new file has no name until `finish` (for tests).
        package var writesUnnamed: Bool {
            if case .unnamed? = temporary { true } else { false }
        }

        deinit {
            // Not finished (the caller gave up): nothing replaces the file.
            if !finished { abandon() }
        }

        /// Writes the next bytes. A failure is kept for `finish`, which throws it; later writes are skipped.
        package func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard failure == nil, !finished else { return }
            do throws(Failure) {
                try FileDestination.write(bytes, toDescriptor: descriptor)
            } catch {
                failure = error
            }
        }

        /// Completes the file: renames the new file over the path, or, after a failed write, removes it and throws.
        package func finish() throws(Failure) {
            guard !finished else { return }
            if let failure {
                abandon()
                throw failure
            }
            finished = true
            var named: String?
            switch temporary {
            case .unnamed?:
                // linkat cannot replace a file: the new one gets a fresh name, renamed over the path at once. Where
                // it cannot be named (a /proc that refuses), its bytes are copied into a named file instead.
                do throws(Failure) {
                    named = try Self.link(descriptor, through: descriptorFolder, beside: path)
                } catch {
                    do throws(Failure) {
                        named = try Self.copyIntoNamedFile(descriptor, beside: path)
                    } catch {
                        close(descriptor)
                        throw error
                    }
                }
            case .named(let name)?:
                named = name
            case nil:
                break
            }
            if closes { close(descriptor) }
            guard let named else { return }
            guard rename(named, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(named)
                throw Failure(reason: reason)
            }
        }

        private func abandon() {
            finished = true
            if closes { close(descriptor) }
            // An unnamed file goes with its descriptor.
            if case .named(let name)? = temporary { unlink(name) }
        }

        /// The process's umask, from `/proc/self/status` (`umask(2)` reads it only by changing it, which files
        /// other threads create meanwhile would see); nil where it cannot be read, and a new file is then named.
        private static let processUmask: mode_t? = {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
                  let value = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
            else { return nil }
            return value
        }()

        /// Linux's `O_TMPFILE` (`<fcntl.h>` defines it as a macro Swift does not import): `__O_TMPFILE`, the same
        /// value on every architecture Swift runs on, with `O_DIRECTORY`, which differs between them.
        private static let unnamedFileFlag: Int32 = 0o20000000 | O_DIRECTORY

        /// A fresh name for a new file beside `path` (a dot file that says whose it is).
        private static func freshName(beside path: String) -> String {
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".sitegen-"
                + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        }

        /// Gives the unnamed file open at `descriptor` a fresh name beside `path`, through `/proc/self/fd` (which
        /// needs no privilege, unlike `AT_EMPTY_PATH`).
        private static func link(_ descriptor: Int32, through folder: String, beside path: String) throws(Failure) -> String {
            for _ in 0..<16 {
                let name = freshName(beside: path)
                if linkat(AT_FDCWD, "\(folder)/\(descriptor)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 { return name }
                if errno != EEXIST { break }
            }
            throw Failure(reason: String(cString: strerror(errno)))
        }

        /// The bytes of the unnamed file open at `descriptor`, copied into a new named file beside `path`.
        private static func copyIntoNamedFile(_ descriptor: Int32, beside path: String) throws(Failure) -> String {
            let (copy, name) = try openNamed(beside: path)
            defer { close(copy) }
            var status = stat()
            if fstat(descriptor, &status) == 0 { _ = fchmod(copy, status.st_mode & 0o7777) }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var offset: off_t = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else {
                    let reason = String(cString: strerror(errno))
                    unlink(name)
                    throw Failure(reason: reason)
                }
                if count == 0 { return name }
                let failure = buffer.withUnsafeBufferPointer { bytes -> Failure? in
                    do throws(Failure) {
                        try FileDestination.write(UnsafeBufferPointer(rebasing: bytes[..<count]), toDescriptor: copy)
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failure {
                    unlink(name)
                    throw failure
                }
                offset += off_t(count)
            }
        }

        /// A new file beside `path`, with a fresh name opened with O_EXCL | O_NOFOLLOW: nothing already there (a
        /// link) is ever opened.
        private static func openNamed(beside path: String) throws(Failure) -> (Int32, String) {
            var name = ""
            var descriptor: Int32 = -1
            for _ in 0..<16 {
                name = freshName(beside: path)
                descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                if descriptor >= 0 || errno != EEXIST { break }
            }
            guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
            return (descriptor, name)
        }

        /// A new file for `path`: without a name in its folder where the file system can make one (and
        /// `/proc/self/fd` is there to name it at the end); else beside it, with a fresh name opened with O_EXCL |
        /// O_NOFOLLOW: nothing already there (a link) is ever opened.
        private static func openTemporary(beside path: String, mode: mode_t?) throws(Failure) -> (Int32, Temporary) {
            #if os(Linux)
            if access("/proc/self/fd", X_OK) == 0, let umask = processUmask {
                // Readable too, for `copyIntoNamedFile`.
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                let descriptor = open(folder, unnamedFileFlag | O_RDWR | O_CLOEXEC, 0o644)
                if descriptor >= 0 {
                    // A new file's mode set here: before Linux 6.0 some file systems made an O_TMPFILE file
                    // without applying the umask.
                    _ = fchmod(descriptor, mode ?? (0o644 & ~umask))
                    return (descriptor, .unnamed)
                }
                // EOPNOTSUPP, EISDIR (a kernel or file system without it): a named file instead. Anything else
                // (the folder is missing, not writable) is the folder's problem, which a named file would meet too.
                guard errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL else {
                    throw Failure(reason: String(cString: strerror(errno)))
                }
            }
            #endif
            let (descriptor, name) = try openNamed(beside: path)
            if let mode { _ = fchmod(descriptor, mode) }
            return (descriptor, .named(name))
        }

        /// The device or FIFO at `path`, opened (a FIFO's open waits for a reader).
        private static func openThrough(_ path: String) throws(Failure) -> Int32 {
            let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
            guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
            // What was opened is checked, not only what was looked at before.
            var status = stat()
            guard fstat(descriptor, &status) == 0, [S_IFCHR, S_IFIFO].contains(status.st_mode & S_IFMT) else {
                close(descriptor)
                throw Failure(reason: "it is not a regular file")
            }
            return descriptor
        }
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
