"""An agreed change becomes an amending Peraturan Bersama: on a phone, a kepala desa signs it and the operator
records its Berita Desa; the agreement is in force again with the new wording (issue 3, §C6 "mengubah")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import TestCase

from kerjasama import services
from kerjasama.tests.conftest import buat_kerjasama, musyawarah_semua_pihak

from .bantuan import lebar_pas, masuk

pytestmark = pytest.mark.browser


def test_kepala_desa_menandatangani_dan_operator_mengundangkan_perubahan(halaman, live_server, persona, wilayah,
                                                                            folder_tangkapan):
    page = halaman
    k = buat_kerjasama(persona, wilayah, sampai="BERLAKU", jumlah_desa=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN",
                                       uraian="Jangka waktu diperpanjang.", isi_baru={"tanggal_selesai": "2029-12-31"})
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], kepala_desa_nama="Darmo Mitra")
    url = f"{live_server.url}/kerjasama/{k.ks.kode}/"

    page.set_viewport_size({"width": 360, "height": 740})
    masuk(page, live_server, "budi")
    page.goto(url)
    assert page.get_by_text("ditandatangani 1 dari 2 desa").is_visible()
    page.get_by_role("link", name="Tanda tangani peraturan perubahan").click()
    page.get_by_label("Nama kepala desa penanda tangan").fill("Budi Santoso")
    assert lebar_pas(page)
    page.get_by_role("button", name="Tanda tangani peraturan perubahan").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{k.ks.kode}/"))
    assert page.get_by_text(re.compile(r"Peraturan perubahan ditandatangani untuk Desa Klapasawit dengan nomor \d+ tahun 2026")).is_visible()

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.perubahan_undangkan(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], berita_desa_tahun=2026,
                                     berita_desa_nomor="12", sekretaris_desa_nama="Endang Mitra")
    masuk(page, live_server, "sari")
    page.goto(url)
    page.get_by_role("link", name="Catat Berita Desa peraturan perubahan").click()
    page.get_by_label("Berita Desa nomor").fill("11")
    page.get_by_label("Nama sekretaris desa").fill("Rahayu")
    page.get_by_role("button", name="Catat Berita Desa peraturan perubahan").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{k.ks.kode}/"))
    assert lebar_pas(page)
    page.screenshot(path=str(folder_tangkapan / "perubahan-360.png"), full_page=True)
    ks = k.refresh()
    assert ks.status == "BERLAKU" and ks.tanggal_selesai == dt.date(2029, 12, 31)
    assert page.get_by_role("link", name="Catat penyebarluasan").is_visible()
    assert page.permintaan.luar(live_server.url) == []
