import Testing
@testable import SitegenTheme

@Suite("Script compaction")
struct ScriptCompactionTests {
    private func compact(_ text: String) -> String {
        String(decoding: ScriptCompaction.compact(Array(text.utf8)), as: UTF8.self)
    }

    @Test("comment lines, indentation and blank lines go; line breaks between statements stay")
    func dropsCommentLines() {
        let source = """
            /* Header
             * with `backticks` in a comment
             */
            (function () {
              // A comment line.
              var a = 1 // a comment after code stays

              /** One-line block. */
              var b = '/* not a comment */'
              return a + b
            })();
            """
        #expect(compact(source) == """
            (function () {
            var a = 1 // a comment after code stays
            var b = '/* not a comment */'
            return a + b
            })();

            """)
    }

    @Test("a script with a template literal, a continued line or a block comment ending mid-line is served as written",
          arguments: ["var a = `x\n  y`;\n", "var a = 'x\\\n  y';\n", "/* a */ var b = 1;\n  var c = 2;\n",
                      "/* open\n */ var b = 1;\n", "/* never closed\n var a = 1;\n"])
    func refuses(_ source: String) {
        #expect(compact(source) == source)
    }

    @Test("the default theme's search.js is compacted, to less than 80% of its source")
    func defaultThemeScript() throws {
        let served = try #require(DefaultTheme.assets["search.js"])
        #expect(served.count * 5 < PackageResources.search_js.count * 4)
        #expect(!String(decoding: served, as: UTF8.self).contains("\n  "))
    }
}
