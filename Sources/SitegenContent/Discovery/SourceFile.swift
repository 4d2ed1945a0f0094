import SitegenCore

/// A file found in the content folder, classified by what the build does with it.
public struct SourceFile: Sendable, Hashable {
    /// What the build does with a file.
    public enum Kind: Sendable, Hashable {
        /// A Markdown article (`.md`, `.markdown`).
        case markdown
        /// Any other file (images, PDFs, ...), copied to the output as is.
        case asset
    }

    public var kind: Kind
    /// Absolute path on disk.
    public var absolutePath: String
    /// Path relative to the content folder, with `/` separators (`rackspace-email/x.md`).
    public var contentPath: String
    /// Path shown in diagnostics, relative to the site root (`content/rackspace-email/x.md`).
    public var displayPath: String

    public init(kind: Kind, absolutePath: String, contentPath: String, displayPath: String) {
        self.kind = kind
        self.absolutePath = absolutePath
        self.contentPath = contentPath
        self.displayPath = displayPath
    }

    /// The first folder of the content path (the product), or nil for a file at the top of the content folder.
    public var productFolder: String? {
        contentPath.firstOfSeveralSlashSeparatedParts.map(String.init)
    }

    /// File name without folders and without its Markdown extension.
    public var baseName: String {
        // On UTF-8 bytes ('/' and the extensions are ASCII): the rules ask for it several times per article.
        let utf8 = contentPath.utf8
        let start = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return String(MarkdownFileName.removingExtension(contentPath[start...]))
    }
}
