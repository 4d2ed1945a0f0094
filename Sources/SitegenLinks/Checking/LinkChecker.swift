#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import SitegenCore

/// Checks the links of a page: malformed-link rules first, then resolution against the site's routes.
/// Pure: no I/O, safe to call from many tasks at once.
public struct LinkChecker: Sendable {
    public let resolver: LinkResolver
    public let settings: LinkCheckSettings
    /// Whether `PageResult.referencedPaths` is filled: only the preview's incremental rebuilds need it.
    public let collectsReferencedPaths: Bool

    public init(resolver: LinkResolver, settings: LinkCheckSettings, collectsReferencedPaths: Bool = false) {
        self.resolver = resolver
        self.settings = settings
        self.collectsReferencedPaths = collectsReferencedPaths
    }

    /// True when a file's links are not checked (`links.ignore.files`).
    public func ignores(contentPath: String) -> Bool {
        settings.ignoreFiles.contains { fnmatch($0, contentPath, 0) == 0 }
    }

    /// What checking one page found.
    public struct PageResult: Sendable {
        /// Sorted by position.
        public var diagnostics: [Diagnostic] = []
        public var stats = LinkStats()
        /// Routes the page's links reach.
        public var targets: Set<Int> = []
        /// Every site path the page's links resolve to, found or not (decoded, without query and fragment), so
        /// that a change of the site's routes tells which pages to check again (with `collectsReferencedPaths`).
        public var referencedPaths: Set<String> = []
        /// What the page's site-absolute links say about the baseurl (`BaseURLMismatch`).
        public var evidence = BaseURLMismatch.PageEvidence()
    }

    /// Diagnostics (sorted by position) and counts for one page, and the routes its links reach.
    public func check(_ page: PageLinks) -> PageResult {
        var result = PageResult()
        if let contentPath = page.contentPath, ignores(contentPath: contentPath) {
            result.stats.ignored = page.links.count
            return result
        }
        var stats = LinkStats()
        var diagnostics: [Diagnostic] = []
        var targets: Set<Int> = []
        var referenced: Set<String> = []
        var evidence = BaseURLMismatch.PageEvidence()
        // One emitter for the page, started again for each link: making one per link copied (and retained) the
        // page and the settings every time.
        var emit = Emitter(page: page, settings: settings)
        for link in page.links {
            stats.links += 1
            if settings.ignoreURLs.contains(where: { fnmatch($0, link.destination, 0) == 0 }) {
                stats.ignored += 1
                continue
            }
            emit.start(link)
            if let target = check(link, page: page, into: &emit, stats: &stats, evidence: &evidence) { targets.insert(target) }
            if collectsReferencedPaths, let resolved = emit.resolved { referenced.insert(Self.pathKey(resolved)) }
            stats.suppressed += emit.suppressed
            diagnostics += emit.diagnostics
        }
        result.diagnostics = diagnostics.inOrder()
        result.stats = stats
        result.targets = targets
        result.referencedPaths = referenced
        result.evidence = evidence
        return result
    }

    /// The severity the site gives a link rule's findings (nil: `off`): as configured, else the rule's default,
    /// an error made a warning in Jekyll mode.
    public static func severity(of rule: String, default defaultSeverity: RuleSeverity, _ settings: LinkCheckSettings) -> Severity? {
        var configured = settings.severities[rule] ?? defaultSeverity
        if settings.errorsAsWarnings, settings.severities[rule] == nil, configured == .error,
           !RuleCatalog.errorsInJekyllMode.contains(rule) {
            configured = .warning
        }
        return configured.severity
    }

    /// A resolved URL as a comparison key: path only, decoded, lowercased, without its trailing slash (so a
    /// route that differs in case or slash still matches the links that almost reach it).
    public static func pathKey(_ url: String) -> String {
        // On UTF-8 bytes: this runs for every internal link of every page.
        let utf8 = url.utf8
        let cut = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? utf8.endIndex
        let path = String(url[..<cut])
        var key = (path.removingPercentEncodingStrict ?? path).lowercased()
        while key.utf8.count > 1, key.utf8.last == UInt8(ascii: "/") { key.removeLast() }
        return key
    }

