import FuzzSupport
import SitegenContent
import SitegenCore

/// An article file, front matter and all, read as the build reads one (split, YAML, schema, salvage of an
/// unterminated block, permalink and URL), then the content rules. Inputs of odd length are read in Jekyll mode.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (_, text) = Fuzz.input(data, size)
    let file = SourceFile(kind: .markdown, absolutePath: "/nonexistent/content/how-to/fuzzed-article.md",
                          contentPath: "how-to/fuzzed-article.md", displayPath: "content/how-to/fuzzed-article.md")
    let loader = ArticleLoader(urls: URLMapper(baseURL: "/how-to/"), jekyllCompatible: size % 2 == 1, boundary: .empty)
    let (article, problems) = loader.load(file, text: text)
    Fuzz.checkDiagnostics(problems, file: file.displayPath, text: text, context: "front matter")
    guard let article else { return 0 }
    Fuzz.checkDiagnostics(ContentRuleCatalog.check(article), file: file.displayPath, text: text, context: "content rules")

    // The body is the end of the file (read with each lone `\r` as a `\n`, as the loader reads it), and its first
    // line is counted from the start of the file.
    let bytes = Array(text.utf8)
    let read = bytes.indices.map { index in
        bytes[index] == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))
            ? UInt8(ascii: "\n") : bytes[index]
    }
    Fuzz.require(read.suffix(article.body.utf8.count).elementsEqual(article.body.utf8), "the body is not the end of the file")
    let prefixLength = read.count - article.body.utf8.count
    let newlines = read.prefix(prefixLength).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    Fuzz.require(article.body.isEmpty || article.bodyFirstLine == newlines + 1,
                 "body starts on line \(article.bodyFirstLine), after \(newlines) line ends")

    // Whatever the permalink says, the page is written inside the output folder.
    let url = article.url.value
    Fuzz.require(url.hasPrefix("/"), "page URL '\(url)' does not start with '/'")
    if let relative = article.url.outputRelativePath {
        Fuzz.require(!relative.hasPrefix("/"), "output path '\(relative)' is absolute")
        for segment in relative.split(separator: "/", omittingEmptySubsequences: false) {
            Fuzz.require(segment != ".." && segment != "." && !segment.isEmpty,
                         "output path '\(relative)' (URL '\(url)') has a '\(segment)' segment")
        }
    }
    return 0
}

@_cdecl("FuzzFrontMatter_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzFrontMatter)
}
