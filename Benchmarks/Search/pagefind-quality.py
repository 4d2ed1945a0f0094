#!/usr/bin/env python3
"""Pagefind's answers to quality.py's query set (issue 24: the same queries, side by side with sitegen's search).

Serves a built site that Pagefind has indexed (`python3 -m pagefind_bin --site FOLDER`), loads Pagefind's own
JavaScript API (pagefind/pagefind.js) in headless Chromium, and runs each query of the set three ways (the title
words, one typo outside the first two letters, one typo anywhere), counting the queries whose expected article is
in Pagefind's top 5.

Usage (as /usr/bin/python3, with Debian's chromium, chromium-driver and python3-selenium):
  pagefind-quality.py SITE_FOLDER QUERIES_JSON
  e.g. pagefind-quality.py /tmp/corpus17-pagefind Benchmarks/Search/queries-how-to-2017.json
"""
import argparse
import functools
import http.server
import json
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SEARCH = """
const [queries, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const out = [];
  for (const query of queries) {
    const found = await pagefind.search(query);
    const top = await Promise.all(found.results.slice(0, 5).map(result => result.data()));
    out.push(top.map(data => data.url));
  }
  done(out);
})().catch(error => done({error: String(error)}));
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def normalized(url):
    url = url.split("#")[0]
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("queries")
    args = parser.parse_args()
    entries = json.load(open(args.queries))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=args.site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(600)
    try:
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/robots.txt")
        for kind, label in (("query", "title words"), ("typo", "one typo, not in the first two letters"),
                            ("typo_anywhere", "one typo anywhere")):
            answers = driver.execute_async_script(SEARCH, [entry[kind] for entry in entries])
            if isinstance(answers, dict):
                raise SystemExit(f"Pagefind failed: {answers['error']}")
            hits = sum(1 for entry, top in zip(entries, answers)
                       if normalized(entry["url"]) in [normalized(url) for url in top])
            print(f"Pagefind, {label}: {hits}/{len(entries)} = {100 * hits / len(entries):.1f}% in the top 5")
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
