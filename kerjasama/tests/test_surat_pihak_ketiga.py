"""The offer letter (§D4) of a desa to a third party (§C2, prakarsa DESA): ``penawaran_kirim`` gives it its own
final document, and the letter is addressed to the third party (its person in charge, its address), not to a
"Kepala Desa". Read back from the stored PDF with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from kerjasama.models import PihakKetiga, ProdukHukum

pytestmark = pytest.mark.django_db


def teks(ph) -> str:
    with ph.file_pdf.open("rb") as f:
        data = f.read()
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def test_the_letter_to_a_third_party_is_its_own_document_addressed_to_it(buat_ks, wilayah):
    pk = PihakKetiga.objects.create(
        kabupaten=wilayah.purbalingga, nama="CV Bambu Lestari", jenis="SWASTA_BADAN_USAHA",
        penanggung_jawab_nama="Rina Wulandari", penanggung_jawab_jabatan="Direktur",
        alamat="Jl. Raya Kalimanah No. 12\nPurbalingga 53371",
    )
    k = buat_ks(sampai="PENAWARAN", jenis="PIHAK_KETIGA", pihak_ketiga=pk)  # the real renderer
    (surat,) = k.surat
    surat.refresh_from_db()
    ph = surat.dokumen
    assert ph is not None and ph.jenis == "SURAT_PENAWARAN" and ph.status == "DITANDATANGANI"
    assert ph.nomor == surat.nomor and {d.kode for d in ph.desa.all()} == {k.desa[0].kode}
    assert ph.file_pdf and not ph.galat_pembuatan and ph.versi == 1

    t = teks(ph)
    assert "Yth. Direktur CV Bambu Lestari" in t
    assert "u.p. Rina Wulandari" in t
    assert "di Jl. Raya Kalimanah No. 12 Purbalingga 53371" in t
    assert "Penawaran Kerja Sama Desa dengan Pihak Ketiga" in t
    assert "Pasal 14 Peraturan Menteri Dalam Negeri Nomor 96 Tahun 2017" in t
    assert "kerja sama desa dengan pihak ketiga tentang" in t and "kepada CV Bambu Lestari dengan pokok-pokok" in t
    assert "jawaban tertulis dari CV Bambu Lestari" in t
    assert "Mohon jawaban paling lambat 10 Juli 2025" in t
    assert "Kepala Desa CV" not in t and "Antar Desa" not in t
    assert surat.nomor in t and "KEPALA DESA KLAPASAWIT" in t


def test_the_letter_to_a_partner_desa_keeps_its_wording(buat_ks):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    (surat,) = k.surat
    surat.refresh_from_db()
    t = teks(surat.dokumen)
    assert "Yth. Kepala Desa Kalimanah Kulon di Kalimanah Kulon" in t
    assert "Penawaran Kerja Sama Antar Desa" in t and "Pasal 13 ayat (3)" in t
    assert "setelah Desa Kalimanah Kulon membahasnya dalam Musyawarah Desa" in t


def test_a_third_party_offer_received_has_no_letter_of_the_desa(buat_ks, render_palsu):
    k = buat_ks(sampai="PENAWARAN", jenis="PIHAK_KETIGA", prakarsa="PIHAK_KETIGA")
    assert k.surat == [] and not ProdukHukum.objects.filter(jenis="SURAT_PENAWARAN").exists()
