import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// The Atom feeds (`FeedOutput`), read back with an XML parser and checked against RFC 4287's required elements.
@Suite("Atom feeds")
struct FeedTests {
    /// What an XML parser reads of a feed: each element's path (`feed/entry/id`) with its text, and its attributes.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [(path: String, text: String, attributes: [String: String])] = []
        private var stack: [Int] = []
        private var names: [String] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            names.append(name)
            stack.append(elements.count)
            elements.append((names.joined(separator: "/"), "", attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = stack.last { elements[last].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            names.removeLast()
            stack.removeLast()
        }

        static func read(_ text: String) throws -> Reader {
            let reader = Reader()
            let parser = XMLParser(data: Data(text.utf8))
            parser.shouldProcessNamespaces = true
            parser.delegate = reader
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
            return reader
        }

        func texts(_ path: String) -> [String] { elements.filter { $0.path == path }.map(\.text) }
    }

    func build(_ files: [String: String], url: String = "https://help.example.com") throws -> [String: String] {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: Help & <Co>\n" + (url.isEmpty ? "" : "url: \(url)\n"))
        for (path, content) in files { try site.write(path, content) }
        return try MemoryBuild(siteRoot: site.path).pages
    }

    static func article(_ number: Int, product: String, date: String?, by: String? = nil) -> String {
        "---\ntitle: Article \(number) <\(product)>\npermalink: a\(number)/\nproduct_url: \(product)\n"
            + (date.map { "last_modified_date: '\($0)'\n" } ?? "") + (by.map { "last_modified_by: \($0)\n" } ?? "")
            + "---\nText.\n"
    }

    /// RFC 4287 4.1.1: a feed has one id, title and updated; 4.1.2: each entry has one id, title and updated, and
    /// (without content) an alternate link. Dates are RFC 3339 date-times.
    func expectValidAtom(_ reader: Reader, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
        for element in ["id", "title", "updated"] {
            #expect(reader.texts("feed/\(element)").count == 1, "feed/\(element)", sourceLocation: sourceLocation)
        }
        let entries = reader.texts("feed/entry").count
        for element in ["id", "title", "updated"] {
            #expect(reader.texts("feed/entry/\(element)").count == entries, "entry/\(element)", sourceLocation: sourceLocation)
        }
        let alternates = reader.elements.filter { $0.path == "feed/entry/link" && $0.attributes["rel"] == "alternate" }
        #expect(alternates.count == entries, sourceLocation: sourceLocation)
        for updated in reader.texts("feed/updated") + reader.texts("feed/entry/updated") {
            #expect(updated.wholeMatch(of: date) != nil, "\(updated)", sourceLocation: sourceLocation)
        }
        #expect(reader.elements.contains { $0.path == "feed/link" && $0.attributes["rel"] == "self" }, sourceLocation: sourceLocation)
    }

    @Test("a feed per product and one for the site: valid Atom, newest first, at most 50 entries, absolute URLs")
    func feeds() throws {
        var files: [String: String] = [:]
        for number in 0..<55 {
            let day = String(format: "%02d", number % 28 + 1), month = number < 28 ? "01" : "02"
            files["content/mail/a\(number).md"] = Self.article(number, product: "mail", date: "2025-\(month)-\(day)",
                                                               by: number == 54 ? "Bo & Co" : nil)
        }
        files["content/dns/undated.md"] = Self.article(100, product: "dns", date: nil)
        files["content/dns/dated.md"] = Self.article(101, product: "dns", date: "2024-12-31")
        files["content/billing/undated.md"] = Self.article(102, product: "billing", date: nil)
        let outputs = try build(files)

        let mail = try Reader.read(try #require(outputs["how-to/mail/feed.xml"]))
        expectValidAtom(mail)
        #expect(mail.texts("feed/title") == ["mail · Help & <Co>"])
        #expect(mail.texts("feed/id") == ["https://help.example.com/how-to/mail/feed.xml"])
        #expect(mail.texts("feed/updated") == ["2025-02-27T00:00:00Z"])
        let updated = mail.texts("feed/entry/updated")
        #expect(updated.count == 50)
        #expect(updated == updated.sorted(by: >), "newest first")
        #expect(mail.texts("feed/entry/id").first == "https://help.example.com/how-to/a54/")
        #expect(mail.texts("feed/entry/title").first == "Article 54 <mail>")
        #expect(mail.texts("feed/entry/author/name") == ["Bo & Co"])

        let dns = try Reader.read(try #require(outputs["how-to/dns/feed.xml"]))
        expectValidAtom(dns)
        #expect(dns.texts("feed/entry/id") == ["https://help.example.com/how-to/a101/"], "undated articles are left out")
        #expect(outputs["how-to/billing/feed.xml"] == nil, "no dated article: no feed (Atom needs `updated`)")

        let site = try Reader.read(try #require(outputs["how-to/feed.xml"]))
        expectValidAtom(site)
        #expect(site.texts("feed/entry").count == 50)
        #expect(site.elements.first { $0.path == "feed/entry/category" }?.attributes["term"] == "mail")

        let product = try #require(outputs["how-to/mail/index.html"])
        #expect(product.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Help &amp; &lt;Co&gt;\" href=\"/how-to/feed.xml\">"))
        #expect(product.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"mail · Help &amp; &lt;Co&gt;\" href=\"/how-to/mail/feed.xml\">"))
        let billing = try #require(outputs["how-to/a102/index.html"])
        #expect(!billing.contains("/how-to/billing/feed.xml"))
    }

    @Test("the first 50 entries when many share the 50th's date: newest first, then by title as people read it")
    func tiesAtTheCut() throws {
        // 30 newer articles, 60 sharing the date of the 50th entry, 30 older: the feed holds the 30 newer ones and
        // the first 20 of the 60 by title, with numbers read as numbers ("Article 5" before "Article 10").
        var files: [String: String] = [:]
        for number in 1000..<1030 { files["content/mail/a\(number).md"] = Self.article(number, product: "mail", date: "2025-03-01") }
        for number in 5..<65 { files["content/mail/a\(number).md"] = Self.article(number, product: "mail", date: "2025-02-01") }
        for number in 2000..<2030 { files["content/mail/a\(number).md"] = Self.article(number, product: "mail", date: "2024-01-01") }
        let outputs = try build(files)
        let expected = (Array(1000..<1030) + Array(5..<25)).map { "Article \($0) <mail>" }
        for feed in ["how-to/feed.xml", "how-to/mail/feed.xml"] {
            let reader = try Reader.read(try #require(outputs[feed]))
            #expect(reader.texts("feed/entry/title") == expected, "\(feed)")
        }
    }

    @Test("without the site's url there are no feeds and no links to them (an entry's id must be absolute)")
    func noSiteURL() throws {
        let outputs = try build(["content/mail/a.md": Self.article(1, product: "mail", date: "2025-01-01")], url: "")
        #expect(!outputs.keys.contains { $0.hasSuffix("feed.xml") })
        #expect(!(outputs["how-to/a1/index.html"] ?? "x").contains("application/atom+xml"))
    }
}
