#!/usr/bin/env python3
"""Bytes a first query loads in headless Chromium (issue 24), for sitegen's search box and for Pagefind's default
UI on the same built site: the sum of the sizes (encodedBodySize, and transferSize with headers) of every resource
the page loaded, but the page's own HTML and sitegen's stylesheet, once the results are on screen.

Usage (as /usr/bin/python3, with Debian's chromium, chromium-driver and python3-selenium):
  first-query-bytes.py OUTPUT_FOLDER ARTICLE_URL QUERY [--pagefind]
  e.g. first-query-bytes.py /tmp/corpus17/how-to /how-to/some-article/ "mailbox quota" --pagefind
--pagefind also measures /pagefind-ui-test.html, a page with Pagefind's default UI that the script writes into the
output folder (run `python3 -m pagefind --site OUTPUT_FOLDER` first).
"""
import argparse
import functools
import http.server
import os
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SUM = """return performance.getEntriesByType('resource')
  .filter(e => !e.name.endsWith('/style.css'))
  .map(e => [e.name, e.encodedBodySize, e.transferSize]);"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(browser, url, box, results, query):
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, box))
    time.sleep(0.5)
    field = browser.find_element(By.CSS_SELECTOR, box)
    field.click()
    field.send_keys(query)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, results))
    time.sleep(1.0)
    entries = browser.execute_script(SUM)
    for name, body, transfer in entries:
        print(f"    {body:8d} {transfer:8d}  {name}")
    return sum(e[1] for e in entries), sum(e[2] for e in entries), len(entries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("article")
    parser.add_argument("query")
    parser.add_argument("--pagefind", action="store_true")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=args.output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        print("sitegen:")
        body, transfer, count = measure(browser, base + args.article, "#site-search-input",
                                        "#site-search-results [role=option]", args.query)
        print(f"  sitegen first query: {count} resources, {body} bytes of bodies, {transfer} bytes transferred")
        if args.pagefind:
            with open(os.path.join(args.output, "pagefind-ui-test.html"), "w") as page:
                page.write('<!doctype html><html><head><meta charset="utf-8">'
                           '<link href="/pagefind/pagefind-ui.css" rel="stylesheet">'
                           '<script src="/pagefind/pagefind-ui.js"></script></head><body><div id="search"></div>'
                           '<script>window.addEventListener("DOMContentLoaded", () => '
                           'new PagefindUI({element: "#search", showSubResults: true}));</script></body></html>')
            browser.delete_all_cookies()
            browser.execute_cdp_cmd("Network.clearBrowserCache", {})
            print("pagefind:")
            body, transfer, count = measure(browser, base + "/pagefind-ui-test.html", ".pagefind-ui__search-input",
                                            ".pagefind-ui__result", args.query)
            print(f"  pagefind first query: {count} resources, {body} bytes of bodies, {transfer} bytes transferred")
    finally:
        browser.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
