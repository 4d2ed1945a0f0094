import Foundation

/// The words of a text as the search index stores them and a query looks them up. The browser's `search.js`
/// does exactly the same steps (`words`, `stem` there); a change here is a change there, and the agreement test
/// (Tests/SitegenEndToEndTests/SearchAgreementTests.swift) runs both on the same queries.
///
/// 1. Lowercase, scalar by scalar (final sigma `ς` is read as `σ`, as a contextual lowercasing would not agree).
/// 2. Compatibility decomposition (NFKD) and removal of nonspacing marks: `Café` → `cafe`, `ﬁ` → `fi`.
/// 3. Words are runs of letters and numbers (Unicode categories L and N); every other scalar separates.
///    A word of one scalar is dropped (it finds nothing useful), a word is cut at `maximumWordLength` scalars.
///    But a word of one letter (`a`–`z` once folded) followed by `#` or `++` that end it (the text ends, or an
///    ASCII character that is not a letter or number follows) is a word with that sign: `C#`, `F#`, `C++`, `g++` →
///    `c#`, `f#`, `c++`, `g++`, names a developer searches for, which the one-letter rule would drop.
/// 4. Chinese and Japanese are written without spaces: a run of ideographs and kana (`isIdeograph`) is not one word
///    but each pair of neighbours in it (`メール設定` → `メー`, `ール`, `ル設`, `設定`), and a run of one is that
///    one scalar. A query for any part of a run finds it (`設定`), which a run read as one word, cut at 40
///    scalars, allowed only for its start. A run also ends the word before it and starts a new one after it
///    (`Exchange設定` → `exchange`, `設定`).
/// 5. English folding (`EnglishFolding.stem`) of words made of ASCII letters.
public enum SearchText {
    /// Longer words are cut: a hostile page's megabyte-long "word" must not become a megabyte-long term.
    public static let maximumWordLength = 40

    /// The folded words of `text`, in order, before stemming (`cafe`, `mailboxes`).
    public static func words(_ text: String) -> [String] {
        var collected = Collected(stems: false)
        scan(text, into: &collected)
        return collected.strings
    }

    /// The index terms of `text`: its words, folded (`mailboxes` → `mailbox`).
    public static func terms(_ text: String) -> [String] {
        var collected = Collected(stems: true)
        scan(text, into: &collected)
        return collected.strings
    }

    private struct Collected: WordSink {
        let stems: Bool
        var strings: [String] = []

        mutating func take(_ word: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
            if stems { EnglishFolding.stem(word, &count) }
            strings.append(String(decoding: UnsafeBufferPointer(start: word, count: count), as: UTF8.self))
        }
    }

    /// Bytes a word can take: `maximumWordLength` scalars of at most 4 bytes.
    static let wordCapacity = maximumWordLength * 4

