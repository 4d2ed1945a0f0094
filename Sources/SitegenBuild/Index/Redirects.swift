import SitegenContent
import SitegenCore

/// One redirect of the site: an old URL, the article that declares it, and where readers go.
package struct Redirect: Sendable {
    /// The old URL (absolute, percent-encoded) and its file in the output.
    var source: SitePath
    var relativePath: String
    /// The article whose front matter declares it (position in `SiteIndex.articles`).
    var article: Int
    /// The entry as written, and where.
    var entry: RedirectEntry
    var location: SourceLocation
    /// What the entry points at: a path of this site (with the fragment written, if any), or another site's URL.
    var target: Target
    /// Where the written redirect sends readers once chains are followed: a site path or an http(s) URL, with a
    /// `#fragment` when one is named. Nil when it leads nowhere (a broken target, a loop; reported at the entry).
    var final: String?

    enum Target: Sendable {
        case path(SitePath, fragment: String?)
        case external(String)
    }

    /// The URL a written redirect sends readers to: `final`, or (when that is unknown, and the site has errors
    /// anyway) the target as declared.
    var writtenURL: String { final ?? declaredURL }

    var declaredURL: String {
        switch target {
        case .path(let path, let fragment): path.value + (fragment.map { "#" + $0 } ?? "")
        case .external(let url): url
        }
    }
}

/// The redirect checks of the site index (stage 3): claims on the old URLs, targets, chains and loops.
///
/// Every step is linear in the redirects: each declaration claims one output path (a dictionary look-up), each
/// target is looked up once, and the chains are followed by one memoised walk in which every redirect is visited
/// once, whatever the length of its chain.
enum Redirects {
    private static let sourceIsPage = ContentRuleCatalog.redirectSourceIsPage
    private static let duplicateSource = ContentRuleCatalog.redirectDuplicateSource
    private static let brokenTarget = ContentRuleCatalog.redirectTargetBroken
    private static let chain = ContentRuleCatalog.redirectChain
    private static let loop = ContentRuleCatalog.redirectLoop

    /// Declares the redirects of `parsed`, claiming each old URL in `claims` (after every page and file, so that an
    /// old URL that is also one of them is the redirect's error), then resolves where each leads.
    static func build(_ parsed: [ParsedArticle], urls: URLMapper, claims: inout [String: OutputFile],
                      diagnostics: inout [Diagnostic]) -> [Redirect] {
        var redirects: [Redirect] = []
        for (position, item) in parsed.enumerated() {
            let article = item.article
            let matter = article.frontMatter
            // A page with `published: false` is not built: its old URLs lead nowhere, and it redirects nowhere.
            guard matter.redirectTo != nil || !matter.redirectFrom.isEmpty, !matter.isUnpublished else { continue }
            let file = article.source.displayPath
            var declared: [(entry: RedirectEntry, source: SitePath, target: Redirect.Target)] = []
            if let to = matter.redirectTo { declared.append((to, article.url, target(of: to.text, urls))) }
            for entry in matter.redirectFrom { declared.append((entry, urls.redirectURL(entry.text), .path(article.url, fragment: nil))) }
            for (entry, source, target) in declared {
                let location = SourceLocation(file: file, line: entry.line, column: entry.column)
                let what = entry.key == "redirect_to"
                    ? "this page's URL '\(source)' (it only redirects)" : "'\(entry.key)' entry '\(entry.text)' ('\(source)')"
                guard let relative = source.outputRelativePath else {
                    diagnostics.append(.error(location, rule: "output-path-invalid",
                                              "\(what) cannot be written as a file inside the output folder"))
                    continue
                }
                if let existing = claims[relative] {
                    if case .redirect(let other) = existing.producer {
                        let first = redirects[other]
                        let place = first.location.file == file ? "line \(first.location.line)" : "\(first.location.file):\(first.location.line)"
                        diagnostics.append(.error(location, rule: duplicateSource.id,
                                                  "\(what) is already redirected by \(place); an old URL can lead to one page only",
                                                  fixIt: "remove one of the two entries"))
                    } else {
                        diagnostics.append(.error(location, rule: sourceIsPage.id,
                                                  "\(what) is also where \(existing.origin) is published; a redirect there would hide it",
                                                  fixIt: entry.key == "redirect_to" ? "change one permalink" : "remove the entry, or move the page"))
                    }
                    continue
                }
                claims[relative] = OutputFile(relativePath: relative, url: source.value, producer: .redirect(index: redirects.count),
                                              origin: "the redirect at '\(file)':\(entry.line)", location: location)
                redirects.append(Redirect(source: source, relativePath: relative, article: position, entry: entry,
                                          location: location, target: target, final: nil))
            }
        }
        resolve(&redirects, parsed: parsed, claims: claims, diagnostics: &diagnostics)
        return redirects
    }

