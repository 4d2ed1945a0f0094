import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// A run's findings, gathered file by file (`SitePipeline.diagnostics(of:jobs:)`) on one thread or several.
@Suite("Findings gathered from every file")
struct GatheredFindingsTests {
    @Test("on several threads, the same findings in the same order as on one, with the site's severities ('off' drops)")
    func severalThreads() throws {
        let site = try TemporaryFolder()
        // Rules set to another severity and to off; a finding outside any article (the config's unknown rule).
        try site.write("sitegen.yml", "title: T\nrules:\n  link-broken: error\n  content-orphan: 'off'\n  no-such-rule: warning\n")
        for number in 0..<37 {
            let product = ["mail", "dns", "billing"][number % 3]
            // Findings out of line order within a file (a late broken link, an early bad date), and files without any.
            let body = number % 4 == 0 ? "Fine.\n" : "Text.\n\n[a](/how-to/missing-\(number)/) ![](x.png)\n\n#### Deep\n"
            try site.write("content/\(product)/a\(number).md",
                           "---\ntitle: A \(number)\npermalink: a\(number)/\n" + (number % 5 == 0 ? "last_modified_date: 'someday'\n" : "")
                               + "---\n" + body)
        }
        var options = BuildOptions(siteRoot: site.path)
        options.inMemory = true
        let analysis = SitePipeline(options: options).analyze(previous: nil, changes: .everything, reusable: true)
        let state = try #require(analysis.state)
        let one = SitePipeline.diagnostics(of: state)
        #expect(one.count > 60)
        #expect(one.contains { $0.rule == "link-broken" && $0.severity == .error })
        #expect(!one.contains { $0.rule == "content-orphan" })
        #expect(one == one.sorted())
        for jobs in [2, 3, 5] {
            let several = SitePipeline.diagnostics(of: state, jobs: jobs, minimumFiles: 1)
            #expect(several == one, "jobs \(jobs)")
        }
    }
}
