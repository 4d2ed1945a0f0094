import Foundation

/// The distinct terms of one page, each with what its posting records: the fields it is in (1 title, 2 a heading,
/// 4 the body), its count in the body (at most 7), and the first section whose heading, else whose body, has it.
///
/// Hand-written rather than a `[String: Entry]`: this table sees every word of the site, and a Dictionary keyed by
/// String would make a String and hash it with SipHash for each. Here a word stays the bytes it was read into; it
/// is hashed (`key`) and compared by its bytes, and only each distinct term becomes a String, once, at the end.
/// Its storage is raw memory the table owns, not arrays: an array's element written in place is checked for a
/// second owner and its index for its bounds at each word, a tenth of the table's time.
final class PageTerms: WordSink {
    private struct Entry {
        var start: Int32
        var length: Int32
        var hash: UInt32
        /// For a term of at most 8 bytes, its `Key.word` (with the length, the term itself); else 0.
        var word: UInt64
        var fields: UInt8 = 0
        var count: UInt8 = 0
        var headingSection: Int32 = -1
        var bodySection: Int32 = -1
    }

    // One table is used by one task at a time (a page's words are read in order), so the run-time exclusivity
    // checks, one per property access, are left out.
    @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var byteCount = 0
    @exclusivity(unchecked) private var byteCapacity = 4096
    @exclusivity(unchecked) private var entries: UnsafeMutablePointer<Entry>
    @exclusivity(unchecked) private var entryCount = 0
    @exclusivity(unchecked) private var entryCapacity = 128
    /// Open addressing: an entry's position + 1, 0 for a free slot; a power of two, at most half full.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var slotCount = 256

    /// Where the words being read are: a field (1, 2 or 4) and a section.
    @exclusivity(unchecked) private var field: UInt8 = 1
    @exclusivity(unchecked) private var section = 0

