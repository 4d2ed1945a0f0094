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
        // One byte more than the size, so that a file that grew since `fstat` is noticed and read on. Not zeroed
        // first: the read fills what is kept. A regular file reads short only at its end, so one `read` call
        // usually does (not another to learn the end).
        let size = Int(status.st_size)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            while count < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                if got == 0 { return }
                count += got
                if count < buffer.count { return }
            }
        }
        if failed { return nil }
        if bytes.count == size + 1 {
            // The file grew: read on to its end.
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if got == 0 { break }
                bytes.append(contentsOf: chunk[..<got])
            }
        }
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
