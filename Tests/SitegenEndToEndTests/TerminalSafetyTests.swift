import Foundation
import SitegenTestSupport
import Testing

/// `sitegen check` prints text from the content (messages, file names, source lines, fixes): an article's ESC or BEL
/// must be shown, never obeyed by the terminal or CI log that prints it.
@Suite("control characters in terminal output (end to end)")
struct TerminalSafetyTests {
    /// The raw controls a terminal obeys: C0 but line breaks and tabs, DEL, C1.
    static func rawControls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("ESC and BEL from an article, its link and its file name are shown as symbols, in every output")
    func escapedOutput() throws {
        let site = try TemporaryFolder()
        try site.write("sitegen.yml", "title: T\nrules:\n  content-orphan: off\n")
        try site.write("content/p/a\u{1B}[2J.md", """
            ---
            title: A
            permalink: a/
            ---
            Press \u{1B}]0;pwned\u{07} now, see <a href="/how-to/gone\u{1B}[5m/">gone</a>.

            """)
        for arguments in [["check", "-s", site.path], ["check", "-s", site.path, "--report", "github"],
                          ["check", "-s", site.path, "--report", "markdown"]] {
            let run = try Sitegen.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(Self.rawControls(run.stdout + run.stderr) == [], "\(arguments): \((run.stdout + run.stderr).debugDescription)")
            let output = arguments.count == 3 ? run.stderr : run.stdout
            #expect(output.contains("content/p/a\u{241B}[2J.md"), "\(arguments): \(output)")
            #expect(output.contains("/how-to/gone\u{241B}[5m/"), "\(arguments): \(output)")
        }
        let terminal = try Sitegen.run(["check", "-s", site.path]).stderr
        #expect(terminal.contains("content/p/a\u{241B}[2J.md:5:36: error: link target '/how-to/gone\u{241B}[5m/' does not exist on this site [link-broken]"),
                "\(terminal)")
        #expect(terminal.contains("Press \u{241B}]0;pwned\u{2407} now"), "the source line is shown with symbols: \(terminal)")
    }
}
