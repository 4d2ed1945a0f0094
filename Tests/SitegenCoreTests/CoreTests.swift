import Foundation
import Testing
@testable import SitegenCore

@Suite("Core vocabulary")
struct CoreTests {
    @Test("line index maps byte offsets to 1-based lines and UTF-8 columns and back")
    func lineIndex() {
        let index = LineIndex(Array("ab\ncafé x\n\nz".utf8))
        #expect(index.position(ofByte: 0) == (1, 1))
        #expect(index.position(ofByte: 3) == (2, 1))
        #expect(index.position(ofByte: 9) == (2, 7), "é is two bytes")
        #expect(index.position(ofByte: 12) == (4, 1))
        #expect(index.offset(line: 2, column: 7) == 9)
        #expect(index.offset(line: 99, column: 1) == index.byteCount)
    }

    @Test("a carriage return alone ends a line, as in Markdown and editors; one before a line feed does not")
    func lineIndexCarriageReturns() {
        let text = Array("a\rb\r\nc\r\r\nd\r".utf8)
        #expect(LineIndex(text).lineStarts == [0, 2, 5, 7, 9, 11])
        let lines = SourceLines(text)
        #expect((1...6).map { lines.line($0).map { String(decoding: $0, as: UTF8.self) } } == ["a", "b", "c", "", "d", ""])
        #expect(LineIndex(Array("a\nb\r\n".utf8)).lineStarts == [0, 2, 5])
    }

