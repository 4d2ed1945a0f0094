#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

extension Array where Element == UInt8 {
    /// The first occurrence of `pattern` in these bytes; nil when absent or empty.
    /// Hand-written over `memchr`/`memcmp` because Foundation's `range(of:)` compares by Unicode rules and is far
    /// slower on whole pages, and glibc's `memmem` is not exported to Swift.
    @inlinable
    public func firstRange(of pattern: [UInt8]) -> Range<Int>? {
        pattern.withUnsafeBufferPointer { firstRange(of: $0) }
    }

    /// The first occurrence of `text`'s UTF-8 bytes, without copying them when the string is native.
    @inlinable
    public func firstRange(of text: String) -> Range<Int>? {
        text.utf8.withContiguousStorageIfAvailable { firstRange(of: $0) } ?? firstRange(of: Array(text.utf8))
    }

    @inlinable
    public func firstRange(of pattern: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        firstRange(of: pattern, in: 0..<count)
    }

    /// The first occurrence of `pattern` at or after `start`, searched in place (no copy of the rest).
    @inlinable
    public func firstRange(of pattern: [UInt8], from start: Int) -> Range<Int>? {
        guard start <= count else { return nil }
        return pattern.withUnsafeBufferPointer { firstRange(of: $0, in: start..<count) }
    }

    /// The first occurrence of `pattern` that lies wholly inside `searchRange`.
    @inlinable
    public func firstRange(of pattern: UnsafeBufferPointer<UInt8>, in searchRange: Range<Int>) -> Range<Int>? {
        precondition(searchRange.lowerBound >= 0 && searchRange.upperBound <= count, "search range out of bounds")
        return withUnsafeBufferPointer { $0.firstRange(of: pattern, in: searchRange) }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The first occurrence of `pattern` that lies wholly inside `searchRange` (memchr for one of its bytes, its
    /// first four bytes compared in one load, then memcmp); nil when absent or empty.
    ///
    /// The byte memchr looks for is the pattern's first that is not a lowercase ASCII letter (`-` in
    /// `sitegen-ignore`), else its first: memchr for the `s` of `sitegen-ignore` stopped at every `s` of an article,
    /// one call every 15 bytes or so. The four-byte test matters for HTML: a page's body starts with `<`, as do a
    /// hundred tags before it, and a memcmp call for each was most of the time of finding the body in a rendered page.
    @inlinable
    public func firstRange(of pattern: UnsafeBufferPointer<UInt8>, in searchRange: Range<Int>) -> Range<Int>? {
        guard !pattern.isEmpty, pattern.count <= searchRange.count, let base = baseAddress,
              let needleBase = pattern.baseAddress else { return nil }
        let anchor = pattern.firstIndex { $0 < UInt8(ascii: "a") || $0 > UInt8(ascii: "z") } ?? 0
        let anchorByte = Int32(pattern[anchor])
        // The last start the pattern fits at, and where its anchor byte is then.
        let last = searchRange.upperBound - pattern.count
        let head: UInt32? = pattern.count >= 4 ? UnsafeRawPointer(needleBase).loadUnaligned(as: UInt32.self) : nil
        var offset = searchRange.lowerBound + anchor
        while offset <= last + anchor {
            guard let hit = memchr(base + offset, anchorByte, last + anchor - offset + 1) else { return nil }
            let position = (UnsafeRawPointer(hit) - UnsafeRawPointer(base)) - anchor
            offset = position + anchor + 1
            if let head, UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self) != head { continue }
            if memcmp(base + position, needleBase, pattern.count) == 0 { return position..<(position + pattern.count) }
        }
        return nil
    }
}

extension String {
    /// Whether the UTF-8 bytes of `pattern` occur in this string, searched without copying either.
    public func containsBytes(of pattern: String) -> Bool {
        var text = self
        var pattern = pattern
        return text.withUTF8 { bytes in pattern.withUTF8 { bytes.firstRange(of: $0, in: 0..<bytes.count) != nil } }
    }
}

extension String {
    /// The string with every occurrence of `pattern`'s UTF-8 bytes replaced by `replacement`'s, left to right and
    /// without overlaps; the string itself when there is none (or `pattern` is empty). Byte for byte: Foundation's
    /// `replacingOccurrences(of:with:)` goes through NSString on Linux and compares character clusters one by one,
    /// which on a page's HTML with the private-use include markers (`LiquidExpander.partialMarker`) cost 1–2% of a
    /// whole build for the few pages that have them.
    public func replacingBytes(of pattern: String, with replacement: String) -> String {
        var text = self
        var pattern = pattern
        return text.withUTF8 { bytes -> String? in
            pattern.withUTF8 { needle -> String? in
                guard var found = bytes.firstRange(of: needle, in: 0..<bytes.count) else { return nil }
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count)
                var start = 0
                while true {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<found.lowerBound]))
                    out.append(contentsOf: replacement.utf8)
                    start = found.upperBound
                    guard let next = bytes.firstRange(of: needle, in: start..<bytes.count) else { break }
                    found = next
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                return String(decoding: out, as: UTF8.self)
            }
        } ?? self
    }
}

