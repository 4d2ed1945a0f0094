#!/usr/bin/env python3
"""Differential test: the article URLs Jekyll writes for a Jekyll-era help center against those sitegen writes.

Builds two throwaway copies of the corpus (default ../shared/corpus/how-to-2017, the Rackspace How-To site of 2017):

- one with `jekyll build`, using the site's own `_config.yml`, plus two test-only plugins from
  Scripts/jekyll-differential/: `asset_path.rb` stands in for jekyll-assets' `{% asset_path %}` tag (which Debian
  does not package) and resolves it as sitegen does, and `page_manifest.rb` lists every page Jekyll rendered with
  its source file, URL and output file. Jekyll looks for `_includes` only inside its source folder, so when the
  config moves the source (`source: ./content`) and `_includes` sits beside `_config.yml`, the copy gets
  `<source>/_includes` too; sitegen finds it in either place (docs/content/jekyll/jekyll-era-help-centers.md).
- one with `sitegen build`, with a `templates/` override of the article, product and home templates that writes a
  one-line marker (kind, URL, source file) instead of the theme, so each written page can be traced to its source.

Then it compares the article URLs (pages rendered from content files; sitegen's generated home, product,
all-articles, 404, sitemap and robots pages and all copied files are left out; a product landing page or the home
intro counts as the content page it comes from) and prints the pages only one of them wrote, with the source file
and what the other tool did with that file.

Every difference must be listed in Scripts/jekyll-differential/expected-differences.txt, one URL a line with the
reason after ` # ` (percent-escapes or not, as you like). Exit status: 0 when every difference is expected (or when
jekyll or the corpus is missing: the test is skipped), 1 when there is an unexpected difference or a build failed,
2 for a usage problem (no sitegen binary, a bad fixture).

Usage: Scripts/jekyll-differential.py [--corpus ../shared/corpus/how-to-2017] [--sitegen .build/release/sitegen]
                                      [--jekyll jekyll] [--expected FILE] [--keep] [--verbose]
"""
import argparse, html, json, os, re, shutil, subprocess, sys, tempfile
from urllib.parse import unquote

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "Scripts", "jekyll-differential")
PLUGINS = ["asset_path.rb", "page_manifest.rb"]

# Templates for the sitegen copy: one marker comment per page, nothing else (so no theme links to check).
MARKER = re.compile(r"<!-- differential kind=(\w+) url=(.*?) body=(\w*) source=(.*?) -->")
TEMPLATES = {
    "article.mustache": "<!-- differential kind=article url={{page.url}} body=yes source={{article.source_path}} -->\n",
    "product.mustache": "<!-- differential kind=product url={{page.url}} "
                        "body={{#product.has_body}}yes{{/product.has_body}} source= -->\n",
    "home.mustache": "<!-- differential kind=home url={{page.url}} body={{#home.has_body}}yes{{/home.has_body}} source= -->\n",
}


def key(url):
    """Comparison key of a URL: percent-escapes decoded. Jekyll escapes what it substitutes for `:basename` but
    keeps a front-matter permalink as written (`/with space/`); sitegen always percent-encodes (`/caf%C3%A9/`)."""
    return unquote(url)


