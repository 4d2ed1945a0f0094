import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

@Suite("Content discovery")
struct ContentScannerTests {
    @Test("classifies files, sorts them, skips hidden, excluded and extensionless files")
    func classifies() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/b/z.md", "---\ntitle: Z\n---\n")
        try folder.write("content/b/a file.md", "---\ntitle: A\n---\n")
        try folder.write("content/b/images/x.png", "png")
        try folder.write("content/b/.draft.md.swp", "")
        try folder.write("content/retired-articles/old.md", "---\ntitle: Old\n---\n")
        try folder.write("content/general/lost its extension", "---\ntitle: L\n---\n")
        let scanner = ContentScanner(contentRoot: folder.path + "/content", displayRoot: "content",
                                     exclude: ["retired-articles/*"], boundary: SiteBoundary(root: folder.path))
        let (files, diagnostics) = try scanner.scan()
        #expect(files.map(\.contentPath) == ["b/a file.md", "b/images/x.png", "b/z.md"])
        #expect(files.map(\.kind) == [.markdown, .asset, .markdown])
        #expect(files[0].productFolder == "b")
        #expect(files[0].baseName == "a file")
        #expect(diagnostics.map(\.rule) == ["content-missing-extension"])
        #expect(diagnostics.first?.location.file == "content/general/lost its extension")
        #expect(diagnostics.first?.message == "this file has front matter but no '.md' extension; it is skipped")
    }

    @Test("symbolic links outside the site are refused, a pipe is left out, an unlistable folder stops the scan")
    func specialEntries() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/b/real.md", "---\ntitle: R\n---\n")
        try folder.write("outside/secret.md", "---\ntitle: S\n---\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/content/b/link.md",
                                                   withDestinationPath: folder.path + "/outside/secret.md")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/content/linked-folder",
                                                   withDestinationPath: folder.path + "/outside")
        #expect(mkfifo(folder.path + "/content/b/pipe.md", 0o644) == 0)
        let boundary = SiteBoundary(root: folder.path + "/content")
        let scanner = ContentScanner(contentRoot: folder.path + "/content", displayRoot: "content", exclude: [], boundary: boundary)
        let (files, diagnostics) = try scanner.scan()
        #expect(files.map(\.contentPath) == ["b/real.md"])
        #expect(diagnostics.map(\.rule) == ["path-outside-site", "path-outside-site"])
        #expect(diagnostics.map(\.location.file) == ["content/b/link.md", "content/linked-folder"])
        let outside = try #require(SiteBoundary.canonicalPath(folder.path + "/outside"))
        #expect(diagnostics.map(\.message) == [
            "this symbolic link leads outside the site, to '\(outside)/secret.md'; it is not read",
            "this symbolic link leads outside the site, to '\(outside)'; it is not read",
        ])

        let notAFolder = ContentScanner(contentRoot: folder.path + "/content/b/real.md", displayRoot: "content", exclude: [],
                                        boundary: boundary)
        #expect(throws: (any Error).self) { try notAFolder.scan() }
        do {
            _ = try notAFolder.scan()
        } catch {
            #expect(error.localizedDescription == "content: Not a directory")
        }
    }

    @Test("links inside the site are followed: a linked article, a linked folder under the link's path; loops and links in linked folders are not")
    func linksInside() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/a/shared/one.md", "---\ntitle: One\n---\n")
        try folder.write("content/a/shared/deeper/two.md", "---\ntitle: Two\n---\n")
        try folder.write("snippets/faq.md", "---\ntitle: FAQ\n---\n")
        let link = { (path: String, target: String) in
            try FileManager.default.createSymbolicLink(atPath: folder.path + "/" + path, withDestinationPath: target)
        }
        try link("content/b", "a/shared")                  // a folder of the site, under another name
        try link("content/a/faq.md", "../../snippets/faq.md") // a file of the site outside the content folder
        try link("content/a/shared/loop", "..")             // a folder holding the link
        try link("content/a/shared/again", "deeper")        // followed in a/shared, not in b (reached through a link)
        try link("content/a/dangling.md", "nowhere.md")
        let scanner = ContentScanner(contentRoot: folder.path + "/content", displayRoot: "content", exclude: [],
                                     boundary: SiteBoundary(root: folder.path))
        let (files, diagnostics) = try scanner.scan()
        #expect(files.map(\.contentPath) == [
            "a/faq.md", "a/shared/again/two.md", "a/shared/deeper/two.md", "a/shared/one.md",
            "b/deeper/two.md", "b/one.md",
        ])
        #expect(files.first?.absolutePath == folder.path + "/content/a/faq.md", "a file keeps the link's path")
        #expect(diagnostics.map(\.formatted) == [
            "content/a/dangling.md: warning: this symbolic link is not followed: it leads to no file or folder; it is skipped [content-symlink]",
            "content/a/shared/loop: warning: this symbolic link is not followed: it leads to a folder that holds the link; it is skipped [content-symlink]",
            "content/b/again: warning: this symbolic link is not followed: it leads to a folder and is itself in a folder reached through a symbolic link; it is skipped [content-symlink]",
            "content/b/loop: warning: this symbolic link is not followed: it leads to a folder that holds the link; it is skipped [content-symlink]",
        ])
        // The linked article is read through the boundary like any other.
        let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: SiteBoundary(root: folder.path))
        #expect(loader.load(files[0]).0?.frontMatter.title == "FAQ")
    }

    @Test("lone carriage returns: counted as line ends by content-not-utf8, and reported for a file too large to read whole")
    func loneCarriageReturns() throws {
        // 'a', a lone CR, CR CR LF, then a bad byte: line 4, as editors and every other finding count it.
        let bad = ArticleLoader.notUTF8([0x61, 0x0D, 0x62, 0x0D, 0x0D, 0x0A, 0x63, 0x20, 0xFF], file: "f.md")
        #expect(bad.location == SourceLocation(file: "f.md", line: 4, column: 3))
        let folder = try TemporaryFolder()
        _ = try folder.write("content/p/big.md", "---\rtitle: Big\rpermalink: big/\r---\r" + String(repeating: "x\r", count: 200))
        let file = SourceFile(kind: .markdown, absolutePath: folder.path + "/content/p/big.md", contentPath: "p/big.md",
                              displayPath: "content/p/big.md")
        let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: SiteBoundary(root: folder.path), maximumBytes: 100)
        let (article, diagnostics) = loader.load(file)
        #expect(article?.frontMatter.title == "Big")
        #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" } == ["1:1 content-too-large", "1:4 content-line-endings"])
        #expect(diagnostics.last?.message.hasSuffix("see one long line") == true)
        // The body is the file's end read with each lone CR as a LF, from the line after the closing fence.
        let (read, _) = loader.load(file, text: "\u{FEFF}---\r\ntitle: T\r\n---\r\na\rb\r\n")
        #expect(read?.body == "a\nb\r\n" && read?.bodyFirstLine == 4)
    }

    @Test("an article that is a link to /etc/passwd is refused when it is read, at the file, whatever the scan saw")
    func articleOutside() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/content/p", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/content/p/passwd.md", withDestinationPath: "/etc/passwd")
        let file = SourceFile(kind: .markdown, absolutePath: folder.path + "/content/p/passwd.md", contentPath: "p/passwd.md",
                              displayPath: "content/p/passwd.md")
        let (article, diagnostics) = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: SiteBoundary(root: folder.path)).load(file)
        #expect(article == nil)
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        #expect(diagnostics.map(\.formatted) == [
            "content/p/passwd.md: error: this file leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
        ])
    }

    @Test("the base name drops folders and a Markdown extension in any letter case")
    func baseName() {
        func name(_ path: String) -> String {
            SourceFile(kind: .markdown, absolutePath: "/x/" + path, contentPath: path, displayPath: "content/" + path).baseName
        }
        #expect(name("email/Cannot Connect.md") == "Cannot Connect")
        #expect(name("email/notes.MarkDown") == "notes")
        #expect(name("top.MD") == "top")
        #expect(name("email/über.md") == "über")
        #expect(name("email/readme.mdx") == "readme.mdx")
    }

    @Test("a file without front matter is skipped with a warning at line 1")
    func noFrontMatter() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("content/p/plain.md", "# Just text\n")
        let file = SourceFile(kind: .markdown, absolutePath: path, contentPath: "p/plain.md", displayPath: "content/p/plain.md")
        let (article, diagnostics) = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: SiteBoundary(root: folder.path)).load(file)
        #expect(article == nil)
        #expect(diagnostics.map(\.rule) == ["front-matter-missing"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location == SourceLocation(file: "content/p/plain.md", line: 1, column: 1))
    }

    @Test("index.md without a permalink is its folder's page")
    func indexPage() throws {
        let file = SourceFile(kind: .markdown, absolutePath: "/x", contentPath: "dns/index.md", displayPath: "content/dns/index.md")
        let (article, _) = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: .empty).load(file, text: "---\ntitle: DNS\n---\nHi\n")
        #expect(article?.url.value == "/how-to/dns/")
        #expect(article?.bodyFirstLine == 4)
    }

    @Test("a file is read whole, whatever its size, and a file that cannot be read or is not UTF-8 is an error")
    func reading() throws {
        let folder = try TemporaryFolder()
        let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), boundary: SiteBoundary(root: folder.path))
        func file(_ relative: String) -> SourceFile {
            SourceFile(kind: .markdown, absolutePath: folder.path + "/content/" + relative, contentPath: relative,
                       displayPath: "content/" + relative)
        }
        // Bodies across the size of one read buffer, with a character cut by no read.
        for size in [0, 1, 4095, 4096, 4097, 100_000] {
            let body = String(repeating: "é", count: size / 2) + String(repeating: "x", count: size % 2)
            try folder.write("content/p/a\(size).md", "---\ntitle: A\n---\n" + body)
            let (article, diagnostics) = loader.load(file("p/a\(size).md"))
            #expect(article?.body == body)
            #expect(diagnostics.isEmpty)
        }

        // One Windows-1252 'é' in an otherwise UTF-8 file: reported at the byte, and the article still read.
        let latin1 = folder.path + "/content/p/latin1.md"
        try Data(Array("---\ntitle: Caf".utf8) + [0xE9] + Array("\n---\nBody.\n".utf8)).write(to: URL(fileURLWithPath: latin1))
        let (notText, notTextProblems) = loader.load(file("p/latin1.md"))
        #expect(notText?.frontMatter.title == "Caf\u{FFFD}")
        #expect(notText?.body == "Body.\n")
        #expect(notTextProblems.map(\.rule) == ["content-not-utf8"])
        #expect(notTextProblems.first?.message
            == "this file is not valid UTF-8 text: byte 0xE9 here is not part of a UTF-8 character (Windows-1252 or Latin-1 text?); it is read as U+FFFD")
        #expect(notTextProblems.first?.location == SourceLocation(file: "content/p/latin1.md", line: 2, column: 11))

        // Binary data named .md: one finding, no page (read as text it was three: the byte, no front matter, line ends).
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR\r\r\r".utf8) + [0xFF, 0xFE]
        try Data(png).write(to: URL(fileURLWithPath: folder.path + "/content/p/image.md"))
        try Data([0x01, 0x02, 0x00, 0x80, 0xFF] + Array("text".utf8)).write(to: URL(fileURLWithPath: folder.path + "/content/p/blob.md"))
        for (name, kind) in [("image", "a PNG image"), ("blob", "binary data")] {
            let (binary, problems) = loader.load(file("p/\(name).md"))
            #expect(binary == nil)
            #expect(problems.map(\.formatted) == ["content/p/\(name).md:1:1: error: this file is \(kind), not text; it is not built [content-not-utf8]"])
        }

        // Front matter pasted twice: the second block is a warning over its lines, and the page is read.
        try folder.write("content/p/twice.md", "---\ntitle: T\n---\n---\ntitle: T\n---\nBody.\n")
        let (twice, twiceProblems) = loader.load(file("p/twice.md"))
        #expect(twice?.frontMatter.title == "T")
        #expect(twiceProblems.map(\.formatted) == ["content/p/twice.md:4:1: warning: a second front matter block (lines 4–6) follows the "
                                                    + "first, with its keys 'title'; Markdown shows it on the page as a horizontal rule and a heading [front-matter-repeated]"])

        try FileManager.default.createDirectory(atPath: folder.path + "/content/p/folder.md", withIntermediateDirectories: true)
        for name in ["p/folder.md", "p/missing.md"] {
            let (missing, problems) = loader.load(file(name))
            #expect(missing == nil)
            #expect(problems.map(\.rule) == ["content-unreadable"])
            #expect(problems.first?.message == "cannot read this file")
            #expect(problems.first?.location == SourceLocation(file: "content/" + name))
        }
    }
}

