import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SitegenCore

/// Reads one Markdown source file into an `Article`, reporting what is wrong with it.
public struct ArticleLoader: Sendable {
    public let urls: URLMapper

    public init(urls: URLMapper) {
        self.urls = urls
    }

    /// The article, or nil when the file cannot be built (unreadable, no or broken front matter, no title).
    public func load(_ file: SourceFile) -> (Article?, [Diagnostic]) {
        let location = SourceLocation(file: file.displayPath)
        guard let bytes = Self.readBytes(file.absolutePath) else {
            return (nil, [.error(location, rule: "content-unreadable", "cannot read this file")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (nil, [.error(location, rule: "content-not-utf8", "this file is not valid UTF-8 text")])
        }
        return load(file, text: text)
    }

    /// The whole file, read with POSIX calls into one buffer: `FileManager.contents(atPath:)` goes through `Data`
    /// and cost more than the read itself for articles of a few KB. Nil when the file cannot be read.
    static func readBytes(_ path: String) -> [UInt8]? {
        // Not through a symbolic link (the scan skips them), and without waiting on a pipe put in a file's place.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        // One byte more than the size, so that a file that grew since `fstat` is noticed and read on.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
            // A regular file reads short only at its end: no further call is needed to learn that (one system call
            // less per article than reading until `read` returns 0).
            if count < bytes.count { break }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Same as `load(_:)` for text already in memory.
    public func load(_ file: SourceFile, text: String) -> (Article?, [Diagnostic]) {
        let split = FrontMatterSplitter.split(text)
        guard let yaml = split.yaml else {
            return (nil, [.warning(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "front-matter-missing",
                                   "this Markdown file has no front matter, so it is not built",
                                   fixIt: "start the file with '---', a 'title: ...' line and '---'")])
        }
        if split.unterminated {
            return (nil, [.error(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "front-matter-unterminated",
                                 "front matter starts with '---' but never ends",
                                 fixIt: "add a line '---' after the last front matter line")])
        }
        let (frontMatter, diagnostics) = FrontMatterParser.parse(yaml: yaml, firstLine: split.yamlFirstLine,
                                                                 file: file.displayPath)
        guard let frontMatter else { return (nil, diagnostics) }
        // `index.md` without a permalink is its folder's page: `<product>/index.md` is the product's landing page.
        var permalink = frontMatter.permalink
        if permalink == nil, file.baseName == "index" { permalink = "/" + (file.productFolder.map { $0 + "/" } ?? "") }
        let url = urls.pageURL(permalink: permalink, fileBaseName: file.baseName)
        return (Article(source: file, frontMatter: frontMatter, body: split.body, bodyFirstLine: split.bodyFirstLine,
                        url: url), diagnostics)
    }
}
