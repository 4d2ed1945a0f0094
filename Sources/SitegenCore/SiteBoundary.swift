#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenWithoutLinks

/// The folders whose files sitegen reads: the site root and the folders the configuration names explicitly
/// outside it. Every file sitegen reads from a site (articles, assets, includes, templates, theme assets, the
/// configuration, source lines shown with a finding) is read through here.
///
/// A file is opened first (following symbolic links) and then the kernel is asked where the open file is
/// (`/proc/self/fd/N` on Linux, `F_GETPATH` on macOS); only a file that is inside a root, and not below a hidden
/// folder of it (`.git/`), is read. Checking a path and then opening it would let a link swapped in between lead
/// anywhere; what was opened cannot change. A symbolic link that stays inside the site is followed like any path.
///
/// Hard links are not links to a path: a hard link inside the site is a file of the site (git cannot commit one).
public struct SiteBoundary: Sendable, Equatable {
    /// Canonical paths (absolute, without symbolic links, `.` or `..`) of the folders files may be in.
    public let roots: [String]

    /// The boundary of `roots` (made canonical here; a root that does not exist is kept as written).
    public init(roots: [String]) {
        var canonical: [String] = []
        for root in roots {
            let path = Self.canonicalPath(root) ?? root
            if !canonical.contains(path) { canonical.append(path) }
        }
        self.roots = canonical
    }

    /// The boundary of one folder.
    public init(root: String) { self.init(roots: [root]) }

    /// A boundary with no folder: nothing is read through it (for text already in memory, and the built-in theme).
    public static let empty = SiteBoundary(roots: [])

    /// Why a file was not read.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The path leads (through symbolic links) to `target`, outside every root.
        case outside(target: String)
        /// The path leads to `target`, inside the site but below a hidden folder or at a hidden file (`.git/config`).
        case hidden(target: String)
        /// Opening or reading failed: the `errno`.
        case unreadable(code: Int32)
        /// Not a regular file (a folder, a pipe, a device), or not a folder where one was asked for.
        case wrongKind

