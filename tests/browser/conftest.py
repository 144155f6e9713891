"""Browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium) against live_server.

Playwright's browsers are never downloaded (no ``playwright install``): the system Chromium is used,
and every test here is skipped when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse ORM
# calls made from it (fixtures creating users and regions).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    lewati = pytest.mark.skip(reason=f"{CHROMIUM} tidak ada")
    for item in items:
        if "browser" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(lewati)


@pytest.fixture(scope="session")
def _playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


class Permintaan(list):
    """Every URL the page asked for (documents, scripts, styles, images, htmx calls)."""

    def luar(self, asal: str) -> list[str]:
        return [u for u in self if not (u.startswith(asal) or u.startswith(("data:", "blob:", "about:")))]


@pytest.fixture
def halaman(chromium, live_server):
    """A fresh browser context and page; ``halaman.permintaan`` collects every request URL."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.permintaan = Permintaan()
    page.on("request", lambda req: page.permintaan.append(req.url))
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def folder_tangkapan(tmp_path) -> Path:
    """Where screenshots go: $SIMPUL_TANGKAPAN if set (to look at them), else the test's tmp dir."""
    folder = Path(os.environ.get("SIMPUL_TANGKAPAN", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
