import SitegenTestSupport
import Testing
@testable import SitegenLinks

@Suite("Suggestions for a missing fragment")
struct AnchorSuggestionsTests {
    @Test("an anchor with the same letters in another case, the first in sorted order, on small and large pages")
    func sameLetters() {
        let suggestions = AnchorSuggestions()
        let small: Set<String> = ["Intro", "INTRO", "setup", "Step-2"]
        let large = small.union((0..<100).map { "step-\($0)" })
        for (route, anchors) in [(0, small), (1, large)] {
            #expect(suggestions.sameLetters(as: "intro", route: route, anchors) == "INTRO", "\(anchors.count) anchors")
            #expect(suggestions.sameLetters(as: "step-2", route: route, anchors) == "Step-2")
            #expect(suggestions.sameLetters(as: "setup", route: route, anchors) == "setup")
            #expect(suggestions.sameLetters(as: "nope", route: route, anchors) == nil)
        }
    }

    @Test("a page of many anchors linked with many missing fragments: each is looked up, not compared with every anchor")
    func growth() {
        func sample(_ count: Int) -> (anchors: Set<String>, queries: [String]) {
            (Set((0..<count).map { "Step-\($0)" }), (0..<count).map { "step-\($0 * 2)" })
        }
        // One suggester per size, kept across the timed runs: the first run makes its table, as a check's first
        // broken fragment on the page does.
        func run(_ sample: (anchors: Set<String>, queries: [String]), _ suggestions: AnchorSuggestions) -> Int {
            sample.queries.reduce(0) { $0 + (suggestions.sameLetters(as: $1, route: 0, sample.anchors) == nil ? 0 : 1) }
        }
        let small = sample(1_000), large = sample(8_000)
        let smallSuggestions = AnchorSuggestions(), largeSuggestions = AnchorSuggestions()
        let (smallSeconds, _) = Growth.fastest { run(small, smallSuggestions) }
        let (largeSeconds, found) = Growth.fastest { run(large, largeSuggestions) }
        // Eight times the anchors and the links: linear is about 8 times the time, each link against every anchor 64.
        #expect(largeSeconds < max(smallSeconds, 0.002) * 24, "\(smallSeconds) s, then \(largeSeconds) s")
        #expect(found == 4_000, "'step-N' finds 'Step-N' for the even N below 8,000")
    }
}
