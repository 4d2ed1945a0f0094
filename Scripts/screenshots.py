#!/usr/bin/env python3
"""Screenshots of every page kind of the default theme, for review (issue 25): not committed, not a test.

Builds Tests/Fixtures/a11y-site (the accessibility test's site: home, product, articles, all articles, 404, link
report, redirect page) and takes a full-page PNG of each page at 1366 and 375 px wide, in the light and the dark
scheme, in headless Chromium. Files are named <page>-<width>-<scheme>.png.

Usage: python3 Scripts/screenshots.py [--sitegen .build/debug/sitegen] [--out screenshots]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Browser"))
from accessibility_test import FIXTURE, PAGES, WIDTHS, StayHandler  # noqa: E402
from browser_support import require_browser, serve, start_chromium  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitegen", default=os.path.join(ROOT, ".build", "debug", "sitegen"))
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files (made if missing)")
    arguments = parser.parse_args()
    chromium, driver_path = require_browser("screenshots", __file__)

    work = tempfile.mkdtemp(prefix="sitegen-screenshots-")
    site = os.path.join(work, "a11y-site")
    shutil.copytree(FIXTURE, site)
    build = subprocess.run([arguments.sitegen, "build", "-s", site, "--report", "html"], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stderr, file=sys.stderr)
        sys.exit(1)
    os.makedirs(arguments.out, exist_ok=True)
    server, base = serve(os.path.join(site, "public"), StayHandler)
    browser = start_chromium(chromium, driver_path)
    count = 0
    try:
        for width in WIDTHS:
            for scheme in ("light", "dark"):
                browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                        {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                for label, url in PAGES:
                    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
                    browser.get(base + url)
                    # The whole page in one image: the viewport made as tall as the document.
                    height = browser.execute_script("return document.documentElement.scrollHeight")
                    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                    name = "".join(c if c.isalnum() else "-" for c in label).strip("-")
                    browser.save_screenshot(os.path.join(arguments.out, f"{name}-{width}-{scheme}.png"))
                    count += 1
    finally:
        browser.quit()
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{count} screenshots in {arguments.out}/")


if __name__ == "__main__":
    main()
