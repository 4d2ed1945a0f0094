import Foundation
@testable import SitegenBuild
import Testing

/// `.sitegen/urls.json` is written directly (`URLList.write`) in the layout `JSONEncoder` gave it before.
@Suite struct URLListTests {
    static let document = URLList.Document(
        pages: [URLList.Page(url: "/how-to/a/", source: "content/a \"quoted\" café.md", anchors: ["intro", "set-up", "ü"]),
                URLList.Page(url: "/how-to/all-articles/", source: nil, anchors: []),
                URLList.Page(url: "/how-to/b\\c/", source: "content/b.md", anchors: ["x"])],
        redirects: [URLList.Redirect(from: "/old/", to: "/how-to/a/"), URLList.Redirect(from: "/gone/", to: nil)],
        assets: ["/how-to/assets/style.css", "/how-to/a/image one.png"])

    @Test func itIsWhatJSONEncoderWroteWithSortedKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = Array(try encoder.encode(Self.document)) + [UInt8(ascii: "\n")]
        #expect(String(decoding: URLList.write(Self.document), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let empty = URLList.Document(pages: [], redirects: [], assets: [])
        #expect(URLList.write(empty) == Array(try encoder.encode(empty)) + [UInt8(ascii: "\n")])
    }

    @Test func controlCharactersAreEscapedAndReadBack() throws {
        let document = URLList.Document(pages: [URLList.Page(url: "/a/", source: "tab\there\u{1}", anchors: ["line\nend"])],
                                        redirects: [], assets: [])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(URLList.write(document))) as? [String: Any])
        let page = try #require((object["pages"] as? [[String: Any]])?.first)
        #expect(page["source"] as? String == "tab\there\u{1}")
        #expect(page["anchors"] as? [String] == ["line\nend"])
    }
}
