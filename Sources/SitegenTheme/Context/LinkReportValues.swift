import Foundation
import SitegenCore

/// `report.*`: the link and content report page (`link-report.mustache`), grouped by article.
public struct LinkReportValues: Sendable {
    /// One finding.
    public struct Finding: Sendable {
        public var line: Int
        public var column: Int
        /// `error`, `warning` or `note`.
        public var severity: String
        public var rule: String
        public var message: String
        public var fix: String
        /// The source line the finding is on, when known.
        public var sourceLine: String

        public init(line: Int, column: Int, severity: String, rule: String, message: String, fix: String,
                    sourceLine: String) {
            self.line = line
            self.column = column
            self.severity = severity
            self.rule = rule
            self.message = message
            self.fix = fix
            self.sourceLine = sourceLine
        }

        static let keys = TemplateKeys(["line", "column", "position", "severity", "rule", "message", "fix", "source_line"])

        /// The finding as a template object, made directly: a report has tens of thousands of findings, and making
        /// each a `[String: Any]` to be converted was most of the cost of the report's page.
        func object(_ recorder: LookupRecorder) -> RecordingObject {
            let position = line > 0 ? (column > 0 ? "\(line):\(column)" : "\(line)") : ""
            return RecordingObject(keys: Self.keys, items: [.int(line), .int(column), .text(position), .text(severity),
                                                            .text(rule), .text(message), .text(fix), .text(sourceLine)],
                                   path: nil, recorder: recorder)
        }
    }

    /// The findings of one source file.
    public struct File: Sendable {
        public var file: String
        /// Title and URL of the article, empty for files that are not pages.
        public var title: String
        public var url: String
        public var findings: [Finding]

        public init(file: String, title: String, url: String, findings: [Finding]) {
            self.file = file
            self.title = title
            self.url = url
            self.findings = findings
        }

        static let keys = TemplateKeys(["file", "title", "url", "finding_count", "finding_count_label", "findings"])

        /// The file as a template object (a list item: it records no lookups), made directly as its findings are.
        func object(_ recorder: LookupRecorder) -> RecordingObject {
            RecordingObject(keys: Self.keys, items: [.text(file), .text(title), .text(url), .int(findings.count),
                                                     .text(countLabel(findings.count, "finding")),
                                                     .objects(findings.map { $0.object(recorder) })],
                            path: nil, recorder: recorder)
        }
    }

    /// Count of one rule's findings.
    public struct RuleCount: Sendable {
        public var rule: String
        public var severity: String
        public var count: Int

        public init(rule: String, severity: String, count: Int) {
            self.rule = rule
            self.severity = severity
            self.count = count
        }
    }

    /// What the change does to the baseline's URLs (`--baseline`): the "URL changes" section.
    public struct URLChangeValues: Sendable {
        public var baseline: String
        public var baselinePages: Int
        /// Each removed URL with its suggested redirect target and why.
        public var removed: [(url: String, suggestion: String, reason: String)]
        public var redirected: [(from: String, to: String)]
        public var added: [String]
        public var anchorsRemoved: Int

        public init(baseline: String, baselinePages: Int, removed: [(url: String, suggestion: String, reason: String)],
                    redirected: [(from: String, to: String)], added: [String], anchorsRemoved: Int) {
            self.baseline = baseline
            self.baselinePages = baselinePages
            self.removed = removed
            self.redirected = redirected
            self.added = added
            self.anchorsRemoved = anchorsRemoved
        }

        var templateValues: [String: Any] {
            [
                "baseline": baseline, "baseline_pages": baselinePages, "removed_count": removed.count,
                "redirected_count": redirected.count, "added_count": added.count, "anchors_removed": anchorsRemoved,
                "has_removed": !removed.isEmpty, "has_redirected": !redirected.isEmpty, "has_added": !added.isEmpty,
                "removed": removed.map { ["url": $0.url, "suggestion": $0.suggestion, "reason": $0.reason] as [String: Any] },
                "redirected": redirected.map { ["from": $0.from, "to": $0.to] as [String: Any] },
                "added": added.map { ["url": $0] as [String: Any] },
            ]
        }
    }

    /// Nil without a baseline.
    public var urlChanges: URLChangeValues?
    public var errors: Int
    public var warnings: Int
    public var notes: Int
    public var articleCount: Int
    public var linkCount: Int
    public var internalCount: Int
    public var externalCount: Int
    /// `3 external, not fetched`, or the classes of the fetched URLs: `3 external; 2 URLs: 1 ok, 1 dead`.
    public var externalSummary: String
    public var rules: [RuleCount]
    public var files: [File]
    /// The stylesheet's text, for a report page opened outside the site; empty inside it.
    public var inlineStylesheet: String
    /// Threads that make the findings' template objects: the standalone page's (`--jobs`); 1 inside the site, whose
    /// pages are rendered in parallel already.
    public var jobs = 1

    public init(errors: Int, warnings: Int, notes: Int, articleCount: Int, linkCount: Int, internalCount: Int,
                externalCount: Int, externalSummary: String? = nil, rules: [RuleCount], files: [File],
                inlineStylesheet: String) {
        self.errors = errors
        self.warnings = warnings
        self.notes = notes
        self.articleCount = articleCount
        self.linkCount = linkCount
        self.internalCount = internalCount
        self.externalCount = externalCount
        self.externalSummary = externalSummary ?? "\(externalCount) external, not fetched"
        self.rules = rules
        self.files = files
        self.inlineStylesheet = inlineStylesheet
    }

    /// The recorder of the report's list items, which never record (their path is nil).
    private static let itemRecorder = LookupRecorder()

    /// Up to this many files, each file's findings are shown open; a longer report opens folded to its files'
    /// names and counts, so that the reader finds a file without scrolling past every finding of the others.
    public static let openFileLimit = 20

    var templateValues: [String: Any] {
        [
            "errors": errors, "warnings": warnings, "notes": notes, "article_count": articleCount,
            "link_count": linkCount, "internal_count": internalCount, "external_count": externalCount,
            "external_summary": externalSummary,
            "has_findings": !files.isEmpty, "is_clean": errors == 0 && warnings == 0,
            "rules": rules.map { ["rule": $0.rule, "severity": $0.severity, "count": $0.count] as [String: Any] },
            // List items record no lookups (a name missing from one is looked up again outwards, down to the root,
            // which records it), so the items' recorder is their own.
            // Made on every core for a long report: a template object per finding, tens of thousands of them.
            "files": parallelMap(files, jobs: files.count >= 256 ? jobs : 1) {
                $0.object(Self.itemRecorder)
            },
            "file_count": files.count,
            "files_open": files.count <= Self.openFileLimit,
            "inline_stylesheet": inlineStylesheet,
            "url_changes": urlChanges.map { $0.templateValues as Any } ?? false,
        ]
    }
}
