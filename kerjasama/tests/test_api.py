"""API v1 of kerja sama: one agreement walked through every state of §C1, refusals with rule ids, the
scope gate on every action and download, the list's query count, and the OpenAPI schema.

Personas: the root ``persona`` fixture (sari/budi of Klapasawit, tono operator of the neighbour Kalimanah
Kulon, camat of Kalimanah, camat_lain of Kemangkon, pmd_pbg/pmd_bms) plus, built here, ``wati`` (kepala
desa of Kalimanah Kulon, the partner) and ``kades_lain`` (kepala desa of Kemangkon desa, same kabupaten).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from kerjasama import services
from kerjasama.choices import StatusKerjaSama, StatusProdukHukum
from kerjasama.models import KerjaSamaDesa, ProdukHukum

pytestmark = pytest.mark.django_db

URL = "/api/v1/kerjasama/"


def pdf_kecil(teks: str = "bukti") -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.add_metadata({"/Title": teks})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def berkas(nama="berita-acara.pdf", isi=None):
    f = io.BytesIO(isi if isi is not None else pdf_kecil(nama))
    f.name = nama
    return f


@pytest.fixture(autouse=True)
def media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def orang(persona, wilayah, django_user_model):
    """The root personas plus the partner's kepala desa and a kepala desa of another kecamatan."""
    tambahan = {
        "wati": wilayah.tetangga.kode,  # kepala desa of Kalimanah Kulon (the partner)
        "kades_lain": wilayah.kemangkon_desa.kode,  # kepala desa of Kemangkon desa (same kabupaten)
    }
    users = dict(persona)
    for nama, kode in tambahan.items():
        users[nama] = django_user_model.objects.create_user(
            username=nama, password="rahasia-123", role="kepala_desa", wilayah_kode=kode, first_name=nama.capitalize()
        )
    return users


