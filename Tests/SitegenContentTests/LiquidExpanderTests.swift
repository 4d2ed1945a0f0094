import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

@Suite("Liquid tags in articles")
struct LiquidExpanderTests {
    /// An expander over two assets (one named with a literal `%20`, one with a space) and an includes folder.
    func expander(_ includes: TemporaryFolder, partials: Set<String> = ["all-articles-list"]) throws -> LiquidExpander {
        try includes.write("note.html", "<p class=\"note\">Careful.</p>")
        try includes.write("run.sh", "echo \"<ok>\" && exit\n")
        try includes.write("loop.html", "{% for x in site.pages %}{{ x.title }}{% endfor %}")
        var assets = AssetCatalog()
        assets.add([SourceFile(kind: .asset, absolutePath: "/a/1", contentPath: "mail/Screen%20Shot.png", displayPath: "_assets/img/mail/Screen%20Shot.png"),
                    SourceFile(kind: .asset, absolutePath: "/a/2", contentPath: "mail/step 1.png", displayPath: "_assets/img/mail/step 1.png")],
                   baseURL: "/how-to/", mountURL: "assets/")
        return LiquidExpander(environment: .init(assets: assets, includes: IncludeLibrary(folder: includes.path, boundary: SiteBoundary(root: includes.path)),
                                                 themePartials: partials,
                                                 siteVariables: ["site.baseurl": "/how-to/", "site.title": "Help"]))
    }

    func expand(_ text: String, _ includes: TemporaryFolder) throws -> LiquidExpander.Expansion {
        try expander(includes).expand(text, firstLine: 10, file: "content/mail/a.md", page: ["page.title": "A <title>"])
    }

