import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenContent

@Suite("Front matter")
struct FrontMatterParserTests {
    /// Splits and parses a whole file's text as the article loader does.
    /// The front matter is nil when it could only be salvaged.
    func parse(_ file: String) -> (FrontMatter?, [Diagnostic]) {
        let reading = read(file)
        return (reading.isSalvaged ? nil : reading.frontMatter, reading.diagnostics)
    }

    func read(_ file: String) -> FrontMatterReading {
        let split = FrontMatterSplitter.split(file)
        return FrontMatterParser.parse(yaml: split.yaml ?? "", firstLine: split.yamlFirstLine, file: "content/p/a.md")
    }

    @Test("decodes the reference article's schema")
    func decodesSchema() throws {
        let (matter, diagnostics) = parse("""
            ---
            permalink: cannot-connect-to-email/
            audit_date:
            title: Cannot Connect to Email
            type: article
            created_date: '2017-05-29'
            created_by: William Loy
            last_modified_date: '2017-05-29'
            last_modified_by: William Loy
            product: Rackspace Email
            product_url: rackspace-email
            category: troubleshooting
            ---
            Body
            """)
        #expect(diagnostics.isEmpty)
        let front = try #require(matter)
        #expect(front.title == "Cannot Connect to Email")
        #expect(front.permalink == "cannot-connect-to-email/")
        #expect(front.auditDate == nil)
        #expect(front.createdDate == "2017-05-29")
        #expect(front.productURL == "rackspace-email")
        #expect(front.fields["category"] == .string("troubleshooting"))
        #expect(front.locations["title"]?.line == 4)
    }

    @Test("a missing title is an error at the opening fence; the rest is read")
    func missingTitle() {
        let (matter, diagnostics) = parse("---\npermalink: x/\n---\nBody\n")
        #expect(matter?.permalink == "x/")
        #expect(matter?.title == "")
        #expect(diagnostics.map(\.rule) == ["front-matter-missing-title"])
        #expect(diagnostics.first?.location == SourceLocation(file: "content/p/a.md", line: 1, column: 1))
        #expect(diagnostics.first?.message == "front matter has no 'title'")
    }

    @Test("an empty title is an error at its value")
    func emptyTitle() {
        let marked = MarkedText("---\ntitle: 1️⃣''\n---\n")
        let (_, diagnostics) = parse(marked.text)
        #expect(diagnostics.first?.message == "'title' is empty")
        #expect(diagnostics.first?.location.line == marked["1️⃣"].line)
        #expect(diagnostics.first?.location.column == marked["1️⃣"].column)
    }

    @Test("invalid YAML is reported at the position libyaml gives, shifted into the file; its lines are salvaged")
    func invalidYAML() {
        let reading = read("---\ntitle: A\npermalink: [unclosed\n---\n")
        let diagnostics = reading.diagnostics
        #expect(reading.isSalvaged)
        #expect(reading.frontMatter.title == "A")
        // '[unclosed' is no permalink: dropped without a second finding.
        #expect(reading.frontMatter.permalink == nil)
        #expect(diagnostics.count == 1)
        let diagnostic = diagnostics.first
        #expect(diagnostic?.rule == "front-matter-invalid-yaml")
        // libyaml notices the unclosed sequence at the end of the YAML; it is reported where it opens.
        #expect(diagnostic?.location == SourceLocation(file: "content/p/a.md", line: 3, column: 12))
        #expect(diagnostic?.message == "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)")
    }

