import Foundation
import SitegenBuild
import SitegenCore
import SitegenLinks

/// Prints diagnostics like a compiler: `file:line:col: error: message [rule]`, the source line with a caret,
/// and the suggested fix. Colour only when asked (a terminal).
struct DiagnosticPrinter {
    let colour: Bool

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// Prints `diagnostics` (sorted) to standard error. The source lines come from `quotes` (by default read here),
    /// which reads each file with a finding once, on every core, and keeps only the lines quoted: 15,000 findings
    /// in 10,000 files cost what reading those files costs, and the reports that quote the same lines read nothing
    /// again. The text goes out in pieces: memory stays flat however many findings a site has (held whole, 40,000
    /// findings in 50,000 articles took more memory than the build). Text that comes from the content (messages,
    /// fixes, source lines) has its control characters made visible, and a long line is shown as a window around
    /// the column (`SourceExcerpt`). Source files are read only inside `boundary` (by default the site root).
    func print(_ diagnostics: [Diagnostic], siteRoot: String, boundary: SiteBoundary? = nil, quotes: SourceQuotes? = nil) {
        let quotes = quotes ?? SourceQuotes(siteRoot: siteRoot, boundary: boundary)
        let jobs = ProcessInfo.processInfo.activeProcessorCount
        quotes.prefetch(diagnostics, jobs: jobs)
        // Formatted on every core, a batch of runs at a time, and written in order (on one core, the text of 40,000
        // findings took a fifth of a second after the check).
        let run = 256
        let batch = run * 16
        for start in stride(from: 0, to: diagnostics.count, by: batch) {
            let end = min(diagnostics.count, start + batch)
            let texts = parallelMap(Array(stride(from: start, to: end, by: run)), jobs: jobs) { first -> String in
                var text = ""
                // A file's lines looked up once for its run of findings (they come by file).
                var held: SourceQuotes.Held?
                for index in first..<min(end, first + run) {
                    let file = diagnostics[index].location.file
                    if held?.file != file { held = quotes.held(file) }
                    append(diagnostics[index], quotes: quotes, held: held!, to: &text)
                }
                return text
            }
            Terminal.standardError.write(texts.joined())
        }
    }

    /// One finding as `print` shows it: its line, the source line with a caret, and the fix.
    private func append(_ diagnostic: Diagnostic, quotes: SourceQuotes, held: SourceQuotes.Held, to text: inout String) {
        let severity: String
        switch diagnostic.severity {
        case .error: severity = paint("error:", "1;31")
        case .warning: severity = paint("warning:", "1;35")
        case .note: severity = paint("note:", "1;36")
        }
        let location = diagnostic.location
        text += "\(paint(SourceExcerpt.visible(location.description) + ":", "1")) \(severity) "
            + "\(SourceExcerpt.visible(diagnostic.message)) [\(diagnostic.rule)]\n"
        if location.line > 0 {
            if let line = quotes.line(location.line, in: held) {
                let excerpt = SourceExcerpt(line: line[...], column: location.column)
                text += "    \(excerpt.text)\n"
                if location.column > 0 { text += "    \(excerpt.caretIndent)\(paint("^", "1;32"))\n" }
            }
        }
        if let fix = diagnostic.fixIt { text += "    \(paint("fix:", "1;32")) \(SourceExcerpt.visible(fix))\n" }
    }

    /// Which command the summary is for.
    enum Command { case build, check }

    func printSummary(_ result: BuildResult, strict: Bool, command: Command = .build) {
        let errors = result.diagnostics.count(of: .error)
        let warnings = result.diagnostics.count(of: .warning)
        var lines: [String] = []
        if let config = result.configFile { lines.append("config: \(SourceExcerpt.visible(config))") }
        let stages = result.timings.map { timing in
            "\(timing.stage) \(durationText(timing.seconds))" + (result.stageNotes[timing.stage].map { " (+\($0))" } ?? "")
        }.joined(separator: ", ")
        let total = result.timings.reduce(0) { $0 + $1.seconds }
        if let report = result.report {
            let stats = report.stats
            var line = "checked \(counted(report.pages.count, "article")) and \(counted(stats.links, "link")) (\(stats.internalLinks) on this site, "
                + ExternalCounts.summary(links: stats.externalLinks, report.external)
            if stats.ignored > 0 { line += ", \(stats.ignored) ignored" }
            if stats.suppressed > 0 { line += ", \(stats.suppressed) finding\(stats.suppressed == 1 ? "" : "s") suppressed" }
            if stats.missingTrailingSlash > 0 { line += ", \(stats.missingTrailingSlash) without trailing slash" }
            lines.append(line + ")")
            if let external = result.external { lines += Self.externalLines(external) }
            if let changes = report.urlChanges {
                lines.append("URLs against \(SourceExcerpt.visible(changes.baseline)) (\(changes.baselinePages) pages): \(changes.summary)")
            }
            let byRule = report.countsByRule
            if !byRule.isEmpty {
                lines.append("by rule: " + byRule.map { "\($0.rule) \($0.count)" }.joined(separator: ", "))
            }
        }
        switch result.outcome {
        case .succeeded where command == .check:
            lines.append("check passed")
        case .contentErrors where command == .check:
            lines.append("check failed (\(errors == 0 && strict ? "warnings are errors with --strict" : "fix the errors above"))")
        case .configurationError where command == .check:
            lines.append("check not started: fix the configuration error above")
        case .succeeded:
            lines.append("built \(counted(result.pagesWritten, "page")) and \(counted(result.assetsCopied, "asset")) into \(SourceExcerpt.visible(result.outputFolder))")
        case .contentErrors:
            let reason = errors == 0 && strict ? "warnings are errors with --strict" : "fix the errors above"
            lines.append("build failed (\(reason)); \(result.outputFolder.isEmpty ? "the output folder" : SourceExcerpt.visible(result.outputFolder)) was left as it was")
        case .configurationError:
            lines.append("build not started: fix the configuration error above")
        }
        lines.append("\(counted(errors, "error")), \(counted(warnings, "warning"))")
        if !stages.isEmpty {
            let peak = PeakMemory.bytes().map { "; peak memory \(PeakMemory.text($0))" } ?? ""
            lines.append("time: \(stages); total \(durationText(total))\(peak)")
        }
        Terminal.standardError.write(lines.joined(separator: "\n") + "\n")
    }

    /// `external: 1736 URLs (1650 fetched, 86 from the cache), 1802 requests` and the slowest hosts (the counts per class
    /// are in the line above, as in the other report formats).
    static func externalLines(_ external: ExternalSummary) -> [String] {
        let urls = "\(external.urls) URL\(external.urls == 1 ? "" : "s")"
        if external.noNetwork { return ["external: \(urls) not checked: no network"] }
        var parts = ["\(external.fetched) fetched", "\(external.cached) from the cache"]
        if external.unchecked > 0 { parts.append("\(external.unchecked) not checked\(external.offline ? " (offline, not cached)" : "")") }
        var lines = ["external: \(urls) (\(parts.joined(separator: ", "))), \(external.requests) request\(external.requests == 1 ? "" : "s")"]
        if !external.slowestHosts.isEmpty {
            lines.append("slowest hosts: " + external.slowestHosts.prefix(3).map {
                "\(SourceExcerpt.visible($0.host)) \(String(format: "%.1f s", $0.seconds)) (\($0.requests) requests)"
            }.joined(separator: ", "))
        }
        return lines
    }

}