    /// Hands each word of `text` to `sink`, as UTF-8 bytes in a buffer (which it may change in place). Bytes in one
    /// buffer rather than strings or arrays, and a loop without closures over the text's own UTF-8: the index reads
    /// every word of the site, and ASCII text (nearly all of an English help center) needs no Unicode look-up at all.
    static func scan<Sink: WordSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { scan(utf8: $0, into: &sink) }
    }

    /// Whether a scalar is written in runs without spaces between words (step 4): Han ideographs (the unified
    /// blocks, their extensions and compatibility forms), hiragana, katakana and the iteration marks `々〆〇`. Its
    /// own list of ranges, not Unicode's script property (which the standard library does not expose): `search.js`
    /// has the same list.
    static func isIdeograph(_ value: UInt32) -> Bool {
        (value >= 0x3040 && value <= 0x30FF) || (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x3005 && value <= 0x3007) || (value >= 0x31F0 && value <= 0x31FF)
            || (value >= 0xF900 && value <= 0xFAFF) || (value >= 0x20000 && value <= 0x3134F)
    }

    /// `scan` of valid UTF-8.
    static func scan<Sink: WordSink>(utf8 bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: wordCapacity)
        defer { buffer.deallocate() }
        var count = 0  // bytes in the buffer
        var length = 0  // scalars of the word (those past `maximumWordLength` are dropped)
        var index = 0
        // The run of ideographs being read (step 4): its length so far and its last scalar. While a run goes on,
        // the word buffer is empty (an ideograph ends the word before it), so its pairs are handed over in it.
        var run = 0
        var previous = Unicode.Scalar(UInt8(0))
        /// Hands `first`, then `second` when there is one, to the sink as one word.
        func takeIdeographs(_ first: Unicode.Scalar, _ second: Unicode.Scalar?) {
            var bytes = 0
            for unit in UTF8.encode(first)! {
                buffer[bytes] = unit
                bytes += 1
            }
            if let second {
                for unit in UTF8.encode(second)! {
                    buffer[bytes] = unit
                    bytes += 1
                }
            }
            sink.take(buffer, &bytes)
        }
        // The folds of the non-ASCII scalars (steps 1 and 2), a block of 256 at a time; the last block is kept here.
        let folds = ScalarFolds.shared, separator = ScalarFolds.separator
        var block: ScalarFolds.Block?
        var blockNumber = UInt32.max
        /// Ends the run: a run of one ideograph is a word of its own.
        func endRun() {
            if run == 1 { takeIdeographs(previous, nil) }
            run = 0
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
                if run > 0 { endRun() }
                if length < maximumWordLength { buffer[count] = byte; count += 1 }
                length += 1
            } else if byte >= 0x41 && byte <= 0x5A {
                if run > 0 { endRun() }
                if length < maximumWordLength { buffer[count] = byte + 0x20; count += 1 }
                length += 1
            } else if byte < 0x80 {
                if run > 0 { endRun() }
                // Step 3's `C#` and `C++`.
                if byte == 0x23 || byte == 0x2B, length == 1, count == 1, buffer[0] >= 0x61, buffer[0] <= 0x7A,
                   let end = signEnd(bytes, at: index - 1) {
                    for position in (index - 1)..<end { buffer[count] = bytes[position]; count += 1 }
                    sink.take(buffer, &count)
                    index = end
                } else if length >= 2 {
                    sink.take(buffer, &count)
                }
                count = 0
                length = 0
            } else {
                // A scalar of 2 to 4 bytes (a String's UTF-8 is valid): lowercased, decomposed, its marks dropped
                // (`ScalarFolds`); a letter or number continues the word, anything else ends it.
                let size = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var value = UInt32(byte) & (size == 4 ? 0x07 : size == 3 ? 0x0F : 0x1F)
                for _ in 1..<size where index < bytes.count {
                    value = value << 6 | UInt32(bytes[index] & 0x3F)
                    index += 1
                }
                guard value <= 0x10FFFF else { continue }
                if value >> 8 != blockNumber {
                    block = folds.block(of: value)
                    blockNumber = value >> 8
                }
                let entry = block!.entries[Int(value & 0xFF)]
                let first = Int(entry >> 8)
                for position in first..<(first + Int(entry & 0xFF)) {
                    let part = block!.parts[position]
                    if part & separator != 0 {
                        if run > 0 { endRun() }
                        if length >= 2 { sink.take(buffer, &count) }
                        count = 0
                        length = 0
                        continue
                    }
                    let scalar = Unicode.Scalar(part)!
                    if isIdeograph(part) {
                        if length >= 2 { sink.take(buffer, &count) }
                        count = 0
                        length = 0
                        if run > 0 { takeIdeographs(previous, scalar) }
                        previous = scalar
                        run += 1
                        continue
                    }
                    if run > 0 { endRun() }
                    if length < maximumWordLength {
                        for unit in UTF8.encode(scalar)! { buffer[count] = unit; count += 1 }
                    }
                    length += 1
                }
            }
        }
        if run > 0 { endRun() }
        if length >= 2 { sink.take(buffer, &count) }
    }
}

extension SearchText {
    /// The end of the `#` or `++` at `start` when it ends a word (step 3): the text ends after it, or an ASCII
    /// character that is neither a letter nor a number follows; nil otherwise (`c#define`, `c+`, `c++x`).
    static func signEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var end = start + 1
        if bytes[start] == 0x2B {
            guard end < bytes.count, bytes[end] == 0x2B else { return nil }
            end += 1
        }
        guard end < bytes.count else { return end }
        let next = bytes[end]
        let isLetterOrNumber = next >= 0x61 && next <= 0x7A || next >= 0x41 && next <= 0x5A || next >= 0x30 && next <= 0x39
        return next >= 0x80 || isLetterOrNumber ? nil : end
    }
}

/// What `SearchText.scan` hands each word to.
protocol WordSink {
    /// One word: `count` UTF-8 bytes at `word`, which the sink may change in place (shorter only).
    mutating func take(_ word: UnsafeMutablePointer<UInt8>, _ count: inout Int)
}