    // Found by a mutation run on the 2017 corpus: libyaml's context (the block mapping, the plain scalar a tab-
    // indented line continues) pointed at line 2 or the line before; a no-break space after a colon one line late.
    @Test("invalid YAML is reported where the text went wrong, not where the construct around it began")
    func invalidYAMLPositions() {
        let cases: [(String, SitegenCore.SourceLocation, String)] = [
            ("---\npermalink: b/\ntitle: B\nsubtitle: [Draft] How to\n---\n", SourceLocation(file: "content/p/a.md", line: 4, column: 19),
             "invalid YAML: did not find expected key (while parsing a block mapping)"),
            ("---\npermalink: c/\ntype: article\n\tproduct_url: p\n---\n", SourceLocation(file: "content/p/a.md", line: 4, column: 1),
             "invalid YAML: found a tab character that violates indentation (while scanning a plain scalar)"),
            ("---\ntitle: D\npermalink:\u{A0}d/\ntype: article\n---\n", SourceLocation(file: "content/p/a.md", line: 3, column: 11),
             "invalid YAML: 'permalink:' is followed by a no-break space (U+00A0), not an ordinary space, so YAML does not "
                + "read a key and its value here (could not find expected ':')"),
            ("---\ntitle: T\ncreated_date: '2013-02-05\ncreated_by: K\nlast_modified_date: '2017-03-21'\n---\n",
             SitegenCore.SourceLocation(file: "content/p/a.md", line: 3, column: 15),
             "invalid YAML: the single quote that starts the value of 'created_date' is not closed on its line, so YAML "
                + "reads on to the next single quote (did not find expected key on line 5)"),
            ("---\ntitle: T\nnote: 'it''s'\ntype: a: b\n---\n", SitegenCore.SourceLocation(file: "content/p/a.md", line: 4, column: 8),
             "invalid YAML: mapping values are not allowed in this context"),
            ("---\ntitle: E\ntype: ar\u{1}ticle\n---\n", SitegenCore.SourceLocation(file: "content/p/a.md", line: 3, column: 9),
             "invalid YAML: control characters are not allowed (U+0001)"),
            ("---\ntitle: \u{E9}t\u{E9}\ntype: ar\u{0}ticle\n---\n", SitegenCore.SourceLocation(file: "content/p/a.md", line: 3, column: 9),
             "invalid YAML: control characters are not allowed (U+0000)"),
        ]
        for (text, location, message) in cases {
            let diagnostics = read(text).diagnostics
            #expect(diagnostics.map(\.rule) == ["front-matter-invalid-yaml"], "\(text.debugDescription)")
            #expect(diagnostics.first?.location == location, "\(text.debugDescription)")
            #expect(diagnostics.first?.message == message, "\(text.debugDescription)")
        }
    }

    @Test("a duplicate key is an error at its second occurrence, and the last value is used")
    func duplicateKey() {
        let marked = MarkedText("---\ntitle: One\npermalink: a/\n1️⃣title: Two\n---\n")
        let (matter, diagnostics) = parse(marked.text)
        #expect(matter?.title == "Two")
        #expect(matter?.permalink == "a/")
        #expect(diagnostics.map(\.rule) == ["front-matter-duplicate-key"])
        #expect(diagnostics.first?.message == "duplicate key 'title' in front matter (also on line 2); the last value is used")
        #expect(diagnostics.first?.location.line == marked["1️⃣"].line)
        #expect(diagnostics.first?.location.column == marked["1️⃣"].column)
    }

    @Test("a date that is not a date is a warning with a suggested fix; the page is still built")
    func invalidDate() throws {
        let marked = MarkedText("---\ntitle: A\nlast_modified_date: 1️⃣'2016-1-22'\ncreated_date: 2️⃣2017-02-30\n---\n")
        let (matter, diagnostics) = parse(marked.text)
        let front = try #require(matter)
        #expect(front.lastModifiedDate == nil)
        #expect(diagnostics.count == 2)
        let first = diagnostics.first { $0.location.line == marked["1️⃣"].line }
        #expect(first?.severity == .warning)
        #expect(first?.message == "'last_modified_date' is '2016-1-22', not a date in the form YYYY-MM-DD; did you mean '2016-01-22'?")
        #expect(first?.fixIt == "2016-01-22")
        #expect(first?.location.column == marked["1️⃣"].column)
        let second = diagnostics.first { $0.location.line == marked["2️⃣"].line }
        #expect(second?.message == "'created_date' is '2017-02-30', not a date in the form YYYY-MM-DD")
    }

