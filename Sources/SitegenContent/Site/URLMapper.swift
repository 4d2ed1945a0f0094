public import SitegenCore

/// Turns permalinks and content paths into site URLs under the baseurl.
public struct URLMapper: Sendable {
    /// Base URL path, starting and ending with `/`.
    public let baseURL: String

    public init(baseURL: String) {
        self.baseURL = baseURL
    }

    /// The page URL of an article.
    ///
    /// `permalink: x/` → `/how-to/x/`; a leading `/` is relative to the baseurl (`/rackspace-email/` →
    /// `/how-to/rackspace-email/`); a permalink without a trailing `/` (and not ending in `.html`) gets one,
    /// because every page is written as a folder with an `index.html`; `x/index.html` is `x/`, the URL of that file.
    /// No permalink: the slug of the file name.
    ///
    /// A permalink that starts with the baseurl (`/how-to/setup/`) is the site path it names, `/how-to/setup/`, as in
    /// `redirectURL`: its author wrote the URL that the site's links use. Jekyll would publish it at
    /// `/how-to/how-to/setup/`, where none of them finds it; the loader warns (`baseURLPrefixed`).
    public func pageURL(permalink: String?, fileBaseName: String) -> SitePath {
        var path = permalink.map(Self.collapsingSlashes) ?? (Self.slug(fileBaseName) + "/")
        if permalink != nil, let rest = baseURLPrefixed(path) { path = rest }
        while path.hasPrefix("/") { path.removeFirst() }
        // `x/index.html` is the page at `x/`: the same file, and the URL every server answers for it.
        if path == "index.html" {
            path = ""
        } else if path.hasSuffix("/index.html") {
            path.removeLast("index.html".count)
        }
        if !path.isEmpty, !path.hasSuffix("/"), !path.lowercased().hasSuffix(".html") { path += "/" }
        return SitePath(baseURL + SitePath.encodePathText(path))
    }

    /// The rest of a permalink that starts with the baseurl (`alpha/` of `/how-to/alpha/`; `""` of `/how-to/` and
    /// `/how-to`), its slashes collapsed; nil when it does not, or when the baseurl is `/`.
    public func baseURLPrefixed(_ permalink: String) -> String? {
        let path = Self.collapsingSlashes(permalink)
        guard baseURL != "/", path.hasPrefix(baseURL) || path + "/" == baseURL else { return nil }
        return String(path.dropFirst(min(baseURL.count, path.count)))
    }

    /// The URL of a path written in `redirect_from`, `aliases` or `redirect_to` (without its `#fragment`).
    ///
    /// Read as a permalink is, relative to the baseurl, as jekyll-redirect-from reads it: with baseurl `/how-to/`,
    /// `/old/` and `old/` are `/how-to/old/`. One exception, so that an old URL can be copied from a browser's
    /// address bar: a path that already starts with the baseurl is the site path it names (`/how-to/old/` is
    /// `/how-to/old/`, not `/how-to/how-to/old/`). A path whose last segment has no `.` gets a trailing `/`, as a
    /// page URL has one (`/old` → `/how-to/old/`); a file name keeps its own (`/old.html`, `/guide.pdf`). Percent
    /// escapes are read as what they stand for (`b%20c/` is the URL `b%20c/`, as a browser shows it).
    public func redirectURL(_ path: String) -> SitePath {
        var relative = baseURLPrefixed(path) ?? Self.collapsingSlashes(path)
        while relative.hasPrefix("/") { relative.removeFirst() }
        if !relative.isEmpty, !relative.hasSuffix("/"),
           !(relative.split(separator: "/").last?.contains(".") ?? false) { relative += "/" }
        let decoded = relative.removingPercentEncodingStrict ?? relative
        return SitePath(baseURL + SitePath.encodePathText(decoded))
    }

    /// `path` with each run of `/` made one (`a//b/` → `a/b/`), as Jekyll writes such a permalink.
    public static func collapsingSlashes(_ path: String) -> String {
        guard path.containsBytes(of: "//") else { return path }
        var result = ""
        var previousWasSlash = false
        for character in path {
            if character == "/", previousWasSlash { continue }
            previousWasSlash = character == "/"
            result.append(character)
        }
        return result
    }

    /// The URL of a content asset: the baseurl plus its path in the content folder, percent-encoded. A `%` in a
    /// file name is a character of the name (`50%off.png` → `50%25off.png`), not the start of an escape.
    public func assetURL(contentPath: String) -> SitePath {
        SitePath(baseURL + SitePath.encodeFileName(contentPath))
    }

    /// The URL of a file generated under the baseurl (`all/`, `style.css`).
    public func generatedURL(_ relative: String) -> SitePath {
        SitePath(baseURL + relative)
    }

    /// URL slug of a file name: lowercase letters and digits, other runs become `-`
    /// (`Add users in the Portal` → `add-users-in-the-portal`).
    public static func slug(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII names (nearly all), byte by byte: the same result without Unicode property lookups.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            var pendingDash = false
            for byte in name.utf8 {
                let lower = byte.asciiLowercased
                switch lower {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "_"), UInt8(ascii: "."):
                    if pendingDash, !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                    pendingDash = false
                    bytes.append(lower)
                default:
                    pendingDash = true
                }
            }
            return bytes.isEmpty ? "page" : String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        var pendingDash = false
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber || character == "_" || character == "." {
                if pendingDash, !result.isEmpty { result.append("-") }
                pendingDash = false
                result.append(character)
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? "page" : result
    }
}
