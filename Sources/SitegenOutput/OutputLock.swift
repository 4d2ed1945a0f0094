import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock a build holds on its output folder from the moment its configuration is read until the new tree is in
/// place: an exclusive `flock` on `.<name>.sitegen-lock` beside the output folder. Two builds into one output
/// folder share its staging and previous folders, so the second waits for the first (or, asked not to wait, fails
/// at once). The lock file holds the holder's process id, to say whom the second build waits for; the kernel
/// drops the lock when its process ends however it ends, so a killed build never leaves the folder locked.
package final class OutputLock: @unchecked Sendable {
    /// Why the lock could not be taken.
    package enum Failure: Error, Equatable {
        /// Another process holds it (its process id, when the lock file says).
        case held(by: Int32?)
        /// The lock file could not be opened or locked; the message says why.
        case unusable(String)
    }

    package let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock on `output`. When another process holds it: calls `waiting` once with that process's id (when
    /// known) and waits, or with `wait` false throws `Failure.held`.
    package static func acquire(_ output: OutputFolder, wait: Bool,
                                waiting: (Int32?) -> Void = { _ in }) throws(Failure) -> OutputLock {
        let path = output.lockFile
        // Never through a symbolic link (a site could bring one pointing at a system file, and builds run as root),
        // and without blocking on a FIFO put there.
        let flags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw .unusable("cannot open the lock file '\(path)': \(reason)")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .unusable("the lock file '\(path)' is not a regular file; remove it")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .unusable("cannot lock '\(path)': \(reason)")
            }
            let holder = holder(descriptor)
            guard wait else {
                close(descriptor)
                throw .held(by: holder)
            }
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw .unusable("cannot lock '\(path)': \(reason)")
                }
            }
        }
        let record = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return OutputLock(path: path, descriptor: descriptor)
    }

    /// The process id the lock file names, if any.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Empties the lock file and releases the lock (also done by the kernel if the process dies first).
    package func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
