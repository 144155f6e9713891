"""Public verification page /v/<kode>/ and the document downloads through the scope gate (issue 3 items 6–7)."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from kerjasama.choices import StatusProdukHukum
from kerjasama.services import produk_hukum_simpan_pdf
from kerjasama.tests.data_dokumen import buat_kerja_sama

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\n% pindaian bertanda tangan\n%%EOF\n"


@pytest.fixture
def ph(wilayah):
    """A promulgated Peraturan Bersama of Klapasawit and Kalimanah Kulon with its generated PDF and signed scan."""
    ph = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga])
    ph = produk_hukum_simpan_pdf(produk_hukum_id=ph.pk)
    ph.file_ttd.save("scan.pdf", ContentFile(SCAN), save=False)
    ph.sha256_ttd = hashlib.sha256(SCAN).hexdigest()
    ph.save()
    return ph


def test_verification_page_shows_the_register_entry_to_anyone(client, ph):
    r = client.get(f"/v/{ph.kode_verifikasi}/")
    assert r.status_code == 200
    html = r.content.decode()
    for teks in (
        "Peraturan Bersama Kepala Desa", "Pengembangan Usaha Bersama Kerajinan Bambu",
        "Desa Klapasawit", "Desa Kalimanah Kulon", "Kabupaten Purbalingga",
        "Diundangkan", "23 November 2026", ph.sha256, ph.sha256_ttd, ph.kode_verifikasi,
        "telah diundangkan",
    ):
        assert teks in html, teks
    # the hash shown is the hash of the file the register serves
    assert ph.sha256 == hashlib.sha256(ph.file_pdf.open("rb").read()).hexdigest()
    assert html.index("Desa Klapasawit") < html.index("Desa Kalimanah Kulon")  # order of the title


def test_verification_url_name_and_code_case(client, ph):
    assert reverse("kerjasama:verifikasi", args=[ph.kode_verifikasi]) == f"/v/{ph.kode_verifikasi}/"
    assert client.get(f"/v/{ph.kode_verifikasi.lower()}/").status_code == 200


def test_unknown_code_is_404(client, ph):
    assert client.get("/v/TIDAKADA99/").status_code == 404


def test_a_copy_can_be_checked_by_its_hash(client, ph):
    u = f"/v/{ph.kode_verifikasi}/"
    assert "Cocok: berkas ini sama dengan PDF versi 1" in client.get(u, {"sha256": ph.sha256}).content.decode()
    assert "pindaian bertanda tangan yang tercatat" in client.get(u, {"sha256": ph.sha256_ttd.upper()}).content.decode()
    assert "Tidak cocok" in client.get(u, {"sha256": "0" * 64}).content.decode()
    assert "64 karakter" in client.get(u, {"sha256": "bukan-hash"}).content.decode()


def test_draft_is_marked_as_not_in_force(client, wilayah):
    draf = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga], ditandatangani=False, diundangkan=False)
    assert draf.status == StatusProdukHukum.RANCANGAN_DISEPAKATI
    html = client.get(f"/v/{draf.kode_verifikasi}/").content.decode()
    assert "masih berupa rancangan" in html and "belum berlaku" in html
    assert "belum ditetapkan" in html and "belum dibuat" in html


# -- downloads through the scope gate -------------------------------------------------------------

def unduh(client, user, ph, jenis):
    client.force_login(user)
    return client.get(reverse(f"kerjasama:produk_hukum_{jenis}", args=[ph.pk]))


@pytest.mark.parametrize("siapa", ["budi", "tono", "camat", "pmd_pbg", "prov_jateng", "admin"])
def test_parties_and_their_officials_download_both_files(client, persona, ph, siapa):
    r = unduh(client, persona[siapa], ph, "pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    isi = b"".join(r.streaming_content)
    assert hashlib.sha256(isi).hexdigest() == ph.sha256
    r = unduh(client, persona[siapa], ph, "ttd")
    assert r.status_code == 200 and b"".join(r.streaming_content) == SCAN


@pytest.mark.parametrize("siapa", ["camat_lain", "pmd_bms", "prov_kalsel", "kades_lain"])
@pytest.mark.parametrize("jenis", ["pdf", "ttd"])
def test_out_of_scope_download_is_404(client, persona, wilayah, ph, siapa, jenis):
    if siapa == "kades_lain":  # kepala desa of a desa of the same kabupaten that is not a party
        user = get_user_model().objects.create_user(username="kades_kemangkon", password="x", role="kepala_desa",
                                                    wilayah_kode=wilayah.kemangkon_desa.kode)
    else:
        user = persona[siapa]
    assert unduh(client, user, ph, jenis).status_code == 404


def test_anonymous_download_goes_to_login(client, ph):
    r = client.get(reverse("kerjasama:produk_hukum_pdf", args=[ph.pk]))
    assert r.status_code == 302 and "/akun/masuk/" in r["Location"]


def test_missing_file_is_404(client, persona, wilayah):
    draf = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga], ditandatangani=False, diundangkan=False)
    assert unduh(client, persona["budi"], draf, "pdf").status_code == 404
    assert unduh(client, persona["budi"], draf, "ttd").status_code == 404
