import SitegenCore

/// Judges one piece of an article's raw HTML (an HTML block, or one inline tag) and makes the HTML the page gets
/// instead, so that nothing in it runs script unless the site allowed it:
///
/// - An unsafe URL (`UnsafeURL`) in any URL-valued attribute becomes `#`, in every mode and whatever the severity
///   of `link-unsafe-scheme`.
/// - With `raw_html: true`, what `content-unsafe-html` reports is shown as text (tags) or removed (attributes),
///   unless the site lowered that rule below `error`, which publishes it as written. The elements whose content
///   browsers read as text (`<script>`, `<style>`, `<textarea>`, `<title>`, `<xmp>`, `<noembed>`, `<noframes>`,
///   `<plaintext>`, `<noscript>`) are always shown as text, like GitHub's tag filter does, and an `<iframe>` of an
///   allowed host is closed at once: so a browser reads every later byte as this filter did.
/// - With `raw_html: sanitize`, only the tags and attributes of `SanitizeAllowList` are kept (rewritten in one
///   canonical form), text is escaped, comments are dropped.
///
/// In every mode a piece that ends inside a tag or comment is closed or shown as text: a browser would otherwise
/// read the Markdown after it, or the next HTML, as part of it. One pass over the tokens: linear in the input.
struct RawHTMLFilter {
    /// A construct `content-unsafe-html` reports, at the `<` of its tag (a byte offset in the piece).
    struct Problem: Equatable {
        var offset: Int
        var message: String
        var fixIt: String
    }

    /// An unsafe URL in a URL-valued attribute (`link-unsafe-scheme`).
    struct UnsafeAttributeURL: Equatable {
        /// Byte offset of the attribute's value in the piece.
        var offset: Int
        var tag: String
        var attribute: String
        /// The URL, entities decoded.
        var url: String
    }

    /// What reviewing one piece found, and the HTML for the page when it differs from the piece.
    struct Review {
        var problems: [Problem] = []
        var unsafeURLs: [UnsafeAttributeURL] = []
        /// The HTML to write instead of the piece; nil when it is written as it is (or when not asked for).
        var html: [UInt8]?
    }

    /// `.kept` or `.sanitized` (omitted HTML never reaches the page).
    let mode: RawHTMLMode
    let embedHosts: EmbedHosts
    /// True when the site set `content-unsafe-html` below `error`: with `raw_html: true`, what it reports is
    /// published as written.
    let keepsReported: Bool

    /// Elements whose content browsers read as text (or, for `<noscript>`, read differently with and without script).
    static let rawTextTags: Set<String> = [
        "script", "style", "title", "textarea", "xmp", "noembed", "noframes", "plaintext", "noscript",
    ]

    /// Tags that scroll sideways when wider than the page (style.css), given `tabindex="0"`.
    static let scrollingTags: Set<String> = ["pre", "table"]

