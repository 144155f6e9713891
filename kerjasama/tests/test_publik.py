"""The public register (page and API): anonymous, read-only, agreements in force only.

"In force" = status BERLAKU (or PERUBAHAN_DIPROSES / DALAM_PERSELISIHAN: still binding) with the Peraturan
Bersama DIUNDANGKAN or DISEBARLUASKAN. A draft, a plan under review, a signed but not yet promulgated one, a
suspended or ended one: 404 / absent, for the page, the API and the PDF.
The states are set on the rows directly here (test data); the real path is walked in test_api.py.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from kerjasama import services
from kerjasama.models import KerjaSamaDesa, KerjaSamaPeserta, ProdukHukum
from kerjasama.tests.test_api import ISI, pdf_kecil

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _kerja_sama(persona, wilayah, judul, status, status_dokumen=None):
    ks = services.kerjasama_buat(oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, mitra=[wilayah.tetangga],
                                 **{**ISI, "judul": judul})
    KerjaSamaDesa.objects.filter(pk=ks.pk).update(status=status)
    if status_dokumen:
        ph = ProdukHukum.objects.create(jenis="PERATURAN_BERSAMA_KADES", kerja_sama=ks, kabupaten=ks.kabupaten,
                                        tentang=judul, status=status_dokumen, sha256="a" * 64)
        ph.file_pdf.save("pb.pdf", ContentFile(pdf_kecil(judul)))
        KerjaSamaPeserta.objects.filter(kerja_sama=ks).update(nomor_peraturan=ks.pk, tahun_peraturan=2026,
                                                              berita_desa_tahun=2026, berita_desa_nomor="5")
    ks.refresh_from_db()
    return ks


@pytest.fixture
def daftar(persona, wilayah):
    return {
        "berlaku": _kerja_sama(persona, wilayah, "Bambu berlaku", "BERLAKU", "DIUNDANGKAN"),
        "disebarluaskan": _kerja_sama(persona, wilayah, "Air bersih berlaku", "BERLAKU", "DISEBARLUASKAN"),
        "draft": _kerja_sama(persona, wilayah, "Rencana rahasia", "DRAFT"),
        "diajukan": _kerja_sama(persona, wilayah, "Sedang diperiksa", "DIAJUKAN", "DRAFT"),
        "ditandatangani": _kerja_sama(persona, wilayah, "Belum diundangkan", "DITANDATANGANI", "DITANDATANGANI"),
        "berakhir": _kerja_sama(persona, wilayah, "Sudah berakhir", "BERAKHIR", "DIUNDANGKAN"),
        # Still binding while an amendment is made or a dispute settled; not while suspended.
        "diubah": _kerja_sama(persona, wilayah, "Sedang diubah", "PERUBAHAN_DIPROSES", "DIUNDANGKAN"),
        "ditangguhkan": _kerja_sama(persona, wilayah, "Ditangguhkan", "DITANGGUHKAN", "DIUNDANGKAN"),
    }


BERLAKU = {"berlaku", "disebarluaskan", "diubah"}


def test_register_page_lists_only_agreements_in_force(client, daftar, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        r = client.get(reverse("kerjasama:register"))
    assert r.status_code == 200
    html = r.content.decode()
    for nama, ks in daftar.items():
        assert (ks.judul in html) == (nama in BERLAKU), nama
        assert (ks.kode in html) == (nama in BERLAKU), nama
    ks = daftar["berlaku"]
    assert reverse("kerjasama:register_pdf", args=[ks.kode]) in html
    ph = ks.produk_hukum.get()
    assert f"/v/{ph.kode_verifikasi}/" in html
    assert "Kalimanah Kulon" in html and "Berita Desa Klapasawit Tahun 2026 Nomor 5" in html
    assert "1 Januari 2026" in html  # dates the Indonesian way


def test_register_page_query_count_does_not_grow(client, persona, wilayah, django_assert_num_queries):
    _kerja_sama(persona, wilayah, "Satu", "BERLAKU", "DIUNDANGKAN")
    with django_assert_num_queries(4) as q:
        client.get(reverse("kerjasama:register"))
    for i in range(10):
        _kerja_sama(persona, wilayah, f"Lagi {i}", "BERLAKU", "DIUNDANGKAN")
    with django_assert_num_queries(len(q)):
        client.get(reverse("kerjasama:register"))


def test_public_pdf_only_for_documents_in_force(client, daftar):
    for nama, ks in daftar.items():
        r = client.get(reverse("kerjasama:register_pdf", args=[ks.kode]))
        if nama in BERLAKU:
            assert r.status_code == 200 and r["Content-Type"] == "application/pdf", nama
            assert b"".join(r.streaming_content).startswith(b"%PDF-")
        else:
            assert r.status_code == 404, nama
    assert client.get(reverse("kerjasama:register_pdf", args=["KS-TIDAKADA"])).status_code == 404


def test_public_api_lists_and_reads_only_agreements_in_force(daftar):
    c = APIClient()
    body = c.get("/api/v1/publik/kerjasama/").json()
    assert {r["kode"] for r in body["results"]} == {daftar[n].kode for n in BERLAKU}
    row = next(r for r in body["results"] if r["kode"] == daftar["berlaku"].kode)
    assert set(row) == {"kode", "judul", "jenis", "status", "status_label", "bidang", "bidang_label", "tanggal_mulai", "tanggal_selesai",
                        "tanggal_penetapan", "tempat_penetapan", "kabupaten", "peserta", "dokumen", "perubahan"}
    assert [p["kode"] for p in row["peserta"]] == ["33.03.06.2015", "33.03.06.2006"]
    assert row["dokumen"]["url_pdf"].endswith(f"/register/{daftar['berlaku'].kode}/pdf/")
    for nama, ks in daftar.items():
        r = c.get(f"/api/v1/publik/kerjasama/{ks.kode}/")
        assert r.status_code == (200 if nama in BERLAKU else 404), nama


def test_public_api_is_read_only(daftar):
    c = APIClient()
    kode = daftar["berlaku"].kode
    assert c.post("/api/v1/publik/kerjasama/", {}, format="json").status_code == 405
    assert c.patch(f"/api/v1/publik/kerjasama/{kode}/", {"judul": "x"}, format="json").status_code == 405
    assert c.delete(f"/api/v1/publik/kerjasama/{kode}/").status_code == 405


def test_nothing_else_is_anonymous(client, daftar):
    ks = daftar["draft"]
    c = APIClient()
    assert c.get(f"/api/v1/kerjasama/{daftar['berlaku'].kode}/").status_code in (401, 403)
    assert c.get(f"/api/v1/kerjasama/{ks.kode}/").status_code in (401, 403)
    ph = daftar["berlaku"].produk_hukum.get()
    assert c.get(f"/api/v1/produk-hukum/{ph.pk}/pdf/").status_code in (401, 403)
