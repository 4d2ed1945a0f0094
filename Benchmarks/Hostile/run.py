#!/usr/bin/env python3
"""Growth of sitegen's commands on sites shaped like the mess of a real help center, at two sizes.

The macro benchmark (../Macro/run.py) replicates one real help center, whose mistakes are the ones it had. This
script makes small sites that each push one kind of mess far, at n and 4n (articles, links, headings, keys...),
times every command on both, and prints the ratio: linear work takes about 4 times as long, quadratic 16. A ratio
above 6 (an exponent above 1.3) is flagged SUPERLINEAR: a bug to fix (issue 18). Sizes are small enough that a
linear shape takes well under a second; fixed costs (start-up, the theme) make small ratios.

Each command runs `--runs` times on each size, alternately, and the fastest run counts. The command's output
(standard output and error) is counted in bytes: it grows with the findings, and a line of a finding that
quoted a whole long line would show here.

The preview (`sitegen serve`) is timed too, as a writer uses it: a server on each size, then, `--runs` times each
and alternately, an edit of the first article's text, a new article (linking to it) and that article deleted
again. Each is timed by the server's own `build N in … ms` line, and the edited page (with the preview's panel of
its problems) is fetched and timed after each edit. `--no-serve` leaves the preview out.

Usage: Benchmarks/Hostile/run.py [--binary .build/release/sitegen] [--work /tmp/sitegen-hostile] [--runs 3]
                                 [--scale 1.0] [--no-serve] [SHAPE-SUBSTRING ...]

`--scale` multiplies every shape's n (2 for a slower, surer reading). Shapes are chosen by a part of their name.
Commands: `check -q`, `build` into an output folder, `check` with all six reports, `fix --dry-run`; and
`serve`: edit, page, add, delete.
"""
import argparse, json, math, os, random, re, shutil, socket, string, subprocess, sys, threading, time

SHAPES = {}


def shape(name, n):
    def register(make):
        SHAPES[name] = (n, make)
        return make
    return register


def write(root, relative, text):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def front(title, extra=""):
    return f"---\ntitle: {title}\n{extra}---\n"


def articles(root, n, body, extra=lambda i: "", folder=lambda i: "p", slug=lambda i: f"a{i}"):
    for i in range(n):
        write(root, f"content/{folder(i)}/{slug(i)}.md", front(f"A {i}", extra(i)) + body(i) + "\n")


# Many articles, each with a mistake of the same kind.
@shape("broken links one letter off a crowd of numbered pages", 2000)
def _(root, n):
    articles(root, n, lambda i: f"[next](/how-to/error-code-{i + 1}x/) [self](/how-to/error-code-{i}/#nope)",
             slug=lambda i: f"error-code-{i}")


@shape("broken links made of the site's common words", 2000)
def _(root, n):
    words = ["create", "cloud", "server", "manage", "dns", "record", "backup", "email", "office", "set", "up", "api",
             "faq", "mailbox", "migrate", "image", "monitor", "network", "load", "balancer", "database", "files", "cdn",
             "domain", "ssl", "user", "password", "reset", "login", "rackspace"]
    pick = random.Random(1)
    slugs = ["-".join(pick.sample(words, 4)) + f"-{i}" for i in range(n)]
    links = ["-".join(pick.sample(words, 3)) for _ in range(n)]
    articles(root, n, lambda i: f"[x](/how-to/{links[i]}/)", slug=lambda i: slugs[i])


@shape("links to missing fragments of pages with many headings", 300)
def _(root, n):
    articles(root, n, lambda i: "".join(f"## Step {k}\n\n" for k in range(80))
             + f"[x](/how-to/a{(i + 1) % n}/#step-{i % 80}x) [y](/how-to/a{(i + 2) % n}/#stp-{i % 80})")


@shape("broken image links beside many images", 1000)
def _(root, n):
    for i in range(n):
        write(root, f"content/p/img/pic-{i}.png", "x")
    articles(root, n, lambda i: f"![pic](/how-to/p/img/pic-{i}x.png) ![p](img/pic-{i + 1}.png)")


