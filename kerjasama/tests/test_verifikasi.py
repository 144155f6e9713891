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


STATUS_KALIMAT = [
    # (jenis, status, the sentence heading the page)
    ("PERATURAN_BERSAMA_KADES", "DIUNDANGKAN", "Dokumen ini terdaftar dan telah diundangkan."),
    ("PERATURAN_BERSAMA_KADES", "DISEBARLUASKAN", "Dokumen ini terdaftar, telah diundangkan, dan telah disebarluaskan."),
    ("PERATURAN_BERSAMA_KADES", "DITANDATANGANI",
     "Dokumen ini terdaftar dan telah ditandatangani, tetapi belum diundangkan; belum berlaku."),
    ("PERATURAN_BERSAMA_KADES", "RANCANGAN_DISEPAKATI",
     "Dokumen ini masih berupa rancangan yang telah disepakati dan belum ditandatangani; belum berlaku."),
    ("PERATURAN_BERSAMA_KADES", "DRAFT", "Dokumen ini masih berupa draf; belum berlaku."),
    ("PERATURAN_BERSAMA_KADES", "DICABUT", "Dokumen ini telah dicabut dan tidak berlaku lagi."),
    ("PERJANJIAN_BERSAMA", "DITANDATANGANI", "Perjanjian ini terdaftar dan telah ditandatangani para pihak."),
    ("SURAT_PENAWARAN", "DITANDATANGANI", "Surat ini terdaftar dan telah ditandatangani."),
    ("BERITA_ACARA_MAD", "DITANDATANGANI", "Berita acara ini terdaftar dan telah ditandatangani."),
]


@pytest.mark.parametrize(("jenis", "status", "kalimat"), STATUS_KALIMAT)
def test_the_status_sentence_reads_naturally(client, wilayah, jenis, status, kalimat):
    """Once, in words a reader understands: no "telah diundangkan (diundangkan)", no "rancangan (rancangan …)"."""
    from kerjasama.models import ProdukHukum

    ph = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga])
    ProdukHukum.objects.filter(pk=ph.pk).update(jenis=jenis, status=status)
    html = client.get(f"/v/{ph.kode_verifikasi}/").content.decode()
    pesan = html[html.index('role="status"'):]
    pesan = pesan[pesan.index("<p>") + 3:pesan.index("</p>")]
    assert pesan == kalimat
    label = dict(StatusProdukHukum.choices)[status].lower()
    assert f"({label})" not in html


# -- /v/: typing the printed code; the public side reachable from the login page ------------------------

def test_the_code_form_takes_a_typed_code_to_its_page(client, ph):
    r = client.get("/v/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="kode"' in html and 'href="/register/"' in html
    kode = ph.kode_verifikasi
    ketikan = [
        kode, kode.lower(), f" {kode[:4]} {kode[4:8]} {kode[8:]} ", f"{kode[:5]}-{kode[5:]}".lower(),
        f"https://simpul.example/v/{kode}/",  # the printed address pasted whole
    ]
    for teks in ketikan:
        r = client.get("/v/", {"kode": teks})
        assert r.status_code == 302 and r.url == f"/v/{kode}/", teks


def test_the_code_form_says_clearly_when_no_document_has_the_code(client, ph):
    r = client.get("/v/", {"kode": "2345-6789-AB"})
    assert r.status_code == 404
    html = r.content.decode()
    assert "Tidak ada dokumen dengan kode verifikasi" in html and "23456789AB" in html
    assert ph.tentang not in html  # nothing about any other document


@pytest.mark.parametrize(("teks", "pesan"), [
    ("ABCDEFGHI0", "tanpa I, L, O; periksa kembali karakter 0, I"),
    ("ABC", "terdiri atas 10 karakter; yang Anda ketik 3"),
    ("   ", "Ketik kode verifikasi yang tercetak pada dokumen."),
])
def test_the_code_form_explains_a_malformed_code(client, teks, pesan):
    r = client.get("/v/", {"kode": teks})
    assert r.status_code == 400
    html = r.content.decode()
    assert pesan in html, html[html.find("galat-isian"):][:400]


def test_the_public_pages_are_reachable_by_clicking(client, ph):
    """From the login page (where / sends a visitor) to the register and the code form, and between them."""
    masuk = client.get(reverse("akun:login")).content.decode()
    bagian = masuk[masuk.index("Untuk masyarakat"):]
    assert 'href="/register/"' in bagian and 'href="/v/"' in bagian and "Periksa keaslian dokumen" in bagian
    assert 'href="/v/"' in client.get("/register/").content.decode()
    halaman = client.get(f"/v/{ph.kode_verifikasi}/").content.decode()
    assert 'href="/v/"' in halaman and 'href="/register/"' in halaman


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
