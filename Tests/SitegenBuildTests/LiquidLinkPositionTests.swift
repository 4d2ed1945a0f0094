import SitegenContent
import SitegenCore
import SitegenMarkdown
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// Links in an article after its Liquid tags are expanded, mapped back to the text as written (as the parse stage
/// does): inputs found by the FuzzLiquid target, each a link that was placed outside the article's body.
@Suite("Link positions through the Liquid expansion")
struct LiquidLinkPositionTests {
    @Test("a NUL byte in an unknown tag's URL leaves the link inside the body, at column 1 or more")
    func nulInTag() throws {
        // FuzzLiquid (was Fuzz/Findings/liquid-nul-position.md): `{%http://\0...` gave a link at column 0, which the
        // source map put on the line before the body.
        let body = "{%http://\u{0}mment 5}\n{\u{FFFD}\n{%\n"
        let includes = try TemporaryFolder()
        let expander = LiquidExpander(environment: .init(
            assets: AssetCatalog(), includes: IncludeLibrary(folder: includes.path, boundary: SiteBoundary(root: includes.path)),
            themePartials: [], siteVariables: ["site.baseurl": "/how-to/"]))
        let expansion = expander.expand(body, firstLine: 5, file: "content/how-to/a.md", page: [:])
        let rendered = ParseStage.mapPositions(MarkdownRenderer().render(expansion.text, firstLine: 5, html: false),
                                               expansion.map)
        #expect(rendered.links.map(\.destination).contains { $0.hasPrefix("http://") })
        for link in rendered.links {
            #expect((5...7).contains(link.line) && link.column >= 1, "\(link)")
        }
    }
}