@shape("orphan articles in many products", 2000)
def _(root, n):
    articles(root, n, lambda i: "x", folder=lambda i: f"p{i % 20}")


# Every page lists every product: the output grows with the square of n (at 4n = 2,000, 4,000 pages of 108 KB).
@shape("products of one article each", 500)
def _(root, n):
    articles(root, n, lambda i: f"[x](/how-to/a{(i + 1) % n}/)", folder=lambda i: f"p{i}")


@shape("links through redirects", 1000)
def _(root, n):
    articles(root, n, lambda i: "".join(f"[x](/old/a{(i * 7 + k) % n}/) " for k in range(10)),
             extra=lambda i: f"redirect_from:\n  - /old/a{i}/\n")


@shape("redirects onto other articles' URLs", 1000)
def _(root, n):
    articles(root, n, lambda i: f"[x](/how-to/a{i + 1}/)", extra=lambda i: f"redirect_from:\n  - /how-to/a{i + 1}/\n")


@shape("the same permalink in many articles", 1000)
def _(root, n):
    articles(root, n, lambda i: "x", extra=lambda i: "permalink: /how-to/same/\n")


@shape("the same redirect in many articles", 1000)
def _(root, n):
    articles(root, n, lambda i: "x", extra=lambda i: "redirect_from:\n  - /old/same/\n")


@shape("the same title in many articles", 2000)
def _(root, n):
    for i in range(n):
        write(root, f"content/p/a{i}.md", front("Same") + "x\n")


@shape("long titles that differ only at the end", 1000)
def _(root, n):
    for i in range(n):
        write(root, f"content/p/a{i}.md", front("word " * 300 + str(i)) + "x\n")


@shape("invalid dates and broken front matter", 2000)
def _(root, n):
    for i in range(n):
        text = front(f"A {i}", "last_modified: 2017-13-45\ncreated_date: yesterday\n") if i % 2 else \
            "---\ntitle: [unclosed\nfoo: : :\n---\n"
        write(root, f"content/p/a{i}.md", text + f"[x](/how-to/a{i}/)\n")


@shape("doubled parentheses and schemeless links", 2000)
def _(root, n):
    articles(root, n, lambda i: "".join(f"[x]((/how-to/a{(i + k) % n}/)) [h](www.example.com/{k}) " for k in range(5)))


@shape("links to one article's fragments from every article", 4000)
def _(root, n):
    write(root, "content/p/t.md", front("T") + "## Sec\n")
    articles(root, n, lambda i: "[t](/how-to/t/#sec) [u](/how-to/t/#nosec)")


# One article that pushes one thing far.
@shape("one article: the same heading repeated", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "## Setup\n\ntext\n\n" * n)


@shape("one article: links to missing fragments", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "## Head\n\n" + "".join(f"[x](#missing-{i}) " for i in range(n)))


@shape("one article: broken links on one line", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"[x](/how-to/missing-{i}/) " for i in range(n)))


@shape("one article: schemeless links on one line", 2000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"[a](foo.example.com/{i}) " for i in range(n)))


@shape("one article: images without alt text", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"![](/x{i}.png)\n\n" for i in range(n)))


@shape("one article: reference links to undefined and defined references", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"[r{i}] [u{i}]\n" for i in range(n)) + "\n"
          + "".join(f"[r{i}]: /how-to/missing{i}/\n" for i in range(n)))


@shape("one article: raw HTML anchors and links to them", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"<a id=\"x{i}\"></a>\n\n[y](#x{i}) [z](#x{i}z)\n\n" for i in range(n)))


@shape("one article: many front matter keys, and duplicates", 2000)
def _(root, n):
    write(root, "content/p/a.md", front("A", "".join(f"k{i}: v{i}\nk{i}: w{i}\n" for i in range(n))) + "x\n")


@shape("one article: includes", 2000)
def _(root, n):
    write(root, "_includes/note.html", "<p>note</p>\n")
    write(root, "content/p/a.md", front("A") + "{% include note.html %}\n\n" * n)


@shape("one article: a link destination of n bytes", 20000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "[x](/how-to/" + "a" * n + "/)\n")