    @Test("UTF-16 text is found by its byte order mark or its zero bytes and read as UTF-8; other bytes are not")
    func utf16Text() throws {
        let text = "---\ntitle: Café 😀\n---\n"
        func bytes(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
            ((mark ? [0xFEFF] : []) + Array(text.utf16)).flatMap { unit in
                bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
        }
        for bigEndian in [false, true] {
            for mark in [false, true] {
                let found = try #require(UTF16Text(bytes(text, bigEndian: bigEndian, mark: mark)), "\(bigEndian) \(mark)")
                #expect(found.utf8 == Array(text.utf8))
                #expect(found.bigEndian == bigEndian && found.hasByteOrderMark == mark)
            }
        }
        #expect(UTF16Text([0xFF, 0xFE, 0x41, 0x00])?.name == "UTF-16 (little-endian, with a byte order mark)")
        // An unpaired surrogate is U+FFFD.
        #expect(UTF16Text([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00])?.utf8 == Array("A\u{FFFD}B".utf8))
        // Not UTF-16: UTF-8 text (with or without a NUL byte), an odd length, UTF-32's byte order mark.
        #expect(UTF16Text(Array("plain text\n".utf8)) == nil)
        #expect(UTF16Text(Array("a NUL \u{0} in UTF-8 text\n".utf8)) == nil)
        #expect(UTF16Text([0xFF, 0xFE, 0x41]) == nil)
        #expect(UTF16Text([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]) == nil)
    }

    @Test("inOrder is a stable sort: random lists, lists in order, and lists in order with findings appended")
    func inOrder() {
        var generator = SeededGenerator(seed: 24)
        func random() -> Diagnostic {
            var made = Diagnostic([Severity.error, .warning, .note].randomElement(using: &generator)!,
                                  SourceLocation(file: ["content/a.md", "content/b.md", "sitegen.yml"].randomElement(using: &generator)!,
                                                 line: Int.random(in: 0...3, using: &generator),
                                                 column: Int.random(in: 0...2, using: &generator)),
                                  rule: ["r1", "r2"].randomElement(using: &generator)!, ["m1", "m2"].randomElement(using: &generator)!)
            // Not compared by `<`: it tells equal findings apart, so that their order is checked too.
            made.fixIt = String(Int.random(in: 0..<1_000_000, using: &generator))
            return made
        }
        func stable(_ list: [Diagnostic]) -> [Diagnostic] {
            list.indices.sorted { a, b in list[a] < list[b] || (!(list[b] < list[a]) && a < b) }.map { list[$0] }
        }
        var lists: [[Diagnostic]] = [[], [random()]]
        for _ in 0..<300 {
            let count = Int.random(in: 0...60, using: &generator)
            let list = (0..<count).map { _ in random() }
            lists.append(list)
            lists.append(stable(list))
            lists.append(stable(list) + (0..<Int.random(in: 1...8, using: &generator)).map { _ in random() })
        }
        for list in lists {
            #expect(list.inOrder() == stable(list))
            #expect(list.count(of: .warning) == list.filter { $0.severity == .warning }.count)
            #expect(list.has(.note) == list.contains { $0.severity == .note })
            #expect(list.hasErrors == list.contains { $0.severity == .error })
        }
    }

    @Test("parallelSorted is sorted(by:): the same order, equal items in their order, on any number of jobs")
    func parallelSort() {
        var generator = SeededGenerator(seed: 18)
        for count in [0, 1, 2, 4095, 4096, 4097, 10_000, 25_001] {
            // Pairs compared by their first half only: the second tells equal items apart.
            let items = (0..<count).map { (Int.random(in: 0..<300, using: &generator), $0) }
            let expected = items.sorted { $0.0 < $1.0 }
            for jobs in [1, 2, 3, 8] {
                let sorted = parallelSorted(items, jobs: jobs) { $0.0 < $1.0 }
                #expect(sorted.map(\.0) == expected.map(\.0) && sorted.map(\.1) == expected.map(\.1), "\(count) items, \(jobs) jobs")
            }
        }
    }

    @Test("parallelMapOnThreads is map, on any number of jobs, and runs its items at once, each on a thread")
    func parallelMapOnOwnThreads() throws {
        for count in [0, 1, 2, 3, 100] {
            for jobs in [1, 2, 5] {
                #expect(parallelMapOnThreads(Array(0..<count), jobs: jobs) { $0 * 3 + 1 } == (0..<count).map { $0 * 3 + 1 })
            }
        }
        // The items run at once, each on a thread: two that wait for each other both finish (one after the other,
        // on one thread, the first would wait for good; here it would give up after 10 s).
        let signals = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let met = parallelMapOnThreads([0, 1], jobs: 2) { item -> Bool in
            signals[1 - item].signal()
            return signals[item].wait(timeout: .now() + 10) == .success
        }
        #expect(met == [true, true])
    }

    @Test("diagnostics sort by file, line, column and print like a compiler's")
    func diagnostics() {
        let late = Diagnostic.warning(SourceLocation(file: "content/b.md", line: 2, column: 1), rule: "r", "late")
        let early = Diagnostic.error(SourceLocation(file: "content/a.md", line: 10, column: 4), rule: "front-matter-missing-title", "no title")
        let sameLine = Diagnostic.error(SourceLocation(file: "content/a.md", line: 10, column: 2), rule: "r", "first")
        #expect([late, early, sameLine].sorted() == [sameLine, early, late])
        #expect(early.formatted == "content/a.md:10:4: error: no title [front-matter-missing-title]")
        #expect(Diagnostic.warning(SourceLocation(file: "content/x"), rule: "r", "m").formatted == "content/x: warning: m [r]")
        #expect([late, early].count(of: .error) == 1)
        #expect([late, early].hasErrors)
    }

    @Test("path text validation and encoding")
    func pathText() {
        #expect(SitePath.isValidPathText("/how-to/a-b_c.d~/%20x/"))
        #expect(!SitePath.isValidPathText("/a b/"))
        #expect(!SitePath.isValidPathText("/a%2/"))
        #expect(!SitePath.isValidPathText("/a?b"))
        #expect(SitePath.encodePathText("a b/é") == "a%20b/%C3%A9")
        #expect("a%20b%2".removingPercentEncodingStrict == nil)
        #expect("caf%C3%A9".removingPercentEncodingStrict == "café")
    }
}

@Suite("Byte search")
struct ByteSearchTests {
    /// The first occurrence of `pattern` wholly inside `range` of `bytes`, by comparing at every start.
    static func plainSearch(_ pattern: [UInt8], in bytes: [UInt8], _ range: Range<Int>) -> Range<Int>? {
        guard !pattern.isEmpty, pattern.count <= range.count else { return nil }
        return (range.lowerBound...(range.upperBound - pattern.count)).first {
            Array(bytes[$0..<($0 + pattern.count)]) == pattern
        }.map { $0..<($0 + pattern.count) }
    }

    @Test("finds the first occurrence wholly inside a range, and nothing that crosses its ends")
    func inRange() {
        let bytes = Array("a](x) b](x) ](x".utf8)
        let pattern = Array("](x".utf8)
        pattern.withUnsafeBufferPointer { pattern in
            #expect(bytes.firstRange(of: pattern) == 1..<4)
            #expect(bytes.firstRange(of: pattern, in: 2..<bytes.count) == 7..<10)
            #expect(bytes.firstRange(of: pattern, in: 7..<10) == 7..<10)
            #expect(bytes.firstRange(of: pattern, in: 7..<9) == nil)  // would cross the end
            #expect(bytes.firstRange(of: pattern, in: 8..<bytes.count) == 12..<15)
            #expect(bytes.firstRange(of: pattern, in: 13..<bytes.count) == nil)
            #expect(bytes.firstRange(of: pattern, in: 5..<5) == nil)
        }
        #expect(bytes.firstRange(of: [UInt8]()) == nil)
        #expect(bytes.firstRange(of: "b]") == 6..<8)
    }

