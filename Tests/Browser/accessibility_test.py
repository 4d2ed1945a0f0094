#!/usr/bin/env python3
"""Accessibility end-to-end test of the default theme (issue 25), run by `make test` and CI.

Builds Tests/Fixtures/a11y-site (every kind of page: home, product, articles with tables, images, code blocks
wider than a phone and a highlighted block in each language, all articles, 404, the link report with findings, a redirect page) and this repository's sample
help center (content/, every page) with the sitegen binary, serves them on loopback ports, and runs axe-core 4.x in headless Chromium on each page: at 1366 and 375 px wide, with
the system in light and in dark mode, and with the theme toggle's choice against the system's. Any violation, of any
impact, fails the test; each is printed with its rule id, impact, target selectors, page, scheme and width.

axe-core is not committed: it is read from $AXE_CORE_JS when set, else from the axe-playwright-python wheel on PyPI
(downloaded once with pip into .build/axe/, which git ignores). Skipped, with a message and exit 0, only when
Chromium, chromedriver or Selenium is missing; a wheel that cannot be downloaded fails the test.

Usage: python3 Tests/Browser/accessibility_test.py [--sitegen .build/debug/sitegen] [--keep DIR]
"""
import argparse
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_support import ROOT, Handler, require_browser, serve, start_chromium  # noqa: E402

FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "a11y-site")
AXE_WHEEL = "axe-playwright-python==0.1.8"
AXE_CACHE = os.path.join(ROOT, ".build", "axe")
PAGES = [
    ("home", "/help/"),
    ("product", "/help/email/"),
    ("article", "/help/connect-a-mail-client/"),
    ("article (troubleshooting)", "/help/mail-is-not-delivered/"),
    ("article (tables)", "/help/dns-records/"),
    ("article (highlighted code)", "/help/configure-your-server/"),
    ("all articles", "/help/all-articles/"),
    ("404", "/help/no-such-page/"),
    ("link report", "/help/link-report/"),
    ("redirect", "/help/cannot-connect-to-email/"),
]
WIDTHS = [1366, 375]
# The theme toggle's storage key (DefaultTheme/base.mustache): "light" or "dark"; absent means the system's choice.
THEME_KEY = "sitegen-theme"


def fail(message):
    print(f"accessibility test: {message}", file=sys.stderr)
    sys.exit(1)


def axe_source():
    """axe.min.js: $AXE_CORE_JS, else the copy inside the axe-playwright-python wheel (downloaded once); must be 4.x."""
    path = os.environ.get("AXE_CORE_JS")
    if path:
        if not os.path.isfile(path):
            fail(f"AXE_CORE_JS={path} is not a file")
        source = open(path, encoding="utf-8").read()
    else:
        wheels = glob.glob(os.path.join(AXE_CACHE, "axe_playwright_python-*.whl"))
        if not wheels:
            os.makedirs(AXE_CACHE, exist_ok=True)
            download = None
            # The Python running this test may lack pip (Debian's has it only with python3-pip); try the others.
            for python in dict.fromkeys([sys.executable, shutil.which("python3"), "/usr/bin/python3"]):
                if not python or not os.path.exists(python):
                    continue
                download = subprocess.run([python, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                                           AXE_WHEEL, "-d", AXE_CACHE], capture_output=True, text=True)
                if download.returncode == 0:
                    break
            wheels = glob.glob(os.path.join(AXE_CACHE, "axe_playwright_python-*.whl"))
            if not wheels:
                detail = (download.stderr or download.stdout).strip().splitlines()[-1:] if download else ["no pip found"]
                fail(f"cannot download {AXE_WHEEL} for axe-core ({' '.join(detail)}); "
                     "install pip (python3-pip) and allow access to PyPI, or set AXE_CORE_JS to an axe.min.js 4.x")
        with zipfile.ZipFile(sorted(wheels)[-1]) as wheel:
            names = [name for name in wheel.namelist() if name.endswith("/axe.min.js")]
            if not names:
                fail(f"{wheels[0]} has no axe.min.js")
            source = wheel.read(names[0]).decode("utf-8")
    version = re.match(r"/\*! axe v(\d+)\.(\d+)\.(\d+)", source)
    if not version or version.group(1) != "4":
        fail(f"axe-core 4.x is needed, got {version.group(0)[9:] if version else 'an unknown version'}")
    return source, ".".join(version.groups())