    @Test("permalinks with '..', a scheme or spaces are errors", arguments: [
        ("../etc/", "contains a '.' or '..' segment"),
        ("https://evil.example/x/", "has a URL scheme; a permalink is a path such as 'my-article/'"),
        ("javascript:alert(1)", "has a URL scheme; a permalink is a path such as 'my-article/'"),
        ("two words/", "contains characters that cannot appear in a URL path (spaces, '?', '#', '\\', quotes or a bad '%' escape)"),
        ("a%zz/", "contains characters that cannot appear in a URL path (spaces, '?', '#', '\\', quotes or a bad '%' escape)"),
        // Found by a mutation run on the 2017 corpus: each became the page's URL, and every link to the page broke.
        ("true", "is the YAML boolean 'true', not a path such as 'my-article/'"),
        ("False", "is the YAML boolean 'False', not a path such as 'my-article/'"),
        ("v\u{200B}iew-my-key/", "contains U+200B (zero width space), an invisible character, after 'v'"),
        ("\u{200E}a/", "contains U+200E (left-to-right mark), an invisible character, at its start"),
        ("caf\u{E9}\u{A0}menu/", "contains U+00A0 (no-break space), an invisible character, after 'caf\u{E9}'"),
        ("a\u{AD}b/", "contains U+00AD (soft hyphen), an invisible character, after 'a'"),
        ("setup.md", "ends in '.md', the extension of a source file, not of a page; a permalink is the page's URL, such as 'setup/'"),
        ("guide/setup.MD/", "ends in '.md', the extension of a source file, not of a page; a permalink is the page's URL, such as 'guide/setup/'"),
        ("setup/index.md", "ends in '.md', the extension of a source file, not of a page; a permalink is the page's URL, such as 'setup/'"),
        ("/index.markdown", "ends in '.markdown', the extension of a source file, not of a page; a permalink is the page's URL, such as '/'"),
        ("caf\u{E9}.md", "ends in '.md', the extension of a source file, not of a page; a permalink is the page's URL, such as 'caf\u{E9}/'"),
    ])
    func invalidPermalink(permalink: String, problem: String) {
        let (_, diagnostics) = parse("---\ntitle: A\npermalink: '\(permalink)'\n---\n")
        #expect(diagnostics.map(\.rule) == ["front-matter-invalid-permalink"])
        #expect(diagnostics.first?.message == "permalink '\(permalink)' \(problem)")
        #expect(diagnostics.first?.location.line == 3)
        #expect(diagnostics.first?.location.column == 12)
    }

    @Test("ASCII permalinks are judged byte by byte as the general reading judges them")
    func permalinkReadings() {
        for permalink in ["", "/", "a/", "my-article/", ".", "..", "...", "./", "../", "a/./b/", "a/../", "a..b/", "a/.b/",
                          "/./", "a//b/", "//host/x/", "x:y/", ":x/", "a+b.c-d:e", "1a:b/", "a/b:c/", "https://e.example/",
                          "two words/", "a%zz/", "%41/", "a?b/", "a#b/", "a\\b/", "a\"b/", "index.html", "a/..", "a/.",
                          "a\r\n:b", "tab\there/", "a.md", "a/index.md", "a.markdown/", ".md", "a.mdx/", "a.md.html"] {
            #expect(PermalinkRules.asciiProblem(in: permalink) == PermalinkRules.generalProblem(in: permalink), "\(permalink)")
        }
        #expect(PermalinkRules.asciiProblem(in: "a/../") == PermalinkRules.dotSegmentProblem)
        #expect(PermalinkRules.asciiProblem(in: "my-article/") == nil)
        #expect(PermalinkRules.problem(in: "caf\u{E9}-\u{65E5}\u{672C}/") == nil)
        #expect(PermalinkRules.problem(in: "truest/") == nil && PermalinkRules.problem(in: "12345") == nil)
        #expect(PermalinkRules.problem(in: "a.mdx/") == nil && PermalinkRules.problem(in: "a.md.html") == nil)
    }

    @Test("alias expansion is bounded")
    func aliasBomb() {
        var yaml = "title: A\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in 0..<6 {
            let name = "l\(level)"
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let reading = read("---\n" + yaml + "---\n")
        #expect(reading.isSalvaged)
        #expect(reading.frontMatter.title == "A")
        #expect(reading.diagnostics.map(\.rule) == ["front-matter-too-large"])
    }

    /// 9 anchors, each a list of 9 aliases of the one before, the last used as a mapping key: 9⁹ nodes in about
    /// 350 bytes. Yams hashes a key whole for its duplicate check, so composing it ran for minutes.
    static func aliasBombAsKey(levels: Int = 9) -> String {
        var yaml = "title: A\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<levels {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        return yaml + "? *l\(levels - 1)\n: boom\n"
    }

    @Test("an alias bomb used as a mapping key is refused before Yams composes it, at the alias that crosses the limit")
    func aliasBombAsKey() throws {
        let yaml = Self.aliasBombAsKey()
        let start = ContinuousClock.now
        let reading = read("---\n" + yaml + "---\nBody.\n")
        #expect(start.duration(to: .now) < .seconds(5), "bounded before composing, not after")
        #expect(reading.isSalvaged)
        #expect(reading.frontMatter.title == "A")
        let error = try #require(reading.diagnostics.first)
        #expect(reading.diagnostics.count == 1)
        #expect(error.rule == "front-matter-too-large")
        #expect(error.message == "front matter expands to more than 10000 values through YAML aliases ('*name'); each alias repeats its anchor's whole value")
        // Level 5 is the first whose list (9⁵ + … nodes) passes 10,000: its line is the 7th of the file.
        #expect(error.location.file == "content/p/a.md")
        #expect(error.location.line == 7)
    }