@Suite("Control characters")
struct ControlCharacterTests {
    @Test("the first control character is found wherever it is, with the count of the others; tabs and line ends are fine")
    func found() {
        let clean = String(repeating: "Plain text, tabs\tand CRLF\r\n", count: 40)
        #expect(ArticleLoader.firstControlCharacter(in: clean, firstLine: 5, file: "f.md") == nil)
        for (character, code) in [("\u{1B}", "U+001B (ESC)"), ("\u{7F}", "U+007F (DEL)"), ("\u{85}", "U+0085"), ("\u{0}", "U+0000 (NUL)")] {
            for offset in [0, 3, 8, 13, 64] {
                let text = String(repeating: "a", count: offset) + character + "b\n" + String(repeating: "x", count: 20) + "\u{07}"
                let found = ArticleLoader.firstControlCharacter(in: text, firstLine: 5, file: "f.md")
                #expect(found?.location == SourceLocation(file: "f.md", line: 5, column: offset + 1), "\(code) at \(offset)")
                #expect(found?.message == "control character \(code) in the text: invisible in an editor, and not allowed in HTML; 1 more in this file")
            }
        }
        let later = ArticleLoader.firstControlCharacter(in: "line one\nline two é\u{1B}", firstLine: 3, file: "f.md")
        #expect(later?.location == SourceLocation(file: "f.md", line: 4, column: 12))
    }

    @Test("every ASCII byte at every place of an eight-byte word, beside tabs and line ends, is judged as one byte at a time")
    func everyByteEveryPlace() {
        // The scanner skips eight bytes at a time; a byte it marks wrongly would be missed or reported where there
        // is none. Each of the 128 ASCII bytes, at each of 8 places, in words that also hold tab, LF and CR.
        for value in UInt8(0)..<0x80 {
            let isControl = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F
            for place in 0..<8 {
                var bytes = Array("ab\tc\r\nde\tf\r\nghij".utf8)  // 16 bytes: two words
                bytes[8 + place] = value
                let text = String(decoding: bytes, as: UTF8.self)
                let found = ArticleLoader.firstControlCharacter(in: text, firstLine: 1, file: "f.md")
                #expect((found != nil) == isControl, "byte \(value) at \(place)")
                if isControl {
                    let lineStart = bytes[..<(8 + place)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                    #expect(found?.location.column == 8 + place - lineStart + 1, "byte \(value) at \(place)")
                }
            }
        }
    }
}
