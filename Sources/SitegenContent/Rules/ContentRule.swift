public import SitegenCore

/// A check of one article's content and front matter, beyond what is needed to build it. One rule per file,
/// with its messages beside it.
public protocol ContentRule: Sendable {
    /// Stable id, used in reports and in `sitegen.yml` (`rules`).
    var id: String { get }
    var defaultSeverity: RuleSeverity { get }
    /// One line saying what the rule finds.
    var summary: String { get }
    /// True when the rule judges front-matter values, which it then skips in front matter that could only be
    /// salvaged (its error is the one finding).
    var judgesFrontMatter: Bool { get }
    func check(_ article: Article) -> [Diagnostic]
}

extension ContentRule {
    public var judgesFrontMatter: Bool { true }

    /// A diagnostic of this rule at its default severity (the site's severities are applied later).
    func finding(_ location: SourceLocation, _ message: String, fixIt: String? = nil) -> Diagnostic {
        Diagnostic(defaultSeverity.severity ?? .note, location, rule: id, message, fixIt: fixIt)
    }

    /// Where a front-matter key's value is, or the file's first line.
    func location(of key: String, in article: Article) -> SourceLocation {
        article.frontMatter.locations[key] ?? SourceLocation(file: article.source.displayPath, line: 1, column: 1)
    }
}

/// Every content rule, including those the build applies to the whole site.
public enum ContentRuleCatalog {
    /// Rules that look at one article.
    public static let articleRules: [any ContentRule] = [
        MissingPermalinkRule(), PermalinkDiffersRule(), DatesBackwardsRule(), ProductMismatchRule(), EmptyBodyRule(),
        UnpublishedRule(),
    ]

    /// Site-wide rules, checked by the build: their ids and summaries.
    public static let orphan = (id: "content-orphan", severity: RuleSeverity.note,
                                summary: "An article no other page links to (a product page's generated list does not count).")
    public static let duplicatePermalink = (id: "content-duplicate-permalink", severity: RuleSeverity.error,
                                            summary: "Two articles with the same URL.")
    /// Raw HTML that runs script or hands the page to another site; found while rendering Markdown.
    public static let unsafeHTML = (id: "content-unsafe-html", severity: RuleSeverity.error,
                                    summary: "Raw HTML that runs script or hands the page to another site: event-handler attributes, <script>, <base>, <form>, <meta http-equiv>, an <iframe>, <object> or <embed> of a host not in markdown.embed_hosts.")

    /// An image without alt text, found while rendering Markdown: `![](x.png)`, or a raw `<img>` with no `alt`
    /// attribute (`alt=""`, a decorative image, is a choice and passes).
    public static let imageAlt = (id: "content-image-alt", severity: RuleSeverity.warning,
                                  summary: "An image without alt text: '![](x.png)' in Markdown, or a raw <img> with no alt attribute (alt=\"\" marks a decorative image and passes).")

    /// HTML indented as code (4 spaces or a tab) right after an HTML block, found while rendering Markdown:
    /// CommonMark shows it as a code block (Jekyll's kramdown, whose HTML blocks run to their closing tag, as HTML).
    public static let indentedHTML = (id: "markdown-indented-html", severity: RuleSeverity.warning,
                                      summary: "HTML indented by 4 spaces or a tab after a blank line, right after an HTML block: CommonMark shows it as a code block (in Jekyll mode it is rendered as HTML, as kramdown does).")

    /// A code fence or an HTML comment that is never closed, found while rendering Markdown: the rest of the
    /// article is shown as code or hidden, and its links are not checked.
    public static let unclosedBlock = (id: "markdown-unclosed-block", severity: RuleSeverity.warning,
                                       summary: "A code fence (```) or an HTML comment (<!--) that is never closed: the rest of the article is shown as code, or hidden, and its links are not checked.")

    /// The redirect checks (`redirect_from`, `aliases`, `redirect_to`), made by the build over the whole site.
    public static let redirectSourceIsPage = (id: "redirect-source-is-page", severity: RuleSeverity.error,
                                              summary: "An old URL (redirect_from, aliases) that is also a page or a file of the site.")
    public static let redirectDuplicateSource = (id: "redirect-duplicate-source", severity: RuleSeverity.error,
                                                 summary: "Two entries that redirect the same old URL.")
    public static let redirectTargetBroken = (id: "redirect-target-broken", severity: RuleSeverity.error,
                                              summary: "A redirect_to path (or #fragment) that is not on the site.")
    public static let redirectChain = (id: "redirect-chain", severity: RuleSeverity.warning,
                                       summary: "A redirect to another redirect; the written redirect goes straight to the end of the chain.")
    public static let redirectLoop = (id: "redirect-loop", severity: RuleSeverity.error,
                                      summary: "Redirects that lead back to where they start.")
    /// The redirect checks, in the order of the manual's table.
    public static let redirectRules = [redirectSourceIsPage, redirectDuplicateSource, redirectTargetBroken, redirectChain,
                                       redirectLoop]

    /// The URL-stability guard (`--baseline`, `stability.baseline`): what a change does to published URLs.
    public static let urlRemoved = (id: "url-removed", severity: RuleSeverity.error,
                                    summary: "A page URL of the baseline that is neither a page nor a redirect now.")
    public static let anchorRemoved = (id: "anchor-removed", severity: RuleSeverity.warning,
                                       summary: "A heading id of a baseline page that the page no longer has (a note when no page of the site links it).")
    /// The guard's rules, in the order of the manual's table.
    public static let stabilityRules = [urlRemoved, anchorRemoved]

    /// Content rules whose severity a site may change in `sitegen.yml` (`rules`), with their defaults.
    public static let configurable: [String: RuleSeverity] = {
        var rules = Dictionary(uniqueKeysWithValues: articleRules.map { ($0.id, $0.defaultSeverity) })
        rules[orphan.id] = orphan.severity
        rules[unsafeHTML.id] = unsafeHTML.severity
        rules[imageAlt.id] = imageAlt.severity
        rules[indentedHTML.id] = indentedHTML.severity
        rules[unclosedBlock.id] = unclosedBlock.severity
        rules[HeadingOrderRule.id] = HeadingOrderRule.severity
        rules["front-matter-missing"] = .warning
        rules["front-matter-invalid-date"] = .warning
        rules["content-missing-extension"] = .warning
        rules["content-control-character"] = .warning
        rules["content-line-endings"] = .warning
        rules["content-utf16"] = .error
        rules["content-byte-order-mark"] = .warning
        rules["front-matter-url-spelling"] = .warning
        // The other redirect checks are always errors: their redirects would hide a page or lead nowhere.
        rules[redirectChain.id] = redirectChain.severity
        // A site may make a removed URL a warning (or turn the finding off) while a migration is under way.
        rules[urlRemoved.id] = urlRemoved.severity
        return rules
    }()

    /// Runs every article rule (those that judge front-matter values only when it was read as written).
    public static func check(_ article: Article) -> [Diagnostic] {
        articleRules.flatMap { rule in
            (article.frontMatterIsSalvaged && rule.judgesFrontMatter) || (article.bodyIsOmitted && !rule.judgesFrontMatter)
                ? [] : rule.check(article)
        }
    }
}