class StayHandler(Handler):
    """A redirect page is tested as it is, except for its refresh: with it the browser would leave at once and axe
    would check the target instead (axe's meta-refresh rule accepts a delay of 0 anyway)."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        body = open(path, "rb").read()
        body = re.sub(rb'<meta http-equiv="refresh"[^>]*>\n?', b"", body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def check_behaviour(browser, base):
    """The theme's scripts by keyboard: the colour scheme toggle cycles system → light → dark → system and is kept
    across pages, the copy button copies its block and says so in a live region, a heading's anchor is reachable
    and named. Returns the number of failures (each printed)."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)
            print(f"FAIL: {message}", file=sys.stderr)

    def wait(condition, message):
        try:
            WebDriverWait(browser, 5).until(lambda _: condition())
        except Exception:
            check(False, message)

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    browser.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    article = base + "/help/connect-a-mail-client/"
    browser.get(article)
    background = lambda: browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    light_background = background()
    toggle = browser.find_element("css selector", "[data-theme-choice]")
    check(toggle.is_displayed() and toggle.text.endswith("System"), f"the toggle shows 'System' ({toggle.text!r})")
    check(toggle.accessible_name == "Colour scheme: System", f"the toggle's name ({toggle.accessible_name!r})")
    browser.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    check(browser.execute_script("return document.documentElement.dataset.theme") == "light", "Enter: light chosen")
    toggle.send_keys(Keys.SPACE)
    check(browser.execute_script("return localStorage.getItem(arguments[0])", THEME_KEY) == "dark", "Space: dark kept")
    said = lambda text: browser.execute_script(
        "return [...document.querySelectorAll('[role=status]')].some(e => e.textContent === arguments[0])", text)
    wait(lambda: said("Colour scheme: Dark"), "the live region says 'Colour scheme: Dark'")
    browser.get(base + "/help/")
    # Set by the inline script in <head>, before the stylesheet: no page in the light scheme first.
    check(browser.execute_script("return document.documentElement.dataset.theme") == "dark", "dark is kept on the next page")
    check(background() != light_background, f"the dark choice darkens the page ({background()})")
    browser.find_element("css selector", "[data-theme-choice]").click()
    check(browser.execute_script("return localStorage.getItem(arguments[0])", THEME_KEY) is None,
          "the third press goes back to the system's scheme")

    browser.get(article)
    buttons = browser.find_elements("css selector", ".code-block > .copy-button")
    check(len(buttons) == 2, f"each of the 2 code blocks has a copy button ({len(buttons)})")
    if buttons:
        browser.execute_script("arguments[0].focus()", buttons[0])
        buttons[0].send_keys(Keys.ENTER)
        wait(lambda: said("Copied"), "the copy button announces 'Copied'")
        copied = browser.execute_async_script(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")
        check(copied.startswith("openssl s_client -connect mail.example.com:993") and not copied.endswith("\n"),
              f"the clipboard holds the code block ({copied[:60]!r})")
    anchor = browser.find_elements("css selector", ".heading > h2#before-you-start + a.heading-anchor[href='#before-you-start']")
    check(anchor and anchor[0].accessible_name == "Link to this section: Before you start",
          "the h2 has its anchor link, named after it")
    return len(failures)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitegen", default=os.path.join(ROOT, ".build", "debug", "sitegen"))
    parser.add_argument("--keep", help="build the fixture into this folder and leave it there (for the Nu checker)")
    arguments = parser.parse_args()

    chromium, driver_path = require_browser("accessibility test", __file__)
    axe, axe_version = axe_source()

    work = tempfile.mkdtemp(prefix="sitegen-a11y-")
    folder = arguments.keep or work
    site = os.path.join(folder, "a11y-site")
    if arguments.keep:
        shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(FIXTURE, site)
    build = subprocess.run([arguments.sitegen, "build", "-s", site, "--report", "html"], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stderr, file=sys.stderr)
        fail("the fixture site does not build")
    public = os.path.join(site, "public")
    for _, url in PAGES:
        if url != "/help/no-such-page/" and not os.path.isfile(os.path.join(public, url.lstrip("/"), "index.html")):
            fail(f"the fixture site has no page at {url}")
    # This repository's sample help center (content/), built elsewhere: every page it has, and its 404.
    sample = os.path.join(folder, "sample-site")
    shutil.rmtree(sample, ignore_errors=True)
    build = subprocess.run([arguments.sitegen, "build", "-s", ROOT, "-o", sample], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stderr, file=sys.stderr)
        fail("the sample site does not build")
    sample_pages = sorted("/" + os.path.relpath(directory, sample).replace(os.sep, "/") + "/"
                          for directory, _, files in os.walk(sample) if "index.html" in files)
    sample_pages = [("sample site", url.replace("/./", "/")) for url in sample_pages] + [("sample 404", "/no-such-page/")]
    servers = [serve(public, StayHandler), serve(sample, StayHandler)]
    browser = start_chromium(chromium, driver_path)
    violations = 0
    runs = 0
    try:
        for width in WIDTHS:
            # The viewport itself, not the window (whose frame differs between headless versions).
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
            for label, url, base in ([(label, url, servers[0][1]) for label, url in PAGES]
                                     + [(label, url, servers[1][1]) for label, url in sample_pages]):
                # The system's scheme, then the toggle's choice against it (only where the page has the toggle).
                cases = [("light", None), ("dark", None), ("light", "dark"), ("dark", "light")]
                for system, chosen in cases:
                    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                            {"features": [{"name": "prefers-color-scheme", "value": system}]})
                    browser.get(base + url)
                    if chosen:
                        if not browser.execute_script("return !!document.querySelector('[data-theme-choice]')"):
                            continue
                        browser.execute_script(f"localStorage.setItem('{THEME_KEY}', arguments[0])", chosen)
                        browser.refresh()
                    scheme = f"{system} system" + (f", {chosen} chosen" if chosen else "")
                    browser.execute_script(axe)
                    result = browser.execute_async_script(
                        "const done = arguments[arguments.length - 1];"
                        "axe.run(document, {resultTypes: ['violations']})"
                        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        " targets: v.nodes.map(n => n.target.join(' '))}))), e => done('error: ' + e));")
                    runs += 1
                    if chosen:
                        browser.execute_script(f"localStorage.removeItem('{THEME_KEY}')")
                    if isinstance(result, str):
                        fail(f"axe failed on {url} ({scheme}, {width} px): {result}")
                    for violation in result:
                        violations += 1
                        targets = ", ".join(violation["targets"][:5]) + (" …" if len(violation["targets"]) > 5 else "")
                        print(f"FAIL: {violation['id']} ({violation['impact']}) on {label} {url}, {scheme}, {width} px: "
                              f"{violation['help']}; {len(violation['targets'])} element(s): {targets}", file=sys.stderr)
        behaviour_failures = check_behaviour(browser, servers[0][1])
    finally:
        browser.quit()
        for server, _ in servers:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    if violations or behaviour_failures:
        fail(f"{violations} axe-core {axe_version} violation(s) in {runs} page checks, "
             f"{behaviour_failures} failure(s) of the toggle, copy buttons or heading anchors")
    print(f"accessibility test: {runs} page checks with axe-core {axe_version}, no violations; toggle, copy buttons "
          "and heading anchors work by keyboard")


if __name__ == "__main__":
    main()
