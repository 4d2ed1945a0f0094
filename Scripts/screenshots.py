#!/usr/bin/env python3
"""Screenshots of every page kind of a built site, at 1366 px and 375 px wide, in the light and the dark scheme,
for a person to review the theme (issue 25). Nothing here is committed: the pictures go to OUT (default
screenshots/, which git ignores).

The page kinds are read from the pages themselves (the default theme writes `<body class="page-KIND">`: home,
product, article, all-articles, not-found, link-report), plus a redirect page (one with a meta refresh), the first of
each in path order. Each is saved as KIND-WIDTH-SCHEME.png, the page's whole height (up to 6,000 px).

Usage (as /usr/bin/python3, with Debian's chromium, chromium-driver and python3-selenium):
  Scripts/screenshots.py [--sitegen .build/debug/sitegen] [--site SITE | --output BUILT_FOLDER] [--out OUT]
  e.g. Scripts/screenshots.py --site Tests/Fixtures/basic-site
       Scripts/screenshots.py --output /tmp/corpus17/public
With --site the site is built first (into a temporary folder, with its HTML link report); with neither, the
accessibility test's fixture (Tests/Fixtures/a11y-site), which has every page kind.
"""
import argparse
import functools
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIND = re.compile(rb'<body[^>]*class="[^"]*\bpage-([a-z-]+)')
REFRESH = re.compile(rb'<meta http-equiv="refresh"', re.I)


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; `?stay` serves a redirect page without its refresh, so that it can be pictured."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if not self.path.endswith("?stay"):
            return super().do_GET()
        path = self.translate_path(self.path[: -len("?stay")])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        body = REFRESH.sub(b'<meta data-refresh-removed="for the screenshot"', open(path, "rb").read())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def pages_by_kind(folder):
    """The first page (in path order) of each kind, as a URL path."""
    found = {}
    for directory, folders, files in sorted(os.walk(folder)):
        # sitegen's own folder (.sitegen) and any other hidden one are not pages.
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = os.path.join(directory, name)
            head = open(path, "rb").read(20000)
            kind = "redirect" if REFRESH.search(head) else (KIND.search(head).group(1).decode() if KIND.search(head) else None)
            if kind and kind not in found:
                url = "/" + os.path.relpath(path, folder).replace(os.sep, "/")
                found[kind] = url[: -len("index.html")] if url.endswith("/index.html") else url
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitegen", default=os.path.join(ROOT, ".build", "debug", "sitegen"))
    parser.add_argument("--site")
    parser.add_argument("--output")
    parser.add_argument("--out", default=os.path.join(ROOT, "screenshots"))
    args = parser.parse_args()

    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        sys.exit("screenshots: Selenium is missing (apt-get install python3-selenium; run with /usr/bin/python3)")

    folder = args.output
    if folder is None:
        work = tempfile.mkdtemp(prefix="sitegen-screenshots-")
        folder = os.path.join(work, "public")
        site = args.site or os.path.join(ROOT, "Tests", "Fixtures", "a11y-site")
        built = subprocess.run([args.sitegen, "build", "-s", site, "-o", folder, "-q", "--report", "html"],
                               capture_output=True, text=True)
        if built.returncode != 0:
            sys.exit(f"screenshots: the build failed:\n{built.stderr}")
    kinds = pages_by_kind(folder)
    if not kinds:
        sys.exit(f"screenshots: no page of the default theme in {folder}")
    os.makedirs(args.out, exist_ok=True)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    saved = []
    try:
        for kind, url in sorted(kinds.items()):
            for width in (1366, 375):
                for scheme in ("light", "dark"):
                    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                    driver.set_window_size(width, 900)
                    # A redirect page would leave at once: it is served without its refresh for the picture.
                    target = f"http://127.0.0.1:{server.server_address[1]}{url}"
                    driver.get(target + ("?stay" if kind == "redirect" else ""))
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(max(height, 600), 6000))
                    name = os.path.join(args.out, f"{kind}-{width}-{scheme}.png")
                    driver.save_screenshot(name)
                    saved.append(f"{name}  ({url})")
    finally:
        driver.quit()
        server.shutdown()
    print("\n".join(saved))


if __name__ == "__main__":
    main()
