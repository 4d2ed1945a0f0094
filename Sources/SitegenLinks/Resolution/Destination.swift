import SitegenCore

/// A link destination split into its parts, tolerantly: unlike `URLComponents`, it never fails on the
/// malformed text authors write, so that every destination can be diagnosed.
public struct Destination: Sendable, Equatable {
    /// Lowercased scheme without the colon (`https`), nil for a path or fragment.
    public var scheme: String?
    /// Host (and port) after `//`, nil when there is none.
    public var authority: String?
    /// Path as written (percent-encoding kept).
    public var path: String
    /// Query without `?`, nil when absent.
    public var query: String?
    /// Fragment without `#`, nil when absent.
    public var fragment: String?

    /// Splits on UTF-8 bytes: every delimiter is ASCII, as in a browser's URL parser, and walking Characters (or
    /// the UTF-8 view's indexes) costs many times more, for every link of every page.
    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { Destination(bytes: $0) }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func first(_ byte: UInt8, in range: Range<Int>) -> Int? { range.first { bytes[$0] == byte } }
        var start = 0
        var end = bytes.count
        if let hash = first(UInt8(ascii: "#"), in: start..<end) {
            fragment = text((hash + 1)..<end)
            end = hash
        }
        if let question = first(UInt8(ascii: "?"), in: start..<end) {
            query = text((question + 1)..<end)
            end = question
        }
        if let colon = first(UInt8(ascii: ":"), in: start..<end), colon != start {
            let candidate = bytes[start..<colon]
            if candidate.first!.isASCIILetter, candidate.allSatisfy({ byte in
                byte.isASCIILetter || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            }) {
                scheme = text(start..<colon).lowercased()
                start = colon + 1
            }
        }
        if end - start >= 2, bytes[start] == UInt8(ascii: "/"), bytes[start + 1] == UInt8(ascii: "/") {
            start += 2
            let slash = first(UInt8(ascii: "/"), in: start..<end) ?? end
            authority = text(start..<slash)
            start = slash
        }
        path = text(start..<end)
    }

    /// Host without port and user, lowercased.
    public var host: String? {
        guard let authority else { return nil }
        // On UTF-8 bytes: the Character view's `lastIndex(of:)` breaks graphemes backwards, which made this most of
        // the cost of resolving an absolute URL.
        let utf8 = authority.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        if let at = utf8.lastIndex(of: UInt8(ascii: "@")) { start = utf8.index(after: at) }
        if let colon = utf8[start...].lastIndex(of: UInt8(ascii: ":")), utf8.last != UInt8(ascii: "]") { end = colon }
        return String(authority[start..<end]).lowercased()
    }

    /// `?query#fragment` as written, for rebuilding a destination around a new path.
    public var suffix: String {
        (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "")
    }

    /// An absolute path without `.` or `..` segments or doubled slashes: already resolved, against any base.
    static func isNormalAbsolutePath(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/") && !SitePath.hasDotSegment(path.utf8.dropFirst(), countingEmpty: true)
    }

    /// Resolves `relative` (a path without scheme or authority) against the folder of `base`, removing `.` and
    /// `..` segments (RFC 3986, 5.2.4). Nil when `..` climbs above the root.
    public static func resolvePath(_ relative: String, against base: String) -> String? {
        if isNormalAbsolutePath(relative) { return relative }
        let joined: String
        if relative.hasPrefix("/") {
            joined = relative
        } else if relative.isEmpty {
            joined = base
        } else {
            let folder = base.hasSuffix("/")
                ? base : String(base[...(base.utf8.lastIndex(of: UInt8(ascii: "/")) ?? base.startIndex)])
            joined = folder + relative
        }
        var output: [Substring] = []
        let segments = joined.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                guard !output.isEmpty else { return nil }
                output.removeLast()
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/")
    }
}
