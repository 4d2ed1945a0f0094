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
                                     exclude: ["retired-articles/*"])
        let (files, diagnostics) = try scanner.scan()
        #expect(files.map(\.contentPath) == ["b/a file.md", "b/images/x.png", "b/z.md"])
        #expect(files.map(\.kind) == [.markdown, .asset, .markdown])
        #expect(files[0].productFolder == "b")
        #expect(files[0].baseName == "a file")
        #expect(diagnostics.map(\.rule) == ["content-missing-extension"])
        #expect(diagnostics.first?.location.file == "content/general/lost its extension")
        #expect(diagnostics.first?.message == "this file has front matter but no '.md' extension; it is skipped")
    }

    @Test("symbolic links are reported and not followed, a pipe is left out, an unlistable folder stops the scan")
    func specialEntries() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/b/real.md", "---\ntitle: R\n---\n")
        try folder.write("outside/secret.md", "---\ntitle: S\n---\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/content/b/link.md",
                                                   withDestinationPath: folder.path + "/outside/secret.md")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/content/linked-folder",
                                                   withDestinationPath: folder.path + "/outside")
        #expect(mkfifo(folder.path + "/content/b/pipe.md", 0o644) == 0)
        let scanner = ContentScanner(contentRoot: folder.path + "/content", displayRoot: "content", exclude: [])
        let (files, diagnostics) = try scanner.scan()
        #expect(files.map(\.contentPath) == ["b/real.md"])
        #expect(diagnostics.map(\.rule) == ["content-symlink", "content-symlink"])
        #expect(diagnostics.map(\.location.file) == ["content/b/link.md", "content/linked-folder"])

        let notAFolder = ContentScanner(contentRoot: folder.path + "/content/b/real.md", displayRoot: "content", exclude: [])
        #expect(throws: (any Error).self) { try notAFolder.scan() }
        do {
            _ = try notAFolder.scan()
        } catch {
            #expect(error.localizedDescription == "content: Not a directory")
        }
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
        let (article, diagnostics) = ArticleLoader(urls: URLMapper(baseURL: "/how-to/")).load(file)
        #expect(article == nil)
        #expect(diagnostics.map(\.rule) == ["front-matter-missing"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location == SourceLocation(file: "content/p/plain.md", line: 1, column: 1))
    }

    @Test("index.md without a permalink is its folder's page")
    func indexPage() throws {
        let file = SourceFile(kind: .markdown, absolutePath: "/x", contentPath: "dns/index.md", displayPath: "content/dns/index.md")
        let (article, _) = ArticleLoader(urls: URLMapper(baseURL: "/how-to/")).load(file, text: "---\ntitle: DNS\n---\nHi\n")
        #expect(article?.url.value == "/how-to/dns/")
        #expect(article?.bodyFirstLine == 4)
    }

    @Test("a file is read whole, whatever its size, and a file that cannot be read or is not UTF-8 is an error")
    func reading() throws {
        let folder = try TemporaryFolder()
        let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"))
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
}
