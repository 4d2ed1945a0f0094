import Foundation
import SitegenCore
import SitegenLinks
import SitegenTheme

/// Builds the HTML report page's variables from a check report: findings grouped by file, each with its
/// source line (from `SourceQuotes`, which reads only the files that have findings).
enum ReportPage {
    static func values(_ report: CheckReport, quotes: SourceQuotes, inlineStylesheet: String, jobs: Int) -> LinkReportValues {
        // With tens of thousands of findings, reading the source files they quote was most of the page's cost:
        // they are read once for the terminal and every report, on every core.
        quotes.prefetch(report.diagnostics, jobs: jobs)
        // Each file's findings made on every core: with tens of thousands of findings, their source lines and
        // strings were a third of the page's time, on one core while the others had finished their reports.
        let diagnostics = report.diagnostics
        let files = parallelMap(report.fileRanges, jobs: diagnostics.count >= 1_000 ? jobs : 1) { group -> LinkReportValues.File in
            // Read in place: mapping the slice copied each `Diagnostic`, retaining and releasing its strings.
            let held = quotes.held(group.file)
            let findings = diagnostics.withUnsafeBufferPointer { diagnostics in
                group.range.map { index in
                    let location = diagnostics[index].location
                    // A window of a long line around the column, as in the terminal.
                    let source = quotes.line(location.line, in: held).map { SourceExcerpt(line: $0[...], column: location.column).text } ?? ""
                    return LinkReportValues.Finding(line: location.line, column: location.column,
                                                    severity: diagnostics[index].severity.rawValue, rule: diagnostics[index].rule,
                                                    message: diagnostics[index].message, fix: diagnostics[index].fixIt ?? "",
                                                    sourceLine: source)
                }
            }
            let page = report.page(forFile: group.file)
            return LinkReportValues.File(file: group.file, title: page?.title ?? group.file, url: page?.url ?? "",
                                         findings: findings)
        }
        var values = LinkReportValues(
            errors: diagnostics.count(of: .error), warnings: diagnostics.count(of: .warning),
            notes: diagnostics.count(of: .note), articleCount: report.pages.count, linkCount: report.stats.links,
            internalCount: report.stats.internalLinks, externalCount: report.stats.externalLinks,
            externalSummary: ExternalCounts.summary(links: report.stats.externalLinks, report.external),
            rules: report.countsByRule.map { .init(rule: $0.rule, severity: $0.severity.rawValue, count: $0.count) },
            files: files, inlineStylesheet: inlineStylesheet)
        values.jobs = jobs
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
