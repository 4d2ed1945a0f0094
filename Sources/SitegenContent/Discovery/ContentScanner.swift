import Foundation
public import SitegenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the files of the content folder in a stable (sorted) order and decides what each one is.
///
/// - Hidden files and folders (name starting with `.`) are left out silently, like editors' swap files.
/// - Files matching an `exclude` glob are left out silently.
/// - `.md` and `.markdown` files are articles; other files are assets copied as they are.
/// - A file with no extension is skipped with a warning (`content-missing-extension`), neither built nor
///   published: it is usually an article that lost its `.md` (or an empty leftover), never a web asset.
/// - Symbolic links are not followed (a warning says so): content must not reach outside its folder.
public struct ContentScanner: Sendable {
    /// Absolute path of the content folder.
    public let contentRoot: String
    /// How the content folder is shown in diagnostics (`content`).
    public let displayRoot: String
    /// Glob patterns relative to the content folder; `*` matches across `/` too, so `retired/*` excludes a tree.
    public let exclude: [String]

    public init(contentRoot: String, displayRoot: String, exclude: [String]) {
        self.contentRoot = contentRoot
        self.displayRoot = displayRoot
        self.exclude = exclude
    }

    /// The classified files, sorted by content path, and the warnings about files left out.
    public func scan() throws -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        // The top folder's subfolders (one per product) are walked on all cores: the scan is serial work before
        // the articles are parsed in parallel, and a listing waits on the file system.
        var subfolders: [String]? = []
        try walk(relative: "", into: &files, diagnostics: &diagnostics, deferring: &subfolders)
        let walks = parallelMap(subfolders ?? [], jobs: ProcessInfo.processInfo.activeProcessorCount) { folder in
            Result { () throws -> ([SourceFile], [Diagnostic]) in
                var found: [SourceFile] = []
                var problems: [Diagnostic] = []
                var none: [String]?
                try walk(relative: folder, into: &found, diagnostics: &problems, deferring: &none)
                return (found, problems)
            }
        }
        for result in walks {
            let (found, problems) = try result.get()
            files += found
            diagnostics += problems
        }
        files.sort { $0.contentPath.utf8Precedes($1.contentPath) }
        return (files, diagnostics.sorted())
    }

    /// True when `contentPath` matches one of the exclude globs (or one of its parent folders does).
    public func isExcluded(_ contentPath: String) -> Bool {
        exclude.contains { pattern in
            // Without FNM_PATHNAME, `*` already crosses `/`, so `**` needs no special case.
            let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) + "/*" : pattern
            return fnmatch(trimmed, contentPath, 0) == 0
        }
    }

    /// A folder of the content that cannot be listed (the whole scan stops: its articles would silently vanish).
    struct UnreadableFolder: LocalizedError {
        var display: String
        var reason: FolderListingError

        var errorDescription: String? { "\(display): \(reason)" }
    }

    /// Walks the folder `relative`; with `deferring` not nil, its subfolders are listed there instead of walked.
    private func walk(relative: String, into files: inout [SourceFile], diagnostics: inout [Diagnostic],
                      deferring subfolders: inout [String]?) throws {
        let folder = relative.isEmpty ? contentRoot : contentRoot + "/" + relative
        // readdir's entry type spares an lstat per file (FolderListing); only an unknown type is asked for.
        let entries: [FolderListing.Entry]
        do {
            entries = try FolderListing.entries(atPath: folder).sorted { $0.name < $1.name }
        } catch {
            throw UnreadableFolder(display: relative.isEmpty ? displayRoot : displayRoot + "/" + relative, reason: error)
        }
        for entry in entries where !entry.name.hasPrefix(".") {
            let name = entry.name
            let contentPath = relative.isEmpty ? name : relative + "/" + name
            let absolute = folder + "/" + name
            let display = displayRoot + "/" + contentPath
            if isExcluded(contentPath) { continue }
            var mode: mode_t
            switch Int32(entry.type) {
            case Int32(DT_REG): mode = S_IFREG
            case Int32(DT_DIR): mode = S_IFDIR
            case Int32(DT_LNK): mode = S_IFLNK
            default:
                var status = stat()
                guard lstat(absolute, &status) == 0 else {
                    diagnostics.append(.warning(SourceLocation(file: display), rule: "content-unreadable",
                                                "cannot read this file; it is skipped"))
                    continue
                }
                mode = status.st_mode & S_IFMT
            }
            if mode == S_IFLNK {
                diagnostics.append(.warning(SourceLocation(file: display), rule: "content-symlink",
                                            "symbolic links are not followed; it is skipped (copy the file instead)"))
            } else if mode == S_IFDIR {
                if subfolders != nil {
                    subfolders!.append(contentPath)
                    continue
                }
                var none: [String]?
                try walk(relative: contentPath, into: &files, diagnostics: &diagnostics, deferring: &none)
            } else if mode == S_IFREG {
                if MarkdownFileName.hasExtension(name) {
                    files.append(SourceFile(kind: .markdown, absolutePath: absolute, contentPath: contentPath,
                                            displayPath: display))
                } else if !name.contains(".") {
                    let message = startsWithFrontMatter(absolute)
                        ? "this file has front matter but no '.md' extension; it is skipped"
                        : "this file has no extension, so it is neither an article nor a known asset; it is skipped"
                    diagnostics.append(.warning(SourceLocation(file: display), rule: "content-missing-extension",
                                                message, fixIt: "rename it to '\(name).md' or delete it"))
                } else {
                    files.append(SourceFile(kind: .asset, absolutePath: absolute, contentPath: contentPath,
                                            displayPath: display))
                }
            }
        }
    }

    private func startsWithFrontMatter(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head.starts(with: Array("---".utf8))
    }
}
