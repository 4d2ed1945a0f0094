/// The hosts whose pages an article may embed with `<iframe>`, `<object>` or `<embed>` (`markdown.embed_hosts`).
/// A host matches itself and its subdomains: `www.youtube.com` allows `www.youtube.com` only, `example.com`
/// allows `example.com` and `video.example.com`.
public struct EmbedHosts: Sendable, Hashable {
    /// Video players whose embed codes help centers paste: cross-origin, so the page's own origin is out of reach.
    public static let defaults = ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"]

    /// Lowercased host names, without a trailing dot.
    public let hosts: [String]

    public init(_ hosts: [String] = EmbedHosts.defaults) {
        self.hosts = hosts.map { Self.normalized($0) }.filter { !$0.isEmpty }
    }

    private static func normalized(_ host: String) -> String {
        var value = host.lowercased()
        while value.hasSuffix(".") { value.removeLast() }
        return value
    }

    /// True when `url` (entities decoded) is an `http:`, `https:` or scheme-relative (`//host/...`) URL whose host
    /// is allowed.
    public func allows(_ url: String) -> Bool {
        guard let host = Self.host(of: url) else { return false }
        return hosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// The host of an `http:`, `https:` or `//` URL, as a browser finds it: tabs and line breaks removed, `\` read
    /// as `/`, the user information before the last `@` skipped, the port dropped. Nil for any other URL.
    /// Hand-written because Foundation's URL parser disagrees with browsers on exactly these cases
    /// (`https://evil.example\@www.youtube.com/` is a page of evil.example to a browser).
    public static func host(of url: String) -> String? {
        let cleaned = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        var text = Substring(String(String.UnicodeScalarView(cleaned)))
        while let first = text.unicodeScalars.first, first.value <= 0x20 { text = text.dropFirst() }
        let lowered = text.lowercased()
        var rest: Substring
        if lowered.hasPrefix("https:") {
            rest = text.dropFirst(6)
        } else if lowered.hasPrefix("http:") {
            rest = text.dropFirst(5)
        } else {
            rest = text
        }
        // Browsers take any number of slashes or backslashes after an http(s) scheme; `//` alone starts a
        // scheme-relative URL.
        guard rest.hasPrefix("//") || rest.hasPrefix("\\\\") || rest.hasPrefix("/\\") || rest.hasPrefix("\\/") else {
            return nil
        }
        while let first = rest.first, first == "/" || first == "\\" { rest = rest.dropFirst() }
        let authority = rest.prefix { $0 != "/" && $0 != "\\" && $0 != "?" && $0 != "#" }
        var host = authority
        if let at = authority.lastIndex(of: "@") { host = authority[authority.index(after: at)...] }
        if host.hasPrefix("[") { return nil }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        var value = host.lowercased()
        while value.hasSuffix(".") { value.removeLast() }
        return value.isEmpty ? nil : value
    }
}
