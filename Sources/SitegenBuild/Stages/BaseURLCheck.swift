import SitegenCore
import SitegenContent
import SitegenLinks

/// The site-wide half of `BaseURLMismatch`: the evidence of every page's check added up, the prefix to read as
/// the baseurl, and the one finding at the baseurl's setting. The check stage gathers the evidence; a build
/// decides after it, and checks again only the pages whose links the decision reads differently. The preview
/// keeps the totals and adds each edit's difference.
enum BaseURLCheck {
    /// The evidence of `checks`, added up.
    static func totals(_ checks: some Sequence<CachedCheck>) -> BaseURLMismatch.PageEvidence {
        var totals = BaseURLMismatch.PageEvidence()
        for check in checks where !check.result.evidence.isEmpty { totals.add(check.result.evidence) }
        return totals
    }

    /// Whether a page's links are read differently by `old` and `new` (the only pages to check again when the
    /// decision changes).
    static func readsDifferently(_ check: CachedCheck, _ old: LinkPrefixAlias?, _ new: LinkPrefixAlias?) -> Bool {
        let touched = check.result.evidence.touched
        return old.map { touched.contains($0.prefix) } == true || new.map { touched.contains($0.prefix) } == true
    }

    /// The finding of `alias` (none without one, or with the rule turned off), at the baseurl's setting: its line
    /// in the configuration, `--baseurl`, or the configuration file when the baseurl is the default.
    static func diagnostics(_ alias: LinkPrefixAlias?, totals: BaseURLMismatch.PageEvidence, site: LoadedSite) -> [Diagnostic] {
        guard let alias else { return [] }
        let rule = RuleCatalog.Resolution.baseURLMismatch
        let settings = site.config.links
        guard let severity = LinkChecker.severity(of: rule, default: RuleCatalog.byID[rule]?.defaultSeverity ?? .error,
                                                  settings) else { return [] }
        let location = site.config.baseURLLocation
            ?? SourceLocation(file: site.configFile.map { LoadStage.display($0, site.siteRoot) } ?? ConfigLoader.fileName)
        return [BaseURLMismatch.diagnostic(alias, totals: totals, location: location, severity: severity)]
    }
}