    @Test("patterns of four bytes and more, whose first four are compared in one load, match a plain search")
    func longPatterns() {
        // Many near misses: candidates that share the first byte, or the first three, or all but the last.
        let bytes = Array("<li><a><lia><li><ul><li>x</li><li>x</ul><li>x</li>".utf8)
        func plainSearch(_ pattern: [UInt8], _ range: Range<Int>) -> Range<Int>? { Self.plainSearch(pattern, in: bytes, range) }
        for text in ["<li>", "<li>x", "<li>x</ul>", "<li>x</li>", "<lia", "<ul>", "x</li><li>", "</ul><li>x</li>", "<lib"] {
            let pattern = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: 3) {
                for end in [bytes.count, start + 5, start + 12] where end <= bytes.count && end >= start {
                    let found = pattern.withUnsafeBufferPointer { bytes.firstRange(of: $0, in: start..<end) }
                    #expect(found == plainSearch(pattern, start..<end), "\(text) in \(start)..<\(end)")
                }
            }
        }
        #expect(bytes.firstRange(of: "x</li><li>x</ul>") == 24..<40)
    }

    @Test("a pattern found by a byte other than its first (not a lowercase letter) matches a plain search, near both ends")
    func anchoredLater() {
        // Every pattern of one to five bytes over `a`, `b`, `-` (the byte searched for is the first `-`, or the
        // first byte when there is none), in every range of a text with runs of each.
        let bytes = Array("a-b--ab-a-bb-aa--b-a-".utf8)
        func plainSearch(_ pattern: [UInt8], _ range: Range<Int>) -> Range<Int>? { Self.plainSearch(pattern, in: bytes, range) }
        var patterns: [[UInt8]] = [[]]
        for _ in 1...5 { patterns = patterns + patterns.filter { $0.count == patterns.last!.count }.flatMap { p in Array("ab-".utf8).map { p + [$0] } } }
        for pattern in patterns where !pattern.isEmpty {
            for start in 0...bytes.count {
                for end in start...bytes.count {
                    let found = pattern.withUnsafeBufferPointer { bytes.firstRange(of: $0, in: start..<end) }
                    #expect(found == plainSearch(pattern, start..<end), "\(String(decoding: pattern, as: UTF8.self)) in \(start)..<\(end)")
                }
            }
        }
        #expect("text with sitegen ignore and sitegen-ignore".containsBytes(of: "sitegen-ignore"))
        #expect(!"sitegen ignore, sitegen-ignor, itegen-ignore".containsBytes(of: "sitegen-ignore"))
    }

    @Test("UTF-8 byte order, as the generic comparison of the UTF-8 views gives it")
    func byteOrder() {
        let words = ["", "a", "A", "ab", "a/b", "a-b", "é", "e\u{301}", "z", "Z/a", "index.html", "how-to/x/index.html",
                     "how-to/x-y/index.html", "how-to/x/", "\u{1F600}", "ü"]
        for left in words {
            for right in words {
                #expect(left.utf8Precedes(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) < \(right)")
            }
        }
    }
}

@Suite("Slash-separated parts")
struct SlashSeparatedPartTests {
    @Test("the first and last parts are what split(separator: \"/\") gives")
    func parts() {
        for path in ["", "/", "//", "a", "a/", "/a", "a/b", "a/b.md", "a//b/", "/a/b/", "product/x.md", "x/y/z.md",
                     "a///", "///a", "é/ü.md", "a b/c d"] {
            let parts = path.split(separator: "/")
            #expect(path.lastSlashSeparatedPart == parts.last, "\(path)")
            #expect(path.firstOfSeveralSlashSeparatedParts == (parts.count > 1 ? parts[0] : nil), "\(path)")
        }
    }
}

@Suite("Byte in a string")
struct ContainsByteTests {
    @Test("a byte is found as the UTF-8 view finds it, in native and bridged strings")
    func containsByte() {
        for text in ["", "a", "%", "/how-to/a%20b/", "é@x", "\\", String(repeating: "x", count: 100) + "@"] {
            for byte in [UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "\\"), UInt8(ascii: "x")] {
                #expect(text.containsByte(byte) == text.utf8.contains(byte), "\(text) \(byte)")
            }
        }
    }
}

