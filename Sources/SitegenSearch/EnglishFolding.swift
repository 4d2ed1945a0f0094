/// Folds English plurals and verb forms together, so that "mailboxes" finds "mailbox" and "deleting" finds
/// "Delete a user". Written by hand: no stemmer package is available to the project (its dependencies are fixed),
/// and the rules must be the same, to the letter, in the browser's `search.js`, which a library's would not be.
/// It is deliberately small (a few suffix rules, not Porter's algorithm): a wrong fold costs precision, and
/// prefix matching on the word being typed covers most of what a fuller stemmer would.
public enum EnglishFolding {
    /// The folded form of a lowercase word; words with anything but `a`–`z`, or shorter than 4 letters, are kept.
    ///
    /// 1. Plurals: `sses` → `ss`; `ies` → `y`; a final `s` goes unless the word ends in `ss`, `us` or `is`.
    /// 2. Verb forms: `ied` → `y`; `ing` goes when 3 letters stay; `ed` goes when 3 letters stay.
    /// 3. A final `e` goes when 3 letters stay (`delete`, `deleted`, `deleting` → `delet`).
    public static func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        stem(&letters)
        return String(decoding: letters, as: UTF8.self)
    }

    /// `stem` on a word's UTF-8 bytes, in place.
    static func stem(_ letters: inout [UInt8]) {
        guard letters.count >= 4, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return }
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard letters.count >= count else { return false }
            let tail = suffix.utf8Start
            for offset in 0..<count where letters[letters.count - count + offset] != tail[offset] { return false }
            return true
        }
        func replace(_ count: Int, with byte: UInt8? = nil) {
            letters.removeLast(count)
            if let byte { letters.append(byte) }
        }
        if ends("sses") {
            replace(2)
        } else if ends("ies") {
            replace(3, with: UInt8(ascii: "y"))
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            replace(1)
        }
        if ends("ied"), letters.count >= 5 {
            replace(3, with: UInt8(ascii: "y"))
        } else if ends("ing"), letters.count >= 6 {
            replace(3)
        } else if ends("ed"), letters.count >= 5 {
            replace(2)
        }
        if ends("e"), letters.count >= 4 {
            replace(1)
        }
    }
}
