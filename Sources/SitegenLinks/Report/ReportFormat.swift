/// The machine- and people-readable report formats, selected with `--report FORMAT[=PATH]`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// sitegen's own JSON schema (documented in the manual: docs/content/reference/reports.md).
    case json
    /// GitHub Actions workflow commands (`::error file=...`), shown as annotations on the pull request.
    case github
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif
    /// JUnit XML, one test case per checked file.
    case junit
    /// Markdown, for a CI job summary (`$GITHUB_STEP_SUMMARY`).
    case markdown
    /// An HTML page styled like the site, grouped by article.
    case html
}
