import CMarkdownArena
import Testing
@testable import SitegenMarkdown

@Suite("Markdown arena")
struct MarkdownArenaTests {
    let renderer = MarkdownRenderer()

    @Test("a document larger than the arena's block renders whole, and the extra blocks are released")
    func largeDocument() {
        // 3,000 sections and a 400 KB code block: many blocks of 256 KB, and a buffer that grows past a block.
        let sections = (0..<3000).map { "## Part \($0)\n\nText of part \($0) with [a link](/how-to/part-\($0)/).\n" }
        let code = (0..<20000).map { "line \($0) of the listing" }.joined(separator: "\n")
        let source = sections.joined(separator: "\n") + "\n```\n" + code + "\n```\n"
        let rendered = renderer.render(source)
        #expect(rendered.headings.count == 3000)
        #expect(rendered.headings.last?.id == "part-2999")
        #expect(rendered.links.count == 3000)
        #expect(rendered.links.last?.destination == "/how-to/part-2999/")
        #expect(rendered.html.contains("<h2 id=\"part-2999\">Part 2999</h2><a class=\"heading-anchor\" href=\"#part-2999\" aria-label=\"Link to this section: Part 2999\"></a></div>\n<p>Text of part 2999 with"))
        #expect(rendered.html.contains("<pre tabindex=\"0\"><code>line 0 of the listing\nline 1 of"))
        #expect(rendered.html.hasSuffix("line 19999 of the listing\n</code></pre>\n"))
        #expect(sitegen_arena_is_open() == 0)
        #expect(sitegen_arena_held_bytes() == 256 * 1024)
    }

    @Test("documents rendered one after another on a thread do not see each other's memory")
    func reuse() {
        let first = renderer.render("# One\n\n[x](/a/) https://example.com/one\n")
        let second = renderer.render("# Two\n\n| a |\n|---|\n| b |\n")
        let firstAgain = renderer.render("# One\n\n[x](/a/) https://example.com/one\n")
        #expect(first.html == firstAgain.html)
        #expect(first.html.contains("<a href=\"https://example.com/one\">"))
        #expect(second.html.contains("<td>b</td>"))
        #expect(!second.html.contains("One"))
    }

    @Test("realloc keeps the bytes it moves, grows the latest allocation in place, and free gives it back")
    func allocator() {
        sitegen_arena_begin()
        defer { sitegen_arena_end() }
        let first = sitegen_arena_calloc(4, 8)!.assumingMemoryBound(to: UInt8.self)
        #expect((0..<32).allSatisfy { first[$0] == 0 })
        for index in 0..<32 { first[index] = UInt8(index) }
        let grown = sitegen_arena_realloc(first, 100)!.assumingMemoryBound(to: UInt8.self)
        #expect(grown == first)  // the latest allocation grows where it is
        let other = sitegen_arena_calloc(1, 16)!
        let moved = sitegen_arena_realloc(grown, 300_000)!.assumingMemoryBound(to: UInt8.self)
        #expect(moved != grown)  // not the latest, and larger than a block
        #expect((0..<32).allSatisfy { moved[$0] == UInt8($0) })
        sitegen_arena_free(other)
        let reused = sitegen_arena_calloc(1, 16)!
        #expect(reused != other)  // `other` was not the latest any more: nothing is given back
        sitegen_arena_free(reused)
        #expect(sitegen_arena_calloc(1, 16)! == reused)  // the latest allocation is given back at once
    }
}