@shape("one article: distinct words (search)", 50000)
def _(root, n):
    pick = random.Random(2)
    write(root, "content/p/a.md", front("A") + " ".join(
        "".join(pick.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(n)) + "\n")


@shape("one article: Chinese text (search)", 50000)
def _(root, n):
    pick = random.Random(3)
    write(root, "content/p/a.md", front("A") + " ".join(
        "".join(chr(pick.randint(0x4E00, 0x9FFF)) for _ in range(4)) for _ in range(n)) + "\n")


@shape("one article: headings with words (search)", 4000)
def _(root, n):
    write(root, "content/p/a.md", front("A") + "".join(f"## Heading {i} word{i}\n\ntext {i} more\n\n" for i in range(n)))


COMMANDS = {
    "check": lambda work: ["check", "-q"],
    "build": lambda work: ["build", "-o", os.path.join(work, "out")],
    "reports": lambda work: ["check", "-q", "--report", ",".join(
        f"{kind}={os.path.join(work, 'report.' + kind)}" for kind in ("json", "sarif", "html", "junit", "github", "markdown"))],
    "fix": lambda work: ["fix", "--dry-run"],
}


def make(work, name, n):
    root = os.path.join(work, f"site-{n}")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "content"))
    write(root, "sitegen.yml", "title: Hostile\n")
    SHAPES[name][1](root, n)
    return root


def timed(binary, arguments, root):
    start = time.perf_counter()
    result = subprocess.run([binary] + arguments + ["-s", root], capture_output=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"failed ({result.returncode}): {' '.join(arguments)} on {root}\n{result.stderr.decode()[-2000:]}")
    return seconds, len(result.stdout) + len(result.stderr)