@pytest.fixture
def api():
    def _client(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return _client


ISI = {
    "judul": "Usaha Bersama Kerajinan Bambu",
    "bidang": ["USAHA_BERSAMA"],
    "maksud_tujuan": "Meningkatkan pendapatan asli desa dari kerajinan bambu.",
    "ruang_lingkup": "Produksi dan pemasaran kerajinan bambu bersama.",
    "tata_cara_pelaksanaan": "Dilaksanakan oleh BKAD dengan rencana kerja tahunan.",
    "tanggal_mulai": "2026-01-01",
    "tanggal_selesai": "2030-12-31",
    "hak_kewajiban": "Setiap desa menyediakan pengrajin dan berbagi hasil sesuai penyertaan.",
    "pendanaan_uraian": "APB Desa masing-masing desa peserta.",
}


def musyawarah_data(hasil="SEPAKAT", **extra):
    return {
        "tanggal": "2026-02-01", "tempat": "Balai desa", "hasil": hasil, "keputusan_ringkas": "Menyepakati kerja sama.",
        "jumlah_hadir": 30, "jumlah_perempuan": 12, "berita_acara": berkas(), **extra,
    }


def ok(resp, status=200):
    assert resp.status_code == status, resp.content
    return resp.json()


def tolak(resp, kode):
    """A refusal: 400 with the rule id in ``kode`` and in ``pelanggaran``, the message naming the article."""
    assert resp.status_code == 400, resp.content
    body = resp.json()
    kodes = [p["kode"] for p in body["pelanggaran"]]
    assert kode in kodes, body
    return body


# -- the whole of §C1 through the API -------------------------------------------------------------

def test_one_agreement_walks_every_state_of_c1(api, orang, wilayah, settings):
    budi, sari, wati, tono = orang["budi"], orang["sari"], orang["wati"], orang["tono"]
    pmd, camat = orang["pmd_pbg"], orang["camat"]
    dilalui = []

    def status(body):
        dilalui.append(body["status"])
        return body["status"]

    # Drafting: partner by code; a kelurahan (R2) or a desa of another kabupaten (R3) is refused.
    body = tolak(api(budi).post(URL, {**ISI, "mitra": [wilayah.kelurahan.kode]}, format="json"), "R2")
    assert "UU 6/2014" in body["detail"]
    tolak(api(budi).post(URL, {**ISI, "mitra": [wilayah.klapasawit_banyumas.kode]}, format="json"), "R3")
    assert ok(api(budi).post(URL, {**ISI, "mitra": ["33.03.06.9999"]}, format="json"), 400)["mitra"]
    tolak(api(camat).post(URL, {**ISI, "mitra": [wilayah.tetangga.kode]}, format="json"), "PERAN")
    assert KerjaSamaDesa.objects.count() == 0

    body = ok(api(budi).post(URL, {**ISI, "mitra": [wilayah.tetangga.kode]}, format="json"), 201)
    kode = body["kode"]
    assert status(body) == "DRAFT"
    assert body["desa_pemrakarsa"]["kode"] == wilayah.klapasawit.kode
    assert [p["desa"]["kode"] for p in body["peserta"]] == [wilayah.klapasawit.kode, wilayah.tetangga.kode]
    assert {a["aksi"] for a in body["aksi"]} == {"siapkan", "batalkan", "komentar"}
    assert "PP 43/2014 Pasal 148" in body["penyelesaian_perselisihan"]  # the law's default text
    u = f"{URL}{kode}/"

    # PATCH of the content by the initiating desa; the partner may not.
    assert ok(api(sari).patch(u, {"tempat_penetapan": "Klapasawit"}, format="json"))["tempat_penetapan"] == "Klapasawit"
    tolak(api(tono).patch(u, {"judul": "Lain"}, format="json"), "PERAN")

    # DRAFT → PERSIAPAN (the partner's operator is not an actor).
    tolak(api(tono).post(u + "siapkan/"), "PERAN")
    assert status(ok(api(sari).post(u + "siapkan/"))) == "PERSIAPAN"
    tolak(api(sari).post(u + "siapkan/"), "ALUR")

    # PERSIAPAN → DISETUJUI_MUSDES: the Musdes needs its berita acara.
    data = musyawarah_data()
    del data["berita_acara"]
    assert "berita_acara" in ok(api(sari).post(u + "musdes/", data, format="multipart"), 400)
    assert status(ok(api(sari).post(u + "musdes/", musyawarah_data(), format="multipart"))) == "DISETUJUI_MUSDES"

    # DISETUJUI_MUSDES → SIAP_DITAWARKAN (R8).
    tolak(api(sari).post(u + "konfirmasi-rpjmdes/", {"rujukan": ""}, format="json"), "R8")
    body = ok(api(sari).post(u + "konfirmasi-rpjmdes/", {"rujukan": "RPJM Desa 2025–2031 bidang ekonomi"}, format="json"))
    assert status(body) == "SIAP_DITAWARKAN"

    # SIAP_DITAWARKAN → PENAWARAN: only the kepala desa sends the offer.
    tolak(api(sari).post(u + "kirim-penawaran/"), "PERAN")
    batas = (timezone.localdate() + dt.timedelta(days=30)).isoformat()  # still open: the partner may answer
    body = ok(api(budi).post(u + "kirim-penawaran/", {"tanggal": "2026-02-10", "batas_jawab": batas}, format="json"))
    assert status(body) == "PENAWARAN"
    assert len(body["surat_penawaran"]) == 1
    # What the partner may do now: its own Musdes, then its answer (and a comment).
    assert [a["aksi"] for a in ok(api(wati).get(u))["aksi"]] == ["musdes_mitra", "jawab_penawaran", "komentar"]

    # The partner accepts only after its own Musdes (R6) and RPJM/RKP check (R8), by the letter's deadline
    # (30 days from today: the answer letter is dated).
    body = tolak(api(wati).post(u + "jawab-penawaran/", {"jawaban": "DITERIMA", "tanggal": "2026-02-20"},
                                format="json"), "R6")
    assert {p["kode"] for p in body["pelanggaran"]} == {"R6", "R8"}
    ok(api(tono).post(u + "musdes/", musyawarah_data(), format="multipart"))
    body = ok(api(wati).post(u + "jawab-penawaran/", {"jawaban": "DITERIMA", "rpjmdes_rujukan": "RKP Desa 2026",
                                                      "tanggal": "2026-02-20"}, format="json"))
    assert status(body) == "PENYUSUNAN_RANCANGAN"

    # PENYUSUNAN_RANCANGAN → DIAJUKAN: BKAD first (R11).
    tolak(api(sari).post(u + "ajukan/"), "R11")
    ok(api(sari).post(u + "kontribusi/", {"baris": [
        {"desa": wilayah.klapasawit.kode, "sumber": "APB_DESA", "tahun_anggaran": 2026, "nilai": "25000000"},
        {"desa": wilayah.tetangga.kode, "sumber": "DANA_DESA", "tahun_anggaran": 2026, "nilai": "20000000"},
    ]}, format="json"))
    body = ok(api(sari).post(u + "bkad/", {"nama": "BKAD Bambu Kalimanah", "anggota": [
        {"nama": "Siti", "asal_desa": wilayah.klapasawit.kode, "unsur": "PEMERINTAH_DESA", "jabatan": "KETUA",
         "jenis_kelamin": "P"},
        {"nama": "Joko", "asal_desa": wilayah.tetangga.kode, "unsur": "ANGGOTA_BPD", "jenis_kelamin": "L"},
    ]}, format="json"))
    assert len(body["bkad"]["anggota"]) == 2 and len(body["kontribusi"]) == 2
    assert status(ok(api(sari).post(u + "ajukan/"))) == "DIAJUKAN"

    # The kabupaten returns it with notes, the desa submits again, the camat comments, PMD verifies.
    tolak(api(budi).post(u + "verifikasi/"), "PERAN")
    assert ok(api(pmd).post(u + "kembalikan/", {"catatan": ""}, format="json"), 400)["catatan"]
    assert status(ok(api(pmd).post(u + "kembalikan/", {"catatan": "Lengkapi uraian hak."}, format="json"))) == "PENYUSUNAN_RANCANGAN"
    assert status(ok(api(sari).post(u + "ajukan/"))) == "DIAJUKAN"
    ok(api(camat).post(u + "komentar/", {"teks": "Sudah difasilitasi di kantor kecamatan."}, format="json"))
    assert status(ok(api(pmd).post(u + "verifikasi/", {"catatan": "Lengkap."}, format="json"))) == "DIVERIFIKASI"

    # DIVERIFIKASI → RANCANGAN_DISEPAKATI by the MAD (R7): the document row is created.
    body = ok(api(pmd).post(u + "mad/", musyawarah_data(agenda=["KESEPAKATAN_KERJA_SAMA"]), format="multipart"))
    assert status(body) == "RANCANGAN_DISEPAKATI"
    peraturan = [p for p in body["produk_hukum"] if p["jenis"] == "PERATURAN_BERSAMA_KADES"]
    assert [p["status"] for p in peraturan] == [StatusProdukHukum.RANCANGAN_DISEPAKATI]

    # Every kepala desa signs (R12); an operator cannot.
    tolak(api(sari).post(u + "tandatangani/", {"kepala_desa_nama": "Budi"}, format="json"), "PERAN")
    assert status(ok(api(budi).post(u + "tandatangani/", {"kepala_desa_nama": "Budi Santoso"}, format="json"))) == "RANCANGAN_DISEPAKATI"
    assert api(budi).post(u + "tandatangani/", {"kepala_desa_nama": "Budi Santoso"}, format="json").status_code == 400
    body = ok(api(wati).post(u + "tandatangani/", {"kepala_desa_nama": "Wati Lestari"}, format="json"))
    assert status(body) == "DITANDATANGANI"
    ph = next(p for p in body["produk_hukum"] if p["jenis"] == "PERATURAN_BERSAMA_KADES")  # not a letter or minutes
    assert ph["status"] == StatusProdukHukum.DITANDATANGANI and ph["url_pdf"] and ph["sha256"]

    # The signed scan: PDF only, by its bytes.
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    assert "file_ttd" in ok(api(budi).post(u + "unggah-ttd/", {"file_ttd": berkas("scan.pdf", png)}, format="multipart"), 400)
    body = ok(api(budi).post(u + "unggah-ttd/", {"file_ttd": berkas("scan.pdf")}, format="multipart"))
    assert next(p for p in body["produk_hukum"] if p["jenis"] == "PERATURAN_BERSAMA_KADES")["url_ttd"]

    # Each desa promulgates in its Berita Desa; the last one makes it BERLAKU.
    ok(api(sari).post(u + "undangkan/", {"berita_desa_tahun": 2026, "berita_desa_nomor": "3",
                                         "sekretaris_desa_nama": "Ani"}, format="json"))
    body = ok(api(tono).post(u + "undangkan/", {"berita_desa_tahun": 2026, "berita_desa_nomor": "7",
                                                "sekretaris_desa_nama": "Dedi"}, format="json"))
    assert status(body) == "BERLAKU"

    ok(api(sari).post(u + "laporan/", {"periode": "Semester I 2026", "isi": "Produksi 400 unit."}, format="json"))

    # BERLAKU → PERUBAHAN_DIPROSES → DITANGGUHKAN → BERLAKU, each agreed by a musyawarah of all parties (R13).
    assert status(ok(api(sari).post(u + "perubahan/", {"jenis": "PENUNDAAN", "uraian": "Banjir."}, format="json"))) == "PERUBAHAN_DIPROSES"
    tolak(api(pmd).post(u + "putuskan-perubahan/", {"disepakati": True}, format="json"), "R13")
    tolak(api(sari).post(u + "musyawarah/", musyawarah_data(), format="multipart"), "PERAN")
    hari_ini = timezone.localdate().isoformat()  # a decision rests on a musyawarah held after the proposal (R13)
    body = ok(api(pmd).post(u + "musyawarah/", musyawarah_data(tanggal=hari_ini), format="multipart"))
    musy = body["musyawarah"][-1]["id"]
    assert set(body["musyawarah"][-1]["desa"]) == {wilayah.klapasawit.kode, wilayah.tetangga.kode}
    body = ok(api(pmd).post(u + "putuskan-perubahan/", {"disepakati": True, "musyawarah": musy}, format="json"))
    assert status(body) == "DITANGGUHKAN"
    tolak(api(budi).post(u + "lanjutkan/", {}, format="json"), "R13")
    tolak(api(budi).post(u + "lanjutkan/", {"musyawarah": musy}, format="json"), "R13")  # already the suspension's
    body = ok(api(pmd).post(u + "musyawarah/", musyawarah_data(tanggal=hari_ini), format="multipart"))
    musy = body["musyawarah"][-1]["id"]
    assert status(ok(api(budi).post(u + "lanjutkan/", {"musyawarah": musy}, format="json"))) == "BERLAKU"

    # A dispute: musyawarah first, then the camat (both desa in Kalimanah, R14).
    assert status(ok(api(sari).post(u + "perselisihan/", {"uraian": "Pembagian hasil."}, format="json"))) == "DALAM_PERSELISIHAN"
    body = ok(api(sari).post(u + "eskalasi-perselisihan/", {}, format="json"))
    assert body["perselisihan"][0]["status"] == "FASILITASI_CAMAT"
    tolak(api(budi).post(u + "selesaikan-perselisihan/", {"hasil": "x", "berlanjut": True}, format="json"), "R14")
    selesai = {"hasil": "Dibagi menurut penyertaan.", "berlanjut": True}
    tolak(api(camat).post(u + "selesaikan-perselisihan/", selesai, format="json"), "R14")  # final only by its BA
    body = ok(api(camat).post(u + "selesaikan-perselisihan/", {**selesai, "berita_acara": berkas()}, format="multipart"))
    assert status(body) == "BERLAKU"

    # BERLAKU → BERAKHIR (Pasal 147 with the musyawarah, R13) → SELESAI.
    tolak(api(budi).post(u + "akhiri/", {"alasan": "TUJUAN_TERCAPAI"}, format="json"), "R13")
    tolak(api(budi).post(u + "akhiri/", {"alasan": "TUJUAN_TERCAPAI", "musyawarah": musy}, format="json"), "R13")
    body = ok(api(pmd).post(u + "musyawarah/", musyawarah_data(tanggal=hari_ini), format="multipart"))
    musy = body["musyawarah"][-1]["id"]
    body = ok(api(budi).post(u + "akhiri/", {"alasan": "TUJUAN_TERCAPAI", "musyawarah": musy}, format="json"))
    assert status(body) == "BERAKHIR" and body["alasan_berakhir"] == "TUJUAN_TERCAPAI"
    assert ok(api(sari).post(u + "tutup/", {"laporan_akhir": ""}, format="json"), 400)["laporan_akhir"]
    body = ok(api(sari).post(u + "tutup/", {"laporan_akhir": "Aset diserahkan ke BUM Desa."}, format="json"))
    assert status(body) == "SELESAI"
    # Nothing left to move: the signed scan may still be filed, and a comment added (as on the page).
    assert [a["aksi"] for a in body["aksi"]] == ["unggah_ttd", "komentar"]

    tercapai = set(StatusKerjaSama.values) - {StatusKerjaSama.BATAL}
    assert tercapai <= set(dilalui), tercapai - set(dilalui)
    # The timeline holds every step with who did it.
    aksi = [(l["aksi"], l["oleh"]) for l in body["langkah"]]
    assert ("buat", "Budi") in aksi and ("komentar", "Camat") in aksi and ("tutup", "Sari") in aksi


def test_a_plan_refused_by_its_musdes_is_batal_and_a_withdrawn_plan_too(api, orang, wilayah):
    sari = orang["sari"]
    kode = ok(api(sari).post(URL, {**ISI, "mitra": [wilayah.tetangga.kode]}, format="json"), 201)["kode"]
    ok(api(sari).post(f"{URL}{kode}/siapkan/"))
    body = ok(api(sari).post(f"{URL}{kode}/musdes/", musyawarah_data("TIDAK_SEPAKAT"), format="multipart"))
    assert body["status"] == "BATAL"

    kode = ok(api(sari).post(URL, {**ISI, "mitra": [wilayah.tetangga.kode]}, format="json"), 201)["kode"]
    assert ok(api(sari).post(f"{URL}{kode}/batalkan/", {"alasan": ""}, format="json"), 400)["alasan"]
    assert ok(api(sari).post(f"{URL}{kode}/batalkan/", {"alasan": "Anggaran tidak cukup."}, format="json"))["status"] == "BATAL"


def test_the_offer_needs_the_five_items_r16(api, orang, wilayah):
    sari, budi = orang["sari"], orang["budi"]
    kode = ok(api(sari).post(URL, {"judul": "Rencana", "bidang": ["USAHA_BERSAMA"], "mitra": [wilayah.tetangga.kode]},
                             format="json"), 201)["kode"]
    u = f"{URL}{kode}/"
    ok(api(sari).post(u + "siapkan/"))
    ok(api(sari).post(u + "musdes/", musyawarah_data(), format="multipart"))
    ok(api(sari).post(u + "konfirmasi-rpjmdes/", {"rujukan": "RPJM Desa"}, format="json"))
    body = tolak(api(budi).post(u + "kirim-penawaran/"), "R16")
    assert "Permendagri 96/2017 Pasal 13" in body["detail"]
    assert KerjaSamaDesa.objects.get(kode=kode).status == StatusKerjaSama.SIAP_DITAWARKAN


def test_every_table_action_has_its_endpoint():
    from kerjasama.api.serializers import ENDPOINT_AKSI
    from kerjasama.api.urls import router
    from kerjasama.workflow import ALUR_ANTAR_DESA

    dari_tabel = {t.aksi for t in ALUR_ANTAR_DESA if not t.sistem}
    assert dari_tabel <= set(ENDPOINT_AKSI), dari_tabel - set(ENDPOINT_AKSI)
    nama_url = {u.name for u in router.urls}
    assert {f"api-kerjasama-{e}" for e in ENDPOINT_AKSI.values()} <= nama_url


# -- scope: outsiders get 404 on the agreement, every action and every download --------------------

AKSI_POST = [
    "atur-mitra", "kontribusi", "bkad", "siapkan", "musdes", "konfirmasi-rpjmdes", "kirim-penawaran", "jawab-penawaran",
    "ajukan", "verifikasi", "kembalikan", "komentar", "mad", "tandatangani", "unggah-ttd", "undangkan", "laporan",
    "perubahan", "musyawarah", "putuskan-perubahan", "lanjutkan", "perselisihan", "eskalasi-perselisihan",
    "selesaikan-perselisihan", "akhiri", "tutup", "batalkan",
]
LUAR = ["kades_lain", "camat_lain", "pmd_bms", "prov_kalsel"]


@pytest.fixture
def kerja_sama(orang, wilayah):
    """A draft of Klapasawit with Kalimanah Kulon, its MAD evidence and a generated document with its scan."""
    ks = services.kerjasama_buat(oleh=orang["sari"], desa_pemrakarsa=wilayah.klapasawit, mitra=[wilayah.tetangga],
                                 **ISI)
    ph = ProdukHukum.objects.create(jenis="PERATURAN_BERSAMA_KADES", kerja_sama=ks, kabupaten=ks.kabupaten,
                                    tentang=ks.judul, sha256="0" * 64)
    ph.desa.set([wilayah.klapasawit, wilayah.tetangga])
    ph.file_pdf.save("pb.pdf", ContentFile(pdf_kecil("pb")))
    ph.file_ttd.save("ttd.pdf", ContentFile(pdf_kecil("ttd")))
    dok = services.dokumen_unggah(objek=ks, kabupaten=ks.kabupaten, desa=[wilayah.klapasawit, wilayah.tetangga],
                                  berkas=SimpleUploadedFile("ba.pdf", pdf_kecil("ba")), jenis="BERITA_ACARA", judul="BA", oleh=orang["sari"])
    return ks, ph, dok


@pytest.mark.parametrize("nama", LUAR)
def test_outsiders_get_404_on_detail_every_action_and_download(api, orang, kerja_sama, nama):
    ks, ph, dok = kerja_sama
    c = api(orang[nama])
    assert c.get(f"{URL}{ks.kode}/").status_code == 404
    assert c.patch(f"{URL}{ks.kode}/", {"judul": "x"}, format="json").status_code == 404
    for aksi in AKSI_POST:
        r = c.post(f"{URL}{ks.kode}/{aksi}/", {}, format="json")
        assert r.status_code == 404, (nama, aksi, r.content)
        assert r.json() == {"detail": r.json()["detail"]}  # nothing but "not found"
    for url in (f"/api/v1/produk-hukum/{ph.pk}/", f"/api/v1/produk-hukum/{ph.pk}/pdf/",
                f"/api/v1/produk-hukum/{ph.pk}/ttd/", f"/api/v1/dokumen/{dok.pk}/", f"/api/v1/dokumen/{dok.pk}/unduh/"):
        assert c.get(url).status_code == 404, (nama, url)
    assert ks.kode not in [r["kode"] for r in c.get(URL).json()["results"]]
    assert c.get("/api/v1/produk-hukum/").json()["count"] == 0


@pytest.mark.parametrize("nama", ["sari", "budi", "tono", "camat", "pmd_pbg", "prov_jateng", "admin"])
def test_insiders_read_the_agreement_and_download_its_documents(api, orang, kerja_sama, nama):
    ks, ph, dok = kerja_sama
    c = api(orang[nama])
    assert ok(c.get(f"{URL}{ks.kode}/"))["kode"] == ks.kode
    r = c.get(f"/api/v1/produk-hukum/{ph.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF-")
    assert c.get(f"/api/v1/produk-hukum/{ph.pk}/ttd/").status_code == 200
    assert c.get(f"/api/v1/dokumen/{dok.pk}/unduh/").status_code == 200


def test_anonymous_gets_401_everywhere_but_the_public_register(api, kerja_sama):
    ks, ph, _ = kerja_sama
    for url in (URL, f"{URL}{ks.kode}/", f"/api/v1/produk-hukum/{ph.pk}/pdf/", "/api/v1/notifikasi/"):
        assert api().get(url).status_code in (401, 403), url
    assert api().post(f"{URL}{ks.kode}/siapkan/").status_code in (401, 403)


# -- lists, filters, queries ----------------------------------------------------------------------

def _buat(orang, wilayah, n, **isi):
    for i in range(n):
        services.kerjasama_buat(oleh=orang["sari"], desa_pemrakarsa=wilayah.klapasawit, mitra=[wilayah.tetangga],
                                **{**ISI, "judul": f"Kerja sama {i}", **isi})


@pytest.mark.parametrize("nama", ["sari", "camat", "pmd_pbg", "prov_jateng"])
def test_list_query_count_is_the_same_for_1_and_20_agreements(api, orang, wilayah, nama):
    c = api(orang[nama])

    def hitung():
        with CaptureQueriesContext(connection) as q:
            body = ok(c.get(URL))
        return len(q), len(body["results"])

    _buat(orang, wilayah, 1)
    sedikit, n1 = hitung()
    _buat(orang, wilayah, 19)
    banyak, n20 = hitung()
    assert (n1, n20) == (1, 20)
    assert sedikit == banyak <= 3, (sedikit, banyak)


def test_list_rows_and_cursor_pages(api, orang, wilayah):
    _buat(orang, wilayah, 5)
    c = api(orang["pmd_pbg"])
    body = ok(c.get(URL, {"page_size": 2}))
    assert len(body["results"]) == 2 and body["next"]
    row = body["results"][0]
    assert row["judul"] == "Kerja sama 4"  # newest first
    assert [p["kode"] for p in row["peserta"]] == [wilayah.klapasawit.kode, wilayah.tetangga.kode]
    assert row["kabupaten"] == {"kode": "33.03", "nama": "Kabupaten Purbalingga"}
    semua = [r["judul"] for r in body["results"]]
    while body["next"]:
        body = ok(c.get(body["next"]))
        semua += [r["judul"] for r in body["results"]]
    assert semua == [f"Kerja sama {i}" for i in range(4, -1, -1)]


def test_filters_status_kecamatan_bidang_tahun_jenis_q(api, orang, wilayah):
    _buat(orang, wilayah, 2)
    _buat(orang, wilayah, 1, judul="Keamanan lingkungan", bidang=["KEAMANAN_KETERTIBAN"])
    KerjaSamaDesa.objects.filter(judul="Kerja sama 0").update(status="BERLAKU")
    c = api(orang["pmd_pbg"])

    def judul(**params):
        return sorted(r["judul"] for r in ok(c.get(URL, params))["results"])

    assert judul(status="BERLAKU") == ["Kerja sama 0"]
    assert judul(status="BERLAKU,DRAFT") == ["Keamanan lingkungan", "Kerja sama 0", "Kerja sama 1"]
    assert judul(kecamatan="33.03.06") == ["Keamanan lingkungan", "Kerja sama 0", "Kerja sama 1"]
    assert judul(kecamatan="33.03.01") == []
    assert judul(bidang="KEAMANAN_KETERTIBAN") == ["Keamanan lingkungan"]
    tahun = KerjaSamaDesa.objects.first().created_at.year
    assert len(judul(tahun=tahun)) == 3 and judul(tahun=2001) == []
    assert judul(jenis="PIHAK_KETIGA") == []
    assert judul(q="keamanan") == ["Keamanan lingkungan"]
    assert judul(q="kalimanah kulon") == ["Keamanan lingkungan", "Kerja sama 0", "Kerja sama 1"]
    kode = KerjaSamaDesa.objects.get(judul="Kerja sama 1").kode
    assert judul(q=kode) == ["Kerja sama 1"]
    r = c.get(URL, {"status": "TIDAK_ADA"})
    assert r.status_code == 400 and "status" in r.json()
    assert c.get(URL, {"kecamatan": "33.03"}).status_code == 400


def test_notifications_are_own_only_and_can_be_marked_read(api, orang):
    from kerjasama.models import Notifikasi

    n_sari = Notifikasi.objects.create(penerima=orang["sari"], judul="Untuk Sari")
    n_budi = Notifikasi.objects.create(penerima=orang["budi"], judul="Untuk Budi")
    c = api(orang["sari"])
    assert [r["id"] for r in ok(c.get("/api/v1/notifikasi/"))["results"]] == [n_sari.pk]
    assert c.get(f"/api/v1/notifikasi/{n_budi.pk}/").status_code == 404
    assert c.post(f"/api/v1/notifikasi/{n_budi.pk}/baca/").status_code == 404
    assert ok(c.post(f"/api/v1/notifikasi/{n_sari.pk}/baca/"))["dibaca"] is True
    n_sari.refresh_from_db()
    n_budi.refresh_from_db()
    assert n_sari.dibaca and not n_budi.dibaca


def test_kabupaten_review_queue_query(orang, wilayah):
    from kerjasama import queries

    _buat(orang, wilayah, 3)
    KerjaSamaDesa.objects.filter(judul="Kerja sama 1").update(status="DIAJUKAN")
    assert [k.judul for k in queries.antrian_kabupaten(orang["pmd_pbg"])] == ["Kerja sama 1"]
    assert list(queries.antrian_kabupaten(orang["pmd_bms"])) == []


def test_detail_makes_a_fixed_number_of_queries(api, orang, wilayah, kerja_sama):
    ks, _, _ = kerja_sama
    c = api(orang["pmd_pbg"])
    with CaptureQueriesContext(connection) as q1:
        ok(c.get(f"{URL}{ks.kode}/"))
    services.komentar_tambah(kerja_sama=ks, oleh=orang["camat"], teks="satu")
    services.komentar_tambah(kerja_sama=ks, oleh=orang["pmd_pbg"], teks="dua")
    with CaptureQueriesContext(connection) as q2:
        ok(c.get(f"{URL}{ks.kode}/"))
    assert len(q1) == len(q2)


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/kerjasama/{kode}/kirim-penawaran/" in (tmp_path / "s.yml").read_text()


def _skema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _komponen(skema, ref_atau_skema):
    ref = ref_atau_skema.get("$ref") if isinstance(ref_atau_skema, dict) else None
    return skema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else ref_atau_skema


def test_schema_documents_every_action_with_its_body_errors_and_summary():
    """Each POST …/{kode}/<aksi>/ is documented with the input serializer's fields as its request body, the
    400 (refusal) and 404 (absent or out of scope) answers and its own summary — not a bare 200 with a
    mixin's docstring (``extend_schema`` applied before ``@action`` was dropped by it)."""
    from kerjasama.api import serializers as s
    from kerjasama.api.views import KerjaSamaViewSet

    skema = _skema()
    aksi = [a for a in KerjaSamaViewSet.get_extra_actions() if a.detail and "post" in a.mapping]
    assert len(aksi) >= 36
    for a in aksi:
        path = f"/api/v1/kerjasama/{{kode}}/{a.url_path}/"
        op = skema["paths"][path]["post"]
        assert op.get("summary") and "scoped query" not in op.get("description", ""), (path, op.get("summary"))
        assert {"200", "400", "404"} <= set(op["responses"]), (path, list(op["responses"]))
        masukan = a.masukan
        if masukan is s.KosongSerializer:
            assert "requestBody" not in op, path
            continue
        isi = op["requestBody"]["content"]
        jenis_isi = a.kwargs["parser_classes"][0].media_type
        assert jenis_isi in isi, (path, list(isi))
        bentuk = _komponen(skema, isi[jenis_isi]["schema"])
        medan = {n for n, f in masukan().fields.items() if not f.read_only}
        assert set(bentuk["properties"]) == medan, path


def test_term_dates_are_bounded_in_the_api_the_page_form_and_an_amendment(api, orang, kerja_sama):
    """Dates of the agreement's term: not before UU 6/2014, at most 30 years ahead (inti.tanggal)."""
    from kerjasama.forms import IsiForm

    ks, _, _ = kerja_sama
    c = api(orang["sari"])
    r = c.patch(f"{URL}{ks.kode}/", {"tanggal_selesai": "9999-12-31"}, format="json")
    assert r.status_code == 400 and "terlalu jauh ke depan" in r.json()["tanggal_selesai"][0]
    r = c.patch(f"{URL}{ks.kode}/", {"tanggal_mulai": "2010-01-01"}, format="json")
    assert r.status_code == 400 and "UU 6/2014" in r.json()["tanggal_mulai"][0]
    assert ok(c.patch(f"{URL}{ks.kode}/", {"tanggal_selesai": "2050-12-31"}, format="json"))["tanggal_selesai"] == "2050-12-31"
    form = IsiForm(data={"tanggal_mulai": "2026-01-01", "tanggal_selesai": "9999-12-31"}, instance=ks)
    assert not form.is_valid() and "terlalu jauh ke depan" in form.errors["tanggal_selesai"][0]

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        services._isi_baru_bersih(ks, "PERUBAHAN", {"tanggal_selesai": "9999-12-31"})
    assert "terlalu jauh ke depan" in e.value.message_dict["tanggal_selesai"][0]


def test_free_text_is_bounded_in_the_api_and_the_page_forms(api, orang, kerja_sama):
    """A comment of 3 MB once made the agreement page weigh 3 MB on a phone: notes ≤ 5.000 characters, the content
    of the agreement ≤ 20.000 (inti.teks)."""
    from kerjasama.forms import IsiForm, KomentarForm, PerubahanForm, TutupForm

    ks, _, _ = kerja_sama
    c = api(orang["camat"])
    r = c.post(f"{URL}{ks.kode}/komentar/", {"teks": "a" * 5001}, format="json")
    assert r.status_code == 400 and r.json() == {"teks": ["Teks terlalu panjang: paling banyak 5.000 karakter."]}
    assert ok(c.post(f"{URL}{ks.kode}/komentar/", {"teks": "a" * 5000}, format="json"))
    c = api(orang["sari"])
    r = c.patch(f"{URL}{ks.kode}/", {"ruang_lingkup": "a" * 20001}, format="json")
    assert r.status_code == 400 and "20.000 karakter" in r.json()["ruang_lingkup"][0]
    r = c.post(f"{URL}{ks.kode}/perubahan/", {"jenis": "PERUBAHAN", "uraian": "u",
                                              "isi_baru": {"ruang_lingkup": "a" * 20001}}, format="json")
    assert r.status_code == 400 and "20.000 karakter" in str(r.json()["isi_baru"])
    r = c.post(f"{URL}{ks.kode}/batalkan/", {"alasan": "a" * 5001}, format="json")
    assert r.status_code == 400 and "5.000 karakter" in r.json()["alasan"][0]
    ks.refresh_from_db()
    assert ks.status == "DRAFT" and len(ks.ruang_lingkup) < 5000

    form = KomentarForm(data={"teks": "a" * 5001})
    assert not form.is_valid()
    assert form.errors["teks"] == ["Teks terlalu panjang: paling banyak 5.000 karakter; yang Anda ketik 5001."]
    assert 'maxlength="5000"' in str(form["teks"])
    for form, nama in ((IsiForm(data={"ruang_lingkup": "a" * 20001}, instance=ks), "ruang_lingkup"),
                       (PerubahanForm(data={"jenis": "PERUBAHAN", "uraian": "u", "baru_hak_kewajiban": "a" * 20001}),
                        "baru_hak_kewajiban"),
                       (TutupForm(data={"laporan_akhir": "a" * 20001}), "laporan_akhir")):
        assert not form.is_valid() and "20.000 karakter" in form.errors[nama][0], nama
        assert 'maxlength="20000"' in str(form[nama])