@Suite("Output paths")
struct OutputPathTests {
    @Test("a path without escapes or odd segments is written where its segments, decoded one by one, say")
    func asWritten() {
        for path in ["/", "/a", "/a/", "/how-to/x/", "/how-to/x/index.html", "/a.b/c..d/", "/.a/", "/a/...", "/a//b/", "//",
                     "/./", "/../x/", "/a/./", "/a/..", "/a b/", "/how-to/a%20b/", "/x%2Fy/", "/%2e%2e/", "/é/ü/"] {
            #expect(SitePath(path).outputRelativePath == SitePath(path).decodedOutputRelativePath, "\(path)")
        }
        #expect(SitePath("/how-to/x/").outputRelativePath == "how-to/x/index.html")
        #expect(SitePath("/a//b/").outputRelativePath == "a/b/index.html")
    }

    @Test("dot segments, and empty ones when they count, are found as splitting the path finds them")
    func dotSegments() {
        for path in ["", "a", "a/", "/a", ".", "..", "...", "./", "a/./b", "a/../", "a..b/", ".a/", "a./", "a//b", "/", "//",
                     "a/.", "a/..", "a/...", "a/b/", "é/./"] {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let counted = parts.last == "" ? parts.dropLast() : parts[...]
            #expect(SitePath.hasDotSegment(path.utf8[...], countingEmpty: true)
                        == counted.contains { $0 == "" || $0 == "." || $0 == ".." }, "\(path)")
            #expect(SitePath.hasDotSegment(path.utf8[...], countingEmpty: false)
                        == path.split(separator: "/").contains { $0 == "." || $0 == ".." }, "\(path)")
        }
    }
}

@Suite("Byte search in strings")
struct StringByteSearchTests {
    @Test("a string contains another's bytes, anywhere, with no copy")
    func contains() {
        #expect("see <!-- sitegen-ignore -->".containsBytes(of: "sitegen-ignore"))
        #expect("https://x".containsBytes(of: "://"))
        #expect(!"apps.example.com/x".containsBytes(of: "://"))
        #expect("ab".containsBytes(of: "ab"))
        #expect(!"a".containsBytes(of: "ab"))
        #expect(!"abc".containsBytes(of: ""))
        #expect("café://".containsBytes(of: "é:"))
    }

    @Test("bytes replaced as Foundation's replacingOccurrences replaces them: left to right, without overlaps")
    func replacing() {
        let marker = "\u{E000}sitegeninclude\u{E001}list.html\u{E002}"
        #expect("<p>\(marker)</p>\n<p>é \(marker)</p>".replacingBytes(of: "<p>" + marker + "</p>", with: "<ul></ul>")
            == "<ul></ul>\n<p>é \(marker)</p>")
        #expect("aaaaa".replacingBytes(of: "aa", with: "b") == "bba")
        #expect("abc".replacingBytes(of: "", with: "x") == "abc")
        #expect("abc".replacingBytes(of: "abcd", with: "x") == "abc")
        #expect("x\(marker)".replacingBytes(of: marker, with: "") == "x")
        // Random texts of a few letters, private-use and accented characters, against Foundation.
        let alphabet: [String] = ["a", "b", "<", "p", ">", "é", "\u{E000}", "\u{E002}", "日", "\n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let pattern = (0..<Int.random(in: 1...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let replacement = (0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(text.replacingBytes(of: pattern, with: replacement) == text.replacingOccurrences(of: pattern, with: replacement),
                    "\(Array(text.unicodeScalars)) \(Array(pattern.unicodeScalars)) → \(Array(replacement.unicodeScalars))")
        }
    }
}

@Suite("Link occurrences")
struct LinkOccurrenceTests {
    @Test("positions read back as written, nil stays nil, and a link takes 72 bytes")
    func positions() {
        var link = LinkOccurrence(kind: .link, destination: "/how-to/x/", line: 54, column: 3, destinationLine: 54,
                                  destinationColumn: 10)
        #expect([link.line, link.column, link.destinationLine, link.destinationColumn] == [54, 3, 54, 10])
        link.destinationLine = nil
        link.destinationColumn = nil
        link.line = 7
        #expect(link.destinationLine == nil && link.destinationColumn == nil && link.line == 7)
        #expect(link == LinkOccurrence(kind: .link, destination: "/how-to/x/", line: 7, column: 3))
        #expect(LinkOccurrence(kind: .image, destination: "a.png", line: 1, column: 1).destinationLine == nil)
        // Every article's links stay in memory until the end of a build.
        #expect(MemoryLayout<LinkOccurrence>.stride <= 72)
    }
}