    /// Reviews `bytes`; with `rewrite`, also makes the HTML for the page.
    func review(_ bytes: UnsafeBufferPointer<UInt8>, rewrite: Bool) -> Review {
        var review = Review()
        var output: [UInt8] = []
        if rewrite { output.reserveCapacity(bytes.count + 16) }
        var changed = false
        var position = 0
        /// Sanitize: the code container (`script`, `style`) whose content is being dropped.
        var dropping: String?
        let sanitizing = mode == .sanitized
        // Sanitized HTML is always written anew, in its canonical form.
        if sanitizing, rewrite { changed = true }

        func text(upTo end: Int) {
            defer { position = end }
            guard rewrite, position < end else { return }
            if dropping != nil {
                changed = true
            } else if sanitizing {
                appendEscaped(bytes, position..<end, to: &output, changed: &changed)
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<end]))
            }
        }
        func verbatim(_ token: HTMLToken) {
            guard rewrite else { return }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.range]))
        }
        func escaped(_ token: HTMLToken) {
            guard rewrite else { return }
            changed = true
            appendEscaped(bytes, token.range, to: &output, changed: &changed)
        }
        func dropped() { if rewrite { changed = true } }

        HTMLTokenizer.forEachToken(in: bytes) { token in
            text(upTo: token.range.lowerBound)
            defer { position = token.range.upperBound }
            switch token.kind {
            case .comment:
                if sanitizing || dropping != nil {
                    dropped()
                } else {
                    verbatim(token)
                    if !token.terminated, rewrite {
                        changed = true
                        output.append(contentsOf: " -->".utf8)
                    }
                }
            case .otherMarkup:
                if sanitizing || dropping != nil {
                    dropped()
                } else if token.terminated {
                    verbatim(token)
                } else {
                    escaped(token)
                }
            case .endTag:
                let name = bytes.lowercasedText(token.nameRange)
                if let container = dropping {
                    if name == container { dropping = nil }
                    dropped()
                } else if sanitizing {
                    if token.terminated, SanitizeAllowList.tags.contains(name), name != "iframe" {
                        if rewrite { output.append(contentsOf: "</\(name)>".utf8) }
                    } else {
                        dropped()
                    }
                } else if !token.terminated {
                    escaped(token)
                } else if Self.rawTextTags.contains(name) {
                    if keepsReported, name == "script" { verbatim(token) } else { escaped(token) }
                } else if name == "iframe" || name == "frame" {
                    if keepsReported { verbatim(token) } else { dropped() }
                } else if name == "form", !keepsReported {
                    escaped(token)
                } else {
                    verbatim(token)
                }
            case .startTag:
                let name = bytes.lowercasedText(token.nameRange)
                if dropping != nil {
                    dropped()
                    return
                }
                var tag = TagReview(token, name: name, in: bytes, embedHosts: embedHosts)
                if !token.terminated {
                    tag.unsafeTag = true
                    tag.reasons.insert(
                        "'<\(TagReview.shown(name))' is not closed with '>' before the HTML ends, so a browser reads what follows as part of the tag",
                        at: 0)
                    tag.fixIt = "close the tag with '>' (an HTML block ends at the first blank line)"
                }
                if !tag.reasons.isEmpty {
                    review.problems.append(Problem(offset: token.range.lowerBound, message: tag.message,
                                                   fixIt: tag.fixIt ?? "remove it"))
                }
                for (index, url) in tag.unsafeURLs {
                    let attribute = token.attributes[index]
                    review.unsafeURLs.append(UnsafeAttributeURL(
                        offset: attribute.valueRange?.lowerBound ?? attribute.range.lowerBound, tag: name,
                        attribute: bytes.lowercasedText(attribute.nameRange), url: url))
                }
                // Sanitize drops a script's or style sheet's content with it (the same whether or not the page is
                // written, so that `check` and `build` find the same).
                if sanitizing, SanitizeAllowList.codeContainers.contains(name), !token.selfClosing { dropping = name }
                guard rewrite else { return }
                // A `<pre>` or `<table>` written in raw HTML scrolls sideways when wider than the page, as the
                // Markdown ones do: it gets `tabindex="0"` too, so that a keyboard can scroll it (WCAG 2.1.1).
                let tagStart = output.count
                defer {
                    if Self.scrollingTags.contains(name), output.count > tagStart, output[tagStart] == UInt8(ascii: "<"),
                       !token.attributes.contains(where: { bytes.lowercasedText($0.nameRange) == "tabindex" }) {
                        output.insert(contentsOf: #" tabindex="0""#.utf8, at: tagStart + 1 + name.utf8.count)
                        changed = true
                    }
                }
                if sanitizing {
                    let keptEmbed = name != "iframe" || tag.isAllowedEmbed
                    if dropping != nil || tag.unsafeTag || !SanitizeAllowList.tags.contains(name) || !keptEmbed {
                        dropped()
                        return
                    }
                    canonical(token, name: name, tag: tag, in: bytes, to: &output) { attribute in
                        SanitizeAllowList.keeps(attribute, on: name)
                    }
                    if tag.isAllowedEmbed { output.append(contentsOf: "</\(name)>".utf8) }
                    return
                }
                let showsAsText = Self.rawTextTags.contains(name) ? !(keepsReported && tag.unsafeTag)
                    : tag.unsafeTag && !keepsReported
                if showsAsText {
                    escaped(token)
                } else if tag.isAllowedEmbed || !tag.unsafeURLs.isEmpty || (!tag.unsafeAttributes.isEmpty && !keepsReported) {
                    changed = true
                    canonical(token, name: name, tag: tag, in: bytes, to: &output) { _ in true }
                    if tag.isAllowedEmbed { output.append(contentsOf: "</\(name)>".utf8) }
                } else {
                    verbatim(token)
                }
            }
        }
        text(upTo: bytes.count)
        if rewrite, changed { review.html = output }
        return review
    }

    /// Writes a start tag in one form: lowercase names, values in double quotes with `"`, `<` and `>` escaped,
    /// unsafe URLs replaced by `#`, unsafe attributes left out (unless published as written), and only the
    /// attributes `keeps` accepts.
    private func canonical(_ token: HTMLToken, name: String, tag: TagReview, in bytes: UnsafeBufferPointer<UInt8>,
                           to output: inout [UInt8], keeps: (String) -> Bool) {
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: name.utf8)
        let dropsUnsafe = mode == .sanitized || !keepsReported
        for (index, attribute) in token.attributes.enumerated() {
            if dropsUnsafe, tag.unsafeAttributes.contains(index) { continue }
            let attributeName = bytes.lowercasedText(attribute.nameRange)
            guard keeps(attributeName) else { continue }
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: attributeName.utf8)
            guard let valueRange = attribute.valueRange else { continue }
            output.append(contentsOf: "=\"".utf8)
            if tag.unsafeURLIndices.contains(index) {
                output.append(UInt8(ascii: "#"))
            } else {
                for byte in UnsafeBufferPointer(rebasing: bytes[valueRange]) {
                    switch byte {
                    case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                    case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                    case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                    default: output.append(byte)
                    }
                }
            }
            output.append(UInt8(ascii: "\""))
        }
        if token.selfClosing { output.append(contentsOf: " /".utf8) }
        output.append(UInt8(ascii: ">"))
    }

    /// Appends `bytes[range]` with `<` and `>` escaped: shown as text, and never joined with what is around it into
    /// a tag.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to output: inout [UInt8],
                               changed: inout Bool) {
        for byte in UnsafeBufferPointer(rebasing: bytes[range]) {
            switch byte {
            case UInt8(ascii: "<"):
                output.append(contentsOf: "&lt;".utf8)
                changed = true
            case UInt8(ascii: ">"):
                output.append(contentsOf: "&gt;".utf8)
                changed = true
            default:
                output.append(byte)
            }
        }
    }
}