    /// Checks one link; returns the route it reaches, if any.
    private func check(_ link: LinkOccurrence, page: PageLinks, into emit: inout Emitter, stats: inout LinkStats,
                       evidence: inout BaseURLMismatch.PageEvidence) -> Int? {
        let context = LinkRuleContext(link: link, pageURL: page.pageURL, contentPath: page.contentPath, resolver: resolver)
        var destination = link.destination
        // By index: `for rule in` copies each rule's existential for every link.
        let rules = RuleCatalog.malformedLinkRules
        for index in rules.indices {
            guard let finding = rules[index].check(context) else { continue }
            let rule = rules[index]
            emit.add(rule: rule.id, default: rule.defaultSeverity, finding.message, fixIt: finding.fixIt,
                     suggestion: finding.suggestion, edit: edit(for: finding.replacement, link))
            if finding.stopsResolution { return nil }
            if let next = finding.continueWith { destination = next }
            break
        }
        if case .plainText = link.origin { return nil }

        let resolution = resolver.resolve(destination, pageURL: page.pageURL, contentPath: page.contentPath)
        if let resolved = resolution.resolvedURL,
           settings.ignoreURLs.contains(where: { fnmatch($0, resolved, 0) == 0 }) {
            stats.ignored += 1
            return nil
        }
        resolver.gather(destination, resolution, into: &evidence)
        emit.setResolved(resolution.resolvedURL)
        // Read under the baseurl (`LinkPrefixAlias`): a replacement would be under the baseurl, while the site's
        // other links keep the prefix, so `fix` is given none; the suggestion is still shown.
        let edits = resolution.readAs == nil
        switch resolution.target {
        case .external:
            stats.externalLinks += 1
            return nil
        case .outsideSite:
            stats.internalLinks += 1
            emit.add(rule: RuleCatalog.Resolution.outsideSite, default: .warning,
                     "'\(link.destination)' is outside the site's baseurl '\(resolver.routes.baseURL)', so the build cannot check it",
                     fixIt: "link to a page of this site, or write the full URL (https://...) of the other site")
            return nil
        case .route, .missing:
            stats.internalLinks += 1
        }
        let noun = link.kind == .image ? "image" : "link"
        let written = link.destination
        for issue in resolution.issues {
            switch issue {
            case .ownHost(let replacement):
                emit.add(rule: RuleCatalog.Resolution.ownHost, default: .note,
                         "'\(written)' is an absolute URL to this site; a site-relative \(noun) keeps working if the domain changes",
                         fixIt: "write '\(replacement)'", suggestion: replacement)
            case .missingTrailingSlash(let replacement):
                stats.missingTrailingSlash += 1
                emit.add(rule: RuleCatalog.Resolution.trailingSlash, default: .off,
                         "'\(written)' reaches the page only through a redirect; its URL ends with '/'",
                         fixIt: "write '\(replacement)'", suggestion: replacement,
                         edit: edits ? edit(for: .destination(replacement), link) : nil)
            case .caseMismatch(let replacement):
                emit.add(rule: RuleCatalog.Resolution.caseMismatch, default: .error,
                         "\(noun) target '\(written)' does not exist: URLs are case-sensitive, and the \(link.kind == .image ? "file" : "page") is '\(replacement)'",
                         fixIt: "write '\(replacement)'", suggestion: replacement, edit: edits ? edit(for: .destination(replacement), link) : nil)
            case .sourceFile(let replacement):
                emit.add(rule: RuleCatalog.Resolution.sourceFile, default: .error,
                         "'\(written)' links to the article's Markdown file, which is not published; link to its URL '\(replacement)'",
                         fixIt: "write '\(replacement)'", suggestion: replacement, edit: edits ? edit(for: .destination(replacement), link) : nil)
            case .viaRedirect(let replacement):
                emit.add(rule: RuleCatalog.Resolution.viaRedirect, default: .note,
                         "'\(written)' is an old URL that redirects to '\(replacement)'; link there directly",
                         fixIt: "write '\(replacement)'", suggestion: replacement,
                         edit: edits ? edit(for: .destination(replacement), link) : nil)
            case .missingFragment(let fragment, let suggestion):
                var target = "this page"
                if case .route(let index) = resolution.target, resolver.routes.routes[index].url != page.pageURL {
                    let route = resolver.routes.routes[index]
                    target = "'\(route.url)'" + (route.title.map { " ('\($0)')" } ?? "")
                }
                let fixed = suggestion.map { replacingFragment(in: written, with: $0) }
                emit.add(rule: RuleCatalog.Resolution.brokenFragment, default: .error,
                         "'#\(fragment)' is not a heading or anchor on \(target)",
                         fixIt: fixed.map { "did you mean '\($0)'?" } ?? "link to one of the page's headings",
                         suggestion: fixed)
            case .broken(let suggestion, let reason):
                let resolved = resolution.resolvedURL ?? written
                // An absolute URL to the site's own host is not relative, though it too resolves to another text.
                let isRelative = !written.hasPrefix("/") && !resolution.issues.contains { if case .ownHost = $0 { true } else { false } }
                var message = "\(noun) target '\(written)' does not exist on this site"
                if let readAs = resolution.readAs {
                    message = "\(noun) target '\(written)' does not exist on this site, read as '\(readAs)' (see the finding at the baseurl)"
                } else if resolved != written, isRelative {
                    message = "relative \(noun) '\(written)' resolves to '\(resolved)' (from this page's URL '\(page.pageURL)'), which does not exist"
                } else if resolved != written, let reason, reason.hasPrefix("'..'") {
                    message = "\(noun) target '\(written)' does not exist: \(reason)"
                }
                var fixIt: String?
                if let suggestion {
                    fixIt = "did you mean '\(suggestion)'?" + (reason.map { " (\($0))" } ?? "")
                } else if let reason, !reason.hasPrefix("'..'") {
                    fixIt = reason
                }
                emit.add(rule: RuleCatalog.Resolution.broken, default: .error, message, fixIt: fixIt, suggestion: suggestion)
            }
        }
        if case .route(let target) = resolution.target { return target }
        return nil
    }

