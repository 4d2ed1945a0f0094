import Foundation
public import SitegenCore

/// Reads one Markdown source file into an `Article`, reporting what is wrong with it.
public struct ArticleLoader: Sendable {
    public let urls: URLMapper
    /// Jekyll mode (no `sitegen.yml`): files are read as Jekyll reads them where the two differ.
    public let jekyllCompatible: Bool
    /// The folders files may be read from.
    public let boundary: SiteBoundary

    /// Largest file read whole (`limits.article_bytes`); of a larger one only the front matter is read.
    public let maximumBytes: Int

    public init(urls: URLMapper, jekyllCompatible: Bool = false, boundary: SiteBoundary, maximumBytes: Int = Int.max) {
        self.urls = urls
        self.jekyllCompatible = jekyllCompatible
        self.boundary = boundary
        self.maximumBytes = maximumBytes
    }

    /// The article, or nil when the file is not a page (unreadable, no front matter), with what is wrong with it.
    /// A file whose front matter has errors is still an article, with what could be read of its front matter:
    /// it keeps its best-effort URL and its body is checked, so that its error is the only finding it causes.
    public func load(_ file: SourceFile) -> (Article?, [Diagnostic]) {
        let (article, problems, _) = loadKeepingBytes(file)
        return (article, problems)
    }

    /// `load`, with the file's bytes as they were read: nil when it could not be read whole (unreadable, or too
    /// large, when only its start is read).
    public func loadKeepingBytes(_ file: SourceFile) -> (Article?, [Diagnostic], bytes: [UInt8]?) {
        let location = SourceLocation(file: file.displayPath)
        let bytes: [UInt8]
        let size: Int
        do {
            // The front matter's limit, its fences, a byte order mark and line ends: enough of a file too large to
            // read whole to keep it in the site by its front matter.
            (bytes, size) = try boundary.read(file.absolutePath, atMost: maximumBytes,
                                              prefix: FrontMatterParser.maximumBytes + 1024)
        } catch {
            return (nil, [boundary.diagnostic(for: error, at: location)
                              ?? .error(location, rule: "content-unreadable", "cannot read this file")], nil)
        }
        if size > maximumBytes {
            let (article, problems) = tooLarge(file, prefix: bytes, size: size)
            return (article, problems, nil)
        }
        if let utf16 = UTF16Text(bytes) {
            // Read as what it is, so that the page is built and links to it resolve; the one finding says why Git
            // and other tools will not read it.
            let (article, problems) = load(file, text: String(decoding: utf16.utf8, as: UTF8.self))
            return (article, [Self.utf16Finding(utf16, file: file.displayPath)] + problems, bytes)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            let (article, problems) = load(file, text: text)
            return (article, problems, bytes)
        }
        // Binary data saved as `.md` (an image, an archive): one finding, and no page. Read as text it gave three
        // findings for one cause (no front matter, stray carriage returns, the bad byte) and failed the build.
        if let kind = Self.binaryKind(bytes) {
            return (nil, [.error(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "content-not-utf8",
                                 "this file is \(kind), not text; it is not built",
                                 fixIt: "give it its own extension and keep it with the other assets, or delete it")], bytes)
        }
        // Not UTF-8 (often one Windows-1252 character typed into an otherwise UTF-8 file): reported where the
        // first bad byte is, and the file read with each bad sequence shown as U+FFFD.
        let (article, problems) = load(file, text: String(decoding: bytes, as: UTF8.self))
        return (article, [Self.notUTF8(bytes, file: file.displayPath)] + problems, bytes)
    }

