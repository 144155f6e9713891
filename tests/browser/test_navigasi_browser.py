"""The top menu on a desktop: no item breaks inside itself ("Kerja / sama"); the menu wraps between items
instead. Screenshots at 1366, 1024, 768 and 360 px go to ``folder_tangkapan`` (SIMPUL_TANGKAPAN to look)."""

from __future__ import annotations

import pytest

from .bantuan import masuk

pytestmark = pytest.mark.browser

# For each menu item (links; in the user menu's summary its name and its role, which may wrap between them): its text, and how many lines its text boxes take
# (a box starting more than half a line below the first one starts a new line).
BARIS_ITEM = """els => els.map(el => {
  const r = document.createRange(); r.selectNodeContents(el);
  const kotak = [...r.getClientRects()].filter(k => k.width > 0);
  const atas = Math.min(...kotak.map(k => k.top));
  const tinggi = parseFloat(getComputedStyle(el).lineHeight) || 20;
  return [el.textContent.replace(/\\s+/g, ' ').trim(), kotak.some(k => k.top > atas + tinggi / 2) ? 2 : 1];
})"""


def test_menu_items_stay_on_one_line_at_every_width(halaman, live_server, persona, folder_tangkapan):
    page = halaman
    pmd = persona["pmd_pbg"]  # the longest menu: review queue, files, API docs, admin, a long name and role
    pmd.first_name, pmd.last_name = "Dinas PMD", "Purbalingga"
    pmd.save()
    masuk(page, live_server, "pmd_pbg")
    for lebar in (1366, 1024, 768, 360):
        page.set_viewport_size({"width": lebar, "height": 800})
        page.goto(f"{live_server.url}/")
        if lebar < 768:  # a phone: the menu opens behind its button
            page.get_by_role("button", name="Menu").click()
        page.screenshot(path=str(folder_tangkapan / f"navigasi_{lebar}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= lebar, lebar
        item = page.eval_on_selector_all("#navigasi a, #navigasi .nama-pengguna, #navigasi .peran", BARIS_ITEM)
        assert [t for t, _ in item][:3] == ["Beranda", "Wilayah", "Kerja sama"], item
        assert {"Antrian verifikasi", "Dokumentasi API", "Admin"} <= {t for t, _ in item}
        terbungkus = [t for t, baris in item if baris > 1]
        assert terbungkus == [], (lebar, terbungkus)
        if lebar == 1366:  # every link one line tall: the height of a single-line menu item
            tinggi = page.eval_on_selector_all("#navigasi ul a", "els => els.map(a => a.getBoundingClientRect().height)")
            assert max(tinggi) <= 44.5, tinggi