    @Test("asset_path gives the asset's URL: a literal %20 in a file name is encoded, a space matches a %20 in the tag")
    func assetPath() throws {
        let includes = try TemporaryFolder()
        let result = try expand("![a]({% asset_path mail/Screen%20Shot.png %}) ![b]({%asset_path mail/step%201.png%}) ![c]({% asset_path 'mail/step 1.png' %})\n", includes)
        #expect(result.text == "![a](/how-to/assets/mail/Screen%2520Shot.png) ![b](/how-to/assets/mail/step%201.png) ![c](/how-to/assets/mail/step%201.png)\n")
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a missing asset is an error at the tag, with the nearest asset")
    func missingAsset() throws {
        let includes = try TemporaryFolder()
        let marked = MarkedText("Intro.\n\n![a](1️⃣{% asset_path mail/Screen%20Shoot.png %})\n")
        let result = try expand(marked.text, includes)
        #expect(result.diagnostics.map(\.formatted) == [
            "content/mail/a.md:\(marked["1️⃣"].line + 9):\(marked["1️⃣"].column): error: '{% asset_path mail/Screen%20Shoot.png %}' names no file in the asset folders [liquid-asset-missing]",
        ])
        #expect(result.diagnostics.first?.fixIt == "did you mean 'mail/Screen%20Shot.png'?")
        #expect(result.map.segments.first?.failed == true)
        #expect(!result.text.contains("{%"))
    }

    @Test("include inserts HTML as it is and other files escaped; an include with Liquid logic needs a theme partial")
    func includes() throws {
        let includes = try TemporaryFolder()
        let result = try expand("{% include note.html %}\n<pre>{% include run.sh %}</pre>\n{% include all-articles-list.html %}\n{% include loop.html %}\n{% include gone.html %}\n", includes)
        #expect(result.text == "<p class=\"note\">Careful.</p>\n<pre>echo \"&lt;ok&gt;\" &amp;&amp; exit\n</pre>\n\u{E000}sitegeninclude\u{E001}all-articles-list\u{E002}\n\n\n")
        #expect(result.partials == ["all-articles-list"])
        #expect(result.diagnostics.map(\.rule) == ["liquid-include-unsupported", "liquid-include-missing"])
        #expect(result.diagnostics.map(\.location.line) == [13, 14])
        #expect(result.diagnostics.first?.fixIt == "add templates/loop.mustache that renders the same HTML")
    }

    @Test("variables, raw and comment; unknown tags and variables are warnings and never reach the page")
    func variablesAndUnknownTags() throws {
        let includes = try TemporaryFolder()
        let result = try expand("{{ page.title }} on {{site.title}} at {{ site.baseurl }}.\n{% raw %}{{ kept }} {% x %}{% endraw %}{% comment %}gone{% endcomment %}\n{% seo %}{{ page.nope }}\n", includes)
        #expect(result.text == "A &lt;title&gt; on Help at /how-to/.\n{{ kept }} {% x %}\n\n")
        #expect(result.diagnostics.map(\.formatted) == [
            "content/mail/a.md:12:1: warning: '{% seo %}' is not a tag sitegen knows; it is removed from the page [liquid-unknown-tag]",
            "content/mail/a.md:12:10: warning: '{{ page.nope }}' is not a variable sitegen knows; it renders as nothing [liquid-unknown-variable]",
        ])
    }

    @Test("a tag or variable left open is a warning at its opener and shown as written; the text after it is kept")
    func unclosed() throws {
        let includes = try TemporaryFolder()
        // A closer further on belongs to the next tag: without the check, the paragraphs between were swallowed.
        let result = try expand("Text {% asset_path mail/step 1.png\n\nNext paragraph.\n"
                                    + "Title: {{ page.title\nShown: {{ page.title }}\n"
                                    + "Last {{ page.title\nDone{% comment %} x {% endcomment %}.\n", includes)
        #expect(result.text == "Text {% asset_path mail/step 1.png\n\nNext paragraph.\nTitle: {{ page.title\nShown: A &lt;title&gt;\n"
                                + "Last {{ page.title\nDone.\n")
        #expect(result.diagnostics.map(\.formatted) == [
            "content/mail/a.md:10:6: warning: '{% asset_path mail/step 1.png' is not closed before the blank line at line 11; it is "
                + "shown as written [liquid-unclosed-tag]",
            "content/mail/a.md:13:8: warning: '{{ page.title' is not closed before the next '{{' at line 14; it is shown as written "
                + "[liquid-unclosed-tag]",
            "content/mail/a.md:15:6: warning: '{{ page.title' is never closed with '}}'; it is shown as written [liquid-unclosed-tag]",
        ])
        #expect(result.diagnostics.first?.fixIt == "close it with '%}' on the same line")
        // Thousands of stray openers: twenty findings and one that counts the rest.
        let stray = try expand(String(repeating: "{% a\n\n", count: 500) + "%}\n", includes)
        #expect(stray.diagnostics.count == 21)
        #expect(stray.diagnostics.last?.formatted
                    == "content/mail/a.md:50:1: warning: 480 more '{%' or '{{' from here on are not closed either; they are shown as written [liquid-unclosed-tag]")
    }

    @Test("an include named by a variable is an error that says so, not a missing file named '{{'")
    func includeByVariable() throws {
        let includes = try TemporaryFolder()
        let result = try expand("A {% include {{ page.box }} %} B\n", includes)
        #expect(result.text == "A  B\n")
        #expect(result.diagnostics.map(\.formatted) == [
            "content/mail/a.md:10:3: error: '{% include {{ page.box }} %}' names its file with a variable, which sitegen does not expand; "
                + "it is removed [liquid-include-unsupported]",
        ])
    }

    @Test("a raw block ends at its endraw, whatever lone '{%' it shows")
    func rawWithLoneOpener() throws {
        let includes = try TemporaryFolder()
        let result = try expand("{% raw %}Write {% to start a tag.{%- endraw -%} Done {%raw%}{{ x{%endraw%}.\n", includes)
        #expect(result.text == "Write {% to start a tag. Done {{ x.\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    }

    @Test("variables are HTML-escaped, quotes included, unless the site opts out")
    func escaping() throws {
        let includes = try TemporaryFolder()
        let page = ["page.teaser": "\"><img src=x onerror=alert(1)> & 'x'"]
        let escaped = try expander(includes).expand("<a title=\"{{ page.teaser }}\">t</a>\n", firstLine: 1, file: "a.md", page: page)
        #expect(escaped.text == "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;x&#39;\">t</a>\n")
        var environment = try expander(includes).environment
        environment.escapesVariables = false
        let raw = LiquidExpander(environment: environment).expand("{{ page.teaser }}\n", firstLine: 1, file: "a.md", page: page)
        #expect(raw.text == "\"><img src=x onerror=alert(1)> & 'x'\n")
    }

    @Test("the source map points expanded positions back at the written text")
    func sourceMap() throws {
        let includes = try TemporaryFolder()
        let written = "![a]({% asset_path mail/step%201.png %}) and [b](/x/)\n{% include note.html %} [c](/y/)\n"
        let result = try expand(written, includes)
        let expanded = Array(result.text.utf8)
        func position(of text: String) -> (Int, Int) {
            let offset = expanded.firstRange(of: Array(text.utf8))!.lowerBound
            let (line, column) = LineIndex(expanded).position(ofByte: offset)
            return (line + 9, column)
        }
        let b = position(of: "[b]"), c = position(of: "[c]")
        #expect(result.map.originalPosition(line: b.0, column: b.1) == (10, 46))
        #expect(result.map.originalPosition(line: c.0, column: c.1) == (11, 25))
        // Inside a substitution: the tag's own position.
        let url = position(of: "/how-to/assets")
        #expect(result.map.originalPosition(line: url.0, column: url.1) == (10, 6))
    }

    @Test("text without Liquid is returned as it is")
    func noLiquid() throws {
        let includes = try TemporaryFolder()
        let result = try expand("Plain {text} with braces } and %.\n", includes)
        #expect(result.text == "Plain {text} with braces } and %.\n")
        #expect(result.map.isIdentity)
    }
}

