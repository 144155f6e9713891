"""Defects found in review of the kerja sama workflows: numbering series (B1), the musyawarah a decision rests
on (M1, R13), the berita acara of a facilitated settlement (M2, R14), unique Berita Desa numbers (M3, R12),
dates in order and not in the future (M4, R12), an amendment that changes something (R13), dates in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kerjasama import aturan, services
from kerjasama.forms import SelesaikanPerselisihanForm
from kerjasama.models import KerjaSamaPeserta, Musyawarah, PenandatanganDokumen

from .conftest import berkas_pdf, mad_data, musyawarah_semua_pihak, penolakan, segera

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]

TTD = dt.date(2025, 9, 1)


def _ttd_semua(k, tanggal=TTD):
    for i, d in enumerate(k.desa):
        with segera():
            services.peraturan_tandatangani(kerja_sama=k.ks, desa=d, oleh=k.kades[i], kepala_desa_nama=f"Darmo {d.nama}",
                                            tanggal=tanggal)


def _musyawarah(k, tanggal, hasil="SEPAKAT"):
    return services.musyawarah_buat(
        jenis="MAD", kabupaten=k.ks.kabupaten, desa=k.desa, oleh=k.pmd, kerja_sama=k.ks,
        data={**mad_data(hasil), "tanggal": tanggal, "penyelenggara": "Para kepala desa"}, berita_acara=berkas_pdf(),
    )


def _kode(tolak) -> set[str]:
    return {t.kode for t in tolak}


def _pesan(tolak) -> str:
    return " ".join(t.pesan for t in tolak)


# -- B1: a Perjanjian Bersama has its own yearly series ------------------------------------------------------

def test_perjanjian_bersama_setelah_peraturan_bersama_di_tahun_yang_sama(buat_ks):
    """A desa that numbered a Peraturan Bersama in 2025 signs a Perjanjian Bersama in 2025: no collision."""
    antar = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2, judul="Pasar desa bersama")
    klapasawit = antar.desa[0]
    assert KerjaSamaPeserta.objects.get(kerja_sama=antar.ks, desa=klapasawit).nomor_peraturan == 1
    c2 = buat_ks(sampai="DITANDATANGANI", jenis="PIHAK_KETIGA", judul="Pengolahan sampah dengan CV")
    assert c2.ks.status == "DITANDATANGANI"
    p = KerjaSamaPeserta.objects.get(kerja_sama=c2.ks, desa=klapasawit)
    assert (p.seri_nomor, p.tahun_peraturan, p.nomor_peraturan) == ("PERJANJIAN_BERSAMA", 2025, 1)


def test_nomor_tidak_menabrak_nomor_yang_sudah_dipegang(buat_ks):
    """A number already held in the series (written without the counter) is skipped, not collided with."""
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    lain = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2, judul="Lain")
    KerjaSamaPeserta.objects.filter(kerja_sama=lain.ks, desa=k.desa[0]).update(nomor_peraturan=5)
    _ttd_semua(k)
    assert KerjaSamaPeserta.objects.get(kerja_sama=k.ks, desa=k.desa[0]).nomor_peraturan == 6


def test_nomor_ganda_ditolak_bukan_galat_500(buat_ks, monkeypatch):
    """Should a number still collide, the signature is refused with a message, never an IntegrityError."""
    lain = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2, judul="Lain")
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    monkeypatch.setattr(services, "nomor_berikut", lambda desa, jenis, tahun: 1)
    tolak = penolakan(services.peraturan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                      kepala_desa_nama="Budi", tanggal=TTD)
    assert _kode(tolak) == {"C6"} and "sudah dipakai" in _pesan(tolak)
    assert KerjaSamaPeserta.objects.get(kerja_sama=lain.ks, desa=k.desa[0]).nomor_peraturan == 1
    assert not KerjaSamaPeserta.objects.get(kerja_sama=k.ks, desa=k.desa[0]).sudah_tanda_tangan


# -- M1: the musyawarah a decision rests on (R13) ----------------------------------------------------------

def test_perubahan_tidak_diputuskan_dengan_mad_awal_atau_musyawarah_sebelum_diajukan(buat_ks):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)
    for lama in (k.mad, _musyawarah(k, timezone.localdate() - dt.timedelta(days=1))):
        tolak = penolakan(services.perubahan_putuskan, perubahan=k.perubahan, oleh=k.pmd, musyawarah=lama, disepakati=True)
        assert _kode(tolak) == {"R13"} and "Pasal 145" in _pesan(tolak)
    assert k.refresh().status == "PERUBAHAN_DIPROSES"
    services.perubahan_putuskan(perubahan=k.perubahan, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    assert k.refresh().status == "DITANGGUHKAN"


def test_musyawarah_yang_sudah_dipakai_tidak_dipakai_lagi(buat_ks):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)
    m = musyawarah_semua_pihak(k)
    services.perubahan_putuskan(perubahan=k.perubahan, oleh=k.pmd, musyawarah=m, disepakati=True)
    tolak = penolakan(services.kerjasama_lanjutkan, kerja_sama=k.ks, oleh=k.pmd, musyawarah=m)
    assert _kode(tolak) == {"R13"} and "sudah menjadi dasar keputusan lain" in _pesan(tolak)
    m2 = musyawarah_semua_pihak(k)
    services.kerjasama_lanjutkan(kerja_sama=k.ks, oleh=k.pmd, musyawarah=m2)
    tolak = penolakan(services.kerjasama_akhiri, kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI", musyawarah=m2)
    assert _kode(tolak) == {"R13"}
    services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI", musyawarah=musyawarah_semua_pihak(k))
    assert k.refresh().status == "BERAKHIR"


def test_pengakhiran_tidak_dengan_musyawarah_sebelum_berlaku(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)  # in force since its promulgation, 2 September 2025
    m = _musyawarah(k, dt.date(2025, 8, 20))
    tolak = penolakan(services.kerjasama_akhiri, kerja_sama=k.ks, oleh=k.pmd, alasan="TUJUAN_TERCAPAI", musyawarah=m)
    assert "20 Agustus 2025" in _pesan(tolak) and "2 September 2025" in _pesan(tolak)


def test_pilihan_musyawarah_hanya_yang_layak(buat_ks):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)
    lama = _musyawarah(k, timezone.localdate() - dt.timedelta(days=1))
    baru = musyawarah_semua_pihak(k)
    qs = Musyawarah.objects.filter(kerja_sama=k.ks)
    assert {k.mad.pk, lama.pk, baru.pk} <= set(qs.values_list("pk", flat=True))
    assert list(services.musyawarah_pilihan(k.ks, qs, k.perubahan)) == [baru]


def test_halaman_putuskan_hanya_menawarkan_musyawarah_yang_layak(buat_ks, client):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)
    baru = musyawarah_semua_pihak(k)
    client.force_login(k.pmd)
    html = client.get(f"/kerjasama/{k.ks.kode}/langkah/putuskan_perubahan/").content.decode()
    assert f'value="{baru.pk}"' in html and f'value="{k.mad.pk}"' not in html


def test_halaman_musyawarah_para_pihak_mengingatkan_bila_terlalu_awal(buat_ks, client):
    """Recording a musyawarah held before the change was proposed is allowed (it happened), but the page says it
    cannot be the basis of the decision (R13) instead of "keputusannya dapat dicatat sekarang"."""
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)
    client.force_login(k.kades[0])
    url = f"/kerjasama/{k.ks.kode}/langkah/musyawarah/"
    hari_ini = timezone.localdate()
    for tanggal, pesan in ((hari_ini - dt.timedelta(days=3), "tetapi diadakan sebelum perubahan diajukan"),
                           (hari_ini, "keputusannya dapat dicatat sekarang")):
        data = {"tanggal": tanggal.isoformat(), "tempat": "Balai Desa", "hasil": "SEPAKAT", "keputusan_ringkas": "Sepakat.",
                "jumlah_hadir": "12", "jumlah_perempuan": "4", "desa": [d.pk for d in k.desa], "berita_acara": berkas_pdf()}
        r = client.post(url, data, follow=True)
        assert r.status_code == 200, r.content.decode()[:2000]
        assert pesan in r.content.decode()


# -- M2: a facilitated settlement is final through its berita acara (R14) ----------------------------------

def test_penyelesaian_camat_wajib_berita_acara(buat_ks):
    k = buat_ks(sampai="DALAM_PERSELISIHAN", jumlah_desa=2)
    services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.kades[0])
    tolak = penolakan(services.perselisihan_selesaikan, perselisihan=k.perselisihan, oleh=k.camat,
                      hasil="Dibagi rata.", berlanjut=False)
    assert _kode(tolak) == {"R14"} and "Pasal 148" in _pesan(tolak) and "berita acara" in _pesan(tolak)
    assert k.refresh().status == "DALAM_PERSELISIHAN"
    ps = services.perselisihan_selesaikan(perselisihan=k.perselisihan, oleh=k.camat, hasil="Dibagi rata.",
                                          berlanjut=False, berita_acara=berkas_pdf())
    assert ps.status == "SELESAI_FINAL" and k.refresh().status == "BERAKHIR"


def test_formulir_penyelesaian_fasilitasi_mewajibkan_berita_acara():
    data = {"hasil": "Dibagi rata.", "berlanjut": "1"}
    assert SelesaikanPerselisihanForm(data).is_valid()  # the parties' own musyawarah stage
    f = SelesaikanPerselisihanForm(data, ba_wajib=True)
    assert not f.is_valid() and "berita_acara" in f.errors


# -- M3: one Berita Desa number, one document (R12) ----------------------------------------------------------

def test_nomor_berita_desa_tidak_dipakai_dua_kali(buat_ks):
    pertama = buat_ks(sampai="BERLAKU", jumlah_desa=2, judul="Pasar desa bersama")  # Berita Desa 2025 No. 10, 11
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2, judul="Air bersih")
    for nomor in ("10", "010"):
        tolak = penolakan(services.peraturan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                          berita_desa_tahun=2025, berita_desa_nomor=nomor, sekretaris_desa_nama="Ani", tanggal=TTD)
        assert _kode(tolak) == {"R12"} and f"Peraturan Bersama tentang {pertama.ks.judul}" in _pesan(tolak)
    services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                 berita_desa_nomor="12", sekretaris_desa_nama="Ani", tanggal=TTD)
    # another year, or another desa, may use the same number
    services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], berita_desa_tahun=2025,
                                 berita_desa_nomor="10", sekretaris_desa_nama="Dedi", tanggal=TTD)


def _perubahan_ditandatangani(k):
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Ruang lingkup.",
                                       isi_baru={"ruang_lingkup": "Ruang lingkup baru."})
    with segera():
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    for i, d in enumerate(k.desa):
        with segera():
            services.perubahan_tandatangani(kerja_sama=k.ks, desa=d, oleh=k.kades[i], kepala_desa_nama=f"Darmo {d.nama}")
    return pr


def test_peraturan_perubahan_tidak_memakai_nomor_berita_desa_peraturan_asal(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    _perubahan_ditandatangani(k)
    tahun = timezone.localdate().year
    KerjaSamaPeserta.objects.filter(kerja_sama=k.ks, desa=k.desa[0]).update(berita_desa_tahun=tahun)
    tolak = penolakan(services.perubahan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                      berita_desa_tahun=tahun, berita_desa_nomor="10", sekretaris_desa_nama="Ani")
    assert _kode(tolak) == {"R12"} and "sudah dipakai" in _pesan(tolak)
    services.perubahan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=tahun,
                                 berita_desa_nomor="20", sekretaris_desa_nama="Ani")


# -- M4: agreed ≤ signed ≤ promulgated ≤ disseminated, none in the future (R12) -----------------------------

def test_tanda_tangan_tidak_di_masa_depan_atau_sebelum_mad(buat_ks):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)  # MAD 4 August 2025
    besok = timezone.localdate() + dt.timedelta(days=1)
    for tanggal, kata in ((besok, "belum terjadi"), (dt.date(2025, 8, 3), "Musyawarah Antar Desa")):
        tolak = penolakan(services.peraturan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                          kepala_desa_nama="Budi", tanggal=tanggal)
        assert _kode(tolak) == {"R12"} and kata in _pesan(tolak) and "Pasal 88" in _pesan(tolak)
    assert "3 Agustus 2025" in _pesan(tolak) and "4 Agustus 2025" in _pesan(tolak)
    assert not KerjaSamaPeserta.objects.filter(kerja_sama=k.ks, nomor_peraturan__isnull=False).exists()


def test_perjanjian_pihak_ketiga_tidak_ditandatangani_di_masa_depan(buat_ks):
    k = buat_ks(sampai="DIVERIFIKASI", jenis="PIHAK_KETIGA")
    with segera():
        services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi",
                                        tanggal=TTD)
    tolak = penolakan(services.perjanjian_tandatangani_pihak_ketiga, kerja_sama=k.ks, oleh=k.kades[0],
                      penandatangan_nama="Rina", tanggal=timezone.localdate() + dt.timedelta(days=27))
    assert _kode(tolak) == {"R12"} and "Pasal 143" in _pesan(tolak)


def test_pengundangan_tidak_sebelum_tanda_tangan_dan_penyebarluasan_tidak_sebelum_pengundangan(buat_ks):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)  # signed 1 September 2025
    tolak = penolakan(services.peraturan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                      berita_desa_tahun=2025, berita_desa_nomor="3", sekretaris_desa_nama="Ani", tanggal=dt.date(2025, 8, 20))
    assert _kode(tolak) == {"R12"} and "20 Agustus 2025" in _pesan(tolak) and "1 September 2025" in _pesan(tolak)
    for i, d in enumerate(k.desa):
        services.peraturan_undangkan(kerja_sama=k.ks, desa=d, oleh=k.operator[i], berita_desa_tahun=2025,
                                     berita_desa_nomor=str(3 + i), sekretaris_desa_nama="Ani", tanggal=dt.date(2025, 9, 5))
    tolak = penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                      cara="PAPAN_PENGUMUMAN", tanggal=dt.date(2025, 9, 4))
    assert _kode(tolak) == {"R12"} and "5 September 2025" in _pesan(tolak)
    services.peraturan_sebarluaskan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], cara="PAPAN_PENGUMUMAN",
                                    tanggal=dt.date(2025, 9, 5))


def test_perubahan_tidak_ditandatangani_sebelum_diajukan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Ruang lingkup.",
                                       isi_baru={"ruang_lingkup": "Ruang lingkup baru."})
    with segera():
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    tolak = penolakan(services.perubahan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                      kepala_desa_nama="Budi", tanggal=timezone.localdate() - dt.timedelta(days=13))
    assert _kode(tolak) == {"R12"} and "pengajuan perubahan" in _pesan(tolak)
    assert not PenandatanganDokumen.objects.filter(produk_hukum=pr.dokumen, nomor_peraturan__isnull=False).exists()


# -- Minor 7: an amendment changes at least one item (R13) -------------------------------------------------

def test_perubahan_tanpa_ketentuan_baru_ditolak(buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    for isi in (None, {"ruang_lingkup": k.ks.ruang_lingkup}):  # nothing, or the wording in force
        tolak = penolakan(services.perubahan_ajukan, kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN",
                          uraian="Menambah kegiatan.", isi_baru=isi)
        assert _kode(tolak) == {"R13"} and "Pasal 145" in _pesan(tolak)
    assert k.refresh().status == "BERLAKU"


# -- Minor 10: dates in rule messages in words ------------------------------------------------------------

def test_pesan_aturan_memakai_tanggal_panjang(buat_ks):
    k = buat_ks(sampai="DITANDATANGANI", jenis="PIHAK_KETIGA")
    k.ks.tanggal_mulai = dt.date(2030, 11, 23)
    tolak = penolakan(aturan.periksa_sudah_mulai, k.ks, dt.date(2026, 12, 6))
    assert "23 November 2030" in _pesan(tolak) and "23-11-2030" not in _pesan(tolak)
