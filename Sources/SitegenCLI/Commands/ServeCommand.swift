import ArgumentParser
import Foundation
import SitegenBuild
import SitegenCore
import SitegenServe

/// `sitegen serve`: the local preview with live reload.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site locally, rebuilding and reloading the browser on every change.",
        discussion: """
            Builds the site into memory (public/ is never touched), serves it, and watches content/, templates/, \
            the asset and include folders and the configuration. After a change only the affected pages are \
            rebuilt; the browser reloads once the new pages are in place. A build that fails keeps the last good \
            pages and shows the errors over them; each page shows its own link and content problems.
            """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1; another address makes the preview reachable from the network, with a warning, and turns off the Host check).")
    var host = "127.0.0.1"

    @Option(name: [.customShort("p"), .long], help: "Port to listen on; 0 picks a free port.")
    var port = 1313

    @Flag(name: .long, help: "Poll for changes instead of using inotify.")
    var poll = false

    @Flag(name: .customLong("full-rebuilds"), help: "Rebuild everything on every change (slower; for comparison).")
    var fullRebuilds = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let printer = DiagnosticPrinter(colour: Terminal.standardError.isTerminal)
        let siteRoot = site.source
        let server = PreviewServer(options: .init(build: site.buildOptions, host: host, port: port, poll: poll,
                                                  alwaysFull: fullRebuilds)) { message in
            switch message {
            case .listening(let url):
                Terminal.standardError.write("serving \(url) (Ctrl-C to stop)\n")
            case .reachableFromNetwork(let host):
                Terminal.standardError.write(
                    "warning: the preview listens on \(host), which is not a loopback address: anyone who can reach this "
                        + "machine can read the site as it is being written, with its build errors, and the Host check is off; "
                        + "use the default --host 127.0.0.1 unless you mean to share it\n")
            case .built(let outcome, let first):
                Self.report(outcome, first: first, printer: printer, siteRoot: siteRoot)
            case .watching(let note):
                Terminal.standardError.write(SourceExcerpt.visible(note) + "\n")
            case .watchFailed(let problem):
                Terminal.standardError.write("error: \(SourceExcerpt.visible(problem)); changes are no longer picked up, restart sitegen serve\n")
            }
        }
        do {
            try await server.run()
        } catch PreviewServerError.portInUse(let host, let port) {
            Terminal.standardError.write("error: port \(port) on \(host) is in use; stop the other server or pass --port 0 for a free port\n")
            throw ExitCode(SitegenExitCode.usage)
        } catch {
            Terminal.standardError.write("error: the server stopped: \(SourceExcerpt.visible("\(error)"))\n")
            throw ExitCode(SitegenExitCode.usage)
        }
    }

    /// After each build: on the first, the usual diagnostics and summary; later, the problems of the rebuild and
    /// one line with its time and work.
    static func report(_ outcome: PreviewSession.Outcome, first: Bool, printer: DiagnosticPrinter, siteRoot: String) {
        let milliseconds = Int((outcome.seconds * 1000).rounded())
        let errors = outcome.errorCount, warnings = outcome.warningCount
        if first {
            printer.print(outcome.diagnostics, siteRoot: siteRoot)
        } else if outcome.snapshot == nil {
            printer.print(outcome.blockingErrors, siteRoot: siteRoot)
        }
        guard let snapshot = outcome.snapshot else {
            Terminal.standardError.write("build failed in \(milliseconds) ms: \(errors) error\(errors == 1 ? "" : "s"); still serving the last good site\n")
            return
        }
        let work = outcome.wasIncremental
            ? "incremental: \(outcome.parsed) parsed, \(outcome.checked) checked, \(outcome.rendered) rendered"
            : "full: \(outcome.parsed) parsed, \(outcome.rendered) files"
        Terminal.standardError.write("build \(snapshot.generation) in \(milliseconds) ms (\(work)); \(outcome.changedFiles.count) file\(outcome.changedFiles.count == 1 ? "" : "s") changed; \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
    }
}
