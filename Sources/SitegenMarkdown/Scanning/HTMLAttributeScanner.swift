import SitegenCore

/// Finds the attributes of the tags in a piece of raw HTML (an HTML block or inline tag of an article).
///
/// Hand-written because none of the packages we may depend on parses HTML, and articles need only this much:
/// tag names, attribute names and values with their byte offsets, comments skipped, read by `HTMLTokenizer` as
/// browsers read them. It never fails: text that is not a tag is passed over.
public struct HTMLAttributeScanner {
    /// One attribute of one tag.
    public struct Attribute: Equatable, Sendable {
        /// Lowercased tag name (`a`, `img`).
        public var tag: String
        /// Lowercased attribute name (`href`).
        public var name: String
        /// The value as written (entities not decoded).
        public var rawValue: String
        /// Byte offset of the value's first byte in the scanned text.
        public var valueOffset: Int
        /// Byte offset of the attribute name's first byte in the scanned text.
        public var nameOffset: Int
    }

    public static func attributes(in html: String) -> [Attribute] {
        attributes(inBytes: Array(html.utf8)[...])
    }

    /// The attributes of the start tags in UTF-8 bytes; offsets count from the slice's start. With `names`
    /// (lowercase), only attributes of those names are returned, and no text is made for the others (the build scans
    /// every rendered page's theme part for `href` and `src`). Tags are read as browsers read them
    /// (`HTMLTokenizer`).
    public static func attributes(inBytes bytes: ArraySlice<UInt8>, named names: [String]? = nil) -> [Attribute] {
        // Over the bytes' buffer: the slice's checked subscript and its sub-slices were most of the time of scanning
        // each rendered page's theme part.
        bytes.withUnsafeBufferPointer { attributes(inBuffer: $0, named: names) }
    }

    private static func attributes(inBuffer bytes: UnsafeBufferPointer<UInt8>, named names: [String]?) -> [Attribute] {
        var result: [Attribute] = []
        let wanted = names?.map { Array($0.utf8) }
        func isWanted(_ range: Range<Int>) -> Bool {
            guard let wanted else { return true }
            return wanted.contains { name in
                name.count == range.count && zip(name, bytes[range]).allSatisfy { $0 == $1.asciiLowercased }
            }
        }
        HTMLTokenizer.forEachToken(in: bytes) { token in
            guard token.kind == .startTag else { return }
            var tag: String?
            for attribute in token.attributes {
                guard let valueRange = attribute.valueRange, isWanted(attribute.nameRange) else { continue }
                if tag == nil { tag = bytes.lowercasedText(token.nameRange) }
                result.append(Attribute(tag: tag!, name: bytes.lowercasedText(attribute.nameRange),
                                        rawValue: bytes.text(valueRange), valueOffset: valueRange.lowerBound,
                                        nameOffset: attribute.nameRange.lowerBound))
            }
        }
        return result
    }

