#if os(Linux)
import Foundation
import Glibc
import Synchronization

/// Watches with Linux inotify: one watch per folder (new folders are added as they appear), so editors' atomic
/// saves (write a temporary file, rename it over the original), creations, deletions and renames of files and
/// folders are all seen. A queue overflow is reported as "anything may have changed".
public final class InotifyWatcher: FileWatcher {
    public let mechanism = "inotify"
    private let targets: WatchTargets
    private let descriptor: Int32
    /// Watch descriptor → folder path.
    private let folders = Mutex<[Int32: String]>([:])
    private let running = Mutex(false)

    /// Errors that make inotify unusable here.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    private static let mask: UInt32 = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)

    public init(_ targets: WatchTargets) throws {
        self.targets = targets
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw Unavailable(description: String(cString: strerror(errno))) }
        // Single files are watched through their folder (an atomic save replaces the file's inode).
        for folder in Set(targets.folders + targets.files.map { ($0 as NSString).deletingLastPathComponent }) {
            try addRecursively(folder, recursive: targets.folders.contains(folder))
        }
    }

    deinit { close(descriptor) }

    private func addRecursively(_ folder: String, recursive: Bool) throws {
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        guard watch >= 0 else {
            let reason = errno == ENOSPC ? "the inotify watch limit is reached (fs.inotify.max_user_watches)" : String(cString: strerror(errno))
            throw Unavailable(description: "cannot watch \(folder): \(reason)")
        }
        folders.withLock { $0[watch] = folder }
        guard recursive, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + name
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
               FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                try addRecursively(path, recursive: true)
            }
        }
    }

    public func start(changed: @escaping @Sendable ([String]) -> Void, failure: @escaping @Sendable (String) -> Void) throws {
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while running.withLock({ $0 }) {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 200)
                guard running.withLock({ $0 }) else { return }
                if ready < 0, errno != EINTR {
                    failure("file watching stopped: poll failed: \(String(cString: strerror(errno)))")
                    return
                }
                guard ready > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    failure("file watching stopped: \(String(cString: strerror(errno)))")
                    return
                }
                let (paths, overflow, problem) = parse(buffer, count: count)
                if let problem {
                    failure(problem)
                    return
                }
                if overflow {
                    changed([])
                } else if !paths.isEmpty {
                    changed(paths)
                }
            }
        }
        thread.name = "sitegen-inotify"
        thread.start()
    }

    public func stop() {
        running.withLock { $0 = false }
    }

    /// The paths named by a buffer of inotify events; new folders get watches (their files count as changed).
    private func parse(_ buffer: [UInt8], count: Int) -> (paths: [String], overflow: Bool, problem: String?) {
        var paths: [String] = []
        var overflow = false
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while offset + headerSize <= count {
            let (watch, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            let nameBytes = buffer[(offset + headerSize)..<min(offset + headerSize + length, count)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += headerSize + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true; continue }
            guard let folder = folders.withLock({ $0[watch] }) else { continue }
            let path = name.isEmpty ? folder : folder + "/" + name
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.withLock { _ = $0.removeValue(forKey: watch) }
                continue
            }
            paths.append(path)
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                // A new folder: watch it, and report what it already holds (it may have been filled before the watch).
                do {
                    try addRecursively(path, recursive: true)
                } catch {
                    return (paths, overflow, "file watching stopped: \(error)")
                }
                if let enumerator = FileManager.default.enumerator(atPath: path) {
                    while let relative = enumerator.nextObject() as? String { paths.append(path + "/" + relative) }
                }
            }
        }
        return (paths, overflow, nil)
    }
}
#endif