    @Test("aliases within the limit are read as before")
    func aliasesWithinLimit() {
        let (frontMatter, diagnostics) = parse("---\ntitle: &t Same\nproduct: *t\ntags: &l [a, b]\nmore: *l\n---\n")
        #expect(diagnostics.isEmpty)
        #expect(frontMatter?.product == "Same")
    }

    @Test("the alias counter's start-up probe passes with this Yams")
    func aliasCounterProbe() {
        #expect(YAMLAliasBound.selfCheckPasses)
        #expect(YAMLAliasBound.count(YAMLAliasBound.probe, limit: 1_000).nodes == YAMLAliasBound.probeNodes)
        #expect(YAMLAliasBound.count("a: 1\nb: [1, 2]\n", limit: 1_000).nodes == 7, "the mapping, a, 1, b and the list of 3")
    }

    @Test("a real calendar date in a year no article was written (0000-01-01, 9999-12-31) is a warning at its value and is dropped")
    func placeholderDates() throws {
        let marked = MarkedText("---\ntitle: A\ncreated_date: 1️⃣0000-01-01\nlast_modified_date: 2️⃣9999-12-31\naudit_date: 2017-05-02\n---\n")
        let (frontMatter, diagnostics) = parse(marked.text)
        #expect(diagnostics.map(\.message) == [
            "'created_date' is '0000-01-01', a date no article was written on (years 1900–2199); it is ignored",
            "'last_modified_date' is '9999-12-31', a date no article was written on (years 1900–2199); it is ignored",
        ])
        #expect(diagnostics.map(\.rule) == ["front-matter-invalid-date", "front-matter-invalid-date"])
        #expect(diagnostics.map(\.severity) == [.warning, .warning])
        #expect(diagnostics.map(\.location.line) == [marked["1️⃣"].line, marked["2️⃣"].line])
        #expect(diagnostics.map(\.location.column) == [marked["1️⃣"].column, marked["2️⃣"].column])
        #expect(frontMatter?.createdDate == nil && frontMatter?.lastModifiedDate == nil)
        #expect(frontMatter?.auditDate == "2017-05-02")
    }

    @Test("columns count UTF-8 bytes")
    func utf8Columns() {
        let marked = MarkedText("---\ntitle: Café\ncreated_date: 1️⃣'hier'\nx: ü\n---\n")
        let (_, diagnostics) = parse(marked.text)
        #expect(diagnostics.first?.location.column == marked["1️⃣"].column)
    }
}

@Suite("Front matter splitting")
struct FrontMatterSplitterTests {
    @Test("finds the body and its first line, with CRLF line ends")
    func crlf() {
        let split = FrontMatterSplitter.split("---\r\ntitle: A\r\n---\r\nBody\r\n")
        #expect(split.yaml == "title: A")
        #expect(split.body == "Body\r\n")
        #expect(split.bodyFirstLine == 4)
        #expect(!split.unterminated)
    }

    @Test("a line that is not YAML after a blank line marks where the front matter should have ended")
    func endingEarly() throws {
        let split = FrontMatterSplitter.split("---\ntitle: A\npermalink: a/\n\n**Note**: text\nmore\n\n---\n\nafter\n")
        #expect(split.yaml == "title: A\npermalink: a/\n\n**Note**: text\nmore\n" && split.bodyFirstLine == 9)
        let early = try #require(split.endingEarly)
        #expect(early.yaml == "title: A\npermalink: a/")
        #expect(early.body == "\n**Note**: text\nmore\n\n---\n\nafter\n")
        #expect((early.bodyFirstLine, early.foreignLine, early.fenceLine) == (4, 5, 8))
        // A heading, read as a YAML comment, keeps the blank line before it.
        let heading = try #require(FrontMatterSplitter.split("---\ntitle: A\n\n# Steps\nSome text.\n\n---\n").endingEarly)
        #expect((heading.yaml, heading.bodyFirstLine, heading.foreignLine) == ("title: A", 3, 5))
        // Comments, block scalars and lists after blank lines are YAML.
        #expect(FrontMatterSplitter.split("---\ntitle: A\n\n# SEO\ndescription: |\n  x\n\n  y\ntags:\n\n- a\n---\n").endingEarly == nil)
    }

