# The two commands of the README: `make site` builds this repository's help center into public/,
# `make test` runs the test suite. Both install the C libraries sitegen links against when they are missing.
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps site test

deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(APT_PACKAGES); \
	fi

site: deps
	swift run -c release sitegen build

# The search and accessibility end-to-end tests run in headless Chromium after the Swift tests; they say why they
# skip when Chromium, chromedriver or Selenium is missing (CI installs them: .ci/run). The accessibility test gets
# axe-core from PyPI with pip (into .build/axe/) and fails when it cannot.
test: deps
	swift test
	python3 Tests/Browser/search_browser_test.py --sitegen .build/debug/sitegen
	python3 Tests/Browser/accessibility_test.py --sitegen .build/debug/sitegen
