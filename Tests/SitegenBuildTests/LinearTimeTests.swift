import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// Inputs that once made one article stall a whole check for minutes (each scanner searched a block again for each
/// link, tag or token in it). Each test times `sitegen check` on a site whose only article repeats a shape n and 4n
/// times and asserts the growth, not a wall time: linear work grows 4×, quadratic 16×. The bound of 6 leaves room
/// for a loaded machine; each size is timed several times and the fastest run counts.
@Suite("Linear time on hostile articles", .serialized)
struct LinearTimeTests {
    /// A hostile shape: the article body for a repeat count.
    struct Shape: Sendable, CustomStringConvertible {
        let description: String
        let n: Int
        let body: @Sendable (Int) -> String
    }

    static let shapes: [Shape] = [
        Shape(description: "nested images ![ × n, a, ](/how-to/x/) × n", n: 1_500) {
            String(repeating: "![", count: $0) + "a" + String(repeating: "](/how-to/x/)", count: $0)
        },
        Shape(description: "[ (]( repeated", n: 3_000) { String(repeating: "[ (](", count: $0) },
        Shape(description: "[a][b] repeated (undefined references)", n: 2_000) { String(repeating: "[a][b]", count: $0) },
        Shape(description: "[a] (http://x repeated (a space before the parenthesis)", n: 2_000) {
            String(repeating: "[a] (http://x", count: $0)
        },
        Shape(description: "Markdown links inside an HTML block", n: 2_000) {
            "<div>\n" + String(repeating: "[a](/how-to/x/) ", count: $0) + "\n</div>\n"
        },
        Shape(description: "{% raw %} repeated", n: 2_000) { String(repeating: "{% raw %}", count: $0) },
        Shape(description: "{% repeated (unclosed Liquid tags)", n: 20_000) { String(repeating: "{% ", count: $0) },
        Shape(description: "{{ page.title }} repeated", n: 10_000) { String(repeating: "{{ page.title }}", count: $0) },
        Shape(description: "an ordinary article with many links", n: 4_000) { count in
            (0..<count).map { "See [link \($0)](/how-to/p\($0 % 50)/).\n" }.joined()
        },
        Shape(description: "links in a table", n: 1_000) { count in
            "| a | b |\n|---|---|\n" + (0..<count).map { "| [x](/how-to/a/) | [y](/how-to/p\($0)/) |\n" }.joined()
        },
        Shape(description: "one inline tag over two lines, its last line full of attributes", n: 500) { count in
            "x <a\n" + String(repeating: "href=/how-to/t/ ", count: count) + ">y</a> z\n"
        },
        Shape(description: "a paragraph of links before a table", n: 4_000) { count in
            String(repeating: "[a](/how-to/t/) ", count: count) + "\n\n| a | b |\n|---|---|\n"
                + String(repeating: "| c | d |\n", count: count)
        },
        Shape(description: "code spans showing the syntax of the links after them, in one paragraph", n: 1_000) { count in
            String(repeating: "`<a href=\"/how-to/no pe/\">` and `[a](/how-to/nope/)` then <a href=\"/how-to/no pe/\">t</a> "
                   + "[a](/how-to/nope/) `x\ny` ", count: count)
        },
        Shape(description: "unclosed quoted tags between backticks", n: 2_000) { count in
            String(repeating: "<a title=\" ` [x](/how-to/no pe/) ", count: count)
        },
        Shape(description: "autolinks without a position, one a line", n: 2_000) { count in
            (0..<count).map { "https://a.example.com/\($0)\n" }.joined()
        },
        Shape(description: "escaped and referenced link syntax between emphasis, in one paragraph", n: 2_000) { count in
            String(repeating: "\\[a](/x y/) *e* &#91;b](/x y/) &eacute; [c\\](/x y/) **f** ", count: count)
        },
        Shape(description: "raw HTML tags with URLs in one paragraph", n: 2_000) { count in
            String(repeating: "text <a href=\"/how-to/a/\">a</a> <img src=\"/how-to/x.png\"> ", count: count)
        },
    ]

    /// A site whose only article has `body`.
    static func articleSite(_ body: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\n" + body + "\n")
        return site
    }

    /// A site whose articles are the lines of `lines`, each `slug<TAB>body`, in one product folder.
    static func linesSite(_ lines: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\n")
        for line in lines.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            try site.write("content/p/\(parts[0]).md", "---\ntitle: \(parts[0])\npermalink: \(parts[0])/\n---\n\(parts[1])\n")
        }
        return site
    }

    /// Fastest of `runs` checks of each site, the two sites taken in turn so that both see the same load.
    func fastestChecks(_ sites: [TemporaryFolder], runs: Int = 3, findsBrokenLinks: Bool) -> (small: Double, large: Double) {
        var best = [Double.infinity, Double.infinity]
        for _ in 0..<runs {
            for (index, site) in sites.enumerated() {
                let start = ContinuousClock.now
                let result = SiteBuilder().check(BuildOptions(siteRoot: site.path))
                let elapsed = start.duration(to: .now)
                #expect(result.outcome != .configurationError, "the check ran")
                if findsBrokenLinks { #expect(result.diagnostics.contains { $0.rule == "link-broken" }, "the broken links were found") }
                best[index] = min(best[index], Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
        return (best[0], best[1])
    }

    /// Other suites run at the same time and can slow one size more than the other: a ratio over the bound is
    /// measured again, up to three times. Quadratic work stays at about 16 however often it is measured.
    func expectLinear(_ shape: Shape, site: (String) throws -> TemporaryFolder, findsBrokenLinks: Bool = false) throws {
        var ratios: [Double] = []
        for _ in 0..<3 {
            let (small, large) = fastestChecks([try site(shape.body(shape.n)), try site(shape.body(shape.n * 4))],
                                               findsBrokenLinks: findsBrokenLinks)
            ratios.append(large / small)
            if large / small <= 6 { break }
        }
        #expect(ratios.contains { $0 <= 6 }, "n=\(shape.n), 4n: time ratios \(ratios)")
    }

    /// Whole sites of n and 4n articles (`linesSite`): mistakes spread over a site, where a rule or a suggestion
    /// compares each finding with every page.
    static let siteShapes: [Shape] = [
        Shape(description: "broken links one letter off a crowd of numbered pages (error-code-1 … error-code-N)", n: 300) { count in
            (0..<count).map { "error-code-\($0)\t[next](/how-to/error-code-\($0 + 1)x/) [self](/how-to/error-code-\($0)/#nope)" }
                .joined(separator: "\n")
        },
    ]

    @Test("sitegen check grows linearly with the site when every article has a mistake", arguments: siteShapes)
    func siteGrowth(_ shape: Shape) throws {
        try expectLinear(shape, site: Self.linesSite, findsBrokenLinks: true)
    }

    @Test("sitegen check grows linearly with the repeat count", arguments: shapes)
    func growth(_ shape: Shape) throws {
        try expectLinear(shape, site: Self.articleSite)
    }
}
