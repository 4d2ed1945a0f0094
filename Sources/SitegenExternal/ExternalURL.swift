#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The parts of an external URL the checker needs: the URL to fetch (without its fragment), the host that the
/// politeness limits are counted for, and the fragment.
public struct ExternalURL: Sendable, Hashable {
    /// The URL as fetched: as written, without `#fragment`.
    public var fetchURL: String
    /// The host name or IP address, lowercased, without port: requests to one host share its limits whatever the
    /// port.
    public var host: String
    /// The fragment after `#`, percent-decoded, when there is one.
    public var fragment: String?
    /// `http` or `https`.
    public var scheme: String

    /// Parses an absolute `http(s)` URL; nil for anything else (other schemes, no host).
    public init?(_ text: String) {
        let cut = text.firstIndex(of: "#")
        let base = cut.map { String(text[..<$0]) } ?? text
        guard let components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        fetchURL = base
        self.scheme = scheme
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        self.host = name
        if let cut {
            let raw = String(text[text.index(after: cut)...])
            fragment = raw.removingPercentEncoding ?? raw
        }
    }

    /// True for `localhost` and for loopback, private, link-local and unspecified addresses written as the host:
    /// an article must not make a CI runner probe its internal network. (Names that resolve to such addresses are
    /// not caught here: that would need a resolver of our own in front of the HTTP client's.)
    public var isPrivate: Bool { Self.isPrivateHost(host) }

    /// A name reserved for examples in documentation (RFC 2606, RFC 6761): `example.com`, `example.net`,
    /// `example.org` and their subdomains, and names under the top-level domains `example` and `test`. A help
    /// center writes them as placeholders (`https://your-shop.example.com/admin`); fetching them would report
    /// placeholders as dead links (their subdomains do not resolve), so they are not fetched.
    public var isDocumentationExample: Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        for domain in ["example.com", "example.net", "example.org"] where name == domain || name.hasSuffix("." + domain) {
            return true
        }
        return name == "example" || name.hasSuffix(".example") || name == "test" || name.hasSuffix(".test")
    }

    /// A name under the top-level domain `invalid`, which RFC 6761 reserves as never resolving.
    public var neverResolves: Bool { host == "invalid" || host.hasSuffix(".invalid") || host.hasSuffix(".invalid.") }

    public static func isPrivateHost(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            // inet_pton leaves the address in network order: the first octet is the lowest byte in memory.
            let bytes = withUnsafeBytes(of: &v4) { Array($0) }
            let (a, b) = (bytes[0], bytes[1])
            return a == 127 || a == 10 || a == 0 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes.dropLast().allSatisfy({ $0 == 0 }) && (bytes[15] == 1 || bytes[15] == 0) { return true }  // ::1, ::
            if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7, unique local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10, link-local
            // ::ffff:a.b.c.d, an IPv4 address written as IPv6.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return isPrivateHost("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
            }
        }
        return false
    }

    /// `location` (a redirect's `Location`) made absolute against `base`.
    static func resolve(_ location: String, against base: String) -> String? {
        guard let baseURL = URL(string: base), let url = URL(string: location, relativeTo: baseURL) else { return nil }
        return url.absoluteString
    }
}
