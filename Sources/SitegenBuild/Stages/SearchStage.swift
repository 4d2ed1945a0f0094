import Foundation
import SitegenContent
import SitegenCore
import SitegenSearch
import Synchronization

/// The search stage: the search index of the site's pages (`SearchIndexWriter`), made from the parsed articles
/// before the render stage writes it with the other files. Each article has a slot (its position in the index);
/// a page left out (`search.exclude`, front matter `search: false`, a redirect, no page) has an empty one.
enum SearchStage {
    /// Starts the index of a one-shot build on a thread of its own (see `BackgroundSearch`); nil when the site has
    /// no search index.
    static func start(_ index: SiteIndex, site: LoadedSite) -> BackgroundSearch? {
        guard index.searchURL != nil else { return nil }
        let pages = Pages(index, site: site)
        let files = SearchFiles(spill: BodySpill(near: (site.outputRoot as NSString).deletingLastPathComponent))
        let steps = SearchIndexWriter.Steps(slots: index.articles.count, products: index.products.map { (slug: $0.slug, name: $0.name) },
                                            page: pages.page, sink: { path, bytes in files.store(path, bytes) })
        return BackgroundSearch(steps: steps, files: files)
    }

    /// The preview's index, brought up to date in `cache`: the files whose bytes may have changed (with
    /// `everyFile`, all of them) and their paths in the index's folder; nil when the site has no search index.
    /// `candidates`: the only articles whose entries may have changed (nil: any).
    static func update(_ cache: SearchIndexCache, _ index: SiteIndex, site: LoadedSite, jobs: Int,
                       everyFile: Bool, candidates: [Int]?) -> (files: SearchFiles, changed: Set<String>)? {
        guard index.searchURL != nil else { return nil }
        // The candidates of an edit in place keep their URLs: those of the last update, when each had one.
        let known = candidates.map { candidates in candidates.map { ($0, cache.url(ofSlot: $0)) } }
        let pages = known.flatMap { known in
            known.allSatisfy { $0.1 != nil } ? Pages(index, site: site, urls: Dictionary(known.map { ($0, $1!) }, uniquingKeysWith: { a, _ in a })) : nil
        } ?? Pages(index, site: site)
        let update = cache.update(slots: index.articles.count, products: index.products.map { (slug: $0.slug, name: $0.name) },
                                  jobs: jobs, everyFile: everyFile, candidates: candidates, key: pages.key,
                                  document: pages.document)
        let files = SearchFiles(spill: nil)
        for (path, bytes) in update.files { files.store(path, bytes) }
        return (files, Set(update.files.keys))
    }

    /// The site's pages as the index sees them: a slot per article, empty for a page left out (`search.exclude`,
    /// front matter `search: false`, a redirect, no page).
    private struct Pages: Sendable {
        let index: SiteIndex
        /// Each article's page URL, by position (nil: no page); or only some articles' (`few`).
        let urls: [String?]
        let few: [Int: String]?
        let exclude: [String]

        /// The pages of only the articles at the keys of `urls`, with those URLs.
        init(_ index: SiteIndex, site: LoadedSite, urls: [Int: String]) {
            (self.index, self.urls, self.few, self.exclude) = (index, [], urls, site.config.search.exclude)
        }

        init(_ index: SiteIndex, site: LoadedSite) {
            var urls = [String?](repeating: nil, count: index.articles.count)
            for file in index.files {
                switch file.producer {
                case .article(let position): urls[position] = file.url
                case .product(let slug):
                    if let landing = index.products[index.productPosition(slug)!].landing { urls[landing] = file.url }
                case .home:
                    if let home = index.homeContent { urls[home] = file.url }
                default: break
                }
            }
            (self.index, self.urls, self.few, self.exclude) = (index, urls, nil, site.config.search.exclude)
        }

        private func url(_ position: Int) -> String? { few.map { $0[position] } ?? urls[position] }

        /// What the slot's page is made from; nil when it is left out.
        func key(_ position: Int) -> SearchIndexCache.Key? {
            let parsed = index.articles[position]
            guard let url = url(position), isIndexed(parsed.article, exclude: exclude) else { return nil }
            return SearchIndexCache.Key(source: parsed, url: url, product: parsed.article.productSlug.flatMap(index.productPosition))
        }

