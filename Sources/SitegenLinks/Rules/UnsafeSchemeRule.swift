public import SitegenCore

/// `javascript:`, `vbscript:` and `data:` URLs other than raster images, in any link, image, autolink, reference
/// definition (reported where it is used), front-matter URL or raw-HTML URL attribute: followed or loaded, they run
/// script in the site's origin. Whatever this rule's severity, the page never gets the URL: it gets `#`.
public struct UnsafeSchemeRule: LinkRule {
    public var id: String { Self.id }
    public static let id = "link-unsafe-scheme"
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String {
        "A javascript:, vbscript: or data: URL (other than a PNG, GIF, JPEG or WebP image), which runs script; the page gets '#' instead."
    }

    public init() {}

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        // Cheap test first: an unsafe URL has a `:`, and most destinations start with `/`, `#`, `.` or `http`.
        guard isRealLink(link), link.destination.containsByte(UInt8(ascii: ":")),
              let finding = UnsafeURL.finding(in: link.destination) else { return nil }
        let what: String
        switch link.origin {
        case .html(let attribute): what = "the '\(attribute)' URL"
        case .frontMatter(let key): what = "the '\(key)' URL"
        case .markdown, .plainText: what = link.kind == .image ? "the image URL" : "the link"
        }
        let effect = finding.scheme == "data"
            ? "a data: URL of type '\(finding.mediaType.isEmpty ? "text/plain" : finding.mediaType)', which can hold a page with script"
            : "a \(finding.scheme): URL, which runs script when followed"
        let replaced: String
        if case .frontMatter = link.origin { replaced = "" } else { replaced = "; the page gets '#' instead" }
        return RuleFinding(message: "\(what) '\(Self.shown(link.destination))' is \(effect)\(replaced)",
                           fixIt: link.kind == .image ? "use an image file of the site, or a PNG, GIF, JPEG or WebP data: URL"
                               : "link to an http(s) page or a page of this site, or remove the link")
    }

    /// A URL as shown in a message: at most 80 characters (a data: URL can be megabytes long).
    static func shown(_ url: String) -> String {
        url.count > 80 ? String(url.prefix(79)) + "…" : url
    }
}
