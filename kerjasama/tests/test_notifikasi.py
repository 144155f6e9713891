"""Each transition tells exactly the people who act next — an inbox row and an e-mail each — never the
person who acted and nobody outside. Tasks run eagerly; after-commit work runs through ``segera()``."""

from __future__ import annotations

import pytest

from kerjasama import services
from kerjasama.models import Notifikasi

from .conftest import TANGGAL_JAWABAN, berkas_pdf, mad_data, musdes_data, segera

pytestmark = pytest.mark.usefixtures("render_palsu")


class Kotak:
    """What one action put in the inboxes and the outbox."""

    def __init__(self, mailoutbox):
        self.mailoutbox = mailoutbox
        self.awal = Notifikasi.objects.order_by("-id").values_list("id", flat=True).first() or 0
        mailoutbox.clear()

    @property
    def penerima(self) -> set[str]:
        return set(Notifikasi.objects.filter(id__gt=self.awal).values_list("penerima__username", flat=True))

    @property
    def surel(self) -> set[str]:
        return {alamat for m in self.mailoutbox for alamat in m.to}

    def sama(self, *username) -> None:
        """The inbox and the e-mails reached exactly these users, once each."""
        rows = list(Notifikasi.objects.filter(id__gt=self.awal).values_list("penerima__username", flat=True))
        assert sorted(rows) == sorted(username)
        assert sorted(a for m in self.mailoutbox for a in m.to) == sorted(f"{u}@desa.test" for u in username)


def test_penawaran_sampai_ke_kades_dan_operator_mitra(buat_ks, mailoutbox):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=3)
    kotak = Kotak(mailoutbox)
    with segera():
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0])
    kotak.sama("kades_2006", "tono", "kades_2009", "operator_2009")
    n = Notifikasi.objects.filter(id__gt=kotak.awal, penerima=k.kades[1]).get()
    assert n.judul == "Penawaran kerja sama dari Desa Klapasawit" and n.kerja_sama_id == k.ks.pk
    assert n.tautan == f"/kerjasama/{k.ks.kode}/" or n.tautan == ""
    assert mailoutbox[0].subject.startswith("[Simpul Desa] ")


def test_jawaban_ke_pemrakarsa_bukan_ke_yang_menjawab(buat_ks, mailoutbox):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    with segera():
        services.musdes_catat(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], data=musdes_data(), berita_acara=berkas_pdf())
    kotak = Kotak(mailoutbox)
    with segera():
        services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], jawaban="DITERIMA", rpjmdes_rujukan="RKP",
                                 tanggal=TANGGAL_JAWABAN)
    kotak.sama("sari", "budi")
    kotak = Kotak(mailoutbox)
    with segera():  # the last answer also opens the drafting for every accepting desa
        services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[2], oleh=k.kades[2], jawaban="DITOLAK",
                                 tanggal=TANGGAL_JAWABAN)
    # jawab_penawaran → sari, budi; penawaran_diterima → the bound desa (Klapasawit, Kalimanah Kulon).
    kotak.sama("sari", "budi", "sari", "budi", "kades_2006", "tono")
    assert "kades_2009" not in kotak.penerima and "operator_2009" not in kotak.penerima


def test_rancangan_diajukan_ke_pmd_kabupaten_dan_camat(buat_ks, mailoutbox, persona, wilayah):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", mitra=[wilayah.tetangga, wilayah.kemangkon_desa])
    with segera():
        services.bkad_simpan(kerja_sama=k.ks, oleh=k.operator[0], nama="BKAD", anggota=[
            {"nama": "A", "asal_desa": k.desa[0], "unsur": "ANGGOTA_BPD", "jabatan": "KETUA", "jenis_kelamin": "P"}])
    kotak = Kotak(mailoutbox)
    with segera():
        services.rancangan_ajukan(kerja_sama=k.ks, oleh=k.operator[0])
    # The Dinas PMD of Purbalingga and the camat of both kecamatan — not Banyumas, not the province.
    kotak.sama("pmd_pbg", "camat", "camat_lain")


def test_naskah_siap_ditandatangani_ke_setiap_kepala_desa(buat_ks, mailoutbox):
    k = buat_ks(sampai="DIVERIFIKASI", jumlah_desa=4)
    kotak = Kotak(mailoutbox)
    with segera():
        services.mad_catat(kerja_sama=k.ks, oleh=k.pmd, data=mad_data(), desa=k.desa, berita_acara=berkas_pdf())
    kotak.sama("budi", "kades_2006", "kades_2009", "kades_2010")
    assert {n.judul for n in Notifikasi.objects.filter(id__gt=kotak.awal)} == {
        "Peraturan Bersama siap ditandatangani: Usaha bersama kerajinan bambu"}


