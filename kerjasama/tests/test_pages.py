"""The kerja sama pages: one agreement walked through every state of §C1 by POSTs of the right people,
refusals shown with their rule and article, scope (404 for outsiders on every URL), query counts that do
not grow with the rows, no asset from outside the app, and the home-page panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kerjasama import services
from kerjasama.models import KerjaSamaDesa, Notifikasi
from kerjasama.tests.conftest import ISI_LENGKAP, berkas_pdf, buat_kerjasama
from kerjasama.views import AKSI

pytestmark = pytest.mark.django_db

TETANGGA = "33.03.06.2006"


def _url(ks, nama):
    return reverse("kerjasama:aksi", args=[ks.kode, nama])


def _musyawarah(hasil="SEPAKAT", **lain):
    return {"tanggal": "2025-06-02", "tempat": "Balai desa", "hasil": hasil, "keputusan_ringkas": "Sepakat.",
            "jumlah_hadir": "30", "jumlah_perempuan": "9", "pimpinan": "Ketua BPD", "notulis": "Sekdes",
            "berita_acara": berkas_pdf(), **lain}


class Jalan:
    """Posts as a person and checks where the agreement went; remembers every state seen."""

    def __init__(self, client, ks):
        self.client = client
        self.ks = ks
        self.dilihat = {ks.status}

    def post(self, user, nama, data=None, *, harap=302):
        self.client.force_login(user)
        r = self.client.post(_url(self.ks, nama), data or {})
        assert r.status_code == harap, (nama, r.status_code, _galat(r))
        self.ks.refresh_from_db()
        self.dilihat.add(self.ks.status)
        return r


def _galat(r) -> str:
    teks = r.content.decode()
    ctx = getattr(r, "context", None)
    form = ctx.get("form") if ctx else None
    return str(form.errors.as_data() if form is not None else "") + " | ".join(
        re.findall(r'<div class="[^"]*(?:kotak-galat|galat-isian)[^"]*"[^>]*>(.*?)</div>', teks, re.S))[:1500]


@pytest.fixture
def _pdf(render_palsu):
    return render_palsu


def test_satu_kerjasama_melewati_semua_status_c1_lewat_halaman(client, persona, pemdes, _pdf):
    budi, sari, tono = persona["budi"], persona["sari"], persona["tono"]
    kades_mitra = pemdes[TETANGGA].kades
    pmd, camat = persona["pmd_pbg"], persona["camat"]

    # Wizard step 1: partner search by name tells homonyms apart and offers neither a kelurahan nor another kabupaten.
    client.force_login(budi)
    assert client.get(reverse("kerjasama:buat")).status_code == 200
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "Kali"}, HTTP_HX_REQUEST="true")
    teks = r.content.decode()
    assert "Kalimanah Kulon — Kalimanah, Purbalingga (33.03.06.2006)" in teks
    assert "Kalikabong" not in teks  # kelurahan (R2)
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "Klapasawit"})
    assert "33.02.13.2006" not in r.content.decode()  # the Banyumas homonym (R3)
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "33.03.06.20"})
    assert "33.03.06.2006" in r.content.decode()  # by code

    # A desa of another kabupaten smuggled into the POST is refused with the rule, and what was typed stays.
    r = client.post(reverse("kerjasama:buat"), {"judul": "Usaha bambu", "bidang": ["USAHA_BERSAMA"], "mitra": ["33.02.13.2006"]})
    assert r.status_code == 400
    assert "R3" in r.content.decode() and "Permendagri 96/2017 Pasal 3" in r.content.decode()
    assert 'value="Usaha bambu"' in r.content.decode()
    assert not KerjaSamaDesa.objects.exists()

    r = client.post(reverse("kerjasama:buat"), {"judul": "Usaha bersama kerajinan bambu", "bidang": ["USAHA_BERSAMA"],
                                                "mitra": [TETANGGA], "simpan": "1"})
    ks = KerjaSamaDesa.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("kerjasama:isi", args=[ks.kode])
    assert ks.status == "DRAFT" and [p.desa.kode for p in ks.peserta.order_by("urutan")] == ["33.03.06.2015", TETANGGA]

    # Step 2 shows the law's default clauses; an offer before the items are filled is refused (R16).
    r = client.get(reverse("kerjasama:isi", args=[ks.kode]))
    assert "musyawarah dan mufakat" in r.content.decode() and "Pasal 143 ayat (4) huruf a" in r.content.decode()
    isi = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in ISI_LENGKAP.items()}
    isi.update(tata_cara_perubahan="Melalui musyawarah semua pihak.", penyelesaian_perselisihan="Musyawarah, lalu camat.")
    r = client.post(reverse("kerjasama:isi", args=[ks.kode]), {**isi, "tanggal_selesai": "2025-01-01"})
    assert r.status_code == 400 and "Tanggal selesai harus sesudah tanggal mulai." in r.content.decode()
    assert "Mengembangkan usaha kerajinan bambu bersama." in r.content.decode()  # kept
    r = client.post(reverse("kerjasama:isi", args=[ks.kode]), isi)
    assert r.status_code == 302 and r["Location"] == reverse("kerjasama:tinjau", args=[ks.kode])
    r = client.get(reverse("kerjasama:tinjau", args=[ks.kode]))
    assert r.status_code == 200 and "Mulai persiapan" in r.content.decode()

    j = Jalan(client, ks)
    j.post(sari, "siapkan")
    assert ks.status == "PERSIAPAN"
    r = j.post(sari, "musdes", {**_musyawarah(), "berita_acara": ""}, harap=400)  # berita acara is required
    j.post(sari, "musdes", _musyawarah())
    assert ks.status == "DISETUJUI_MUSDES"
    r = j.post(sari, "rpjmdes", {"rujukan": ""}, harap=400)
    assert "R8" in r.content.decode() and "Permendagri 96/2017 Pasal 13 ayat (2) huruf e" in r.content.decode()
    j.post(sari, "rpjmdes", {"rujukan": "RPJM Desa 2020–2026; RKP Desa 2025"})
    assert ks.status == "SIAP_DITAWARKAN"
    r = j.post(sari, "kirim_penawaran", {}, harap=400)  # the operator may not sign the offer letter
    # The partner answers on the page today: the letter's deadline lies ahead (DOMAIN.md §C1 timeout).
    j.post(budi, "kirim_penawaran", {"tanggal": "2025-06-10",
                                      "batas_jawab": (timezone.localdate() + dt.timedelta(days=30)).isoformat()})
    assert ks.status == "PENAWARAN"

    # The partner's inbox lists the offer; accepting before its own Musdes is refused (R6).
    client.force_login(kades_mitra)
    r = client.get(reverse("kerjasama:kotak_masuk"))
    assert ks.kode in r.content.decode() and "Jawab penawaran" in r.content.decode()
    r = j.post(kades_mitra, "jawab", {"jawaban": "DITERIMA", "rpjmdes_rujukan": "RKP Desa 2025"}, harap=400)
    assert "R6" in r.content.decode() and "UU 6/2014 Pasal 54 ayat (2) huruf c" in r.content.decode()
    assert 'value="RKP Desa 2025"' in r.content.decode()
    j.post(tono, "musdes", _musyawarah())
    assert ks.status == "PENAWARAN"
    j.post(kades_mitra, "jawab", {"jawaban": "DITERIMA", "rpjmdes_rujukan": "RKP Desa 2025"})
    assert ks.status == "PENYUSUNAN_RANCANGAN"

    # Submitting without a BKAD is refused (R11); the BKAD page saves it; then the draft goes to the kabupaten.
    r = j.post(sari, "ajukan", harap=400)
    assert "R11" in r.content.decode() and "PP 43/2014 Pasal 144" in r.content.decode()
    client.force_login(sari)
    anggota = {"nama": "BKAD Kalimanah", "anggota-TOTAL_FORMS": "3", "anggota-INITIAL_FORMS": "0",
               "anggota-MIN_NUM_FORMS": "0", "anggota-MAX_NUM_FORMS": "1000",
               "anggota-0-nama": "Siti", "anggota-0-asal_desa": str(ks.desa_pemrakarsa_id), "anggota-0-unsur": "ANGGOTA_BPD",
               "anggota-0-jabatan": "KETUA", "anggota-0-jenis_kelamin": "P",
               "anggota-1-nama": "Joko", "anggota-1-asal_desa": str(pemdes[TETANGGA].desa.pk),
               "anggota-1-unsur": "TOKOH_MASYARAKAT", "anggota-1-jabatan": "ANGGOTA", "anggota-1-jenis_kelamin": "L",
               "anggota-2-jabatan": "ANGGOTA"}
    r = client.post(reverse("kerjasama:bkad", args=[ks.kode]), anggota)
    assert r.status_code == 302, _galat(r)
    assert ks.bkad.anggota.count() == 2
    kontribusi = {"kontribusi-TOTAL_FORMS": "2", "kontribusi-INITIAL_FORMS": "0", "kontribusi-MIN_NUM_FORMS": "0",
                  "kontribusi-MAX_NUM_FORMS": "1000", "kontribusi-0-desa": str(ks.desa_pemrakarsa_id),
                  "kontribusi-0-sumber": "APB_DESA", "kontribusi-0-tahun_anggaran": "2025",
                  "kontribusi-0-nilai": "1250000", "kontribusi-0-bentuk": "UANG", "kontribusi-1-bentuk": "UANG"}
    r = client.post(reverse("kerjasama:kontribusi", args=[ks.kode]), kontribusi)
    assert r.status_code == 302, _galat(r)
    j.post(sari, "ajukan")
    assert ks.status == "DIAJUKAN"

    client.force_login(pmd)
    assert ks.kode in client.get(reverse("kerjasama:antrian")).content.decode()
    j.post(pmd, "kembalikan", {"catatan": ""}, harap=400)
    j.post(pmd, "kembalikan", {"catatan": "Lengkapi rincian hak dan kewajiban."})
    assert ks.status == "PENYUSUNAN_RANCANGAN"
    client.force_login(sari)
    assert "Lengkapi rincian hak dan kewajiban." in client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    j.post(sari, "ajukan")
    j.post(camat, "komentar", {"teks": "Camat mendukung; perhatikan jadwal panen."})
    j.post(pmd, "verifikasi", {"catatan": "Lengkap."})
    assert ks.status == "DIVERIFIKASI"
    desa_ids = [str(p.desa_id) for p in ks.peserta.all()]
    r = j.post(pmd, "mad", _musyawarah(desa=desa_ids[:1], agenda=["KESEPAKATAN_KERJA_SAMA"]), harap=400)
    assert "R7" in r.content.decode() and "UU 6/2014 Pasal 92 ayat (2)" in r.content.decode()
    j.post(pmd, "mad", _musyawarah(desa=desa_ids, agenda=["KESEPAKATAN_KERJA_SAMA"]))
    assert ks.status == "RANCANGAN_DISEPAKATI"

    j.post(budi, "tandatangani", {"kepala_desa_nama": "Budi Santoso", "tanggal": "2025-09-01"})
    assert ks.status == "RANCANGAN_DISEPAKATI"
    j.post(kades_mitra, "tandatangani", {"kepala_desa_nama": "Wati", "tanggal": "2025-09-01"})
    assert ks.status == "DITANDATANGANI"
    j.post(budi, "unggah_ttd", {"berkas": berkas_pdf("ttd.pdf")})
    r = j.post(budi, "unggah_ttd", {"berkas": SimpleUploadedFile("palsu.pdf", b"GIF89a bukan pdf")}, harap=400)
    assert "Berkas harus PDF" in r.content.decode()
    j.post(sari, "undangkan", {"berita_desa_tahun": "2025", "berita_desa_nomor": "10", "sekretaris_desa_nama": "Ani Rahayu"})
    j.post(tono, "undangkan", {"berita_desa_tahun": "2025", "berita_desa_nomor": "11", "sekretaris_desa_nama": "Dedi Kurniawan"})
    assert ks.status == "BERLAKU"

    j.post(sari, "laporan", {"periode": "Semester II 2025", "isi": "Produksi 300 kerajinan."})
    j.post(sari, "perubahan", {"jenis": "PENUNDAAN", "uraian": "Ditunda selama musim hujan.", "alasan": ""})
    assert ks.status == "PERUBAHAN_DIPROSES"
    r = j.post(pmd, "putuskan_perubahan", {"disepakati": "1"}, harap=400)  # no musyawarah of all parties yet
    assert "R13" in r.content.decode() and "PP 43/2014 Pasal 145" in r.content.decode()
    # Each decision rests on its own musyawarah, held after the proposal (R13).
    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m1 = ks.musyawarah.order_by("-id").first()
    j.post(pmd, "putuskan_perubahan", {"disepakati": "1", "musyawarah": str(m1.pk)})
    assert ks.status == "DITANGGUHKAN"
    j.post(pmd, "lanjutkan", {"musyawarah": str(m1.pk)}, harap=400)  # already the suspension's basis
    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m1 = ks.musyawarah.order_by("-id").first()
    j.post(pmd, "lanjutkan", {"musyawarah": str(m1.pk)})
    assert ks.status == "BERLAKU"

    j.post(sari, "perselisihan", {"uraian": "Pembagian hasil penjualan."})
    assert ks.status == "DALAM_PERSELISIHAN"
    j.post(sari, "eskalasi")
    r = j.post(budi, "selesaikan_perselisihan", {"hasil": "Sepakat.", "berlanjut": "1"}, harap=400)
    assert "R14" in r.content.decode() and "PP 43/2014 Pasal 148" in r.content.decode()
    r = j.post(camat, "selesaikan_perselisihan", {"hasil": "Dibagi menurut kontribusi.", "berlanjut": "1"}, harap=400)
    assert "berita_acara" in r.content.decode()  # the camat's settlement is final through its berita acara (R14)
    j.post(camat, "selesaikan_perselisihan", {"hasil": "Dibagi menurut kontribusi.", "berlanjut": "1",
                                              "berita_acara": berkas_pdf("ba.pdf")})
    assert ks.status == "BERLAKU"

    j.post(pmd, "musyawarah", _musyawarah(desa=desa_ids, tanggal=timezone.localdate().isoformat()))
    m2 = ks.musyawarah.order_by("-id").first()
    j.post(pmd, "akhiri", {"alasan": "KESEPAKATAN_PARA_PIHAK", "musyawarah": str(m2.pk)})
    assert ks.status == "BERAKHIR"
    j.post(sari, "tutup", {"laporan_akhir": "Alat produksi diserahkan ke BUM Desa."})
    assert ks.status == "SELESAI"

    semua = {"DRAFT", "PERSIAPAN", "DISETUJUI_MUSDES", "SIAP_DITAWARKAN", "PENAWARAN", "PENYUSUNAN_RANCANGAN",
             "DIAJUKAN", "DIVERIFIKASI", "RANCANGAN_DISEPAKATI", "DITANDATANGANI", "BERLAKU", "PERUBAHAN_DIPROSES",
             "DITANGGUHKAN", "DALAM_PERSELISIHAN", "BERAKHIR", "SELESAI"}
    assert semua <= j.dilihat

    # The timeline shows every step, who did it, and the camat's note.
    client.force_login(camat)
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    for potongan in ("Draf dibuat", "Kirim surat penawaran", "Camat mendukung; perhatikan jadwal panen.", "Catat MAD (sepakat)",
                     "Tutup dengan laporan akhir", "Berita acara"):
        assert potongan in teks, potongan


def test_rencana_dibatalkan_dan_musdes_tidak_sepakat_menjadi_batal(client, persona, wilayah):
    a = buat_kerjasama(persona, wilayah, sampai="DRAFT", jumlah_desa=2)
    Jalan(client, a.ks).post(persona["sari"], "batalkan", {"alasan": ""}, harap=400)
    j = Jalan(client, a.ks)
    j.post(persona["sari"], "batalkan", {"alasan": "Ditarik."})
    assert a.ks.status == "BATAL"
    b = buat_kerjasama(persona, wilayah, sampai="PERSIAPAN", jumlah_desa=2, judul="Keamanan bersama")
    j = Jalan(client, b.ks)
    j.post(persona["sari"], "musdes", _musyawarah("TIDAK_SEPAKAT"))
    assert b.ks.status == "BATAL"


# -- scope ------------------------------------------------------------------------------------------

@pytest.fixture
def orang_luar(persona, wilayah, django_user_model):
    kades_lain = django_user_model.objects.create_user(
        username="kades_kemangkon", password="rahasia-123", role="kepala_desa", wilayah_kode=wilayah.kemangkon_desa.kode)
    return {"kades desa lain": kades_lain, "camat kecamatan lain": persona["camat_lain"],
            "PMD kabupaten lain": persona["pmd_bms"]}


@pytest.mark.parametrize("sampai", ["PENAWARAN", "BERLAKU"])
def test_orang_luar_mendapat_404_di_semua_url(client, persona, wilayah, orang_luar, sampai, render_palsu):
    k = buat_kerjasama(persona, wilayah, sampai=sampai, jumlah_desa=2)
    ks = k.ks
    urls = [reverse(f"kerjasama:{n}", args=[ks.kode]) for n in ("detail", "rencana", "isi", "tinjau", "bkad", "kontribusi")]
    urls += [_url(ks, nama) for nama in AKSI]
    for label, user in orang_luar.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (label, url)
            assert client.post(url, {"teks": "x", "alasan": "x", "catatan": "x"}).status_code == 404, (label, url)
        assert ks.kode not in client.get(reverse("kerjasama:daftar")).content.decode()
        assert ks.kode not in client.get(reverse("kerjasama:antrian")).content.decode()
    ks.refresh_from_db()
    assert ks.status == sampai and not ks.langkah.filter(aksi="komentar").exists()
    # Those inside see it.
    for nama in ("budi", "camat", "pmd_pbg", "prov_jateng"):
        client.force_login(persona[nama])
        assert client.get(reverse("kerjasama:detail", args=[ks.kode])).status_code == 200, nama


def test_aksi_yang_tidak_tersedia_ditolak_dengan_aturannya(client, persona, wilayah, render_palsu):
    k = buat_kerjasama(persona, wilayah, sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    client.force_login(persona["camat"])
    assert client.get(_url(k.ks, "verifikasi")).status_code == 403
    r = client.post(_url(k.ks, "verifikasi"), {"catatan": ""})
    assert r.status_code == 400 and "ALUR" in r.content.decode()
    # Content emptied → the offer is refused with R16 and its article.
    services.kerjasama_ubah_isi(kerja_sama=k.ks, oleh=persona["sari"], data={"ruang_lingkup": ""})
    client.force_login(persona["budi"])
    r = client.post(_url(k.ks, "kirim_penawaran"), {})
    assert r.status_code == 400
    assert "R16" in r.content.decode() and "Permendagri 96/2017 Pasal 13 ayat (3)" in r.content.decode()


# -- query counts ---------------------------------------------------------------------------------

def _hitung(client, url) -> int:
    with CaptureQueriesContext(connection) as q:
        r = client.get(url)
    assert r.status_code == 200
    return len(q.captured_queries)


def _draf(persona, wilayah, n, mitra):
    for i in range(n):
        services.kerjasama_buat(oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, judul=f"Rencana {i}",
                                mitra=[mitra], bidang=["USAHA_BERSAMA"])


def test_jumlah_kueri_daftar_dan_kotak_masuk_tidak_bergantung_pada_baris(client, persona, wilayah):
    client.force_login(persona["pmd_pbg"])
    _draf(persona, wilayah, 1, wilayah.tetangga)
    satu = _hitung(client, reverse("kerjasama:daftar") + "?status=DRAFT&bidang=USAHA_BERSAMA")
    _draf(persona, wilayah, 19, wilayah.tetangga)
    assert _hitung(client, reverse("kerjasama:daftar") + "?status=DRAFT&bidang=USAHA_BERSAMA") == satu
    assert KerjaSamaDesa.objects.count() == 20

    client.force_login(persona["budi"])
    Notifikasi.objects.create(penerima=persona["budi"], judul="N0", tautan="/")
    satu = _hitung(client, reverse("kerjasama:kotak_masuk"))
    Notifikasi.objects.bulk_create([Notifikasi(penerima=persona["budi"], judul=f"N{i}") for i in range(1, 20)])
    assert _hitung(client, reverse("kerjasama:kotak_masuk")) == satu
    assert _hitung(client, reverse("beranda")) == _hitung(client, reverse("beranda"))


def test_jumlah_kueri_antrian_kotak_masuk_mitra_dan_detail(client, persona, wilayah, render_palsu):
    batas = timezone.localdate() + dt.timedelta(days=30)  # offers still open: the inbox lists them
    pertama = buat_kerjasama(persona, wilayah, sampai="PENAWARAN", jumlah_desa=2, batas_jawab=batas)
    kades_mitra = pertama.kades[1]
    client.force_login(kades_mitra)
    masuk_satu = _hitung(client, reverse("kerjasama:kotak_masuk"))
    client.force_login(persona["pmd_pbg"])
    for _ in range(19):
        buat_kerjasama(persona, wilayah, sampai="PENAWARAN", jumlah_desa=2, batas_jawab=batas)
    client.force_login(kades_mitra)
    assert _hitung(client, reverse("kerjasama:kotak_masuk")) == masuk_satu
    assert client.get(reverse("kerjasama:kotak_masuk")).content.decode().count("Mohon jawaban paling lambat") == 20

    client.force_login(persona["pmd_pbg"])
    a = buat_kerjasama(persona, wilayah, sampai="DIAJUKAN", jumlah_desa=2)
    antrian_satu = _hitung(client, reverse("kerjasama:antrian"))
    besar = buat_kerjasama(persona, wilayah, sampai="DIAJUKAN", jumlah_desa=9)
    assert _hitung(client, reverse("kerjasama:antrian")) == antrian_satu
    # Detail: 2 parties and a short timeline vs 9 parties and a long one. (A first page warms Django's
    # per-process ContentType cache, else the count depends on which test ran before.)
    _hitung(client, reverse("kerjasama:detail", args=[a.ks.kode]))
    assert _hitung(client, reverse("kerjasama:detail", args=[a.ks.kode])) == _hitung(
        client, reverse("kerjasama:detail", args=[besar.ks.kode]))


# -- pages as a whole ------------------------------------------------------------------------------

LUAR = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.I)


def test_halaman_tanpa_aset_luar_dan_panel_beranda(client, persona, wilayah, render_palsu):
    k = buat_kerjasama(persona, wilayah, sampai="PERSIAPAN", jumlah_desa=2)
    client.force_login(persona["budi"])
    for url in (reverse("kerjasama:daftar"), reverse("kerjasama:buat"), reverse("kerjasama:kotak_masuk"),
                reverse("kerjasama:antrian"), reverse("kerjasama:detail", args=[k.ks.kode]),
                reverse("kerjasama:isi", args=[k.ks.kode]), reverse("kerjasama:tinjau", args=[k.ks.kode]),
                _url(k.ks, "musdes"), reverse("beranda")):
        r = client.get(url)
        assert r.status_code == 200, url
        assert not LUAR.search(r.content.decode()), url
    teks = client.get(reverse("beranda")).content.decode()
    assert "perlu tindakan Anda" in teks and k.ks.kode in teks and "catat Musyawarah Desa" in teks
    client.force_login(persona["pmd_pbg"])
    assert k.ks.kode not in client.get(reverse("beranda")).content.decode()  # nothing waits on the kabupaten yet


def test_kotak_masuk_berhalaman_dengan_jumlah_notifikasi(client, persona):
    """Every unread notification can be reached, a page at a time, with their count; the queries do not grow."""
    budi = persona["budi"]
    client.force_login(budi)
    Notifikasi.objects.bulk_create([Notifikasi(penerima=budi, judul=f"Notifikasi {i:03d}") for i in range(30)])
    Notifikasi.objects.create(penerima=budi, judul="Sudah dibaca", dibaca=True)
    Notifikasi.objects.create(penerima=persona["sari"], judul="Untuk Sari")
    url = reverse("kerjasama:kotak_masuk")
    kueri = _hitung(client, url)
    assert kueri <= 6  # session, user, the offers waiting, the count and one page of notifications
    html = client.get(url).content.decode()
    assert "Notifikasi belum dibaca (30)" in html and "1–25 dari 30 notifikasi belum dibaca" in html
    assert html.count("Tandai sudah dibaca") == 25 and "Halaman 1 dari 2" in html and 'rel="next"' in html
    html = client.get(url + "?halaman=2").content.decode()
    assert "26–30 dari 30 notifikasi belum dibaca" in html and html.count("Tandai sudah dibaca") == 5
    judul = set(re.findall(r"Notifikasi \d{3}", html + client.get(url).content.decode()))
    assert len(judul) == 30  # every one reachable
    assert "Sudah dibaca" not in html and "Untuk Sari" not in html

    Notifikasi.objects.bulk_create([Notifikasi(penerima=budi, judul=f"Lagi {i}") for i in range(200)])
    assert _hitung(client, url) == kueri
    assert "1–25 dari 230 notifikasi belum dibaca" in client.get(url).content.decode()


def test_notifikasi_ditandai_dibaca_hanya_milik_sendiri(client, persona):
    n_budi = Notifikasi.objects.create(penerima=persona["budi"], judul="Untuk Budi")
    n_sari = Notifikasi.objects.create(penerima=persona["sari"], judul="Untuk Sari")
    client.force_login(persona["budi"])
    assert "Untuk Budi" in client.get(reverse("kerjasama:kotak_masuk")).content.decode()
    client.post(reverse("kerjasama:notifikasi_baca"), {"id": n_sari.pk})
    client.post(reverse("kerjasama:notifikasi_baca"), {"id": n_budi.pk})
    n_budi.refresh_from_db(), n_sari.refresh_from_db()
    assert n_budi.dibaca and not n_sari.dibaca


def test_label_dalam_kalimat_mempertahankan_singkatan(client, persona, wilayah, render_palsu):
    """Home panel, BKAD list and timeline: abbreviations keep their capitals (never ``lower`` on a label)."""
    k = buat_kerjasama(persona, wilayah, sampai="DISETUJUI_MUSDES", jumlah_desa=2)
    client.force_login(persona["sari"])
    beranda = client.get(reverse("beranda")).content.decode()
    assert f"({k.ks.kode}) — disetujui Musdes desa pemrakarsa: konfirmasi RPJM Desa dan RKP Desa" in beranda
    assert "rpjm desa" not in beranda and "musdes desa" not in beranda.replace("Musdes desa", "")

    b = buat_kerjasama(persona, wilayah, sampai="BERLAKU", jumlah_desa=2)
    b.ks.bkad.anggota.filter(pk=b.ks.bkad.anggota.order_by("id").first().pk).update(unsur="ANGGOTA_BPD")
    client.force_login(persona["pmd_pbg"])
    html = client.get(reverse("kerjasama:detail", args=[b.ks.kode])).content.decode()
    assert ", anggota BPD, " in html and "anggota bpd" not in html
    assert "(Dinas PMD kabupaten/kota)" in html and "dinas pmd" not in html


def test_kotak_komentar_berbunyi_sesuai_peran(client, persona, wilayah, render_palsu):
    """Every actor may comment (tindakan.KOMENTAR); the camat's facilitation note is shown to the camat only."""
    k = buat_kerjasama(persona, wilayah, sampai="BERLAKU", jumlah_desa=2)
    url = reverse("kerjasama:detail", args=[k.ks.kode])
    harapan = {
        "budi": "desa pemrakarsa diberi tahu", "sari": "desa pemrakarsa diberi tahu",
        "camat": "Camat memfasilitasi kerja sama atas nama bupati/wali kota",
        "pmd_pbg": "Catatan Dinas PMD untuk para pihak",
    }
    for nama, teks in harapan.items():
        client.force_login(persona[nama])
        html = client.get(url).content.decode()
        assert 'class="ks-komentar-form"' in html and teks in html, nama
        assert ("Camat memfasilitasi" in html) == (nama == "camat"), nama
    client.force_login(persona["budi"])
    html = client.get(reverse("kerjasama:aksi", args=[k.ks.kode, "komentar"])).content.decode()
    assert "desa pemrakarsa diberi tahu" in html and "Camat memfasilitasi" not in html
