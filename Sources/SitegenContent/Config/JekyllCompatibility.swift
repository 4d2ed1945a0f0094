public import SitegenCore

/// What changes when a site is built in Jekyll mode (a `_config.yml` and no `sitegen.yml`): such a site is being
/// migrated, and still builds with Jekyll, so what Jekyll builds must build here too. Every error rule was
/// judged against Jekyll 4.3's behaviour (measured, not assumed: see `Scripts/jekyll-differential.py`); the rules
/// below are warnings in Jekyll mode because Jekyll builds the page, and every other error stays an error
/// (Jekyll fails too, or the rule guards sitegen itself). Link errors are warnings in Jekyll mode as well
/// (`LinkCheckSettings.errorsAsWarnings`).
public enum JekyllCompatibility {
    /// A rule that is a warning in Jekyll mode, what Jekyll does, and what sitegen then does.
    public struct Decision: Sendable {
        public var rule: String
        public var jekyll: String
        public var sitegen: String
    }

    /// The rules whose errors are warnings in Jekyll mode.
    public static let relaxed: [Decision] = [
        Decision(rule: "front-matter-duplicate-key", jekyll: "keeps the last value and builds the page",
                 sitegen: "the same"),
        Decision(rule: "front-matter-invalid-yaml",
                 jekyll: "warns, drops the whole front matter and builds the page at its file name",
                 sitegen: "keeps the `key: value` lines it can read (the permalink among them, so that links to the page keep working) and builds the page"),
        Decision(rule: "front-matter-unterminated",
                 jekyll: "builds the page at its file name, with no front matter: the `---` and the YAML lines show as text",
                 sitegen: "the same, but at the permalink when its line can be read"),
        Decision(rule: "front-matter-displaced",
                 jekyll: "does not see front matter after blank lines or indented: copies the file as it is",
                 sitegen: "reads the front matter and builds the page"),
        Decision(rule: "front-matter-missing-title", jekyll: "builds the page with an empty title",
                 sitegen: "builds it with the file name in words as its title"),
        Decision(rule: "front-matter-invalid-value", jekyll: "builds the page (a list title is shown run together)",
                 sitegen: "builds it without that value"),
        Decision(rule: "front-matter-invalid-permalink",
                 jekyll: "writes the page wherever the permalink points (`..` dropped, a space kept in a folder name)",
                 sitegen: "builds it at its file name"),
        Decision(rule: "content-duplicate-permalink",
                 jekyll: "warns `Conflict: The following destination is shared by multiple files` and writes one of them",
                 sitegen: "writes the first in path order, and says so"),
        Decision(rule: "output-path-conflict",
                 jekyll: "has no generated pages, so the content page is written",
                 sitegen: "writes the content page instead of the generated one"),
        Decision(rule: "liquid-include-unsupported", jekyll: "runs the include's Liquid",
                 sitegen: "builds the page without the include"),
    ]

    private static let relaxedRules = Set(relaxed.map(\.rule))

    /// True when `rule` is a warning rather than an error in Jekyll mode.
    public static func isRelaxed(_ rule: String) -> Bool { relaxedRules.contains(rule) }

    /// `diagnostics` with the errors of the relaxed rules made warnings.
    public static func relax(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard diagnostic.severity == .error, relaxedRules.contains(diagnostic.rule) else { return diagnostic }
            var relaxed = diagnostic
            relaxed.severity = .warning
            return relaxed
        }
    }
}
