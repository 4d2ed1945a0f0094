import Testing
@testable import SitegenLinks

/// `LinkResolver.resolve` takes a shortcut for site-absolute paths that name a route as written; it must give what
/// the general resolution gives, and leave everything else to it.
@Suite("link resolution: the shortcut for route paths")
struct RoutePathFastPathTests {
    static let destinations = [
        // Taken by the shortcut.
        "/how-to/page/", "/how-to/page/#intro", "/how-to/page/#missing", "/how-to/page/#Intro", "/how-to/page/#",
        "/how-to/page/#top", "/how-to/page/#a?b", "/how-to/page/#%69ntro", "/how-to/", "/how-to/p/diagram%20one.png",
        "/how-to/p/diagram one.png", "/how-to/install-the-agent/#step-2",
        // A page without its trailing slash.
        "/how-to/page", "/how-to/page#intro", "/how-to/page#nope", "/how-to/install-the-agent#step-2", "/how-to/p",
        "/how-to/Mixed-Case", "/how-to/p/diagram%20one.png/", "/how-to/p/diagram%20one",
        // Left to the general resolution.
        "/how-to/page/?x=1", "/how-to/page/?x#intro", "/how-to/./page/", "/how-to/../how-to/page/",
        "//help.example.com/how-to/page/", "/how-to//page/", "/how-to/mixed-case/", "/how-to/page/index.html",
        "/how-to/nothing/", "/elsewhere/", "/", "page/", "../page/", "#intro", "", "?x", "https://help.example.com/how-to/page/",
        "http://other.example/", "mailto:a@example.com", "/how-to/p/diagram%2", "/how-to/p:x/", "/how-to/page/.",
    ]

    @Test("gives what the general resolution gives", arguments: destinations)
    func sameResult(_ destination: String) {
        let resolver = LinkCheckHarness.resolver
        for pageURL in ["/how-to/page/", "/how-to/install-the-agent/"] {
            for contentPath in [nil, "p/page.md"] {
                #expect(resolver.resolve(destination, pageURL: pageURL, contentPath: contentPath)
                            == resolver.resolveInGeneral(destination, pageURL: pageURL, contentPath: contentPath))
            }
        }
    }

    @Test("is taken for route paths, with or without a fragment, and only for them")
    func takenWhenItApplies() {
        let resolver = LinkCheckHarness.resolver
        #expect(resolver.resolveRoutePath("/how-to/page/") == Resolution(target: .route(0), resolvedURL: "/how-to/page/"))
        #expect(resolver.resolveRoutePath("/how-to/page/#setup") != nil)
        #expect(resolver.resolveRoutePath("/how-to/page/#nope")?.issues == [.missingFragment("nope", suggestion: nil)])
        #expect(resolver.resolveRoutePath("/how-to/page#intro") == Resolution(
            target: .route(0), resolvedURL: "/how-to/page/#intro", issues: [.missingTrailingSlash(replacement: "/how-to/page/#intro")]))
        for other in ["/how-to/page?x", "/how-to/page/?x=1", "/how-to/./page/", "//help.example.com/how-to/page/", "page/"] {
            #expect(resolver.resolveRoutePath(other) == nil, "\(other)")
        }
    }
}
