public import SitegenCore

/// Everything one check found, in the form every report format is written from: all diagnostics of the run
/// (link and content rules alike), the link counts and the files that were checked.
public struct CheckReport: Sendable {
    /// A checked source file and the page it becomes.
    public struct Page: Sendable, Hashable {
        public var file: String
        public var title: String
        public var url: String

        public init(file: String, title: String, url: String) {
            self.file = file
            self.title = title
            self.url = url
        }
    }

    /// `sitegen <version>`.
    public var toolName = "sitegen"
    public var toolVersion: String
    /// Sorted by file, line, column.
    public var diagnostics: [Diagnostic]
    public var stats: LinkStats
    /// Every checked article, sorted by file (`page(forFile:)` relies on it).
    public private(set) var pages: [Page]
    /// What the external-link check found; nil when external links were not fetched.
    public var external: ExternalCounts?
    /// What the change does to the baseline's URLs, when the run had a baseline (`--baseline`).
    public var urlChanges: URLChanges?

    public init(toolVersion: String, diagnostics: [Diagnostic], stats: LinkStats, pages: [Page],
                external: ExternalCounts? = nil) {
        self.toolVersion = toolVersion
        self.diagnostics = diagnostics.inOrder()
        self.stats = stats
        self.pages = pages.sorted { $0.file < $1.file }
        self.external = external
    }

    /// The checked article written from `file`, found by halving `pages` (sorted by file): a table of every page,
    /// made for the few thousand files with findings, copied each page on one core before the HTML report began.
    public func page(forFile file: String) -> Page? {
        var low = 0, high = pages.count
        while low < high {
            let middle = (low + high) / 2
            if pages[middle].file < file { low = middle + 1 } else { high = middle }
        }
        return low < pages.count && pages[low].file == file ? pages[low] : nil
    }

    /// Number of diagnostics per rule id, most frequent first (then by id).
    public var countsByRule: [(rule: String, severity: Severity, count: Int)] {
        var counts: [String: (Severity, Int)] = [:]
        // By position: a `for … in` copies each diagnostic, with its strings' retains and releases.
        for index in diagnostics.indices {
            let (rule, severity) = (diagnostics[index].rule, diagnostics[index].severity)
            let current = counts[rule] ?? (severity, 0)
            counts[rule] = (max(current.0, severity), current.1 + 1)
        }
        return counts.map { ($0.key, $0.value.0, $0.value.1) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
    }

    /// Each file's findings, in file order, as the run of their positions in `diagnostics` (sorted by file): the
    /// findings are not copied into a list per file (80,000 of them on a large help center).
    public var fileRanges: [(file: String, range: Range<Int>)] {
        var groups: [(file: String, range: Range<Int>)] = []
        for index in diagnostics.indices {
            if groups.last?.file == diagnostics[index].location.file {
                groups[groups.count - 1].range = groups[groups.count - 1].range.lowerBound..<(index + 1)
            } else {
                groups.append((diagnostics[index].location.file, index..<(index + 1)))
            }
        }
        return groups
    }
}

/// Converts a UTF-8 byte column into the unit a format wants (characters for GitHub and SARIF), given the file
/// and line. The CLI provides one that reads the source; the identity keeps byte columns.
public typealias ColumnConverter = @Sendable (_ file: String, _ line: Int, _ utf8Column: Int) -> Int
