"""Pages of §C2 (kerja sama desa dengan pihak ketiga, UU 6/2014 Pasal 93): the wizard's third-party variant
(pick or register a third party), one agreement walked through every state of §C2 and the court route of a
dispute by POSTs of the right people, refusals with rule and article (R-pihak3, R4, R14), 404 for outsiders."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kerjasama import documents
from kerjasama.models import KerjaSamaDesa, PihakKetiga
from kerjasama.tests.conftest import berkas_pdf, buat_kerjasama

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]

TETANGGA = "33.03.06.2006"
AKSI_C2 = ["jawab_pihak_ketiga", "tandatangani_pihak_ketiga", "berlakukan", "proses_hukum"]
ISI = {
    "maksud_tujuan": "Meningkatkan pendapatan desa dari bambu.",
    "ruang_lingkup": "Pengadaan bambu oleh desa dan pengolahan oleh pihak ketiga.",
    "tata_cara_pelaksanaan": "Pemerintah desa memasok bambu tiap bulan.",
    "tanggal_mulai": "2025-01-01", "tanggal_selesai": "2030-12-31",
    "hak_kewajiban": "Desa memasok bambu; pihak ketiga membeli dengan harga pasar.",
    "pendanaan_uraian": "Modal pihak ketiga dan APB Desa Klapasawit.",
    "tata_cara_perubahan": "Atas kesepakatan para pihak.", "penyelesaian_perselisihan": "Musyawarah, camat, lalu pengadilan.",
    "tempat_penetapan": "Klapasawit",
}
PIHAK_KETIGA = {"nama": "CV Bambu Lestari", "jenis": "SWASTA_BADAN_USAHA", "badan_hukum": "on",
                "nomor_legalitas": "NIB 912", "penanggung_jawab_nama": "Rina Wulandari",
                "penanggung_jawab_jabatan": "Direktur"}


def _url(ks, nama):
    return reverse("kerjasama:aksi", args=[ks.kode, nama])


def _musyawarah(**lain):
    return {"tanggal": "2025-02-01", "tempat": "Balai desa", "hasil": "SEPAKAT", "keputusan_ringkas": "Sepakat.",
            "jumlah_hadir": "30", "jumlah_perempuan": "9", "berita_acara": berkas_pdf(), **lain}


def _galat(r) -> str:
    return " | ".join(re.findall(r'<div class="[^"]*(?:kotak-galat|galat-isian)[^"]*"[^>]*>(.*?)</div>',
                                 r.content.decode(), re.DOTALL))[:1500]


class Jalan:
    def __init__(self, client, ks):
        self.client, self.ks, self.dilihat = client, ks, {ks.status}

    def post(self, user, nama, data=None, *, harap=302):
        self.client.force_login(user)
        r = self.client.post(_url(self.ks, nama), data or {})
        assert r.status_code == harap, (nama, r.status_code, _galat(r))
        self.ks.refresh_from_db()
        self.dilihat.add(self.ks.status)
        return r


def _ditolak(r, *potongan):
    teks = r.content.decode()
    for p in potongan:
        assert p in teks, (p, _galat(r))


def test_satu_kerja_sama_pihak_ketiga_melewati_semua_status_c2_lewat_halaman(client, persona, wilayah):
    budi, sari, pmd, camat = persona["budi"], persona["sari"], persona["pmd_pbg"], persona["camat"]

    # Wizard, third-party variant: no third party yet → register one (its kind is R-pihak3's business).
    client.force_login(sari)
    r = client.get(reverse("kerjasama:buat") + "?jenis=PIHAK_KETIGA")
    assert r.status_code == 200 and "Rencana kerja sama dengan pihak ketiga" in r.content.decode()
    assert reverse("kerjasama:pihak_ketiga_baru") in r.content.decode()
    r = client.post(reverse("kerjasama:pihak_ketiga_baru"), {**PIHAK_KETIGA, "jenis": "PERORANGAN"})
    assert r.status_code == 400
    _ditolak(r, "R-pihak3", "UU 6/2014 Pasal 93", 'value="CV Bambu Lestari"')
    r = client.post(reverse("kerjasama:pihak_ketiga_baru"), PIHAK_KETIGA)
    pk = PihakKetiga.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("kerjasama:buat") + f"?jenis=PIHAK_KETIGA&pihak_ketiga={pk.pk}"
    assert pk.kabupaten == wilayah.purbalingga
    r = client.get(r["Location"])
    assert re.search(rf'<option value="{pk.pk}" selected>CV Bambu Lestari</option>', r.content.decode())

    # A partner desa in a third-party plan is refused with its rule, and what was typed stays.
    rencana = {"jenis": "PIHAK_KETIGA", "judul": "Pengolahan bambu bersama", "bidang": ["USAHA_BERSAMA"],
               "pihak_ketiga": str(pk.pk), "prakarsa": "DESA", "simpan": "1"}
    r = client.post(reverse("kerjasama:buat"), {**rencana, "mitra": [TETANGGA]})
    assert r.status_code == 400
    _ditolak(r, "R-pihak3", "Permendagri 96/2017 Pasal 5", 'value="Pengolahan bambu bersama"')
    assert not KerjaSamaDesa.objects.exists()
    r = client.post(reverse("kerjasama:buat"), {**rencana, "pihak_ketiga": ""})
    assert r.status_code == 400
    _ditolak(r, "R-pihak3")
    r = client.post(reverse("kerjasama:buat"), rencana)
    ks = KerjaSamaDesa.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("kerjasama:isi", args=[ks.kode])
    assert (ks.jenis, ks.pihak_ketiga, ks.prakarsa, ks.peserta.count()) == ("PIHAK_KETIGA", pk, "DESA", 1)
    # Editing step 1 later: the partner smuggled in is refused too (R-pihak3), the third party is shown.
    r = client.get(reverse("kerjasama:rencana", args=[ks.kode]))
    assert "CV Bambu Lestari" in r.content.decode() and "Judul, bidang, pihak ketiga" in r.content.decode()
    r = client.post(reverse("kerjasama:rencana", args=[ks.kode]), {**rencana, "mitra": [TETANGGA]})
    assert r.status_code == 400
    _ditolak(r, "R-pihak3", "UU 6/2014 Pasal 93")
    assert ks.peserta.count() == 1
    r = client.post(reverse("kerjasama:isi", args=[ks.kode]), ISI)
    assert r.status_code == 302, _galat(r)
    teks = client.get(reverse("kerjasama:tinjau", args=[ks.kode])).content.decode()
    assert "Pihak ketiga: <strong>CV Bambu Lestari</strong>" in teks and "R1" not in teks

    j = Jalan(client, ks)
    j.post(sari, "siapkan")
    j.post(sari, "musdes", _musyawarah())
    assert ks.status == "DISETUJUI_MUSDES"
    client.force_login(budi)
    assert "Kirim surat penawaran kepada pihak ketiga" in client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    j.post(budi, "kirim_penawaran", {"tanggal": "2025-03-01"})
    assert ks.status == "PENAWARAN"
    surat = ks.surat_penawaran.get()
    assert (surat.kepada, surat.kepada_pihak_ketiga, surat.nomor) == (None, pk, f"001/KS/{wilayah.klapasawit.kode}/2025")
    assert "kepada CV Bambu Lestari" in client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()

    r = j.post(sari, "jawab_pihak_ketiga", {"diterima": "1"}, harap=400)  # the kepala desa records the answer
    _ditolak(r, "PERAN")
    j.post(budi, "jawab_pihak_ketiga", {"diterima": "1", "tanggal": "2025-03-10", "catatan": "Surat jawaban diterima.",
                                        "surat_jawaban": berkas_pdf("jawaban.pdf")})
    assert ks.status == "PENYUSUNAN_RANCANGAN"
    surat.refresh_from_db()
    assert (surat.jawaban, str(surat.tanggal_jawaban)) == ("DITERIMA", "2025-03-10")

    j.post(sari, "ajukan")
    j.post(pmd, "verifikasi", {"catatan": "Lengkap."})
    assert ks.status == "DIVERIFIKASI"

    # Signatures: the kepala desa signs the Perjanjian Bersama, then records the third party's.
    client.force_login(budi)
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert "Tanda tangani Perjanjian Bersama" in teks and "Catat tanda tangan pihak ketiga" in teks
    assert "Rina Wulandari" in client.get(_url(ks, "tandatangani_pihak_ketiga")).content.decode()  # the default signer
    j.post(budi, "tandatangani", {"kepala_desa_nama": "Budi Santoso", "tanggal": "2025-04-01"})
    assert ks.status == "DIVERIFIKASI"
    j.post(budi, "tandatangani_pihak_ketiga", {"penandatangan_nama": "", "nomor": "017/BL"}, harap=400)
    j.post(budi, "tandatangani_pihak_ketiga", {
        "penandatangan_nama": "Rina Wulandari", "penandatangan_jabatan": "Direktur", "nomor": "017/BL/IV/2025",
        "tanggal": "2025-04-03", "bukti_berkas": berkas_pdf("ttd.pdf")})
    assert ks.status == "DITANDATANGANI"
    assert (ks.pihak_ketiga_penanda_tangan, ks.pihak_ketiga_jabatan, ks.pihak_ketiga_nomor, str(ks.tanggal_penetapan)) == (
        "Rina Wulandari", "Direktur", "017/BL/IV/2025", "2025-04-03")
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert _url(ks, "tandatangani_pihak_ketiga") not in teks and "017/BL/IV/2025" in teks  # no second signature
    # D3: the Perjanjian Bersama names the third party's number and its signer.
    ph = ks.produk_hukum.get(jenis="PERJANJIAN_BERSAMA")
    konteks = documents.konteks_perjanjian_bersama(ph)
    assert konteks["nomor_pihak_ketiga"] == "017/BL/IV/2025"
    assert (konteks["pihak_ketiga"].penanggung_jawab_nama, konteks["pihak_ketiga"].penanggung_jawab_jabatan) == (
        "Rina Wulandari", "Direktur")

    j.post(sari, "berlakukan")
    assert ks.status == "BERLAKU"

    j.post(sari, "laporan", {"periode": "Semester I 2025", "isi": "Pasokan 2 ton."})
    j.post(sari, "perubahan", {"jenis": "PENUNDAAN", "uraian": "Musim hujan.", "alasan": ""})
    assert ks.status == "PERUBAHAN_DIPROSES"
    desa_ids = [str(ks.desa_pemrakarsa_id)]
    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m1 = ks.musyawarah.order_by("-id").first()
    j.post(pmd, "putuskan_perubahan", {"disepakati": "1", "musyawarah": str(m1.pk)})
    assert ks.status == "DITANGGUHKAN"
    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m1 = ks.musyawarah.order_by("-id").first()  # a musyawarah of its own for the resumption (R13)
    j.post(pmd, "lanjutkan", {"musyawarah": str(m1.pk)})
    assert ks.status == "BERLAKU"

    # The court route (R14): refused before facilitation, then the ruling is recorded.
    j.post(sari, "perselisihan", {"uraian": "Harga beli bambu."})
    assert ks.status == "DALAM_PERSELISIHAN"
    r = j.post(budi, "proses_hukum", {"uraian": "Gugatan."}, harap=400)
    _ditolak(r, "R14", "PP 43/2014 Pasal 148")
    j.post(sari, "eskalasi")
    client.force_login(budi)
    assert "Ajukan ke proses hukum" in client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    j.post(budi, "proses_hukum", {"uraian": "Perkara 12/Pdt.G/2025/PN Pbg."})
    ps = ks.perselisihan.get()
    assert (ps.status, ps.tingkat) == ("PROSES_HUKUM", "PROSES_HUKUM")
    r = j.post(camat, "selesaikan_perselisihan", {"hasil": "x", "berlanjut": "1"}, harap=400)
    _ditolak(r, "R14")
    j.post(pmd, "selesaikan_perselisihan", {"hasil": "Putusan PN: harga pasar.", "berlanjut": "1"})
    assert ks.status == "BERLAKU"

    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m2 = ks.musyawarah.order_by("-id").first()
    j.post(pmd, "akhiri", {"alasan": "KESEPAKATAN_PARA_PIHAK", "musyawarah": str(m2.pk)})
    assert ks.status == "BERAKHIR"
    j.post(sari, "tutup", {"laporan_akhir": "Alat dikembalikan."})
    assert ks.status == "SELESAI"

    assert {"DRAFT", "PERSIAPAN", "DISETUJUI_MUSDES", "PENAWARAN", "PENYUSUNAN_RANCANGAN", "DIAJUKAN", "DIVERIFIKASI",
            "DITANDATANGANI", "BERLAKU", "PERUBAHAN_DIPROSES", "DITANGGUHKAN", "DALAM_PERSELISIHAN", "BERAKHIR",
            "SELESAI"} <= j.dilihat
    client.force_login(camat)
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    for potongan in ("Catat penawaran diterima", "Catat tanda tangan pihak ketiga", "Mulai berlaku",
                     "Ajukan ke proses hukum", "Rina Wulandari, Direktur"):
        assert potongan in teks, potongan


def test_instrumen_yang_salah_ditolak_r4(client, persona, wilayah):
    k = buat_kerjasama(persona, wilayah, sampai="DITANDATANGANI", jumlah_desa=2)
    j = Jalan(client, k.ks)
    r = j.post(persona["budi"], "tandatangani_pihak_ketiga", {"penandatangan_nama": "Rina"}, harap=400)
    _ditolak(r, "R4", "PP 43/2014 Pasal 143 ayat (2)–(3)")
    r = j.post(persona["sari"], "berlakukan", harap=400)
    _ditolak(r, "R4", "Berita Desa")
    r = j.post(persona["budi"], "jawab_pihak_ketiga", {"diterima": "1"}, harap=400)
    _ditolak(r, "R-pihak3")
    assert k.refresh().status == "DITANDATANGANI"


# -- scope -----------------------------------------------------------------------------------------

@pytest.fixture
def orang_luar(persona, wilayah, django_user_model):
    kades_lain = django_user_model.objects.create_user(
        username="kades_kemangkon", password="rahasia-123", role="kepala_desa", wilayah_kode=wilayah.kemangkon_desa.kode)
    return {"kades desa lain": kades_lain, "camat kecamatan lain": persona["camat_lain"],
            "PMD kabupaten lain": persona["pmd_bms"]}


@pytest.mark.parametrize("sampai", ["DRAFT", "PENAWARAN", "DIVERIFIKASI", "DITANDATANGANI", "DALAM_PERSELISIHAN"])
def test_orang_luar_mendapat_404_di_semua_url_c2(client, persona, wilayah, orang_luar, sampai):
    k = buat_kerjasama(persona, wilayah, sampai=sampai, jenis="PIHAK_KETIGA")
    ks = k.ks
    jejak = ks.langkah.count()
    urls = [reverse(f"kerjasama:{n}", args=[ks.kode]) for n in ("detail", "rencana", "isi", "tinjau")]
    urls += [_url(ks, nama) for nama in AKSI_C2]
    data = {"diterima": "1", "penandatangan_nama": "x", "uraian": "x", "judul": "x", "bidang": ["USAHA_BERSAMA"]}
    for label, user in orang_luar.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (label, url)
            assert client.post(url, data).status_code == 404, (label, url)
        assert ks.kode not in client.get(reverse("kerjasama:daftar")).content.decode()
    ks.refresh_from_db()
    assert ks.status == sampai and ks.langkah.count() == jejak
    for nama in ("budi", "camat", "pmd_pbg"):
        client.force_login(persona[nama])
        assert client.get(reverse("kerjasama:detail", args=[ks.kode])).status_code == 200, nama


def test_pihak_ketiga_kabupaten_lain_tidak_dapat_dipilih(client, persona, wilayah):
    lain = PihakKetiga.objects.create(kabupaten=wilayah.banyumas, nama="PT Lain", jenis="SWASTA_BADAN_USAHA",
                                      penanggung_jawab_nama="A", penanggung_jawab_jabatan="B")
    client.force_login(persona["sari"])
    assert "PT Lain" not in client.get(reverse("kerjasama:buat") + "?jenis=PIHAK_KETIGA").content.decode()
    assert "PT Lain" not in client.get(reverse("kerjasama:pihak_ketiga_baru")).content.decode()
    r = client.post(reverse("kerjasama:buat"), {"jenis": "PIHAK_KETIGA", "judul": "X", "bidang": ["USAHA_BERSAMA"],
                                                "pihak_ketiga": str(lain.pk), "prakarsa": "DESA"})
    assert r.status_code == 400 and not KerjaSamaDesa.objects.exists()
    # The camat does not register third parties (the desa or the Dinas PMD do).
    client.force_login(persona["camat"])
    r = client.post(reverse("kerjasama:pihak_ketiga_baru"), PIHAK_KETIGA)
    assert r.status_code == 400 and "PERAN" in r.content.decode()
