import SitegenCore

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
    /// Every key as written, known ones included, passed through to templates.
    public var fields: [String: FrontMatterValue]
    /// Where each top-level key's value starts.
    public var locations: [String: SourceLocation]

    public init(title: String, fields: [String: FrontMatterValue] = [:], locations: [String: SourceLocation] = [:]) {
        self.title = title
        self.fields = fields
        self.locations = locations
    }
}