    /// What `redirect_to` names: another site's URL, or a path of this one read as `URLMapper.redirectURL` reads it.
    static func target(of text: String, _ urls: URLMapper) -> Redirect.Target {
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return .external(text) }
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return .path(urls.redirectURL(parts[0]), fragment: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil)
    }

    /// Where each redirect leads: its target's page, or (through a chain) the page at the end of it.
    private static func resolve(_ redirects: inout [Redirect], parsed: [ParsedArticle], claims: [String: OutputFile],
                                diagnostics: inout [Diagnostic]) {
        /// The redirect each one leads to, when its target is another redirect.
        var next = [Int?](repeating: nil, count: redirects.count)
        for index in redirects.indices {
            let redirect = redirects[index]
            guard case .path(let path, let fragment) = redirect.target else {
                if case .external(let url) = redirect.target { redirects[index].final = url }
                continue
            }
            let broken = "'redirect_to' is '\(redirect.entry.text)'"
            guard let relative = path.outputRelativePath, let claim = claims[relative] else {
                // An old URL of a page whose own URL is refused: that page's error says why.
                guard redirect.entry.key == "redirect_to" else { continue }
                diagnostics.append(.error(redirect.location, rule: brokenTarget.id,
                                          "\(broken), which leads to '\(path)', where the site has no page or file",
                                          fixIt: "redirect to the URL of a page of this site"))
                continue
            }
            if case .redirect(let other) = claim.producer {
                next[index] = other
                continue
            }
            if let fragment, let anchors = anchors(of: claim, parsed: parsed),
               !anchors.contains(fragment.removingPercentEncodingStrict ?? fragment) {
                diagnostics.append(.error(redirect.location, rule: brokenTarget.id,
                                          "\(broken), but '#\(fragment)' is not a heading or anchor of '\(path)'",
                                          fixIt: "redirect to one of the page's headings, or to the page"))
                continue
            }
            redirects[index].final = path.value + (fragment.map { "#" + $0 } ?? "")
        }

        // The chains, walked once each: a redirect's end is its next one's end, worked out before it.
        enum Mark { case unseen, onPath, done }
        var marks = [Mark](repeating: .unseen, count: redirects.count)
        var hops = [Int](repeating: 0, count: redirects.count)
        for start in redirects.indices where marks[start] == .unseen {
            var path: [Int] = []
            var current = start
            var cycleStart: Int?
            while true {
                if marks[current] == .done { break }
                if marks[current] == .onPath {
                    cycleStart = path.firstIndex(of: current)
                    break
                }
                marks[current] = .onPath
                path.append(current)
                guard let following = next[current] else { break }
                current = following
            }
            if let cycleStart {
                let cycle = Array(path[cycleStart...])
                let shown = (cycle + [cycle[0]]).map { "'\(redirects[$0].source)'" }.joined(separator: " → ")
                for member in cycle {
                    diagnostics.append(.error(redirects[member].location, rule: loop.id,
                                              "redirect loop: \(shown); readers would never arrive",
                                              fixIt: "redirect one of them to a page"))
                    marks[member] = .done
                }
                path.removeSubrange(cycleStart...)
            }
            for member in path.reversed() {
                marks[member] = .done
                guard let following = next[member] else { continue }
                // Leads into a loop or a broken target: nothing more to say here (that redirect has the error).
                guard let end = redirects[following].final else { continue }
                hops[member] = hops[following] + 1
                var final = end
                // A fragment written on an earlier step is kept when the end names none, as browsers keep it.
                if !end.contains("#"), case .path(_, let fragment?) = redirects[member].target { final += "#" + fragment }
                redirects[member].final = final
            }
        }
        for (index, redirect) in redirects.enumerated() where hops[index] > 0 {
            guard let following = next[index], let final = redirect.final else { continue }
            let steps = hops[index] + 1
            diagnostics.append(.warning(redirect.location, rule: chain.id,
                                        "'\(redirect.source)' redirects to '\(redirects[following].source)', itself a redirect: "
                                            + "\(steps) steps to '\(final)'; the redirect is written straight to '\(final)'",
                                        fixIt: redirect.entry.key == "redirect_to"
                                            ? "write 'redirect_to: \(final)'" : "redirect to '\(final)' directly"))
        }
    }

    /// The heading ids and anchors of the page a claim writes from Markdown; nil for other files (not checked).
    private static func anchors(of claim: OutputFile, parsed: [ParsedArticle]) -> Set<String>? {
        guard case .article(let position) = claim.producer else { return nil }
        let rendered = parsed[position].rendered
        return Set(rendered.headings.map(\.id)).union(rendered.anchors)
    }
}
