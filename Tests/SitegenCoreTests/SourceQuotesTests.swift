import Foundation
import SitegenCore
import SitegenTestSupport
import Testing

@Suite("Source quotes: the lines findings quote, each file read once")
struct SourceQuotesTests {
    func diagnostic(_ file: String, line: Int, column: Int = 1, edit: TextEdit? = nil) -> Diagnostic {
        var made = Diagnostic.error(SourceLocation(file: file, line: line, column: column), rule: "link-broken", "broken")
        made.edit = edit
        return made
    }

    @Test("each quoted line as SourceLines gives it; a line past the end and an unreadable file give nil")
    func lines() throws {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "one\r\ntwo é\nthree\rfour\n")
        let quotes = SourceQuotes(siteRoot: work.path + "/site")
        quotes.prefetch([diagnostic("content/a.md", line: 2), diagnostic("content/a.md", line: 4),
                         diagnostic("content/a.md", line: 9), diagnostic("content/missing.md", line: 1)], jobs: 2)
        #expect(quotes.line(1, of: "content/a.md") == Array("one".utf8))
        #expect(quotes.line(2, of: "content/a.md") == Array("two é".utf8))
        #expect(quotes.line(3, of: "content/a.md") == Array("three".utf8))
        #expect(quotes.line(4, of: "content/a.md") == Array("four".utf8))
        #expect(quotes.line(9, of: "content/a.md") == nil)
        #expect(quotes.line(1, of: "content/missing.md") == nil)
        // Columns in scalars: 'é' is two bytes and one character.
        #expect(quotes.scalarColumn(file: "content/a.md", line: 2, byteColumn: 7) == 6)
        #expect(quotes.scalarColumn(file: "content/a.md", line: 2, byteColumn: 1) == 1)
        #expect(quotes.scalarColumn(file: "content/missing.md", line: 1, byteColumn: 7) == 7)
    }

    @Test("prefetched lines are kept when the file changes or goes: the file is read once")
    func readOnce() throws {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "first\nsecond\n")
        let quotes = SourceQuotes(siteRoot: work.path + "/site")
        quotes.prefetch([diagnostic("content/a.md", line: 2, edit: TextEdit(line: 1, column: 1, original: "f", replacement: "F"))],
                        jobs: 1)
        try FileManager.default.removeItem(atPath: work.path + "/site/content/a.md")
        #expect(quotes.line(2, of: "content/a.md") == Array("second".utf8))
        // The edit's line was read with the finding's.
        #expect(quotes.line(1, of: "content/a.md") == Array("first".utf8))
        // A line not asked for before is read now; the file is gone, and what was held stays.
        #expect(quotes.line(3, of: "content/a.md") == nil)
        #expect(quotes.line(2, of: "content/a.md") == Array("second".utf8))
    }

    @Test("lines held from a file's bytes are those prefetch reads, for that file's findings only, and are not read again")
    func held() throws {
        let work = try TemporaryFolder()
        let text = "one\r\ntwo é\nthree\rfour\n"
        // As UTF-16 too: its lines are counted in the UTF-8 it is read as, whether held or read.
        let utf16 = [UInt8]([0xFF, 0xFE]) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (name, bytes) in [("a.md", Array(text.utf8)), ("u.md", utf16)] {
            try work.write("site/content/" + name, "")
            try Data(bytes).write(to: URL(fileURLWithPath: work.path + "/site/content/" + name))
            let file = "content/" + name
            let findings = [diagnostic(file, line: 2), diagnostic(file, line: 9),
                            diagnostic(file, line: 4, edit: TextEdit(line: 3, column: 1, original: "t", replacement: "T")),
                            diagnostic("content/other.md", line: 1)]
            let read = SourceQuotes(siteRoot: work.path + "/site")
            read.prefetch(findings, jobs: 1)
            let held = SourceQuotes(siteRoot: work.path + "/site")
            held.hold(linesQuotedBy: findings, of: file, bytes: bytes)
            try Data("changed\nchanged\nchanged\nchanged\n".utf8).write(to: URL(fileURLWithPath: work.path + "/site/content/" + name))
            for line in [2, 3, 4, 9] {
                #expect(held.line(line, of: file) == read.line(line, of: file), "\(name) line \(line)")
            }
            #expect(held.line(4, of: file) == Array("four".utf8))
            // Line 1 was quoted by no finding: it is read now, from the file as it is.
            #expect(held.line(1, of: file) == Array("changed".utf8))
            // Another file's finding took nothing from these bytes.
            try work.write("site/content/other.md", "other\n")
            #expect(held.line(1, of: "content/other.md") == Array("other".utf8))
        }
    }

    @Test("a file's held lines, looked up once, give what line(_:of:) gives; a line not held is read then")
    func heldLookup() throws {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "one\ntwo\nthree\n")
        let quotes = SourceQuotes(siteRoot: work.path + "/site")
        let findings = [diagnostic("content/a.md", line: 2), diagnostic("content/a.md", line: 9), diagnostic("content/missing.md", line: 1)]
        quotes.prefetch(findings, jobs: 2)
        let held = quotes.held("content/a.md")
        try work.write("site/content/a.md", "ONE\nTWO\nTHREE\n")
        #expect(quotes.line(2, in: held) == Array("two".utf8))
        #expect(quotes.line(9, in: held) == nil)
        // Not held: read now, from the file as it is.
        #expect(quotes.line(3, in: held) == Array("THREE".utf8))
        #expect(quotes.line(1, in: quotes.held("content/missing.md")) == nil)
        // Nothing held for a file no finding named: read when asked.
        #expect(quotes.line(1, in: quotes.held("content/a.md")) == Array("ONE".utf8))
    }

    @Test("prefetching a list again keeps the lines held; a new list's lines are read")
    func prefetchedOnce() throws {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "one\ntwo\n")
        try work.write("site/content/b.md", "uno\ndos\n")
        let quotes = SourceQuotes(siteRoot: work.path + "/site")
        let findings = [diagnostic("content/a.md", line: 1)]
        quotes.prefetch(findings, jobs: 1)
        try work.write("site/content/a.md", "changed\nchanged\n")
        quotes.prefetch(findings, jobs: 1)
        #expect(quotes.line(1, of: "content/a.md") == Array("one".utf8))
        // Another list, held elsewhere: its lines are read (before the file below changes).
        let others = findings + [diagnostic("content/b.md", line: 2)]
        quotes.prefetch(others, jobs: 1)
        try work.write("site/content/b.md", "changed\nchanged\n")
        #expect(quotes.line(2, of: "content/b.md") == Array("dos".utf8))
    }

    @Test("a file outside the site's boundary is never quoted")
    func boundary() throws {
        let work = try TemporaryFolder()
        try work.write("site/content/a.md", "inside\n")
        try work.write("secret.txt", "SECRET\n")
        try FileManager.default.createSymbolicLink(atPath: work.path + "/site/content/b.md", withDestinationPath: "../../secret.txt")
        let quotes = SourceQuotes(siteRoot: work.path + "/site")
        quotes.prefetch([diagnostic("content/b.md", line: 1), diagnostic("content/a.md", line: 1)], jobs: 2)
        #expect(quotes.line(1, of: "content/b.md") == nil)
        #expect(quotes.line(1, of: "content/a.md") == Array("inside".utf8))
    }
}
