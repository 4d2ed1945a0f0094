import Foundation
import Hummingbird
import HummingbirdTesting
import SitegenBuild
import SitegenCore
import SitegenOutput
import SitegenTestSupport
import Testing
@testable import SitegenServe

/// Redirects in the preview: an old URL answered with a 301 as a host would, and the preview's files byte for
/// byte those `sitegen build` writes, through edits that add, change and remove redirects.
@Suite("Preview: redirects")
struct PreviewRedirectTests {
    static func makeSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: R\nurl: https://help.example.com\nredirects:\n  formats: [html, netlify, nginx]\n")
        try site.write("content/mail/connect.md",
                       "---\ntitle: Connect\npermalink: connect/\nredirect_from: [/old/, /how-to/older/]\n---\n## Ports\n\nSee [setup](/how-to/setup/).\n")
        try site.write("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\n---\nBack to [connect](/how-to/old/#ports).\n")
        try site.write("content/mail/away.md", "---\npermalink: away/\nredirect_to: https://example.org/x\n---\n")
        return site
    }

    @Test("an old URL answers 301 to where it leads, with or without its slash; other pages as before")
    func answers301() async throws {
        let site = try Self.makeSite()
        let outcome = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
        let snapshot = try #require(outcome.snapshot)
        let state = PreviewState(siteRoot: site.path)
        state.update { $0.snapshot = snapshot }
        let app = Application(router: PreviewRouter.build(state: state, hub: EventHub(),
                                                          authority: PreviewAuthority(boundTo: "127.0.0.1")))
        try await app.test(.router) { client in
            for (uri, location) in [("/how-to/old/", "/how-to/connect/"), ("/how-to/old", "/how-to/connect/"),
                                    ("/how-to/older/", "/how-to/connect/"), ("/how-to/away/", "https://example.org/x")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .movedPermanently, "\(uri)")
                    #expect(response.headers[.location] == location, "\(uri)")
                }
            }
            try await client.execute(uri: "/how-to/connect/", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the preview's files are byte for byte those build writes, after each edit of the redirects and of 'published'")
    func sameAsBuild() throws {
        let site = try Self.makeSite()
        let session = PreviewSession(options: BuildOptions(siteRoot: site.path))
        let first = session.rebuild(changed: nil)
        let built = try #require(try builtFiles(site.path), "sitegen build fails")
        #expect(built["how-to/old/index.html"] != nil && built["_redirects"] != nil && built[".sitegen/redirects.nginx.conf"] != nil)
        expectSameFiles(previewFiles(first.snapshot), built)
        func step(_ path: String, _ text: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            try site.write(path, text)
            let outcome = session.rebuild(changed: [site.path + "/" + path])
            #expect(outcome.snapshot != nil, "\(what): \(outcome.blockingErrors.map(\.formatted))", sourceLocation: sourceLocation)
            let built = try #require(try builtFiles(site.path), "\(what): sitegen build fails", sourceLocation: sourceLocation)
            expectSameFiles(previewFiles(outcome.snapshot), built, sourceLocation: sourceLocation)
            let full = PreviewSession(options: BuildOptions(siteRoot: site.path)).rebuild(changed: nil)
            #expect(outcome.diagnostics == full.diagnostics, "\(what)", sourceLocation: sourceLocation)
            #expect(outcome.snapshot?.redirects == full.snapshot?.redirects, "\(what)", sourceLocation: sourceLocation)
        }
        try step("content/mail/connect.md",
                 "---\ntitle: Connect\npermalink: connect/\nredirect_from: [/old/, /oldest/]\n---\n## Ports\n\nSee [setup](/how-to/setup/).\n",
                 "change an old URL")
        try step("content/mail/setup.md", "---\ntitle: Setup\npermalink: setup/\naliases: /setup-old/\n---\nBack to [connect](/how-to/old/#ports).\n",
                 "add an alias")
        try step("content/mail/away.md", "---\npermalink: away/\nredirect_to: /setup-old/\n---\n", "make a chain")
        try step("content/mail/connect.md",
                 "---\ntitle: Connect\npermalink: connect/\nredirect_from: /old/\n---\n## Ports\n\nSee [setup](/how-to/setup/).\n",
                 "remove an old URL")
        try step("content/mail/extra.md", "---\ntitle: Extra\npermalink: extra/\n---\nText.\n", "add a page")
        try step("content/mail/extra.md", "---\ntitle: Extra\npermalink: extra/\npublished: false\n---\nText.\n", "unpublish it")
        try step("content/mail/extra.md", "---\ntitle: Extra\npermalink: extra/\n---\nText again.\n", "publish it again")
    }
}
