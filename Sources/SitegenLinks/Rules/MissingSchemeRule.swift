public import SitegenCore
/// `[apps.example.com](apps.example.com)`: a host name without `https://`, which a browser resolves as a path
/// relative to the current page.
public struct MissingSchemeRule: LinkRule {
    public var id: String { "link-missing-scheme" }
    public var defaultSeverity: RuleSeverity { .error }
    public var summary: String { "A host name with no scheme (apps.example.com), which browsers resolve as a relative path." }

    public init() {}

    /// Top-level domains that make `name.tld` a host even with two labels.
    static let commonTopLevelDomains: Set<String> = [
        "com", "org", "net", "io", "co", "edu", "gov", "mil", "info", "biz", "us", "uk", "de", "fr", "ca", "au",
        "eu", "jp", "cn", "in", "nl", "se", "no", "ch", "es", "it", "br", "ru", "app", "dev", "cloud", "ai", "me",
        "tv", "ly", "gl", "gg", "sh", "xyz", "site", "online", "tech", "blog",
    ]

    /// Extensions of files people link to, which look like top-level domains (`guide.pdf`, `page.html`).
    static let fileExtensions: Set<String> = [
        "html", "htm", "md", "markdown", "php", "asp", "aspx", "jsp", "png", "jpg", "jpeg", "gif", "svg", "webp",
        "ico", "bmp", "pdf", "zip", "gz", "tgz", "tar", "txt", "csv", "json", "xml", "yml", "yaml", "css", "js",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "exe", "msi", "dmg", "pkg", "deb", "rpm", "mp4", "mov",
        "mp3", "wav", "sh", "ps1", "py", "rb", "conf", "ini", "log", "bat", "iso", "ova", "vhd", "rdp", "cer",
        "pem", "crt", "key", "ics", "vcf", "eml", "psd", "ai", "swf",
    ]

    public func check(_ context: LinkRuleContext) -> RuleFinding? {
        let link = context.link
        guard isRealLink(link), let host = Self.leadingHost(link.destination) else { return nil }
        // A relative path that happens to exist on the site is not a host name.
        if case .route = context.resolver.resolve(link.destination, pageURL: context.pageURL,
                                                  contentPath: context.contentPath).target { return nil }
        let fixed = "https://" + link.destination
        return RuleFinding(
            message: "'\(link.destination)' has no scheme, so browsers treat it as a path relative to this page, not as the host '\(host)'",
            fixIt: "did you mean '\(fixed)'?", suggestion: fixed, replacement: .destination(fixed))
    }

    /// The host name a destination starts with (`apps.example.com` of `apps.example.com/x`), if it looks like one.
    static func leadingHost(_ destination: String) -> String? {
        guard let byte = destination.utf8.first, byte >= 0x80 || byte.isASCIILetter
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte),
              let first = destination.first, first.isLetter || first.isNumber,
              !destination.containsBytes(of: "://"),
              !destination.containsByte(UInt8(ascii: "@")) else { return nil }
        let end = destination.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? destination.endIndex
        var host = String(destination[..<end])
        if let colon = host.lastIndex(of: ":") {
            // `example.com:8080`; anything else with a colon is a scheme.
            guard host[host.index(after: colon)...].allSatisfy(\.isNumber) else { return nil }
            host = String(host[..<colon])
        }
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }) else { return nil }
        let tld = String(labels.last!)
        guard tld.count >= 2, tld.count <= 24, tld.allSatisfy(\.isLetter), !fileExtensions.contains(tld) else { return nil }
        guard labels.count >= 3 || labels[0] == "www" || commonTopLevelDomains.contains(tld) else { return nil }
        return host
    }
}
