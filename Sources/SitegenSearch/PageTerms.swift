import Foundation

/// The distinct terms of one page, each with what its posting records: the fields it is in (1 title, 2 a heading,
/// 4 the body), its count in the body (at most 7), and the first section whose heading, else whose body, has it.
///
/// Hand-written rather than a `[String: Entry]`: this table sees every word of the site, and a Dictionary keyed by
/// String would make a String and hash it with SipHash for each. Here a word stays the bytes it was read into; it
/// is hashed with FNV-1a and compared by its bytes, and only each distinct term becomes a String, once, at the end.
struct PageTerms: WordSink {
    private struct Entry {
        var start: Int32
        var length: Int32
        var hash: UInt32
        var fields: UInt8 = 0
        var count: UInt8 = 0
        var headingSection: Int32 = -1
        var bodySection: Int32 = -1
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing: an entry's position + 1, 0 for a free slot; a power of two, at most half full.
    private var slots = [Int32](repeating: 0, count: 256)

    init() {
        bytes.reserveCapacity(4096)
        entries.reserveCapacity(128)
    }

    /// Where the words being read are: a field (1, 2 or 4) and a section.
    private var field: UInt8 = 1
    private var section = 0

    /// Records the terms of `text`, in `field` (1, 2 or 4) of section `section`.
    mutating func read(_ text: String, field: UInt8, section: Int) {
        self.field = field
        self.section = section
        SearchText.scan(text, into: &self)
    }

    mutating func take(_ word: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
        EnglishFolding.stem(word, &count)
        add(UnsafeBufferPointer(start: word, count: count))
    }

    /// Records one occurrence of `term` in the current field and section.
    private mutating func add(_ term: UnsafeBufferPointer<UInt8>) {
        var hash: UInt32 = 0x811C9DC5
        for byte in term { hash = (hash ^ UInt32(byte)) &* 0x01000193 }
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let found = Int(slots[slot])
            if found == 0 { break }
            if entries[found - 1].hash == hash, Int(entries[found - 1].length) == term.count {
                let start = Int(entries[found - 1].start)
                if bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, term.baseAddress!, term.count) == 0 }) {
                    Self.update(&entries[found - 1], field: field, section: section)
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        var entry = Entry(start: Int32(bytes.count), length: Int32(term.count), hash: hash)
        bytes.append(contentsOf: term)
        Self.update(&entry, field: field, section: section)
        entries.append(entry)
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { grow() }
    }

    private static func update(_ entry: inout Entry, field: UInt8, section: Int) {
        entry.fields |= field
        switch field {
        case 2:
            if entry.headingSection < 0 { entry.headingSection = Int32(section) }
        case 4:
            entry.count = min(7, entry.count + 1)
            if entry.bodySection < 0 { entry.bodySection = Int32(section) }
        default:
            break
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (position, entry) in entries.enumerated() {
            var slot = Int(entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position + 1)
        }
    }

    /// Each term with its posting code: bits 0–2 the fields, 3–5 the body count, 6 and up the section.
    func codes() -> [(term: String, code: Int)] {
        entries.map { entry in
            let section = entry.headingSection >= 0 ? entry.headingSection : max(0, entry.bodySection)
            let term = String(decoding: bytes[Int(entry.start)..<Int(entry.start + entry.length)], as: UTF8.self)
            return (term: term, code: Int(entry.fields) | Int(entry.count) << 3 | Int(section) << 6)
        }
    }
}
