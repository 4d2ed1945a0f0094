#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SitegenContent
import SitegenCore
import SitegenExternal
public import SitegenLinks

/// What the external check did, for the summary: counts per class, requests, the slowest hosts.
public struct ExternalSummary: Sendable {
    /// Unique URLs, and how many were fetched now, taken from the cache, or not checked (offline without a cache
    /// entry, or a private address).
    public var urls = 0, fetched = 0, cached = 0, unchecked = 0
    public var requests = 0
    /// Result class (`dead`, `moved`, ...) → unique URLs in it.
    public var byClass: [String: Int] = [:]
    /// The slowest hosts: seconds spent waiting for their answers, and their requests.
    public var slowestHosts: [(host: String, seconds: Double, requests: Int)] = []
    public var noNetwork = false
    public var offline = false

    /// The counts for the report formats' summaries, with a working URL counted as `ok`.
    public var counts: ExternalCounts {
        var counts = ExternalCounts()
        counts.urls = urls
        counts.fetched = fetched
        counts.cached = cached
        counts.unchecked = unchecked
        counts.requests = requests
        for (kind, count) in byClass { counts.classes[kind == "working" ? "ok" : kind, default: 0] += count }
        counts.noNetwork = noNetwork
        counts.offline = offline
        return counts
    }
}

/// The external-link check (`--external`): gathers every http(s) link of the articles, has `ExternalLinkChecker`
/// fetch each unique URL once, and reports what it found at every place that links the URL.
enum ExternalStage {
    /// One place that links an external URL.
    struct Use {
        var page: Int
        var link: LinkOccurrence
        var url: ExternalURL
    }

    /// Where the cache file is: `--cache-dir` (relative to the site root), else `.sitegen/cache` in the site root.
    static func cacheFile(_ options: BuildOptions, siteRoot: String) -> String {
        let folder: String
        if let chosen = options.externalCacheFolder {
            folder = chosen.hasPrefix("/") ? chosen : (siteRoot as NSString).appendingPathComponent(chosen)
        } else {
            folder = (siteRoot as NSString).appendingPathComponent(".sitegen/cache")
        }
        return (folder as NSString).appendingPathComponent("external.json")
    }

    /// Fetches and classifies; the diagnostics are sorted by position.
    static func run(_ state: PipelineState, resolver: LinkResolver, options: BuildOptions) -> ([Diagnostic], ExternalSummary) {
        let site = state.site
        let settings = site.config.links
        let checker = LinkChecker(resolver: resolver, settings: settings)
        var pages: [PageLinks] = []
        var uses: [Use] = []
        for parsed in state.index.articles {
            let page = CheckStage.pageLinks(parsed, settings: settings)
            if let contentPath = page.contentPath, checker.ignores(contentPath: contentPath) { continue }
            let number = pages.count
            var any = false
            for link in page.links {
                if case .plainText = link.origin { continue }
                guard let url = ExternalURL(link.destination),
                      !settings.ignoreURLs.contains(where: { fnmatch($0, link.destination, 0) == 0 }),
                      resolver.resolve(link.destination, pageURL: page.pageURL, contentPath: page.contentPath).target == .external
                else { continue }
                uses.append(Use(page: number, link: link, url: url))
                any = true
            }
            if any { pages.append(page) }
        }
        var externalSettings = settings.external
        let fragments = externalSettings.fragments
        var targets: [String: Bool] = [:]
        for use in uses {
            let reads = fragments && use.url.fragment.map(Self.isCheckableFragment) == true
            targets[use.url.fetchURL] = (targets[use.url.fetchURL] ?? false) || reads
        }
        externalSettings.check = true
        var checkOptions = ExternalLinkChecker.Options(settings: externalSettings, userAgent: "sitegen/\(SitegenVersion.current)",
                                                       cacheFile: cacheFile(options, siteRoot: site.siteRoot))
        checkOptions.offline = options.externalOffline
        checkOptions.checksHTTPS = (settings.severities[RuleCatalog.External.insecure] ?? .off) != .off
        checkOptions.progress = options.externalProgress
        checkOptions.addressOverrides = options.externalAddressOverrides
        checkOptions.trustedCertificates = options.externalTrustedCertificates
        let ordered = targets.keys.sorted().map { ExternalLinkChecker.Target(url: $0, readsAnchors: targets[$0]!) }
        let external = ExternalLinkChecker(options: checkOptions)
        let outcome = Self.wait { await external.check(ordered) }

        var summary = ExternalSummary()
        summary.urls = targets.count
        summary.fetched = outcome.fetched
        summary.cached = outcome.cached
        summary.unchecked = outcome.unchecked
        summary.requests = outcome.requests
        summary.slowestHosts = Array(outcome.slowestHosts.prefix(5))
        summary.noNetwork = outcome.noNetwork
        summary.offline = options.externalOffline
        for result in outcome.results.values { summary.byClass[result.kind.rawValue, default: 0] += 1 }

        let configFile = site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? ConfigLoader.fileName
        var diagnostics: [Diagnostic] = []
        if outcome.noNetwork {
            diagnostics.append(Diagnostic(.note, SourceLocation(file: configFile), rule: RuleCatalog.External.noNetwork,
                                          "external links not checked: no network",
                                          fixIt: "run again with a network, or with --offline to use the cached results"))
        }
        if let problem = outcome.cacheProblem {
            diagnostics.append(Diagnostic(.warning, SourceLocation(file: configFile), rule: "external-cache-unwritable", problem))
        }
        for use in uses {
            guard let result = outcome.results[use.url.fetchURL] else { continue }
            for finding in findings(for: use, result: result, fragments: fragments) {
                var configured = settings.severities[finding.rule] ?? RuleCatalog.byID[finding.rule]?.defaultSeverity ?? .warning
                if settings.errorsAsWarnings, settings.severities[finding.rule] == nil, configured == .error { configured = .warning }
                guard let severity = configured.severity,
                      !pages[use.page].suppressions.silences(finding.rule, onLine: use.link.line) else { continue }
                diagnostics.append(Diagnostic(severity, SourceLocation(file: pages[use.page].file, line: use.link.line,
                                                                       column: use.link.column),
                                              rule: finding.rule, finding.message, fixIt: finding.fixIt,
                                              link: LinkDetails(destination: use.link.destination, resolved: result.finalURL,
                                                                suggestion: finding.suggestion),
                                              edit: finding.edit))
            }
        }
        return (diagnostics.inOrder(), summary)
    }

