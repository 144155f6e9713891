"""Issue 2, done when: a desa operator logs in, edits the profile and sees the change; no page asks
for anything outside the app (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from .bantuan import masuk

pytestmark = pytest.mark.browser

TAHUN = timezone.localdate().year


def test_operator_mengubah_profil_dan_melihat_perubahannya(halaman, live_server, persona, folder_tangkapan):
    page = halaman
    masuk(page, live_server, "sari")
    tindakan = page.get_by_text(f"Profil Klapasawit tahun {TAHUN} belum diisi.")
    assert tindakan.is_visible()
    page.get_by_role("link", name="Isi profil").click()
    page.wait_for_url(re.compile(r"/desa/33\.03\.06\.2015/profil/ubah/"))

    # Bad input first: the sum does not match and the required source is empty.
    page.get_by_label("Jumlah penduduk").fill("3125")
    page.get_by_label("Penduduk laki-laki").fill("1500")
    page.get_by_label("Penduduk perempuan").fill("1565")
    page.get_by_label("Luas (ha)").fill("215,5")
    page.get_by_label("Sumber data luas").fill("BPS 2021")
    page.get_by_role("button", name=f"Simpan profil {TAHUN}").click()
    page.wait_for_load_state()
    assert page.locator("#id_sumber_data_error").is_visible()
    assert page.get_by_text("Jumlah penduduk harus sama dengan laki-laki + perempuan.").is_visible()
    assert page.get_by_label("Jumlah penduduk").input_value() == "3125"  # nothing lost
    assert page.get_by_label("Sumber data luas").input_value() == "BPS 2021"
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(folder_tangkapan / "ubah-galat-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Penduduk laki-laki").fill("1560")
    page.locator("#id_sumber_data").fill("Prodeskel")
    page.get_by_role("button", name=f"Simpan profil {TAHUN}").click()
    page.wait_for_url(re.compile(rf"/desa/33\.03\.06\.2015/\?tahun={TAHUN}$"))

    assert page.get_by_text(f"Profil Klapasawit tahun {TAHUN} tersimpan.").is_visible()
    profil = page.locator("#judul-profil").locator("xpath=..")
    assert "3.125" in profil.inner_text()
    assert "215,5 ha" in profil.inner_text()
    riwayat = page.locator("#judul-riwayat").locator("xpath=..")
    assert "Sari" in riwayat.inner_text() and f"dibuat profil {TAHUN}" in riwayat.inner_text()

    # Layout: the detail page on a desktop and on a 360 px phone, without sideways scrolling.
    page.screenshot(path=str(folder_tangkapan / "detail-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not page.locator("#navigasi").is_visible()  # the menu is collapsed on a phone
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#navigasi").get_by_role("link", name="Wilayah").is_visible()
    page.get_by_role("button", name="Menu").click()
    page.screenshot(path=str(folder_tangkapan / "detail-360.png"), full_page=True)

    assert page.permintaan, "no request recorded"
    assert any("/static/django_htmx/" in u for u in page.permintaan)
    assert page.permintaan.luar(live_server.url) == []


def test_cari_desa_langsung_dengan_htmx(halaman, live_server, persona):
    page = halaman
    masuk(page, live_server, "pmd_pbg")
    page.goto(f"{live_server.url}/wilayah/33.03/")
    page.get_by_role("searchbox").fill("Klapa")
    hasil = page.get_by_role("link", name="Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)")
    hasil.wait_for()
    assert "q=Klapa" in page.url  # the search is in the address, so it can be shared and reloaded
    assert page.get_by_role("link", name=re.compile("Purwojati")).count() == 0
    hasil.click()
    page.wait_for_url(re.compile(r"/desa/33\.03\.06\.2015/$"))
    assert page.permintaan.luar(live_server.url) == []
