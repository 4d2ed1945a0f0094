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
              highlight: false
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
        #expect(config.markdown.rawHTML == .omitted && config.markdown.smartPunctuation && config.markdown.hardBreaks)
        #expect(!config.markdown.highlight)
        #expect(SiteConfig().markdown.highlight, "code is highlighted unless the site says not to")
        #expect(config.markdown.embedHosts == ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"])
        #expect(config.liquid.escapesVariables)
    }

    @Test("raw_html takes true, false or sanitize; embed_hosts a list of hosts; liquid.escape_variables a boolean")
    func safetyKeys() {
        let (config, diagnostics) = ConfigLoader.parse("""
            markdown:
              raw_html: sanitize
              embed_hosts: [video.example.com, www.youtube.com]
            liquid:
              escape_variables: false
            """, file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.markdown.rawHTML == .sanitized)
        #expect(config.markdown.embedHosts == ["video.example.com", "www.youtube.com"])
        #expect(!config.liquid.escapesVariables)
        #expect(ConfigLoader.parse("markdown:\n  raw_html: yes\n", file: "s").0.markdown.rawHTML == .kept)
        #expect(ConfigLoader.parse("markdown:\n  embed_hosts: []\n", file: "s").0.markdown.embedHosts.isEmpty)

        let marked = MarkedText("markdown:\n  raw_html: 1️⃣strip\n  embed_hosts:\n    - 2️⃣https://www.youtube.com/\nliquid:\n  3️⃣escape: true\n")
        let (bad, problems) = ConfigLoader.parse(marked.text, file: "sitegen.yml")
        #expect(problems.map(\.message) == [
            "'markdown.raw_html' must be true, false or sanitize",
            "'markdown.embed_hosts' lists host names such as 'www.youtube.com' (got 'https://www.youtube.com/')",
            "unknown configuration key 'liquid.escape'; it is ignored",
        ])
        #expect(problems.map(\.severity) == [.error, .error, .warning])
        for (problem, marker) in zip(problems, ["1️⃣", "2️⃣", "3️⃣"]) {
            #expect(problem.location == SourceLocation(file: "sitegen.yml", line: marked[marker].line, column: marked[marker].column))
        }
        #expect(bad.markdown.rawHTML == .kept && bad.markdown.embedHosts.isEmpty)
    }

    @Test("markdown.highlight takes a boolean; anything else is an error at its value, and highlighting stays on")
    func highlightKey() {
        let marked = MarkedText("markdown:\n  highlight: 1️⃣sometimes\n  highlights: false\n")
        let (config, problems) = ConfigLoader.parse(marked.text, file: "sitegen.yml")
        #expect(problems.map(\.message) == ["'markdown.highlight' must be true or false",
                                            "unknown configuration key 'markdown.highlights'; it is ignored"])
        #expect(problems.map(\.rule) == ["config-invalid", "config-unknown-key"])
        #expect(problems.first?.location == SourceLocation(file: "sitegen.yml", line: marked["1️⃣"].line,
                                                           column: marked["1️⃣"].column))
        #expect(config.markdown.highlight)
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

    @Test("a configuration whose YAML aliases expand past the limit is an error at the alias, found before composing")
    func aliasBomb() throws {
        var yaml = "title: Docs\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "? *l8\n: boom\n"
        let start = ContinuousClock.now
        let (_, diagnostics) = ConfigLoader.parse(yaml, file: "sitegen.yml")
        #expect(start.duration(to: .now) < .seconds(5))
        let error = try #require(diagnostics.first)
        #expect(error.rule == "config-invalid")
        #expect(error.severity == .error)
        #expect(error.message.hasPrefix("the file expands to more than 100000 values through YAML aliases"))
        // Level 6 (9⁶ = 531,441 nodes) is the first past 100,000: line 7.
        #expect(error.location == SourceLocation(file: "sitegen.yml", line: 7, column: error.location.column))
    }

    @Test("invalid YAML is an error with its line")
    func invalidYAML() {
        let (_, diagnostics) = ConfigLoader.parse("title: [a\n", file: "sitegen.yml")
        #expect(diagnostics.first?.rule == "config-invalid")
        #expect(diagnostics.first?.severity == .error)
    }
}

@Suite("Configuration: links")
struct LinkConfigTests {
    @Test("reads rule severities (a bare off included), ignore patterns and front-matter fields")
    func readsLinks() {
        let (config, diagnostics) = ConfigLoader.parse("""
            links:
              rules:
                link-trailing-slash: warning
                link-outside-site: off
                link-own-host: note
              ignore:
                urls: ["https://status.example.com/*", "/how-to/legacy/*"]
                files: retired-articles/*
              front_matter_fields: [hero_image, canonical_url]
            """, file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.links.severities == ["link-trailing-slash": .warning, "link-outside-site": .off, "link-own-host": .note])
        #expect(config.links.severityLocations["link-outside-site"] == SourceLocation(file: "sitegen.yml", line: 4, column: 5))
        #expect(config.links.ignoreURLs == ["https://status.example.com/*", "/how-to/legacy/*"])
        #expect(config.links.ignoreFiles == ["retired-articles/*"])
        #expect(config.links.frontMatterFields == ["hero_image", "canonical_url"])
    }

    @Test("a bad severity is an error at its value; an unknown key a warning")
    func badSeverity() {
        let (_, diagnostics) = ConfigLoader.parse("links:\n  rules:\n    link-broken: fatal\n  ignored: 1\n", file: "sitegen.yml")
        #expect(diagnostics.sorted().map(\.formatted) == [
            "sitegen.yml:3:18: error: 'links.rules.link-broken' must be error, warning, note or off (got 'fatal') [config-invalid]",
            "sitegen.yml:4:3: warning: unknown configuration key 'links.ignored'; it is ignored [config-unknown-key]",
        ])
    }
}
