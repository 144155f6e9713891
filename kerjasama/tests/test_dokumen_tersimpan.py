"""Offer letters (§D4) and MAD minutes (§D5) stored as ProdukHukum with their PDF (issue 3 items 4 and 6).

``penawaran_kirim`` gives each letter its own document, ``mad_catat`` the MAD's berita acara; both are born
final (DITANDATANGANI), rendered once after commit with their SHA-256, carry a QR code and short code to
/v/<kode>/, download through the scope gate (pages and API) and show on the agreement's page.
Most tests use the fixed renderer (``render_palsu``); one walks with the real one and decodes the QR codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.conf import settings as dj_settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from inti.errors import AturanDilanggar
from kerjasama import services
from kerjasama.models import ProdukHukum
from kerjasama.tasks import produk_hukum_buat_pdf
from kerjasama.tests.conftest import berkas_pdf, mad_data, segera

pytestmark = pytest.mark.django_db


def isi_berkas(ph) -> bytes:
    with ph.file_pdf.open("rb") as f:
        return f.read()


def surat_dan_dokumen(k):
    hasil = []
    for s in k.surat:
        s.refresh_from_db()
        hasil.append((s, s.dokumen))
    return hasil


def pengguna(username):
    return get_user_model().objects.get(username=username)


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


# -- offer letters ---------------------------------------------------------------------------------

def test_each_offer_letter_has_its_own_stored_final_pdf(buat_ks, render_palsu):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    pasangan = surat_dan_dokumen(k)
    assert len(pasangan) == 2
    for i, (s, ph) in enumerate(pasangan, start=1):
        assert ph is not None, s
        assert ph.jenis == "SURAT_PENAWARAN" and ph.kerja_sama_id == k.ks.pk
        assert ph.status == "DITANDATANGANI" and ph.terkunci  # signed when sent: born final
        assert ph.nomor == s.nomor and ph.tahun == 2025 and ph.tanggal_ditetapkan == dt.date(2025, 6, 10)
        assert ph.tentang == k.ks.judul and ph.kabupaten_id == k.ks.kabupaten_id
        assert {d.kode for d in ph.desa.all()} == {k.desa[0].kode, k.desa[i].kode}
        assert s.kepada.desa == k.desa[i]
        # rendered once, after commit, with the hash of the stored bytes
        assert ph.file_pdf and ph.versi == 1 and not ph.sedang_dibuat and not ph.galat_pembuatan
        assert ph.sha256 == hashlib.sha256(isi_berkas(ph)).hexdigest()
        assert isi_berkas(ph) == render_palsu(ph)
    assert pasangan[0][1].kode_verifikasi != pasangan[1][1].kode_verifikasi
    # No Peraturan Bersama before the MAD; the helper's ``ph`` is not fooled by the letters.
    assert k.ph is None
    assert not k.ks.produk_hukum.filter(jenis__in=("PERATURAN_BERSAMA_KADES", "PERJANJIAN_BERSAMA")).exists()
    # The timeline's offer step points at the letters.
    langkah = k.ks.langkah.get(aksi="kirim_penawaran")
    assert {b["id"] for b in langkah.bukti} == {s.pk for s, _ in pasangan}


def test_a_born_final_document_is_rendered_once_then_frozen(buat_ks, render_palsu):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    (_, ph), = surat_dan_dokumen(k)
    sha, versi, nama = ph.sha256, ph.versi, ph.file_pdf.name
    with pytest.raises(AturanDilanggar) as e:
        services.produk_hukum_simpan_pdf(produk_hukum_id=ph.pk)
    assert e.value.aturan.kode == "C6"
    # A late or repeated task is a no-op that answers the stored hash.
    assert produk_hukum_buat_pdf.apply(args=[ph.pk]).get() == sha
    ph.refresh_from_db()
    assert (ph.sha256, ph.versi, ph.file_pdf.name, ph.galat_pembuatan) == (sha, versi, nama, "")


def test_a_failed_render_does_not_undo_the_offer_and_can_be_run_again(buat_ks, monkeypatch):
    import kerjasama.documents as documents

    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)

    def rusak(ph):
        raise RuntimeError("WeasyPrint tidak tersedia")

    monkeypatch.setattr(documents, "render_produk_hukum", rusak)
    with segera():  # run eagerly: the failure stays on the row, the caller is not hit
        surat = services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=dt.date(2025, 6, 10))
    assert k.refresh().status == "PENAWARAN"
    ph = ProdukHukum.objects.get(pk=surat[0].dokumen_id)
    assert not ph.file_pdf and not ph.sedang_dibuat and "WeasyPrint tidak tersedia" in ph.galat_pembuatan

    monkeypatch.setattr(documents, "render_produk_hukum", lambda ph: b"%PDF-1.4\n% surat\n%%EOF\n")
    assert produk_hukum_buat_pdf.apply(args=[ph.pk]).get() == hashlib.sha256(b"%PDF-1.4\n% surat\n%%EOF\n").hexdigest()
    ph.refresh_from_db()
    assert ph.file_pdf and ph.versi == 1 and not ph.galat_pembuatan


# -- MAD minutes -----------------------------------------------------------------------------------

def test_the_mad_berita_acara_is_stored_beside_the_draft(buat_ks, render_palsu):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen
    assert ba.jenis == "BERITA_ACARA_MAD" and ba.status == "DITANDATANGANI"
    assert ba.tanggal_ditetapkan == dt.date(2025, 8, 4) and ba.tahun == 2025 and ba.nomor == ""
    assert {d.kode for d in ba.desa.all()} == {d.kode for d in k.desa}
    assert ba.file_pdf and ba.sha256 == hashlib.sha256(isi_berkas(ba)).hexdigest() and ba.versi == 1
    # The Peraturan Bersama draft is its own document, still open.
    assert k.ph.jenis == "PERATURAN_BERSAMA_KADES" and k.ph.status == "RANCANGAN_DISEPAKATI"


def test_a_mad_without_agreement_has_its_minutes_too(buat_ks, render_palsu):
    k = buat_ks(sampai="DIVERIFIKASI", jumlah_desa=2)
    with segera():
        m = services.mad_catat(kerja_sama=k.ks, oleh=k.pmd, data=mad_data("TIDAK_SEPAKAT"), desa=k.desa[:1],
                               berita_acara=berkas_pdf())
    assert k.refresh().status == "PENYUSUNAN_RANCANGAN"
    m.refresh_from_db()
    assert m.dokumen.jenis == "BERITA_ACARA_MAD" and m.dokumen.file_pdf
    assert [d.kode for d in m.dokumen.desa.all()] == [k.desa[0].kode]
    assert k.ph is None


def test_signing_and_promulgating_leave_letters_and_minutes_alone(buat_ks, render_palsu):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    (s, surat_ph), = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen
    for ph in (surat_ph, ba):
        assert ph.status == "DITANDATANGANI" and ph.versi == 1
    assert k.ph.jenis == "PERATURAN_BERSAMA_KADES" and k.ph.status == "DIUNDANGKAN"
    ttd = k.ks.langkah.filter(aksi="tandatangani").first()
    assert ttd.bukti[0]["id"] == k.ph.pk  # the signature step points at the Peraturan Bersama, not a letter
    assert ProdukHukum.objects.filter(kerja_sama=k.ks).count() == 3


# -- downloads through the scope gate ------------------------------------------------------------------

def test_downloads_go_through_the_scope_gate(buat_ks, render_palsu, client):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    (s1, ph1), (s2, ph2) = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen
    url = {ph.pk: reverse("kerjasama:produk_hukum_pdf", args=[ph.pk]) for ph in (ph1, ph2, ba)}
    assert url[ph1.pk] == f"/kerjasama/dokumen/{ph1.pk}/pdf/"

    boleh = {
        k.kades[0]: {ph1.pk, ph2.pk, ba.pk},  # the initiator: every letter it sent
        k.kades[1]: {ph1.pk, ba.pk},  # a partner: its own letter, not another partner's
        k.operator[2]: {ph2.pk, ba.pk},
        k.camat: {ph1.pk, ph2.pk, ba.pk},
        k.pmd: {ph1.pk, ph2.pk, ba.pk},
        pengguna("kades_2010"): set(),  # Grecol, same kecamatan, not a party
        pengguna("camat_lain"): set(),
        pengguna("pmd_bms"): set(),
    }
    salah = []
    for user, ids in boleh.items():
        client.force_login(user)
        c = api(user)
        for ph in (ph1, ph2, ba):
            harap = 200 if ph.pk in ids else 404
            r = client.get(url[ph.pk])
            ra = c.get(f"/api/v1/produk-hukum/{ph.pk}/pdf/")
            if r.status_code != harap or ra.status_code != harap:
                salah.append((user.username, ph.jenis, ph.pk, r.status_code, ra.status_code, harap))
            elif harap == 200:
                isi = b"".join(r.streaming_content)
                assert hashlib.sha256(isi).hexdigest() == ph.sha256
                assert r["Content-Type"] == "application/pdf"
    assert salah == []
    client.logout()
    assert client.get(url[ph1.pk]).status_code == 302  # anonymous: to the login page
    assert APIClient().get(f"/api/v1/produk-hukum/{ph1.pk}/pdf/").status_code in (401, 403)


def test_api_exposes_the_stored_document_of_letters_and_musyawarah(buat_ks, render_palsu):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    (s1, ph1), (s2, ph2) = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen

    data = api(k.kades[0]).get(f"/api/v1/kerjasama/{k.ks.kode}/").json()
    surat = {s["nomor"]: s["dokumen"] for s in data["surat_penawaran"]}
    assert surat[s1.nomor] == {"id": ph1.pk, "jenis": "SURAT_PENAWARAN", "status": "DITANDATANGANI",
                               "sha256": ph1.sha256, "sedang_dibuat": False,
                               "url_pdf": f"/api/v1/produk-hukum/{ph1.pk}/pdf/"}
    assert surat[s2.nomor]["id"] == ph2.pk
    mus = {m["id"]: m["dokumen"] for m in data["musyawarah"]}
    assert mus[k.mad.pk]["id"] == ba.pk and mus[k.mad.pk]["url_pdf"] == f"/api/v1/produk-hukum/{ba.pk}/pdf/"
    musdes = k.musdes[k.desa[0].kode]
    assert mus[musdes.pk] is None  # a Musdes has its uploaded berita acara only (evidence), no generated PDF

    # A partner sees every letter of the agreement, but another partner's letter's document is not its own.
    data = api(k.kades[1]).get(f"/api/v1/kerjasama/{k.ks.kode}/").json()
    surat = {s["nomor"]: s["dokumen"] for s in data["surat_penawaran"]}
    assert surat[s1.nomor]["id"] == ph1.pk and surat[s2.nomor] is None

    # The musyawarah endpoint and the document endpoint tell the same.
    m = api(k.pmd).get(f"/api/v1/musyawarah/{k.mad.pk}/").json()
    assert m["dokumen"]["id"] == ba.pk and m["dokumen"]["sha256"] == ba.sha256
    d = api(k.pmd).get(f"/api/v1/produk-hukum/{ph1.pk}/").json()
    assert d["jenis"] == "SURAT_PENAWARAN" and d["nomor"] == s1.nomor and d["url_verifikasi"] == f"/v/{ph1.kode_verifikasi}/"


def test_detail_page_links_each_letter_and_the_mad_to_its_pdf(buat_ks, render_palsu, client):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    (s1, ph1), (s2, ph2) = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen
    halaman = reverse("kerjasama:detail", args=[k.ks.kode])

    client.force_login(k.kades[0])
    html = client.get(halaman).content.decode()
    for ph in (ph1, ph2, ba):
        assert f'href="{reverse("kerjasama:produk_hukum_pdf", args=[ph.pk])}"' in html, ph
    # each link sits on its own line: the letter's number, the MAD's line
    baris_surat = next(b for b in html.split("<li>") if s1.nomor in b)
    assert reverse("kerjasama:produk_hukum_pdf", args=[ph1.pk]) in baris_surat
    baris_mad = next(b for b in html.split("<li>") if "Musyawarah Antar Desa" in b and "Aula Kecamatan" in b)
    assert reverse("kerjasama:produk_hukum_pdf", args=[ba.pk]) in baris_mad

    client.force_login(k.kades[1])  # a partner: no link to another partner's letter
    html = client.get(halaman).content.decode()
    assert reverse("kerjasama:produk_hukum_pdf", args=[ph1.pk]) in html
    assert reverse("kerjasama:produk_hukum_pdf", args=[ph2.pk]) not in html


# -- public verification ---------------------------------------------------------------------------

def test_verification_page_shows_letters_and_minutes(buat_ks, render_palsu, client):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    (s1, ph1), _ = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen

    html = client.get(f"/v/{ph1.kode_verifikasi}/").content.decode()
    for teks in ("Surat Penawaran Kerja Sama tentang Usaha bersama kerajinan bambu", s1.nomor,
                 "Desa Klapasawit", "Desa Kalimanah Kulon", "Ditandatangani", "Tanggal surat", "10 Juni 2025",
                 ph1.sha256, ph1.kode_verifikasi, "Kabupaten Purbalingga"):
        assert teks in html, teks
    assert "Desa Kalimanah Wetan" not in html  # a letter's parties: the sender and its addressee
    assert html.index("Desa Klapasawit") < html.index("Desa Kalimanah Kulon")
    assert "Cocok" in client.get(f"/v/{ph1.kode_verifikasi}/", {"sha256": ph1.sha256}).content.decode()

    html = client.get(f"/v/{ba.kode_verifikasi.lower()}/").content.decode()
    for teks in ("Berita Acara Musyawarah Antar Desa tentang Usaha bersama kerajinan bambu", "Desa Klapasawit",
                 "Desa Kalimanah Kulon", "Desa Kalimanah Wetan", "Ditandatangani", "Tanggal musyawarah",
                 "4 Agustus 2025", ba.sha256):
        assert teks in html, teks


# -- with the real renderer ----------------------------------------------------------------------

def test_real_pdfs_carry_the_qr_code_of_their_verification_page(buat_ks):
    pypdfium2 = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    (s, surat_ph), = surat_dan_dokumen(k)
    k.mad.refresh_from_db()
    ba = k.mad.dokumen

    for ph, teks_wajib in (
        (surat_ph, [s.nomor, "Yth. Kepala Desa Kalimanah Kulon", "Penawaran Kerja Sama Antar Desa"]),
        (ba, ["BERITA ACARA", "MUSYAWARAH ANTAR DESA", "Aula Kecamatan Kalimanah"]),
    ):
        pdf = isi_berkas(ph)
        assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == ph.sha256
        url = f"{dj_settings.SITUS_URL}/v/{ph.kode_verifikasi}/"
        hasil = zxingcpp.read_barcodes(pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil())
        assert [h.text for h in hasil] == [url], ph.jenis
        halaman = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
        assert all(ph.kode_verifikasi in h for h in halaman)
        teks = " ".join(" ".join(h.split()) for h in halaman)
        for t in teks_wajib:
            assert t in teks, (ph.jenis, t)
    # One letter per document: the letter's PDF holds that letter only.
    assert PdfReader(io.BytesIO(isi_berkas(surat_ph))).pages[0].extract_text().count("Nomor :") <= 1
