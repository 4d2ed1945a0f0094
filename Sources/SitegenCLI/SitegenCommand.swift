public import ArgumentParser
import SitegenBuild

/// The root `sitegen` command: lists the subcommands.
public struct SitegenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Build a help center from Markdown articles with YAML front matter.",
        discussion: """
            sitegen reads content/<product>/<slug>.md, renders each article with cmark-gfm through the \
            Mustache templates of the theme (templates/ overrides the built-in theme file by file), and writes \
            the site into public/. A failed build leaves the previous public/ untouched.

            Exit status: 0 success, 1 problems in the content or templates (or warnings with --strict), \
            2 usage or configuration errors.
            """,
        version: SitegenVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, FixCommand.self, ServeCommand.self, NewCommand.self, InitCommand.self,
                      SearchCommand.self],
        defaultSubcommand: nil
    )

    public init() {}

    /// Parses argv, runs the command and exits with sitegen's exit codes (usage errors exit with 2, not 64).
    /// Asynchronous, so that `serve` runs its server on the process's own async context instead of blocking a
    /// thread on a semaphore around it.
    public static func run(arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            Self.exit()
        } catch {
            // Argument errors exit with sitegen's usage status (2) rather than swift-argument-parser's 64.
            if exitCode(for: error) == .validationFailure {
                Terminal.standardError.write(fullMessage(for: error) + "\n")
                Self.exit(withError: ExitCode(SitegenExitCode.usage))
            }
            Self.exit(withError: error)
        }
    }
}

/// sitegen's exit codes.
enum SitegenExitCode {
    static let contentErrors: Int32 = 1
    static let usage: Int32 = 2
}
