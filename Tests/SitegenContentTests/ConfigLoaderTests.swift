import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

@Suite("Configuration")
struct ConfigLoaderTests {
    @Test("reads every key")
    func readsKeys() {
        let (config, diagnostics) = ConfigLoader.parse("""
            title: Docs
            baseurl: docs
            url: https://help.example.com/
            language: de
            edit_url: https://git.example.com/edit/main/
            content: articles
            templates: theme
            output: site
            exclude: ["retired-articles/*", "drafts/*"]
            markdown:
              raw_html: false
              smart_punctuation: true
              hard_breaks: true
            """, file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.title == "Docs")
        #expect(config.baseURL == "/docs/")
        #expect(config.siteURL == "https://help.example.com")
        #expect(config.language == "de")
        #expect(config.contentFolder == "articles")
        #expect(config.templatesFolder == "theme")
        #expect(config.outputFolder == "site")
        #expect(config.exclude == ["retired-articles/*", "drafts/*"])
        #expect(!config.markdown.rawHTML && config.markdown.smartPunctuation && config.markdown.hardBreaks)
    }

    @Test("an unknown key is a warning with its line and column")
    func unknownKey() {
        let marked = MarkedText("title: Docs\n1️⃣titel: Docs\nmarkdown:\n  2️⃣smart: true\n")
        let (_, diagnostics) = ConfigLoader.parse(marked.text, file: "sitegen.yml")
        #expect(diagnostics.map(\.message) == ["unknown configuration key 'titel'; it is ignored",
                                               "unknown configuration key 'markdown.smart'; it is ignored"])
        #expect(diagnostics.map(\.severity) == [.warning, .warning])
        #expect(diagnostics[0].location == SourceLocation(file: "sitegen.yml", line: marked["1️⃣"].line, column: marked["1️⃣"].column))
        #expect(diagnostics[1].location == SourceLocation(file: "sitegen.yml", line: marked["2️⃣"].line, column: marked["2️⃣"].column))
    }

    @Test("a bad site URL and a bad boolean are errors")
    func badValues() {
        let (_, diagnostics) = ConfigLoader.parse("url: help.example.com\nmarkdown:\n  raw_html: maybe\n", file: "sitegen.yml")
        #expect(diagnostics.map(\.rule) == ["config-invalid", "config-invalid"])
        #expect(diagnostics.map(\.location.line) == [1, 3])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test("invalid YAML is an error with its line")
    func invalidYAML() {
        let (_, diagnostics) = ConfigLoader.parse("title: [a\n", file: "sitegen.yml")
        #expect(diagnostics.first?.rule == "config-invalid")
        #expect(diagnostics.first?.severity == .error)
    }
}
