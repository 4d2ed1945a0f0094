import SitegenCore

/// A request path turned into an output path, refusing anything that could leave the site: `..` and `.`
/// segments, backslashes, NUL and encoded slashes, in any encoding (`%2e%2e`, `%2F`, `%5C`, `%00`).
///
/// Public for the fuzz targets in Fuzz/, which drive the preview's path handling without a server.
public enum RequestPath {
    /// What a request path names.
    public enum Resolution: Equatable, Sendable {
        /// Output path segments (decoded), and whether the path ended with `/`.
        case segments([String], trailingSlash: Bool)
        /// A path that may not be served.
        case refused
    }

    public static func resolve(_ rawPath: String) -> Resolution {
        guard rawPath.hasPrefix("/"), !rawPath.contains("\\") else { return .refused }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncodingStrict, !decoded.isEmpty, decoded != ".", decoded != "..",
                  !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0") else { return .refused }
            segments.append(decoded)
        }
        return .segments(segments, trailingSlash: rawPath.hasSuffix("/"))
    }

    /// What the preview answers for a request path, given which output files the site has.
    public enum Answer: Equatable, Sendable {
        /// 400: the path cannot name a file of the site.
        case refused
        /// 301 to `location` (a folder asked for without its trailing slash).
        case redirect(location: String)
        /// The output file to send (relative to the output folder): the one asked for, or `404.html` when
        /// `found` is false.
        case file(String, found: Bool)
    }

    /// The answer for `rawPath` (and its `query`, kept in a folder's redirect); `hasFile` says whether the site has
    /// an output file (`how-to/x/index.html`), and `redirect` where an old URL's output file leads (the site's
    /// redirects), if anywhere.
    public static func answer(_ rawPath: String, query: String?, hasFile: (String) -> Bool,
                              redirect: (String) -> String? = { _ in nil }) -> Answer {
        guard case .segments(let segments, let trailingSlash) = resolve(rawPath) else { return .refused }
        let joined = segments.joined(separator: "/")
        let relative = trailingSlash || segments.isEmpty ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined
        // An old URL answers as a host with the server maps answers it: 301 to where it leads (also without its
        // trailing slash, as the maps match it), before the redirect page itself.
        if let target = redirect(relative) ?? (trailingSlash || segments.isEmpty ? nil : redirect(joined + "/index.html")) {
            return .redirect(location: target)
        }
        if hasFile(relative) { return .file(relative, found: true) }
        if !trailingSlash, !segments.isEmpty, hasFile(joined + "/index.html") {
            // `/how-to/x` → `/how-to/x/`, keeping the query. One leading `/` only: browsers read `//how-to/` as
            // the host `how-to`, so the request `//how-to` would send them to another server.
            var location = "/" + rawPath.drop { $0 == "/" } + "/"
            if let query { location += "?" + query }
            return .redirect(location: location)
        }
        return .file("404.html", found: false)
    }
}
