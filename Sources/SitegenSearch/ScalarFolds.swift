import Foundation
import Synchronization

/// Steps 1 and 2 of `SearchText` for one scalar, worked out once per process: what it becomes lowercased,
/// decomposed (NFKD) and without its nonspacing marks, each resulting scalar a letter or number (word) or not
/// (separator). The same for a scalar wherever it is met, so kept rather than worked out again for each character:
/// Foundation's decomposition made a String of each one, and on a Japanese or Chinese page nearly every character
/// takes that path (1,000 pages of 3,000 characters: the search stage took 2.3 s, 0.9–1.0 s with the table).
///
/// Hand-written: no package here offers a per-scalar NFKD table. Folds are worked out 256 scalars at a time (one
/// `Block`, immutable once made) the first time a scalar of the block is met, and shared by every thread.
final class ScalarFolds: Sendable {
    static let shared = ScalarFolds()

    /// The folds of 256 consecutive scalars. A fold is `parts[start..<start + count]` for the scalar's `entries`
    /// value `start << 8 | count`; a part is a scalar's value, with `separator` set when it is no letter or number.
    final class Block: Sendable {
        let entries: [UInt32]
        let parts: [UInt32]

        /// The block whose first scalar is `first` (a multiple of 256).
        init(first: UInt32) {
            var entries: [UInt32] = []
            var parts: [UInt32] = []
            entries.reserveCapacity(256)
            for value in first..<(first + 256) {
                let start = parts.count
                if let scalar = Unicode.Scalar(value) { ScalarFolds.fold(scalar, into: &parts) }
                entries.append(UInt32(start) << 8 | UInt32(parts.count - start))
            }
            (self.entries, self.parts) = (entries, parts)
        }
    }

    /// Set on a part that is no letter or number: it ends the word.
    static let separator: UInt32 = 1 << 31

    private let blocks = Mutex<[UInt32: Block]>([:])

    /// The block of scalar `value`: made once (outside the lock; two threads that make it at once keep the first).
    func block(of value: UInt32) -> Block {
        let number = value >> 8
        if let made = blocks.withLock({ $0[number] }) { return made }
        let block = Block(first: number << 8)
        return blocks.withLock { blocks in
            if let first = blocks[number] { return first }
            blocks[number] = block
            return block
        }
    }

    /// `scalar` lowercased, each part decomposed (NFKD), nonspacing marks dropped, final sigma read as sigma:
    /// the parts appended to `parts`. The definition the table caches (`SearchText`, steps 1 and 2).
    static func fold(_ scalar: Unicode.Scalar, into parts: inout [UInt32]) {
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            for part in String(lower).decomposedStringWithCompatibilityMapping.unicodeScalars {
                switch part.properties.generalCategory {
                case .nonspacingMark:
                    continue
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .decimalNumber, .letterNumber, .otherNumber:
                    parts.append(part == "ς" ? ("σ" as Unicode.Scalar).value : part.value)
                default:
                    parts.append(separator | part.value)
                }
            }
        }
    }
}
