"""An agreed change is a new document amending the signed one (§C1 PERUBAHAN_DIPROSES → BERLAKU; §C6
"amendments create a new ProdukHukum linked ``mengubah``"), and promulgated documents are disseminated in
every desa (§C6 DISEBARLUASKAN; PP 43/2014 Pasal 88 ayat (3))."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from kerjasama import aturan, services
from kerjasama.models import LangkahKerjaSama, Notifikasi, PenandatanganDokumen, ProdukHukum

from .conftest import berkas_pdf, musyawarah_semua_pihak, penolakan, segera

ISI_BARU = {
    "tanggal_selesai": "2028-12-31",
    "ruang_lingkup": "Produksi anyaman bambu bersama.\nPemasaran daring melalui BUM Desa bersama.",
}


def _sepakati(k, *, isi_baru=ISI_BARU, uraian="Jangka waktu diperpanjang dan pemasaran daring ditambahkan."):
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian=uraian,
                                       isi_baru=isi_baru)
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    pr.refresh_from_db()
    return pr


def _tanda_tangani_semua(k, pr, tanggal=dt.date(2025, 12, 1)):
    with segera():
        for d, kades in zip(k.desa, k.kades):
            services.perubahan_tandatangani(perubahan=pr, desa=d, oleh=kades, kepala_desa_nama=f"Kades {d.nama}",
                                            tanggal=tanggal)


def _undangkan_semua(k, pr, tanggal=dt.date(2025, 12, 3)):
    with segera():
        for i, (d, op) in enumerate(zip(k.desa, k.operator), start=1):
            services.perubahan_undangkan(perubahan=pr, desa=d, oleh=op, berita_desa_tahun=2025,
                                         berita_desa_nomor=f"{20 + i}", sekretaris_desa_nama=f"Sekdes {d.nama}",
                                         tanggal=tanggal)


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_disepakati_menjadi_peraturan_baru_yang_mengubah(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=3)
    asal = k.ph
    hash_asal, selesai_asal = asal.sha256, k.ks.tanggal_selesai
    pr = _sepakati(k)

    ks = k.refresh()
    ph = pr.dokumen
    assert ks.status == "PERUBAHAN_DIPROSES" and pr.status == "DISEPAKATI"
    assert ph.mengubah == asal and ph.jenis == asal.jenis == "PERATURAN_BERSAMA_KADES"
    assert ph.status == "RANCANGAN_DISEPAKATI" and ph.versi == 1 and ph.file_pdf  # the draft is rendered
    assert ph.tentang.startswith("Perubahan atas Peraturan Bersama Kepala Desa tentang")
    assert list(ph.penandatangan.values_list("desa__kode", flat=True)) == [d.kode for d in k.desa]
    assert set(ph.desa.values_list("kode", flat=True)) == {d.kode for d in k.desa}
    # Every kepala desa is told to sign; nobody else.
    ditugasi = set(Notifikasi.objects.filter(kerja_sama=ks, judul__startswith="Perubahan disepakati")
                   .values_list("penerima__username", flat=True))
    assert ditugasi == {u.username for u in k.kades}

    _tanda_tangani_semua(k, pr)
    ph.refresh_from_db()
    assert ph.status == "DITANDATANGANI" and ph.terkunci and ph.versi == 2
    assert ph.tanggal_ditetapkan == dt.date(2025, 12, 1)
    # Each desa's yearly series goes on after its Peraturan Bersama (number 1 in 2025): the amendment is 2.
    assert list(ph.penandatangan.values_list("nomor_peraturan", "tahun_peraturan")) == [(2, 2025)] * 3
    assert k.refresh().status == "PERUBAHAN_DIPROSES" and k.ks.tanggal_selesai == selesai_asal
    with pytest.raises(aturan.AturanDilanggar) as e:  # the signed amendment never changes either
        services.produk_hukum_simpan_pdf(produk_hukum_id=ph.pk)
    assert e.value.kode == "C6"

    _undangkan_semua(k, pr)
    ph.refresh_from_db()
    pr.refresh_from_db()
    ks = k.refresh()
    assert ph.status == "DIUNDANGKAN" and pr.status == "BERLAKU" and pr.tanggal_efektif == dt.date(2025, 12, 3)
    assert ks.status == "BERLAKU"
    # The new wording is the agreement's text now; the first document stays exactly as signed.
    assert ks.tanggal_selesai == dt.date(2028, 12, 31)
    assert ks.ruang_lingkup == ISI_BARU["ruang_lingkup"]
    asal.refresh_from_db()
    assert asal.sha256 == hash_asal == hashlib.sha256(asal.file_pdf.read()).hexdigest()
    assert asal.status == "DIUNDANGKAN"
    aksi = list(LangkahKerjaSama.objects.filter(kerja_sama=ks).order_by("id").values_list("aksi", flat=True))
    ekor = aksi[aksi.index("setujui_perubahan"):]
    assert ekor == ["setujui_perubahan", *["tandatangani_perubahan"] * 3, "perubahan_ditandatangani",
                    *["undangkan_perubahan"] * 3, "perubahan_berlaku"]


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_penolakan_dengan_aturan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=3)
    # Only known items, a real change, a valid end date; no new wording for a suspension.
    for isi in ({"bidang": ["KEAMANAN"]}, {"tanggal_selesai": "2020-01-01"}, {"tanggal_selesai": "besok"}):
        with pytest.raises(ValidationError):
            services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="x", isi_baru=isi)
    with pytest.raises(ValidationError):
        services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PENUNDAAN", uraian="x",
                                  isi_baru={"ruang_lingkup": "Lain"})
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Tambah unit.",
                                       isi_baru={"hak_kewajiban": k.ks.hak_kewajiban})  # unchanged text is no change
    assert pr.isi_baru == {}
    # Not agreed yet: nothing to sign.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, perubahan=pr, desa=k.desa[0], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["ALUR"]
    with segera():
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    pr.refresh_from_db()
    # An operator does not sign (kepala desa only); a kepala desa signs only for their own desa; once.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, perubahan=pr, desa=k.desa[0], oleh=k.operator[0],
                                      kepala_desa_nama="Sari")] == ["PERAN"]
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, perubahan=pr, desa=k.desa[1], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["PERAN"]
    with segera():
        services.perubahan_tandatangani(perubahan=pr, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, perubahan=pr, desa=k.desa[0], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["ALUR"]
    # Promulgation waits for every signature (R12, naming who has not signed).
    tolak = penolakan(services.perubahan_undangkan, perubahan=pr, desa=k.desa[0], oleh=k.operator[0],
                      berita_desa_tahun=2025, berita_desa_nomor="9", sekretaris_desa_nama="Sekdes")
    assert [a.kode for a in tolak] == ["R12"] and k.desa[1].nama in tolak[0].pesan and "Pasal 88" in tolak[0].pesan
    # A second change cannot start while this one is open.
    assert [a.kode for a in penolakan(services.perubahan_ajukan, kerja_sama=k.ks, oleh=k.operator[1],
                                      jenis="PERUBAHAN", uraian="Lagi")] == ["ALUR"]


def test_pdf_perubahan_menyebut_pasal_yang_diubah_dan_nomor_tiap_desa(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=3)
    pr = _sepakati(k)
    _tanda_tangani_semua(k, pr)
    _undangkan_semua(k, pr)
    ph = ProdukHukum.objects.get(pk=pr.dokumen_id)
    with ph.file_pdf.open("rb") as f:
        teks = " ".join(" ".join(h.extract_text().split()) for h in PdfReader(io.BytesIO(f.read())).pages)
    urut = [
        "PERATURAN BERSAMA", "KEPALA DESA KLAPASAWIT", "NOMOR 02 TAHUN 2025",
        "PERUBAHAN ATAS PERATURAN BERSAMA", "Menimbang", "Nomor 01 Tahun 2025", "Mengingat", "MEMUTUSKAN",
        "Pasal I", "Beberapa ketentuan", "Pasal II", "mulai berlaku pada tanggal diundangkan",
        "Ditetapkan di", "BERITA DESA KLAPASAWIT TAHUN",  # filled in by hand: the text froze when signed
    ]
    posisi = [teks.find(s) for s in urut]
    assert -1 not in posisi, [s for s, p in zip(urut, posisi) if p == -1]
    assert posisi == sorted(posisi)
    # The references are the articles of the amended document: JANGKA WAKTU and RUANG LINGKUP of the D1 outline.
    from kerjasama.documents import konteks_peraturan_bersama

    bab = {b.judul: b for b in konteks_peraturan_bersama(k.ph)["bab"]}
    assert f"Ketentuan Pasal {bab['JANGKA WAKTU'].pasal[0].nomor} mengenai jangka waktu" in teks
    assert f"Ketentuan Pasal {bab['RUANG LINGKUP DAN BIDANG KERJA SAMA'].pasal[0].nomor} mengenai ruang lingkup" in teks
    assert "31 Desember 2028" in teks
    for d in k.desa:
        assert f"KEPALA DESA {d.nama.upper()}" in teks and f"Kades {d.nama}".upper() in teks
    assert teks.count("NOMOR 02 TAHUN 2025") == 3


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_kedua_disebut_kedua(buat_ks):
    from kerjasama.dokumen_perubahan import konteks_perubahan_peraturan

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    for n, selesai in ((1, "2028-12-31"), (2, "2029-12-31")):
        pr = _sepakati(k, isi_baru={"tanggal_selesai": selesai})
        _tanda_tangani_semua(k, pr)
        _undangkan_semua(k, pr)
    ph = ProdukHukum.objects.get(pk=pr.dokumen_id)
    assert ph.mengubah == k.ph  # every amendment refers to the first document
    assert konteks_perubahan_peraturan(ph)["tentang"].startswith("PERUBAHAN KEDUA ATAS PERATURAN BERSAMA")
    assert list(ph.penandatangan.values_list("nomor_peraturan", flat=True)) == [3, 3]
    assert k.refresh().tanggal_selesai == dt.date(2029, 12, 31)


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_perjanjian_pihak_ketiga_berlaku_setelah_kedua_pihak_tanda_tangan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jenis="PIHAK_KETIGA")
    pr = _sepakati(k, isi_baru={"hak_kewajiban": "PIHAK KEDUA menyediakan pelatihan pemasaran."})
    ph = pr.dokumen
    assert ph.jenis == "PERJANJIAN_BERSAMA" and ph.mengubah == k.ph
    with segera():
        services.perubahan_tandatangani(perubahan=pr, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    assert k.refresh().status == "PERUBAHAN_DIPROSES"
    # Only the kepala desa of the desa records the third party's signature.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani_pihak_ketiga, perubahan=pr, oleh=k.operator[0],
                                      penandatangan_nama="Rina")] == ["PERAN"]
    with segera():
        services.perubahan_tandatangani_pihak_ketiga(perubahan=pr, oleh=k.kades[0], penandatangan_nama="Rina Wulandari",
                                                     penandatangan_jabatan="Direktur", nomor="PKS-07/2026")
    pr.refresh_from_db()
    ph.refresh_from_db()
    ks = k.refresh()
    assert ph.status == "DITANDATANGANI" and pr.status == "BERLAKU" and ks.status == "BERLAKU"
    assert ks.hak_kewajiban == "PIHAK KEDUA menyediakan pelatihan pemasaran."
    assert "undangkan_perubahan" not in set(ks.langkah.values_list("aksi", flat=True))  # no Berita Desa (R4)


def test_pdf_perubahan_perjanjian(buat_ks):
    k = buat_ks(sampai="BERLAKU", jenis="PIHAK_KETIGA")
    pr = _sepakati(k, isi_baru={"tanggal_selesai": "2029-06-30"})
    with segera():
        services.perubahan_tandatangani(perubahan=pr, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi Santoso")
        services.perubahan_tandatangani_pihak_ketiga(perubahan=pr, oleh=k.kades[0], penandatangan_nama="Rina Wulandari",
                                                     penandatangan_jabatan="Direktur", nomor="PKS-07/2026")
    ph = ProdukHukum.objects.get(pk=pr.dokumen_id)
    with ph.file_pdf.open("rb") as f:
        teks = " ".join(" ".join(h.extract_text().split()) for h in PdfReader(io.BytesIO(f.read())).pages)
    for s in ("PERUBAHAN ATAS PERJANJIAN KERJA SAMA", "NOMOR: PKS-07/2026", "PIHAK KESATU", "PIHAK KEDUA",
              "RINA WULANDARI", "BUDI SANTOSO", "mengenai jangka waktu", "30 Juni 2029", "tetap berlaku"):
        assert s in teks, s


# -- dissemination ----------------------------------------------------------------------------------

@pytest.mark.usefixtures("render_palsu")
def test_penyebarluasan_tiap_desa_lalu_dokumen_disebarluaskan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=3)
    ph = k.ph
    peserta = list(k.ks.peserta.select_related("desa").order_by("urutan"))
    assert [p.kode for p in aturan.peringatan_penyebarluasan(peserta)] == ["R12"]
    # A kepala desa of one desa records for their own desa only; a camat not at all.
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, produk_hukum=ph, desa=k.desa[1], oleh=k.operator[0],
                                      cara="PAPAN_PENGUMUMAN")] == ["PERAN"]
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, produk_hukum=ph, desa=k.desa[0], oleh=k.camat,
                                      cara="PAPAN_PENGUMUMAN")] == ["PERAN"]
    with pytest.raises(ValidationError):
        services.peraturan_sebarluaskan(produk_hukum=ph, desa=k.desa[0], oleh=k.operator[0], cara="SURAT_KABAR_X")
    with segera():
        for i, (d, op) in enumerate(zip(k.desa, k.operator)):
            services.peraturan_sebarluaskan(produk_hukum=ph, desa=d, oleh=op, cara="PAPAN_PENGUMUMAN" if i else "MUSDES",
                                            keterangan="Ditempel di balai desa", tanggal=dt.date(2025, 9, 10),
                                            bukti_berkas=berkas_pdf("foto-papan.pdf") if i == 0 else None)
            ph.refresh_from_db()
            assert ph.status == ("DISEBARLUASKAN" if i == 2 else "DIUNDANGKAN")
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, produk_hukum=ph, desa=k.desa[0],
                                      oleh=k.operator[0], cara="SITUS_WEB")] == ["ALUR"]
    peserta = list(k.ks.peserta.select_related("desa").order_by("urutan"))
    assert aturan.peringatan_penyebarluasan(peserta) == []
    lg = k.ks.langkah.filter(aksi="sebarluaskan").order_by("id").first()
    assert lg.desa == k.desa[0] and [b["model"] for b in lg.bukti] == ["ProdukHukum", "Dokumen"]
    assert k.refresh().status == "BERLAKU"  # a WARN-level duty: the agreement does not wait for it


@pytest.mark.usefixtures("render_palsu")
def test_penyebarluasan_perubahan_sesudah_diundangkan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    pr = _sepakati(k)
    _tanda_tangani_semua(k, pr)
    tolak = penolakan(services.peraturan_sebarluaskan, produk_hukum=pr.dokumen, desa=k.desa[0], oleh=k.operator[0],
                      cara="SITUS_WEB")
    assert [a.kode for a in tolak] == ["R12"] and "Berita Desa" in tolak[0].pesan
    _undangkan_semua(k, pr)
    with segera():
        for d, op in zip(k.desa, k.operator):
            services.peraturan_sebarluaskan(produk_hukum=pr.dokumen, desa=d, oleh=op, cara="SITUS_WEB")
    pr.dokumen.refresh_from_db()
    assert pr.dokumen.status == "DISEBARLUASKAN"
    assert PenandatanganDokumen.objects.filter(produk_hukum=pr.dokumen, tanggal_disebarluaskan__isnull=False).count() == 2
