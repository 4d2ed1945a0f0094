import Foundation
import SitegenTestSupport
import Testing

/// Redirects through the built binary: what `sitegen build` writes on disk for each format, each check's
/// compiler-style line from `sitegen check`, and `sitegen fix` rewriting a link to an old URL.
@Suite("Redirects (end to end)")
struct RedirectCommandTests {
    /// A site with one redirect of each kind and, with `defects`, one of each error and the chain warning.
    static func site(defects: Bool, formats: String = "[html, netlify, nginx]") throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nurl: https://help.example.com\nredirects:\n  formats: \(formats)\n")
        try site.write("content/mail/connect.md", """
            ---
            title: Connect
            permalink: connect/
            redirect_from:
              - /cannot-connect-to-email/
              - /how-to/email-setup/
            ---
            ## Ports

            Use 993. See [setup](/how-to/setup/).

            """)
        try site.write("content/mail/setup.md", """
            ---
            title: Setup
            permalink: setup/
            aliases: /setup-old/
            ---
            Back to [connect](/how-to/cannot-connect-to-email/#ports).

            """)
        try site.write("content/mail/moved.md", "---\npermalink: moved/\nredirect_to: /connect/#ports\n---\n")
        if defects {
            try site.write("content/mail/clash.md", """
                ---
                title: Clash
                permalink: clash/
                redirect_from:
                  - /setup/
                  - /setup-old/
                ---
                Text, see [connect](/how-to/connect/).

                """)
            try site.write("content/mail/broken.md", "---\npermalink: broken/\nredirect_to: /nowhere/\n---\n")
            try site.write("content/mail/chain.md", "---\npermalink: chain/\nredirect_to: /moved/\n---\n")
            try site.write("content/mail/loop-a.md", "---\npermalink: loop-a/\nredirect_to: /loop-b/\n---\n")
            try site.write("content/mail/loop-b.md", "---\npermalink: loop-b/\nredirect_to: /loop-a/\n---\n")
        }
        return site
    }

    @Test("build writes the page at each old URL, the Netlify _redirects file and the nginx map; exit 0")
    func buildWritesEveryFormat() throws {
        let site = try Self.site(defects: false)
        let run = try Sitegen.run(["build", "-s", site.path])
        #expect(run.status == 0, "\(run.stderr)")
        let public_ = site.path + "/public"
        func read(_ path: String) -> String? { try? String(contentsOfFile: public_ + "/" + path, encoding: .utf8) }
        let old = try #require(read("how-to/cannot-connect-to-email/index.html"))
        #expect(old.contains("<meta http-equiv=\"refresh\" content=\"0; url=/how-to/connect/\">"))
        #expect(old.contains("<link rel=\"canonical\" href=\"https://help.example.com/how-to/connect/\">"))
        #expect(old.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(read("how-to/email-setup/index.html")?.contains("url=/how-to/connect/\"") == true)
        #expect(read("how-to/setup-old/index.html")?.contains("url=/how-to/setup/\"") == true)
        #expect(read("how-to/moved/index.html")?.contains("url=/how-to/connect/#ports\"") == true)
        #expect(read("_redirects") == """
            # Written by sitegen from the articles' redirect_from, aliases and redirect_to: old URL, new URL, 301.
            /how-to/cannot-connect-to-email/  /how-to/connect/  301
            /how-to/email-setup/  /how-to/connect/  301
            /how-to/moved/  /how-to/connect/#ports  301
            /how-to/setup-old/  /how-to/setup/  301

            """)
        let nginx = try #require(read(".sitegen/redirects.nginx.conf"))
        #expect(nginx.contains("map $uri $sitegen_redirect {\n    default \"\";\n    \"/how-to/cannot-connect-to-email/\" \"/how-to/connect/\";\n"))
        // The link to an old URL is a note, not a failure.
        #expect(run.stderr.contains("content/mail/setup.md:6:9: note: '/how-to/cannot-connect-to-email/#ports' is an old URL that redirects to '/how-to/connect/#ports'; link there directly [link-via-redirect]"))
    }

    @Test("check reports each redirect defect at its entry, like a compiler; exit 1")
    func checkReportsEachDefect() throws {
        let site = try Self.site(defects: true)
        let run = try Sitegen.run(["check", "-s", site.path])
        #expect(run.status == 1)
        for line in [
            "content/mail/clash.md:5:5: error: 'redirect_from' entry '/setup/' ('/how-to/setup/') is also where 'content/mail/setup.md' is published; a redirect there would hide it [redirect-source-is-page]",
            // Articles are read in file order: clash.md claims '/setup-old/' first.
            "content/mail/setup.md:4:10: error: 'aliases' entry '/setup-old/' ('/how-to/setup-old/') is already redirected by content/mail/clash.md:6; an old URL can lead to one page only [redirect-duplicate-source]",
            "content/mail/broken.md:3:14: error: 'redirect_to' is '/nowhere/', which leads to '/how-to/nowhere/', where the site has no page or file [redirect-target-broken]",
            "content/mail/chain.md:3:14: warning: '/how-to/chain/' redirects to '/how-to/moved/', itself a redirect: 2 steps to '/how-to/connect/#ports'; the redirect is written straight to '/how-to/connect/#ports' [redirect-chain]",
            "content/mail/loop-a.md:3:14: error: redirect loop: '/how-to/loop-a/' → '/how-to/loop-b/' → '/how-to/loop-a/'; readers would never arrive [redirect-loop]",
            "content/mail/loop-b.md:3:14: error: redirect loop: '/how-to/loop-a/' → '/how-to/loop-b/' → '/how-to/loop-a/'; readers would never arrive [redirect-loop]",
        ] {
            #expect(run.stderr.contains(line), "missing: \(line)\n\(run.stderr)")
        }
        #expect(run.stderr.contains("5 errors, 1 warning"), "\(run.stderr)")
    }

    @Test("fix rewrites a link to an old URL with the URL it leads to, and the note is gone")
    func fixRewritesLinks() throws {
        let site = try Self.site(defects: false, formats: "[html]")
        let run = try Sitegen.run(["fix", "-s", site.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: site.path + "/content/mail/setup.md", encoding: .utf8)
        #expect(text.contains("Back to [connect](/how-to/connect/#ports)."))
        let check = try Sitegen.run(["check", "-s", site.path])
        #expect(check.status == 0)
        #expect(!check.stderr.contains("link-via-redirect"), "\(check.stderr)")
    }
}
