import Foundation

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
        var html = html
        return html.withUTF8 { read(utf8: $0) }
    }

    static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [PageSection] {
        var sink = WholeSections()
        scan(utf8: bytes, into: &sink)
        return sink.sections
    }

    /// The sections of a body, each section's text cut to its excerpt (`SearchIndexWriter.excerpt`), their words
    /// recorded in `table` as `SearchIndexWriter` records a page's sections: the same as `read` followed by
    /// reading each section's heading and text into the table, in one pass, without collapsing or copying a
    /// section's whole text into a String (the index reads every section of the site).
    static func index(utf8 bytes: UnsafeBufferPointer<UInt8>, into table: PageTerms) -> [PageSection] {
        var sink = IndexedSections(table: table)
        scan(utf8: bytes, into: &sink)
        return sink.sections
    }

    /// What `scan` hands over: each section as it opens, then its heading's and its text's raw bytes (tags removed,
    /// white space and entities as written).
    protocol Sink {
        /// A heading opens a new section, with the heading's `id`.
        mutating func open(id: String)
        /// The heading of the last section opened (not called for a heading left open by the next one).
        mutating func heading(_ raw: UnsafeBufferPointer<UInt8>)
        /// The text of the last section opened (of the text before the first heading, before any `open`).
        mutating func text(_ raw: UnsafeBufferPointer<UInt8>)
    }

    /// The sections with their whole text.
    struct WholeSections: Sink {
        var sections = [PageSection(id: "", heading: "", text: "")]
        mutating func open(id: String) { sections.append(PageSection(id: id, heading: "", text: "")) }
        mutating func heading(_ raw: UnsafeBufferPointer<UInt8>) { sections[sections.count - 1].heading = collapse(raw) }
        mutating func text(_ raw: UnsafeBufferPointer<UInt8>) { sections[sections.count - 1].text = collapse(raw) }
    }

    /// The sections with their excerpts, their words in a page's table.
    struct IndexedSections: Sink {
        let table: PageTerms
        var sections = [PageSection(id: "", heading: "", text: "")]
        /// A section's text with its entities decoded, reused from section to section.
        var decoded: [UInt8] = []

        mutating func open(id: String) { sections.append(PageSection(id: id, heading: "", text: "")) }

        mutating func heading(_ raw: UnsafeBufferPointer<UInt8>) {
            let heading = collapse(raw)
            sections[sections.count - 1].heading = heading
            table.read(heading, field: 2, section: sections.count - 1)
        }

        mutating func text(_ raw: UnsafeBufferPointer<UInt8>) {
            // The words of the text as `collapse` would give it: white space only separates words, so it needs no
            // collapsing here, and an entity is the same with or without (it has no white space in it).
            let section = sections.count - 1
            if let base = raw.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), raw.count) != nil {
                decoded.removeAll(keepingCapacity: true)
                PageSections.decode(raw, into: &decoded)
                decoded.withUnsafeBufferPointer { table.read(utf8: $0, field: 4, section: section) }
            } else {
                table.read(utf8: raw, field: 4, section: section)
            }
            sections[section].text = excerptText(raw)
        }
    }

    /// `SearchIndexWriter.excerpt(collapse(raw))`, collapsing and decoding only the start of `raw`: the first
    /// scalars of a text collapsed and decoded, one more than an excerpt keeps, are all the excerpt depends on.
    /// (An entity is read from `raw` as `decode` reads it from the collapsed text: a name with white space in it is
    /// no entity either way.)
    static func excerptText(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        // At most one scalar more than an excerpt keeps, each of at most 4 bytes: a buffer of fixed size, where an
        // array's append checked its capacity and its owner at every byte. (The loop also stops before the buffer
        // could overflow, which valid UTF-8 never comes near: one step writes at most 5 bytes, a space and an entity.)
        let limit = SearchIndexWriter.excerptLength, capacity = (limit + 4) * 4
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            var count = 0, scalars = 0, index = 0
            var pendingSpace = false
            while index < raw.count && count + 5 <= capacity {
                let byte = raw[index]
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    pendingSpace = count > 0
                    index += 1
                    continue
                }
                // A new scalar (not a continuation byte) once one more than the excerpt keeps is out: done.
                if byte & 0xC0 != 0x80 && scalars > limit { break }
                if pendingSpace {
                    out[count] = 0x20
                    count += 1
                    scalars += 1
                    pendingSpace = false
                    if scalars > limit { break }
                }
                if byte == UInt8(ascii: "&"), let (scalar, next) = entity(at: index, in: raw) {
                    for unit in UTF8.encode(scalar)! {
                        out[count] = unit
                        count += 1
                    }
                    scalars += 1
                    index = next
                    continue
                }
                out[count] = byte
                count += 1
                if byte & 0xC0 != 0x80 { scalars += 1 }
                index += 1
            }
            let text = UnsafeBufferPointer(rebasing: out[..<count])
            return SearchIndexWriter.excerpt(utf8: text) ?? String(decoding: text, as: UTF8.self)
        }
    }

    /// Reads the body once, handing `sink` its sections. A scanner rather than an HTML parser (see the type).
    /// Pointers and `memchr` rather than array slices: the index reads every byte of the site's HTML through here.
    static func scan<S: Sink>(utf8 bytes: UnsafeBufferPointer<UInt8>, into sink: inout S) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            sink.text(UnsafeBufferPointer(start: nil, count: 0))
            return
        }
        let count = bytes.count
        var text: [UInt8] = []
        var heading: [UInt8] = []
        text.reserveCapacity(count)
        var inHeading = false
        var skipping: UInt64? = nil  // the closing tag name of a <script> or <style> whose content is not text
        var position = 0
        // Read once here, not at each tag (each read of a static is a call).
        let scriptName = Self.scriptName, styleName = Self.styleName, headingNames = Self.headingNames
        let paragraph = Self.paragraph, longBlockNames = Self.longBlockNames, idKey = Self.idKey
        func find(_ byte: UInt8, from start: Int) -> Int? {
            memchr(base + start, Int32(byte), count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
        }
        while position < count {
            guard base[position] == UInt8(ascii: "<") else {
                // A run of text, copied at once.
                let end = find(UInt8(ascii: "<"), from: position) ?? count
                if skipping == nil {
                    let run = UnsafeBufferPointer(start: base + position, count: end - position)
                    if inHeading { heading.append(contentsOf: run) } else { text.append(contentsOf: run) }
                }
                position = end
                continue
            }
            guard let end = find(UInt8(ascii: ">"), from: position) else { break }
            let tagStart = position + 1
            position = end + 1
            let closing = base[tagStart] == UInt8(ascii: "/")
            var nameStart = tagStart
            while nameStart < end && base[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < end && isNameByte(base[nameEnd]) { nameEnd += 1 }
            // The name packed in a number (lowercase; a name longer than 8 bytes is none the scanner looks for):
            // a tag costs no allocation.
            var name: UInt64 = 0
            if nameEnd - nameStart <= 8 {
                for index in nameStart..<nameEnd { name = name << 8 | UInt64(lower(base[index])) }
            } else {
                // The longer block names count as a block (`p`); any other long name is none the scanner looks for.
                let found = UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart).lazy.map(lower)
                name = longBlockNames.contains { $0.elementsEqual(found) } ? paragraph : UInt64.max
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
                    text.withUnsafeBufferPointer { sink.text($0) }
                    text.removeAll(keepingCapacity: true)
                    let tag = UnsafeBufferPointer(start: base + tagStart, count: end - tagStart)
                    sink.open(id: attribute(idKey, in: tag) ?? "")
                    inHeading = true
                    heading.removeAll(keepingCapacity: true)
                } else if inHeading {
                    heading.withUnsafeBufferPointer { sink.heading($0) }
                    inHeading = false
                }
                continue
            }
            // Block boundaries separate words; inline tags (`<code>`, `<em>`) do not.
            if Self.isBlock(name) { if inHeading { heading.append(32) } else { text.append(32) } }
        }
        text.withUnsafeBufferPointer { sink.text($0) }
        if inHeading { heading.withUnsafeBufferPointer { sink.heading($0) } }
    }

    private static let idKey = Array(" id=\"".utf8)

    /// A tag name of at most 8 bytes packed in a number, as `read` packs the names it meets.
    static func packed(_ name: String) -> UInt64 { name.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    private static let scriptName = packed("script"), styleName = packed("style"), paragraph = packed("p")
    private static let headingNames = packed("h1")...packed("h6")

    static let blockNames: Set<UInt64> = Set(["p", "br", "li", "ul", "ol", "div", "td", "th", "tr", "table",
                                              "pre", "dd", "dt", "hr", "section", "figure", "summary",
                                              "details", "img"].map(packed))

    /// Whether a packed name is one of `blockNames` (a test holds the two equal): a switch on the numbers, where the
    /// Set hashed the name of every tag of the site.
    static func isBlock(_ name: UInt64) -> Bool {
        switch name {
        case 0x70, 0x6272, 0x6C69, 0x756C, 0x6F6C, 0x646976, 0x7464, 0x7468, 0x7472, 0x7461_626C_65, 0x70_7265, 0x6464,
             0x6474, 0x6872, 0x73_6563_7469_6F6E, 0x6669_6775_7265, 0x73_756D_6D61_7279, 0x64_6574_6169_6C73, 0x69_6D67:
            true
        default:
            false
        }
    }
    /// Block names longer than 8 bytes.
    private static let longBlockNames = [Array("blockquote".utf8), Array("figcaption".utf8)]

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    /// The value of attribute `name` in a tag's text (`h2 id="setup" class="x"`), entities decoded.
    static func attribute(_ name: String, in tag: [UInt8]) -> String? {
        tag.withUnsafeBufferPointer { attribute(Array(" \(name)=\"".utf8), in: $0) }
    }

    /// `attribute` with the key as it is written before the value (` id="`).
    static func attribute(_ key: [UInt8], in tag: UnsafeBufferPointer<UInt8>) -> String? {
        guard tag.count > key.count else { return nil }
        return key.withUnsafeBufferPointer { key -> String? in
            for index in 0...(tag.count - key.count) where memcmp(tag.baseAddress! + index, key.baseAddress!, key.count) == 0 {
                let start = index + key.count
                var end = start
                while end < tag.count && tag[end] != UInt8(ascii: "\"") { end += 1 }
                return decode(UnsafeBufferPointer(rebasing: tag[start..<end]))
            }
            return nil
        }
    }

    /// Runs of ASCII white space made one space, ends trimmed, then entities decoded.
    static func collapse(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { collapse($0) }
    }

    static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let collapsed = [UInt8](unsafeUninitializedCapacity: bytes.count) { out, written in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        out[count] = 0x20
                        count += 1
                    }
                    pendingSpace = false
                    out[count] = byte
                    count += 1
                }
            }
            written = count
        }
        return collapsed.withUnsafeBufferPointer { decode($0) }
    }

    /// The text with the entities the renderer writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, numeric ones)
    /// decoded; any other `&…;` is kept as written.
    static func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), bytes.count) != nil else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        decode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `decode`, appending the decoded text's UTF-8 to `out`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count {
            // The text up to the next `&`, copied at once.
            let ampersand = memchr(base + index, Int32(UInt8(ascii: "&")), bytes.count - index)
                .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
            out.append(contentsOf: UnsafeBufferPointer(start: base + index, count: ampersand - index))
            index = ampersand
            guard index < bytes.count else { break }
            if let (scalar, next) = entity(at: index, in: bytes) {
                if scalar.isASCII {
                    out.append(UInt8(scalar.value))
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
                index = next
                continue
            }
            out.append(UInt8(ascii: "&"))
            index += 1
        }
    }

    /// The entity at the `&` at `index`: its character and the index after its `;`; nil when there is none (a `;`
    /// within 12 bytes, and a name `entity` knows).
    private static func entity(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int)? {
        guard let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";")),
              let scalar = entity(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon])) else { return nil }
        return (scalar, semicolon + 1)
    }

    /// The character of an entity's name (`amp`, `#39`, `#x2019`), nil for any other name.
    private static func entity(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        func named(_ text: StaticString) -> Bool {
            name.count == text.utf8CodeUnitCount && memcmp(name.baseAddress!, text.utf8Start, name.count) == 0
        }
        guard !name.isEmpty else { return nil }
        if name[0] == UInt8(ascii: "#") {
            // As `UInt32(_:radix:)` reads the digits (a `+` allowed); at most 10 of them fit between `&` and `;`.
            var value: UInt64 = 0
            let hex = name.count > 1 && (name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X"))
            var digits = name.dropFirst(hex ? 2 : 1)
            if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
            guard !digits.isEmpty else { return nil }
            for byte in digits {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + UInt64(digit)
            }
            return UInt32(exactly: value).flatMap(Unicode.Scalar.init)
        }
        if named("amp") { return "&" }
        if named("lt") { return "<" }
        if named("gt") { return ">" }
        if named("quot") { return "\"" }
        if named("apos") { return "'" }
        if named("nbsp") { return " " }
        return nil
    }
}
