#!/usr/bin/env python3
"""Writes a help center of N articles for benchmarks and scaling tests, in one of two modes.

Generated (the default): a deterministic, realistic, clean help center. Each article has front matter in the
help-center schema (the keys and order of the reference article), and a body of a few KB: an intro, headings, a
prerequisites list, numbered steps, a table, a code block, 5 to 10 links to other generated articles (some with
#fragments of their headings), one or two images of its product, and a few external links. Products get a landing
page (index.md) and a few images. The same N and seed always give the same files.

Replicated (--from SOURCE_SITE): a real Jekyll-era help center (`_config.yml` with `source:` and `baseurl:`,
`content/<product>/<slug>.md`, `_assets/`, `_includes/`) grown to N articles with its mistakes, so that benchmarks
meet real findings in numbers that scale with N. The same N and source always give the same files (the seed is
not used).
- Copied once: `_config.yml`, every top-level `_folder` (`_assets`, `_includes`, ...; images are shared by all
  copies), and every content file as it is (copy 0), the landing pages, the home page and non-page files included.
- N counts the Markdown files (.md, .markdown) with front matter, as `sitegen check` counts articles; the source's
  own ones are copy 0, so N must be at least their number. Articles are copied round robin (copy 1 of every
  article in path order, then copy 2, ...) until there are N; only the last round is partial. Copy k of
  `<folder>/<name>.md` is `<folder>/<name>-c<k>.md`, and `-c<k>` goes at the end of each `permalink:` value, before
  a trailing `/` or `.html`, so the permalink keeps its style (leading `/` or not, trailing `/` or not). A file
  without a permalink gets only the new name (its URL follows the name). Product "all articles" pages (those that
  `{% include all-articles-list.html %}`) are written once, like landing pages. Product landing pages (`index.md`, or a
  URL equal to a product page's `<baseurl><product>/`) and the home page (URL `<baseurl>`) are not copied.
- Files that sitegen skips with a warning, Markdown without front matter and files without an extension, are
  copied in the same rounds and renamed the same way, so their share of the files stays the source's; they don't
  count towards N.
- In copy k, a link to a copied article points at that article's copy k (copy k-1 for the targets the partial last
  round didn't reach): `-c<k>` is inserted into the path as written, so the link keeps its form (`/how-to/x/`,
  `/how-to/x`, `x/index.html`, `../x/`, `#fragment` and `?query` as written, `](( ))` around it). Links are
  Markdown destinations (`](…)`, also `] (…)`), `href`/`src` attributes, `<https://…>` autolinks, `[label]: url`
  definitions and bare `https://…` URLs, resolved as a browser would from the page's URL (percent-decoded; `x` and
  `x/index.html` mean `x/`). An absolute http(s) URL on any host counts when its path is under the baseurl and
  names an article (the 2017 corpus writes `https://support.rackspace.com/how-to/x/`). Links to landing pages, the
  home page or files, and links that resolve to nothing (broken) stay as written in every copy, so broken links
  and broken fragments scale with N. Code blocks are not told apart from text.
- Everything else stays byte for byte: front matter (invalid dates, duplicate keys), CRLF line ends, malformed
  links. A one-line summary gives the counts of articles, products and internal links by treatment.

Usage: generate-corpus.py N OUTPUT_FOLDER [--seed 1]
       generate-corpus.py N OUTPUT_FOLDER --from SOURCE_SITE
"""
import argparse, math, os, random, re, shutil, sys
from urllib.parse import unquote, urljoin

WORDS = ("account server mailbox domain record backup volume network image snapshot instance database user "
         "password portal setting policy region zone cluster node storage container key certificate alias "
         "quota schedule report agent firewall route gateway load balancer monitor alert template").split()
VERBS = "create delete configure update migrate restore verify enable disable reset connect monitor".split()
SENTENCES = [
    "Use the following steps to {verb} the {a} for your {b}.",
    "The {a} must be ready before you {verb} the {b}.",
    "If the {a} does not respond, check the {b} settings in the control panel.",
    "Changes to the {a} can take up to 15 minutes to reach every {b}.",
    "You can {verb} a {a} from the command line or from the portal.",
    "Each {b} keeps its own {a}, so review both before you continue.",
]


def sentence(rng):
    return rng.choice(SENTENCES).format(verb=rng.choice(VERBS), a=rng.choice(WORDS), b=rng.choice(WORDS))


