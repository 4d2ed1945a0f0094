import Foundation
import SitegenContent
import SitegenCore
import SitegenSearch

/// A product: its articles and, when the content has one, its landing page (the content page at its URL).
package struct Product: Sendable {
    var slug: String
    var name: String
    var url: SitePath
    /// Index into `SiteIndex.articles` of the landing page.
    var landing: Int?
    /// Indexes into `SiteIndex.articles`, sorted by title.
    var articles: [Int]
    /// The product page's order (`SiteIndex.pageGroups`): groups by name, newest first within each.
    var groups: [ArticleGroup] = []
    /// URL of the product's Atom feed, when there is one (`FeedOutput`).
    var feedURL: SitePath?
    /// Article position → its place in the groups read one after the other: its previous and next articles.
    var pagePositions: [Int: Int] = [:]
    var pageOrder: [Int] = []

    /// The articles before and after `position` on the product page, if any.
    func neighbours(of position: Int) -> (previous: Int?, next: Int?) {
        guard let place = pagePositions[position] else { return (nil, nil) }
        return (place > 0 ? pageOrder[place - 1] : nil, place + 1 < pageOrder.count ? pageOrder[place + 1] : nil)
    }

    /// The product page's groups of `articles` (sorted by title), its page order and each article's place in it.
    struct Grouping: Sendable {
        let groups: [ArticleGroup]
        let pageOrder: [Int]
        let pagePositions: [Int: Int]
    }

    static func grouping(_ articles: [Int], _ parsed: [ParsedArticle], order: TitleOrder) -> Grouping {
        let groups = SiteIndex.pageGroups(articles, parsed, order: order)
        let pageOrder = groups.flatMap(\.articles)
        return Grouping(groups: groups, pageOrder: pageOrder,
                        pagePositions: Dictionary(uniqueKeysWithValues: pageOrder.enumerated().map { ($1, $0) }))
    }

    mutating func apply(_ grouping: Grouping) {
        (groups, pageOrder, pagePositions) = (grouping.groups, grouping.pageOrder, grouping.pagePositions)
    }

    /// Groups `articles` again for the product page (after a build or an edit).
    mutating func regroup(_ parsed: [ParsedArticle], order: TitleOrder) {
        apply(Self.grouping(articles, parsed, order: order))
    }
}

/// Articles of a product that share a front matter `category` (else `type`).
package struct ArticleGroup: Sendable {
    var name: String
    var articles: [Int]
}

