"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live server.

Without a chromium at CHROMIUM_PATH (default /usr/bin/chromium) the journeys are skipped with a
clear reason, so ``make test`` works on a machine without a browser; CI installs chromium and
sets E2E_REQUIRED=1, which turns a missing browser into a failure.

Each journey keeps screenshots of its steps, at desktop and phone width, under
``var/screenshots/e2e/<test>/`` (override with SCREENSHOT_DIR).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the test body's ORM calls are still
# plain synchronous code, so Django's async-safety check would misfire.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOT_DIR = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "var/screenshots/e2e")
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(f"E2E_REQUIRED=1 but there is no browser at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Shooter:
    """Takes numbered screenshots of a page at desktop and phone width: the test's ``page``
    unless another one (another person's browser) is given. Numbers follow the journey."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def __call__(self, name: str, page: Any = None) -> None:
        page = page or self.page
        self.count += 1
        stem = f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        page.screenshot(path=str(self.folder / f"{stem}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(self.folder / f"{stem}-phone.png"), full_page=True)
        page.set_viewport_size(DESKTOP)


# The browser's own language for a journey in each language (date boxes, Accept-Language).
LOCALES = {"ja": "ja-JP", "en": "en-US"}


@pytest.fixture
def new_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Callable[[], Any]]:
    """Opens a page in a browser context of its own (its own cookies: another person). A test
    parametrised by ``language`` gets a browser set to that language."""
    contexts: list[Any] = []
    callspec = getattr(request.node, "callspec", None)
    locale = LOCALES.get(callspec.params.get("language", "") if callspec else "")

    def open_page() -> Any:
        context = browser.new_context(viewport=DESKTOP, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    return new_page()


@pytest.fixture
def shoot(page: Any, request: pytest.FixtureRequest) -> Shooter:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    return Shooter(page, SCREENSHOT_DIR / name)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Browser tests use real transactions (the live server is another thread), and Django
    empties the tables after each such test; put the reference data back first. The cache
    outlives a test too: empty it, so that no cached figure or rate-limit count of an earlier
    test (all from 127.0.0.1) shows through."""
    from django.core.cache import cache

    from partnership.core.reference_data import load_reference_data

    cache.clear()
    load_reference_data()
