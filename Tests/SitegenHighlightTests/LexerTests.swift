import Testing
@testable import SitegenHighlight

private func tokens(_ code: String, _ language: String) -> [Token] { Highlighted.tokens(code, language) }
private func T(_ kind: String, _ text: String) -> Token { Token(kind, text) }

@Suite("Highlighting: the lexers")
struct LexerTests {
    @Test("shell: strings with escaped quotes, variables inside them, nested ${}, comments, keywords, options")
    func shell() {
        #expect(tokens(#"echo "a \"q\" $HOME ${A:-${B}} done" # not 'a string'"#, "bash") == [
            T("function", "echo"), T("string", #""a \"q\" "#), T("variable", "$HOME"), T("string", " "),
            T("variable", "${A:-${B}}"), T("string", #" done""#), T("comment", "# not 'a string'"),
        ])
        #expect(tokens(#"if [ -f "$f" ]; then ls --all -l; fi"#, "sh") == [
            T("keyword", "if"), T("attr", "-f"), T("string", "\""), T("variable", "$f"), T("string", "\""),
            T("keyword", "then"), T("attr", "--all"), T("attr", "-l"), T("keyword", "fi"),
        ])
        // A keyword inside a longer word is no keyword; `#` inside a word starts no comment.
        #expect(tokens("apt-get install -y done.txt a#b; FOO=1 make", "shell") == [
            T("attr", "-y"), T("variable", "FOO"),
        ])
        #expect(tokens("echo 'it''s' \"# no comment\"", "zsh") == [
            T("function", "echo"), T("string", "'it'"), T("string", "'s'"), T("string", "\"# no comment\""),
        ])
        // `'…'` has no escapes; a comment holds strings and a string holds comments.
        #expect(tokens(#"x='a\' # c"#, "bash") == [T("variable", "x"), T("string", #"'a\'"#), T("comment", "# c")])
    }

    @Test("shell: here-documents are strings up to their delimiter; an unterminated string runs to the end")
    func shellHereDocumentsAndUnterminated() {
        #expect(tokens("cat <<'EOF' > f\nline $x \"q\n\tEOF no\nEOF\necho done", "bash") == [
            T("string", "line $x \"q\n\tEOF no\n"), T("function", "echo"), T("keyword", "done"),
        ])
        #expect(tokens("cat <<-EOF\n\tbody\n\tEOF\nfi", "bash") == [T("string", "\tbody\n"), T("keyword", "fi")])
        #expect(tokens("echo \"abc\nfi", "bash") == [T("function", "echo"), T("string", "\"abc\nfi")])
        #expect(tokens("echo ${a\nfi", "bash") == [T("function", "echo"), T("variable", "${a"), T("keyword", "fi")])
    }

    @Test("console: prompts, commands after them, continued lines; output lines stay plain")
    func console() {
        #expect(tokens("$ echo \"hi\" \\\n  --flag\nfor done if\n# apt update\n$\n", "console") == [
            T("prompt", "$"), T("function", "echo"), T("string", "\"hi\""), T("attr", "--flag"),
            T("prompt", "#"), T("prompt", "$"),
        ])
        #expect(tokens("$ cd /tmp\r\noutput 'x\r\n", "shell-session") == [T("prompt", "$"), T("function", "cd")])
    }

    @Test("PowerShell: cmdlets, parameters, operators, variables with scopes, strings, here-strings, comments")
    func powershell() {
        #expect(tokens("Get-ChildItem -Path $env:USERPROFILE -Recurse | Where-Object { $_.Length -gt 1MB } # big", "powershell") == [
            T("function", "Get-ChildItem"), T("attr", "-Path"), T("variable", "$env:USERPROFILE"), T("attr", "-Recurse"),
            T("function", "Where-Object"), T("variable", "$_"), T("keyword", "-gt"), T("number", "1MB"),
            T("comment", "# big"),
        ])
        #expect(tokens("if ($a -eq $null) { 'it''s' } else { \"a `\"q`\" $x\" }", "ps1") == [
            T("keyword", "if"), T("variable", "$a"), T("keyword", "-eq"), T("literal", "$null"),
            T("string", "'it''s'"), T("keyword", "else"), T("string", "\"a `\"q`\" "), T("variable", "$x"),
            T("string", "\""),
        ])
        #expect(tokens("<# block\n \"not a string\" #>\n$s = @\"\nline \"q\" #x\n\"@\nExit", "pwsh") == [
            T("comment", "<# block\n \"not a string\" #>"), T("variable", "$s"), T("string", "@\"\nline \"q\" #x\n\"@"),
            T("keyword", "Exit"),
        ])
    }

    @Test("JSON: keys apart from string values, numbers, literals, comments in jsonc, an unterminated string")
    func json() {
        #expect(tokens(#"{"name": "a \"b\" c", "n": -1.5e3, "ok": true, "none" : null, "list": [1, "x"]}"#, "json") == [
            T("key", #""name""#), T("string", #""a \"b\" c""#), T("key", #""n""#), T("number", "-1.5e3"),
            T("key", #""ok""#), T("literal", "true"), T("key", #""none""#), T("literal", "null"),
            T("key", #""list""#), T("number", "1"), T("string", #""x""#),
        ])
        #expect(tokens("// c \"x\"\n{/* \"a\": 1 */ \"k\":\n\"v", "jsonc") == [
            T("comment", "// c \"x\""), T("comment", "/* \"a\": 1 */"), T("key", "\"k\""), T("string", "\"v"),
        ])
    }

    @Test("YAML: keys, comments, quoted strings, anchors and aliases, tags, markers, block scalars, numbers, literals")
    func yaml() {
        let code = """
            # comment "x"
            ---
            name: "quoted # not comment"
            base: &base
              port: 8080
            other: *base
            enabled: true
            list:
              - item # trailing
              - key: 'it''s'
            script: |
              echo "a: b"

              # inside the block
            next: !!float 1.5
            url: http://x:80/y
            flow: {a: 1, b: [x, off]}
            """
        #expect(tokens(code, "yaml") == [
            T("comment", "# comment \"x\""), T("meta", "---"), T("key", "name"), T("string", "\"quoted # not comment\""),
            T("key", "base"), T("variable", "&base"), T("key", "port"), T("number", "8080"), T("key", "other"),
            T("variable", "*base"), T("key", "enabled"), T("literal", "true"), T("key", "list"),
            T("comment", "# trailing"), T("key", "key"), T("string", "'it''s'"), T("key", "script"),
            T("string", "  echo \"a: b\"\n\n  # inside the block"), T("key", "next"), T("meta", "!!float"),
            T("number", "1.5"), T("key", "url"), T("key", "flow"), T("key", "a"), T("number", "1"), T("key", "b"),
            T("literal", "off"),
        ])
        #expect(tokens("a: 1\r\nb: \"x\"\r\n", "yml") == [T("key", "a"), T("number", "1"), T("key", "b"), T("string", "\"x\"")])
        #expect(tokens("version: 1.2.3\nport: 08x\n", "yaml") == [T("key", "version"), T("key", "port")])
    }

    @Test("XML and HTML: tags, attributes, values, comments, CDATA, references, doctype; script text left plain")
    func markup() {
        #expect(tokens(#"<!DOCTYPE html><a href="x" data-y='z' hidden>&amp; t</a><!-- <b>"c"</b> --><![CDATA[<x a="1">]]>"#, "html") == [
            T("meta", "<!DOCTYPE html>"), T("tag", "<a"), T("attr", "href"), T("string", "\"x\""), T("attr", "data-y"),
            T("string", "'z'"), T("attr", "hidden"), T("tag", ">"), T("literal", "&amp;"), T("tag", "</a"), T("tag", ">"),
            T("comment", "<!-- <b>\"c\"</b> -->"), T("meta", "<![CDATA["), T("meta", "]]>"),
        ])
        #expect(tokens("<?xml version=\"1.0\"?>\n<svg:g id=a /><script>if (a < b) x = \"<b>\";</script>", "xml") == [
            T("meta", "<?xml version=\"1.0\"?>"), T("tag", "<svg:g"), T("attr", "id"), T("string", "a"), T("tag", "/>"),
            T("tag", "<script"), T("tag", ">"), T("tag", "</script"), T("tag", ">"),
        ])
        #expect(tokens("a < b <!-- open", "xhtml") == [T("comment", "<!-- open")])
    }

    @Test("Python: keywords, builtins, definitions, decorators, prefixed and triple-quoted strings, numbers")
    func python() {
        let code = """
            @app.route("/x")
            def handler(req):
                \"\"\"Doc "quoted" ''' # not a comment\"\"\"
                s = rb'\\x\\'' + f"{a}" # c "x"
                print(x.print, 0x1F, 1_000.5e-3, 3j)
                return None
            """
        #expect(tokens(code, "python") == [
            T("meta", "@app.route"), T("string", "\"/x\""), T("keyword", "def"), T("function", "handler"),
            T("string", "\"\"\"Doc \"quoted\" ''' # not a comment\"\"\""), T("string", "rb'\\x\\''"),
            T("string", "f\"{a}\""), T("comment", "# c \"x\""), T("function", "print"), T("number", "0x1F"),
            T("number", "1_000.5e-3"), T("number", "3j"), T("keyword", "return"), T("literal", "None"),
        ])
        #expect(tokens("x = '''open\nclass", "py") == [T("string", "'''open\nclass")])
        #expect(tokens("x = 'open\nclass A: pass", "python3") == [
            T("string", "'open"), T("keyword", "class"), T("function", "A"), T("keyword", "pass"),
        ])
    }

    @Test("SQL: keywords in any case, strings with doubled quotes, comments, functions, parameters, numbers")
    func sql() {
        let code = "SELECT name, COUNT(*) FROM users u WHERE u.from = 'it''s -- fine' and id = :id -- c 'x'\n"
            + "/* block 'x' */ insert into \"select\" values (NULL, 42, E'a\\'b', $1, $$ -- $$);"
        #expect(tokens(code, "sql") == [
            T("keyword", "SELECT"), T("function", "COUNT"), T("keyword", "FROM"), T("keyword", "WHERE"),
            T("string", "'it''s -- fine'"), T("keyword", "and"), T("variable", ":id"), T("comment", "-- c 'x'"),
            T("comment", "/* block 'x' */"), T("keyword", "insert"), T("keyword", "into"), T("keyword", "values"),
            T("literal", "NULL"), T("number", "42"), T("string", "E'a\\'b'"), T("variable", "$1"),
            T("string", "$$ -- $$"),
        ])
        #expect(tokens("select 'C:\\' as p, x::text", "postgresql") == [
            T("keyword", "select"), T("string", "'C:\\'"), T("keyword", "as"), T("keyword", "text"),
        ])
    }

    @Test("INI and TOML: sections, keys, values, comments")
    func ini() {
        let code = """
            ; comment
            [server]
            host = example.com ; inline
            port=8080
            debug: true
            name = "a \\"b\\" ; c"
            [[servers.alpha]]
            # hash comment
            text = \"\"\"
            two # lines\"\"\"
            list = [1, 'x', off]
            """
        #expect(tokens(code, "ini") == [
            T("comment", "; comment"), T("section", "[server]"), T("key", "host"), T("comment", "; inline"),
            T("key", "port"), T("number", "8080"), T("key", "debug"), T("literal", "true"), T("key", "name"),
            T("string", "\"a \\\"b\\\" ; c\""), T("section", "[[servers.alpha]]"), T("comment", "# hash comment"),
            T("key", "text"), T("string", "\"\"\"\ntwo # lines\"\"\""), T("key", "list"), T("number", "1"),
            T("string", "'x'"), T("literal", "off"),
        ])
        #expect(Language(infoWord: "TOML") == .ini && Language(infoWord: "properties") == .ini)
    }

    @Test("nginx: directives, variables in words and strings, comments, numbers with units, on/off")
    func nginx() {
        let code = """
            server {
                listen 443 ssl;
                server_name example.com;   # main "x"
                location /api/ {
                    proxy_pass http://backend$request_uri;
                    add_header X-Host "$host;{}";
                    gzip on; client_max_body_size 10m;
                }
            }
            """
        #expect(tokens(code, "nginx") == [
            T("keyword", "server"), T("keyword", "listen"), T("number", "443"), T("keyword", "server_name"),
            T("comment", "# main \"x\""), T("keyword", "location"), T("keyword", "proxy_pass"),
            T("variable", "$request_uri"), T("keyword", "add_header"), T("string", "\""), T("variable", "$host"),
            T("string", ";{}\""), T("keyword", "gzip"), T("literal", "on"), T("keyword", "client_max_body_size"),
            T("number", "10m"),
        ])
    }

    @Test("Apache: sections, directives, variables, strings, comments on whole lines, continued lines")
    func apache() {
        let code = """
            # comment
            <VirtualHost *:80>
                ServerName example.com # not a comment
                RewriteEngine On
                RewriteCond %{HTTP_HOST} ^www\\.(.*)$ [NC]
                RewriteRule ^(.*)$ https://%1/$1 [R=301,L]
                DocumentRoot "/var/www/html"
                Header set X \\
                  Options
            </VirtualHost>
            """
        #expect(tokens(code, "apacheconf") == [
            T("comment", "# comment"), T("section", "<VirtualHost"), T("section", ">"), T("keyword", "ServerName"),
            T("keyword", "RewriteEngine"), T("literal", "On"), T("keyword", "RewriteCond"), T("variable", "%{HTTP_HOST}"),
            T("keyword", "RewriteRule"), T("variable", "%1"), T("variable", "$1"), T("keyword", "DocumentRoot"),
            T("string", "\"/var/www/html\""), T("keyword", "Header"), T("section", "</VirtualHost"), T("section", ">"),
        ])
    }

    @Test("every alias names its language, in any case; other words name none")
    func aliases() {
        for language in Language.allCases {
            for alias in language.aliases {
                #expect(Language(infoWord: alias) == language)
                #expect(Language(infoWord: alias.uppercased()) == language)
            }
        }
        for word in ["", "text", "js", "markdown", "bash2", "shellsession", String(repeating: "x", count: 100)] {
            #expect(Language(infoWord: word) == nil)
            #expect(Highlighter.html("x", language: word) == nil)
        }
    }
}
