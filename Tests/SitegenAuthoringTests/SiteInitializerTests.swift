import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenAuthoring

@Suite("sitegen init: the starter sitegen.yml")
struct SiteInitializerTests {
    @Test("the starter file points to the manual's Configuration page, which exists in this checkout")
    func pointsToTheManual() throws {
        let site = try TemporaryFolder()
        let written = try SiteInitializer().initialize(siteRoot: site.path, fromJekyll: false).get()
        #expect(written == site.path + "/sitegen.yml")
        let text = try #require(site.read("sitegen.yml"))
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        #expect(header == """
            # sitegen configuration. Every key is optional; the Configuration page of the sitegen manual
            # (docs/content/reference/configuration.md in sitegen's source) describes them all.
            """)
        let page = "docs/content/reference/configuration.md"
        let manualPage = try String(contentsOfFile: packageRoot + "/" + page, encoding: .utf8)
        #expect(manualPage.contains("\ntitle: Configuration\n"))
    }
}
