import SitegenLinks
import Testing

@Suite("destination parts")
struct DestinationTests {
    @Test("parts of absolute URLs, paths, queries and fragments, read on UTF-8 bytes")
    func parts() {
        let full = Destination("HTTPS://user:pw@Help.Example.com:8443/how-to/a%20b/?tab=2#step-1")
        #expect(full.scheme == "https")
        #expect(full.authority == "user:pw@Help.Example.com:8443")
        #expect(full.path == "/how-to/a%20b/")
        #expect(full.query == "tab=2")
        #expect(full.fragment == "step-1")
        #expect(full.host == "help.example.com")
        #expect(full.suffix == "?tab=2#step-1")

        let relative = Destination("../café/?q#é")
        #expect(relative.scheme == nil && relative.authority == nil && relative.host == nil)
        #expect(relative.path == "../café/" && relative.query == "q" && relative.fragment == "é")

        // A colon after something that is not a scheme name stays in the path.
        #expect(Destination("/a:b/").scheme == nil)
        #expect(Destination("1http://x").scheme == nil)
        #expect(Destination(":x").path == ":x")
        #expect(Destination("mailto:a@example.com").scheme == "mailto")
        #expect(Destination("mailto:a@example.com").path == "a@example.com")
    }

    @Test("the host drops the user and the port, keeps an IPv6 literal whole, and is lowercased")
    func host() {
        #expect(Destination("https://Example.COM/").host == "example.com")
        #expect(Destination("https://a@b@Example.com:80/").host == "example.com")
        #expect(Destination("https://[::1]/").host == "[::1]")
        #expect(Destination("https://[::1]:8080/").host == "[::1]")
        #expect(Destination("https://user@/x").host == "")
        #expect(Destination("//cdn.example.com/x.js").host == "cdn.example.com")
    }

    @Test("relative paths resolve against the page's folder, with dot segments removed")
    func resolvePath() {
        #expect(Destination.resolvePath("x/", against: "/how-to/a/") == "/how-to/a/x/")
        #expect(Destination.resolvePath("../b/", against: "/how-to/a/") == "/how-to/b/")
        #expect(Destination.resolvePath("b.png", against: "/how-to/page.html") == "/how-to/b.png")
        #expect(Destination.resolvePath("./", against: "/how-to/a/") == "/how-to/a/")
        #expect(Destination.resolvePath("../../../x", against: "/how-to/a/") == nil)
    }
}