        public var description: String {
            switch self {
            case .outside(let target): "it leads outside the site, to '\(target)'"
            case .hidden(let target): "it leads to the hidden file '\(target)'"
            case .unreadable(let code): String(cString: strerror(code))
            case .wrongKind: "it is not a regular file"
            }
        }
    }

    /// The `path-outside-site` error for a refusal that is one (`.outside`, `.hidden`); nil for the others.
    /// `subject` names what led there (`this file`, `this symbolic link`, `'{% include x %}'`).
    public func diagnostic(for refusal: Refusal, at location: SourceLocation, subject: String = "this file") -> Diagnostic? {
        switch refusal {
        case .outside(let target):
            return .error(location, rule: "path-outside-site",
                          "\(subject) leads outside the site, to '\(target)'; it is not read",
                          fixIt: "put the file itself in the site (a symbolic link may only lead to a file inside the site), "
                              + "or name its folder in sitegen.yml")
        case .hidden(let target):
            return .error(location, rule: "path-outside-site",
                          "\(subject) leads to '\(display(target))', in a hidden folder or file, which sitegen never reads",
                          fixIt: "move the file to a folder whose name does not start with '.'")
        case .unreadable, .wrongKind:
            return nil
        }
    }

    /// A canonical path relative to the first root it is below (`.git/config`), or as it is.
    public func display(_ canonical: String) -> String {
        for root in roots where canonical.hasPrefix(root == "/" ? "/" : root + "/") {
            return String(canonical.dropFirst(root == "/" ? 1 : root.count + 1))
        }
        return canonical
    }

    // MARK: - Where a path is

    /// True when the canonical path `path` is a root or inside one, with no hidden name (starting with `.`) below
    /// the root.
    public func contains(canonical path: String) -> Bool { refusal(canonical: path) == nil }

    /// Why the canonical path `path` may not be read (`.outside` or `.hidden`), nil when it may.
    public func refusal(canonical path: String) -> Refusal? {
        var path = path
        return path.withUTF8 { refusal(canonicalBytes: $0) }
    }

    private func refusal(canonicalBytes path: UnsafeBufferPointer<UInt8>) -> Refusal? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var hidden = false
        for root in roots {
            var root = root
            let verdict = root.withUTF8 { root -> Bool? in
                // "/" as a root holds everything.
                let prefix = root.count == 1 && root[0] == slash ? 0 : root.count
                guard path.count >= prefix, memcmp(path.baseAddress!, root.baseAddress!, prefix) == 0 else { return nil }
                if path.count == prefix { return true }
                guard prefix == 0 || path[prefix] == slash else { return nil }
                // No hidden name below the root: a canonical path has no `.` or `..` component, so every `/.` starts one.
                for index in prefix..<(path.count - 1) where path[index] == slash && path[index + 1] == dot { return false }
                return true
            }
            if verdict == true { return nil }
            if verdict == false { hidden = true }
        }
        let target = String(decoding: UnsafeRawBufferPointer(path), as: UTF8.self)
        return hidden ? .hidden(target: target) : .outside(target: target)
    }

    /// The canonical form of `path` (symbolic links followed), or nil when it does not exist.
    public static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What a path leads to, for walking a folder (the read itself checks again what it opened).
    public enum Target: Sendable, Equatable {
        case file(canonical: String)
        case folder(canonical: String)
        /// Outside every root, or below a hidden folder.
        case refused(Refusal)
        /// Nothing there (a broken link), or something neither a file nor a folder.
        case nothing
    }

    /// Where `path` leads once its symbolic links are followed.
    public func target(of path: String) -> Target {
        guard let canonical = Self.canonicalPath(path) else { return .nothing }
        if let refusal = refusal(canonical: canonical) { return .refused(refusal) }
        var status = stat()
        guard stat(canonical, &status) == 0 else { return .nothing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file(canonical: canonical)
        case S_IFDIR: return .folder(canonical: canonical)
        default: return .nothing
        }
    }

    // MARK: - Opening and reading

    /// Opens the regular file at `path` for reading, following symbolic links, and keeps it open only when it
    /// is inside the boundary. The caller closes the descriptor.
    public func openFile(_ path: String) throws(Refusal) -> Int32 {
        try openRegularFile(path).descriptor
    }

    /// `openFile`, with the file's status (its size, for a read).
    private func openRegularFile(_ path: String) throws(Refusal) -> (descriptor: Int32, status: stat) {
        // Without waiting on a pipe put in a file's place, and never becoming a terminal's controlling process.
        let flags = O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        let descriptor: Int32
        if let opened = try openWithoutLinks(path, flags: flags) {
            descriptor = opened
        } else {
            descriptor = try openChecked(path, flags: O_RDONLY | flags)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw .unreadable(code: code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .wrongKind
        }
        return (descriptor, status)
    }

    /// The file at `path` opened in one system call when the path is canonical as written (absolute, without `.`,
    /// `..` or an empty name) and no name on it is a symbolic link (Linux's openat2, `COpenWithoutLinks`): the
    /// path is then where the open file is, and the boundary judges it as `check` would judge what the kernel
    /// reports, without asking (the `readlink` of `/proc/self/fd/N` was a tenth of reading an article). Nil when
    /// that cannot be done (a link on the path, a path not written canonically, a system without openat2 or one
    /// that refuses it): the caller opens the file and checks it.
    private func openWithoutLinks(_ path: String, flags: Int32) throws(Refusal) -> Int32? {
        var written = path
        guard written.withUTF8({ Self.isCanonicalAsWritten($0) }) else { return nil }
        let descriptor = sitegen_open_without_links(path, flags)
        guard descriptor >= 0 else { return nil }
        if let refusal = refusal(canonical: path) {
            close(descriptor)
            throw refusal
        }
        return descriptor
    }

    /// True when `path` is absolute and has no `.`, `..` or empty name (`a//b`, a `/` at the end).
    static func isCanonicalAsWritten(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        guard path.count > 1, path[0] == slash, path[path.count - 1] != slash else { return false }
        var start = 1
        while start <= path.count {
            var end = start
            while end < path.count && path[end] != slash { end += 1 }
            let length = end - start
            if length == 0 { return false }
            if path[start] == dot && (length == 1 || (length == 2 && path[start + 1] == dot)) { return false }
            start = end + 1
        }
        return true
    }

    /// Opens the folder at `path`, following symbolic links, and keeps it open only when it is inside the
    /// boundary. The caller closes the descriptor.
    public func openFolder(_ path: String) throws(Refusal) -> Int32 {
        try openChecked(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    /// Opens `path` with `flags` (following links) and keeps it open only when the kernel says the open file is
    /// inside the boundary (`check`).
    private func openChecked(_ path: String, flags: Int32) throws(Refusal) -> Int32 {
        let descriptor = open(path, flags)
        guard descriptor >= 0 else { throw .unreadable(code: errno) }
        do throws(Refusal) {
            try check(descriptor, openedAs: path)
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// The entries of the folder at `path` (see `FolderListing`), when the folder is inside the boundary.
    public func entries(ofFolder path: String) throws(Refusal) -> [FolderListing.Entry] {
        let descriptor = try openFolder(path)
        defer { close(descriptor) }
        do {
            return try FolderListing.entries(ofOpenFolder: descriptor)
        } catch {
            throw .unreadable(code: error.code)
        }
    }

    /// The whole file at `path`, read with POSIX calls into one buffer (`FileManager.contents(atPath:)` goes
    /// through `Data` and cost more than the read itself for articles of a few KB).
    public func read(_ path: String) throws(Refusal) -> [UInt8] {
        try read(path, atMost: Int.max, prefix: 0).bytes
    }

    /// The whole file at `path` when it has at most `limit` bytes; else only its first `prefix` bytes, with its size
    /// (so that a file too large to handle is never held in memory whole).
    public func read(_ path: String, atMost limit: Int, prefix: Int) throws(Refusal) -> (bytes: [UInt8], size: Int) {
        let (descriptor, status) = try openRegularFile(path)
        defer { close(descriptor) }
        if Int(status.st_size) > limit {
            var bytes = [UInt8](repeating: 0, count: min(prefix, Int(status.st_size)))
            var count = 0
            while count < bytes.count {
                let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + count, $0.count - count) }
                if got < 0, errno == EINTR { continue }
                guard got >= 0 else { throw .unreadable(code: errno) }
                if got == 0 { break }
                count += got
            }
            return (Array(bytes.prefix(count)), Int(status.st_size))
        }
        return (try read(descriptor, size: Int(status.st_size)), Int(status.st_size))
    }

    private func read(_ descriptor: Int32, size: Int) throws(Refusal) -> [UInt8] {
        // One byte more than the size, so that a file that grew since `fstat` is noticed and read on. Not zeroed
        // first: the read fills what is kept. A regular file reads short only at its end, so one `read` call
        // usually does (not another to learn the end).
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            while count < buffer.count {
                let got = systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                count += got
                if count < buffer.count { return }
            }
        }
        if failure != 0 { throw .unreadable(code: failure) }
        if bytes.count == size + 1 {
            // The file grew: read on to its end.
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let got = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(code: errno)
                }
                if got == 0 { break }
                bytes.append(contentsOf: chunk[..<got])
            }
        }
        return bytes
    }

    /// Up to `count` bytes from the start of the file at `path`.
    public func readPrefix(_ path: String, count: Int) throws(Refusal) -> [UInt8] {
        let descriptor = try openFile(path)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, count) }
        guard got >= 0 else { throw .unreadable(code: errno) }
        return Array(bytes.prefix(got))
    }

    /// Throws `.outside` unless the file open at `descriptor` is inside the boundary.
    private func check(_ descriptor: Int32, openedAs path: String) throws(Refusal) {
        var verdict: Refusal?
        let answered = withOpenPath(descriptor) { verdict = refusal(canonicalBytes: $0) }
        if answered {
            if let verdict { throw verdict }
            return
        }
        // The system cannot say where the open file is (no /proc): where `path` leads now is checked, and that the
        // open file is the one found there by a walk that follows no link, so a link swapped in since the open
        // is noticed.
        guard let canonical = Self.canonicalPath(path) else { throw .unreadable(code: ENOENT) }
        if let refusal = refusal(canonical: canonical) { throw refusal }
        guard Self.isOpenFile(descriptor, reachableWithoutLinksAt: canonical) else { throw .outside(target: canonical) }
    }

    /// Calls `body` with the canonical path of the open file, as the kernel knows it; false when it cannot tell.
    private func withOpenPath(_ descriptor: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(PATH_MAX) + 1) { buffer in
            #if os(Linux)
            let length = readlink("/proc/self/fd/\(descriptor)", buffer.baseAddress!, buffer.count)
            guard length > 0, length < buffer.count, buffer[0] == UInt8(ascii: "/") else { return false }
            body(UnsafeBufferPointer(rebasing: buffer[..<length]))
            return true
            #else
            guard fcntl(descriptor, F_GETPATH, buffer.baseAddress!) != -1 else { return false }
            body(UnsafeBufferPointer(rebasing: buffer[..<strlen(buffer.baseAddress!)]))
            return true
            #endif
        }
    }

    /// True when opening `canonical` component by component without following any link reaches the file open at
    /// `descriptor`.
    private static func isOpenFile(_ descriptor: Int32, reachableWithoutLinksAt canonical: String) -> Bool {
        var current = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { return false }
        let names = canonical.split(separator: "/")
        for (index, name) in names.enumerated() {
            let last = index == names.count - 1
            let next = openat(current, String(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
                                  | (last ? 0 : O_DIRECTORY))
            close(current)
            guard next >= 0 else { return false }
            current = next
        }
        defer { close(current) }
        var opened = stat(), found = stat()
        guard fstat(descriptor, &opened) == 0, fstat(current, &found) == 0 else { return false }
        return opened.st_dev == found.st_dev && opened.st_ino == found.st_ino
    }
}

/// `read(2)`, named apart from `SiteBoundary.read`.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