def config_value(config_path, name):
    """A top-level scalar of `_config.yml`, read with a regex (the stdlib has no YAML parser)."""
    with open(config_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            match = re.match(rf"{name}\s*:\s*(.*?)\s*(#.*)?$", line)
            if match:
                return match.group(1).strip("'\"")
    return None


def copy_corpus(corpus, target):
    shutil.copytree(corpus, target, symlinks=True,
                    ignore=shutil.ignore_patterns(".jekyll-cache", ".jekyll-metadata", ".sass-cache", ".git"))


def run(args, cwd, env=None):
    return subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")


def front_matter_permalink(path):
    """`permalink:` of a file's front matter (plain `key: value` lines only), or None."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0].rstrip() != "---":
        return None
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            break
        match = re.match(r"permalink\s*:\s*(.*?)\s*$", line)
        if match:
            return match.group(1).strip("'\"")
    return None


def sitegen_landing_url(baseurl, content_rel_path, permalink):
    """The URL sitegen gives a content file that is not an article page (a product landing page or the home
    intro): its permalink, else the folder of an `index.md`. Only used to name the source of such pages."""
    if permalink:
        path = permalink.lstrip("/")
        if path and not path.endswith("/") and not path.endswith(".html"):
            path += "/"
        return baseurl + path
    folder, name = os.path.split(content_rel_path)
    if os.path.splitext(name)[0] == "index":
        return baseurl + (folder + "/" if folder else "")
    return None


# ---------------------------------------------------------------------------------------------------------- Jekyll

def build_with_jekyll(corpus, work, jekyll, verbose):
    site = os.path.join(work, "jekyll")
    copy_corpus(corpus, site)
    plugins = os.path.join(work, "jekyll-plugins")
    os.makedirs(plugins)
    for name in PLUGINS:
        shutil.copy(os.path.join(FIXTURES, name), plugins)
    notes = []
    source = config_value(os.path.join(site, "_config.yml"), "source") or "."
    source_dir = os.path.normpath(os.path.join(site, source))
    includes, source_includes = os.path.join(site, "_includes"), os.path.join(source_dir, "_includes")
    if source_dir != site and os.path.isdir(includes) and not os.path.exists(source_includes):
        shutil.copytree(includes, source_includes, symlinks=True)
        notes.append(f"copied _includes/ into {os.path.relpath(source_includes, site)}/ (Jekyll reads includes "
                     f"only inside its source folder)")
    manifest = os.path.join(work, "jekyll-manifest.json")
    env = dict(os.environ, JEKYLL_DIFFERENTIAL_MANIFEST=manifest, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    result = run([jekyll, "build", "--plugins", plugins], cwd=site, env=env)
    output = [line for line in result.stdout.splitlines() if not re.match(r"\s+from /", line)]
    warnings = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in output
                if re.search(r"(Warning|Conflict|Error|Exception|Deprecation)", line)]
    if verbose:
        print("\n".join(output))
    if result.returncode != 0 or not os.path.exists(manifest):
        print("\n".join(output[-20:]), file=sys.stderr)
        sys.exit(f"error: jekyll build failed (exit {result.returncode})" if result.returncode != 0
                 else "error: jekyll did not load Scripts/jekyll-differential/page_manifest.rb")
    with open(manifest, encoding="utf-8") as f:
        data = json.load(f)
    base = data["baseurl"].rstrip("/")
    source_rel = os.path.relpath(data["source"], site)
    prefix = "" if source_rel == "." else source_rel + "/"
    pages = {}          # URL key -> [(URL as written, source path relative to the site root, output file)]
    for page in data["pages"]:
        url = base + page["url"]
        if not os.path.exists(page["dest"]):
            warnings.append(f"page {page['path']} has URL {url} but {page['dest']} was not written")
            continue
        pages.setdefault(key(url), []).append((url, prefix + page["path"].lstrip("/"),
                                               os.path.relpath(page["dest"], site)))
    statics = {prefix + item["path"].lstrip("/"): base + item["url"] for item in data["static_files"]}
    return pages, statics, warnings, notes, prefix


# --------------------------------------------------------------------------------------------------------- sitegen

def build_with_sitegen(corpus, work, sitegen, verbose):
    site = os.path.join(work, "sitegen")
    copy_corpus(corpus, site)
    notes = []
    templates = os.path.join(site, "templates")
    if os.path.exists(templates):
        notes.append("the corpus has templates/: its article, product and home templates were replaced")
    os.makedirs(templates, exist_ok=True)
    for name, text in TEMPLATES.items():
        with open(os.path.join(templates, name), "w", encoding="utf-8") as f:
            f.write(text)
    report = os.path.join(work, "sitegen-report.json")
    output_dir = os.path.join(site, "public")
    result = run([sitegen, "build", "-s", site, "-o", "public", "--report", f"json={report}"], cwd=site)
    if verbose:
        print(result.stdout)
    summary = [line for line in result.stdout.splitlines()
               if re.match(r"(config:|checked |by rule:|built |\d+ errors|time:)", line)]
    if result.returncode != 0:
        print(result.stdout[-4000:], file=sys.stderr)
        sys.exit(f"error: sitegen build failed (exit {result.returncode})")
    findings = {}
    if os.path.exists(report):
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
        for finding in data.get("findings", []):
            findings.setdefault(finding["file"], []).append(finding)
        checked_files = data.get("summary", {}).get("files")
    else:
        checked_files = None
    pages, landing = {}, {}   # landing: URL key -> (URL, kind, has a body, output file) of product/home pages
    for folder, _, files in os.walk(output_dir):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                match = MARKER.search(f.read(4096))
            if not match:
                continue   # 404.html, all-articles, link report: generated pages of other templates
            kind, url, body, source = (html.unescape(g) for g in match.groups())
            rel = os.path.relpath(path, site)
            if kind == "article":
                pages.setdefault(key(url), []).append((url, source, rel))
            else:
                landing[key(url)] = (url, kind, body == "yes", rel)
    published_sources = {source for entries in pages.values() for _, source, _ in entries}
    # A landing page or home intro is rendered by the product or home template, which has no source path: find
    # the content file whose URL is that page's URL.
    config = os.path.join(site, "_config.yml")
    source = (config_value(config, "source") if os.path.exists(config) else None) or "content"
    content = os.path.normpath(os.path.join(site, source))
    baseurl = "/" + (config_value(config, "baseurl") or "/how-to/").strip("/") + "/"
    baseurl = baseurl.replace("//", "/")
    claimed = set()
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".md", ".markdown")) or name.startswith("."):
                continue
            rel_site = os.path.relpath(os.path.join(folder, name), site)
            if rel_site in published_sources:
                continue
            if any(f["severity"] == "error" or f["rule"] == "front-matter-missing" for f in findings.get(rel_site, [])):
                continue
            url = sitegen_landing_url(baseurl, os.path.relpath(os.path.join(folder, name), content),
                                      front_matter_permalink(os.path.join(folder, name)))
            if url and key(url) in landing and key(url) not in claimed:
                claimed.add(key(url))
                page_url, kind, _, rel = landing[key(url)]
                pages.setdefault(key(page_url), []).append((page_url, rel_site, rel))
    for url_key, (page_url, kind, has_body, rel) in landing.items():
        if url_key not in claimed and has_body:
            pages.setdefault(url_key, []).append((page_url, f"(a {kind} page body from an unidentified file)", rel))
    count = sum(len(v) for v in pages.values())
    if checked_files is not None and checked_files != count:
        notes.append(f"sitegen's report counts {checked_files} article files, the output has {count} content pages")
    return pages, findings, summary, notes, os.path.relpath(content, site) + "/"


# -------------------------------------------------------------------------------------------------------- compare

def read_expected(path):
    expected = {}
    if not os.path.exists(path):
        return expected
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.rstrip("\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            url, sep, reason = text.partition(" # ")
            if not sep or not reason.strip() or not url.strip():
                print(f"{path}:{number}: error: expected '<url> # <reason>', got {text!r}", file=sys.stderr)
                sys.exit(2)
            expected[key(url.strip())] = reason.strip()
    return expected


def describe_other(source, other_by_source, other_name, statics, findings):
    """What the other tool did with a source file."""
    if source in other_by_source:
        return f"{other_name} wrote it at " + ", ".join(sorted(other_by_source[source]))
    if statics is not None and source in statics:
        return f"{other_name} copied it as a static file to {statics[source]}"
    if findings is not None:
        rules = [f"{f['severity']} {f['rule']}: {f['message']}" for f in findings.get(source, [])
                 if f["rule"].startswith(("front-matter", "content-not-utf8", "content-missing-extension",
                                          "content-unreadable", "content-symlink", "output-", "content-duplicate"))]
        if rules:
            return f"{other_name} did not publish it: " + "; ".join(rules)
    return f"{other_name} wrote no page from it"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus", "how-to-2017"))
    parser.add_argument("--sitegen", default=os.path.join(REPO, ".build", "release", "sitegen"))
    parser.add_argument("--jekyll", default="jekyll", help="the jekyll command (default: jekyll on PATH)")
    parser.add_argument("--expected", default=os.path.join(FIXTURES, "expected-differences.txt"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    parser.add_argument("--verbose", action="store_true", help="print both tools' full output")
    args = parser.parse_args()

    jekyll = shutil.which(args.jekyll)
    if not jekyll:
        print(f"skipped: jekyll not installed ('{args.jekyll}' is not on PATH)")
        return 0
    corpus = os.path.abspath(args.corpus)
    if not os.path.isfile(os.path.join(corpus, "_config.yml")):
        print(f"skipped: corpus not found ({corpus} has no _config.yml)")
        return 0
    sitegen = os.path.abspath(args.sitegen)
    if not os.access(sitegen, os.X_OK):
        print(f"error: no sitegen binary at {sitegen}; build it with `swift build -c release` or pass --sitegen",
              file=sys.stderr)
        return 2
    expected = read_expected(args.expected)
    fixture = os.path.relpath(args.expected, REPO) if os.path.abspath(args.expected).startswith(REPO + os.sep) \
        else args.expected

    work = tempfile.mkdtemp(prefix="jekyll-differential-")
    try:
        jekyll_pages, statics, jekyll_warnings, jekyll_notes, _ = build_with_jekyll(corpus, work, jekyll,
                                                                                     args.verbose)
        sitegen_pages, findings, sitegen_summary, sitegen_notes, _ = build_with_sitegen(corpus, work, sitegen,
                                                                                        args.verbose)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    version = run([jekyll, "--version"], cwd=REPO).stdout.strip()
    print(f"corpus:  {corpus}")
    print(f"jekyll:  {version}; {sum(map(len, jekyll_pages.values()))} pages at {len(jekyll_pages)} URLs, "
          f"{len(statics)} static files")
    for note in jekyll_notes:
        print(f"  note: {note}")
    for warning in jekyll_warnings:
        print(f"  jekyll: {warning}")
    print(f"sitegen: {sitegen}; {sum(map(len, sitegen_pages.values()))} content pages at {len(sitegen_pages)} URLs")
    for note in sitegen_notes:
        print(f"  note: {note}")
    for line in sitegen_summary:
        print(f"  sitegen: {line}")

    jekyll_by_source, sitegen_by_source = {}, {}
    for entries, by_source in ((jekyll_pages, jekyll_by_source), (sitegen_pages, sitegen_by_source)):
        for entries_at_url in entries.values():
            for url, source, _ in entries_at_url:
                by_source.setdefault(source, set()).add(url)
    only_jekyll = sorted(set(jekyll_pages) - set(sitegen_pages))
    only_sitegen = sorted(set(sitegen_pages) - set(jekyll_pages))
    common = set(jekyll_pages) & set(sitegen_pages)
    print(f"\nURLs in both: {len(common)}; only in Jekyll: {len(only_jekyll)}; only in sitegen: {len(only_sitegen)}")

    shared_sources = []
    for url_key in sorted(common):
        a = sorted(s for _, s, _ in jekyll_pages[url_key])
        b = sorted(s for _, s, _ in sitegen_pages[url_key])
        if len(a) > 1 or len(b) > 1 or a != b:
            shared_sources.append((url_key, a, b))

    unexpected = []

    def show(title, urls, pages, other_by_source, other_name, other_statics, other_findings):
        if not urls:
            return
        print(f"\n{title}:")
        for url_key in urls:
            mark = "expected" if url_key in expected else "UNEXPECTED"
            if url_key not in expected:
                unexpected.append(url_key)
            print(f"  [{mark}] {url_key}")
            for url, source, out in pages[url_key]:
                print(f"      from {source} (wrote {out})")
                print(f"      {describe_other(source, other_by_source, other_name, other_statics, other_findings)}")
            if url_key in expected:
                print(f"      reason: {expected[url_key]}")

    show("Only in Jekyll", only_jekyll, jekyll_pages, sitegen_by_source, "sitegen", None, findings)
    show("Only in sitegen", only_sitegen, sitegen_pages, jekyll_by_source, "Jekyll", statics, None)
    if shared_sources:
        print("\nSame URL, different or several source files:")
        for url_key, a, b in shared_sources:
            mark = "expected" if url_key in expected else "UNEXPECTED"
            if url_key not in expected:
                unexpected.append(url_key)
            print(f"  [{mark}] {url_key}\n      Jekyll: {', '.join(a)}\n      sitegen: {', '.join(b)}")
            if url_key in expected:
                print(f"      reason: {expected[url_key]}")

    differences = set(only_jekyll) | set(only_sitegen) | {u for u, _, _ in shared_sources}
    stale = sorted(set(expected) - differences)
    if stale:
        print(f"\nnote: {len(stale)} entries of {fixture} are no longer differences:")
        for url_key in stale:
            print(f"  {url_key}")
    if unexpected:
        print(f"\nFAIL: {len(unexpected)} unexpected differences; fix sitegen, or list them with a reason in "
              f"{fixture}")
        return 1
    print(f"\nOK: {len(differences)} differences, all expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
