import Synchronization

/// The source lines a run's findings quote, each file read once for everything that shows them: the terminal's
/// excerpts, the HTML report's source lines, and the columns that SARIF and GitHub annotations count in characters.
///
/// Before, each of those read every file with a finding again on its own: with the three reports asked for on
/// 50,000 articles, the same 50,000 files were read four times after the check, a third of what the reports cost,
/// and the terminal read them on one core. Here the files are read on every core (`prefetch`) and only the quoted
/// lines are kept (a few bytes a finding, not the files). A build or a check hands over the lines of the parse
/// stage's findings as each file is parsed (`hold`), so that only the files with link findings are read again.
public final class SourceQuotes: Sendable {
    private let siteRoot: String
    private let boundary: SiteBoundary
    /// By file as the findings name it: each line asked for (nil: past the file's end); a file that cannot be read
    /// (or is outside `boundary`) is `unreadable`.
    private let files = Mutex<[String: Entry]>([:])
    /// The findings list `prefetch` last read every line of, by its buffer (address and count): the terminal, the
    /// reports and the HTML page each prefetch the same list, and looking over 80,000 findings again found nothing
    /// to read. Only a shortcut: a line not held is read when it is asked for.
    private let prefetched = Mutex<ListIdentity?>(nil)

    /// A findings list's buffer, and its first and last findings' places (a freed buffer's address can come again).
    private struct ListIdentity: Equatable {
        var address: UInt
        var count: Int
        var first: SourceLocation?
        var last: SourceLocation?

        init(_ diagnostics: [Diagnostic]) {
            (address, count) = diagnostics.withUnsafeBufferPointer { (UInt(bitPattern: $0.baseAddress), $0.count) }
            (first, last) = (diagnostics.first?.location, diagnostics.last?.location)
        }
    }

    fileprivate enum Entry: Sendable {
        case unreadable
        case lines([Int: [UInt8]?])
    }

    /// Files are read inside `boundary` (a finding's line is never shown from a file swapped for a link to outside
    /// the site since it was read); a relative file name is relative to `siteRoot`.
    public init(siteRoot: String, boundary: SiteBoundary? = nil) {
        self.siteRoot = siteRoot
        self.boundary = boundary ?? SiteBoundary(root: siteRoot)
    }

    /// Calls `body` with each line the finding at `index` quotes: its own, and its edit's (without an array for
    /// each finding, nor a copy of it).
    private static func forEachLine(quotedBy diagnostics: [Diagnostic], at index: Int, _ body: (Int) -> Void) {
        let line = diagnostics[index].location.line
        if line > 0 { body(line) }
        if let editLine = diagnostics[index].edit?.line, editLine > 0, editLine != line { body(editLine) }
    }

    /// Reads, on `jobs` cores, the lines `diagnostics` quote that are not held yet.
    public func prefetch(_ diagnostics: [Diagnostic], jobs: Int) {
        let identity = ListIdentity(diagnostics)
        if identity.count > 0, prefetched.withLock({ $0 == identity }) { return }
        defer { prefetched.withLock { $0 = identity } }
        var order: [String] = []
        var wanted: [String: Set<Int>] = [:]
        files.withLock { files in
            // By position: a `for … in` copies each diagnostic, with its strings' retains and releases. The
            // findings come by file: a file's entry is looked up once for its run of findings.
            var current: (file: String, held: Entry?)?
            for index in diagnostics.indices {
                let location = diagnostics[index].location
                if current?.file != location.file { current = (location.file, files[location.file]) }
                let held = current!.held
                Self.forEachLine(quotedBy: diagnostics, at: index) { line in
                    switch held {
                    case .unreadable: return
                    case .lines(let lines) where lines[line] != nil: return
                    default: break
                    }
                    if wanted[location.file] == nil { order.append(location.file) }
                    wanted[location.file, default: []].insert(line)
                }
            }
        }
        guard !order.isEmpty else { return }
        let requests = order.map { (file: $0, lines: wanted[$0]!) }
        let read = parallelMap(requests, jobs: jobs) { request in (request.file, self.read(request.file, lines: request.lines)) }
        files.withLock { files in
            for (file, found) in read { Self.merge(found, into: &files, file: file) }
        }
    }

