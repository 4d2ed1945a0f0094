public import SitegenCore

/// The decoded front matter of an article, following the help-center schema.
public struct FrontMatter: Sendable {
    /// Required page title.
    public var title: String
    /// URL path of the page relative to the baseurl (`cannot-connect-to-email/`); nil to derive it from the file name.
    public var permalink: String?
    /// Page kind: `article`, `product` (a product landing page), or any other word the site uses.
    public var type: String?
    /// ISO dates (`YYYY-MM-DD`); nil when absent, empty or invalid (invalid ones are reported).
    public var createdDate: String?
    public var lastModifiedDate: String?
    public var auditDate: String?
    /// Authors.
    public var createdBy: String?
    public var lastModifiedBy: String?
    /// Product display name and the product's folder/URL segment.
    public var product: String?
    public var productURL: String?
    /// Old URLs of this page (`redirect_from`, then Hugo's `aliases`), as written, each where it is written.
    public var redirectFrom: [RedirectEntry] = []
    /// Where this page sends readers instead of showing its body (`redirect_to`): a page that only redirects.
    public var redirectTo: RedirectEntry?
    /// Jekyll's `published: false` (also `no` and `off`, YAML 1.1's spellings, which Jekyll reads as false), or
    /// Hugo's `draft: true` (`yes`, `on`): the page is not built (`UnpublishedRule`); the key that says so.
    /// Read once here: the index and check stages ask it of every article.
    public let unpublishedBy: String?
    public var isUnpublished: Bool { unpublishedBy != nil }
    /// Every key as written, known ones included, passed through to templates.
    public var fields: FrontMatterFields { FrontMatterFields(entries: entries) }
    /// Where each top-level key's value starts.
    public var locations: FrontMatterLocations { FrontMatterLocations(entries: entries, file: file) }

    private let entries: [FrontMatterEntry]
    private let file: String

    /// `entries` in the order written, one per key; positions are in `file`.
    public init(title: String, entries: [FrontMatterEntry] = [], file: String = "") {
        self.title = title
        self.entries = entries
        self.file = file
        let fields = FrontMatterFields(entries: entries)
        if case .string(let value) = fields["published"], ["false", "no", "off"].contains(value.lowercased()) {
            unpublishedBy = "published"
        } else if case .string(let value) = fields["draft"], ["true", "yes", "on"].contains(value.lowercased()) {
            unpublishedBy = "draft"
        } else {
            unpublishedBy = nil
        }
    }
}

/// One URL of `redirect_from`, `aliases` or `redirect_to`, as written, and where.
public struct RedirectEntry: Sendable, Hashable {
    /// The front-matter key it comes from.
    public var key: String
    /// The path or URL as written, without surrounding blanks.
    public var text: String
    /// 1-based line and UTF-8 column in the file.
    public var line: Int
    public var column: Int

    public init(key: String, text: String, line: Int, column: Int) {
        (self.key, self.text, self.line, self.column) = (key, text, line, column)
    }
}

/// One top-level key of the front matter, its value and where the value starts.
///
/// The keys of an article are kept in one list, searched from the start, instead of two dictionaries (values and
/// positions): an article has about ten keys, and its two hash tables, kept until the end of the build, were a
/// tenth of the build's memory.
public struct FrontMatterEntry: Sendable, Equatable {
    public var key: String
    public var value: FrontMatterValue
    /// 1-based line and UTF-8 column in the file.
    public var line: Int32
    public var column: Int32

    public init(key: String, value: FrontMatterValue, line: Int, column: Int) {
        self.key = key
        self.value = value
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }
}

/// The front matter's values by key.
public struct FrontMatterFields: Sendable, Sequence {
    fileprivate let entries: [FrontMatterEntry]

    public subscript(key: String) -> FrontMatterValue? { entries.first { $0.key == key }?.value }

    public var count: Int { entries.count }

    /// The values for templates (`FrontMatterValue.templateValue`).
    public var templateValues: [String: Any] {
        var values: [String: Any] = Dictionary(minimumCapacity: entries.count)
        for entry in entries { values[entry.key] = entry.value.templateValue }
        return values
    }

    public var dictionary: [String: FrontMatterValue] {
        Dictionary(entries.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    public struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<[FrontMatterEntry]>

        public mutating func next() -> (key: String, value: FrontMatterValue)? {
            base.next().map { (key: $0.key, value: $0.value) }
        }
    }
}

/// Where each front matter value starts, by key.
public struct FrontMatterLocations: Sendable {
    fileprivate let entries: [FrontMatterEntry]
    fileprivate let file: String

    public subscript(key: String) -> SourceLocation? {
        entries.first { $0.key == key }.map { SourceLocation(file: file, line: Int($0.line), column: Int($0.column)) }
    }

    public var dictionary: [String: SourceLocation] {
        Dictionary(entries.lazy.map { ($0.key, SourceLocation(file: file, line: Int($0.line), column: Int($0.column))) },
                   uniquingKeysWith: { _, last in last })
    }
}
