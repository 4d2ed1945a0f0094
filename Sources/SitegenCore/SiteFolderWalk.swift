#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks a folder tree of the site through a `SiteBoundary`, one folder at a time (the caller decides the order
/// and the threads): the content folder, the asset folders and the theme's assets.
///
/// Hidden names (starting with `.`) are left out. A symbolic link to a file inside the site is a file at the link's
/// place. A symbolic link to a folder inside the site is walked as if that folder were at the link's place (its
/// files are published a second time, under the link's path), with two exceptions that keep the walk finite and
/// linear in the files on disk: a link to a folder that holds the link (the folder would be published inside
/// itself, forever), and a link to a folder found inside a folder reached through a link (links to links would
/// multiply a tree). A link that leads outside the site is refused (`path-outside-site`), never followed.
public struct SiteFolderWalk: Sendable {
    public let boundary: SiteBoundary
    /// Absolute path of the folder walked.
    public let root: String

    public init(root: String, boundary: SiteBoundary) {
        self.root = root
        self.boundary = boundary
    }

    /// A folder to list: its path relative to the walked folder, and where it is.
    public struct Folder: Sendable, Equatable {
        /// Relative to the walked folder ("" for itself).
        public let relative: String
        /// Its canonical path.
        let canonical: String
        /// Reached through a symbolic link to a folder (its own links to folders are not followed).
        public let isThroughLink: Bool
    }

    /// One entry of a folder.
    public enum Entry: Sendable, Equatable {
        /// A regular file, or a symbolic link to one inside the site: its relative and absolute paths.
        case file(relative: String, absolute: String)
        /// A folder, or a symbolic link to one that is walked.
        case folder(Folder)
        /// A symbolic link (or a folder swapped for one) that leads outside the site or to a hidden file.
        case refused(relative: String, SiteBoundary.Refusal)
        /// A symbolic link that is not followed, and why (a sentence fragment: "it leads to nothing").
        case skippedLink(relative: String, reason: String)
        /// An entry whose kind cannot be learnt.
        case unreadable(relative: String)
    }

    /// The walked folder itself, refused when it leads outside the boundary.
    public func top() throws(SiteBoundary.Refusal) -> Folder {
        guard let canonical = SiteBoundary.canonicalPath(root) else { throw .unreadable(code: ENOENT) }
        if let refusal = boundary.refusal(canonical: canonical) { throw refusal }
        return Folder(relative: "", canonical: canonical, isThroughLink: false)
    }

    /// The absolute path of `folder`.
    public func path(of folder: Folder) -> String { folder.relative.isEmpty ? root : root + "/" + folder.relative }

    /// The entries of `folder`, sorted by name, without hidden names and those `skip` is true for (given the
    /// relative path; asked before anything else is learnt of the entry). The listing is of the folder opened
    /// and found inside the boundary (`SiteBoundary.entries(ofFolder:)`); a file found is read through the
    /// boundary again, so a link swapped in after the walk leads nowhere either.
    public func entries(of folder: Folder, skipping skip: (String) -> Bool = { _ in false }) throws(SiteBoundary.Refusal) -> [Entry] {
        let path = path(of: folder)
        // readdir's entry type spares an lstat per entry; only an unknown type and a link are asked about.
        let listed = try boundary.entries(ofFolder: path).sorted { $0.name < $1.name }
        var entries: [Entry] = []
        entries.reserveCapacity(listed.count)
        for entry in listed where !entry.name.hasPrefix(".") {
            let relative = folder.relative.isEmpty ? entry.name : folder.relative + "/" + entry.name
            if skip(relative) { continue }
            let absolute = path + "/" + entry.name
            var type = Int32(entry.type)
            if type != Int32(DT_REG), type != Int32(DT_DIR), type != Int32(DT_LNK) {
                var status = stat()
                guard lstat(absolute, &status) == 0 else {
                    entries.append(.unreadable(relative: relative))
                    continue
                }
                switch status.st_mode & S_IFMT {
                case S_IFREG: type = Int32(DT_REG)
                case S_IFDIR: type = Int32(DT_DIR)
                case S_IFLNK: type = Int32(DT_LNK)
                default: continue  // a pipe, a socket or a device: never part of a site
                }
            }
            switch type {
            case Int32(DT_REG):
                entries.append(.file(relative: relative, absolute: absolute))
            case Int32(DT_DIR):
                entries.append(.folder(Folder(relative: relative, canonical: folder.canonical + "/" + entry.name,
                                              isThroughLink: folder.isThroughLink)))
            default:
                entries.append(link(relative: relative, absolute: absolute, in: folder))
            }
        }
        return entries
    }

    /// What a symbolic link in `folder` is for the walk.
    private func link(relative: String, absolute: String, in folder: Folder) -> Entry {
        switch boundary.target(of: absolute) {
        case .file:
            return .file(relative: relative, absolute: absolute)
        case .refused(let refusal):
            return .refused(relative: relative, refusal)
        case .nothing:
            return .skippedLink(relative: relative, reason: "it leads to no file or folder")
        case .folder(let canonical):
            if folder.canonical == canonical || folder.canonical.hasPrefix(canonical == "/" ? "/" : canonical + "/") {
                return .skippedLink(relative: relative, reason: "it leads to a folder that holds the link")
            }
            if folder.isThroughLink {
                return .skippedLink(relative: relative,
                                    reason: "it leads to a folder and is itself in a folder reached through a symbolic link")
            }
            return .folder(Folder(relative: relative, canonical: canonical, isThroughLink: true))
        }
    }
}