@Suite("Jekyll configuration")
struct JekyllConfigLoaderTests {
    @Test("reads the keys that mean the same thing and lists the others")
    func readsKeys() throws {
        let site = try TemporaryFolder()
        try site.write("_includes/x.html", "x")
        let result = JekyllConfigLoader.parse("""
            source: ./content
            destination: ./how-to
            baseurl: "/how-to/"
            exclude: [retired-articles, "*.tmp"]
            plugins: [jekyll-assets]
            assets:
              sources:
                - _assets/img
              digest: true
            """, file: "_config.yml", siteRoot: site.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.used == ["source", "baseurl", "exclude", "assets.sources"])
        #expect(result.ignored == ["destination", "plugins", "assets.digest"])
        #expect(result.config.contentFolder == "./content")
        #expect(result.config.baseURL == "/how-to/")
        #expect(result.config.exclude == ["retired-articles", "*.tmp"])
        #expect(result.config.assetFolders == [SiteConfig.AssetFolder(folder: "_assets/img", url: "assets/")])
        #expect(result.config.includesFolder == "_includes")
    }

    @Test("writes the equivalent sitegen.yml, which reads back to the same configuration")
    func writesSitegenYAML() throws {
        let site = try TemporaryFolder()
        let result = JekyllConfigLoader.parse("title: 'Help: Center'\nbaseurl: /docs/\nassets:\n  sources: [_assets/img]\ndefaults: []\n",
                                              file: "_config.yml", siteRoot: site.path)
        let yaml = JekyllConfigLoader.sitegenYAML(result)
        #expect(yaml.contains("# Not carried over from _config.yml (sitegen has no equivalent): defaults"))
        let (config, diagnostics) = ConfigLoader.parse(yaml, file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.title == "Help: Center")
        #expect(config.baseURL == "/docs/")
        #expect(config.assetFolders == result.config.assetFolders)
    }

    @Test("keep_files: Jekyll's list is taken as it is and carried into sitegen.yml; the default is .git, .svn, CNAME")
    func keepFiles() throws {
        let site = try TemporaryFolder()
        #expect(ConfigLoader.parse("title: X\n", file: "sitegen.yml").0.keepFiles == [".git", ".svn", "CNAME"])
        let result = JekyllConfigLoader.parse("keep_files: [.git, .nojekyll, 'deploy/']\n", file: "_config.yml", siteRoot: site.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.used.contains("keep_files"))
        #expect(result.config.keepFiles == [".git", ".nojekyll", "deploy"])
        let (config, diagnostics) = ConfigLoader.parse(JekyllConfigLoader.sitegenYAML(result), file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.keepFiles == [".git", ".nojekyll", "deploy"])
        #expect(ConfigLoader.parse("keep_files: []\n", file: "sitegen.yml").0.keepFiles == [])
        #expect(ConfigLoader.parse("keep_files: CNAME\n", file: "sitegen.yml").0.keepFiles == ["CNAME"])

        let (_, problems) = ConfigLoader.parse("keep_files:\n  - ok\n  - /etc\n  - a/./b\n  - [x]\n", file: "sitegen.yml")
        #expect(problems.map { "\($0.location.line):\($0.location.column) \($0.rule)" } == ["3:5 config-invalid", "4:5 config-invalid", "5:5 config-invalid"])
    }

