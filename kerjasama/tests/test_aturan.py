"""Refused paths: every transition refuses the wrong state (ALUR), the wrong actor (PERAN) and each rule of
law (R1–R16) with the rule id and its article, and leaves nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from inti.errors import AturanDilanggar
from kerjasama import aturan, services
from kerjasama.models import (
    BKAD,
    Dokumen,
    KerjaSamaDesa,
    KerjaSamaPeserta,
    LangkahKerjaSama,
    LaporanKerjaSama,
    Musyawarah,
    Notifikasi,
    Perselisihan,
    PerubahanKerjaSama,
    ProdukHukum,
    SuratPenawaran,
)

from .conftest import TANGGAL_JAWABAN, berkas_pdf, mad_data, musdes_data, musyawarah_semua_pihak, penolakan, segera

pytestmark = pytest.mark.usefixtures("render_palsu")


def jejak(ks) -> tuple:
    """Everything a transition could write: a refusal must leave all of it unchanged."""
    ks = KerjaSamaDesa.objects.get(pk=ks.pk)
    peserta = tuple(KerjaSamaPeserta.objects.filter(kerja_sama=ks).order_by("id").values_list(
        "penawaran_status", "musdes_id", "tercantum_rpjmdes", "nomor_peraturan", "tanggal_tanda_tangan", "berita_desa_nomor"))
    jumlah = tuple(M.objects.count() for M in (
        LangkahKerjaSama, Musyawarah, Dokumen, SuratPenawaran, Notifikasi, ProdukHukum, PerubahanKerjaSama, Perselisihan,
        LaporanKerjaSama, BKAD,
    ))
    dokumen = tuple(ProdukHukum.objects.filter(kerja_sama=ks).values_list("status", "versi"))
    return (ks.status, ks.catatan_verifikasi, ks.alasan_berakhir, ks.updated_at, peserta, jumlah, dokumen)


def ditolak(_k, fungsi, *args, **kw) -> list[AturanDilanggar]:
    """Call a service that must refuse; assert nothing was written; return the unmet rules."""
    sebelum = jejak(_k.ks)
    with segera():
        gagal = penolakan(fungsi, *args, **kw)
    assert jejak(_k.ks) == sebelum
    return gagal


def kode(gagal) -> list[str]:
    return [g.kode for g in gagal]


def pasal(gagal) -> None:
    for g in gagal:
        assert "Pasal" in g.pesan, g.pesan
        assert g.pesan.startswith(f"{g.kode}: ")


# -- ALUR: every service refuses a state its row of the table does not start from ---------------

SALAH_STATUS = [
    ("PERSIAPAN", lambda k: services.kerjasama_siapkan(kerja_sama=k.ks, oleh=k.operator[0])),
    ("DRAFT", lambda k: services.musdes_catat(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], data=musdes_data(),
                                              berita_acara=berkas_pdf())),
    ("PERSIAPAN", lambda k: services.kerjasama_konfirmasi_rpjmdes(kerja_sama=k.ks, oleh=k.operator[0], rujukan="RPJM")),
    ("DISETUJUI_MUSDES", lambda k: services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0])),
    ("PENYUSUNAN_RANCANGAN", lambda k: services.musdes_catat(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1],
                                                        data=musdes_data(), berita_acara=berkas_pdf())),
    ("PENYUSUNAN_RANCANGAN", lambda k: services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1],
                                                                jawaban="DITERIMA")),
    ("PENAWARAN", lambda k: services.rancangan_ajukan(kerja_sama=k.ks, oleh=k.operator[0])),
    ("PENYUSUNAN_RANCANGAN", lambda k: services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.pmd)),
    ("DIVERIFIKASI", lambda k: services.rancangan_kembalikan(kerja_sama=k.ks, oleh=k.pmd, catatan="Perbaiki.")),
    ("DIAJUKAN", lambda k: services.mad_catat(kerja_sama=k.ks, oleh=k.pmd, data=mad_data(), desa=k.desa,
                                              berita_acara=berkas_pdf())),
    ("DIVERIFIKASI", lambda k: services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                                                               kepala_desa_nama="Budi")),
    ("RANCANGAN_DISEPAKATI", lambda k: services.peraturan_undangkan(
        kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025, berita_desa_nomor="1",
        sekretaris_desa_nama="Rahayu")),
    ("DITANDATANGANI", lambda k: services.laporan_kirim(kerja_sama=k.ks, oleh=k.operator[0], periode="I", isi="-")),
    ("DITANDATANGANI", lambda k: services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN",
                                                           uraian="Ubah.")),
    ("BERLAKU", lambda k: services.kerjasama_lanjutkan(kerja_sama=k.ks, oleh=k.pmd, musyawarah=None)),
    ("DITANGGUHKAN", lambda k: services.perselisihan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], uraian="Sengketa.")),
    ("DITANGGUHKAN", lambda k: services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI")),
    ("BERLAKU", lambda k: services.kerjasama_tutup(kerja_sama=k.ks, oleh=k.operator[0], laporan_akhir="Selesai.")),
    ("PENAWARAN", lambda k: services.kerjasama_batalkan(kerja_sama=k.ks, oleh=k.operator[0], alasan="Tarik.")),
    ("BATAL", lambda k: services.kerjasama_siapkan(kerja_sama=k.ks, oleh=k.operator[0])),
    ("SELESAI", lambda k: services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="x")),
]


@pytest.mark.parametrize(("sampai", "panggil"), SALAH_STATUS, ids=[f"{s}-{i}" for i, (s, _) in enumerate(SALAH_STATUS)])
def test_salah_status_ditolak_alur(buat_ks, sampai, panggil):
    k = buat_ks(sampai=sampai, jumlah_desa=2)
    gagal = ditolak(k, panggil, k)
    assert kode(gagal) == ["ALUR"] and gagal[0].pesan.startswith("ALUR: ")


# -- PERAN: the wrong actor ------------------------------------------------------------------------

SALAH_PELAKU = [
    # (state, who, call) — who is a persona name or an index into k.kades/k.operator
    ("DRAFT", "tono", lambda k, u: services.kerjasama_siapkan(kerja_sama=k.ks, oleh=u)),  # operator of another desa
    ("DRAFT", "camat", lambda k, u: services.kerjasama_siapkan(kerja_sama=k.ks, oleh=u)),
    ("PERSIAPAN", ("operator", 1), lambda k, u: services.musdes_catat(kerja_sama=k.ks, desa=k.desa[0], oleh=u,
                                                                      data=musdes_data(), berita_acara=berkas_pdf())),
    ("SIAP_DITAWARKAN", ("operator", 0), lambda k, u: services.penawaran_kirim(kerja_sama=k.ks, oleh=u)),  # not the kades
    ("SIAP_DITAWARKAN", ("kades", 1), lambda k, u: services.penawaran_kirim(kerja_sama=k.ks, oleh=u)),
    ("PENAWARAN", ("operator", 1), lambda k, u: services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[1], oleh=u,
                                                                         jawaban="DITOLAK")),
    ("PENAWARAN", ("kades", 0), lambda k, u: services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[1], oleh=u,
                                                                      jawaban="DITOLAK")),  # for another desa
    ("PENYUSUNAN_RANCANGAN", ("kades", 1), lambda k, u: services.rancangan_ajukan(kerja_sama=k.ks, oleh=u)),  # mitra
    ("DIAJUKAN", "camat", lambda k, u: services.rancangan_verifikasi(kerja_sama=k.ks, oleh=u)),  # camat verifying
    ("DIAJUKAN", "pmd_bms", lambda k, u: services.rancangan_verifikasi(kerja_sama=k.ks, oleh=u)),  # other kabupaten
    ("DIAJUKAN", ("kades", 0), lambda k, u: services.rancangan_kembalikan(kerja_sama=k.ks, oleh=u, catatan="x")),
    ("DIVERIFIKASI", "camat", lambda k, u: services.mad_catat(kerja_sama=k.ks, oleh=u, data=mad_data(), desa=k.desa,
                                                              berita_acara=berkas_pdf())),
    ("RANCANGAN_DISEPAKATI", ("operator", 0), lambda k, u: services.peraturan_tandatangani(
        kerja_sama=k.ks, desa=k.desa[0], oleh=u, kepala_desa_nama="Sari")),  # operator cannot sign
    ("RANCANGAN_DISEPAKATI", ("kades", 1), lambda k, u: services.peraturan_tandatangani(
        kerja_sama=k.ks, desa=k.desa[0], oleh=u, kepala_desa_nama="X")),  # signing for another desa
    ("RANCANGAN_DISEPAKATI", "pmd_pbg", lambda k, u: services.peraturan_tandatangani(
        kerja_sama=k.ks, desa=k.desa[0], oleh=u, kepala_desa_nama="X")),
    ("DITANDATANGANI", "camat", lambda k, u: services.peraturan_undangkan(
        kerja_sama=k.ks, desa=k.desa[0], oleh=u, berita_desa_tahun=2025, berita_desa_nomor="1", sekretaris_desa_nama="S")),
    ("BERLAKU", "camat", lambda k, u: services.perubahan_ajukan(kerja_sama=k.ks, oleh=u, jenis="PERUBAHAN", uraian="x")),
    ("BERLAKU", "camat_lain", lambda k, u: services.komentar_tambah(kerja_sama=k.ks, oleh=u, teks="Halo")),
    ("BERLAKU", ("operator", 0), lambda k, u: services.kerjasama_akhiri(kerja_sama=k.ks, oleh=u, alasan="TUJUAN_TERCAPAI")),
    ("DALAM_PERSELISIHAN", "camat", lambda k, u: services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=u)),
    ("DALAM_PERSELISIHAN", "camat_lain", lambda k, u: services.perselisihan_selesaikan(
        perselisihan=k.perselisihan, oleh=u, hasil="x", berlanjut=True)),
    ("BERAKHIR", "camat", lambda k, u: services.kerjasama_tutup(kerja_sama=k.ks, oleh=u, laporan_akhir="x")),
    ("SIAP_DITAWARKAN", ("kades", 1), lambda k, u: services.kerjasama_batalkan(kerja_sama=k.ks, oleh=u, alasan="x")),
]


@pytest.mark.parametrize(("sampai", "siapa", "panggil"), SALAH_PELAKU,
                         ids=[f"{s}-{w if isinstance(w, str) else '_'.join(map(str, w))}" for s, w, _ in SALAH_PELAKU])
def test_salah_pelaku_ditolak_peran(buat_ks, persona, sampai, siapa, panggil):
    k = buat_ks(sampai=sampai, jumlah_desa=2)
    u = persona[siapa] if isinstance(siapa, str) else getattr(k, siapa[0])[siapa[1]]
    gagal = ditolak(k, panggil, k, u)
    assert kode(gagal) == ["PERAN"]


# -- the rules of law ------------------------------------------------------------------------------

def test_r1_satu_desa_saja(buat_ks):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    with segera():
        services.kerjasama_atur_mitra(kerja_sama=k.ks, oleh=k.operator[0], mitra=[])
    gagal = ditolak(k, services.penawaran_kirim, kerja_sama=k.ks, oleh=k.kades[0])
    assert kode(gagal) == ["R1"] and "Pasal 70" in gagal[0].pesan
    pasal(gagal)


def test_r2_kelurahan_mitra(persona, wilayah):
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      mitra=[wilayah.kelurahan], bidang=["USAHA_BERSAMA"])
    assert kode(gagal) == ["R2"] and f"{wilayah.kelurahan.nama} ({wilayah.kelurahan.kode})" in gagal[0].pesan
    pasal(gagal)
    assert not KerjaSamaDesa.objects.exists()


def test_r2_kelurahan_saat_atur_mitra(buat_ks, wilayah):
    k = buat_ks(sampai="PERSIAPAN", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_atur_mitra, kerja_sama=k.ks, oleh=k.operator[0], mitra=[wilayah.kelurahan])
    assert kode(gagal) == ["R2"]


def test_r3_desa_kabupaten_lain(persona, wilayah):
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      mitra=[wilayah.tetangga, wilayah.klapasawit_banyumas], bidang=["USAHA_BERSAMA"])
    assert kode(gagal) == ["R3"]
    assert "Klapasawit (33.02.13.2006)" in gagal[0].pesan and "Permendagri 96/2017 Pasal 3" in gagal[0].pesan


def test_beberapa_aturan_sekaligus(persona, wilayah):
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      mitra=[wilayah.kelurahan, wilayah.desa_kalsel], bidang=["USAHA_BERSAMA"])
    assert kode(gagal) == ["R2", "R3"]
    pasal(gagal)


def test_r5_isi_wajib_kurang_disebutkan(buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jumlah_desa=2)
    with segera():
        services.kerjasama_ubah_isi(kerja_sama=k.ks, oleh=k.operator[0], data={"ruang_lingkup": " ", "hak_kewajiban": ""})
    gagal = ditolak(k, services.rancangan_ajukan, kerja_sama=k.ks, oleh=k.operator[0])
    assert kode(gagal) == ["R5", "R11"]  # every unmet rule at once (no BKAD yet either)
    assert "Belum diisi: ruang lingkup, hak dan kewajiban." in gagal[0].pesan
    assert "PP 43/2014 Pasal 143 ayat (4)" in gagal[0].pesan
    pasal(gagal)


def test_r6_mitra_menerima_tanpa_musdes(buat_ks):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    gagal = ditolak(k, services.penawaran_jawab, kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], jawaban="DITERIMA",
                    rpjmdes_rujukan="RKP 2025", tanggal=TANGGAL_JAWABAN)
    assert kode(gagal) == ["R6"] and "Kalimanah Kulon" in gagal[0].pesan
    pasal(gagal)


def test_r6_musdes_mitra_tidak_sepakat_dan_r8(buat_ks):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    with segera():
        services.musdes_catat(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], data=musdes_data("TIDAK_SEPAKAT"),
                              berita_acara=berkas_pdf())
    gagal = ditolak(k, services.penawaran_jawab, kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], jawaban="DITERIMA",
                    tanggal=TANGGAL_JAWABAN)
    assert kode(gagal) == ["R6", "R8"]
    pasal(gagal)


def test_r8_rpjmdes_pemrakarsa(buat_ks):
    k = buat_ks(sampai="DISETUJUI_MUSDES", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_konfirmasi_rpjmdes, kerja_sama=k.ks, oleh=k.operator[0], rujukan="  ")
    assert kode(gagal) == ["R8"] and "Pasal 13" in gagal[0].pesan


def test_r7_mad_tanpa_satu_desa(buat_ks):
    k = buat_ks(sampai="DIVERIFIKASI", jumlah_desa=3)
    gagal = ditolak(k, services.mad_catat, kerja_sama=k.ks, oleh=k.pmd, data=mad_data(), desa=k.desa[:2],
                    berita_acara=berkas_pdf())
    assert kode(gagal) == ["R7"] and "Kalimanah Wetan" in gagal[0].pesan
    assert "UU 6/2014 Pasal 92 ayat (2)" in gagal[0].pesan


def test_r7_mad_tidak_sepakat_bukan_kesepakatan():
    class Mad:
        jenis, hasil = "MAD", "TIDAK_SEPAKAT"

    with pytest.raises(AturanDilanggar) as e:
        aturan.periksa_mad(Mad(), [], hadir=[])
    assert e.value.kode == "R7" and "belum menyepakati" in e.value.pesan
    with pytest.raises(AturanDilanggar) as e:
        aturan.periksa_mad(None, [])
    assert e.value.kode == "R7"


def test_r10_bidang(persona, wilayah):
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      mitra=[wilayah.tetangga], bidang=[])
    assert kode(gagal) == ["R10"] and "Pasal 92 ayat (1)" in gagal[0].pesan
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      mitra=[wilayah.kelurahan], bidang=["PERTAMBANGAN"])
    assert kode(gagal) == ["R2", "R10"] and "PERTAMBANGAN" in gagal[1].pesan
    assert not KerjaSamaDesa.objects.exists()


def test_r10_saat_ubah_isi(buat_ks):
    k = buat_ks(sampai="PERSIAPAN", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_ubah_isi, kerja_sama=k.ks, oleh=k.operator[0], data={"bidang": []})
    assert kode(gagal) == ["R10"]


def test_r11_tanpa_bkad(buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jumlah_desa=2)
    gagal = ditolak(k, services.rancangan_ajukan, kerja_sama=k.ks, oleh=k.operator[0])
    assert kode(gagal) == ["R11"] and "PP 43/2014 Pasal 144" in gagal[0].pesan


def test_r11_peringatan_wakil_dan_gender(buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jumlah_desa=3)
    with segera():
        services.bkad_simpan(kerja_sama=k.ks, oleh=k.operator[0], nama="BKAD", anggota=[
            {"nama": "A", "asal_desa": k.desa[0], "unsur": "ANGGOTA_BPD", "jabatan": "KETUA", "jenis_kelamin": "L"}])
    peringatan = aturan.peringatan_bkad(k.ks, k.desa)
    assert [(p.kode, p.aturan.sifat) for p in peringatan] == [("R11", "WARN"), ("R11", "WARN")]
    assert "Kalimanah Kulon, Kalimanah Wetan" in peringatan[0].pesan


def test_r12_belum_semua_tanda_tangan(buat_ks):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    for i in (0, 1):
        with segera():
            services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[i], oleh=k.kades[i], kepala_desa_nama="Darmo")
    assert k.refresh().status == "RANCANGAN_DISEPAKATI" and k.ph.status == "RANCANGAN_DISEPAKATI"
    with pytest.raises(AturanDilanggar) as e:
        aturan.periksa_semua_tanda_tangan(list(k.ks.peserta.select_related("desa")))
    assert e.value.kode == "R12" and "Kalimanah Wetan" in e.value.pesan and "Pasal 88" in e.value.pesan
    # Before every signature the scan cannot be uploaded and promulgation is not a move.
    gagal = ditolak(k, services.peraturan_unggah_ttd, produk_hukum=k.ph, oleh=k.kades[0], berkas=berkas_pdf())
    assert kode(gagal) == ["C6"]
    gagal = ditolak(k, services.peraturan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                    berita_desa_tahun=2025, berita_desa_nomor="3", sekretaris_desa_nama="S")
    assert kode(gagal) == ["ALUR"]
    gagal = ditolak(k, services.peraturan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                    kepala_desa_nama="Lagi")
    assert kode(gagal) == ["ALUR"] and "sudah menandatangani" in gagal[0].pesan


def test_r12_belum_semua_diundangkan(buat_ks):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    with segera():
        services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="7", sekretaris_desa_nama="Rahayu")
    assert k.refresh().status == "DITANDATANGANI" and k.ph.status == "DITANDATANGANI"
    with pytest.raises(AturanDilanggar) as e:
        aturan.periksa_semua_diundangkan(list(k.ks.peserta.select_related("desa")))
    assert e.value.kode == "R12" and "Kalimanah Kulon" in e.value.pesan
    gagal = ditolak(k, services.peraturan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                    berita_desa_tahun=2025, berita_desa_nomor="8", sekretaris_desa_nama="Rahayu")
    assert kode(gagal) == ["ALUR"] and "sudah diundangkan" in gagal[0].pesan


def test_r12_unggah_ttd_hanya_pdf_dan_setelah_ttd(buat_ks):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    with pytest.raises(ValidationError):
        services.peraturan_unggah_ttd(produk_hukum=k.ph, oleh=k.kades[0],
                                      berkas=SimpleUploadedFile("ttd.pdf", b"\x89PNG\r\n\x1a\nbukan pdf"))
    ph = services.peraturan_unggah_ttd(produk_hukum=k.ph, oleh=k.kades[1], berkas=berkas_pdf("ttd.pdf"))
    assert len(ph.sha256_ttd) == 64 and ph.sha256_ttd != ph.sha256


def test_r13_perubahan_tanpa_musyawarah_semua_pihak(buat_ks):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=3)
    gagal = ditolak(k, services.perubahan_putuskan, perubahan=k.perubahan, oleh=k.pmd, musyawarah=None, disepakati=True)
    assert kode(gagal) == ["R13"] and "PP 43/2014 Pasal 145" in gagal[0].pesan
    tanpa_satu = musyawarah_semua_pihak(k, desa=k.desa[:2])
    gagal = ditolak(k, services.perubahan_putuskan, perubahan=k.perubahan, oleh=k.pmd, musyawarah=tanpa_satu,
                    disepakati=True)
    assert kode(gagal) == ["R13"] and "Kalimanah Wetan" in gagal[0].pesan
    tidak = musyawarah_semua_pihak(k, hasil="TIDAK_SEPAKAT")
    gagal = ditolak(k, services.perubahan_putuskan, perubahan=k.perubahan, oleh=k.pmd, musyawarah=tidak, disepakati=True)
    assert kode(gagal) == ["R13"]


def test_r13_pengakhiran_tanpa_alasan_pasal_147(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PENGAKHIRAN", uraian="Akhiri.")
    k.refresh()
    gagal = ditolak(k, services.perubahan_putuskan, perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k),
                    disepakati=True)
    assert kode(gagal) == ["R13"] and "Pasal 147" in gagal[0].pesan


def test_r13_akhiri_langsung(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_akhiri, kerja_sama=k.ks, oleh=k.pmd, alasan="BOSAN",
                    musyawarah=musyawarah_semua_pihak(k))
    assert kode(gagal) == ["R13"] and "Pasal 147" in gagal[0].pesan
    gagal = ditolak(k, services.kerjasama_akhiri, kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI")
    assert kode(gagal) == ["R13"]
    gagal = ditolak(k, services.kerjasama_akhiri, kerja_sama=k.ks, oleh=k.pmd, alasan="MASA_BERAKHIR",
                    hari_ini=dt.date(2027, 1, 1))
    assert kode(gagal) == ["R13"] and "31 Desember 2030" in gagal[0].pesan
    # At the end of the term (Pasal 147 huruf i) no musyawarah is needed.
    with segera():
        services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.kades[1], alasan="MASA_BERAKHIR", hari_ini=dt.date(2031, 1, 1))
    assert k.refresh().status == "BERAKHIR"


def test_r13_lanjutkan_tanpa_musyawarah(buat_ks):
    k = buat_ks(sampai="DITANGGUHKAN", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_lanjutkan, kerja_sama=k.ks, oleh=k.pmd, musyawarah=None)
    assert kode(gagal) == ["R13"]


def test_r14_camat_satu_kecamatan_bukan_pmd(buat_ks, persona):
    k = buat_ks(sampai="DALAM_PERSELISIHAN", jumlah_desa=2)
    gagal = ditolak(k, services.perselisihan_selesaikan, perselisihan=k.perselisihan, oleh=persona["camat"], hasil="x",
                    berlanjut=True)  # still at the musyawarah of the parties
    assert kode(gagal) == ["R14"] and "kepala desa para pihak" in gagal[0].pesan
    with segera():
        ps = services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.operator[1])
    assert (ps.status, ps.tingkat) == ("FASILITASI_CAMAT", "CAMAT")
    gagal = ditolak(k, services.perselisihan_selesaikan, perselisihan=ps, oleh=k.pmd, hasil="x", berlanjut=True,
                    berita_acara=berkas_pdf())
    assert kode(gagal) == ["R14"] and "camat" in gagal[0].pesan and "Pasal 148" in gagal[0].pesan
    gagal = ditolak(k, services.perselisihan_eskalasi, perselisihan=ps, oleh=k.operator[0])
    assert kode(gagal) == ["ALUR"]
    with segera():
        services.perselisihan_selesaikan(perselisihan=ps, oleh=persona["camat"], hasil="Damai.", berlanjut=True,
                                         berita_acara=berkas_pdf())
    assert k.refresh().status == "BERLAKU"


def test_r14_lintas_kecamatan_ke_bupati(buat_ks, persona, wilayah):
    k = buat_ks(sampai="DALAM_PERSELISIHAN", mitra=[wilayah.tetangga, wilayah.kemangkon_desa])
    with segera():
        ps = services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.operator[0])
    assert (ps.status, ps.tingkat) == ("FASILITASI_BUPATI", "BUPATI_WALIKOTA")
    gagal = ditolak(k, services.perselisihan_selesaikan, perselisihan=ps, oleh=persona["camat"], hasil="x", berlanjut=True,
                    berita_acara=berkas_pdf())
    assert kode(gagal) == ["R14"] and "bupati" in gagal[0].pesan
    with segera():
        services.perselisihan_selesaikan(perselisihan=ps, oleh=k.pmd, hasil="Putusan final.", berlanjut=False,
                                         berita_acara=berkas_pdf())
    ks = k.refresh()
    assert ks.status == "BERAKHIR" and ks.alasan_berakhir == "KESEPAKATAN_PARA_PIHAK"


def test_r16_penawaran_tanpa_isi(buat_ks):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    with segera():
        services.kerjasama_ubah_isi(kerja_sama=k.ks, oleh=k.operator[0],
                                    data={"ruang_lingkup": "", "tanggal_selesai": None, "tata_cara_pelaksanaan": ""})
    gagal = ditolak(k, services.penawaran_kirim, kerja_sama=k.ks, oleh=k.kades[0])
    assert kode(gagal) == ["R16"]
    assert "Belum diisi: ruang lingkup, tata cara dan ketentuan pelaksanaan, jangka waktu." in gagal[0].pesan
    assert "Permendagri 96/2017 Pasal 13 ayat (3)" in gagal[0].pesan


def test_r_pihak3(persona, wilayah, pihak_ketiga):
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      jenis="PIHAK_KETIGA", pihak_ketiga=pihak_ketiga, mitra=[wilayah.tetangga],
                      bidang=["USAHA_BERSAMA"])
    assert kode(gagal) == ["R-pihak3"] and "Pasal 93" in gagal[0].pesan
    gagal = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul="X",
                      jenis="PIHAK_KETIGA", bidang=["USAHA_BERSAMA"])
    assert kode(gagal) == ["R-pihak3"]
    assert not KerjaSamaDesa.objects.exists()


def test_r_pihak3_atur_mitra(buat_ks, wilayah):
    k = buat_ks(sampai="PERSIAPAN", jenis="PIHAK_KETIGA")
    gagal = ditolak(k, services.kerjasama_atur_mitra, kerja_sama=k.ks, oleh=k.operator[0], mitra=[wilayah.tetangga])
    assert kode(gagal) == ["R-pihak3"]


def test_isi_terkunci_setelah_diajukan(buat_ks):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    gagal = ditolak(k, services.kerjasama_ubah_isi, kerja_sama=k.ks, oleh=k.operator[0], data={"judul": "Baru"})
    assert kode(gagal) == ["ALUR"]


def test_semua_aturan_blok_menyebut_pasal():
    for nama in dir(aturan):
        nilai = getattr(aturan, nama)
        if isinstance(nilai, aturan.Aturan) and nilai.kode.startswith("R"):
            assert "Pasal" in nilai.pesan, nama
