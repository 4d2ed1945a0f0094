import FuzzSupport
import Foundation
import SitegenContent
import SitegenCore
import SitegenMarkdown

/// An includes folder made once per process: an HTML include, a text include (inserted escaped) and one with
/// Liquid logic (only a theme partial may stand in for it).
let includesFolder: String = {
    let folder = NSTemporaryDirectory() + "sitegen-fuzz-includes-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder + "/nested", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: folder + "/note.html", contents: Data("<div class=\"note\">[x](/how-to/a/)</div>\n".utf8))
    _ = FileManager.default.createFile(atPath: folder + "/nested/code.txt", contents: Data("a < b && {{ not liquid }}\n".utf8))
    _ = FileManager.default.createFile(atPath: folder + "/loop.html", contents: Data("{% for a in site.pages %}{{ a.title }}{% endfor %}\n".utf8))
    return folder
}()

let assets: AssetCatalog = {
    var catalog = AssetCatalog()
    let files = ["images/logo.png", "files/a b.pdf", "images/50%off.png"].map {
        SourceFile(kind: .asset, absolutePath: "/nonexistent/assets/" + $0, contentPath: $0, displayPath: "assets/" + $0)
    }
    catalog.add(files, baseURL: "/how-to/", mountURL: "assets/")
    return catalog
}()

let file = "content/how-to/fuzzed-article.md"
/// As if the body came after four lines of front matter.
let firstLine = 5

/// An article body through the Liquid expansion (`{% asset_path %}`, `{% include %}`, variables, `raw`, `comment`,
/// unknown tags), then Markdown, with the link positions mapped back to the text as written, as the parse stage does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLiquid(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (_, text) = Fuzz.input(data, size)
    // A library per input: it caches every name asked for, which would grow over a fuzzing run.
    let expander = LiquidExpander(environment: .init(
        assets: assets, includes: IncludeLibrary(folder: includesFolder, boundary: SiteBoundary(root: includesFolder)), themePartials: ["all-articles-list"],
        siteVariables: ["site.baseurl": "/how-to/", "site.url": "https://help.example.com", "site.title": "Help"]))
    let expansion = expander.expand(text, firstLine: firstLine, file: file,
                                    page: ["page.title": "A {{ title }}", "page.url": "/how-to/fuzzed-article/",
                                           "page.permalink": "fuzzed-article/"])
    Fuzz.checkDiagnostics(expansion.diagnostics, file: file, text: text, firstLine: firstLine, context: "liquid")

    // The map's segments are in order, inside both texts, and the text between them is copied unchanged.
    let original = Array(text.utf8), expanded = Array(expansion.text.utf8)
    var originalEnd = 0, expandedEnd = 0
    for segment in expansion.map.segments {
        Fuzz.require(segment.original.lowerBound >= originalEnd && segment.original.upperBound <= original.count
                         && segment.expanded.lowerBound >= expandedEnd && segment.expanded.upperBound <= expanded.count,
                     "segment \(segment) out of order or outside the texts (\(original.count), \(expanded.count) bytes)")
        Fuzz.require(original[originalEnd..<segment.original.lowerBound] == expanded[expandedEnd..<segment.expanded.lowerBound],
                     "text between segments changed before \(segment)")
        (originalEnd, expandedEnd) = (segment.original.upperBound, segment.expanded.upperBound)
    }
    Fuzz.require(original[originalEnd...] == expanded[expandedEnd...], "text after the last segment changed")

    // Links found in the expanded text map to positions in the text as written.
    let lineCount = max(Fuzz.lines(text).count, Fuzz.lineCountCountingCR(text))
    let rendered = MarkdownRenderer().render(expansion.text, firstLine: firstLine, html: false)
    for link in rendered.links {
        let (line, column) = expansion.map.originalPosition(line: link.line, column: link.column)
        Fuzz.require(line >= firstLine && line < firstLine + lineCount && column >= 1,
                     "link at \(link.line):\(link.column) of the expansion maps to \(line):\(column), outside the text")
        if let destinationLine = link.destinationLine, let destinationColumn = link.destinationColumn {
            _ = expansion.map.segment(coveringLine: destinationLine, column: destinationColumn, length: link.destination.utf8.count)
        }
    }
    return 0
}

@_cdecl("FuzzLiquid_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzLiquid)
}