/// Stage 3: the site's routes. Every output file is claimed once; two claims on one path are an error naming both.
package struct SiteIndex: Sendable {
    var articles: [ParsedArticle]
    var products: [Product]
    /// Product slug in lowercase → position in `products`, so each page finds its product without a search.
    private var productsByKey: [String: Int] = [:]
    /// Index of a content page whose URL is the home page: its body becomes the home page's intro.
    var homeContent: Int?
    /// Every file to write, sorted by output path.
    var files: [OutputFile]
    var homeURL: SitePath
    var allArticlesURL: SitePath
    var stylesheetURL: SitePath
    var sitemapURL: SitePath
    /// URL of the HTML link report inside the site, when one is written there.
    var linkReportURL: SitePath?
    /// The site's redirects (`redirect_from`, `aliases`, `redirect_to`), in article order; `OutputFile.Producer.redirect`
    /// indexes into it.
    var redirects: [Redirect] = []
    /// URL of the search index's folder (ending in `/`), when the site has one (`search.enabled`).
    var searchURL: SitePath?
    /// URL of the theme's `search.js`.
    var searchScriptURL = SitePath("/")
    /// URL of the theme's `theme.js` (colour scheme toggle, copy buttons).
    var scriptURL = SitePath("/")
    /// URL of the whole site's Atom feed, when there is one (`FeedOutput`).
    var feedURL: SitePath?
    /// The order of titles in the site's lists: that of its `language`.
    var titleOrder = TitleOrder(language: "en")

    /// Position in `products` of the product with this slug, in any letter case (`Email` is `email`).
    func productPosition(_ slug: String) -> Int? { productsByKey[slug.lowercased()] }

    /// Article positions by the absolute path of their Markdown file.
    private var positionsBySource: [String: Int] = [:]

    /// The position in `articles` of the article written from this Markdown file (absolute path), once
    /// `indexSources` has been called (the preview, which looks articles up by file after an edit).
    func position(ofSource path: String) -> Int? { positionsBySource[path] }

    /// Makes the index of articles by file that `position(ofSource:)` uses.
    mutating func indexSources() {
        positionsBySource = Dictionary(articles.enumerated().map { ($1.article.source.absolutePath, $0) },
                                       uniquingKeysWith: { first, _ in first })
        filePositions = Dictionary(files.enumerated().map { ($1.relativePath, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each output file's position in `files`, by its relative path (made by `indexSources`, for the preview).
    private var filePositions: [String: Int] = [:]

    /// The output files at these relative paths, in the order of `files`: looked up when `indexSources` has run,
    /// else found by going through all of them.
    func files(at relativePaths: Set<String>) -> [OutputFile] {
        guard !filePositions.isEmpty else { return files.filter { relativePaths.contains($0.relativePath) } }
        return relativePaths.compactMap { filePositions[$0] }.sorted().map { files[$0] }
    }

    /// Puts an article parsed again in the place of the one from the same file, whose URL, product and index
    /// entries it keeps (the preview, after an edit; `SitePipeline` checks that they are the same).
    mutating func replaceArticle(at position: Int, with parsed: ParsedArticle) {
        precondition(articles[position].article.source.absolutePath == parsed.article.source.absolutePath
                     && articles[position].article.url == parsed.article.url, "an article replaced in place keeps its file and URL")
        articles[position] = parsed
    }

    /// Sorts the articles of the product at `product` by title again (after an edit of a title).
    mutating func sortArticlesByTitle(ofProduct product: Int) {
        products[product].articles = Self.sortedByTitle(products[product].articles, articles, order: titleOrder)
        products[product].regroup(articles, order: titleOrder)
    }

    /// The product page's groups: articles grouped by front matter `category`, else by `type` (`article` when it
    /// has none, shown as `Articles`), compared without letter case and named as most of its articles write it (the
    /// first by title on a tie); groups by name,
    /// so that the order does not move as articles come and go; within a group newest first (`last_modified_date`,
    /// undated last), then by title. `list` is sorted by title already.
    static func pageGroups(_ list: [Int], _ parsed: [ParsedArticle], order: TitleOrder) -> [ArticleGroup] {
        var groups: [ArticleGroup] = []
        var positions: [String: Int] = [:]
        var spellings: [[String: Int]] = []
        for position in list {
            let matter = parsed[position].article.frontMatter
            var name = ""
            if case .string(let category)? = matter.fields["category"] {
                name = category.trimmingCharacters(in: .whitespaces)
            }
            if name.isEmpty {
                let type = (matter.type ?? "").trimmingCharacters(in: .whitespaces)
                // The default type reads as a heading in the plural; other types as written, capitalised.
                name = type.isEmpty || type.lowercased() == "article" ? "Articles" : type.prefix(1).uppercased() + type.dropFirst()
            }
            let key = name.lowercased()
            if let found = positions[key] {
                groups[found].articles.append(position)
                spellings[found][name, default: 0] += 1
                let best = spellings[found][groups[found].name] ?? 0, this = spellings[found][name] ?? 0
                if this > best { groups[found].name = name }
            } else {
                positions[key] = groups.count
                groups.append(ArticleGroup(name: name, articles: [position]))
                spellings.append([name: 1])
            }
        }
        groups.sort { order.compare($0.name, $1.name) == .orderedAscending }
        for index in groups.indices {
            // Stable: equal dates keep the title order of `list`.
            let dated = groups[index].articles.enumerated().map { ($1, parsed[$1].article.frontMatter.lastModifiedDate ?? "", $0) }
            groups[index].articles = dated.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.map(\.0)
        }
        return groups
    }

    /// Products of at least this many articles are sorted by title on every core (`sortedByTitle(_:_:jobs:)`).
    static let largeProduct = 4096

    /// `list` (positions in `parsed`) by title as people read it (`TitleOrder`), then by URL; on up to `jobs`
    /// threads (`parallelSorted`: the same order, as both sorts are stable).
    static func sortedByTitle(_ list: [Int], _ parsed: [ParsedArticle], order titleOrder: TitleOrder, jobs: Int = 1) -> [Int] {
        parallelSorted(list, jobs: jobs) { lhs, rhs in
            let left = parsed[lhs].article, right = parsed[rhs].article
            let order = titleOrder.compare(left.frontMatter.title, right.frontMatter.title)
            return order == .orderedSame ? left.url < right.url : order == .orderedAscending
        }
    }

    /// Number of pages rendered with the article template.
    var articlePageCount: Int { files.filter { if case .article = $0.producer { true } else { false } }.count }

    /// `sortsByTitle: false` (a check, which renders no lists) leaves each product's articles in content order.
    static func build(_ parsed: [ParsedArticle], site: LoadedSite, reportInSite: Bool = false, sortsByTitle: Bool = true,
                      jobs: Int = 1, diagnostics: inout [Diagnostic]) -> SiteIndex {
        let found = diagnostics.count
        // In Jekyll mode, what Jekyll builds despite the problem is a warning (`JekyllCompatibility`).
        defer {
            if site.isJekyllSite { diagnostics[found...] = ArraySlice(JekyllCompatibility.relax(Array(diagnostics[found...]))) }
        }
        let urls = URLMapper(baseURL: site.config.baseURL)
        let homeURL = SitePath(site.config.baseURL)
        var index = SiteIndex(articles: parsed, products: [], homeContent: nil, files: [], homeURL: homeURL,
                              allArticlesURL: urls.generatedURL("all-articles/"),
                              stylesheetURL: urls.generatedURL("assets/style.css"),
                              sitemapURL: urls.generatedURL("sitemap.xml"))
        index.scriptURL = urls.generatedURL("assets/theme.js")
        let titleOrder = TitleOrder(language: site.config.language)
        index.titleOrder = titleOrder

        // Products, from landing pages and from the articles' product_url (or folder). Spellings that differ only in
        // letter case (or slashes: `Article.productSlug`) are one product, written the way its folder is, else the way
        // most of its articles write it; an article that writes it otherwise gets a warning.
        let spellings = productSpellings(parsed, homeURL: homeURL, diagnostics: &diagnostics)
        var landings: [String: Int] = [:]
        var members: [String: [Int]] = [:]
        var names: [String: [String: Int]] = [:]
        // A product's landing page is the content page at the product's URL (`/how-to/<product>/`), whatever its
        // `type`: real help centers mark FAQ articles `type: product` too, so the type alone decides nothing.
        var productURLs: [String: SitePath] = [:]
        func productURL(_ slug: String) -> SitePath {
            if let known = productURLs[slug] { return known }
            let url = urls.generatedURL(SitePath.encodePathText(slug) + "/")
            productURLs[slug] = url
            return url
        }
        // Each article's fields are read in place (`item.article.url`): `let article = item.article` copied the
        // whole article, retaining its every field, a tenth of this serial stage at 50,000 articles.
        for (position, item) in parsed.enumerated() {
            // A page that only redirects is not listed anywhere: its URL is a redirect (`Redirects`). Nor is a page
            // with `published: false`, which is not built.
            if item.article.frontMatter.redirectTo != nil || item.article.frontMatter.isUnpublished { continue }
            if item.article.url == homeURL {
                index.homeContent = position
                continue
            }
            guard let written = item.productSlug, let slug = spellings[written.lowercased()] else { continue }
            if item.article.url == productURL(slug), landings[slug] == nil {
                landings[slug] = position
            } else {
                members[slug, default: []].append(position)
                if let name = item.article.frontMatter.product, name != "undefined" {
                    names[slug, default: [:]][name, default: 0] += 1
                }
            }
        }
        let slugs = Set(landings.keys).union(members.keys).sorted()
        // Sorting by title with Foundation's collation (`TitleOrder`) is the costliest part of this stage (a fifth
        // of it for 50,000 articles), and only pages that list the products need it. A large product (a real help
        // center's biggest holds a quarter of its articles) is sorted on every core by itself, so that the stage
        // does not wait for one core to sort it; the others are sorted a product per core, and grouped there too.
        let memberLists = slugs.map { members[$0] ?? [] }
        var sortedLists = memberLists
        var groupings: [Product.Grouping?] = Array(repeating: nil, count: slugs.count)
        if sortsByTitle {
            let large = memberLists.indices.filter { memberLists[$0].count >= Self.largeProduct }
            for position in large {
                sortedLists[position] = Self.sortedByTitle(memberLists[position], parsed, order: titleOrder, jobs: jobs)
            }
            let small = memberLists.indices.filter { memberLists[$0].count < Self.largeProduct }
            let smallSorted = parallelMap(small, jobs: jobs) { position in
                let sorted = Self.sortedByTitle(memberLists[position], parsed, order: titleOrder)
                return (sorted, Product.grouping(sorted, parsed, order: titleOrder))
            }
            for (position, (sorted, grouping)) in zip(small, smallSorted) {
                (sortedLists[position], groupings[position]) = (sorted, grouping)
            }
        }
        for (position, slug) in slugs.enumerated() {
            let landing = landings[slug]
            let name = landing.map { parsed[$0].article.frontMatter.title }
                ?? names[slug]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
                ?? slug
            var product = Product(slug: slug, name: name, url: productURL(slug), landing: landing,
                                  articles: sortedLists[position])
            if let grouping = groupings[position] {
                product.apply(grouping)
            } else if sortsByTitle {
                product.regroup(parsed, order: titleOrder)
            }
            index.products.append(product)
        }
        index.products.sort { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
        index.productsByKey = Dictionary(uniqueKeysWithValues: index.products.enumerated().map { ($1.slug.lowercased(), $0) })


        // Claims on output paths.
        // Room for every path at once: grown one claim at a time, a dictionary of 50,000 paths rehashed each of them
        // several times, on one core.
        var claims: [String: OutputFile] = [:]
        claims.reserveCapacity(parsed.count + site.files.count + site.assets.entries.count + 64)
        /// Article paths in lowercase → the path claimed: two URLs that differ only in letter case are one file on
        /// case-insensitive file systems (macOS, Windows), where the site is often previewed or deployed.
        var articlePathsFolded: [String: String] = [:]
        articlePathsFolded.reserveCapacity(parsed.count)
        /// Articles whose page is not written (a duplicate permalink, a path that cannot be written or is inside
        /// another file): they are taken out of every list at the end, where they would link to another page.
        var unwritten = Set<Int>()
        func claim(_ url: SitePath, _ producer: OutputFile.Producer, origin: String, location: SourceLocation) {
            claimPath(url, producer, relative: url.outputRelativePath, origin: origin, location: location)
        }
        /// `relative` is `url.outputRelativePath`, worked out by the caller; `folded`, when given, is it in lowercase.
        func claimPath(_ url: SitePath, _ producer: OutputFile.Producer, relative: String?, folded: String? = nil,
                       origin: String, location: SourceLocation) {
            guard let relative else {
                diagnostics.append(.error(location, rule: "output-path-invalid",
                                          "'\(url)' cannot be written as a file inside the output folder"))
                if case .article(let position) = producer { unwritten.insert(position) }
                return
            }
            if let existing = claims[relative] {
                if case .article(let position) = producer { unwritten.insert(position) }
                if case .article = producer, case .article = existing.producer {
                    diagnostics.append(.error(location, rule: ContentRuleCatalog.duplicatePermalink.id,
                                              "\(origin) and \(existing.origin) have the same URL '\(url)', where only \(existing.origin) "
                                                  + "is published; change one permalink"))
                } else {
                    // Point at the side the author can change: a content file rather than a generated page.
                    let location = location.file == "(generated)" ? existing.location : location
                    diagnostics.append(.error(location, rule: "output-path-conflict",
                                              "\(origin) and \(existing.origin) both write '\(url)' (\(relative)); change one permalink"))
                }
                return
            }
            if case .article = producer {
                let folded = folded ?? relative.lowercased()
                if let other = articlePathsFolded[folded], let existing = claims[other] {
                    diagnostics.append(.error(location, rule: ContentRuleCatalog.duplicatePermalink.id,
                                              "\(origin) and \(existing.origin) have URLs that differ only in letter case ('\(url)' and "
                                                  + "'\(existing.url)'), which are one file on case-insensitive file systems; change one permalink"))
                } else {
                    articlePathsFolded[folded] = relative
                }
            }
            claims[relative] = OutputFile(relativePath: relative, url: url.value, producer: producer, origin: origin,
                                          location: location)
        }
        let landingIndexes = Set(landings.values)
        // Each article's output path, origin and location are worked out in parallel; the claims are then made in
        // order (the first claim of a path wins, as before).
        let claimed = parsed.indices.filter {
            $0 != index.homeContent && !landingIndexes.contains($0) && parsed[$0].article.frontMatter.redirectTo == nil
                && !parsed[$0].article.frontMatter.isUnpublished
        }
        let articleClaims = parallelMap(claimed, jobs: jobs) { position in
            let article = parsed[position].article
            let location = article.frontMatter.locations["permalink"]
                ?? SourceLocation(file: article.source.displayPath, line: 1, column: 1)
            let relative = article.url.outputRelativePath
            return (relative: relative, folded: relative?.lowercased(), origin: "'\(article.source.displayPath)'",
                    location: location)
        }
        for (position, made) in zip(claimed, articleClaims) {
            claimPath(parsed[position].article.url, .article(index: position), relative: made.relative,
                      folded: made.folded, origin: made.origin, location: made.location)
        }
        for product in index.products {
            let location = product.landing.map { parsed[$0].article.frontMatter.locations["permalink"]
                ?? SourceLocation(file: parsed[$0].article.source.displayPath, line: 1, column: 1) }
                ?? SourceLocation(file: parsed[product.articles[0]].article.source.displayPath, line: 1, column: 1)
            claim(product.url, .product(slug: product.slug), origin: "the product page of '\(product.slug)'", location: location)
        }
        let generatedLocation = SourceLocation(file: "(generated)")
        claim(homeURL, .home, origin: "the home page", location: generatedLocation)
        claim(index.allArticlesURL, .allArticles, origin: "the all-articles page", location: generatedLocation)
        claim(SitePath("/404.html"), .notFound, origin: "the 404 page", location: generatedLocation)
        claim(SitePath("/robots.txt"), .robots, origin: "robots.txt", location: generatedLocation)
        if !site.config.siteURL.isEmpty {
            claim(index.sitemapURL, .sitemap, origin: "the sitemap", location: generatedLocation)
            // Feeds need absolute URLs (an entry's id), and a dated article (the feed's `updated`).
            func hasDated(_ positions: [Int]) -> Bool {
                positions.contains { parsed[$0].article.frontMatter.lastModifiedDate ?? parsed[$0].article.frontMatter.createdDate != nil }
            }
            for position in index.products.indices where hasDated(index.products[position].articles) {
                let product = index.products[position]
                let url = SitePath(product.url.value + "feed.xml")
                index.products[position].feedURL = url
                claim(url, .feed(product: product.slug), origin: "the Atom feed of '\(product.slug)'", location: generatedLocation)
            }
            if hasDated(claimed) {
                let url = urls.generatedURL("feed.xml")
                index.feedURL = url
                claim(url, .feed(product: nil), origin: "the site's Atom feed", location: generatedLocation)
            }
        }
        if reportInSite {
            let url = urls.generatedURL("link-report/")
            index.linkReportURL = url
            claim(url, .linkReport, origin: "the link report page", location: generatedLocation)
        }
        for name in site.theme.assets.keys.sorted() {
            claim(urls.generatedURL("assets/" + SitePath.encodeFileName(name)), .themeAsset(name: name),
                  origin: "theme asset 'assets/\(name)'", location: generatedLocation)
        }
        for asset in site.assets.entries {
            claim(asset.url, .contentAsset(absolutePath: asset.absolutePath), origin: "'\(asset.displayPath)'",
                  location: SourceLocation(file: asset.displayPath))
        }
        for file in site.files where file.kind == .asset {
            claim(urls.assetURL(contentPath: file.contentPath), .contentAsset(absolutePath: file.absolutePath),
                  origin: "'\(file.displayPath)'", location: SourceLocation(file: file.displayPath))
        }
        claim(URLList.url, .urlList, origin: "the URL list", location: generatedLocation)
        if site.config.search.enabled {
            // One slot per article, indexed or not: the files are the same as long as the articles are.
            let folder = urls.generatedURL("assets/search/")
            index.searchURL = folder
            index.searchScriptURL = urls.generatedURL("assets/search.js")
            for path in SearchIndexWriter.paths(slots: parsed.count) {
                claim(SitePath(folder.value + path), .searchIndex(path: path), origin: "the search index",
                      location: generatedLocation)
            }
        }
        let formats = site.config.redirects.formats
        // Netlify reads `_redirects` at the root of what it publishes; the nginx map is configuration, kept in the
        // output's `.sitegen/` folder for the deploy to copy where the server includes it.
        if formats.contains(.netlify) {
            claim(SitePath("/_redirects"), .redirectMap(format: .netlify), origin: "the Netlify redirects file", location: generatedLocation)
        }
        if formats.contains(.nginx) {
            claim(SitePath("/.sitegen/redirects.nginx.conf"), .redirectMap(format: .nginx), origin: "the nginx redirects map",
                  location: generatedLocation)
        }
        // Last: an old URL that is also a page or a file is the redirect's error, at its entry.
        index.redirects = Redirects.build(parsed, urls: urls, claims: &claims, diagnostics: &diagnostics)
        if !formats.contains(.html) {
            for redirect in index.redirects { claims[redirect.relativePath] = nil }
        }
        // A path inside another file (`legacy.html` and `legacy.html/child/`, a permalink inside the search index's
        // `meta.json`): that file would have to be a folder. The path inside is not written.
        let nested = Self.pathsInsideFiles(Array(claims.keys), jobs: jobs, isFile: { [claims] in claims[$0] != nil })
        // Each with both sides as claimed: a file may itself be inside another (`a`, `a/b`, `a/b/c/`).
        let conflicts = nested.compactMap { found in
            claims[found.path].flatMap { inside in claims[found.file].map { (path: found.path, file: found.file, inside: inside, outer: $0) } }
        }
        for (path, file, inside, outer) in conflicts {
            claims[path] = nil
            if case .article(let position) = inside.producer { unwritten.insert(position) }
            // Point at the side the author can change: a content file rather than a generated one.
            let location = inside.location.file == "(generated)" ? outer.location : inside.location
            diagnostics.append(.error(location, rule: "output-path-conflict",
                                      "\(inside.origin) writes '\(inside.url)' (\(path)) inside '\(file)', which \(outer.origin) "
                                          + "writes as a file; change one permalink"))
        }
        // An article whose page is not written appears in no list: with the URL of the page that took its place,
        // it would link there under its own title.
        if !unwritten.isEmpty {
            for product in index.products.indices {
                let count = index.products[product].articles.count
                index.products[product].articles.removeAll { unwritten.contains($0) }
                if sortsByTitle, index.products[product].articles.count != count { index.products[product].regroup(parsed, order: titleOrder) }
            }
        }
        // Byte order of the paths.
        index.files = parallelSorted(Array(claims.values), jobs: jobs) { $0.relativePath.utf8Precedes($1.relativePath) }
        return index
    }

    /// Each path of `paths` that lies inside another path that `isFile` (the nearest such file), with that file's path,
    /// in byte order of the paths. Each path's folders are looked up as files on `jobs` cores: no set of the site's
    /// folders is made (inserting 50,000 folder names cost more than all the look-ups).
    static func pathsInsideFiles(_ paths: [String], jobs: Int, isFile: @Sendable (String) -> Bool) -> [(path: String, file: String)] {
        let parts = max(1, jobs) * 4
        let size = (paths.count + parts - 1) / parts
        let ranges = stride(from: 0, to: paths.count, by: max(1, size)).map { $0..<min(paths.count, $0 + size) }
        let found = parallelMap(ranges, jobs: jobs) { range -> [(path: String, file: String)] in
            var found: [(path: String, file: String)] = []
            for path in paths[range] {
                var folder = Substring(path)
                while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    folder = folder[..<slash]
                    let name = String(folder)
                    if isFile(name) {
                        found.append((path, name))
                        break
                    }
                }
            }
            return found
        }
        return found.joined().sorted { $0.path.utf8Precedes($1.path) }
    }

    /// The spelling of each product, by its slug in lowercase: the product folder's name when it is one of the
    /// spellings, else the one most articles use (the first in byte order on a tie). An article whose `product_url`
    /// is written otherwise than most of its product's articles write it (`dedicated-hosting/` among
    /// `dedicated-hosting`, `Email` among `email`) gets a `front-matter-url-spelling` warning.
    private static func productSpellings(_ parsed: [ParsedArticle], homeURL: SitePath,
                                         diagnostics: inout [Diagnostic]) -> [String: String] {
        var counts: [String: [String: Int]] = [:]
        var written: [String: [String: Int]] = [:]
        var folders: Set<String> = []
        for item in parsed where item.article.url != homeURL {
            // In place, as in `build`: no copy of each article.
            if let folder = item.article.source.productFolder { folders.insert(folder) }
            guard let slug = item.productSlug else { continue }
            counts[slug.lowercased(), default: [:]][slug, default: 0] += 1
            // `undefined` is the help centers' way of saying "no product": the article is listed under its folder.
            if let raw = item.article.frontMatter.productURL, Article.normalizedProductURL(raw) != "undefined" {
                written[slug.lowercased(), default: [:]][raw.trimmingBlanks, default: 0] += 1
            }
        }
        func mostFrequent(_ tally: [String: Int]) -> String {
            tally.max { ($0.value, $1.key.utf8Precedes($0.key) ? 1 : 0) < ($1.value, $0.key.utf8Precedes($1.key) ? 1 : 0) }!.key
        }
        var spellings: [String: String] = [:]
        for (key, tally) in counts {
            spellings[key] = tally.keys.sorted { $0.utf8Precedes($1) }.first(where: folders.contains) ?? mostFrequent(tally)
        }
        var usual: [String: (spelling: String, count: Int)] = [:]
        for (key, tally) in written where tally.count > 1 {
            let spelling = mostFrequent(tally)
            usual[key] = (spelling, tally[spelling] ?? 0)
        }
        guard !usual.isEmpty else { return spellings }
        for item in parsed where item.article.url != homeURL {
            let article = item.article
            guard let raw = article.frontMatter.productURL?.trimmingBlanks,
                  Article.normalizedProductURL(raw) != "undefined", let key = article.productSlug?.lowercased(),
                  let (spelling, others) = usual[key], raw != spelling else { continue }
            diagnostics.append(.warning(article.frontMatter.locations["product_url"]
                                            ?? SourceLocation(file: article.source.displayPath, line: 1, column: 1),
                                        rule: "front-matter-url-spelling",
                                        "'product_url' is '\(raw)', but \(others) other article\(others == 1 ? "" : "s") write '\(spelling)'; "
                                            + "both mean the product '\(spellings[key]!)', where this article is listed",
                                        fixIt: "write 'product_url: \(spelling)'"))
        }
        return spellings
    }
}