extension String {
    /// Whether this string's UTF-8 bytes are `other`'s: equality of bytes, without the Unicode equivalence that `==`
    /// works out for a string that is not ASCII (for text already folded, such as the search index's terms).
    public func utf8Equals(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                leftBytes.count == rightBytes.count
                    && (leftBytes.isEmpty || memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, leftBytes.count) == 0)
            }
        }
    }

    /// Whether this string's UTF-8 bytes sort before `other`'s (byte order, as `utf8.lexicographicallyPrecedes`,
    /// compared with `memcmp`).
    public func utf8Precedes(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0, let leftBase = leftBytes.baseAddress, let rightBase = rightBytes.baseAddress {
                    let order = memcmp(leftBase, rightBase, common)
                    if order != 0 { return order < 0 }
                }
                return leftBytes.count < rightBytes.count
            }
        }
    }
}

extension String {
    /// The last non-empty `/`-separated part (`a/b.md` → `b.md`, `x/` → `x`), or nil when there is none: what
    /// `split(separator: "/").last` gives, without making the array of parts (paths are split on hot paths).
    public var lastSlashSeparatedPart: Substring? {
        let utf8 = self.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        guard end > utf8.startIndex else { return nil }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return self[start..<end]
    }

    /// The first non-empty `/`-separated part when there is another after it (`product/x.md` → `product`), else
    /// nil: `split(separator: "/")`'s first part when it made two or more, without making them.
    public var firstOfSeveralSlashSeparatedParts: Substring? {
        let utf8 = self.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex, utf8[start] == UInt8(ascii: "/") { start = utf8.index(after: start) }
        guard let slash = utf8[start...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        guard utf8[slash...].contains(where: { $0 != UInt8(ascii: "/") }) else { return nil }
        return self[start..<slash]
    }
}

extension String {
    /// Whether the string's UTF-8 holds `byte` (an ASCII character), found with memchr when the string is native:
    /// the link rules and route keys ask this of every link.
    public func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }

    /// Whether any UTF-8 byte of the string satisfies `predicate`, tested over the string's contiguous storage
    /// when it is native: `utf8.contains(where:)` steps through the view's index one byte at a time, and link
    /// rules ask this of every link.
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where predicate(byte) { return true }
            return false
        } ?? utf8.contains(where: predicate)
    }
}

extension String {
    /// The string without spaces and tabs around it; the string itself (no copy) when there are none, which is
    /// nearly always: front-matter values are read for every article.
    public var trimmingBlanks: String {
        let utf8 = self.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = utf8.first, let last = utf8.last, isBlank(first) || isBlank(last) else { return self }
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(self[start..<end])
    }
}