    /// The lines held for one file, looked up once for a run of its findings (`line(_:in:)`).
    public struct Held: Sendable {
        public let file: String
        fileprivate let entry: Entry?
    }

    /// The lines held now for `file`.
    public func held(_ file: String) -> Held {
        Held(file: file, entry: files.withLock { $0[file] })
    }

    /// `line(_:of:)` for `held.file`, from the lines held: a finding's line without the lock and the file's
    /// look-up (80,000 findings quote their lines once for the terminal and once for the HTML page).
    public func line(_ number: Int, in held: Held) -> [UInt8]? {
        switch held.entry {
        case .unreadable?: return nil
        case .lines(let lines)?: if let found = lines[number] { return found }
        case nil: break
        }
        return line(number, of: held.file)
    }

    /// Line `number` of `file` without its line end, as `SourceLines.line` gives it; nil when the file cannot be
    /// read or has no such line. A line not prefetched is read now.
    public func line(_ number: Int, of file: String) -> [UInt8]? {
        let held: [UInt8]?? = files.withLock { files in
            switch files[file] {
            case .unreadable: return .some(nil)
            case .lines(let lines): return lines[number]
            case nil: return nil
            }
        }
        if let held { return held }
        let found = read(file, lines: [number])
        files.withLock { Self.merge(found, into: &$0, file: file) }
        if case .lines(let lines) = found { return lines[number] ?? nil }
        return nil
    }

    /// The 1-based column in Unicode scalars of a 1-based UTF-8 byte column on line `number` of `file` (the byte
    /// column when the line cannot be read), as `SourceLines.scalarColumn` counts it.
    public func scalarColumn(file: String, line number: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1, let text = line(number, of: file) else { return byteColumn }
        return SourceLines.scalarColumn(of: text, byteColumn: byteColumn)
    }

    /// Holds the lines that those of `diagnostics` found in `file` quote, from `bytes`: the file as it was read
    /// when they were found. The parse stage hands each article's here, so that the files with findings are not
    /// read again to show them (at 50,000 articles, reading them again was a tenth of a `check`). The lines are
    /// those `prefetch` would have read: the same bytes make the same `SourceLines`.
    public func hold(linesQuotedBy diagnostics: [Diagnostic], of file: String, bytes: [UInt8]) {
        var wanted = Set<Int>()
        for index in diagnostics.indices where diagnostics[index].location.file == file {
            Self.forEachLine(quotedBy: diagnostics, at: index) { wanted.insert($0) }
        }
        guard !wanted.isEmpty else { return }
        let found = Self.lines(wanted, of: SourceLines(UTF16Text(bytes)?.utf8 ?? bytes))
        files.withLock { Self.merge(found, into: &$0, file: file) }
    }

    private func read(_ file: String, lines: Set<Int>) -> Entry {
        let path = file.hasPrefix("/") ? file : siteRoot + "/" + file
        guard let source = SourceLines(contentsOf: path, within: boundary) else { return .unreadable }
        return Self.lines(lines, of: source)
    }

    /// The `lines` of `source`, copied out of its bytes, so that the file itself is not kept.
    private static func lines(_ lines: Set<Int>, of source: SourceLines) -> Entry {
        .lines(Dictionary(uniqueKeysWithValues: lines.map { ($0, source.line($0).map(Array.init)) }))
    }

    private static func merge(_ found: Entry, into files: inout [String: Entry], file: String) {
        switch (files[file], found) {
        case (.lines(var held), .lines(let new)):
            held.merge(new) { old, _ in old }
            files[file] = .lines(held)
        case (nil, _):
            files[file] = found
        default:
            break  // What is held stays: a file that became unreadable since, or one that was already.
        }
    }
}
