import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// `content-image-alt` and `content-heading-order`: what screen-reader users miss, found at the image or heading.
@Suite("Accessibility content rules")
struct AccessibilityRulesTests {
    func findings(_ marked: String, config: String = "") throws -> (diagnostics: [Diagnostic], text: MarkedText) {
        let site = try TemporaryFolder()
        let text = MarkedText("---\ntitle: X\npermalink: x/\n---\n" + marked)
        try site.write("sitegen.yml", "title: T\n" + config)
        try site.write("content/p/x.md", text.text)
        var options = BuildOptions(siteRoot: site.path)
        options.inMemory = true
        let analysis = SitePipeline(options: options).analyze(previous: nil, changes: .everything, reusable: true)
        let state = try #require(analysis.state)
        let diagnostics = SitePipeline.diagnostics(of: state)
            .filter { ["content-image-alt", "content-heading-order"].contains($0.rule) }
        return (diagnostics, text)
    }

    @Test("an image without alt text, in Markdown or raw HTML, is a warning at the image; alt=\"\" and described images pass")
    func imageAlt() throws {
        let (found, text) = try findings("""
            Intro 1️⃣![](a.png) and ![A chart of the week](b.png) and 2️⃣![  ](c.png).

            3️⃣<img src="d.png" width="10">
            <img src="e.png" alt="">
            <p>Inline: 4️⃣<IMG SRC="f.png"> and <img alt="Logo" src="g.png"></p>
            """)
        let file = "content/p/x.md"
        #expect(found.map(\.formatted) == [
            "\(file):\(text["1️⃣"].line):\(text["1️⃣"].column): warning: image without alt text: '![](a.png)' [content-image-alt]",
            "\(file):\(text["2️⃣"].line):\(text["2️⃣"].column): warning: image without alt text: '![](c.png)' [content-image-alt]",
            "\(file):\(text["3️⃣"].line):\(text["3️⃣"].column): warning: <img> without an alt attribute [content-image-alt]",
            "\(file):\(text["4️⃣"].line):\(text["4️⃣"].column): warning: <img> without an alt attribute [content-image-alt]",
        ].map { $0 })
        #expect(found.first?.fixIt == "say what the image shows between the brackets: '![What it shows](a.png)'")
    }

    @Test("a heading that skips a level is a note at its line, with the level it should have; rules: can turn it off")
    func headingOrder() throws {
        let (found, text) = try findings("""
            Intro.

            1️⃣### Prerequisites

            ## Steps

            2️⃣#### Detail

            ### Fine

            ## Also fine
            """)
        #expect(found.map(\.formatted) == [
            "content/p/x.md:\(text["1️⃣"].line):1: note: heading level 3 follows the page title (level 1): a level is skipped [content-heading-order]",
            "content/p/x.md:\(text["2️⃣"].line):1: note: heading level 4 follows 'Steps' (level 2): a level is skipped [content-heading-order]",
        ])
        #expect(found.map(\.fixIt) == ["make it '## Prerequisites', or add the missing level above it",
                                       "make it '### Detail', or add the missing level above it"])
        let off = try findings("### Skipped\n", config: "rules:\n  content-heading-order: off\n")
        #expect(off.diagnostics.isEmpty)
    }
}
