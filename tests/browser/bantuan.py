"""Steps every browser test shares: logging in through the real login page, and the 360 px width check."""

from __future__ import annotations

SANDI = "rahasia-123"  # the password the browser tests give their users


def masuk(page, live_server, username: str) -> None:
    """Log in as ``username`` through /akun/masuk/ (any earlier session dropped first) and land on the home page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def lebar_pas(page) -> bool:
    """The page fits its viewport: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
