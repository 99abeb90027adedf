import os
from pathlib import Path

import pytest

from tests.conftest import require_or_skip

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


# Per module, not per session: Playwright's event loop must stop before other tests run, since
# pyHanko starts loops of its own.
@pytest.fixture(scope="module")
def browser():
    require_or_skip(
        CHROMIUM.exists(),
        what="Debian's chromium (/usr/bin/chromium; apt-get install chromium)",
        required_by="CI",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # An English browser: the site must still open in Vietnamese.
    context = browser.new_context(locale="en-US", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
