import Foundation
import Testing
@testable import SitegenCore

/// JSONWriter's strings: what JSON reads back is the string written, with the escapes the writer documents, whether
/// the character to escape falls in the words it skips eight bytes at a time or in the bytes after them.
@Suite struct JSONWriterTests {
    private static func written(_ text: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.string(text)
        return writer.bytes
    }

    @Test func escapesAreWrittenWhereverTheyFall() {
        #expect(String(decoding: Self.written("plain text, longer than eight bytes"), as: UTF8.self)
                == "\"plain text, longer than eight bytes\"")
        for offset in 0..<20 {
            let before = String(repeating: "a", count: offset)
            #expect(String(decoding: Self.written(before + "\"x\\y\n\u{1}é"), as: UTF8.self)
                    == "\"\(before)\\\"x\\\\y\\n\\u0001é\"")
        }
        // Bytes just above each character that is escaped, and non-ASCII bytes, are written as they are.
        #expect(String(decoding: Self.written("!#[]^_ \u{7F}ééé日本語 ~}"), as: UTF8.self) == "\"!#[]^_ \u{7F}ééé日本語 ~}\"")
    }

    @Test(arguments: 0..<10)
    func randomStringsReadBackTheSame(seed: Int) throws {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\t", "\u{0}", "\u{1F}", "\u{20}", "\u{21}",
                                  "\u{5B}", "\u{5D}", "é", "日", "😀", "\u{7F}", "/"]
        for _ in 0..<200 {
            let text = (0..<Int(next() % 40)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined()
            let bytes = Self.written(text)
            let decoded = try JSONSerialization.jsonObject(with: Data("[".utf8 + bytes + "]".utf8)) as? [String]
            #expect(decoded == [text])
            #expect(!bytes.dropFirst().dropLast().contains { $0 < 0x20 })
        }
    }
}
