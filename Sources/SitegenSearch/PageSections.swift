/// A page's text cut at its headings: what the index records of each section (its heading's id and text, its
/// words) and the excerpt a result shows.
public struct PageSection: Sendable, Equatable {
    /// The heading's `id` (empty for the text before the first heading).
    public var id: String
    /// The heading's text (empty for the text before the first heading).
    public var heading: String
    /// The section's text, tags removed and entities decoded, runs of white space made one space.
    public var text: String

    public init(id: String, heading: String, text: String) {
        self.id = id
        self.heading = heading
        self.text = text
    }
}

/// Reads the sections of a rendered Markdown body. A scanner rather than an HTML parser: the body is the
/// renderer's own HTML (well-formed, headings written `<hN id="…">`), and one linear pass is all the index needs.
public enum PageSections {
    public static func read(html: String) -> [PageSection] {
        var sections = [PageSection(id: "", heading: "", text: "")]
        var text: [UInt8] = []
        var heading: [UInt8] = []
        var inHeading = false
        var skipping: UInt64? = nil  // the closing tag name of a <script> or <style> whose content is not text
        let bytes = Array(html.utf8)
        var position = 0
        func finishText() {
            sections[sections.count - 1].text = collapse(text)
            text.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "<") else {
                // A run of text, copied at once.
                let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if skipping == nil {
                    if inHeading { heading += bytes[position..<end] } else { text += bytes[position..<end] }
                }
                position = end
                continue
            }
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tagStart = position + 1
            position = end + 1
            let closing = bytes[tagStart] == UInt8(ascii: "/")
            var nameStart = tagStart
            while nameStart < end && bytes[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < end && isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            // The name packed in a number (lowercase; a name longer than 8 bytes is none the scanner looks for):
            // a tag costs no allocation.
            var name: UInt64 = 0
            if nameEnd - nameStart <= 8 {
                for index in nameStart..<nameEnd { name = name << 8 | UInt64(lower(bytes[index])) }
            } else {
                // The longer block names count as a block (`p`); any other long name is none the scanner looks for.
                let found = bytes[nameStart..<nameEnd].lazy.map(lower)
                name = longBlockNames.contains { $0.elementsEqual(found) } ? packed("p") : UInt64.max
            }
            if let closingName = skipping {
                if closing && name == closingName { skipping = nil }
                continue
            }
            if !closing, name == scriptName || name == styleName {
                skipping = name
                continue
            }
            if name >= headingNames.lowerBound && name <= headingNames.upperBound {
                if !closing {
                    finishText()
                    sections.append(PageSection(id: attribute("id", in: Array(bytes[tagStart..<end])) ?? "", heading: "", text: ""))
                    inHeading = true
                    heading.removeAll(keepingCapacity: true)
                } else if inHeading {
                    sections[sections.count - 1].heading = collapse(heading)
                    inHeading = false
                }
                continue
            }
            // Block boundaries separate words; inline tags (`<code>`, `<em>`) do not.
            if blockNames.contains(name) { if inHeading { heading.append(32) } else { text.append(32) } }
        }
        finishText()
        if inHeading { sections[sections.count - 1].heading = collapse(heading) }
        return sections
    }

    /// A tag name of at most 8 bytes packed in a number, as `read` packs the names it meets.
    private static func packed(_ name: String) -> UInt64 { name.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    private static let scriptName = packed("script"), styleName = packed("style")
    private static let headingNames = packed("h1")...packed("h6")

    private static let blockNames: Set<UInt64> = Set(["p", "br", "li", "ul", "ol", "div", "td", "th", "tr", "table",
                                                      "pre", "dd", "dt", "hr", "section", "figure", "summary",
                                                      "details", "img"].map(packed))
    /// Block names longer than 8 bytes.
    private static let longBlockNames = [Array("blockquote".utf8), Array("figcaption".utf8)]

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    /// The value of attribute `name` in a tag's text (`h2 id="setup" class="x"`), entities decoded.
    static func attribute(_ name: String, in tag: [UInt8]) -> String? {
        let key = Array(" \(name)=\"".utf8)
        guard tag.count > key.count else { return nil }
        var index = 0
        while index + key.count <= tag.count {
            if Array(tag[index..<(index + key.count)]) == key {
                let start = index + key.count
                let end = tag[start...].firstIndex(of: UInt8(ascii: "\"")) ?? tag.count
                return decode(Array(tag[start..<end]))
            }
            index += 1
        }
        return nil
    }

    /// Runs of ASCII white space made one space, ends trimmed, then entities decoded.
    static func collapse(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return decode(out)
    }

    /// The text with the entities the renderer writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, numeric ones)
    /// decoded; any other `&…;` is kept as written.
    static func decode(_ bytes: [UInt8]) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";")) {
                let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch name {
                case "amp": scalar = "&"
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                case "nbsp": scalar = " "
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                    }
                }
                if let scalar {
                    out += Array(String(scalar).utf8)
                    index = semicolon + 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