class Preview:
    """A `sitegen serve` of one site, its event stream open, its standard error read as it comes (a site with
    thousands of findings prints them all, which would fill a pipe nobody reads)."""

    def __init__(self, binary, root):
        self.process = subprocess.Popen([binary, "serve", "-s", root, "--port", "0"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        self.builds = []
        self.lock = threading.Condition()
        deadline = time.time() + 300
        while True:
            line = self.process.stderr.readline()
            match = re.search(r"serving http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
            if (not line and self.process.poll() is not None) or time.time() > deadline:
                sys.exit(f"the preview of {root} did not start")
        threading.Thread(target=self.drain, daemon=True).start()
        # The page of the article to edit: the first (by source path) that has one, from the preview's URL list.
        for attempt in range(10):
            listing = self.get("/.sitegen/urls.json")[1]
            try:
                pages = [page for page in json.loads(listing)["pages"] if page.get("source", "").startswith("content/")]
                break
            except ValueError:
                time.sleep(0.5)
        else:
            sys.exit(f"the preview of {root} served no URL list: {listing[:300]!r}")
        first = min(pages, key=lambda page: page["source"])
        self.article, self.url = os.path.join(root, first["source"]), first["url"]
        self.added = os.path.join(os.path.dirname(self.article), "zz-added-by-hostile.md")
        self.connection = socket.create_connection(("127.0.0.1", self.port), timeout=120)
        self.connection.sendall(b"GET /_sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.stream = self.connection.makefile("rb")
        self.event()  # hello

    def drain(self):
        for line in self.process.stderr:
            match = re.match(r"build (\d+)(?: failed)? in (\d+) ms", line) or re.match(r"build failed in (\d+) ms", line)
            if match:
                with self.lock:
                    self.builds.append(int(match.groups()[-1]) / 1000)
                    self.lock.notify_all()

    def event(self):
        while True:
            line = self.stream.readline()
            if not line:
                sys.exit("the preview's event stream closed")
            if line.startswith(b"event: "):
                return line[7:].strip().decode()

    def change(self, action):
        """Runs `action` (a change on disk) and returns the server's time for the build it caused."""
        with self.lock:
            seen = len(self.builds)
        action()
        while self.event() != "reload":
            pass
        with self.lock:
            self.lock.wait_for(lambda: len(self.builds) > seen, timeout=120)
            return self.builds[-1]

    def get(self, path):
        """The time to fetch `path`, and its body."""
        start = time.perf_counter()
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=120)
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        # A bytearray: `bytes += chunk` copies all that came before at each chunk, which made a 27 MB page (32,000
        # findings in its panel) look eight times slower than one of 6.7 MB.
        data = bytearray()
        while chunk := connection.recv(1 << 16):
            data += chunk
        connection.close()
        return time.perf_counter() - start, bytes(data).split(b"\r\n\r\n", 1)[-1]

    def page(self):
        seconds, body = self.get(self.url)
        return seconds, len(body)

    def edit(self, number):
        def write():
            with open(self.article, encoding="utf-8") as file:
                text = re.sub(r"\nHostile edit \d+\.\n$", "\n", file.read())
            with open(self.article + ".tmp", "w", encoding="utf-8") as file:
                file.write(text.rstrip("\n") + f"\nHostile edit {number}.\n")
            os.replace(self.article + ".tmp", self.article)
        return self.change(write)

    def add(self):
        return self.change(lambda: write(os.path.dirname(self.added), os.path.basename(self.added),
                                         front("Added") + f"[back]({self.url})\n"))

    def delete(self):
        return self.change(lambda: os.remove(self.added))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve_rows(binary, sites, runs):
    """The preview's timings on each site: the fastest of `runs` for each of edit, page, add and delete."""
    previews = [Preview(binary, root) for root in sites]
    best = {name: [math.inf] * len(sites) for name in ("serve: edit", "serve: page", "serve: add", "serve: delete")}
    sizes = [0] * len(sites)
    try:
        for number in range(runs):
            for index, preview in enumerate(previews):
                best["serve: edit"][index] = min(best["serve: edit"][index], preview.edit(number))
                seconds, sizes[index] = preview.page()
                best["serve: page"][index] = min(best["serve: page"][index], seconds)
                best["serve: add"][index] = min(best["serve: add"][index], preview.add())
                best["serve: delete"][index] = min(best["serve: delete"][index], preview.delete())
    finally:
        for preview in previews:
            preview.stop()
    return [(name, times, sizes if name == "serve: page" else [0, 0]) for name, times in best.items()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=".build/release/sitegen")
    parser.add_argument("--work", default="/tmp/sitegen-hostile")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--no-serve", action="store_true", help="leave the preview out")
    parser.add_argument("shapes", nargs="*")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no sitegen binary at {binary}: swift build -c release --product sitegen")
    chosen = [name for name in SHAPES if not options.shapes or any(part in name for part in options.shapes)]
    os.makedirs(options.work, exist_ok=True)
    flagged = []
    print("| shape | n | command | n: time | 4n: time | ratio | exponent | output n → 4n |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name in chosen:
        n = max(1, int(SHAPES[name][0] * options.scale))
        small = make(options.work, name, n)
        large_work = os.path.join(options.work, "large")
        os.makedirs(large_work, exist_ok=True)
        large = make(large_work, name, 4 * n)
        rows = []
        for command, arguments in COMMANDS.items():
            best = [math.inf, math.inf]
            output = [0, 0]
            for _ in range(options.runs):
                for index, root in enumerate((small, large)):
                    seconds, output[index] = timed(binary, arguments(options.work), root)
                    best[index] = min(best[index], seconds)
            rows.append((command, best, output))
        if not options.no_serve:
            rows += serve_rows(binary, (small, large), options.runs)
        for command, best, output in rows:
            # The preview's clock counts whole milliseconds: a build of under one is read as one.
            ratio = best[1] / max(best[0], 0.001)
            exponent = math.log(max(ratio, 1e-9)) / math.log(4)
            # Under 50 ms at 4n, a ratio is start-up and noise, not a cost that grows.
            flag = " **SUPERLINEAR**" if ratio > 6 and best[1] > 0.05 else ""
            if flag:
                flagged.append(f"{name}: {command}")
            print(f"| {name} | {n} | {command} | {best[0]:.3f} s | {best[1]:.3f} s | {ratio:.1f}{flag} | {exponent:.2f} | "
                  f"{output[0]:,} → {output[1]:,} B |", flush=True)
        shutil.rmtree(small)
        shutil.rmtree(large)
    print()
    print("superlinear: " + ("; ".join(flagged) if flagged else "none"))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
