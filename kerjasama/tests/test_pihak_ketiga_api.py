"""API v1 of §C2 (kerja sama desa dengan pihak ketiga, UU 6/2014 Pasal 93): a third party registered and
one agreement walked through every state of §C2 and the court route of a dispute; refusals with their
rule (R-pihak3, R4, R14) and article; 404 for outsiders on every §C2 endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kerjasama.models import PihakKetiga, SuratPenawaran
from kerjasama.tests.conftest import berkas_pdf, buat_kerjasama

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]

URL = "/api/v1/kerjasama/"
URL_PK = "/api/v1/pihak-ketiga/"
AKSI_C2 = ["jawab-pihak-ketiga", "tandatangani-pihak-ketiga", "berlakukan", "proses-hukum"]

ISI = {
    "judul": "Pengolahan bambu bersama CV Bambu Lestari",
    "bidang": ["USAHA_BERSAMA"],
    "maksud_tujuan": "Meningkatkan pendapatan desa dari bambu.",
    "ruang_lingkup": "Pengadaan bambu oleh desa dan pengolahan oleh pihak ketiga.",
    "tata_cara_pelaksanaan": "Pemerintah desa memasok bambu tiap bulan.",
    "tanggal_mulai": "2025-01-01",
    "tanggal_selesai": "2030-12-31",
    "hak_kewajiban": "Desa memasok bambu; pihak ketiga membeli dengan harga pasar.",
    "pendanaan_uraian": "Modal pihak ketiga dan APB Desa Klapasawit.",
}
PIHAK_KETIGA = {
    "nama": "CV Bambu Lestari", "jenis": "SWASTA_BADAN_USAHA", "badan_hukum": True, "nomor_legalitas": "NIB 912",
    "penanggung_jawab_nama": "Rina Wulandari", "penanggung_jawab_jabatan": "Direktur",
}


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def ok(resp, status=200):
    assert resp.status_code == status, resp.content
    return resp.json()


def tolak(resp, kode):
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert kode in [p["kode"] for p in body["pelanggaran"]], body
    return body


def musyawarah(hasil="SEPAKAT", **lain):
    return {"tanggal": "2025-02-01", "tempat": "Balai desa", "hasil": hasil, "keputusan_ringkas": "Sepakat.",
            "jumlah_hadir": 30, "jumlah_perempuan": 9, "berita_acara": berkas_pdf(), **lain}


def test_satu_kerja_sama_pihak_ketiga_melewati_semua_status_c2_lewat_api(persona, wilayah):
    budi, sari, pmd, camat = persona["budi"], persona["sari"], persona["pmd_pbg"], persona["camat"]
    dilalui = []

    def status(body):
        dilalui.append(body["status"])
        return body["status"]

    # A third party of the kabupaten: its kind must be one of Permendagri 96/2017 Pasal 5 (R-pihak3).
    body = tolak(api(sari).post(URL_PK, {**PIHAK_KETIGA, "jenis": "PERORANGAN"}, format="json"), "R-pihak3")
    assert "UU 6/2014 Pasal 93" in body["detail"]
    tolak(api(camat).post(URL_PK, PIHAK_KETIGA, format="json"), "PERAN")
    pk = ok(api(sari).post(URL_PK, PIHAK_KETIGA, format="json"), 201)
    assert (pk["kabupaten"], pk["jenis"]) == (wilayah.purbalingga.kode, "SWASTA_BADAN_USAHA")
    assert ok(api(pmd).post(URL_PK, PIHAK_KETIGA, format="json"), 400)["nama"]  # once per kabupaten

    # Drafting: a partner desa in a third-party agreement is refused (R-pihak3).
    c2 = {**ISI, "jenis": "PIHAK_KETIGA", "pihak_ketiga": pk["id"], "prakarsa": "DESA"}
    tolak(api(budi).post(URL, {**c2, "mitra": [wilayah.tetangga.kode]}, format="json"), "R-pihak3")
    body = ok(api(budi).post(URL, c2, format="json"), 201)
    kode, u = body["kode"], f"{URL}{body['kode']}/"
    assert status(body) == "DRAFT" and body["jenis"] == "PIHAK_KETIGA" and body["pihak_ketiga"]["id"] == pk["id"]
    tolak(api(sari).post(u + "atur-mitra/", {"mitra": [wilayah.tetangga.kode]}, format="json"), "R-pihak3")

    assert status(ok(api(sari).post(u + "siapkan/"))) == "PERSIAPAN"
    assert status(ok(api(sari).post(u + "musdes/", musyawarah(), format="multipart"))) == "DISETUJUI_MUSDES"
    batas = (timezone.localdate() + dt.timedelta(days=30)).isoformat()  # still open: its answer may be recorded
    body = ok(api(budi).post(u + "kirim-penawaran/", {"tanggal": "2025-03-01", "batas_jawab": batas}, format="json"))
    assert status(body) == "PENAWARAN"
    [surat] = body["surat_penawaran"]
    assert (surat["kepada"], surat["kepada_pihak_ketiga"]) == (None, pk["id"])
    assert surat["nomor"] == f"001/KS/{wilayah.klapasawit.kode}/2025"
    ep = {a["aksi"]: a["endpoint"] for a in body["aksi"]}
    assert ep["penawaran_diterima"] == f"{u}jawab-pihak-ketiga/"

    # The third party's answer, recorded by the kepala desa (the operator is not an actor here).
    tolak(api(sari).post(u + "jawab-pihak-ketiga/", {"diterima": True}, format="json"), "PERAN")
    body = ok(api(budi).post(u + "jawab-pihak-ketiga/", {"diterima": True, "tanggal": "2025-03-10",
                                                          "surat_jawaban": berkas_pdf("jawaban.pdf")}, format="multipart"))
    assert status(body) == "PENYUSUNAN_RANCANGAN"
    assert (body["surat_penawaran"][0]["jawaban"], body["surat_penawaran"][0]["tanggal_jawaban"]) == ("DITERIMA", "2025-03-10")

    assert status(ok(api(sari).post(u + "ajukan/"))) == "DIAJUKAN"
    assert status(ok(api(pmd).post(u + "verifikasi/", {"catatan": "Lengkap."}, format="json"))) == "DIVERIFIKASI"

    # Signatures: the kepala desa, then the third party (its signer, position and own number are kept, D3).
    tolak(api(budi).post(u + "berlakukan/"), "ALUR")
    body = ok(api(budi).post(u + "tandatangani/", {"kepala_desa_nama": "Budi Santoso", "tanggal": "2025-04-01"},
                             format="json"))
    assert status(body) == "DIVERIFIKASI"
    assert f"{u}tandatangani-pihak-ketiga/" in {a["endpoint"] for a in body["aksi"]}
    assert ok(api(budi).post(u + "tandatangani-pihak-ketiga/", {"penandatangan_nama": ""}, format="json"), 400)
    body = ok(api(budi).post(u + "tandatangani-pihak-ketiga/", {
        "penandatangan_nama": "Rina Wulandari", "penandatangan_jabatan": "Direktur", "nomor": "017/BL/IV/2025",
        "tanggal": "2025-04-03", "bukti_berkas": berkas_pdf("ttd.pdf")}, format="multipart"))
    assert status(body) == "DITANDATANGANI"
    assert (body["pihak_ketiga_penanda_tangan"], body["pihak_ketiga_jabatan"], body["pihak_ketiga_nomor"],
            body["pihak_ketiga_tanggal_ttd"], body["tanggal_penetapan"]) == (
        "Rina Wulandari", "Direktur", "017/BL/IV/2025", "2025-04-03", "2025-04-03")
    [ph] = [p for p in body["produk_hukum"] if p["jenis"] == "PERJANJIAN_BERSAMA"]  # R4
    assert ph["status"] == "DITANDATANGANI"
    tolak(api(budi).post(u + "tandatangani-pihak-ketiga/", {"penandatangan_nama": "Lain"}, format="json"), "ALUR")

    assert status(ok(api(sari).post(u + "berlakukan/"))) == "BERLAKU"

    # Change by musyawarah (R13): suspended, then resumed.
    ok(api(sari).post(u + "laporan/", {"periode": "Semester I 2025", "isi": "Pasokan 2 ton."}, format="json"))
    body = ok(api(sari).post(u + "perubahan/", {"jenis": "PENUNDAAN", "uraian": "Musim hujan."}, format="json"))
    assert status(body) == "PERUBAHAN_DIPROSES"
    hari_ini = timezone.localdate().isoformat()  # each decision on its own musyawarah, after the proposal (R13)
    m1 = ok(api(pmd).post(u + "musyawarah/", musyawarah(tanggal=hari_ini), format="multipart"))["musyawarah"][-1]["id"]
    assert status(ok(api(pmd).post(u + "putuskan-perubahan/", {"disepakati": True, "musyawarah": m1},
                                   format="json"))) == "DITANGGUHKAN"
    m1 = ok(api(pmd).post(u + "musyawarah/", musyawarah(tanggal=hari_ini), format="multipart"))["musyawarah"][-1]["id"]
    assert status(ok(api(pmd).post(u + "lanjutkan/", {"musyawarah": m1}, format="json"))) == "BERLAKU"

    # A dispute: to court only after musyawarah and facilitation (R14), then the ruling is recorded.
    assert status(ok(api(sari).post(u + "perselisihan/", {"uraian": "Harga beli bambu."}, format="json"))) == "DALAM_PERSELISIHAN"
    body = tolak(api(budi).post(u + "proses-hukum/", {"uraian": "Gugatan."}, format="json"), "R14")
    assert "PP 43/2014 Pasal 148" in body["detail"]
    ok(api(sari).post(u + "eskalasi-perselisihan/", {}, format="json"))
    body = ok(api(budi).post(u + "proses-hukum/", {"uraian": "Perkara 12/Pdt.G/2025/PN Pbg."}, format="json"))
    assert (body["perselisihan"][0]["status"], body["perselisihan"][0]["tingkat"]) == ("PROSES_HUKUM", "PROSES_HUKUM")
    tolak(api(camat).post(u + "selesaikan-perselisihan/", {"hasil": "x", "berlanjut": True}, format="json"), "R14")
    body = ok(api(pmd).post(u + "selesaikan-perselisihan/", {"hasil": "Putusan PN: harga pasar.", "berlanjut": True},
                            format="json"))
    assert status(body) == "BERLAKU"

    # The end by musyawarah (PP 43/2014 Pasal 147 huruf a), then closed.
    m2 = ok(api(pmd).post(u + "musyawarah/", musyawarah(tanggal=hari_ini), format="multipart"))["musyawarah"][-1]["id"]
    assert status(ok(api(pmd).post(u + "akhiri/", {"alasan": "KESEPAKATAN_PARA_PIHAK", "musyawarah": m2},
                                   format="json"))) == "BERAKHIR"
    assert status(ok(api(sari).post(u + "tutup/", {"laporan_akhir": "Alat dikembalikan."}, format="json"))) == "SELESAI"

    assert set(dilalui) >= {
        "DRAFT", "PERSIAPAN", "DISETUJUI_MUSDES", "PENAWARAN", "PENYUSUNAN_RANCANGAN", "DIAJUKAN", "DIVERIFIKASI",
        "DITANDATANGANI", "BERLAKU", "PERUBAHAN_DIPROSES", "DITANGGUHKAN", "DALAM_PERSELISIHAN", "BERAKHIR", "SELESAI",
    }
    langkah = [x["aksi"] for x in ok(api(camat).get(u))["langkah"]]
    for a in ("penawaran_diterima", "tandatangani_pihak_ketiga", "berlakukan", "proses_hukum"):
        assert a in langkah, a
    assert SuratPenawaran.objects.get(kerja_sama__kode=kode).dijawab_oleh == budi


def test_prakarsa_pihak_ketiga_dijawab_desa_dan_penolakan_membatalkan(persona, wilayah):
    k = buat_kerjasama(persona, wilayah, sampai="PENAWARAN", jenis="PIHAK_KETIGA", prakarsa="PIHAK_KETIGA")
    assert not k.ks.surat_penawaran.exists()  # the offer came from the third party: no letter of the desa
    body = ok(api(persona["budi"]).post(f"{URL}{k.ks.kode}/jawab-pihak-ketiga/", {"diterima": False,
                                                                                  "catatan": "Harga tidak cocok."},
                                        format="json"))
    assert body["status"] == "BATAL"


def test_instrumen_yang_salah_ditolak_r4(persona, wilayah):
    """Antar desa: a Peraturan Bersama, promulgated in the Berita Desa; no third party's signature, no
    'mulai berlaku' of a Perjanjian Bersama (R4, PP 43/2014 Pasal 143 ayat (2)–(3))."""
    k = buat_kerjasama(persona, wilayah, sampai="DITANDATANGANI", jumlah_desa=2)
    u = f"{URL}{k.ks.kode}/"
    for aksi, data in (("tandatangani-pihak-ketiga/", {"penandatangan_nama": "Rina"}), ("berlakukan/", {})):
        body = tolak(api(persona["budi"]).post(u + aksi, data, format="json"), "R4")
        assert "PP 43/2014 Pasal 143" in body["detail"], aksi
    tolak(api(persona["budi"]).post(u + "jawab-pihak-ketiga/", {"diterima": True}, format="json"), "R-pihak3")
    k.refresh()
    assert k.ks.status == "DITANDATANGANI" and not k.ks.pihak_ketiga_penanda_tangan


# -- scope -----------------------------------------------------------------------------------------

@pytest.fixture
def orang_luar(persona, wilayah, django_user_model):
    kades_lain = django_user_model.objects.create_user(
        username="kades_kemangkon", password="rahasia-123", role="kepala_desa", wilayah_kode=wilayah.kemangkon_desa.kode)
    return {"kades desa lain": kades_lain, "camat kecamatan lain": persona["camat_lain"],
            "PMD kabupaten lain": persona["pmd_bms"], "provinsi lain": persona["prov_kalsel"]}


@pytest.mark.parametrize("sampai", ["PENAWARAN", "DIVERIFIKASI", "DITANDATANGANI", "DALAM_PERSELISIHAN"])
def test_orang_luar_mendapat_404_di_setiap_aksi_c2(persona, wilayah, orang_luar, sampai):
    k = buat_kerjasama(persona, wilayah, sampai=sampai, jenis="PIHAK_KETIGA")
    u = f"{URL}{k.ks.kode}/"
    jejak = k.ks.langkah.count()
    for label, user in orang_luar.items():
        c = api(user)
        assert c.get(u).status_code == 404, label
        for aksi in AKSI_C2:
            data = {"diterima": True, "penandatangan_nama": "x", "uraian": "x"}
            assert c.post(f"{u}{aksi}/", data, format="json").status_code == 404, (label, aksi)
    k.refresh()
    assert k.ks.status == sampai and k.ks.langkah.count() == jejak
    assert api(persona["camat"]).get(u).status_code == 200  # the camat of the desa sees it


def test_pihak_ketiga_hanya_terlihat_di_kabupatennya(persona, wilayah):
    pk = ok(api(persona["pmd_pbg"]).post(URL_PK, PIHAK_KETIGA, format="json"), 201)
    assert ok(api(persona["budi"]).get(f"{URL_PK}{pk['id']}/"))["nama"] == "CV Bambu Lestari"
    for nama in ("pmd_bms", "prov_kalsel"):
        c = api(persona[nama])
        assert c.get(f"{URL_PK}{pk['id']}/").status_code == 404, nama
        assert pk["id"] not in [r["id"] for r in ok(c.get(URL_PK))["results"]], nama
    # Registered by the Dinas PMD of Banyumas, it belongs to Banyumas, whatever the body says.
    lain = ok(api(persona["pmd_bms"]).post(URL_PK, {**PIHAK_KETIGA, "kabupaten": "33.03"}, format="json"), 201)
    assert PihakKetiga.objects.get(pk=lain["id"]).kabupaten.kode == persona["pmd_bms"].wilayah_kode
    # A third party of another kabupaten cannot be chosen for a plan (not found through the scope): R-pihak3.
    body = tolak(api(persona["budi"]).post(URL, {**ISI, "jenis": "PIHAK_KETIGA", "pihak_ketiga": lain["id"]},
                                           format="json"), "R-pihak3")
    assert body["pelanggaran"][0]["field"] == "pihak_ketiga"