    struct Finding {
        var rule: String
        var message: String
        var fixIt: String?
        var suggestion: String?
        var edit: TextEdit?
    }

    /// What one use of a URL is reported for, given what the URL answered.
    static func findings(for use: Use, result: ExternalResult, fragments: Bool) -> [Finding] {
        let written = use.link.destination
        switch result.kind {
        case .dead:
            return [Finding(rule: RuleCatalog.External.dead, message: "'\(written)' is dead: \(result.reason)",
                            fixIt: "link to the page's new address, or remove the link")]
        case .blocked:
            return [Finding(rule: RuleCatalog.External.blocked,
                            message: "'\(written)' could not be verified: \(result.reason); it may work in a browser, not for a robot",
                            fixIt: "check it in a browser; add it to 'links.ignore.urls' to stop checking it")]
        case .flaky:
            return [Finding(rule: RuleCatalog.External.flaky, message: "'\(written)' did not answer reliably: \(result.reason)",
                            fixIt: "it is checked again next time; a link that fails in 3 runs over a day is reported as dead")]
        case .tls:
            return [Finding(rule: RuleCatalog.External.tls, message: "'\(written)' has a certificate problem: \(result.reason)",
                            fixIt: "readers' browsers will warn about this site; link to another address of the page")]
        case .moved:
            var target = result.finalURL ?? written
            if !target.contains("#"), let cut = written.firstIndex(of: "#") { target += written[cut...] }
            var edit: TextEdit?
            if let line = use.link.destinationLine, let column = use.link.destinationColumn, !written.contains("\n") {
                edit = TextEdit(line: line, column: column, original: written, replacement: target)
            }
            var list = [Finding(rule: RuleCatalog.External.moved,
                                message: "'\(written)' has moved permanently to '\(target)' (\(result.redirects.map { String($0.status) }.joined(separator: ", ")))",
                                fixIt: "write '\(target)'", suggestion: target, edit: edit)]
            list += fragmentFinding(use, result: result, fragments: fragments)
            return list
        case .working:
            var list = fragmentFinding(use, result: result, fragments: fragments)
            if use.url.scheme == "http", result.httpsWorks == true {
                let secure = "https" + written.dropFirst(4)
                var edit: TextEdit?
                if let line = use.link.destinationLine, let column = use.link.destinationColumn, !written.contains("\n") {
                    edit = TextEdit(line: line, column: column, original: written, replacement: secure)
                }
                list.append(Finding(rule: RuleCatalog.External.insecure, message: "'\(written)' also works over https://",
                                    fixIt: "write '\(secure)'", suggestion: secure, edit: edit))
            }
            return list
        }
    }

    private static func fragmentFinding(_ use: Use, result: ExternalResult, fragments: Bool) -> [Finding] {
        guard fragments, let fragment = use.url.fragment, isCheckableFragment(fragment), let anchors = result.anchors,
              !anchors.contains(fragment) else { return [] }
        let page = result.finalURL ?? use.url.fetchURL
        return [Finding(rule: RuleCatalog.External.fragment, message: "'#\(fragment)' is not an id or name on '\(page)'",
                        fixIt: "link to one of the page's headings, or to the page alone")]
    }

    /// Fragments that name an element: not empty, not `top` (which every page has), not a text fragment
    /// (`:~:text=`) nor a script-driven route (`#/path`, `#!path`).
    static func isCheckableFragment(_ fragment: String) -> Bool {
        !fragment.isEmpty && fragment != "top" && !fragment.hasPrefix(":~:") && !fragment.hasPrefix("/") && !fragment.hasPrefix("!")
    }

    /// Runs `body` on Swift's concurrency pool and waits for it: the pipeline is synchronous. Called from a thread
    /// outside that pool (the command line's main thread), never from an async task, which it would block.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = WaitBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Holds the value of `ExternalStage.wait`'s task; written once before the semaphore is signalled, read after.
private final class WaitBox<T>: @unchecked Sendable {
    var value: T?
}
