#!/usr/bin/env python3
"""End-to-end test of the theme's search in headless Chromium (issue 24), run by `make test` and CI.

Builds Tests/Fixtures/search-site with the sitegen binary, serves it on a loopback port, and checks in Chromium:
the header search box (`/` and Ctrl-K open it, typing shows results, arrows move the active option, Enter opens it,
Escape closes the list), the 404 page's suggestions, the all-articles filter, and that window.sitegen.search gives
the same URLs as `sitegen search` for a list of queries. Skipped, with a message and exit 0, when Chromium,
chromedriver or Selenium is missing; any failure exits 1.

Usage: python3 Tests/Browser/search_browser_test.py [--sitegen .build/debug/sitegen]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_support import ROOT, Handler, require_browser, serve, start_chromium  # noqa: E402


class FlakyHandler(Handler):
    """Answers 503 once for each path put in `failing`, as a server or a connection that hiccups. Nothing is cached
    (`no-store`), so that each page asks the server for the files again and the failure happens when the test says."""

    failing = set()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path in FlakyHandler.failing:
            FlakyHandler.failing.discard(self.path)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "search-site")
QUERIES = [
    ("mailbox", None), ("mailb", None), ("deleting mailboxes", None), ("quota ", None), ("passwrod ", None),
    ("forwarding rule", None), ("imap server", None), ("Café WIFI", None), ("uber", None), ("recrods", None),
    ("domain propagation", None), ("invoice", None), ("pricing", None), ("mailbox", "dns"), ("mailbox", "Email"),
    ("amilbox ", None), ("mialbox", None), ("xmailbox ", None),
    ("設定", None), ("メール設定", None), ("設", None), ("邮箱", None),
    ("c#", None), ("C++ ", None),
]

# A page in Japanese and Chinese, added to the copy of the fixture (the fixture is shared with other tests).
CJK_ARTICLE = """---
title: メールの設定
permalink: /cjk-mail-settings/
---

メールアカウントの設定方法を説明します。中文邮箱设置。
"""

SIGN_ARTICLE = """---
title: Code samples for the mail API
permalink: /mail-api-samples/
---