    /// Byte offsets of the `<img>` start tags that have no `alt` attribute at all (`alt=""` counts as one).
    /// Pieces without the letters `<img` are passed over without tokenizing them.
    public static func imagesWithoutAlt(inBytes bytes: ArraySlice<UInt8>) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer -> [Int] in
            guard mayHoldImage(buffer) else { return [] }
            var offsets: [Int] = []
            HTMLTokenizer.forEachToken(in: buffer) { token in
                guard token.kind == .startTag, token.nameRange.count == 3, buffer.lowercasedText(token.nameRange) == "img",
                      !token.attributes.contains(where: { $0.nameRange.count == 3 && buffer.lowercasedText($0.nameRange) == "alt" })
                else { return }
                offsets.append(token.range.lowerBound)
            }
            return offsets
        }
    }

    private static func mayHoldImage(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0..<(bytes.count - 3) where bytes[index] == UInt8(ascii: "<") {
            if bytes[index + 1] | 0x20 == UInt8(ascii: "i"), bytes[index + 2] | 0x20 == UInt8(ascii: "m"),
               bytes[index + 3] | 0x20 == UInt8(ascii: "g") { return true }
        }
        return false
    }

    /// Decodes the character references of an attribute value as browsers do: numeric ones with or without `;` and
    /// with any number of digits (`&#0000106`, `&#x6A`), and the named ones that stand for ASCII characters
    /// (`&colon;`, `&Tab;`, `&NewLine;`, `&amp;`, ...) and `&nbsp;`. Other names are kept as written: only ASCII
    /// matters for where a URL leads, and the full table has more than 2,000 names. One pass: linear in the value.
    public static func decodeEntities(_ value: String) -> String {
        guard value.containsByte(UInt8(ascii: "&")) else { return value }
        var bytes = Array(value.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "&"), index + 1 < bytes.count else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if let (scalar, next) = numericReference(bytes, at: index + 1) ?? namedReference(bytes, at: index + 1) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    index = next
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `#106;`, `#x6A` after an `&` at `start - 1`: the character and the index after the reference.
    private static func numericReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "#") else { return nil }
        var index = start + 1
        let hex = index < bytes.count && bytes[index].asciiLowercased == UInt8(ascii: "x")
        if hex { index += 1 }
        var code: UInt32 = 0
        var digits = 0
        while index < bytes.count {
            let byte = bytes[index]
            let digit: UInt32
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digit = UInt32(byte - UInt8(ascii: "0"))
            } else if hex, (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte.asciiLowercased) {
                digit = UInt32(byte.asciiLowercased - UInt8(ascii: "a") + 10)
            } else {
                break
            }
            // Saturates: any value past U+10FFFF becomes U+FFFD, however many digits follow.
            code = min(code * (hex ? 16 : 10) + digit, 0x110000)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
        // NUL, surrogates and values past Unicode become U+FFFD, as in browsers.
        let scalar = code == 0 ? nil : Unicode.Scalar(code)
        return (scalar ?? "\u{FFFD}", index)
    }

    /// Named references that stand for ASCII characters (and `&nbsp;`), with the `;` browsers require, and the
    /// five that browsers also read without it (`&amp`, `&lt`, `&gt`, `&quot`, `&nbsp`: not before a letter,
    /// digit or `=`, as in attribute values).
    static let namedReferences: [String: Unicode.Scalar] = [
        "Tab": "\t", "NewLine": "\n", "excl": "!", "quot": "\"", "QUOT": "\"", "num": "#", "dollar": "$",
        "percnt": "%", "amp": "&", "AMP": "&", "apos": "'", "lpar": "(", "rpar": ")", "ast": "*", "midast": "*",
        "plus": "+", "comma": ",", "period": ".", "sol": "/", "colon": ":", "semi": ";", "lt": "<", "LT": "<",
        "equals": "=", "gt": ">", "GT": ">", "quest": "?", "commat": "@", "lsqb": "[", "lbrack": "[", "bsol": "\\",
        "rsqb": "]", "rbrack": "]", "Hat": "^", "lowbar": "_", "UnderBar": "_", "grave": "`", "DiacriticalGrave": "`",
        "lcub": "{", "lbrace": "{", "verbar": "|", "vert": "|", "VerticalLine": "|", "rcub": "}", "rbrace": "}",
        "nbsp": "\u{A0}", "NonBreakingSpace": "\u{A0}",
    ]
    private static let legacyReferences: Set<String> = ["amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "nbsp"]

    /// A named reference after an `&` at `start - 1`: the character and the index after it.
    private static func namedReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        // The longest name in the table has 16 letters.
        var index = start
        while index < bytes.count, index - start < 17, bytes[index].isASCIILetter { index += 1 }
        guard index > start else { return nil }
        let name = bytes.text(start..<index)
        if index < bytes.count, bytes[index] == UInt8(ascii: ";"), let scalar = namedReferences[name] {
            return (scalar, index + 1)
        }
        guard legacyReferences.contains(name), let scalar = namedReferences[name] else { return nil }
        if index < bytes.count {
            let next = bytes[index]
            if next.isASCIILetter || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || next == UInt8(ascii: "=") {
                return nil
            }
        }
        return (scalar, index)
    }
}