    // Found by Fuzz/FuzzConfig: ignored keys were written into the comment as they are, so a key with a line break
    // ended the comment and added its own settings to the sitegen.yml, and one with a control character made the
    // file invalid YAML.
    @Test("a _config.yml key with a line break or a control character stays inside the written comment")
    func ignoredKeysStayInTheComment() throws {
        let site = try TemporaryFolder()
        let result = JekyllConfigLoader.parse("title: T\n\"x\\nbaseurl: /evil/\": 1\n\"esc\\e\\u0085\\u2028\": 2\nplugins: []\n",
                                              file: "_config.yml", siteRoot: site.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.ignored == ["x\nbaseurl: /evil/", "esc\u{1B}\u{85}\u{2028}", "plugins"])
        let yaml = JekyllConfigLoader.sitegenYAML(result)
        #expect(yaml.hasSuffix("# Not carried over from _config.yml (sitegen has no equivalent): "
                                   + "\"x\\u{A}baseurl: /evil/\", \"esc\\u{1B}\\u{85}\\u{2028}\", plugins\n"))
        let (config, diagnostics) = ConfigLoader.parse(yaml, file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.baseURL == "/how-to/")
        #expect(config.title == "T")
    }

    // Found by Fuzz/FuzzConfig in CI (12b46aa): one trailing '/' was dropped from a site URL, so `http://a//` was
    // written as `http://a/`, which read back as `http://a`. Every loader now drops them all, the same way.
    @Test("a site URL with several trailing slashes is normalized once, and the written sitegen.yml reads back the same")
    func siteURLTrailingSlashes() throws {
        let site = try TemporaryFolder()
        for (text, expected) in [("http://a//", "http://a"), ("https://help.example.com/docs///", "https://help.example.com/docs"),
                                 ("https://help.example.com", "https://help.example.com")] {
            #expect(ConfigLoader.normalizeSiteURL(text) == expected)
            let result = JekyllConfigLoader.parse("url: \"\(text)\"\n", file: "_config.yml", siteRoot: site.path)
            #expect(result.diagnostics.isEmpty)
            #expect(result.config.siteURL == expected)
            let (config, diagnostics) = ConfigLoader.parse(JekyllConfigLoader.sitegenYAML(result), file: "sitegen.yml")
            #expect(diagnostics.isEmpty)
            #expect(config.siteURL == expected)
            #expect(ConfigLoader.parse("url: \"\(text)\"\n", file: "sitegen.yml").0.siteURL == expected)
        }
        #expect(ConfigLoader.normalizeSiteURL("") == "")
        #expect(ConfigLoader.normalizeSiteURL("help.example.com/") == nil)
        #expect(ConfigLoader.normalizeSiteURL("http:///") == nil)
    }

    // Found by Fuzz/FuzzConfig in CI (e0e46fe): a base URL starting with a combining mark. `/` and the mark are one
    // Character, so `hasPrefix("/")` was false: `/\u{597}e/` read again became `//\u{597}e/`.
    @Test("paths are normalized byte by byte: once normalized, a base URL, mount URL or kept path reads back the same")
    func pathsNormalizeOnce() throws {
        let site = try TemporaryFolder()
        let result = JekyllConfigLoader.parse("baseurl: \u{597}e\u{FEFF}\nkeep_files: ['\u{301}x/']\n", file: "_config.yml", siteRoot: site.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.config.baseURL == "/\u{597}e\u{FEFF}/")
        let (config, diagnostics) = ConfigLoader.parse(JekyllConfigLoader.sitegenYAML(result), file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.baseURL == result.config.baseURL)
        #expect(config.keepFiles == result.config.keepFiles)
        #expect(ConfigLoader.normalizeKeepPath("x\u{3000}/") == "x" && ConfigLoader.normalizeMountURL("/\u{3000}x") == "x/")
        for text in ["\u{597}e", "/\u{301}a/b", "a\u{600}/", "/\u{300}/", "x\u{3000}/", "/\u{A0}x", "\u{2003}/y/\u{2003}/"] {
            let base = try #require(ConfigLoader.normalizeBaseURL(text), "\(text.debugDescription)")
            #expect(ConfigLoader.normalizeBaseURL(base) == base, "\(text.debugDescription)")
            let mount = try #require(ConfigLoader.normalizeMountURL(text), "\(text.debugDescription)")
            #expect(ConfigLoader.normalizeMountURL(mount) == mount, "\(text.debugDescription)")
            if let kept = ConfigLoader.normalizeKeepPath(text) { #expect(ConfigLoader.normalizeKeepPath(kept) == kept) }
        }
        #expect(ConfigLoader.normalizeBaseURL("/\u{597}e/") == "/\u{597}e/")
        #expect(ConfigLoader.normalizeMountURL("/\u{301}a") == "\u{301}a/")
    }

    @Test("sitegen.yml takes asset folders and an includes folder")
    func sitegenKeys() {
        let (config, diagnostics) = ConfigLoader.parse("assets:\n  - _assets/img\n  - folder: files\n    url: /downloads\nincludes: _includes\n", file: "sitegen.yml")
        #expect(diagnostics.isEmpty)
        #expect(config.assetFolders == [.init(folder: "_assets/img", url: "assets/"), .init(folder: "files", url: "downloads/")])
        #expect(config.includesFolder == "_includes")
    }
}
