import ArgumentParser
import Foundation
import SitegenAuthoring
import SitegenBuild
import SitegenCore

/// `sitegen fix`: applies the link fixes that have exactly one safe replacement.
struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Apply the link fixes that have exactly one safe replacement.",
        discussion: """
            Fixes doubled parentheses, host names without https://, e-mail addresses without mailto:, mistyped \
            schemes, backslashes, letter case, links to .md files, '[text] (url)', and missing trailing slashes \
            when the rule link-trailing-slash is turned on; with a baseline (--baseline), the old URL of each \
            renamed article is added to its redirect_from. Only the replaced text changes; a file whose front \
            matter has errors is left alone. --dry-run prints a unified diff instead of writing.
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var externalLinks: ExternalOptions
    @OptionGroup var stability: BaselineOptions

    @Flag(name: .long, help: "Print the changes as a unified diff on standard output; change nothing.")
    var dryRun = false

    func run() throws {
        var options = site.buildOptions
        externalLinks.apply(to: &options)
        stability.apply(to: &options)
        let result = SiteBuilder().check(options)
        let printer = DiagnosticPrinter(colour: display.color || Terminal.standardError.isTerminal)
        if result.outcome == .configurationError {
            printer.print(result.diagnostics, siteRoot: site.source)
            throw ExitCode(SitegenExitCode.usage)
        }
        let siteRoot = URL(fileURLWithPath: site.source).standardizedFileURL.path
        let fixer = SourceFixer()
        let plan = fixer.plan(result.diagnostics, siteRoot: siteRoot, boundary: result.boundary)
        for (diagnostic, reason) in plan.skipped {
            Terminal.standardError.write(SourceExcerpt.visible(
                "\(diagnostic.location): note: not fixed (\(reason)): \(diagnostic.message) [\(diagnostic.rule)]") + "\n")
        }
        let fixCount = plan.changes.reduce(0) { $0 + $1.fixes.count }
        if dryRun {
            // The diff is the files' text byte for byte (for `patch`), but on a terminal their control characters
            // are shown as symbols rather than obeyed.
            let visible = Terminal.standardOutput.isTerminal
            for change in plan.changes {
                let diff = UnifiedDiff.render(file: change.file, original: change.original, fixed: change.fixed)
                Terminal.standardOutput.write(visible ? SourceExcerpt.visible(diff, keepingTabs: true, keepingLineBreaks: true) : diff)
            }
            if !display.quiet {
                Terminal.standardError.write("would fix \(fixCount) problem\(fixCount == 1 ? "" : "s") in \(plan.changes.count) file\(plan.changes.count == 1 ? "" : "s") (dry run: nothing written)\n")
            }
            return
        }
        let problems = fixer.apply(plan)
        printer.print(problems, siteRoot: site.source)
        if !display.quiet {
            for change in plan.changes {
                for fix in change.fixes {
                    Terminal.standardError.write(SourceExcerpt.visible(
                        "\(fix.location): fixed: '\(fix.edit!.original)' → '\(fix.edit!.replacement)' [\(fix.rule)]") + "\n")
                }
            }
            let files = plan.changes.count - problems.count
            Terminal.standardError.write("fixed \(fixCount) problem\(fixCount == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"); run 'sitegen check' for what remains\n")
        }
        if !problems.isEmpty { throw ExitCode(SitegenExitCode.contentErrors) }
    }
}
