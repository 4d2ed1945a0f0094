/// Checks URLs before they are placed in attributes: Mustache escapes HTML but knows nothing of URL context.
public enum URLSafety {
    /// Schemes that run code or embed documents when followed.
    static let dangerousSchemes: Set<String> = ["javascript", "vbscript", "data", "file"]

    /// True when `url` is safe in an `href`/`src`: relative, or with a scheme other than the dangerous ones.
    /// Browsers ignore ASCII whitespace and control characters inside a scheme, so they are removed before checking.
    public static func isSafe(_ url: String) -> Bool {
        let cleaned = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        guard let colon = cleaned.firstIndex(of: ":") else { return true }
        let scheme = cleaned[..<colon]
        if scheme.contains("/") || scheme.contains("?") || scheme.contains("#") { return true }
        return !dangerousSchemes.contains(String(scheme))
    }
}
