import SitegenCore

/// A request path turned into an output path, refusing anything that could leave the site: `..` and `.`
/// segments, backslashes, NUL and encoded slashes, in any encoding (`%2e%2e`, `%2F`, `%5C`, `%00`).
enum RequestPath {
    /// What a request path names.
    enum Resolution: Equatable {
        /// Output path segments (decoded), and whether the path ended with `/`.
        case segments([String], trailingSlash: Bool)
        /// A path that may not be served.
        case refused
    }

    static func resolve(_ rawPath: String) -> Resolution {
        guard rawPath.hasPrefix("/"), !rawPath.contains("\\") else { return .refused }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncodingStrict, !decoded.isEmpty, decoded != ".", decoded != "..",
                  !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0") else { return .refused }
            segments.append(decoded)
        }
        return .segments(segments, trailingSlash: rawPath.hasSuffix("/"))
    }
}
