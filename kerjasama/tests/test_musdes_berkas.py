"""Recording a Musdes with its files: a wrong file is reported on its own input, under its label, together with
every other error of the form in one round trip — never as a banner "berkas: …" that names neither file."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kerjasama import services
from kerjasama.tests.conftest import berkas_pdf, buat_kerjasama, musdes_data

pytestmark = pytest.mark.django_db

DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200  # a Word file starts like any zip archive


def _docx(nama="berita-acara.docx"):
    return SimpleUploadedFile(nama, DOCX, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _isian(html: str, nama: str) -> str:
    """The rendered block of one field (label, its errors, input)."""
    m = re.search(rf'<div class="isian[^"]*">\s*<label for="id_{nama}">.*?</div>\s*(?=<div class="isian|</fieldset>)', html, re.S)
    assert m, nama
    return m.group(0)


@pytest.fixture
def ks(persona, wilayah):
    return buat_kerjasama(persona, wilayah, sampai="PERSIAPAN", jumlah_desa=2).ks


def _data(**lain):
    return {"tanggal": "2025-06-02", "tempat": "Balai Desa Klapasawit", "hasil": "SEPAKAT",
            "keputusan_ringkas": "Musdes menyepakati rencana.", "jumlah_hadir": "10", "jumlah_perempuan": "3", **lain}


def test_berkas_salah_ditampilkan_di_isiannya_bersama_galat_lain(client, persona, ks):
    client.force_login(persona["sari"])
    url = reverse("kerjasama:aksi", args=[ks.kode, "musdes"])
    r = client.post(url, _data(jumlah_perempuan="30", berita_acara=_docx(), daftar_hadir=berkas_pdf("hadir.pdf")))
    html = r.content.decode()
    assert r.status_code == 400
    ba = _isian(html, "berita_acara")
    assert "Berita acara (pindaian atau foto)" in ba
    assert "Berkas harus PDF, JPG atau PNG; isi berkas “berita-acara.docx” bukan PDF, JPG atau PNG." in ba
    assert "Jumlah perempuan tidak boleh melebihi jumlah hadir." in _isian(html, "jumlah_perempuan")
    assert "galat-isian" not in _isian(html, "daftar_hadir")  # the good file is not blamed
    assert "berkas:" not in html.lower()
    assert 'value="Balai Desa Klapasawit"' in html and 'value="30"' in html  # typed values kept
    ks.refresh_from_db()
    assert ks.status == "PERSIAPAN" and not ks.musyawarah.exists()


def test_daftar_hadir_salah_disebut_sebagai_daftar_hadir(client, persona, ks):
    client.force_login(persona["sari"])
    r = client.post(reverse("kerjasama:aksi", args=[ks.kode, "musdes"]),
                    _data(berita_acara=berkas_pdf(), daftar_hadir=_docx("hadir.docx")))
    html = r.content.decode()
    assert r.status_code == 400
    assert "hadir.docx" in _isian(html, "daftar_hadir")
    assert "galat-isian" not in _isian(html, "berita_acara")


def test_layanan_menandai_galat_berkas_dengan_nama_isiannya(persona, ks, wilayah):
    # The API and every other adapter get the same: each file's refusal under its own name, with the rest.
    with pytest.raises(ValidationError) as e:
        services.musdes_catat(kerja_sama=ks, desa=wilayah.klapasawit, oleh=persona["sari"],
                              data={**musdes_data(), "jumlah_hadir": 10, "jumlah_perempuan": 30},
                              berita_acara=berkas_pdf(), daftar_hadir=_docx("hadir.docx"))
    galat = e.value.message_dict
    assert set(galat) == {"daftar_hadir", "jumlah_perempuan"}
    assert "hadir.docx" in galat["daftar_hadir"][0]


PDF_RUSAK = b"%PDF-1.4\nstartxref\n99999999999999999999\n%%EOF"  # pypdf: OverflowError (API fuzzing)


def test_pdf_rusak_ditolak_di_isiannya_di_halaman_dan_api(client, persona, ks):
    client.force_login(persona["sari"])
    r = client.post(reverse("kerjasama:aksi", args=[ks.kode, "musdes"]),
                    _data(berita_acara=SimpleUploadedFile("ba.pdf", PDF_RUSAK, content_type="application/pdf")))
    assert r.status_code == 400
    assert "PDF rusak atau tidak dapat dibaca." in _isian(r.content.decode(), "berita_acara")

    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(persona["sari"])
    r = api.post(f"/api/v1/kerjasama/{ks.kode}/musdes/",
                 {**_data(), "berita_acara": SimpleUploadedFile("ba.pdf", PDF_RUSAK)}, format="multipart")
    assert r.status_code == 400 and r.json()["berita_acara"] == ["PDF rusak atau tidak dapat dibaca."], r.content
    r = api.post(f"/api/v1/kerjasama/{ks.kode}/unggah-ttd/",
                 {"file_ttd": SimpleUploadedFile("ttd.pdf", PDF_RUSAK)}, format="multipart")
    assert r.status_code == 400, r.content
    ks.refresh_from_db()
    assert ks.status == "PERSIAPAN" and not ks.musyawarah.exists()


def test_musyawarah_yang_belum_terjadi_ditolak(client, persona, ks):
    """A berita acara records a meeting that took place: a Musdes dated tomorrow is refused on its date, in words."""
    import datetime as dt

    from django.utils import timezone

    from inti.format import tanggal as tanggal_id

    besok = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(persona["sari"])
    url = reverse("kerjasama:aksi", args=[ks.kode, "musdes"])
    r = client.post(url, _data(tanggal=besok.isoformat(), berita_acara=berkas_pdf("ba.pdf")))
    assert r.status_code == 400
    assert f"tanggal {tanggal_id(besok)} belum terjadi" in _isian(r.content.decode(), "tanggal")
    ks.refresh_from_db()
    assert ks.status == "PERSIAPAN" and not ks.musyawarah.exists()
    with pytest.raises(ValidationError) as e:
        services.musyawarah_buat(jenis="MUSDES", kabupaten=ks.kabupaten, desa=[], oleh=persona["sari"],
                                 data={**musdes_data(tanggal=besok)}, kerja_sama=ks, berita_acara=berkas_pdf("ba.pdf"))
    assert "tanggal" in e.value.message_dict
