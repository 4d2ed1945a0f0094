#!/usr/bin/env python3
"""Writes the seed corpora in Seeds/<target>/ from the test fixtures and a few hostile shapes. Run from Fuzz/ when the
fixtures change; the seeds are committed, so CI fuzzes from the same start every time."""
import glob, hashlib, os, re, shutil

FIXTURES = "../Tests/Fixtures"
LIMIT = 8 * 1024  # small files only: libFuzzer mutates every seed many times


def front_matter_split(text):
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    return (match.group(0), text[match.end():]) if match else ("", text)


def write(target, name, data):
    folder = os.path.join("Seeds", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    if len(data) <= LIMIT:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


for target in ["FuzzFrontMatter", "FuzzMarkdown", "FuzzLiquid", "FuzzConfig", "FuzzPreviewPath", "FuzzHighlight"]:
    shutil.rmtree(os.path.join("Seeds", target), ignore_errors=True)

articles = sorted(glob.glob(FIXTURES + "/*/content/**/*.md", recursive=True))
for path in articles:
    name = path[len(FIXTURES) + 1:].replace("/", "_").replace(" ", "-")
    text = open(path, encoding="utf-8").read()
    write("FuzzFrontMatter", name, text)
    _, body = front_matter_split(text)
    write("FuzzMarkdown", name, body)
    if "{%" in body or "{{" in body:
        write("FuzzLiquid", name, body)

for path in sorted(glob.glob(FIXTURES + "/*/sitegen.yml") + glob.glob(FIXTURES + "/*/_config.yml")):
    write("FuzzConfig", path[len(FIXTURES) + 1:].replace("/", "_"), open(path, encoding="utf-8").read())

hostile = {
    # Front matter: YAML aliases (small: three levels), a key used as an alias, tabs, an unterminated block,
    # a BOM and CRLF fences, a permalink that tries to leave the site.
    "FuzzFrontMatter": {
        "aliases.md": "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntitle: *c\n---\nBody\n",
        "alias-key.md": "---\nk: &k {a: 1, b: 2}\n? *k\n: v\ntitle: T\n---\n",
        "unterminated.md": "---\ntitle: Open\npermalink: x/\n\n# Heading\nText [a](/b/)\n",
        "bom-crlf.md": "\ufeff---\r\ntitle: CRLF\r\n---\r\nBody\r\n",
        "permalink-escape.md": "---\ntitle: P\npermalink: ../../%2e%2e/etc/\ncreated_date: 0000-01-01\n---\n",
        "tabs.md": "---\ntitle:\tT\n\tbad: [\n---\n",
    },
    # Markdown: the shapes of issue 21's slow inputs, small.
    "FuzzMarkdown": {
        "nested-images.md": "![" * 40 + "a" + "](/how-to/x/)" * 40 + "\n",
        "bracket-paren.md": "[ (](" * 100 + "\n",
        "references.md": "[a][b]" * 100 + "\n",
        "space-paren.md": "[a] (http://x" * 100 + "\n",
        "html-block.md": "<div>\n" + "[a](/how-to/a/) " * 100 + "\n</div>\n",
        "mixed.md": "# A\n# A\n\n[x](<a b>) [y]((z) [w](a b) <http://x> ![i](/how-to/assets/images/logo.png)\n\n"
                    "| a | b |\n|---|---|\n| [c](#top) | <a href=\"/how-to/a/#install\" name=n>d</a> |\n\n"
                    "<!-- sitegen-ignore link-broken -->\n[e](/nope/)\n[^1]\n\n[^1]: note\n",
    },
    "FuzzLiquid": {
        "tag-runs.liquid": "{% " * 300 + "\n",
        "raw-runs.liquid": "{% raw %}" * 100 + "\n",
        "variables.liquid": "{{ page.title }}" * 100 + "\n",
        "tags.liquid": "{% asset_path images/logo.png %} {% asset_path 'files/a b.pdf' %} {% asset_path nope.png %}\n"
                       "{% include note.html %} {% include nested/code.txt %} {% include loop.html %} {% include ../x %}\n"
                       "{% include all-articles-list.html %} {{ site.baseurl }} {{ site.url }} {{ page.url }}\n"
                       "{% raw %}{{ kept }}{% endraw %} {% comment %}gone {% if %}{% endcomment %} {% if x %}y{% endif %}\n"
                       "[link]({{ site.baseurl }}a/) ![img]({% asset_path images/50%off.png %})\n",
        "unclosed.liquid": "{% raw %}{{ a\n{% comment %}\n{{\n{%\n",
    },
    "FuzzConfig": {
        "aliases.yml": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: *b\n",
        "full.yml": "title: T\nbaseurl: /b/\nurl: https://x.example\nlanguage: fr\ncontent: c\nexclude: [a, b]\n"
                    "markdown:\n  raw_html: false\n  smart_punctuation: true\nassets:\n  - folder: _a\n    url: a/\n"
                    "includes: _inc\nlinks:\n  rules:\n    link-broken: warning\n  ignore:\n    urls: ['/x/*']\n"
                    "    files: ['a/*.md']\n  front_matter_fields: [image]\n",
        "jekyll-keys.yml": "title: \"J\\n\"\nbaseurl: ''\nplugins: [jekyll-seo]\n\"odd key\": 1\n"
                           "assets:\n  sources: [_assets/img, _assets/files]\n",
    },
}
for target, seeds in hostile.items():
    for name, text in seeds.items():
        write(target, name, text)

paths = ["/", "/how-to/", "/how-to", "/how-to/a", "/how-to/a/?x=1", "/how-to/a%20b", "/how-to/50%25off",
         "/how-to/style.css", "/how-to/../etc/passwd", "/%2e%2e/x", "/a%2Fb", "/a\\b", "/a%00b", "//how-to",
         "/how-to//a", "http://host/how-to/a?q#f", "*", "/%", "/%zz", "/how-to/assets/images/logo.png"]
for path in paths:
    write("FuzzPreviewPath", hashlib.sha1(path.encode()).hexdigest()[:12], path)

# FuzzHighlight: the first byte picks the language, as an index into SitegenHighlight's Language.allCases (this
# order); the rest is the code. Seeds: the fixtures' fenced blocks in a known language, and hostile shapes.
LANGUAGES = ["shell", "console", "powershell", "json", "yaml", "markup", "python", "sql", "ini", "nginx", "apache"]
ALIASES = {"sh": "shell", "bash": "shell", "shell": "shell", "zsh": "shell", "console": "console",
           "shell-session": "console", "powershell": "powershell", "ps1": "powershell", "pwsh": "powershell",
           "ps": "powershell", "json": "json", "jsonc": "json", "yaml": "yaml", "yml": "yaml", "xml": "markup",
           "html": "markup", "xhtml": "markup", "svg": "markup", "python": "python", "py": "python",
           "python3": "python", "sql": "sql", "mysql": "sql", "postgresql": "sql", "psql": "sql", "ini": "ini",
           "cfg": "ini", "conf": "ini", "toml": "ini", "properties": "ini", "nginx": "nginx", "apache": "apache",
           "apacheconf": "apache", "htaccess": "apache"}
for path in articles:
    for info, code in re.findall(r"^```(\S+)[^\n]*\n(.*?)^```", open(path, encoding="utf-8").read(), re.S | re.M):
        language = ALIASES.get(info.lower())
        if language:
            data = bytes([LANGUAGES.index(language)]) + code.encode()
            write("FuzzHighlight", hashlib.sha1(data).hexdigest()[:12], data)
HOSTILE_CODE = {
    "quotes": '"' * 200,
    "comments": "<!--" * 50,
    "triple": "'" * 180,
    "braces": "${" * 100,
    "here": "<<EOF\n" * 20 + "@\"\n" * 20,
    "block": "k: |\n  a\n" * 20 + "[{" * 50,
    "mixed": "a: \"b\\\"\" # c\r\n<a b='c'>&amp;</a> $x ${y} -z --w 1.5e3 '\u00e9\U0001F389\n",
}
for index, language in enumerate(LANGUAGES):
    for name, text in HOSTILE_CODE.items():
        write("FuzzHighlight", f"{language}-{name}", bytes([index]) + text.encode())