    private func replacingFragment(in destination: String, with fragment: String) -> String {
        let base = destination.firstIndex(of: "#").map { String(destination[..<$0]) } ?? destination
        return base + "#" + fragment
    }

    /// The edit for a replacement, when the source holds the text verbatim at a known position.
    private func edit(for replacement: RuleFinding.Replacement?, _ link: LinkOccurrence) -> TextEdit? {
        switch replacement {
        case .destination(let text):
            guard let line = link.destinationLine, let column = link.destinationColumn, !link.destination.isEmpty,
                  !link.destination.containsByte(0x0A) else { return nil }
            return TextEdit(line: line, column: column, original: link.destination, replacement: text)
        case .text(let text):
            // Not over a line break: the source's next line may start with indentation or '> ' that the
            // paragraph's text does not have, so the construct is not known to be written verbatim.
            guard let original = link.text, link.isLocated, link.column > 0, !original.containsByte(0x0A) else { return nil }
            return TextEdit(line: link.line, column: link.column, original: original, replacement: text)
        case nil:
            return nil
        }
    }
}

/// Turns findings into diagnostics for one link: applies the site's severities and the inline suppressions.
private struct Emitter {
    let page: PageLinks
    let settings: LinkCheckSettings
    /// The link being checked, and what was found for it.
    private(set) var link: LinkOccurrence?
    var resolved: String?
    var diagnostics: [Diagnostic] = []
    var suppressed = 0

    init(page: PageLinks, settings: LinkCheckSettings) {
        self.page = page
        self.settings = settings
    }

    /// Starts on `link`, forgetting what was found for the previous one.
    mutating func start(_ link: LinkOccurrence) {
        self.link = link
        resolved = nil
        diagnostics.removeAll(keepingCapacity: true)
        suppressed = 0
    }

    /// Records where the destination resolves, also on the findings made before it was resolved.
    mutating func setResolved(_ url: String?) {
        resolved = url
        for index in diagnostics.indices where diagnostics[index].link?.resolved == nil {
            diagnostics[index].link?.resolved = url
        }
    }

    mutating func add(rule: String, default defaultSeverity: RuleSeverity, _ message: String, fixIt: String? = nil,
                      suggestion: String? = nil, edit: TextEdit? = nil) {
        guard let severity = LinkChecker.severity(of: rule, default: defaultSeverity, settings) else { return }
        guard let link else { preconditionFailure("a finding before start(_:)") }
        if page.suppressions.silences(rule, onLine: link.line) {
            suppressed += 1
            return
        }
        let location = SourceLocation(file: page.file, line: link.line, column: link.column)
        diagnostics.append(Diagnostic(severity, location, rule: rule, message, fixIt: fixIt,
                                      link: LinkDetails(destination: link.destination, resolved: resolved,
                                                        suggestion: suggestion),
                                      edit: edit))
    }
}