        /// The slot's page, its body not yet read; nil when it is left out.
        func page(_ position: Int) -> SearchPage? {
            let parsed = index.articles[position]
            let article = parsed.article
            guard let url = url(position), isIndexed(article, exclude: exclude) else { return nil }
            // From the build's spill file in a one-shot build (ParsedArticle.bodyHTML); a body that cannot be read
            // back fails its page in the render stage, and is left out of the index here.
            guard var html = parsed.bodyHTML else { return nil }
            // A theme partial's place in the body (`{% include all-articles-list.html %}`) is no text of the page.
            for name in Set(parsed.partials) {
                html = html.replacingBytes(of: LiquidExpander.partialMarker(name), with: " ")
            }
            return SearchPage(url: url, title: article.frontMatter.title,
                              product: article.productSlug.flatMap(index.productPosition), html: html)
        }

        func document(_ position: Int) -> SearchDocument? {
            page(position).map { SearchDocument(url: $0.url, title: $0.title, product: $0.product, sections: PageSections.read(html: $0.html)) }
        }
    }

    /// Whether an article goes into the index: not matched by a `search.exclude` glob (relative to the content
    /// folder, as `exclude` is), and without `search: false` in its front matter.
    static func isIndexed(_ article: Article, exclude: [String]) -> Bool {
        if case .string(let value) = article.frontMatter.fields["search"],
           ["false", "no", "off"].contains(value.lowercased()) { return false }
        let path = article.source.contentPath
        return !exclude.contains { pattern in
            let trimmed = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
            return fnmatch(trimmed, path, 0) == 0
        }
    }
}

/// The search index's files between the search stage and the render stage: in the build's spill file when there is
/// one (a large site's index is tens of megabytes), else in memory.
package final class SearchFiles: Sendable {
    private enum Stored {
        case bytes([UInt8])
        case spilled(BodySpill.Slot)
    }

    private let spill: BodySpill?
    private let stored = Mutex<[String: Stored]>([:])

    init(spill: BodySpill?) {
        self.spill = spill
    }

    func store(_ path: String, _ bytes: [UInt8]) {
        let entry: Stored = spill?.store(bytes).map { .spilled($0) } ?? .bytes(bytes)
        stored.withLock { $0[path] = entry }
    }

    /// The file at `path` (empty when the index has none); nil when a spilled file cannot be read back.
    func bytes(_ path: String) -> [UInt8]? {
        switch stored.withLock({ $0[path] }) {
        case .bytes(let bytes): return bytes
        case .spilled(let slot): return spill!.loadBytes(slot)
        case nil: return []
        }
    }
}

/// The search index of a one-shot build, begun on a thread of its own while the build checks its links and
/// gathers its findings: on two cores the serial parts of that work leave one idle, and the index's first pages fill
/// it. The search stage then finishes the index on every core (`finish`), before the render stage, as before.
///
/// The thread adds a few pages at a time (`step`) and looks between steps whether the search stage has come: the
/// hand-over waits for one step at most. A build that fails after its check (and so writes nothing) stops the thread
/// the same way, and has paid only for what the idle core did.
package final class BackgroundSearch: Sendable {
    /// Pages added per step on the thread: a few milliseconds of work, the most the hand-over waits.
    static let step = 64

    private let steps: SearchIndexWriter.Steps
    private let files: SearchFiles
    private let handedOver = Atomic<Bool>(false)
    /// Left once the thread has stopped adding pages.
    private let stopped = DispatchSemaphore(value: 0)
    /// The thread's own time, once it stopped.
    private let elapsed = Mutex<Double>(0)

    init(steps: SearchIndexWriter.Steps, files: SearchFiles) {
        (self.steps, self.files) = (steps, files)
        // A thread of its own: a Dispatch pool thread held for the whole check would leave its parallel loops a
        // worker short. It holds `self` until it stops.
        let thread = Thread { [self] in
            let start = ContinuousClock.now
            while !handedOver.load(ordering: .acquiring), steps.added < steps.slots {
                steps.add(pages: Self.step, jobs: 1)
            }
            let duration = ContinuousClock.now - start
            elapsed.withLock { $0 = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
            stopped.signal()
        }
        thread.name = "sitegen search index"
        thread.start()
    }

    /// Takes the index over from the thread once it has stopped, and finishes it on `jobs` threads: its files, and
    /// the time the thread spent and the pages it added.
    func finish(jobs: Int) -> (files: SearchFiles, beside: (seconds: Double, pages: Int)) {
        stop()
        let beside = (seconds: elapsed.withLock { $0 }, pages: steps.added)
        steps.finish(jobs: jobs)
        return (files, beside)
    }

    /// Stops the thread after its current step, and waits until it has stopped. Once only.
    private func stop() {
        handedOver.store(true, ordering: .releasing)
        stopped.wait()
    }

    /// Stops the thread when the index will not be written (the build failed): at once when it is done already.
    package func abandon() {
        guard !handedOver.load(ordering: .acquiring) else { return }
        stop()
    }
}
