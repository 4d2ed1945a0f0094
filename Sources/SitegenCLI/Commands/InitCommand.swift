import ArgumentParser
import SitegenAuthoring
import SitegenBuild

/// `sitegen init [--from-jekyll]`: writes a sitegen.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a sitegen.yml: a starter file, or the equivalent of a Jekyll _config.yml.",
        discussion: "Never overwrites an existing sitegen.yml. With --from-jekyll, the keys sitegen has no equivalent for are listed in a comment."
    )

    @Option(name: [.customShort("s"), .long], help: "The site root (default: the current folder).")
    var source: String = "."

    @Flag(name: .customLong("from-jekyll"), help: "Convert the site's Jekyll _config.yml.")
    var fromJekyll = false

    func run() throws {
        switch SiteInitializer().initialize(siteRoot: source, fromJekyll: fromJekyll) {
        case .success(let path):
            Terminal.standardError.write("wrote \(path)\n")
        case .failure(let problem):
            DiagnosticPrinter(colour: Terminal.standardError.isTerminal).print([problem.diagnostic], siteRoot: source)
            throw ExitCode(SitegenExitCode.contentErrors)
        }
    }
}