    init() {
        bytes = .allocate(capacity: byteCapacity)
        entries = .allocate(capacity: entryCapacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
    }

    deinit {
        bytes.deallocate()
        entries.deinitialize(count: entryCount)
        entries.deallocate()
        slots.deallocate()
    }

    /// Records the terms of `text`, in `field` (1, 2 or 4) of section `section`.
    func read(_ text: String, field: UInt8, section: Int) {
        self.field = field
        self.section = section
        var sink = self
        SearchText.scan(text, into: &sink)
    }

    /// `read` of valid UTF-8.
    func read(utf8 text: UnsafeBufferPointer<UInt8>, field: UInt8, section: Int) {
        self.field = field
        self.section = section
        var sink = self
        SearchText.scan(utf8: text, into: &sink)
    }

    func take(_ word: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
        EnglishFolding.stem(word, &count)
        add(word, count)
    }

    /// Records one occurrence of the `count` bytes at `term` in the current field and section.
    private func add(_ term: UnsafeMutablePointer<UInt8>, _ count: Int) {
        let key = Self.key(term, count)
        let hash = key.hash
        let mask = slotCount - 1
        var slot = Int(hash) & mask
        while true {
            let found = Int(slots[slot])
            if found == 0 { break }
            let entry = entries + (found - 1)
            // A term of up to 8 bytes is compared by its word, without reading its bytes again.
            if entry.pointee.hash == hash, Int(entry.pointee.length) == count,
               count <= 8 ? entry.pointee.word == key.word : Self.same(bytes + Int(entry.pointee.start), term, count) {
                Self.update(entry, field: field, section: section)
                return
            }
            slot = (slot + 1) & mask
        }
        if byteCount + count > byteCapacity {
            let capacity = max(byteCapacity * 2, byteCount + count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: bytes, count: byteCount)
            bytes.deallocate()
            bytes = grown
            byteCapacity = capacity
        }
        (bytes + byteCount).update(from: term, count: count)
        if entryCount == entryCapacity {
            let grown = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
            grown.moveInitialize(from: entries, count: entryCount)
            entries.deallocate()
            entries = grown
            entryCapacity *= 2
        }
        (entries + entryCount).initialize(to: Entry(start: Int32(byteCount), length: Int32(count), hash: hash,
                                                    word: count <= 8 ? key.word : 0))
        Self.update(entries + entryCount, field: field, section: section)
        byteCount += count
        entryCount += 1
        slots[slot] = Int32(entryCount)
        if entryCount * 2 > slotCount { grow() }
    }

    /// The hash of a term's `count` bytes, for this table and the index's buckets (nothing outside the writer sees
    /// it), and `word`: its last (up to) 8 bytes read as one number, the first and last 4 of them when
    /// there are 4 to 8 (overlapping), the first, middle and last when there are fewer. With the length, a term of
    /// at most 8 bytes is that number: every byte is in it, at a place the length fixes. Whole words of memory
    /// rather than FNV-1a's multiply per byte: the table hashes every word of the site, most of them 2 to 8 bytes,
    /// which here take two loads and two multiplies. Reads only the term's bytes.
    @inline(__always)
    static func key(_ term: UnsafePointer<UInt8>, _ count: Int) -> (hash: UInt32, word: UInt64) {
        let raw = UnsafeRawPointer(term)
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(count) &* multiplier
        var index = 0
        while count - index > 8 {
            hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* multiplier
            hash ^= hash >> 29
            index += 8
        }
        let rest = count - index  // 0 to 8 bytes, read without going past the term
        let last: UInt64
        if rest >= 4 {
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            last = low | high << 32
        } else if rest > 0 {
            last = UInt64(term[index]) | UInt64(term[index + rest / 2]) << 8 | UInt64(term[count - 1]) << 16
        } else {
            last = 0
        }
        hash = (hash ^ last) &* multiplier
        hash ^= hash >> 32
        hash = hash &* 0xD6E8_FEB8_6659_FD93
        hash ^= hash >> 32
        return (UInt32(truncatingIfNeeded: hash), last)
    }

    /// Eight bytes at a time: `memcmp` is a call and a set-up for each of millions of comparisons.
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let left = UnsafeRawPointer(a), right = UnsafeRawPointer(b)
        var index = 0
        while count - index >= 8 {
            if left.loadUnaligned(fromByteOffset: index, as: UInt64.self) != right.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
                return false
            }
            index += 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    private static func update(_ entry: UnsafeMutablePointer<Entry>, field: UInt8, section: Int) {
        entry.pointee.fields |= field
        switch field {
        case 2:
            if entry.pointee.headingSection < 0 { entry.pointee.headingSection = Int32(section) }
        case 4:
            entry.pointee.count = min(7, entry.pointee.count + 1)
            if entry.pointee.bodySection < 0 { entry.pointee.bodySection = Int32(section) }
        default:
            break
        }
    }

    private func grow() {
        slots.deallocate()
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for position in 0..<entryCount {
            var slot = Int(entries[position].hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position + 1)
        }
    }

    /// The posting code of an entry: bits 0–2 the fields, 3–5 the body count, 6 and up the section.
    private static func code(_ entry: Entry) -> Int {
        let section = entry.headingSection >= 0 ? entry.headingSection : max(0, entry.bodySection)
        return Int(entry.fields) | Int(entry.count) << 3 | Int(section) << 6
    }

    /// Each term with its posting code.
    func codes() -> [(term: String, code: Int)] {
        (0..<entryCount).map { position in
            let entry = entries[position]
            let term = String(decoding: UnsafeBufferPointer(start: bytes + Int(entry.start), count: Int(entry.length)), as: UTF8.self)
            return (term: term, code: Self.code(entry))
        }
    }

    /// The terms as `codes()` has them, with each term's bucket among `buckets`, kept as bytes: the one-shot
    /// writer hands every distinct term of every page (about three million at 10,000 articles) to a bucket, and a
    /// String for each was an allocation, its reference counting and its release.
    func list(buckets: Int) -> PageTermList {
        let bytes = [UInt8](UnsafeBufferPointer(start: self.bytes, count: byteCount))
        var terms: [PageTermList.Term] = []
        terms.reserveCapacity(entryCount)
        for position in 0..<entryCount {
            let entry = entries[position]
            let bucket = SearchIndexWriter.bucket(ofUTF8: UnsafeBufferPointer(start: self.bytes + Int(entry.start), count: Int(entry.length)),
                                                  count: buckets)
            terms.append(PageTermList.Term(start: entry.start, length: entry.length, hash: entry.hash,
                                           bucket: Int32(bucket), code: Self.code(entry)))
        }
        return PageTermList(bytes: bytes, terms: terms)
    }
}

/// A page's distinct terms as bytes: each term's UTF-8 is `bytes[start..<start + length]`.
struct PageTermList: Sendable {
    struct Term: Sendable {
        var start: Int32
        var length: Int32
        /// `PageTerms.key` hash of the term's UTF-8.
        var hash: UInt32
        var bucket: Int32
        var code: Int
    }

    var bytes: [UInt8]
    var terms: [Term]

    static let empty = PageTermList(bytes: [], terms: [])

}
