import Foundation
@testable import SitegenLinks
import Testing

/// `PrettyJSON` writes what `JSONEncoder` (pretty, sorted keys, slashes unescaped) and `ReportText` write: the SARIF
/// report went from one to the other, and code-scanning services, like the golden file, see the same bytes.
@Suite struct PrettyJSONTests {
    struct Inner: Encodable {
        var list: [Int]
        var name: String
        var none: [String: Int]
        var nested: [[String]]
    }

    struct Outer: Encodable {
        var a: String
        var b: Int
        var c: [Inner]
        var d: [Int]
    }

    @Test func itWritesWhatJSONEncoderAndReportTextWrite() throws {
        let text = "q\"\\/\n\r\t\u{8}\u{c}\u{1}\u{1f} é \u{7f}\u{85}\u{9f}\u{a0} \u{2028} <a href='x'>&amp;</a> 💡"
        let value = Outer(a: text, b: -42, c: [Inner(list: [1, 2], name: "one", none: [:], nested: [[], ["x", text]]),
                                                Inner(list: [], name: "", none: [:], nested: [])], d: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let expected = ReportText.escapingControls(inJSON: String(decoding: try encoder.encode(value), as: UTF8.self))

        var out = PrettyJSON()
        out.beginObject()
        out.field("a", value.a)
        out.field("b", value.b)
        out.key("c")
        out.beginArray()
        for inner in value.c {
            out.beginObject()
            out.key("list")
            out.beginArray()
            for number in inner.list { out.int(number) }
            out.endArray()
            out.field("name", inner.name)
            out.key("nested")
            out.beginArray()
            for list in inner.nested {
                out.beginArray()
                for item in list { out.string(item) }
                out.endArray()
            }
            out.endArray()
            out.key("none")
            out.beginObject()
            out.endObject()
            out.endObject()
        }
        out.endArray()
        out.key("d")
        out.beginArray()
        out.endArray()
        out.endObject()
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
    }
}