    @Test("a front matter block pasted twice is a warning over the second, which has a key of the first; rules framing a note are not")
    func repeatedBlock() {
        let first = FrontMatter(title: "A", entries: [FrontMatterEntry(key: "title", value: .string("A"), line: 2, column: 8),
                                                      FrontMatterEntry(key: "permalink", value: .string("a/"), line: 3, column: 12)]).fields
        let repeated = ArticleLoader.repeatedFrontMatter("\n---\ntitle: A\npermalink: b/\nowner: x\n---\nBody.\n", bodyFirstLine: 5,
                                                         first: first, file: "content/p/a.md")
        #expect(repeated?.formatted == "content/p/a.md:6:1: warning: a second front matter block (lines 6–10) follows the first, with "
                    + "its keys 'title', 'permalink'; Markdown shows it on the page as a horizontal rule and a heading [front-matter-repeated]")
        #expect(repeated?.fixIt == "delete lines 6–10, or move what differs into the front matter above")
        #expect(ArticleLoader.repeatedFrontMatter("---\nNote: careful.\n---\nBody.\n", bodyFirstLine: 5, first: first, file: "x") == nil)
        #expect(ArticleLoader.repeatedFrontMatter("Body.\n---\ntitle: A\n---\n", bodyFirstLine: 5, first: first, file: "x") == nil)
    }

    @Test("no front matter leaves the whole text as body")
    func none() {
        let split = FrontMatterSplitter.split("# Title\n")
        #expect(split.yaml == nil)
        #expect(split.body == "# Title\n")
    }

    @Test("an unclosed fence is reported as unterminated; the front matter ends before the first line it cannot hold")
    func unterminated() {
        let split = FrontMatterSplitter.split("---\ntitle: A\n\nmore: b")
        #expect(split.unterminated)
        #expect(split.yaml == "title: A\n\nmore: b")
        #expect(split.body == "")
        #expect(split.bodyFirstLine == 5)
        #expect(FrontMatterSplitter.split("---").unterminated)
        #expect(FrontMatterSplitter.split("---\n").bodyFirstLine == 2)

        let withBody = FrontMatterSplitter.split("---\r\ntitle: A\r\ntags:\r\n  - x\r\n- y\r\n\r\n# Steps\r\nSee [b](/b/).\r\n")
        #expect(withBody.unterminated)
        #expect(withBody.yaml == "title: A\ntags:\n  - x\n- y")
        #expect(withBody.body == "\r\n# Steps\r\nSee [b](/b/).\r\n")
        #expect(withBody.bodyFirstLine == 6)
        let prose = FrontMatterSplitter.split("---\ntitle: A\nThis article explains: things.\nMore.\n")
        #expect(prose.yaml == "title: A")
        #expect(prose.body == "This article explains: things.\nMore.\n")
        #expect(prose.bodyFirstLine == 3)
        let nothing = FrontMatterSplitter.split("---\nJust text\n")
        #expect(nothing.yaml == "")
        #expect(nothing.body == "Just text\n")
        #expect(nothing.bodyFirstLine == 2)
    }

    @Test("a BOM, fences with trailing blanks, '...' as the closing fence, blank YAML lines and a lone CR")
    func variants() {
        let split = FrontMatterSplitter.split("\u{FEFF}--- \t\r\ntitle: Café\r\n\nnote: a\rb\n... \nBody é\n")
        #expect(split.yaml == "title: Café\n\nnote: a\rb")
        #expect(split.yamlFirstLine == 2)
        #expect(split.body == "Body é\n")
        #expect(split.bodyFirstLine == 6)
        #expect(!split.unterminated)

        let noBody = FrontMatterSplitter.split("---\ntitle: A\n---")
        #expect(noBody.yaml == "title: A")
        #expect(noBody.body == "")
        #expect(!noBody.unterminated)

        // '...' opens nothing, '----' is no fence, and a BOM alone is an empty body.
        #expect(FrontMatterSplitter.split("...\ntitle: A\n...\n").yaml == nil)
        #expect(FrontMatterSplitter.split("----\ntitle: A\n----\n").yaml == nil)
        #expect(FrontMatterSplitter.split("---\ntitle: A\n----\n").unterminated)
        // Front matter whose fence is after blank lines or indented is read from there, and marked displaced.
        let blank = FrontMatterSplitter.split("\n \t\r\n---\npermalink: a/\n---\nBody\n")
        #expect(blank.yaml == "permalink: a/" && blank.yamlFirstLine == 4 && blank.body == "Body\n" && blank.bodyFirstLine == 6)
        #expect(blank.displacedFenceLine == 3)
        let indented = FrontMatterSplitter.split("\u{FEFF}   --- \ntitle: A\n---\n")
        #expect(indented.yaml == "title: A" && indented.displacedFenceLine == 1 && indented.bodyFirstLine == 4)
        let open = FrontMatterSplitter.split("\n---\ntitle: A\n\n# Steps\n")
        #expect(open.unterminated && open.displacedFenceLine == 2 && open.yaml == "title: A" && open.bodyFirstLine == 4)
        #expect(FrontMatterSplitter.split("---\ntitle: A\n---\n").displacedFenceLine == nil)
        // Not front matter: a thematic break before text, a list, a `key:` indented under it, a fence indented as
        // code, a commented-out article.
        for text in ["\n---\nJust text\n---\n", "\n---\n- a\n---\n", "\n---\n  a: b\n---\n", "    ---\ntitle: A\n---\n",
                     "<!---\n---\ntitle: A\n---\n-->\n", "\n\n", "\n---"] {
            #expect(FrontMatterSplitter.split(text).yaml == nil, "\(text.debugDescription)")
        }
        let bom = FrontMatterSplitter.split("\u{FEFF}")
        #expect(bom.yaml == nil)
        #expect(bom.body == "")
        #expect(FrontMatterSplitter.split("\u{FEFF}# T\n").body == "# T\n")
    }
}

