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
/// - Symbolic links are followed only inside the site (`SiteFolderWalk`): a link that leads outside is an error
///   (`path-outside-site`) and is neither read nor published; a link that cannot be followed is a warning
///   (`content-symlink`).
public struct ContentScanner: Sendable {
    /// Absolute path of the content folder.
    public let contentRoot: String
    /// How the content folder is shown in diagnostics (`content`).
    public let displayRoot: String
    /// Glob patterns relative to the content folder; `*` matches across `/` too, so `retired/*` excludes a tree.
    public let exclude: [String]
    /// The folders files may be read from.
    public let boundary: SiteBoundary

    public init(contentRoot: String, displayRoot: String, exclude: [String], boundary: SiteBoundary) {
        self.contentRoot = contentRoot
        self.displayRoot = displayRoot
        self.exclude = exclude
        self.boundary = boundary
    }

    /// The classified files, sorted by content path, and the findings about files left out.
    public func scan() throws -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        let walk = SiteFolderWalk(root: contentRoot, boundary: boundary)
        let top: SiteFolderWalk.Folder
        do {
            top = try walk.top()
        } catch {
            throw UnreadableFolder(display: displayRoot, reason: error)
        }
        // The top folder's subfolders (one per product) are walked on all cores: the scan is serial work before
        // the articles are parsed in parallel, and a listing waits on the file system.
        var subfolders: [SiteFolderWalk.Folder]? = []
        try visit(top, walk, into: &files, diagnostics: &diagnostics, deferring: &subfolders)
        let walks = parallelMap(subfolders ?? [], jobs: ProcessInfo.processInfo.activeProcessorCount) { folder in
            Result { () throws -> ([SourceFile], [Diagnostic]) in
                var found: [SourceFile] = []
                var problems: [Diagnostic] = []
                var none: [SiteFolderWalk.Folder]?
                try visit(folder, walk, into: &found, diagnostics: &problems, deferring: &none)
                return (found, problems)
            }
        }
        for result in walks {
            let (found, problems) = try result.get()
            files += found
            diagnostics += problems
        }
        files.sort { $0.contentPath.utf8Precedes($1.contentPath) }
        return (files, diagnostics.inOrder())
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
        var reason: SiteBoundary.Refusal

        var errorDescription: String? { "\(display): \(reason)" }
    }

    /// Walks `folder`; with `deferring` not nil, its subfolders are listed there instead of walked.
    private func visit(_ folder: SiteFolderWalk.Folder, _ walk: SiteFolderWalk, into files: inout [SourceFile],
                       diagnostics: inout [Diagnostic], deferring subfolders: inout [SiteFolderWalk.Folder]?) throws {
        let entries: [SiteFolderWalk.Entry]
        do {
            entries = try walk.entries(of: folder, skipping: isExcluded)
        } catch {
            let display = folder.relative.isEmpty ? displayRoot : displayRoot + "/" + folder.relative
            // A folder swapped for a link to outside the site since its parent was listed.
            if let outside = boundary.diagnostic(for: error, at: SourceLocation(file: display)) {
                diagnostics.append(outside)
                return
            }
            throw UnreadableFolder(display: display, reason: error)
        }
        for entry in entries {
            switch entry {
            case .file(let contentPath, let absolute):
                let name = contentPath.split(separator: "/").last.map(String.init) ?? contentPath
                let display = displayRoot + "/" + contentPath
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
            case .folder(let subfolder):
                if subfolders != nil {
                    subfolders!.append(subfolder)
                    continue
                }
                var none: [SiteFolderWalk.Folder]?
                try visit(subfolder, walk, into: &files, diagnostics: &diagnostics, deferring: &none)
            case .refused(let contentPath, let refusal):
                let location = SourceLocation(file: displayRoot + "/" + contentPath)
                diagnostics.append(boundary.diagnostic(for: refusal, at: location, subject: "this symbolic link")
                    ?? .warning(location, rule: "content-unreadable", "cannot read this file; it is skipped"))
            case .skippedLink(let contentPath, let reason):
                diagnostics.append(.warning(SourceLocation(file: displayRoot + "/" + contentPath), rule: "content-symlink",
                                            "this symbolic link is not followed: \(reason); it is skipped",
                                            fixIt: "point the link at a file or folder of the site, or copy what it should show"))
            case .unreadable(let contentPath):
                diagnostics.append(.warning(SourceLocation(file: displayRoot + "/" + contentPath), rule: "content-unreadable",
                                            "cannot read this file; it is skipped"))
            }
        }
    }

    private func startsWithFrontMatter(_ path: String) -> Bool {
        ((try? boundary.readPrefix(path, count: 3)) ?? []).elementsEqual("---".utf8)
    }
}
