import Foundation
public import SitegenCore

/// Applies the fixes `sitegen fix` may make: the edits attached to diagnostics, each replacing exactly the
/// text the check saw at exactly its position. Everything else in the file stays byte for byte; a file whose
/// front matter could not be parsed is never touched.
public struct SourceFixer {
    /// The new text of one file.
    public struct FileChange: Sendable {
        /// Path as shown in diagnostics.
        public var file: String
        public var absolutePath: String
        public var original: [UInt8]
        public var fixed: [UInt8]
        /// The diagnostics fixed in this file.
        public var fixes: [Diagnostic]
    }

    /// What would change, and what was left alone and why.
    public struct Plan: Sendable {
        public var changes: [FileChange]
        /// Diagnostics with an edit that was not applied, with the reason.
        public var skipped: [(diagnostic: Diagnostic, reason: String)]
        /// The folders the files were read from (and are read again from before they are replaced).
        var boundary: SiteBoundary
    }

    public init() {}

    /// Plans the edits of `diagnostics` (files shown relative to `siteRoot`), reading files only inside `boundary`
    /// (by default the site root).
    public func plan(_ diagnostics: [Diagnostic], siteRoot: String, boundary: SiteBoundary? = nil) -> Plan {
        let boundary = boundary ?? SiteBoundary(root: siteRoot)
        var skipped: [(Diagnostic, String)] = []
        let unparsable = Set(diagnostics.filter { $0.severity == .error && $0.rule.hasPrefix("front-matter-") }
            .map(\.location.file))
        let byFile = Dictionary(grouping: diagnostics.filter { $0.edit != nil }, by: \.location.file)
        var changes: [FileChange] = []
        for file in byFile.keys.sorted() {
            let fixes = byFile[file]!.sorted()
            if unparsable.contains(file) {
                skipped += fixes.map { ($0, "the file's front matter has errors; fix them first") }
                continue
            }
            let path = file.hasPrefix("/") ? file : siteRoot + "/" + file
            guard let original = try? boundary.read(path) else {
                skipped += fixes.map { ($0, "cannot read the file") }
                continue
            }
            if UTF16Text(original) != nil {
                // Its findings count the text read as UTF-8, not the file's bytes; and `fix` changes no encoding.
                skipped += fixes.map { ($0, "the file is UTF-16; save it as UTF-8 first") }
                continue
            }
            let lines = LineIndex(original)
            // (offset, length, replacement), applied from the end so earlier offsets stay valid.
            var edits: [(offset: Int, length: Int, replacement: [UInt8], diagnostic: Diagnostic)] = []
            for diagnostic in fixes {
                let edit = diagnostic.edit!
                let offset = lines.offset(line: edit.line, column: edit.column)
                let expected = Array(edit.original.utf8)
                guard edit.line >= 1, edit.line <= lines.lineStarts.count, offset + expected.count <= original.count,
                      original[offset..<(offset + expected.count)].elementsEqual(expected) else {
                    skipped.append((diagnostic, "the file no longer has '\(edit.original)' at \(edit.line):\(edit.column)"))
                    continue
                }
                if edits.contains(where: { $0.offset < offset + expected.count && offset < $0.offset + $0.length }) {
                    if !edits.contains(where: { $0.offset == offset && $0.replacement == Array(edit.replacement.utf8) }) {
                        skipped.append((diagnostic, "another fix changes the same text"))
                    }
                    continue
                }
                edits.append((offset, expected.count, Array(edit.replacement.utf8), diagnostic))
            }
            guard !edits.isEmpty else { continue }
            var fixed = original
            for edit in edits.sorted(by: { $0.offset > $1.offset }) {
                fixed.replaceSubrange(edit.offset..<(edit.offset + edit.length), with: edit.replacement)
            }
            changes.append(FileChange(file: file, absolutePath: path, original: original, fixed: fixed,
                                      fixes: edits.map(\.diagnostic).inOrder()))
        }
        return Plan(changes: changes, skipped: skipped, boundary: boundary)
    }

    /// Writes each changed file through a temporary file in the same folder and a rename, keeping its
    /// permissions, so a file is never left half-written. Refuses a file that changed since it was planned.
    public func apply(_ plan: Plan) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for change in plan.changes {
            let location = SourceLocation(file: change.file)
            guard let current = try? plan.boundary.read(change.absolutePath), current == change.original else {
                problems.append(.error(location, rule: "fix-file-changed",
                                       "the file changed while sitegen was fixing it; it was left alone"))
                continue
            }
            // An article that is a link inside the site is fixed where it is, and the link stays a link; a link
            // that leads outside the site by now is replaced by the fixed file, never written through.
            let target = SiteBoundary.canonicalPath(change.absolutePath).flatMap { plan.boundary.contains(canonical: $0) ? $0 : nil }
                ?? change.absolutePath
            let folder = (target as NSString).deletingLastPathComponent
            let name = (target as NSString).lastPathComponent
            let temporary = folder + "/.\(name).sitegen-fix-\(ProcessInfo.processInfo.processIdentifier)"
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: target)
                try Data(change.fixed).write(to: URL(fileURLWithPath: temporary))
                if let permissions = attributes[.posixPermissions] {
                    try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary)
                }
                guard rename(temporary, target) == 0 else {
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                problems.append(.error(location, rule: "fix-write-failed",
                                       "cannot write the fixed file: \(ErrorText.describe(error))"))
            }
        }
        return problems
    }
}
