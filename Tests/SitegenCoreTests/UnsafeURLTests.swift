import SitegenCore
import Testing

@Suite("Unsafe URLs")
struct UnsafeURLTests {
    @Test("script URLs are unsafe in any case, with whitespace and controls in or around the scheme", arguments: [
        ("javascript:alert(1)", "javascript:"), ("JaVaScRiPt:alert(1)", "javascript:"), (" javascript:x", "javascript:"),
        ("\u{01}\u{1F}javascript:x", "javascript:"), ("java\tscript:x", "javascript:"), ("java\nscript:x", "javascript:"),
        ("javascript\r:x", "javascript:"), ("vbscript:msgbox(1)", "vbscript:"), ("VBScript:x", "vbscript:"),
        ("data:text/html,<script>alert(1)</script>", "data:text/html"), ("data:text/html;base64,PHNjcmlwdD4=", "data:text/html"),
        ("DATA:image/svg+xml,<svg onload=alert(1)>", "data:image/svg+xml"), ("data:,hello", "data:"),
        ("data:image/pngx,x", "data:image/pngx"),
    ])
    func unsafe(_ url: String, _ description: String) {
        #expect(UnsafeURL.finding(in: url)?.description == description, "\(url.debugDescription)")
    }

    @Test("raster data: images, other schemes and relative URLs are safe", arguments: [
        "data:image/png;base64,iVBORw0KGgo=", "data:image/gif,x", "DATA:IMAGE/JPEG;base64,x", "data:image/webp,x",
        "https://example.com/javascript:x", "/how-to/javascript:x", "javascript", "javascript/x:y", "#javascript:x",
        "?javascript:x", "%6Aavascript:alert(1)", "javascript%3Aalert(1)", "mailto:a@example.com", "ftp://x", "", ":x",
        "java\u{A0}script:x", "javascriptx:y",
    ])
    func safe(_ url: String) {
        #expect(UnsafeURL.finding(in: url) == nil, "\(url.debugDescription)")
    }

    @Test("embed hosts match the host a browser finds, and its subdomains", arguments: [
        ("https://www.youtube.com/embed/x", true), ("//www.youtube.com/embed/x", true), ("http://WWW.YOUTUBE.COM./x", true),
        ("https://player.vimeo.com:443/video/1", true), ("https://sub.www.youtube.com/x", true),
        ("https://www.youtube.com.evil.example/x", false), ("https://evil.example\\@www.youtube.com/", false),
        ("https://www.youtube.com@evil.example/", false), ("https://evil.example#.www.youtube.com", false),
        ("https://evil.example?x=www.youtube.com", false), ("https://youtube.com/embed/x", false),
        ("/embed/x", false), ("javascript://www.youtube.com/%0Aalert(1)", false), ("https:\t//www.youtube.com/x", true),
        ("https://%77ww.youtube.com/x", false), ("", false),
    ])
    func embedHosts(_ url: String, _ allowed: Bool) {
        #expect(EmbedHosts().allows(url) == allowed, "\(url.debugDescription)")
    }

    @Test("an empty allow-list allows no embed")
    func noEmbedHosts() {
        #expect(!EmbedHosts([]).allows("https://www.youtube.com/embed/x"))
        #expect(EmbedHosts(["Example.COM."]).allows("https://video.example.com/x"))
    }
}
