import FuzzSupport
import HummingbirdCore
import SitegenServe

/// The output files of a small site.
let files: Set<String> = ["index.html", "404.html", "how-to/index.html", "how-to/a/index.html", "how-to/a b/index.html",
                          "how-to/50%off/index.html", "how-to/style.css", "how-to/assets/images/logo.png"]

/// The preview's request-path handling: the request target as the server reads it (Hummingbird's `URI`), and as
/// raw text, turned into the file to send, a redirect or a refusal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPreviewPath(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (_, text) = Fuzz.input(data, size)
    check(RequestPath.answer(text, query: nil, hasFile: files.contains), for: text)
    let uri = URI(text)
    let answer = RequestPath.answer(uri.path, query: uri.query, hasFile: files.contains)
    check(answer, for: "URI path '\(uri.path)' of '\(text)'")
    if case .redirect(let location) = answer {
        // The redirect leads to a page of the site, not to another redirect (or elsewhere).
        let target = URI(location)
        let followed = RequestPath.answer(target.path, query: target.query, hasFile: files.contains)
        Fuzz.require(followed != .refused && !isRedirect(followed),
                     "'\(text)' redirects to '\(location)', which answers \(followed)")
    }
    return 0
}

func isRedirect(_ answer: RequestPath.Answer) -> Bool {
    if case .redirect = answer { return true }
    return false
}

func check(_ answer: RequestPath.Answer, for request: String) {
    switch answer {
    case .refused:
        break
    case .redirect(let location):
        // Only to a path on this server: `//host/` and `/\host/` are read by browsers as another host.
        Fuzz.require(location.hasPrefix("/") && !location.hasPrefix("//") && !location.hasPrefix("/\\"),
                     "'\(request)' redirects to '\(location)', which leaves the server")
    case .file(let relative, let found):
        Fuzz.require(found ? files.contains(relative) : relative == "404.html",
                     "'\(request)' answers '\(relative)' (found: \(found))")
        Fuzz.require(!relative.hasPrefix("/"), "'\(request)' answers the absolute path '\(relative)'")
        for segment in relative.split(separator: "/", omittingEmptySubsequences: false) {
            Fuzz.require(!segment.isEmpty && segment != "." && segment != ".." && !segment.contains("\0"),
                         "'\(request)' answers '\(relative)', with a '\(segment)' segment")
        }
    }
}

@_cdecl("FuzzPreviewPath_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzPreviewPath)
}