    /// `front-matter-repeated` when the body starts (after blank lines) with a second front matter block that has a
    /// key of the first: pasted twice, or left by a merge. Markdown shows it as a horizontal rule and a heading made
    /// of its lines. A block of other keys (`---`, `Note: ...`, `---` framing a note) is text the writer meant.
    static func repeatedFrontMatter(_ body: String, bodyFirstLine: Int, first: FrontMatterFields, file: String) -> Diagnostic? {
        // Only a body that starts with a fence can: most do not, and are passed over at their first line.
        guard body.utf8.first(where: { $0 != 0x0A && $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "-") else { return nil }
        let second = FrontMatterSplitter.split(body)
        guard let yaml = second.yaml, !second.unterminated else { return nil }
        let known = Set(first.map(\.key))
        let keys = yaml.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), line.first.map({ $0 != " " && $0 != "\t" && $0 != "#" }) ?? false else { return nil }
            return String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        }
        let shared = keys.filter(known.contains)
        guard !shared.isEmpty else { return nil }
        let start = bodyFirstLine - 1 + (second.displacedFenceLine ?? 1), end = bodyFirstLine + second.bodyFirstLine - 2
        return .warning(SourceLocation(file: file, line: start, column: 1), rule: "front-matter-repeated",
                        "a second front matter block (lines \(start)–\(end)) follows the first, with its keys "
                            + shared.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (shared.count > 3 ? " and more" : "")
                            + "; Markdown shows it on the page as a horizontal rule and a heading",
                        fixIt: "delete lines \(start)–\(end), or move what differs into the front matter above")
    }

    /// What binary data the bytes (not valid UTF-8) are: a known file signature, else "binary data" when the
    /// start has a zero byte (which no text in an 8-bit encoding has); nil for text in another encoding.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        let signatures: [(bytes: [UInt8], name: String)] = [
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"), (Array("GIF8".utf8), "a GIF image"),
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or an Office document)"), ([0x1F, 0x8B], "gzip-compressed data"),
            (Array("%PDF".utf8), "a PDF document"), ([0x7F, 0x45, 0x4C, 0x46], "a program (ELF)"),
        ]
        if let known = signatures.first(where: { bytes.starts(with: $0.bytes) }) { return known.name }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) { return "a WebP image" }
        return bytes.prefix(8192).contains(0) ? "binary data" : nil
    }

    /// `content-utf16` at the start of a file saved as UTF-16.
    static func utf16Finding(_ text: UTF16Text, file: String) -> Diagnostic {
        .error(SourceLocation(file: file, line: 1, column: 1), rule: "content-utf16",
               "this file is \(text.name), not UTF-8: sitegen reads it, but Git shows its changes as binary, "
                   + "and other tools (Jekyll, editors set to UTF-8) see a zero byte after every letter",
               fixIt: "save the file as UTF-8")
    }

    /// `content-not-utf8` at the first byte that is not part of a valid UTF-8 sequence.
    static func notUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        var line = 1, lineStart = 0, offset = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var consumed = 0
        scan: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let width = UTF8.width(scalar)
                // A line ends at `\n`, and at a `\r` that no `\n` follows (as `LineIndex` counts).
                if scalar == "\n" || scalar == "\r" && (consumed + 1 >= bytes.count || bytes[consumed + 1] != 0x0A) {
                    line += 1
                    lineStart = consumed + width
                }
                consumed += width
            case .emptyInput:
                break scan
            case .error:
                offset = consumed
                break scan
            }
        }
        let byte = offset < bytes.count ? bytes[offset] : 0
        return Diagnostic(.error, SourceLocation(file: file, line: line, column: offset - lineStart + 1),
                          rule: "content-not-utf8",
                          "this file is not valid UTF-8 text: byte 0x\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) "
                              + "here is not part of a UTF-8 character (Windows-1252 or Latin-1 text?); it is read as U+FFFD",
                          fixIt: "save the file as UTF-8")
    }

    /// A file over `maximumBytes`: an article with its front matter and no body, so that links to it resolve and
    /// its one error is the only finding it causes.
    private func tooLarge(_ file: SourceFile, prefix: [UInt8], size: Int) -> (Article?, [Diagnostic]) {
        let error = Diagnostic.error(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "content-too-large",
                                     "this article is \(size) bytes; articles over \(maximumBytes) bytes are not read "
                                         + "(limits.article_bytes in sitegen.yml)",
                                     fixIt: "split it into several articles, or raise limits.article_bytes")
        let normalized = Self.withLoneCarriageReturnsAsLineFeeds(String(decoding: prefix, as: UTF8.self))
        let text = normalized?.text ?? String(decoding: prefix, as: UTF8.self)
        let split = FrontMatterSplitter.split(text)
        guard split.yaml != nil, !split.unterminated else { return (nil, [error]) }
        // Only the front matter, closed: the body is not read.
        let head = text.split(separator: "\n", maxSplits: split.bodyFirstLine - 1, omittingEmptySubsequences: false)
            .prefix(split.bodyFirstLine - 1).joined(separator: "\n") + "\n"
        var (article, problems) = load(file, text: head)
        article?.body = ""
        article?.bodyIsOmitted = true
        // Only the start of the file was read: its first lone carriage return is known, not how many follow.
        let lineEnds = normalized.map { [Self.lineEndsFinding(($0.text, $0.first, $0.doubled, 1), file: file.displayPath)] } ?? []
        return (article, [error] + lineEnds + problems)
    }

    /// Same as `load(_:)` for text already in memory.
    ///
    /// A carriage return that no line feed follows (classic Mac OS line ends, or the CR CR LF a broken conversion
    /// leaves) ends a line for Markdown, YAML and editors, but for none of the steps that split lines at `\n`: the
    /// file is read with each one made a line feed, so that its front matter is found and every position counts
    /// it as editors do (`LineIndex` does the same on the file's own bytes, for its excerpts and `sitegen fix`),
    /// and `content-line-endings` says so once.
    public func load(_ file: SourceFile, text original: String) -> (Article?, [Diagnostic]) {
        let normalized = Self.withLoneCarriageReturnsAsLineFeeds(original)
        let text = normalized?.text ?? original
        let lineEnds = normalized.map { [Self.lineEndsFinding($0, file: file.displayPath)] } ?? []
        let (article, problems) = load(file, normalizedText: text)
        return (article, lineEnds + problems)
    }

    /// The text with every carriage return that no line feed follows made a line feed, where it had any: the
    /// first one's offset, whether it came before a CR LF (CR CR LF), and how many there were.
    static func withLoneCarriageReturnsAsLineFeeds(_ text: String)
        -> (text: String, first: Int, doubled: Bool, count: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (text: String, first: Int, doubled: Bool, count: Int)? in
            guard let base = bytes.baseAddress,
                  var at = memchr(base, 0x0D, bytes.count).map({ UnsafeRawPointer($0) - UnsafeRawPointer(base) }) else { return nil }
            var copy: [UInt8]?
            var first = -1, doubled = false, count = 0
            while at < bytes.count {
                if bytes[at] == 0x0D, at + 1 == bytes.count || bytes[at + 1] != 0x0A {
                    if copy == nil { copy = Array(bytes) }
                    copy![at] = 0x0A
                    if first < 0 {
                        first = at
                        doubled = at + 2 < bytes.count && bytes[at + 1] == 0x0D && bytes[at + 2] == 0x0A
                    }
                    count += 1
                }
                guard let next = memchr(base + at + 1, 0x0D, bytes.count - at - 1) else { break }
                at = UnsafeRawPointer(next) - UnsafeRawPointer(base)
            }
            return copy.map { (String(decoding: $0, as: UTF8.self), first, doubled, count) }
        }
    }

    /// `content-line-endings` at the first lone carriage return (its line counted as editors count it).
    private static func lineEndsFinding(_ found: (text: String, first: Int, doubled: Bool, count: Int), file: String) -> Diagnostic {
        let position = LineIndex(Array(found.text.utf8)).position(ofByte: found.first)
        let others = found.count > 1 ? "; \(found.count - 1) more in this file" : ""
        let location = SourceLocation(file: file, line: position.line, column: position.column)
        if found.doubled {
            return .warning(location, rule: "content-line-endings",
                            "two carriage returns before a line feed (CR CR LF, left by a line-end conversion done twice): "
                                + "Markdown reads two line ends, a blank line that ends the paragraph or list here\(others)",
                            fixIt: "remove the extra carriage returns: save the file with LF (or CRLF) line ends")
        }
        return .warning(location, rule: "content-line-endings",
                        "a line ends with a carriage return alone (CR, the line end of classic Mac OS): Markdown and "
                            + "sitegen's line numbers start a new line here, Git and diffs see one long line\(others)",
                        fixIt: "save the file with LF (or CRLF) line ends")
    }

    /// The URL of a file's page when its front matter has no permalink, from its file name. `index.md` is its
    /// folder's page: `<product>/index.md` is the product's landing page.
    public func defaultURL(of file: SourceFile) -> SitePath {
        let permalink = file.baseName == "index" ? "/" + (file.productFolder.map { $0 + "/" } ?? "") : nil
        return urls.pageURL(permalink: permalink, fileBaseName: file.baseName)
    }

    private func load(_ file: SourceFile, normalizedText text: String) -> (Article?, [Diagnostic]) {
        let split = FrontMatterSplitter.split(text)
        guard let yaml = split.yaml else {
            return (nil, [.warning(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "front-matter-missing",
                                   "this Markdown file has no front matter, so it is not built",
                                   fixIt: "start the file with '---', a 'title: ...' line and '---'")])
        }
        let reading: FrontMatterReading
        var body = split.body, bodyFirstLine = split.bodyFirstLine
        if split.unterminated {
            // The front matter is taken to end before the first line that cannot be part of it, and the body to
            // start there. Jekyll reads such a file as one without front matter, whose every line is body text:
            // in Jekyll mode the page shows what Jekyll shows.
            let fence = SourceLocation(file: file.displayPath, line: 1, column: 1)
            reading = FrontMatterParser.salvage(
                yaml: yaml, firstLine: split.yamlFirstLine, file: file.displayPath,
                error: .error(fence, rule: "front-matter-unterminated",
                              "front matter starts with '---' but never ends"
                                  + (jekyllCompatible ? ", so (as in Jekyll) the file has no front matter and every line is shown as text" : ""),
                              fixIt: "add a line '---' after line \(split.bodyFirstLine - 1)"))
            if jekyllCompatible { (body, bodyFirstLine) = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, 1) }
        } else {
            var parsed = FrontMatterParser.parse(yaml: yaml, firstLine: split.yamlFirstLine, file: file.displayPath)
            if let early = split.endingEarly, parsed.diagnostics.contains(where: { $0.rule == "front-matter-invalid-yaml" }) {
                // The YAML cannot be read, and a line that is not YAML follows a blank line: the closing '---' was
                // forgotten, and the one that closed the block is a horizontal rule further down. Read to it, the
                // lines between were lost from the page; the front matter ends at the blank line instead.
                let fence = SourceLocation(file: file.displayPath, line: split.displacedFenceLine ?? 1, column: 1)
                parsed = FrontMatterParser.parse(yaml: early.yaml, firstLine: split.yamlFirstLine, file: file.displayPath)
                parsed.diagnostics.insert(.error(fence, rule: "front-matter-unterminated",
                                                 "front matter is not closed before line \(early.foreignLine), which is not YAML; the '---' "
                                                     + "on line \(early.fenceLine) would close it, and lines \(early.foreignLine)–\(early.fenceLine - 1) "
                                                     + "would be lost from the page, so the front matter is read to line \(early.bodyFirstLine - 1)",
                                                 fixIt: "add a line '---' after line \(early.bodyFirstLine - 1)"), at: 0)
                (body, bodyFirstLine) = (early.body, early.bodyFirstLine)
            }
            reading = parsed
        }
        var problems = reading.diagnostics
        if let line = split.displacedFenceLine {
            // Read all the same: the page stays at its permalink, so the links to it are not reported as broken
            // in every page that has one (the mistake is here, once).
            let afterBlankLines = line > 1
            problems.insert(.error(SourceLocation(file: file.displayPath, line: line, column: 1), rule: "front-matter-displaced",
                                   "front matter must start on the file's first line, but its '---' is "
                                       + (afterBlankLines ? "on line \(line), after blank lines" : "indented")
                                       + "; Jekyll and other tools read this file as having no front matter",
                                   fixIt: afterBlankLines ? "delete the blank lines before '---'" : "remove the spaces before '---'"),
                            at: 0)
        }
        if jekyllCompatible, text.hasPrefix("\u{FEFF}") {
            problems.append(.warning(SourceLocation(file: file.displayPath, line: 1, column: 1), rule: "content-byte-order-mark",
                                     "the file starts with a UTF-8 byte order mark, so Jekyll does not see its front matter and "
                                         + "publishes the file as it is; sitegen builds the page",
                                     fixIt: "save the file as UTF-8 without a byte order mark"))
        }
        if let control = Self.firstControlCharacter(in: body, firstLine: bodyFirstLine, file: file.displayPath) {
            problems.append(control)
        }
        if let repeated = Self.repeatedFrontMatter(body, bodyFirstLine: bodyFirstLine, first: reading.frontMatter.fields,
                                                   file: file.displayPath) {
            problems.append(repeated)
        }
        var frontMatter = reading.frontMatter
        if frontMatter.title.isEmpty { frontMatter.title = Self.title(fromFileName: file.baseName) }
        let url = frontMatter.permalink.map { urls.pageURL(permalink: $0, fileBaseName: file.baseName) } ?? defaultURL(of: file)
        if let permalink = frontMatter.permalink, let rest = urls.baseURLPrefixed(permalink) {
            // Read as the URL its author wrote (`URLMapper.pageURL`): a root cause, told once, at the permalink, that
            // would otherwise break every link to the page.
            let jekyll = urls.baseURL + URLMapper.collapsingSlashes(permalink).drop { $0 == "/" }
            problems.append(.warning(frontMatter.locations["permalink"] ?? SourceLocation(file: file.displayPath, line: 1, column: 1),
                                     rule: "front-matter-url-spelling",
                                     "permalink '\(permalink)' starts with the baseurl '\(urls.baseURL)', so it is read as the page's "
                                         + "URL, '\(url.value)' (Jekyll would publish the page at '\(jekyll)')",
                                     fixIt: "write 'permalink: \(rest.isEmpty ? "/" : rest)'"))
        }
        var article = Article(source: file, frontMatter: frontMatter, body: body, bodyFirstLine: bodyFirstLine, url: url)
        article.frontMatterIsSalvaged = reading.isSalvaged
        return (article, problems)
    }

    /// `content-control-character` at the first control character of `body` (other than tab and line ends),
    /// C1 controls (U+0080 to U+009F, often Windows-1252 text decoded twice) included; the count of the others is
    /// in the message, so that a file gets one finding. Nil when there is none.
    static func firstControlCharacter(in body: String, firstLine: Int, file: String) -> Diagnostic? {
        var body = body
        return body.withUTF8 { bytes -> Diagnostic? in
            var first: (offset: Int, scalar: UInt32)?
            var count = 0
            var index = 0
            // Eight bytes at a time while none can be one (no control but tab and line ends, no DEL, no byte over
            // 0x7F): most of a text. Each test below marks exactly the bytes it is about (bit 7 of each byte, with no
            // carry between bytes), so a line end does not send its eight bytes one by one through the loop.
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & lows) &+ lows) | word | lows) }
            let raw = UnsafeRawPointer(bytes.baseAddress)
            while index < bytes.count {
                if index + 8 <= bytes.count, let raw {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let below = ~((word & lows) &+ (ones &* 0x60)) & ~word & highs
                    let allowed = zeroBytes(word ^ (ones &* 0x09)) | zeroBytes(word ^ (ones &* 0x0A)) | zeroBytes(word ^ (ones &* 0x0D))
                    let isDel = zeroBytes(word ^ (ones &* 0x7F))
                    if (below & ~allowed) | (word & highs) | isDel == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                    count += 1
                    if first == nil { first = (index, UInt32(byte)) }
                } else if byte == 0x7F || (byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])) {
                    count += 1
                    if first == nil { first = (index, byte == 0x7F ? 0x7F : UInt32(bytes[index + 1])) }
                }
                index += 1
            }
            guard let first else { return nil }
            var line = firstLine, lineStart = 0
            for position in 0..<first.offset where bytes[position] == 0x0A {
                line += 1
                lineStart = position + 1
            }
            let code = SourceExcerpt.codePoint(first.scalar)
            let names: [UInt32: String] = [0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"]
            let name = names[first.scalar].map { " (\($0))" } ?? ""
            let others = count > 1 ? "; \(count - 1) more in this file" : ""
            return .warning(SourceLocation(file: file, line: line, column: first.offset - lineStart + 1),
                            rule: "content-control-character",
                            "control character \(code)\(name) in the text: invisible in an editor, and not allowed in HTML\(others)",
                            fixIt: "delete it")
        }
    }

    /// A title for a page whose front matter gives none: its file name in words (`add-users_now` → `Add users now`).
    static func title(fromFileName name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        guard let first = words.first else { return name }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init)).joined(separator: " ")
    }
}
