import FuzzSupport
import SitegenCore
import SitegenLinks
import SitegenMarkdown

let file = "content/how-to/fuzzed-article.md"
/// As if the body came after three lines of front matter.
let firstLine = 4

/// A small site for the links to resolve against: pages with anchors, a generated page, an asset.
let checker: LinkChecker = {
    let routes = SiteRoutes(routes: [
        Route(url: "/how-to/", kind: .generated, title: "Help"),
        Route(url: "/how-to/fuzzed-article/", kind: .article, anchors: ["top"], title: "Fuzzed",
              contentPath: "how-to/fuzzed-article.md"),
        Route(url: "/how-to/a/", kind: .article, anchors: ["install", "a-b"], title: "A", contentPath: "how-to/a.md"),
        Route(url: "/how-to/a%20b/", kind: .article, anchors: [], title: "A B", contentPath: "how-to/a b.md"),
        Route(url: "/how-to/assets/images/logo.png", kind: .asset),
    ], baseURL: "/how-to/", siteURL: "https://help.example.com")
    return LinkChecker(resolver: LinkResolver(routes: routes), settings: LinkCheckSettings(), collectsReferencedPaths: true)
}()

/// Every combination of the Markdown options: raw HTML kept, omitted or sanitized (`index % 3`), smart punctuation
/// (`index / 3 % 2`), hard breaks (`index / 6 % 2`), indented HTML rendered as HTML as in Jekyll mode (`index / 12`).
let renderers = (0..<24).map {
    MarkdownRenderer(options: MarkdownOptions(rawHTML: [RawHTMLMode.kept, .omitted, .sanitized][$0 % 3],
                                              smartPunctuation: $0 / 3 % 2 == 1, hardBreaks: $0 / 6 % 2 == 1,
                                              indentedHTMLAsHTML: $0 / 12 == 1))
}

/// An article body through cmark-gfm and sitegen's own scanners (link positions, plain-text link syntax, HTML
/// attributes, headings and anchors), then every link rule and the resolution against a small site. The input's
/// length picks the Markdown options, so that each input always runs the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (_, text) = Fuzz.input(data, size)
    let rendered = renderers[size % renderers.count].render(text, firstLine: firstLine)
    let lineCount = max(Fuzz.lines(text).count, Fuzz.lineCountCountingCR(text))
    let lastLine = firstLine + lineCount - 1
    for link in rendered.links {
        Fuzz.require(link.line >= firstLine && link.line <= lastLine && link.column >= 1,
                     "link '\(link.destination)' at \(link.line):\(link.column), outside lines \(firstLine)...\(lastLine)")
        if let line = link.destinationLine {
            Fuzz.require(line >= link.line && line <= lastLine && (link.destinationColumn ?? 0) >= 1,
                         "destination of '\(link.destination)' at \(line):\(link.destinationColumn ?? 0), link at \(link.line)")
        }
    }
    var ids = Set<String>()
    for heading in rendered.headings {
        Fuzz.require(ids.insert(heading.id).inserted, "two headings with the id '\(heading.id)'")
        Fuzz.require((1...6).contains(heading.level) && heading.line >= firstLine && heading.line <= lastLine,
                     "heading '\(heading.text)' level \(heading.level) on line \(heading.line)")
    }

    let page = PageLinks(file: file, contentPath: "how-to/fuzzed-article.md", pageURL: "/how-to/fuzzed-article/",
                         links: rendered.links, suppressions: Suppressions(text: text, firstLine: firstLine))
    let result = checker.check(page)
    Fuzz.checkDiagnostics(result.diagnostics, file: file, text: text, firstLine: firstLine, context: "links")
    // A fix-it edit names text that is in the file where it says (`sitegen fix` applies it only then).
    let lines = Fuzz.lines(text)
    for diagnostic in result.diagnostics {
        guard let edit = diagnostic.edit else { continue }
        Fuzz.require(!edit.original.utf8.contains(UInt8(ascii: "\n")), "edit across lines: \(diagnostic.formatted)")
        let index = edit.line - firstLine
        Fuzz.require(index >= 0 && index < lines.count && edit.column >= 1, "edit outside the text: \(diagnostic.formatted)")
        let line = lines[index]
        let start = line.startIndex + edit.column - 1
        Fuzz.require(start <= line.endIndex && line[start...].starts(with: edit.original.utf8),
                     "edit of '\(edit.original)' at \(edit.line):\(edit.column) is not what the file holds there: \(diagnostic.formatted)")
    }
    return 0
}

@_cdecl("FuzzMarkdown_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzMarkdown)
}
