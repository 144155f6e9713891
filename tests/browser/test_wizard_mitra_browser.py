"""Wizard step 1 on a 360 px phone: partner desa chosen in two different searches are both kept.

Before the fix the live search (htmx) replaced the results list together with the desa ticked in it, so
the first partner vanished silently and the draft was saved with the second one only."""

from __future__ import annotations

import re

import pytest

from desa.models import Desa
from kerjasama.models import KerjaSamaDesa

from .bantuan import masuk

pytestmark = pytest.mark.browser

KALIMANAH_KULON = "Kalimanah Kulon — Kalimanah, Purbalingga (33.03.06.2006)"
SELABAYA = "Selabaya — Kalimanah, Purbalingga (33.03.06.2014)"


def test_dua_pencarian_dua_centang_kedua_mitra_tersimpan(halaman, live_server, persona, wilayah, folder_tangkapan):
    Desa.objects.create(kode="33.03.06.2014", nama="Selabaya", kecamatan=wilayah.kalimanah, jenis="DESA")
    page = halaman
    page.set_viewport_size({"width": 360, "height": 740})
    masuk(page, live_server, "budi")
    page.goto(f"{live_server.url}/kerjasama/baru/")
    page.get_by_label("Judul kerja sama (tentang …)").fill("Uji pilih dua mitra")
    page.get_by_label("Pengembangan usaha bersama yang dimiliki oleh desa").check()
    cari = page.get_by_label("Cari desa mitra (nama atau kode)")
    terpilih = page.locator("#mitra-terpilih")

    # A tick moves the box out of the results (htmx swaps them): click(), not check(), which would wait to see
    # the moved box checked in its old place and time out when the swap is quick.
    cari.fill("Kalimanah Kulon")
    page.locator("#hasil-mitra").get_by_label(KALIMANAH_KULON).click()
    # The ticked desa moves to the chosen list straight away (no wait for "Simpan").
    terpilih.get_by_label(KALIMANAH_KULON).wait_for()
    assert terpilih.get_by_label(KALIMANAH_KULON).is_checked()
    assert page.get_by_text("Belum ada desa mitra terpilih.").count() == 0

    cari.fill("Selabaya")
    page.locator("#hasil-mitra").get_by_label(SELABAYA).click()
    terpilih.get_by_label(SELABAYA).wait_for()
    # The first choice survived the second search.
    assert terpilih.get_by_label(KALIMANAH_KULON).is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(folder_tangkapan / "wizard-dua-mitra-360.png"), full_page=True)

    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url(re.compile(r"/kerjasama/KS-\w+/isi/$"))
    ks = KerjaSamaDesa.objects.get()
    assert [p.desa.kode for p in ks.peserta.order_by("urutan")] == ["33.03.06.2015", "33.03.06.2006", "33.03.06.2014"]


def test_mitra_terpilih_dapat_dihapus_dan_kembali_ke_hasil(halaman, live_server, persona, wilayah):
    page = halaman
    page.set_viewport_size({"width": 360, "height": 740})
    masuk(page, live_server, "budi")
    page.goto(f"{live_server.url}/kerjasama/baru/")
    page.get_by_label("Cari desa mitra (nama atau kode)").fill("Kalimanah")
    page.locator("#hasil-mitra").get_by_label(KALIMANAH_KULON).click()
    terpilih = page.locator("#mitra-terpilih")
    terpilih.get_by_label(KALIMANAH_KULON).wait_for()

    terpilih.get_by_label(KALIMANAH_KULON).click()
    page.get_by_text("Belum ada desa mitra terpilih.").wait_for()
    # It is offered again in the results of the current search, unticked.
    kembali = page.locator("#hasil-mitra").get_by_label(KALIMANAH_KULON)
    kembali.wait_for()
    assert not kembali.is_checked()
