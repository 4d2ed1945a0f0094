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
        // The suffixes compared byte by byte from the end (a test holds this to the rules as written above).
        let s = UInt8(ascii: "s"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), d = UInt8(ascii: "d")
        // 1. Plurals (`count` is 4 or more).
        if word[count - 1] == s {
            let before = word[count - 2]
            if before == e {
                if word[count - 3] == s, word[count - 4] == s {
                    count -= 2  // sses → ss
                } else if word[count - 3] == i {
                    count -= 2  // ies → y
                    word[count - 1] = UInt8(ascii: "y")
                } else {
                    count -= 1
                }
            } else if before != s, before != UInt8(ascii: "u"), before != i {
                count -= 1  // but ss, us, is
            }
        }
        // 2. Verb forms (`count` is 3 or more).
        if count >= 5, word[count - 1] == d, word[count - 2] == e, word[count - 3] == i {
            count -= 2  // ied → y
            word[count - 1] = UInt8(ascii: "y")
        } else if count >= 6, word[count - 1] == UInt8(ascii: "g"), word[count - 2] == UInt8(ascii: "n"), word[count - 3] == i {
            count -= 3
        } else if count >= 5, word[count - 1] == d, word[count - 2] == e {
            count -= 2
        }
        // 3. A final e.
        if count >= 4, word[count - 1] == e { count -= 1 }
    }
}
