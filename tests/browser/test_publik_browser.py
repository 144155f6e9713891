"""The public side on a phone: a visitor finds the register and the code form by clicking from the login page,
types the code printed on a copy, and reads its verification page — none of them wider than 360 px."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.base import ContentFile

from kerjasama.tests.conftest import pdf_bytes
from kerjasama.tests.data_dokumen import buat_kerja_sama

pytestmark = pytest.mark.browser


@pytest.fixture
def ph(wilayah, settings, tmp_path):
    """A promulgated Peraturan Bersama in the public register, with its PDF, signed scan and their SHA-256."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ph = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga])
    isi, scan = pdf_bytes("peraturan bersama"), pdf_bytes("pindaian")
    ph.file_pdf.save("pb.pdf", ContentFile(isi), save=False)
    ph.file_ttd.save("pb-ttd.pdf", ContentFile(scan), save=False)
    ph.sha256, ph.sha256_ttd = hashlib.sha256(isi).hexdigest(), hashlib.sha256(scan).hexdigest()
    ph.save()
    return ph


def lebar(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_public_pages_do_not_overflow_at_360(halaman, live_server, ph, folder_tangkapan):
    page = halaman
    page.set_viewport_size({"width": 360, "height": 740})
    for nama, url in [("verifikasi", f"/v/{ph.kode_verifikasi}/"), ("register", "/register/"),
                      ("kode", "/v/"), ("masuk", "/akun/masuk/")]:
        page.goto(f"{live_server.url}{url}")
        page.screenshot(path=str(folder_tangkapan / f"publik-{nama}-360.png"), full_page=True)
        assert lebar(page) <= 360, f"{url}: scrollWidth {lebar(page)}"
    page.goto(f"{live_server.url}/v/{ph.kode_verifikasi}/")
    hash_pdf = page.locator("#sha256-pdf")
    assert hash_pdf.inner_text().replace("\n", "") == ph.sha256  # wrapped, whole
    assert hash_pdf.bounding_box()["height"] > 30  # on more than one line at this width
    page.goto(f"{live_server.url}/register/")
    assert page.get_by_text(ph.sha256).is_visible()


def test_a_visitor_checks_a_printed_code_by_clicking_from_the_login_page(halaman, live_server, ph):
    page = halaman
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/")  # anonymous: sent to the login page
    page.wait_for_url(re.compile(r"/akun/masuk/"))
    page.get_by_role("link", name="Periksa keaslian dokumen").click()
    page.wait_for_url(f"{live_server.url}/v/")

    page.get_by_label("Kode verifikasi").fill("2345-6789-ab")
    page.get_by_role("button", name="Periksa").click()
    assert page.get_by_text("Tidak ada dokumen dengan kode verifikasi").is_visible()

    kode = ph.kode_verifikasi
    page.get_by_label("Kode verifikasi").fill(f"{kode[:5].lower()} {kode[5:].lower()}")
    page.get_by_role("button", name="Periksa").click()
    page.wait_for_url(f"{live_server.url}/v/{kode}/")
    assert page.get_by_text("Dokumen ini terdaftar dan telah diundangkan.").is_visible()
    assert lebar(page) <= 360

    page.get_by_role("link", name="Register kerja sama desa yang berlaku").click()
    page.wait_for_url(f"{live_server.url}/register/")
    assert page.get_by_role("heading", name=ph.kerja_sama.judul).is_visible()
    page.get_by_role("link", name="Periksa keaslian dokumen").click()
    page.wait_for_url(f"{live_server.url}/v/")
