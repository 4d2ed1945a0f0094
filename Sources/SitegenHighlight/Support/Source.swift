/// The code a lexer reads, with the scans the lexers share. Every scan moves forward only and returns where it
/// stopped; a lexer goes on from there, so each byte is looked at a bounded number of times.
struct Source {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// The byte at `index`, or 0 outside the code (for look-ahead; loops test `index < count` themselves).
    @inline(__always) subscript(_ index: Int) -> UInt8 {
        index >= 0 && index < bytes.count ? bytes[index] : 0
    }

    /// The index of the first `\n` or `\r` at or after `index`, or `count`.
    func lineEnd(from index: Int) -> Int {
        var index = index
        while index < count, !Byte.isLineBreak(bytes[index]) { index += 1 }
        return index
    }

    /// The start of the line after the one `index` is on, or `count`.
    func nextLine(from index: Int) -> Int {
        var index = lineEnd(from: index)
        if index < count, bytes[index] == UInt8(ascii: "\r") { index += 1 }
        if index < count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
        return index
    }

    /// After the spaces and tabs at `index`.
    func skipBlanks(from index: Int) -> Int {
        var index = index
        while index < count, Byte.isBlank(bytes[index]) { index += 1 }
        return index
    }

    /// After the spaces, tabs and line breaks at `index`.
    func skipWhitespace(from index: Int) -> Int {
        var index = index
        while index < count, Byte.isBlank(bytes[index]) || Byte.isLineBreak(bytes[index]) { index += 1 }
        return index
    }

    /// After the run of bytes that satisfy `accepts` at `index`.
    func skip(from index: Int, while accepts: (UInt8) -> Bool) -> Int {
        var index = index
        while index < count, accepts(bytes[index]) { index += 1 }
        return index
    }

    /// After the word (letters, digits, `_`, non-ASCII) at `index`.
    func wordEnd(from index: Int) -> Int { skip(from: index, while: Byte.isWord) }

    /// The end of a string that opens with the quote at `open`: after its closing quote, or where it stops unclosed
    /// (a line break with `stopsAtLineEnd`, else the end of the code). `escape` makes the byte after it ordinary;
    /// with `doubledQuote`, two quotes in a row stand for one.
    func quotedEnd(from open: Int, escape: UInt8? = UInt8(ascii: "\\"), doubledQuote: Bool = false,
                   stopsAtLineEnd: Bool) -> Int {
        let quote = bytes[open]
        var index = open + 1
        while index < count {
            let byte = bytes[index]
            if byte == escape {
                // The escaped byte is skipped, unless it ends a line that the string may not cross.
                index += stopsAtLineEnd && Byte.isLineBreak(self[index + 1]) ? 1 : 2
            } else if byte == quote {
                if doubledQuote, self[index + 1] == quote { index += 2 } else { return index + 1 }
            } else if stopsAtLineEnd, Byte.isLineBreak(byte) {
                return index
            } else {
                index += 1
            }
        }
        return count
    }

    /// After the first `terminator` at or after `index` (a few bytes, so the search stays linear), or `count`.
    func end(of terminator: StaticString, from index: Int, escape: UInt8? = nil) -> Int {
        let length = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start.pointee
        var index = index
        while index < count {
            let byte = bytes[index]
            if byte == escape {
                index += 2
            } else if byte == first, matches(terminator, at: index) {
                return index + length
            } else {
                index += 1
            }
        }
        return count
    }

    /// Whether `text` is at `index`, its ASCII letters in any case with `caseInsensitive`.
    func matches(_ text: StaticString, at index: Int, caseInsensitive: Bool = false) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index >= 0, index + length <= count else { return false }
        for offset in 0..<length {
            let expected = text.utf8Start[offset], actual = bytes[index + offset]
            if expected != actual, !caseInsensitive || Byte.lowercased(actual) != Byte.lowercased(expected) { return false }
        }
        return true
    }

    /// Whether `range` holds exactly `text`, ASCII case aside.
    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount && matches(text, at: range.lowerBound, caseInsensitive: true)
    }

    /// The end of the number at `index` (a digit, or `.` and a digit): decimal digits with `_`, a fraction, an
    /// exponent, `0x` hex digits, then any letters that follow as a suffix (`1j`, `10m`, `5kb`).
    func numberEnd(from index: Int) -> Int {
        var index = index
        if self[index] == UInt8(ascii: "0"), self[index + 1] | 0x20 == UInt8(ascii: "x"), Byte.isHexDigit(self[index + 2]) {
            return wordEnd(from: index + 2)
        }
        index = skip(from: index) { Byte.isDigit($0) || $0 == UInt8(ascii: "_") }
        if self[index] == UInt8(ascii: "."), Byte.isDigit(self[index + 1]) {
            index = skip(from: index + 1) { Byte.isDigit($0) || $0 == UInt8(ascii: "_") }
        }
        if self[index] | 0x20 == UInt8(ascii: "e") {
            let sign = self[index + 1] == UInt8(ascii: "+") || self[index + 1] == UInt8(ascii: "-") ? 1 : 0
            if Byte.isDigit(self[index + 1 + sign]) { index = skip(from: index + 1 + sign, while: Byte.isDigit) }
        }
        return wordEnd(from: index)
    }

    /// Whether a number may start at `index`: a digit or `.` and a digit, not inside a word.
    func startsNumber(at index: Int) -> Bool {
        let byte = self[index]
        guard Byte.isDigit(byte) || byte == UInt8(ascii: ".") && Byte.isDigit(self[index + 1]) else { return false }
        return index == 0 || !Byte.isWord(self[index - 1]) && self[index - 1] != UInt8(ascii: ".")
    }

    /// Whether the bytes before `index` on its line are blanks only.
    func isFirstOnLine(_ index: Int) -> Bool {
        var index = index - 1
        while index >= 0, Byte.isBlank(bytes[index]) { index -= 1 }
        return index < 0 || Byte.isLineBreak(bytes[index])
    }
}

/// Byte classes, ASCII only: a byte of a multi-byte UTF-8 sequence is a word byte, so a token never ends inside one.
enum Byte {
    @inline(__always) static func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || isLineBreak(byte) || byte == 0x0C }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    @inline(__always) static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66
    }
    /// Letters, digits, `_` and non-ASCII bytes.
    @inline(__always) static func isWord(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == 0x5F || byte >= 0x80
    }
    /// What may start a name: letters, `_` and non-ASCII bytes.
    @inline(__always) static func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == 0x5F || byte >= 0x80 }
    /// ASCII letters, digits and `_` (a variable name in shell and nginx).
    @inline(__always) static func isASCIIName(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == 0x5F }
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
