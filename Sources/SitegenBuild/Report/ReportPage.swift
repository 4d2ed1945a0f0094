import Foundation
import SitegenCore
import SitegenLinks
import SitegenTheme

/// Builds the HTML report page's variables from a check report: findings grouped by file, each with its
/// source line (read from disk, only for files that have findings).
enum ReportPage {
    static func values(_ report: CheckReport, siteRoot: String, boundary: SiteBoundary, inlineStylesheet: String,
                       jobs: Int) -> LinkReportValues {
        let pages = Dictionary(report.pages.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        // On every core: with tens of thousands of findings, reading the source files they quote is a third of the
        // page's cost, and each file is read on its own.
        let files = parallelMap(report.diagnosticsByFile, jobs: jobs) { group -> LinkReportValues.File in
            let path = group.file.hasPrefix("/") ? group.file : siteRoot + "/" + group.file
            let lines = SourceLines(contentsOf: path, within: boundary)
            let findings = group.diagnostics.map { diagnostic in
                let line = diagnostic.location.line
                // A window of a long line around the column, as in the terminal.
                let source = lines?.line(line).map { SourceExcerpt(line: $0, column: diagnostic.location.column).text } ?? ""
                return LinkReportValues.Finding(line: line, column: diagnostic.location.column,
                                                severity: diagnostic.severity.rawValue, rule: diagnostic.rule,
                                                message: diagnostic.message, fix: diagnostic.fixIt ?? "",
                                                sourceLine: source)
            }
            let page = pages[group.file]
            return LinkReportValues.File(file: group.file, title: page?.title ?? group.file, url: page?.url ?? "",
                                         findings: findings)
        }
        let diagnostics = report.diagnostics
        var values = LinkReportValues(
            errors: diagnostics.count(of: .error), warnings: diagnostics.count(of: .warning),
            notes: diagnostics.count(of: .note), articleCount: report.pages.count, linkCount: report.stats.links,
            internalCount: report.stats.internalLinks, externalCount: report.stats.externalLinks,
            externalSummary: ExternalCounts.summary(links: report.stats.externalLinks, report.external),
            rules: report.countsByRule.map { .init(rule: $0.rule, severity: $0.severity.rawValue, count: $0.count) },
            files: files, inlineStylesheet: inlineStylesheet)
        if let changes = report.urlChanges {
            // Each list as long as the Markdown report's: a page of 10,000 new URLs would say nothing more.
            let limit = MarkdownReport.listLimit
            values.urlChanges = .init(
                baseline: changes.baseline, baselinePages: changes.baselinePages,
                removed: changes.removed.prefix(limit).map { (url: $0.url, suggestion: $0.suggestion ?? "", reason: $0.reason ?? "") },
                redirected: changes.redirected.prefix(limit).map { (from: $0.from, to: $0.to ?? "") },
                added: Array(changes.added.prefix(limit)), anchorsRemoved: changes.anchorsRemoved)
        }
        return values
    }
}
