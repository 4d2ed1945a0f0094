import ArgumentParser
import SitegenAuthoring
import SitegenBuild
import SitegenCore

/// `sitegen init [--from-jekyll]`: writes a sitegen.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a site: a sitegen.yml, a first product and article, and a .gitignore; or convert a Jekyll _config.yml.",
        discussion: """
            Never overwrites an existing file. Without --from-jekyll, also writes content/getting-started/ (a \
            landing page and a first article) unless content/ has articles already, and adds public/ and .sitegen/ \
            to .gitignore. With --from-jekyll, writes only sitegen.yml; the keys sitegen has no equivalent for are \
            listed in a comment.
            """
    )

    @Option(name: [.customShort("s"), .long], help: "The site root (default: the current folder).")
    var source: String = "."

    @Flag(name: .customLong("from-jekyll"), help: "Convert the site's Jekyll _config.yml.")
    var fromJekyll = false

    func run() throws {
        switch SiteInitializer().initialize(siteRoot: source, fromJekyll: fromJekyll) {
        case .success(let written):
            for file in written.files { Terminal.standardError.write("wrote \(SourceExcerpt.visible(file))\n") }
            for note in written.notes { Terminal.standardError.write("note: \(note)\n") }
            let site = source == "." ? "" : " -s " + Self.shellWord(source)
            if fromJekyll {
                Terminal.standardError.write("next: sitegen check\(site)\n")
            } else {
                let steps = [("sitegen serve --open" + site, "preview the site as you write"),
                             ("sitegen new" + site + " " + SiteInitializer.starterProduct + "/reset-a-password",
                              "add an article (its title comes from the slug)"),
                             ("sitegen build" + site, "write the site into public/")]
                let width = steps.map(\.0.count).max() ?? 0
                Terminal.standardError.write("next:\n" + steps.map { command, what in
                    "  " + command + String(repeating: " ", count: width - command.count) + "   # " + what + "\n"
                }.joined())
            }
        case .failure(let problem):
            DiagnosticPrinter(colour: Terminal.standardError.isTerminal).print([problem.diagnostic], siteRoot: source)
            throw ExitCode(SitegenExitCode.contentErrors)
        }
    }

    /// The folder as the user can paste it into a shell.
    static func shellWord(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? text
            : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
