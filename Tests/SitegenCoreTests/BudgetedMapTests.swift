import Foundation
import SitegenCore
import Testing

@Suite("Parallel map with a time budget")
struct BudgetedMapTests {
    @Test("an item past the budget is given up and the map returns without it; the others are mapped", arguments: [1, 2])
    func givesUp(_ jobs: Int) {
        let start = ContinuousClock.now
        let results = parallelMap([1, 2, 3, 4, 5], jobs: jobs, budget: .milliseconds(300), { item -> String in
            if item == 2 { Thread.sleep(forTimeInterval: 20) }
            return "mapped \(item)"
        }, giveUp: { "gave up \($0)" })
        #expect(results == ["mapped 1", "gave up 2", "mapped 3", "mapped 4", "mapped 5"])
        #expect(start.duration(to: .now) < .seconds(10), "did not wait for the slow item")
    }

    @Test("without a slow item every result is the transform's, in order")
    func inOrder() {
        let items = Array(0..<2_000)
        let results = parallelMap(items, jobs: 2, budget: .seconds(30), { $0 * 2 }, giveUp: { _ in -1 })
        #expect(results == items.map { $0 * 2 })
    }

    @Test("several slow items are each given up, and each is replaced by a thread for the rest")
    func severalSlow() {
        let results = parallelMap(Array(0..<8), jobs: 2, budget: .milliseconds(200), { item -> Int in
            if item % 3 == 0 { Thread.sleep(forTimeInterval: 20) }
            return item
        }, giveUp: { -$0 - 100 })
        #expect(results == [-100, 1, 2, -103, 4, 5, -106, 7])
    }

    @Test("work on a thread with a given stack returns its result")
    func onAThread() {
        func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }
        #expect(onThread(stackSize: 8 * 1024 * 1024) { depth(10_000) } == 10_000)
    }
}
