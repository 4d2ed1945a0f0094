import CFuzzerDriver
import Foundation
public import SitegenCore

/// What every fuzz target shares: reading libFuzzer's input, and the checks that turn a wrong answer (not only a
/// crash) into a finding. A failed check prints what was wrong and aborts, which libFuzzer reports as a crash and
/// saves the input for.
public enum Fuzz {
    /// What libFuzzer calls with each input.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer on `test` with the command line's options. Each target's `main` calls it: SwiftPM's debug
    /// build links an executable's `main` to `<Target>_main` (so tests could link it), which would leave libFuzzer's
    /// own `main` out; a `main` of our own, under that name, works in both configurations.
    public static func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, test)
    }

    /// The input as bytes, and as text the way sitegen reads a file (invalid UTF-8 shown as U+FFFD).
    public static func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> (bytes: [UInt8], text: String) {
        let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        return (bytes, String(decoding: bytes, as: UTF8.self))
    }

    /// Aborts with `message` when `condition` is false.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        guard !condition else { return }
        FileHandle.standardError.write(Data("fuzz check failed: \(message())\n".utf8))
        abort()
    }

    /// The lines of `text` as byte slices (without their `\n`, or their `\r` when no `\n` follows it), as a
    /// diagnostic's excerpt and `sitegen fix` read them (`LineIndex`), and as cmark-gfm and libyaml count them.
    public static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated()
        where byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n")) {
            lines.append(bytes[start..<index])
            start = index + 1
        }
        lines.append(bytes[start...])
        return lines
    }

    /// How many lines `text` has where a lone `\r` also ends a line, as libyaml and cmark-gfm count them (and so
    /// the lines their errors and links are reported on); since sitegen counts lines so too (`LineIndex`), this is
    /// `lines(_:).count`.
    public static func lineCountCountingCR(_ text: String) -> Int {
        let bytes = Array(text.utf8)
        var count = 1
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                count += 1
            }
        }
        return count
    }

    /// The checks every diagnostic about `text` (read as `file`) must pass: it is about that file (an error in one
    /// file never produces findings in others), its line and column are in the file or 0 (none), it prints, and its
    /// excerpt is a window of the line, never the whole of a long line.
    public static func checkDiagnostics(_ diagnostics: [Diagnostic], file: String, text: String, firstLine: Int = 1,
                                        otherFiles: Set<String> = [], context: String) {
        let lines = self.lines(text)
        let lastLine = firstLine - 1 + max(lines.count, lineCountCountingCR(text))
        for diagnostic in diagnostics {
            let location = diagnostic.location
            require(location.file == file || otherFiles.contains(location.file),
                    "\(context): a diagnostic about '\(location.file)', not '\(file)': \(diagnostic.formatted)")
            guard location.file == file else { continue }
            require(location.line >= 0 && location.line <= lastLine + 1,
                    "\(context): line \(location.line) outside 1...\(lastLine): \(diagnostic.formatted)")
            require(location.column >= 0, "\(context): column \(location.column): \(diagnostic.formatted)")
            _ = diagnostic.formatted
            let index = location.line - firstLine
            if location.line > 0, index >= 0, index < lines.count {
                let excerpt = SourceExcerpt(line: lines[index], column: location.column)
                // Each byte shown at most as a 3-byte control picture, plus the two `…`.
                require(excerpt.text.utf8.count <= 3 * SourceExcerpt.maximumBytes + 6,
                        "\(context): an excerpt of \(excerpt.text.utf8.count) bytes for \(diagnostic.formatted)")
            }
        }
    }
}
