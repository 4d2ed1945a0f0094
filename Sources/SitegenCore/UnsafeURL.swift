/// Recognises the URLs that run script or open a document of the page's origin when a reader follows or loads them:
/// `javascript:`, `vbscript:`, and `data:` other than a raster image. Used for every URL in an article (Markdown
/// links, images, autolinks, reference definitions, raw-HTML attributes), before it is checked and before the page is
/// written, so the same test decides both what is reported and what is replaced.
///
/// Hand-written, on bytes, in one pass: Foundation's `URL` would refuse many of the strings browsers accept.
public enum UnsafeURL {
    /// The `data:` media types that stay allowed: raster images, which browsers never run (the list cmark-gfm's own
    /// URL filter allows). `image/svg+xml` is not among them: an SVG document can hold script.
    public static let rasterImageTypes = ["image/png", "image/gif", "image/jpeg", "image/webp"]

    /// What makes a URL unsafe, for messages: `javascript:`, `vbscript:`, or `data:` with its media type.
    public struct Finding: Sendable, Equatable {
        /// The scheme, lowercased: `javascript`, `vbscript` or `data`.
        public var scheme: String
        /// For `data:`, the media type as written after the colon (lowercased, up to `;` or `,`), empty when none.
        public var mediaType: String

        /// `javascript:`, or `data:text/html`.
        public var description: String {
            scheme == "data" ? "data:" + (mediaType.isEmpty ? "" : mediaType) : scheme + ":"
        }
    }

    /// The reason `url` is unsafe, or nil when it is not (relative, or of another scheme).
    ///
    /// `url` is the value after HTML character references are decoded (cmark-gfm decodes them in Markdown; raw-HTML
    /// attributes are decoded by the caller). Like browsers, which drop ASCII whitespace and control characters
    /// around and inside a scheme (`java\tscript:`, ` javascript:`), those are skipped; letter case is ignored.
    /// Percent-escapes are not decoded: `%6Aavascript:` has no valid scheme, so browsers treat it as a path.
    public static func finding(in url: String) -> Finding? {
        var url = url
        return url.withUTF8 { finding(inBytes: $0) }
    }

    /// True when `url` is one of the unsafe URLs (`finding(in:)` is not nil).
    public static func isUnsafe(_ url: String) -> Bool { finding(in: url) != nil }

    private static func isIgnored(_ byte: UInt8) -> Bool { byte <= 0x20 || byte == 0x7F }

    private static func finding(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Finding? {
        // The scheme: letters (then letters, digits, `+`, `-`, `.`) up to the first `:`, skipping what browsers
        // drop. The longest scheme of interest is 10 letters; anything else before the colon makes it safe.
        var scheme: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if isIgnored(byte) { continue }
            if byte == UInt8(ascii: ":") { break }
            let lowered = byte.asciiLowercased
            let isSchemeByte = lowered.isASCIILetter || (!scheme.isEmpty && ((0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            guard isSchemeByte, scheme.count < 10 else { return nil }
            scheme.append(lowered)
            if index == bytes.count { return nil }
        }
        guard index <= bytes.count, index > 0, bytes[index - 1] == UInt8(ascii: ":") else { return nil }
        switch scheme {
        case Array("javascript".utf8): return Finding(scheme: "javascript", mediaType: "")
        case Array("vbscript".utf8): return Finding(scheme: "vbscript", mediaType: "")
        case Array("data".utf8): break
        default: return nil
        }
        // `data:<media type>[;base64],...`: the media type up to `;` or `,`, at most 100 bytes looked at.
        var mediaType: [UInt8] = []
        while index < bytes.count, mediaType.count < 100 {
            let byte = bytes[index]
            index += 1
            if isIgnored(byte) { continue }
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") { break }
            mediaType.append(byte.asciiLowercased)
        }
        let type = String(decoding: mediaType, as: UTF8.self)
        if rasterImageTypes.contains(type) { return nil }
        return Finding(scheme: "data", mediaType: type)
    }
}
