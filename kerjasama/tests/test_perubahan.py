"""An agreed change is a new document amending the signed one (§C1 PERUBAHAN_DIPROSES → BERLAKU; §C6
"amendments create a new ProdukHukum linked ``mengubah``"), and promulgated documents are disseminated in
every desa (§C6 DISEBARLUASKAN; PP 43/2014 Pasal 88 ayat (3))."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
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


def _tanda_tangani_semua(k, pr, tanggal=None):
    """Signed on the day it was agreed (R12: after the change was proposed and agreed, not in the future)."""
    tanggal = tanggal or timezone.localdate()
    with segera():
        for d, kades in zip(k.desa, k.kades):
            services.perubahan_tandatangani(kerja_sama=k.ks, desa=d, oleh=kades, kepala_desa_nama=f"Darmo {d.nama}",
                                            tanggal=tanggal)


def _nomor_ubah(k, ke: int = 1) -> tuple[int, int]:
    """(number, year) of the ``ke``-th amendment, signed today: the desa's series of this year goes on after the
    original Peraturan Bersama when that was signed this year too (the builder signs it in 2025)."""
    tahun = timezone.localdate().year
    return (ke + 1 if k.ks.tanggal_penetapan.year == tahun else ke), tahun


def _undangkan_semua(k, pr, tanggal=None):
    tanggal = tanggal or timezone.localdate()
    awal = 20 + 10 * PenandatanganDokumen.objects.filter(desa=k.desa[0], berita_desa_tahun=2025).exclude(
        berita_desa_nomor="").count()  # a Berita Desa number per document (R12)
    with segera():
        for i, (d, op) in enumerate(zip(k.desa, k.operator), start=1):
            services.perubahan_undangkan(kerja_sama=k.ks, desa=d, oleh=op, berita_desa_tahun=2025,
                                         berita_desa_nomor=f"{awal + i}", sekretaris_desa_nama=f"Rahayu {d.nama}",
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
    assert ph.tanggal_ditetapkan == timezone.localdate()
    # Each desa's yearly series goes on after its Peraturan Bersama (number 1 in 2025): the amendment is 2 in
    # that year (signed today, R12: after it was proposed and agreed).
    assert list(ph.penandatangan.values_list("nomor_peraturan", "tahun_peraturan")) == [_nomor_ubah(k)] * 3
    assert k.refresh().status == "PERUBAHAN_DIPROSES" and k.ks.tanggal_selesai == selesai_asal
    with pytest.raises(aturan.AturanDilanggar) as e:  # the signed amendment never changes either
        services.produk_hukum_simpan_pdf(produk_hukum_id=ph.pk)
    assert e.value.kode == "C6"

    _undangkan_semua(k, pr)
    ph.refresh_from_db()
    pr.refresh_from_db()
    ks = k.refresh()
    assert ph.status == "DIUNDANGKAN" and pr.status == "BERLAKU" and pr.tanggal_efektif == timezone.localdate()
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
    # Unchanged text is no change, and a PERUBAHAN changes at least one item (R13).
    tolak = penolakan(services.perubahan_ajukan, kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN",
                      uraian="Tambah unit.", isi_baru={"hak_kewajiban": k.ks.hak_kewajiban})
    assert [a.kode for a in tolak] == ["R13"]
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Tambah unit.",
                                       isi_baru={"hak_kewajiban": "Hak dan kewajiban baru."})
    # Not agreed yet: nothing to sign.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["ALUR"]
    with segera():
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    pr.refresh_from_db()
    # An operator does not sign (kepala desa only); a kepala desa signs only for their own desa; once.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                                      kepala_desa_nama="Sari")] == ["PERAN"]
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["PERAN"]
    with segera():
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    assert [a.kode for a in penolakan(services.perubahan_tandatangani, kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0],
                                      kepala_desa_nama="Budi")] == ["ALUR"]
    # Promulgation waits for every signature (R12, naming who has not signed).
    tolak = penolakan(services.perubahan_undangkan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0],
                      berita_desa_tahun=2025, berita_desa_nomor="9", sekretaris_desa_nama="Rahayu")
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
    nomor_ubah = "NOMOR {:02d} TAHUN {}".format(*_nomor_ubah(k))
    urut = [
        "PERATURAN BERSAMA", "KEPALA DESA KLAPASAWIT", nomor_ubah,
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
        assert f"KEPALA DESA {d.nama.upper()}" in teks and f"Darmo {d.nama}".upper() in teks
    assert teks.count(nomor_ubah) == 3


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
    assert list(ph.penandatangan.values_list("nomor_peraturan", flat=True)) == [_nomor_ubah(k, 2)[0]] * 2
    assert k.refresh().tanggal_selesai == dt.date(2029, 12, 31)


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_perjanjian_pihak_ketiga_berlaku_setelah_kedua_pihak_tanda_tangan(buat_ks):
    k = buat_ks(sampai="BERLAKU", jenis="PIHAK_KETIGA")
    pr = _sepakati(k, isi_baru={"hak_kewajiban": "PIHAK KEDUA menyediakan pelatihan pemasaran."})
    ph = pr.dokumen
    assert ph.jenis == "PERJANJIAN_BERSAMA" and ph.mengubah == k.ph
    with segera():
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    assert k.refresh().status == "PERUBAHAN_DIPROSES"
    # Only the kepala desa of the desa records the third party's signature.
    assert [a.kode for a in penolakan(services.perubahan_tandatangani_pihak_ketiga, kerja_sama=k.ks, oleh=k.operator[0],
                                      penandatangan_nama="Rina")] == ["PERAN"]
    with segera():
        services.perubahan_tandatangani_pihak_ketiga(kerja_sama=k.ks, oleh=k.kades[0], penandatangan_nama="Rina Wulandari",
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
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi Santoso")
        services.perubahan_tandatangani_pihak_ketiga(kerja_sama=k.ks, oleh=k.kades[0], penandatangan_nama="Rina Wulandari",
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
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, produk_hukum=ph, desa=k.desa[1], oleh=k.operator[0],
                                      cara="PAPAN_PENGUMUMAN")] == ["PERAN"]
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, produk_hukum=ph, desa=k.desa[0], oleh=k.camat,
                                      cara="PAPAN_PENGUMUMAN")] == ["PERAN"]
    with pytest.raises(ValidationError):
        services.peraturan_sebarluaskan(kerja_sama=k.ks, produk_hukum=ph, desa=k.desa[0], oleh=k.operator[0], cara="SURAT_KABAR_X")
    with segera():
        for i, (d, op) in enumerate(zip(k.desa, k.operator)):
            services.peraturan_sebarluaskan(kerja_sama=k.ks, produk_hukum=ph, desa=d, oleh=op, cara="PAPAN_PENGUMUMAN" if i else "MUSDES",
                                            keterangan="Ditempel di balai desa", tanggal=dt.date(2025, 9, 10),
                                            bukti_berkas=berkas_pdf("foto-papan.pdf") if i == 0 else None)
            ph.refresh_from_db()
            assert ph.status == ("DISEBARLUASKAN" if i == 2 else "DIUNDANGKAN")
    assert [a.kode for a in penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, produk_hukum=ph, desa=k.desa[0],
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
    tolak = penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, produk_hukum=pr.dokumen, desa=k.desa[0], oleh=k.operator[0],
                      cara="SITUS_WEB")
    assert [a.kode for a in tolak] == ["R12"] and "Berita Desa" in tolak[0].pesan
    _undangkan_semua(k, pr)
    # Without naming a document, each desa records the oldest one it has not disseminated: the first, then
    # the amendment.
    assert services.dokumen_untuk_disebarluaskan(k.ks, k.desa[0]) == k.ph
    with segera():
        for _ in range(2):
            for d, op in zip(k.desa, k.operator):
                services.peraturan_sebarluaskan(kerja_sama=k.ks, desa=d, oleh=op, cara="SITUS_WEB")
    pr.dokumen.refresh_from_db()
    assert pr.dokumen.status == k.ph.status == "DISEBARLUASKAN"
    assert services.dokumen_untuk_disebarluaskan(k.ks, k.desa[0]) is None
    tolak = penolakan(services.peraturan_sebarluaskan, kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], cara="MUSDES")
    assert [a.kode for a in tolak] == ["R12"]
    assert PenandatanganDokumen.objects.filter(produk_hukum=pr.dokumen, tanggal_disebarluaskan__isnull=False).count() == 2


# -- pages and API ------------------------------------------------------------------------------------

def _tombol(client, user, ks) -> set[str]:
    from django.urls import reverse

    client.force_login(user)
    r = client.get(reverse("kerjasama:detail", args=[ks.kode]))
    assert r.status_code == 200
    return {a.nama for a in r.context["aksi"]}


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_lewat_halaman(client, buat_ks):
    from django.urls import reverse

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)

    def kirim(user, nama, data, harap=302):
        client.force_login(user)
        with segera():
            r = client.post(reverse("kerjasama:aksi", args=[k.ks.kode, nama]), data)
        assert r.status_code == harap, r.content.decode()[-3000:]
        return r

    kirim(k.operator[0], "perubahan", {"jenis": "PERUBAHAN", "uraian": "Perpanjangan jangka waktu.",
                                       "baru_tanggal_selesai": "2028-12-31"})
    pr = k.ks.perubahan.get()
    assert pr.isi_baru == {"tanggal_selesai": "2028-12-31"}
    m = musyawarah_semua_pihak(k)
    kirim(k.pmd, "putuskan_perubahan", {"disepakati": "1", "musyawarah": m.pk})
    assert "tandatangani_perubahan" in _tombol(client, k.kades[0], k.ks)
    assert "tandatangani_perubahan" not in _tombol(client, k.operator[0], k.ks)  # kepala desa only
    assert "undangkan_perubahan" not in _tombol(client, k.operator[0], k.ks)  # not signed yet
    for d, kades in zip(k.desa, k.kades):
        kirim(kades, "tandatangani_perubahan", {"kepala_desa_nama": f"Darmo {d.nama}", "tanggal": timezone.localdate().isoformat()})
        assert "tandatangani_perubahan" not in _tombol(client, kades, k.ks)  # once per desa
    # Signing twice by POST anyway: refused with the rule on the form, nothing changes.
    r = kirim(k.kades[0], "tandatangani_perubahan", {"kepala_desa_nama": "Budi"}, harap=400)
    assert "sudah menandatangani" in r.content.decode()
    assert "undangkan_perubahan" in _tombol(client, k.operator[0], k.ks)
    for i, (d, op) in enumerate(zip(k.desa, k.operator)):
        kirim(op, "undangkan_perubahan", {"berita_desa_tahun": "2025", "berita_desa_nomor": f"4{i}",
                                          "sekretaris_desa_nama": f"Rahayu {d.nama}", "tanggal": timezone.localdate().isoformat()})
    ks = k.refresh()
    assert ks.status == "BERLAKU" and ks.tanggal_selesai == dt.date(2028, 12, 31)
    client.force_login(k.pmd)
    html = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert "Perubahan atas Peraturan Bersama Kepala Desa" in html and "ditandatangani 2 dari 2 desa" in html
    assert "R12" in html  # dissemination not yet evidenced (WARN)
    # Dissemination: the oldest undisseminated document first, then the amendment.
    for _ in range(2):
        for op in k.operator:
            kirim(op, "sebarluaskan", {"cara": "PAPAN_PENGUMUMAN", "keterangan": "Papan balai desa",
                                       "bukti_berkas": berkas_pdf("papan.pdf")})
    assert set(ks.produk_hukum.filter(jenis="PERATURAN_BERSAMA_KADES").values_list("status", flat=True)) == {"DISEBARLUASKAN"}
    assert "sebarluaskan" not in _tombol(client, k.operator[0], ks)
    html = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert "R12: Peraturan Bersama yang telah diundangkan disebarluaskan" not in html


@pytest.mark.usefixtures("render_palsu")
def test_perubahan_lewat_api(buat_ks):
    from rest_framework.test import APIClient

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    url = f"/api/v1/kerjasama/{k.ks.kode}/"

    def kirim(user, aksi, data, harap=200):
        c = APIClient()
        c.force_authenticate(user)
        with segera():
            r = c.post(url + aksi + "/", data, format="json")
        assert r.status_code == harap, r.content.decode()[:2000]
        return r.json()

    kirim(k.operator[0], "perubahan", {"jenis": "PERUBAHAN", "uraian": "Tambah pemasaran daring.",
                                       "isi_baru": {"ruang_lingkup": "Produksi dan pemasaran daring."}})
    m = musyawarah_semua_pihak(k)
    data = kirim(k.pmd, "putuskan-perubahan", {"disepakati": True, "musyawarah": m.pk})
    pr = data["perubahan"][0]
    assert pr["status"] == "DISEPAKATI" and pr["dokumen"] and [b["desa"] for b in pr["penandatangan"]] == [d.kode for d in k.desa]
    tolak = kirim(k.operator[0], "undangkan-perubahan", {"berita_desa_tahun": 2025, "berita_desa_nomor": "1"}, harap=400)
    assert "R12" in str(tolak)
    for d, kades in zip(k.desa, k.kades):
        data = kirim(kades, "tandatangani-perubahan", {"kepala_desa_nama": f"Darmo {d.nama}"})
    for i, op in enumerate(k.operator):
        data = kirim(op, "undangkan-perubahan", {"berita_desa_tahun": 2026, "berita_desa_nomor": str(i + 1),
                                                 "sekretaris_desa_nama": "Rahayu"})
    assert data["status"] == "BERLAKU" and data["ruang_lingkup"] == "Produksi dan pemasaran daring."
    assert data["perubahan"][0]["status"] == "BERLAKU"
    assert any(a["aksi"] == "sebarluaskan" and a["endpoint"].endswith("/sebarluaskan/") for a in data["aksi"])
    data = kirim(k.operator[0], "sebarluaskan", {"cara": "SITUS_WEB", "produk_hukum": pr["dokumen"]})
    assert any(lg["aksi"] == "sebarluaskan" for lg in data["langkah"])
    # A desa outside the agreement gets 404 on these endpoints (scope gate).
    from kerjasama.tests.conftest import pemdes_untuk
    from desa.models import Desa

    luar = pemdes_untuk(Desa.objects.exclude(pk__in=[d.pk for d in k.desa]).exclude(kode__startswith="33.02").first())
    c = APIClient()
    c.force_authenticate(luar.kades)
    for aksi in ("tandatangani-perubahan", "undangkan-perubahan", "sebarluaskan", "tandatangani-perubahan-pihak-ketiga"):
        assert c.post(url + aksi + "/", {}, format="json").status_code == 404


@pytest.mark.usefixtures("render_palsu")
def test_register_publik_memuat_perubahan_yang_berlaku(client, buat_ks):
    from django.urls import reverse

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    pr = _sepakati(k)
    _tanda_tangani_semua(k, pr)
    r = client.get(reverse("kerjasama:register"))
    html = r.content.decode()
    # Still binding while amended (listed, marked), the amendment not yet: no link to it.
    assert k.ks.kode in html and "Perubahan diproses" in html and "Unduh perubahan" not in html
    assert client.get(reverse("kerjasama:register_pdf", args=[k.ks.kode]) + f"?dokumen={pr.dokumen.kode_verifikasi}"
                      ).status_code == 404
    _undangkan_semua(k, pr)
    html = client.get(reverse("kerjasama:register")).content.decode()
    assert "Unduh perubahan" in html and pr.dokumen.kode_verifikasi in html
    r = client.get(reverse("kerjasama:register_pdf", args=[k.ks.kode]) + f"?dokumen={pr.dokumen.kode_verifikasi}")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    data = client.get(f"/api/v1/publik/kerjasama/{k.ks.kode}/").json()
    assert data["dokumen"]["tentang"] == k.ph.tentang
    assert [d["tentang"] for d in data["perubahan"]] == [pr.dokumen.tentang]


@pytest.mark.usefixtures("render_palsu")
def test_beranda_meminta_tanda_tangan_perubahan_dengan_kueri_tetap(client, buat_ks):
    """The home panel asks each kepala desa to sign a pending amendment (once), from the same answer as the page
    buttons, in the same number of queries for one agreement or several."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2, judul="Kerja sama pertama")
    _sepakati(k)
    client.force_login(k.kades[0])
    with CaptureQueriesContext(connection) as satu:
        html = client.get(reverse("beranda")).content.decode()
    assert k.ks.kode in html and "tanda tangani peraturan perubahan" in html
    k2 = buat_ks(sampai="BERLAKU", jumlah_desa=2, judul="Kerja sama kedua")
    _sepakati(k2)
    with CaptureQueriesContext(connection) as dua:
        html = client.get(reverse("beranda")).content.decode()
    assert k2.ks.kode in html
    assert len(satu.captured_queries) == len(dua.captured_queries)
    with segera():
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    html = client.get(reverse("beranda")).content.decode()
    assert k.ks.kode not in html and k2.ks.kode in html  # signed once: nothing waits on him there
