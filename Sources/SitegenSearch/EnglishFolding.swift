import Foundation

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
        var count = letters.count
        letters.withUnsafeMutableBufferPointer { stem($0.baseAddress!, &count) }
        return String(decoding: letters[..<count], as: UTF8.self)
    }

    /// `stem` on the `count` UTF-8 bytes at `word`, in place (the fold never makes a word longer). On bytes rather
    /// than an array: it runs for every word of the site.
    static func stem(_ word: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
        guard count >= 4 else { return }
        for index in 0..<count where word[index] < 0x61 || word[index] > 0x7A { return }
        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            return count >= length && memcmp(word + count - length, suffix.utf8Start, length) == 0
        }
        if ends("sses") {
            count -= 2
        } else if ends("ies") {
            count -= 2
            word[count - 1] = UInt8(ascii: "y")
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            count -= 1
        }
        if ends("ied"), count >= 5 {
            count -= 2
            word[count - 1] = UInt8(ascii: "y")
        } else if ends("ing"), count >= 6 {
            count -= 3
        } else if ends("ed"), count >= 5 {
            count -= 2
        }
        if ends("e"), count >= 4 {
            count -= 1
        }
    }
}