def paragraph(rng, count):
    return " ".join(sentence(rng) for _ in range(count))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--from", dest="source", metavar="SOURCE_SITE",
                        help="replicate this Jekyll-era help center to N articles instead of generating one")
    options = parser.parse_args()
    if options.source:
        replicate(options.source, options.count, options.output)
        return
    rng = random.Random(options.seed)
    count = options.count
    products = [f"product-{index:03d}" for index in range(min(60, max(5, count // 200)))]
    if os.path.exists(options.output):
        shutil.rmtree(options.output)
    content = os.path.join(options.output, "content")
    articles = []
    for number in range(count):
        product = products[number % len(products)]
        verb = rng.choice(VERBS)
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        title = f"{verb.capitalize()} the {a} of a {b} ({number})"
        slug = f"{verb}-the-{a}-of-a-{b}-{number}".replace(" ", "-")
        articles.append((number, product, title, slug))
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(options.output, "sitegen.yml"), "w") as config:
        config.write("title: Generated Help Center\nbaseurl: /how-to/\nurl: https://help.example.com\n")
    for product in products:
        folder = os.path.join(content, product, "images")
        os.makedirs(folder, exist_ok=True)
        for image in range(4):
            with open(os.path.join(folder, f"screen-{image}.svg"), "w") as svg:
                svg.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#{image * 3 + 1}{image * 2 + 2}9"/></svg>\n')
        name = product.replace("-", " ").title()
        members = [article for article in articles if article[1] == product][:20]
        with open(os.path.join(content, product, "index.md"), "w") as landing:
            landing.write(f"---\ntitle: {name}\ntype: product\npermalink: /{product}/\nproduct: {name}\nproduct_url: {product}\n---\n")
            landing.write(f"Everything about {name}.\n\n")
            for _, _, title, slug in members:
                landing.write(f"- [{title}](/how-to/{slug}/)\n")
    for number, product, title, slug in articles:
        year, month, day = 2014 + number % 8, 1 + number % 12, 1 + number % 28
        name = product.replace("-", " ").title()
        lines = ["---", f"permalink: {slug}/", "audit_date:", f"title: {title}", "type: article",
                 f"created_date: '{year}-{month:02d}-{day:02d}'", "created_by: Generated Author",
                 f"last_modified_date: '{year + 1}-{month:02d}-{day:02d}'", "last_modified_by: Generated Editor",
                 f"product: {name}", f"product_url: {product}", "---"]
        body = [paragraph(rng, 4), "", "### Prerequisites", "",
                f"- **Applies to:** {rng.choice(['User', 'Administrator', 'Account owner'])}",
                f"- **Difficulty:** {rng.choice(['Easy', 'Moderate', 'Challenging'])}",
                f"- **Time needed:** Approximately {rng.randint(5, 60)} minutes", "", "### Steps", ""]
        for step in range(1, rng.randint(5, 9)):
            body.append(f"{step}. {sentence(rng)}")
            if step == 2:
                body.append(f"    ![Screen {step}](/how-to/{product}/images/screen-{rng.randint(0, 3)}.svg)")
        body += ["", paragraph(rng, 5), "", "| Setting | Value | Notes |", "|---|---|---|"]
        for _ in range(rng.randint(3, 6)):
            body.append(f"| {rng.choice(WORDS)} | {rng.randint(1, 9999)} | {sentence(rng)} |")
        body += ["", "```sh", f"sitegen-cli {rng.choice(VERBS)} --{rng.choice(WORDS)} {rng.randint(1, 99)}",
                 f"sitegen-cli status --region {rng.choice(['dfw', 'ord', 'iad', 'lon'])}", "```", "",
                 "### Troubleshooting", "", paragraph(rng, 6), ""]
        targets = rng.sample(range(len(articles)), k=min(len(articles), rng.randint(5, 10)))
        related = []
        for target in targets:
            _, _, other_title, other_slug = articles[target]
            fragment = rng.choice(["", "", "#steps", "#prerequisites", "#troubleshooting"])
            related.append(f"- [{other_title}](/how-to/{other_slug}/{fragment})")
        body += ["### Related articles", ""] + related + [""]
        if rng.random() < 0.5:
            body.append(f"![Overview](/how-to/{product}/images/screen-{rng.randint(0, 3)}.svg)")
            body.append("")
        body.append(f"For more help, see the [status page](https://status.example.com/{product}) or "
                    f"[the community forum](https://community.example.com/t/{number}).")
        with open(os.path.join(content, product, f"{slug}.md"), "w") as article:
            article.write("\n".join(lines + body) + "\n")
    print(f"wrote {count} articles in {len(products)} products to {options.output}")


# Replicated mode (--from): a real Jekyll-era help center grown to N articles. See the module docstring.

PAGE_EXTENSIONS = (".md", ".markdown")


def front_matter_value(key):
    """A top-level `key: value` line of front matter; group 1 is the value without the line's blanks and `\\r`."""
    return re.compile(rb"^" + key + rb"[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.M)


PERMALINK = front_matter_value(rb"permalink")
PRODUCT_URL = front_matter_value(rb"product_url")
# Link destinations, in the forms the checker reads: `](dest` (also `] (dest`, `](<dest`, `]((dest`), href and src
# attributes, `<https://…>` autolinks, `[label]: dest` definitions, and bare http(s) URLs where GFM autolinks them.
LINK = re.compile(rb"""
      \]\ ?\([ \t]*<?\(?(?P<inline>[^\s()<>]+)
    | \b(?:href|src)[ \t]*=[ \t]*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')
    | <(?P<auto>https?://[^\s<>]+)>
    | ^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<ref>[^\s<>]+)
    | (?:^|(?<=[\s*_~(]))(?P<bare>https?://[^\s<>\[\]]+)
""", re.X | re.M | re.I)
LINK_GROUPS = ("inline", "dq", "sq", "auto", "ref", "bare")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
SELF = -1  # the slot of a permalink value: always the file's own copy number


def url_slug(name):
    """URL slug of a file name, as sitegen's URLMapper.slug: ASCII letters, digits, `_` and `.`, other runs `-`."""
    result, pending = [], False
    for character in name.lower():
        if character.isascii() and (character.isalnum() or character in "_."):
            if pending and result:
                result.append("-")
            pending = False
            result.append(character)
        else:
            pending = True
    return "".join(result) or "page"


def split_front_matter(data):
    """(YAML start, YAML end, body start) as sitegen's FrontMatterSplitter reads them, or None without front matter."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    first_end = data.find(b"\n", start)
    first_end = len(data) if first_end < 0 else first_end
    if start >= len(data) or data[start:first_end].rstrip(b" \t\r") != b"---":
        return None
    line_start = first_end + 1
    while line_start < len(data):
        end = data.find(b"\n", line_start)
        end = len(data) if end < 0 else end
        if data[line_start:end].rstrip(b" \t\r") in (b"---", b"..."):
            return first_end + 1, line_start, min(end + 1, len(data))
        line_start = end + 1
    return min(first_end + 1, len(data)), len(data), len(data)  # unterminated: all YAML


def scalar_span(data, match):
    """The span of a front matter line's value, quotes and a trailing comment excluded; None when empty or null."""
    start, end = match.span(1)
    value = data[start:end]
    if len(value) >= 2 and value[:1] in (b'"', b"'") and value[-1:] == value[:1]:
        return start + 1, end - 1
    comment = re.search(rb"[ \t]#", value)
    if comment:
        end = start + len(value[:comment.start()].rstrip())
    if data[start:end] in (b"", b"~", b"null", b"Null", b"NULL"):
        return None
    return start, end


def copy_url(url, k):
    """The URL of copy k of the page at `url`: `-c<k>` before the trailing `/` or `.html`."""
    if url.lower().endswith(".html"):
        return url[:-5] + f"-c{k}" + url[-5:]
    stem = url.rstrip("/")
    return stem + f"-c{k}" + url[len(stem):]


def copy_name(name, k):
    base, extension = os.path.splitext(name)
    return f"{base}-c{k}{extension}"


def page_key(path):
    """A decoded site path as a page lookup key: `x` and `x/index.html` mean `x/`."""
    if path.endswith("/index.html"):
        return path[:-len("index.html")]
    if not path.endswith("/") and not path.lower().endswith(".html"):
        return path + "/"
    return path


class Source:
    """The source site's content files, the URL of each page and the link slots of each copied article."""

    def __init__(self, root):
        self.root = root
        config = open(os.path.join(root, "_config.yml"), "rb").read().decode("utf-8", "replace")

        def setting(key, default):
            match = re.search(rf"^{key}[ \t]*:[ \t]*(.*?)[ \t]*$", config, re.M)
            value = match.group(1).strip("'\"") if match else ""
            return value or default
        self.content = os.path.normpath(os.path.join(root, setting("source", ".")))
        self.baseurl = "/" + setting("baseurl", "/").strip("/") + "/" if setting("baseurl", "/").strip("/") else "/"
        self.files = []  # content-relative paths, sorted
        for folder, folders, names in os.walk(self.content):
            if os.path.samefile(folder, root):  # `source: .`: the Jekyll folders aren't content
                folders[:] = [name for name in folders if not name.startswith(("_", "."))]
                names = [name for name in names if not name.startswith(("_", "."))]
            folders.sort()
            self.files += [os.path.relpath(os.path.join(folder, name), self.content) for name in names]
        self.files.sort(key=lambda path: path.encode("utf-8", "surrogateescape"))

        self.pages = {}  # path -> (data, front matter split or None)
        products, urls, unnamed = set(), {}, set()
        for path in self.files:
            name = os.path.basename(path)
            if not (name.lower().endswith(PAGE_EXTENSIONS) or "." not in name):
                continue
            data = open(os.path.join(self.content, path), "rb").read()
            split = split_front_matter(data) if name.lower().endswith(PAGE_EXTENSIONS) else None
            self.pages[path] = (data, split)
            if split is None:
                continue
            yaml = data[split[0]:split[1]]
            permalinks = list(PERMALINK.finditer(yaml))
            span = scalar_span(yaml, permalinks[-1]) if permalinks else None  # the last of duplicate keys wins
            permalink = yaml[span[0]:span[1]].decode("utf-8", "surrogateescape") if span else None
            folder = path.split(os.sep)[0] if os.sep in path else None
            product = None
            for match in PRODUCT_URL.finditer(yaml):
                span = scalar_span(yaml, match)
                product = yaml[span[0]:span[1]].decode("utf-8", "surrogateescape") if span else None
            if product or folder:
                products.add(product or folder)
            if permalink is None and name.lower() in ("index.md", "index.markdown"):
                url = self.baseurl + (folder + "/" if folder else "")  # the product's landing page, or the home
            else:
                url = permalink if permalink is not None else url_slug(os.path.splitext(name)[0]) + "/"
                url = url.lstrip("/")
                if url and not url.endswith("/") and not url.lower().endswith(".html"):
                    url += "/"
                url = unquote(self.baseurl + url)
            urls[path] = url
            if permalink is None:
                unnamed.add(path)
        self.products = products
        product_urls = {self.baseurl + product + "/" for product in products}
        # Copied: pages with front matter other than landing pages and the home page, and the page-like files
        # sitegen skips (no front matter, no extension), in path order.
        self.copied, self.articles = [], {}  # articles: URL -> index in copied
        self.once = {}  # URL -> path of the pages that exist once
        for path, (data, split) in self.pages.items():
            url = urls.get(path)
            # A product's "all articles" page (it includes the `all-articles-list` of its product) is a product page
            # too: one per product, as in a real help center. Copied, each copy would list the whole product, which
            # grows with N as well, so the output would grow as N squared.
            if url is not None and (os.path.basename(path).lower() in ("index.md", "index.markdown")
                                    or url == self.baseurl or url in product_urls
                                    or b"all-articles-list" in data):
                self.once[url] = path
                continue
            if url is not None:
                if url in self.articles:
                    sys.exit(f"two source pages have the URL {url}")
                self.articles[url] = len(self.copied)
            self.copied.append(path)
        self.urls = urls
        for path in self.copied:
            if path in unnamed:  # its copies' URLs follow their names: they must be the copies' URLs
                base, extension = os.path.splitext(os.path.basename(path))
                if unquote(self.baseurl + url_slug(base + "-c1") + "/") != copy_url(urls[path], 1):
                    sys.exit(f"the copies of {path} would not get the URL of a copy")
        # A source file whose URL or path is that of a copy of another one would collide with it.
        copied = set(self.copied)
        for path in self.files:
            url = re.fullmatch(r"(.*)-c[0-9]+(/|\.html)", urls.get(path, ""))
            name = re.fullmatch(r"(.*)-c[0-9]+(\.[^./]*)?", path)
            if (url and url.group(1) + url.group(2) in self.articles
                    or name and name.group(1) + (name.group(2) or "") in copied):
                sys.exit(f"{path} has the URL or path of a copy of another page")
        self.existing = set(product_urls) | set(self.once) | {self.baseurl, self.baseurl + "all-articles/",
                                                               self.baseurl + "sitemap.xml", "/404.html", "/robots.txt"}
        self.existing |= {unquote(self.baseurl + path.replace(os.sep, "/"))
                          for path in self.files if path not in self.pages}
        # Link counts of each page with front matter: (to copied articles, to pages that exist once, unresolved,
        # ambiguous), and each copied page's text cut at its slots.
        self.counts, self.templates = {}, {}
        for path, (data, split) in self.pages.items():
            self.templates[path], self.counts[path] = self.template(path, data, split)

    def locate(self, destination, page_url):
        """(decoded site path it resolves to, path start, path end, absolute) of a link destination (str) on the
        page at `page_url`, or None: external, another scheme, fragment only, Liquid, outside the baseurl."""
        if not destination or destination[0] in "#{":
            return None
        cut = len(destination)
        for mark in "?#":
            index = destination.find(mark)
            if 0 <= index < cut:
                cut = index
        scheme = SCHEME.match(destination)
        absolute = bool(scheme) or destination.startswith("//")
        if absolute:
            after = scheme.end() if scheme else 0
            if scheme and scheme.group(1).lower() not in ("http", "https") or not destination.startswith("//", after):
                return None
            start = destination.find("/", after + 2)
            if start < 0 or start > cut:
                return None
            resolved = destination[start:cut]
        else:
            start = 0
            resolved = urljoin(page_url, destination[:cut]) if cut else page_url
        resolved = unquote(resolved)
        return (resolved, start, cut, absolute) if resolved.startswith(self.baseurl) else None

    def resolve(self, destination, page_url):
        """(kind, article index, insertion offset) of a link destination (str) on the page at `page_url`. kind is
        'article' (a copied article), 'exists' (a page that exists once, a file), 'broken', or None (not a link to
        this site; an absolute URL counts only when it names an article)."""
        located = self.locate(destination, page_url)
        if located is None:
            return None, None, None
        resolved, start, cut, absolute = located
        key = page_key(resolved)
        if key in self.articles:
            path = destination[start:cut]
            if path.lower().endswith("/index.html"):
                offset = cut - len("/index.html")
            elif key.lower().endswith(".html"):
                offset = cut - len(".html")
            else:
                offset = start + len(path.rstrip("/"))
            return "article", self.articles[key], offset
        if absolute:
            return None, None, None
        if resolved in self.existing or key in self.existing or resolved.startswith(self.baseurl + "assets/"):
            return "exists", None, None
        return "broken", None, None

    def template(self, path, data, split):
        """The page's text cut at its slots (the points where a copy inserts `-c<k>`), the slots' targets
        (SELF or an article index), and its link counts."""
        counts = [0, 0, 0, 0]
        if split is None:
            return ([data], []), counts
        url = self.urls[path]
        copied = url in self.articles
        cuts = []  # (byte offset, target)
        if copied:
            yaml = data[split[0]:split[1]]
            for match in PERMALINK.finditer(yaml):
                span = scalar_span(yaml, match)
                if span is None:
                    continue
                value = yaml[span[0]:span[1]]
                if value.endswith(b"/"):
                    offset = span[0] + len(value.rstrip(b"/"))
                elif value.lower().endswith(b".html"):
                    offset = span[1] - len(b".html")
                else:
                    offset = span[1]
                cuts.append((split[0] + offset, SELF))
        for match in LINK.finditer(data, split[2]):
            group = next(name for name in LINK_GROUPS if match.group(name) is not None)
            raw = match.group(group)
            if group == "bare":
                raw = raw.rstrip(b".,:;!?*_~'\")")
            destination = raw.decode("utf-8", "surrogateescape")
            kind, target, offset = self.resolve(destination, url)
            if kind is None:
                continue
            if kind == "article":
                if copied:
                    # The rewritten link must resolve, from the page's copy, to the target's copy.
                    rewritten = destination[:offset] + "-c1" + destination[offset:]
                    located = self.locate(rewritten, copy_url(url, 1))
                    if located is None or page_key(located[0]) != copy_url(self.urls[self.copied[target]], 1):
                        counts[3] += 1
                        continue
                    cuts.append((match.start(group) + len(destination[:offset].encode("utf-8", "surrogateescape")),
                                 target))
                counts[0] += 1
            elif kind == "exists":
                counts[1] += 1
            else:
                counts[2] += 1
        pieces, targets, last = [], [], 0
        for offset, target in sorted(cuts):
            pieces.append(data[last:offset])
            targets.append(target)
            last = offset
        pieces.append(data[last:])
        return (pieces, targets), counts


def copy_tree(source, target):
    """Copies a folder's files (contents only: the read-only modes of the source aren't kept)."""
    for folder, folders, names in os.walk(source):
        folders.sort()
        destination = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(destination, exist_ok=True)
        for name in sorted(names):
            shutil.copyfile(os.path.join(folder, name), os.path.join(destination, name))


def replicate(source_root, count, output):
    source = Source(source_root)
    originals = sum(1 for data, split in source.pages.values() if split is not None)
    if count < originals:
        sys.exit(f"N must be at least the {originals} articles of {source_root}")
    # The copied pages with front matter, by position in the round.
    positions = [index for index, path in enumerate(source.copied) if source.pages[path][1] is not None]
    wanted = count - originals
    if wanted and not positions:
        sys.exit(f"{source_root} has no article to copy")
    rounds = math.ceil(wanted / len(positions)) if wanted else 0
    last_full = wanted - (rounds - 1) * len(positions) if rounds else 0
    # The last round writes the copied files before the cutoff: its first `last_full` articles and the files without
    # front matter between them.
    cutoff = positions[last_full - 1] + 1 if rounds else 0

    if os.path.exists(output):
        shutil.rmtree(output)
    os.makedirs(output)
    shutil.copyfile(os.path.join(source_root, "_config.yml"), os.path.join(output, "_config.yml"))
    for name in sorted(os.listdir(source_root)):
        if name.startswith("_") and name != "_site" and os.path.isdir(os.path.join(source_root, name)):
            copy_tree(os.path.join(source_root, name), os.path.join(output, name))
    content = os.path.join(output, os.path.relpath(source.content, source_root))
    for path in source.files:
        target = os.path.join(content, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if path in source.pages:
            with open(target, "wb") as file:
                file.write(source.pages[path][0])
        else:
            shutil.copyfile(os.path.join(source.content, path), target)

    rewritten = 0
    for k in range(1, rounds + 1):
        every = f"-c{k}".encode()
        previous = f"-c{k - 1}".encode() if k > 1 else b""
        limit = cutoff if k == rounds else len(source.copied)
        for index in range(limit):
            path = source.copied[index]
            pieces, targets = source.templates[path]
            if k < rounds or all(target == SELF or target < cutoff for target in targets):
                text = every.join(pieces)
            else:  # the last round didn't reach some targets: their copy k-1
                parts = [pieces[0]]
                for target, piece in zip(targets, pieces[1:]):
                    parts.append(every if target == SELF or target < cutoff else previous)
                    parts.append(piece)
                text = b"".join(parts)
            folder, name = os.path.split(path)
            with open(os.path.join(content, folder, copy_name(name, k)), "wb") as file:
                file.write(text)
            rewritten += source.counts[path][0]

    written = {path: 1 for path in source.pages}
    for index, path in enumerate(source.copied):
        written[path] += rounds - 1 + (index < cutoff) if rounds else 0
    totals = [sum(source.counts[path][kind] * times for path, times in written.items()) for kind in range(4)]
    pages_once = sum(1 for path in source.pages.values() if path[1] is not None) - len(positions)
    skipped = sum(times for path, times in written.items() if source.pages[path][1] is None)
    print(f"wrote {count} articles ({originals} originals, {pages_once} of them landing or home pages written once, "
          f"and {count - originals} copies in {rounds} rounds; plus {skipped} files without front matter or "
          f"extension) in {len(source.products)} products to {output}; internal links: {rewritten} rewritten to "
          f"their copy, {totals[0] - rewritten} to articles in the originals, {totals[1]} to pages that exist once, "
          f"{totals[2]} unresolved kept as written, {totals[3]} ambiguous kept as written")


if __name__ == "__main__":
    main()
