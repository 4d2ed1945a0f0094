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

    @Flag(name: .long, help: "Print every warning and note of the site at start (default: errors only, and the count of the rest).")
    var verbose = false

    @Flag(name: .long, help: "Open the preview in the browser once it is served ($BROWSER, else xdg-open or open).")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let printer = DiagnosticPrinter(colour: Terminal.standardError.isTerminal)
        let siteRoot = site.source
        let opensBrowser = open, printsEverything = verbose
        let server = PreviewServer(options: .init(build: site.buildOptions, host: host, port: port, poll: poll,
                                                  alwaysFull: fullRebuilds)) { message in
            switch message {
            case .listening(let url):
                Terminal.standardError.write("serving \(url) (Ctrl-C to stop)\n")
                if opensBrowser { Self.openBrowser(at: url) }
            case .reachableFromNetwork(let host):
                Terminal.standardError.write(
                    "warning: the preview listens on \(host), which is not a loopback address: anyone who can reach this "
                        + "machine can read the site as it is being written, with its build errors, and the Host check is off; "
                        + "use the default --host 127.0.0.1 unless you mean to share it\n")
            case .built(let outcome, let first):
                Self.report(outcome, first: first, printer: printer, siteRoot: siteRoot, verbose: printsEverything)
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

    /// Starts the user's browser at `url` and does not wait for it; a warning, never a failure, when none starts.
    /// `$BROWSER` (one command, as Python's webbrowser module and many CLIs read it) wins over the system opener.
    static func openBrowser(at url: String) {
        let environment = ProcessInfo.processInfo.environment
        #if os(macOS)
        let opener = environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "open"
        #else
        let opener = environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [opener, url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationStatus != 0 {
                Terminal.standardError.write("warning: could not open a browser ('\(SourceExcerpt.visible(opener))' exited with "
                                             + "status \(finished.terminationStatus)); open \(url) yourself\n")
            }
        }
        do {
            try process.run()
        } catch {
            Terminal.standardError.write("warning: could not open a browser (\(ErrorText.describe(error))); open \(url) yourself\n")
        }
    }

    /// After each build: on the first, the usual diagnostics and summary; later, the problems of the rebuild and
    /// one line with its time and work.
    /// On the first build, only the errors are printed unless `verbose`: a help center's warnings can run to a
    /// thousand lines, and each page's panel shows its own.
    static func report(_ outcome: PreviewSession.Outcome, first: Bool, printer: DiagnosticPrinter, siteRoot: String,
                       verbose: Bool = false) {
        let milliseconds = Int((outcome.seconds * 1000).rounded())
        let errors = outcome.errorCount, warnings = outcome.warningCount
        if first {
            let shown = verbose ? outcome.diagnostics : outcome.diagnostics.filter { $0.severity == .error }
            printer.print(shown, siteRoot: siteRoot)
            let hidden = outcome.diagnostics.count - shown.count
            if hidden > 0 {
                Terminal.standardError.write("\(counted(hidden, "warning or note", plural: "warnings and notes")) not printed: each page's "
                                             + "panel shows its own; --verbose prints them here, `sitegen check` lists them all\n")
            }
        } else if outcome.snapshot == nil {
            printer.print(outcome.blockingErrors, siteRoot: siteRoot)
        }
        guard let snapshot = outcome.snapshot else {
            Terminal.standardError.write("build failed in \(milliseconds) ms: \(counted(errors, "error")); still serving the last good site\n")
            return
        }
        let work = outcome.wasIncremental
            ? "incremental: \(outcome.parsed) parsed, \(outcome.checked) checked, \(outcome.rendered) rendered"
            : "full: \(outcome.parsed) parsed, \(counted(outcome.rendered, "file"))"
        Terminal.standardError.write("build \(snapshot.generation) in \(milliseconds) ms (\(work)); \(counted(outcome.changedFiles.count, "file")) changed; \(counted(errors, "error")), \(counted(warnings, "warning"))\n")
    }
}