def test_pelaku_tidak_diberi_tahu(buat_ks, mailoutbox):
    k = buat_ks(sampai="DIVERIFIKASI", jumlah_desa=3)
    kotak = Kotak(mailoutbox)
    with segera():  # a kepala desa records the MAD: the others are told, not him
        services.mad_catat(kerja_sama=k.ks, oleh=k.kades[1], data=mad_data(), desa=k.desa, berita_acara=berkas_pdf())
    kotak.sama("budi", "kades_2009")


def test_verifikasi_ke_pemdes_peserta(buat_ks, mailoutbox):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():
        services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.pmd)
    kotak.sama("sari", "budi", "tono", "kades_2006")


def test_semua_ditandatangani_lalu_diundangkan(buat_ks, mailoutbox):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():  # one signature of two: nobody is told yet
        services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    kotak.sama()
    with segera():
        services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], kepala_desa_nama="Darmo")
    kotak.sama("sari", "budi", "tono")  # the operators promulgate in the Berita Desa; the signer is not told
    kotak = Kotak(mailoutbox)
    with segera():
        services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="1", sekretaris_desa_nama="S")
        services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], berita_desa_tahun=2025,
                                     berita_desa_nomor="2", sekretaris_desa_nama="S")
    kotak.sama("sari", "budi", "kades_2006", "pmd_pbg")


def test_eskalasi_perselisihan_ke_camat(buat_ks, mailoutbox):
    k = buat_ks(sampai="DALAM_PERSELISIHAN", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():
        services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.operator[0])
    kotak.sama("camat")


def test_eskalasi_lintas_kecamatan_ke_pmd(buat_ks, mailoutbox, wilayah):
    k = buat_ks(sampai="DALAM_PERSELISIHAN", mitra=[wilayah.kemangkon_desa])
    kotak = Kotak(mailoutbox)
    with segera():
        services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.operator[0])
    kotak.sama("pmd_pbg")


def test_laporan_ke_kades_camat_dan_pmd(buat_ks, mailoutbox):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():
        services.laporan_kirim(kerja_sama=k.ks, oleh=k.operator[1], periode="Triwulan I", isi="Berjalan.")
    kotak.sama("budi", "kades_2006", "camat", "pmd_pbg")


def test_komentar_camat_ke_pemrakarsa(buat_ks, mailoutbox, persona):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():
        services.komentar_tambah(kerja_sama=k.ks, oleh=persona["camat"], teks="Mohon lengkapi peta lokasi.")
    kotak.sama("sari", "budi")
    assert Notifikasi.objects.get(id__gt=kotak.awal, penerima=persona["sari"]).pesan == "Mohon lengkapi peta lokasi."


def test_penolakan_tidak_memberi_tahu(buat_ks, mailoutbox, persona):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera(), pytest.raises(Exception):
        services.rancangan_verifikasi(kerja_sama=k.ks, oleh=persona["camat"])
    kotak.sama()


def test_pihak_ketiga_siap_ditandatangani_ke_kades(buat_ks, mailoutbox):
    k = buat_ks(sampai="DIAJUKAN", jenis="PIHAK_KETIGA")
    kotak = Kotak(mailoutbox)
    with segera():
        services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.pmd)
    kotak.sama("budi")
    assert Notifikasi.objects.get(id__gt=kotak.awal).judul.startswith("Perjanjian Bersama siap ditandatangani")


def test_pengguna_nonaktif_tidak_diberi_tahu(buat_ks, mailoutbox):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    k.operator[1].is_active = False
    k.operator[1].save(update_fields=["is_active"])
    kotak = Kotak(mailoutbox)
    with segera():
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0])
    kotak.sama("kades_2006")


def test_the_reason_an_agreement_ends_is_told_in_words_not_its_code(buat_ks, client, mailoutbox):
    """PP 43/2014 Pasal 147: the timeline and the notifications name the reason by its label."""
    from django.urls import reverse

    from .conftest import musyawarah_semua_pihak

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    kotak = Kotak(mailoutbox)
    with segera():
        services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI",
                                  musyawarah=musyawarah_semua_pihak(k))
    teks = "Alasan berakhir (PP 43/2014 Pasal 147 huruf b): tujuan kerja sama telah tercapai."
    assert k.ks.langkah.get(aksi="akhiri").catatan == teks
    baru = Notifikasi.objects.filter(id__gt=kotak.awal)
    assert baru.exists() and {n.pesan for n in baru} == {teks}
    assert all("TUJUAN_TERCAPAI" not in m.body for m in mailoutbox) and mailoutbox
    client.force_login(k.kades[0])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert teks in html and "TUJUAN_TERCAPAI" not in html

    # A step written before this fix kept the code: the timeline still shows the words.
    k.ks.langkah.filter(aksi="akhiri").update(catatan="WANPRESTASI_PELANGGARAN")
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert "Pasal 147 huruf d): salah satu pihak tidak melaksanakan kewajiban." in html
    assert "WANPRESTASI_PELANGGARAN" not in html