Samples in C#, F# and C++ (built with g++).
"""


def cli_urls(sitegen, site, query, product):
    arguments = [sitegen, "search", query, "-s", site, "--limit", "10"] + (["--product", product] if product else [])
    run = subprocess.run(arguments, capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"sitegen search {query!r} failed: {run.stderr}")
    return [line.split(" ")[0] for line in run.stdout.splitlines() if line.startswith("/")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitegen", default=os.path.join(ROOT, ".build", "debug", "sitegen"))
    arguments = parser.parse_args()

    chromium, driver_path = require_browser("search browser test", __file__)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    work = tempfile.mkdtemp(prefix="sitegen-search-browser-")
    site = os.path.join(work, "search-site")
    shutil.copytree(FIXTURE, site)
    with open(os.path.join(site, "content", "email", "cjk-mail-settings.md"), "w", encoding="utf-8") as article:
        article.write(CJK_ARTICLE)
    with open(os.path.join(site, "content", "email", "mail-api-samples.md"), "w", encoding="utf-8") as article:
        article.write(SIGN_ARTICLE)
    build = subprocess.run([arguments.sitegen, "build", "-s", site], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stderr, file=sys.stderr)
        sys.exit(1)
    public = os.path.join(site, "public")
    server, base = serve(public, FlakyHandler)
    browser = start_chromium(chromium, driver_path)
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)
            print(f"FAIL: {message}", file=sys.stderr)

    def wait(condition, message, timeout=5):
        try:
            WebDriverWait(browser, timeout).until(lambda _: condition())
            return True
        except Exception:
            check(False, message)
            return False

    try:
        # The header box: `/` opens it, results come as the user types, arrows and Enter navigate.
        browser.get(base + "/how-to/email/")
        box = browser.find_element(By.ID, "site-search-input")
        browser.find_element(By.TAG_NAME, "body").send_keys("/")
        check(browser.switch_to.active_element == box, "'/' focuses the search box")
        box.send_keys("mailb")
        listbox = browser.find_element(By.ID, "site-search-results")
        options_now = lambda: listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
        if wait(lambda: listbox.is_displayed() and options_now(), "results are shown while typing 'mailb'"):
            check(box.get_attribute("aria-expanded") == "true", "the combobox says it is expanded")
            check("Create a mailbox" in options_now()[0].text, "the first result is 'Create a mailbox'")
            check(options_now()[0].find_elements(By.TAG_NAME, "mark"), "the match is highlighted")
            box.send_keys(Keys.ARROW_DOWN)
            box.send_keys(Keys.ARROW_DOWN)
            check(box.get_attribute("aria-activedescendant") == "site-search-option-1", "ArrowDown twice: option 2 active")
            box.send_keys(Keys.ARROW_UP)
            check(box.get_attribute("aria-activedescendant") == "site-search-option-0", "ArrowUp: option 1 active")
            check(options_now()[0].get_attribute("aria-selected") == "true", "the active option is selected")
            box.send_keys(Keys.ESCAPE)
            check(not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false", "Escape closes the list")
            box.send_keys(Keys.ARROW_DOWN)
            box.send_keys(Keys.ENTER)
            wait(lambda: browser.current_url.endswith("/how-to/create-a-mailbox/"), "Enter opens the active result")

        # Ctrl-K opens the box; a result links to the heading that matched.
        browser.get(base + "/how-to/dns/")
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "k")
        box = browser.find_element(By.ID, "site-search-input")
        check(browser.switch_to.active_element == box, "Ctrl-K focuses the search box")
        box.send_keys("backup ")
        listbox = browser.find_element(By.ID, "site-search-results")
        if wait(lambda: listbox.find_elements(By.CSS_SELECTOR, "[role=option] a"), "results for 'backup'"):
            href = listbox.find_element(By.CSS_SELECTOR, "[role=option] a").get_attribute("href")
            check(href.endswith("/how-to/delete-a-mailbox/#make-a-backup-first"), f"'backup' links to its heading ({href})")

        def check_first_result(query, expected_text, expected_mark, what):
            """Types `query` in the header's box on a page and checks its first result and what is marked in it."""
            browser.get(base + "/how-to/email/")
            box = browser.find_element(By.ID, "site-search-input")
            box.click()
            box.send_keys(query)
            listbox = browser.find_element(By.ID, "site-search-results")
            options_now = lambda: listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
            if wait(lambda: listbox.is_displayed() and options_now(), f"results are shown for '{query}'"):
                first = options_now()[0]
                check(expected_text in first.text, f"the first result for '{query}' is {what} ({first.text!r})")
                marks = [mark.text for mark in first.find_elements(By.TAG_NAME, "mark")]
                check(expected_mark in marks, f"'{expected_mark}' is marked in the result ({marks})")

        # Japanese, written without spaces, is found by any part of a run, and the characters that matched are marked.
        check_first_result("設定", "メールの設定", "設定", "the Japanese page")
        # A language name with a sign (`C#`) is a word: found, and marked whole.
        check_first_result("c#", "Code samples", "C#", "the samples page")

        # The 404 page suggests pages for the words of the missing URL.
        browser.get(base + "/how-to/delete-mailbox-guide/")
        suggestions = browser.find_element(By.ID, "not-found-suggestions")
        if wait(lambda: suggestions.is_displayed(), "the 404 page shows suggestions"):
            first = suggestions.find_element(By.CSS_SELECTOR, "a").get_attribute("href")
            check(first.endswith("/how-to/delete-a-mailbox/"), f"the first suggestion is the deleted-mailbox page ({first})")
        # A `%` that starts no escape (a URL typed with "50%") beside escapes that do: suggestions all the same.
        browser.get(base + "/how-to/delete-50%-mailbox-%E8%A8%AD%E5%AE%9A/")
        suggestions = browser.find_element(By.ID, "not-found-suggestions")
        if wait(lambda: suggestions.is_displayed(), "the 404 page of a URL with a stray '%' shows suggestions"):
            first = suggestions.find_element(By.CSS_SELECTOR, "a").get_attribute("href")
            check(first.endswith("/how-to/delete-a-mailbox/"), f"the first suggestion for it is the deleted-mailbox page ({first})")

        # The all-articles filter.
        browser.get(base + "/how-to/all-articles/")
        field = browser.find_element(By.ID, "all-articles-filter")
        field.send_keys("invoice")
        groups = browser.find_element(By.ID, "all-articles-groups")
        visible = lambda: [item for item in groups.find_elements(By.TAG_NAME, "li") if item.is_displayed()]
        wait(lambda: len(visible()) == 1 and "Download invoices" in visible()[0].text,
             "the filter 'invoice' leaves 'Download invoices' alone")

        # An index file that fails once (503) fails that query only: the next keystroke asks for it again.
        browser.get(base + "/how-to/dns/")
        FlakyHandler.failing = {"/how-to/assets/search/meta.json"}
        box = browser.find_element(By.ID, "site-search-input")
        box.click()
        # Two letters, the first query; the next keystroke comes once its failure is shown.
        box.send_keys("ma")
        status = browser.find_element(By.ID, "site-search-status")
        if wait(lambda: status.get_attribute("textContent") == "Search is not available.", "a failed index file is reported"):
            box.send_keys("ilbox")
            listbox = browser.find_element(By.ID, "site-search-results")
            wait(lambda: listbox.is_displayed() and listbox.find_elements(By.CSS_SELECTOR, "[role=option]"),
                 "the next keystroke loads the file again and shows results")

        # The all-articles filter when the index fails: every article shown, and why; the next keystroke filters.
        browser.get(base + "/how-to/all-articles/")
        FlakyHandler.failing = {"/how-to/assets/search/meta.json"}
        field = browser.find_element(By.ID, "all-articles-filter")
        field.send_keys("in")
        count = browser.find_element(By.ID, "all-articles-filter-count")
        groups = browser.find_element(By.ID, "all-articles-groups")
        items = groups.find_elements(By.TAG_NAME, "li")
        if wait(lambda: count.get_attribute("textContent") == "Search is not available: all articles are shown.",
                "the filter says the index failed"):
            check(all(item.is_displayed() for item in items), "every article is shown while the index is not available")
            field.send_keys("voice")
            visible = lambda: [item for item in items if item.is_displayed()]
            wait(lambda: len(visible()) == 1 and "Download invoices" in visible()[0].text,
                 "the next keystroke filters again")

        # window.sitegen.search agrees with `sitegen search`.
        for query, product in QUERIES:
            in_browser = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "window.sitegen.search(arguments[0], {limit: 10, product: arguments[1] || undefined})"
                ".then(r => done(r.map(x => x.url)), e => done('error: ' + e));", query, product)
            from_cli = cli_urls(arguments.sitegen, site, query, product)
            check(in_browser == from_cli, f"query {query!r} product {product!r}: browser {in_browser} vs CLI {from_cli}")
    finally:
        browser.quit()
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        print(f"search browser test: {len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("search browser test: all checks passed")


if __name__ == "__main__":
    main()
