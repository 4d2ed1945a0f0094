import SitegenCore
import Testing
@testable import SitegenBuild

/// A site built the way the preview builds it (into memory), for tests that look at its pages and findings.
struct MemoryBuild {
    /// The pipeline's state after the build.
    var state: PipelineState
    /// Each written file whose content is bytes, as text, by output path.
    var pages: [String: String]
    /// Findings of the render stage (the other stages' are in `state`).
    var renderProblems: [Diagnostic]

    /// Builds the site at `siteRoot` into memory; fails the test when the site cannot be loaded.
    init(siteRoot: String) throws {
        var options = BuildOptions(siteRoot: siteRoot)
        options.inMemory = true
        let pipeline = SitePipeline(options: options)
        let analysis = pipeline.analyze(previous: nil, changes: .everything, reusable: true)
        var problems: [Diagnostic] = []
        _ = pipeline.render(analysis, into: .memory, diagnostics: &problems)
        state = try #require(analysis.state)
        renderProblems = problems
        var pages: [String: String] = [:]
        for (path, entry) in state.outputs.entries {
            if case .bytes(let bytes) = entry { pages[path] = String(decoding: bytes, as: UTF8.self) }
        }
        self.pages = pages
    }
}
