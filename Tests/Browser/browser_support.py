"""What the browser end-to-end tests share: finding Chromium, serving a built site on loopback, starting the browser.

Imported by search_browser_test.py and accessibility_test.py (both run from any directory: they put this folder on
sys.path first).
"""
import functools
import http.server
import os
import shutil
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_browser(test_name, script):
    """Chromium's and chromedriver's paths, or exits 0 saying why the test is skipped. Re-runs `script` with the
    system's Python when another python3 first on PATH does not see Debian's python3-selenium."""
    def skip(reason):
        print(f"{test_name} skipped: {reason} (install chromium, chromium-driver and python3-selenium)")
        sys.exit(0)

    chromium = find("chromium", "chromium-browser", "google-chrome")
    driver_path = find("chromedriver")
    if not chromium or not driver_path:
        skip("Chromium or chromedriver is not installed")
    try:
        import selenium  # noqa: F401
    except ImportError:
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(script)] + sys.argv[1:])
        skip("Selenium is not installed")
    return chromium, driver_path


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a missing file gets the site's 404.html with status 404, as static hosts do."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = open(os.path.join(self.directory, "404.html"), "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(folder, handler=Handler):
    """Serves `folder` on a free loopback port in a thread; returns (server, base URL)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def start_chromium(chromium, driver_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver_path), options=options)