@Suite("Front matter: the simple-line reader agrees with Yams")
struct SimpleFrontMatterTests {
    /// Front matter both readers must read alike: the reference schema, quoting, null forms, CRLF, blank lines.
    static let simple: [String] = [
        """
        permalink: cannot-connect-to-email/
        audit_date:
        title: Cannot Connect to Email
        type: article
        created_date: '2017-05-29'
        created_by: William Loy
        last_modified_date: "2017-05-29"
        last_modified_by: William Loy
        product: Rackspace Email
        product_url: rackspace-email
        """,
        "title: A b-less title:with http://x.example/y?z=1#frag and 100% done\nnull_a: ~\nnull_b: null\nnull_c: NULL\n",
        "title:    Spaces before and after   \n\nempty_quoted: ''\nempty_double: \"\"\nnumber: 12\nflag: yes\n",
        "title: Windows\r\nproduct: Email\r\n",
        "_private: x\nkey-with-dash: y\ntitle: T\n",
        "title: Use {{ site.title }} [draft], C# and 'quotes' ok\naudit_date:   \nlast:\n",
    ]

    /// Front matter the simple reader must leave to Yams.
    static let complex: [String] = [
        "title: T\ntitle: again\n",                       // duplicate key: Yams' error
        "title: T # a comment\n",                         // comment
        "# comment\ntitle: T\n",
        "title: T\ntags:\n  - a\n  - b\n",                // a list
        "title: 'It''s'\n",                               // an escape
        "title: \"tab\\tstop\"\n",
        "title: Über\n",                                  // non-ASCII
        "title: first\n  continued\n",                    // a continuation line
        "title:\tT\n",
        "title: - dash\n",
        "title: a: b\n",
        "title: [a, b]\n",
        "title: ends with colon:\n",
        "---\ntitle: T\n",
        "title : T\n",
        "",
    ]

    func read(_ yaml: String, simple: Bool) -> ([String: FrontMatterValue], [String: SitegenCore.SourceLocation], [String]) {
        let reading = FrontMatterParser.parse(yaml: yaml, firstLine: 2, file: "content/p/a.md", simpleLines: simple)
        return (reading.frontMatter.fields.dictionary, reading.frontMatter.locations.dictionary,
                reading.diagnostics.map(\.formatted))
    }

    @Test("values, positions and diagnostics are the same", arguments: simple)
    func same(_ yaml: String) {
        #expect(SimpleFrontMatter.entries(yaml) != nil)
        let fast = read(yaml, simple: true), yams = read(yaml, simple: false)
        #expect(fast.0 == yams.0)
        #expect(fast.1 == yams.1)
        #expect(fast.2 == yams.2)
    }

    @Test("anything else is left to Yams", arguments: complex)
    func declined(_ yaml: String) {
        #expect(SimpleFrontMatter.entries(yaml) == nil)
    }
}
