"""Pages of the desa app: region browser, desa detail, profile editing (issue 2 item 9).

Personas and the region tree come from the root conftest. Out of scope answers 404; a reader in
scope who may not edit answers 403; query counts do not grow with the number of rows.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from desa import models as m
from desa.services import profil_simpan

TAHUN = timezone.localdate().year
KLAPASAWIT = "33.03.06.2015"

DATA_PROFIL = {
    "jumlah_penduduk": "3000",
    "jumlah_laki": "1490",
    "jumlah_perempuan": "1510",
    "jumlah_kk": "900",
    "jumlah_dusun": "3",
    "luas_ha": "215,5",
    "luas_sumber": "BPS 2021",
    "sumber_data": "Prodeskel",
    "klasifikasi": "PERDESAAN",
}


def masuk(client, user):
    client.force_login(user)
    return client


def detail_url(kode=KLAPASAWIT):
    return reverse("desa:detail", args=[kode])


def ubah_url(kode=KLAPASAWIT, tahun=TAHUN):
    return reverse("desa:profil_ubah", args=[kode]) + f"?tahun={tahun}"


def jumlah_query(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, resp.status_code
    return len(ctx.captured_queries), resp


# -- Desa detail: who sees what --------------------------------------------------------------------

@pytest.mark.parametrize(
    "nama, kode, status",
    [
        ("sari", KLAPASAWIT, 200),
        ("sari", "33.03.06.2006", 404),  # neighbour
        ("sari", "33.02.13.2006", 404),  # homonym in Banyumas
        ("sari", "63.01.01.2001", 404),  # other province
        ("tono", KLAPASAWIT, 404),
        ("camat", KLAPASAWIT, 200),
        ("camat_lain", KLAPASAWIT, 404),
        ("pmd_pbg", KLAPASAWIT, 200),
        ("pmd_bms", KLAPASAWIT, 404),
        ("prov_jateng", KLAPASAWIT, 200),
        ("prov_kalsel", KLAPASAWIT, 404),
        ("admin", "63.01.01.2001", 200),
        ("sari", "99.99.99.2999", 404),  # does not exist: same answer as out of scope
    ],
)
def test_detail_desa_menurut_lingkup(client, persona, nama, kode, status):
    resp = masuk(client, persona[nama]).get(detail_url(kode))
    assert resp.status_code == status
    if status == 404:
        assert "tidak ditemukan" in resp.content.decode()


def test_detail_perlu_masuk(client, wilayah):
    resp = client.get(detail_url())
    assert resp.status_code == 302
    assert resp.url.startswith(reverse("akun:login"))


@pytest.mark.parametrize(
    "nama, tombol",
    [("sari", True), ("budi", True), ("pmd_pbg", True), ("admin", True), ("camat", False), ("prov_jateng", False)],
)
def test_tombol_ubah_hanya_untuk_penyunting(client, persona, nama, tombol):
    html = masuk(client, persona[nama]).get(detail_url()).content.decode()
    assert (reverse("desa:profil_ubah", args=[KLAPASAWIT]) in html) is tombol


def test_detail_menampilkan_profil_komoditas_fasilitas_indeks_riwayat(client, persona, wilayah):
    desa = wilayah.klapasawit
    sari = persona["sari"]
    profil_simpan(desa=desa, tahun_data=TAHUN - 1, data={"jumlah_penduduk": 2800, "sumber_data": "BPS"}, oleh=sari)
    profil_simpan(desa=desa, tahun_data=TAHUN, data={"jumlah_penduduk": 3125, "sumber_data": "Prodeskel"}, oleh=sari)
    bambu, _ = m.Komoditas.objects.get_or_create(nama="Bambu uji", defaults={"sektor": "INDUSTRI_KERAJINAN"})
    padi, _ = m.Komoditas.objects.get_or_create(nama="Padi uji", defaults={"sektor": "TANAMAN_PANGAN"})
    m.DesaKomoditas.objects.create(desa=desa, komoditas=padi, tahun=TAHUN)
    m.DesaKomoditas.objects.create(
        desa=desa, komoditas=bambu, tahun=TAHUN, unggulan=True, keterangan="anyaman bambu", pasar_ekspor="Belgia, Kanada"
    )
    pasar = m.JenisFasilitas.objects.create(kode="pasar-uji", nama="Pasar desa uji", kelompok="EKONOMI")
    m.DesaFasilitas.objects.create(desa=desa, jenis=pasar, tahun=TAHUN, jumlah=2)
    m.Dusun.objects.create(desa=desa, nama="Dusun Satu")
    # Official status disagrees with the score (0.75 → MAJU by the thresholds): the R30 hint shows.
    m.IndeksDesaSkor.objects.create(desa=desa, tahun=2023, jenis_indeks="IDM", nilai=Decimal("0.75"), status="BERKEMBANG")

    html = masuk(client, sari).get(detail_url()).content.decode()
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in html
    assert "3.125" in html  # this year's profile by default, number in Indonesian format
    assert html.index("Bambu uji") < html.index("Padi uji")  # unggulan first
    assert "Belgia, Kanada" in html
    assert "Pasar desa uji" in html and "Dusun Satu" in html
    assert "R30: nilai menunjukkan Maju" in html
    # History: who and what, with the name resolved.
    riwayat = html[html.index('id="judul-riwayat"'):]
    assert f"dibuat profil {TAHUN}" in riwayat and f"dibuat profil {TAHUN - 1}" in riwayat

    # The year switcher shows last year's profile.
    html_lalu = client.get(detail_url() + f"?tahun={TAHUN - 1}").content.decode()
    assert "2.800" in html_lalu and "3.125" not in html_lalu.split("Riwayat")[0]


def test_riwayat_menyebut_penyunting_dan_perubahan(client, persona, wilayah):
    desa = wilayah.klapasawit
    profil_simpan(desa=desa, tahun_data=TAHUN, data={"jumlah_penduduk": 100, "sumber_data": "BPS"}, oleh=persona["sari"])
    # A second edit through the page, so the request context (user) is recorded by pghistory.
    masuk(client, persona["pmd_pbg"]).post(ubah_url(), {"jumlah_penduduk": "150", "sumber_data": "BPS"})
    html = client.get(detail_url()).content.decode()
    riwayat = html[html.index('id="judul-riwayat"'):]
    assert "Pmd_pbg" in riwayat
    assert "diubah" in riwayat
    assert "100 → 150" in riwayat


def test_kelurahan_tanpa_profil_r32(client, persona, wilayah):
    resp = masuk(client, persona["pmd_pbg"]).get(detail_url("33.03.06.1013"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "R32" in html
    assert reverse("desa:profil_ubah", args=["33.03.06.1013"]) not in html
    resp = client.get(ubah_url("33.03.06.1013"))
    assert resp.status_code == 200
    assert "R32" in resp.content.decode() and 'name="sumber_data"' not in resp.content.decode()


# -- Profile editing ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "nama, status",
    [
        ("sari", 200), ("budi", 200), ("pmd_pbg", 200), ("admin", 200),
        ("camat", 403), ("prov_jateng", 403),  # in scope, read only
        ("tono", 404), ("camat_lain", 404), ("pmd_bms", 404), ("prov_kalsel", 404),  # out of scope
    ],
)
def test_halaman_ubah_menurut_peran(client, persona, nama, status):
    masuk(client, persona[nama])
    assert client.get(ubah_url()).status_code == status
    resp = client.post(ubah_url(), DATA_PROFIL)
    assert resp.status_code == (302 if status == 200 else status)
    tersimpan = m.DesaProfil.objects.filter(desa__kode=KLAPASAWIT, tahun_data=TAHUN).exists()
    assert tersimpan is (status == 200)


def test_simpan_profil_lalu_tampil_di_detail(client, persona):
    masuk(client, persona["sari"])
    resp = client.post(ubah_url(), DATA_PROFIL)
    assert resp.status_code == 302
    assert resp.url == detail_url() + f"?tahun={TAHUN}"
    profil = m.DesaProfil.objects.get(desa__kode=KLAPASAWIT, tahun_data=TAHUN)
    assert profil.jumlah_penduduk == 3000
    assert profil.luas_ha == Decimal("215.5")  # "215,5" typed the Indonesian way
    assert profil.updated_by == persona["sari"]
    html = client.get(resp.url).content.decode()
    assert "tersimpan" in html  # the success message
    assert "3.000" in html


def test_isian_salah_ditampilkan_di_samping_kolom_tanpa_kehilangan_isian(client, persona):
    masuk(client, persona["sari"])
    data = dict(DATA_PROFIL, jumlah_laki="1000", sumber_data="", lintang="-7,4")
    resp = client.post(ubah_url(), data)
    html = resp.content.decode()
    assert resp.status_code == 400
    assert not m.DesaProfil.objects.filter(desa__kode=KLAPASAWIT).exists()
    # The required field's error sits in that field's block, referenced by aria-describedby.
    assert re.search(r'id="id_sumber_data_error">\s*<p>[^<]+</p>', html)
    assert 'aria-invalid="true"' in html
    assert "Jumlah penduduk harus sama dengan laki-laki + perempuan." in html
    assert "Isi lintang dan bujur bersama-sama." in html
    # What the user typed is still there.
    assert 'value="1000"' in html and 'value="3000"' in html and 'value="BPS 2021"' in html


def test_tahun_baru_diisi_dari_tahun_sebelumnya(client, persona, wilayah):
    profil_simpan(
        desa=wilayah.klapasawit, tahun_data=TAHUN - 2,
        data={"jumlah_penduduk": 2750, "sumber_data": "SID", "batas_utara": "Desa Kedungwuluh"}, oleh=persona["sari"],
    )
    html = masuk(client, persona["sari"]).get(ubah_url()).content.decode()
    assert f"disalin dari profil tahun {TAHUN - 2}" in html
    assert 'value="2750"' in html and 'value="Desa Kedungwuluh"' in html
    # Nothing is written until the user saves.
    assert not m.DesaProfil.objects.filter(tahun_data=TAHUN).exists()


def test_tahun_tidak_sah_memakai_tahun_ini(client, persona):
    html = masuk(client, persona["sari"]).get(reverse("desa:profil_ubah", args=[KLAPASAWIT]) + "?tahun=abc").content.decode()
    assert f"tahun {TAHUN}" in html


# -- Region browser ---------------------------------------------------------------------------------

def test_wilayah_untuk_pengguna_desa_langsung_ke_desanya(client, persona):
    resp = masuk(client, persona["sari"]).get(reverse("desa:wilayah"))
    assert resp.status_code == 302 and resp.url == detail_url()


def test_wilayah_akar_dan_turunan_dengan_jumlah(client, persona):
    masuk(client, persona["pmd_pbg"])
    html = client.get(reverse("desa:wilayah")).content.decode()
    assert "Jawa Tengah" in html and "Kalimantan Selatan" not in html
    html = client.get(reverse("desa:wilayah_detail", args=["33"])).content.decode()
    assert "Kabupaten Purbalingga" in html and "Kabupaten Banyumas" not in html
    html = client.get(reverse("desa:wilayah_detail", args=["33.03"])).content.decode()
    assert "Kalimanah" in html and "Kemangkon" in html
    # Kalimanah: 2 desa, 1 kelurahan in the fixture tree.
    baris = re.search(r"Kalimanah</a></td>.*?</tr>", html, re.S).group(0)
    assert re.findall(r'class="angka">(\d+)<', baris)[:2] == ["2", "1"]
    html = client.get(reverse("desa:wilayah_detail", args=["33.03.06"])).content.decode()
    assert "Klapasawit" in html and "Kalikabong" in html
    assert 'aria-label="Remah roti"' in html and "Kabupaten Purbalingga" in html  # breadcrumbs
    assert client.get(reverse("desa:wilayah_detail", args=["33.02"])).status_code == 404
    assert client.get(reverse("desa:wilayah_detail", args=["63"])).status_code == 404
    assert client.get(reverse("desa:wilayah_detail", args=["bukan-kode"])).status_code == 404


def test_jumlah_di_wilayah_hanya_menghitung_yang_dalam_lingkup(client, persona):
    # Tono (operator of the neighbour) may browse down from his ancestors, but the counts he sees
    # under Purbalingga only count his own desa, never the other desa of the kecamatan.
    masuk(client, persona["tono"])
    html = client.get(reverse("desa:wilayah_detail", args=["33.03"])).content.decode()
    baris = re.search(r"Kalimanah</a></td>.*?</tr>", html, re.S).group(0)
    assert re.findall(r'class="angka">(\d+)<', baris)[:2] == ["1", "0"]
    html = client.get(reverse("desa:wilayah_detail", args=["33.03.06"])).content.decode()
    assert "Kalimanah Kulon" in html and detail_url(KLAPASAWIT) not in html


def test_cari_desa_nama_atau_kode_dengan_label_r29(client, persona):
    masuk(client, persona["prov_jateng"])
    html = client.get(reverse("desa:wilayah") + "?q=Klapasawit").content.decode()
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in html
    assert "Klapasawit — Purwojati, Banyumas (33.02.13.2006)" in html
    assert "Takisung" not in html
    # Within a region, only its desa; by code as well.
    html = client.get(reverse("desa:wilayah_detail", args=["33.03"]) + "?q=Klapasawit").content.decode()
    assert "33.03.06.2015" in html and "33.02.13.2006" not in html
    html = client.get(reverse("desa:wilayah") + "?q=33.03.06.2015").content.decode()
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in html and "Purwojati" not in html
    # Out of scope for Central Java's PMD: Kalimantan Selatan is never found.
    html = client.get(reverse("desa:wilayah") + "?q=Takisung").content.decode()
    assert "Tidak ada desa atau kelurahan yang cocok" in html


def test_cari_htmx_mengembalikan_potongan_daftar(client, persona):
    masuk(client, persona["pmd_pbg"])
    resp = client.get(reverse("desa:wilayah_detail", args=["33.03"]) + "?q=Klap", HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "<html" not in html and "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in html
    assert "HX-Request" in resp["Vary"]


# -- Query counts do not grow with rows ---------------------------------------------------------------

def _desa_tambahan(wilayah, n):
    kec = wilayah.kalimanah
    for i in range(n):
        m.Desa.objects.create(kode=f"33.03.06.{2100 + i}", nama=f"Desa Uji {i}", kecamatan=kec, jenis="DESA")


def test_jumlah_query_daftar_desa_tetap(client, persona, wilayah):
    masuk(client, persona["pmd_pbg"])
    url = reverse("desa:wilayah_detail", args=["33.03.06"])
    sedikit, _ = jumlah_query(client, url)
    _desa_tambahan(wilayah, 20)
    banyak, resp = jumlah_query(client, url)
    assert "Desa Uji 19" in resp.content.decode()
    assert sedikit == banyak


def test_jumlah_query_daftar_kecamatan_dan_provinsi_tetap(client, persona, wilayah):
    masuk(client, persona["admin"])
    urls = [reverse("desa:wilayah"), reverse("desa:wilayah_detail", args=["33.03"]), reverse("desa:wilayah_detail", args=["33"])]
    sebelum = [jumlah_query(client, u)[0] for u in urls]
    pbg = wilayah.purbalingga
    for i in range(20):
        kec = m.Kecamatan.objects.create(kode=f"33.03.{40 + i}", nama=f"Kecamatan Uji {i}", kabupaten=pbg)
        m.Desa.objects.create(kode=f"{kec.kode}.2001", nama=f"Desa {i}", kecamatan=kec, jenis="DESA")
    for i in range(20):
        m.Provinsi.objects.create(kode=f"{71 + i}", nama=f"Provinsi Uji {i}")
    sesudah = [jumlah_query(client, u)[0] for u in urls]
    assert sebelum == sesudah


def test_jumlah_query_cari_tetap(client, persona, wilayah):
    masuk(client, persona["pmd_pbg"])
    url = reverse("desa:wilayah") + "?q=Desa Uji"
    _desa_tambahan(wilayah, 1)
    sedikit, _ = jumlah_query(client, url)
    _desa_tambahan_lagi = [
        m.Desa.objects.create(kode=f"33.03.06.{2200 + i}", nama=f"Desa Uji B{i}", kecamatan=wilayah.kalimanah, jenis="DESA")
        for i in range(19)
    ]
    banyak, resp = jumlah_query(client, url)
    assert resp.content.decode().count("Desa Uji") >= 20
    assert sedikit == banyak


def _isi_desa(desa, oleh, n):
    """n years of profile, n commodities, n facilities, n dusun, n index scores."""
    for i in range(n):
        # Data years start in 2014: beyond TAHUN - 2014 + 1 rows the same years are written again.
        tahun = TAHUN - i % (TAHUN + 1 - m.TAHUN_PROFIL_AWAL)
        profil_simpan(desa=desa, tahun_data=tahun, data={"jumlah_penduduk": 1000 + i, "sumber_data": "BPS"}, oleh=oleh)
        kom = m.Komoditas.objects.create(nama=f"Komoditas {desa.kode} {i}", sektor="LAINNYA")
        m.DesaKomoditas.objects.create(desa=desa, komoditas=kom, tahun=TAHUN, unggulan=i % 2 == 0)
        jenis = m.JenisFasilitas.objects.create(kode=f"uji-{desa.pk}-{i}", nama=f"Fasilitas {i}", kelompok="LAINNYA")
        m.DesaFasilitas.objects.create(desa=desa, jenis=jenis, tahun=TAHUN, jumlah=i + 1)
        m.Dusun.objects.create(desa=desa, nama=f"Dusun {i}")
        m.IndeksDesaSkor.objects.create(desa=desa, tahun=2015 + i, jenis_indeks="IDM", nilai=Decimal("0.6"), status="BERKEMBANG")


def test_jumlah_query_detail_desa_tetap(client, persona, wilayah):
    sari = persona["sari"]
    _isi_desa(wilayah.klapasawit, sari, 1)
    _isi_desa(wilayah.tetangga, persona["tono"], 20)
    masuk(client, persona["pmd_pbg"])
    sedikit, _ = jumlah_query(client, detail_url(KLAPASAWIT))
    banyak, resp = jumlah_query(client, detail_url("33.03.06.2006"))
    html = resp.content.decode()
    assert "Fasilitas 19" in html and "Dusun 19" in html and f"?tahun={m.TAHUN_PROFIL_AWAL}" in html
    assert sedikit == banyak


# -- Every page: Indonesian, and no asset from elsewhere --------------------------------------------

ATRIBUT_URL = re.compile(r'(?:src|href|action)\s*=\s*["\']([^"\']*)["\']', re.I)


def url_luar(html: str) -> list[str]:
    """Every src/href/action that leaves the site (absolute http(s) or protocol-relative)."""
    return [u for u in ATRIBUT_URL.findall(html) if u.lower().startswith(("http:", "https:", "//"))]


def test_url_luar_terdeteksi():
    # The checker itself must be able to fail.
    assert url_luar('<script src="https://cdn.example/htmx.js"></script><a href="/x">') == ["https://cdn.example/htmx.js"]
    assert url_luar("<link href='//fonts.example/css'>") == ["//fonts.example/css"]


@pytest.mark.parametrize("nama", ["sari", "pmd_pbg", "admin"])
def test_halaman_berbahasa_indonesia_tanpa_aset_luar(client, persona, nama):
    masuk(client, persona[nama])
    urls = [
        reverse("beranda"),
        reverse("desa:wilayah"),
        reverse("desa:wilayah_detail", args=["33.03.06"]),
        detail_url(),
        ubah_url(),
        reverse("akun:password_change"),
    ]
    for url in urls:
        resp = client.get(url, follow=True)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        assert '<html lang="id">' in html, url
        assert url_luar(html) == [], url
        assert "Langsung ke isi" in html and "Keluar" in html and "Ubah kata sandi" in html, url
        assert "/static/django_htmx/htmx-2.min.js" in html, url


# -- perbaikan-g: Indonesian numbers, postal code, data years ------------------------------------------

@pytest.mark.parametrize(
    "tertulis, harapan",
    [("1.234,5", "1234.5"), ("1234,5", "1234.5"), ("1234.5", "1234.5"), ("1.234", "1234"), ("1.5", "1.5"),
     ("12.345.678,25", "12345678.25")],
)
def test_luas_ditulis_cara_indonesia(client, persona, tertulis, harapan):
    masuk(client, persona["sari"])
    resp = client.post(ubah_url(), dict(DATA_PROFIL, luas_ha=tertulis))
    assert resp.status_code == 302, resp.content.decode()
    assert m.DesaProfil.objects.get(tahun_data=TAHUN).luas_ha == Decimal(harapan)


@pytest.mark.parametrize("tertulis", ["1,234.5", "1.234.5", "1.23,4", "1,2,3", "1 234", "seribu"])
def test_luas_yang_meragukan_ditolak_dengan_contoh(client, persona, tertulis):
    resp = masuk(client, persona["sari"]).post(ubah_url(), dict(DATA_PROFIL, luas_ha=tertulis))
    html = resp.content.decode()
    assert resp.status_code == 400 and "Masukkan sebuah bilangan" not in html
    assert "Tulis angka seperti 1.234,5 (titik pemisah ribuan, koma pemisah desimal)." in html
    assert f'value="{tertulis}"' in html  # kept as typed
    assert not m.DesaProfil.objects.exists()


def test_angka_tersimpan_ditampilkan_cara_indonesia(client, persona, wilayah):
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, oleh=persona["sari"], data={
        "sumber_data": "BPS", "luas_ha": Decimal("1234.5"), "luas_sumber": "BPS",
        "lintang": Decimal("-7.401234"), "bujur": Decimal("109.345678")})
    html = masuk(client, persona["sari"]).get(ubah_url()).content.decode()
    assert 'name="luas_ha" value="1.234,5"' in html
    assert 'name="lintang" value="-7,401234"' in html and 'name="bujur" value="109,345678"' in html
    # Saving the form unchanged keeps the values (what is shown reads back the same).
    data = dict(DATA_PROFIL, luas_ha="1.234,5", lintang="-7,401234", bujur="109.345678")
    assert client.post(ubah_url(), data).status_code == 302
    p = m.DesaProfil.objects.get(tahun_data=TAHUN)
    assert (p.luas_ha, p.lintang, p.bujur) == (Decimal("1234.5"), Decimal("-7.401234"), Decimal("109.345678"))


@pytest.mark.parametrize("kode_pos, ok", [("53371", True), ("5331", False), ("533711", False), ("5337a", False),
                                          ("03371", False), ("", True)])
def test_kode_pos_lima_angka(client, persona, kode_pos, ok):
    resp = masuk(client, persona["sari"]).post(ubah_url(), dict(DATA_PROFIL, kode_pos=kode_pos))
    assert resp.status_code == (302 if ok else 400)
    if not ok and len(kode_pos) == 5 or kode_pos == "5331":  # "533711" is refused by the field's length first
        assert "Kode pos Indonesia terdiri dari 5 angka, mis. 53371." in resp.content.decode()


@pytest.mark.parametrize("tahun", [2035, TAHUN + 2, 2013, 1990])
def test_tahun_di_luar_rentang_diberi_tahu_bukan_diam_diam(client, persona, tahun):
    masuk(client, persona["sari"])
    resp = client.get(ubah_url(tahun=tahun))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert f"Tahun {tahun} tidak dapat dipakai. Tahun data profil harus antara 2014 dan {TAHUN + 1}" in html
    assert f"Ditampilkan profil tahun {TAHUN}." in html
    assert f"<h1>Profil Klapasawit tahun {TAHUN}</h1>" in html
    assert 'min="2014"' in html and f'max="{TAHUN + 1}"' in html
    # Posting to such a year saves nothing, in no year.
    resp = client.post(ubah_url(tahun=tahun), DATA_PROFIL)
    assert resp.status_code == 302 and not m.DesaProfil.objects.exists()


def test_tahun_depan_boleh_dan_batasnya_juga_di_model(client, persona, wilayah):
    masuk(client, persona["sari"])
    assert client.post(ubah_url(tahun=TAHUN + 1), DATA_PROFIL).status_code == 302
    with pytest.raises(ValidationError) as exc:
        profil_simpan(desa=wilayah.klapasawit, tahun_data=2035, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    assert "Tahun data profil harus antara 2014" in str(exc.value)


def test_tahun_bukan_angka_diberi_tahu(client, persona):
    html = masuk(client, persona["sari"]).get(reverse("desa:profil_ubah", args=[KLAPASAWIT]) + "?tahun=abc").content.decode()
    assert "“abc” bukan tahun." in html and f"Ditampilkan profil tahun {TAHUN}." in html


# -- perbaikan-g: the year's commodities on the profile page ----------------------------------------------

def _komoditas_post(baris: list[dict], awal: int = 0) -> dict:
    data = {"komoditas-TOTAL_FORMS": str(len(baris)), "komoditas-INITIAL_FORMS": str(awal),
            "komoditas-MIN_NUM_FORMS": "0", "komoditas-MAX_NUM_FORMS": "1000"}
    for i, b in enumerate(baris):
        for k, v in b.items():
            data[f"komoditas-{i}-{k}"] = v
    return data


@pytest.fixture
def rujukan_komoditas(db):
    # The reference list the migration loads.
    return m.Komoditas.objects.get(nama="Bambu"), m.Komoditas.objects.get(nama="Padi")


def test_komoditas_tahun_baru_ditawarkan_dari_tahun_lalu_lalu_disimpan(client, persona, wilayah, rujukan_komoditas):
    bambu, padi = rujukan_komoditas
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN - 1, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    m.DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=bambu, tahun=TAHUN - 1, unggulan=True,
                                   keterangan="anyaman bambu", pasar_ekspor="Belgia, Kanada")
    m.DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=padi, tahun=TAHUN - 1,
                                   volume=Decimal("1200"), satuan="ton")
    masuk(client, persona["sari"])
    html = client.get(ubah_url()).content.decode()
    assert f"Belum ada komoditas tahun {TAHUN}. Baris di bawah disalin dari tahun {TAHUN - 1}" in html
    assert 'value="anyaman bambu"' in html and 'name="komoditas-1-volume" value="1.200"' in html
    assert not m.DesaKomoditas.objects.filter(tahun=TAHUN).exists()  # offered, not saved

    data = dict(DATA_PROFIL, **_komoditas_post([
        {"komoditas": bambu.pk, "unggulan": "on", "keterangan": "anyaman bambu", "pasar_ekspor": "Belgia, Kanada"},
        {"komoditas": padi.pk, "volume": "1.250,5", "satuan": "ton"},
        {"komoditas": "", "volume": ""},  # an empty extra row is ignored
    ]))
    assert client.post(ubah_url(), data).status_code == 302
    baru = {k.komoditas.nama: k for k in m.DesaKomoditas.objects.filter(tahun=TAHUN)}
    assert baru["Bambu"].unggulan and baru["Bambu"].keterangan == "anyaman bambu"
    assert baru["Padi"].volume == Decimal("1250.5") and baru["Bambu"].created_by == persona["sari"]
    assert m.DesaKomoditas.objects.filter(tahun=TAHUN - 1).count() == 2  # last year's rows untouched
    detail = client.get(detail_url()).content.decode()
    assert "Belum ada data komoditas" not in detail and "anyaman bambu" in detail


def test_komoditas_dihapus_dan_ganda_ditolak(client, persona, wilayah, rujukan_komoditas):
    bambu, padi = rujukan_komoditas
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    m.DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=bambu, tahun=TAHUN, unggulan=True)
    m.DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=padi, tahun=TAHUN)
    masuk(client, persona["sari"])
    ganda = dict(DATA_PROFIL, jumlah_kk="901", **_komoditas_post([{"komoditas": bambu.pk}, {"komoditas": bambu.pk}], 2))
    resp = client.post(ubah_url(), ganda)
    assert resp.status_code == 400
    assert "Komoditas “Bambu” tercantum dua kali" in resp.content.decode()
    assert m.DesaProfil.objects.get(tahun_data=TAHUN).jumlah_kk is None  # nothing saved, not even the profile

    hapus = dict(DATA_PROFIL, **_komoditas_post([{"komoditas": bambu.pk, "unggulan": "on"},
                                                 {"komoditas": padi.pk, "DELETE": "on"}], 2))
    assert client.post(ubah_url(), hapus).status_code == 302
    assert [k.komoditas.nama for k in m.DesaKomoditas.objects.filter(tahun=TAHUN)] == ["Bambu"]


def test_komoditas_volume_tanpa_satuan_ditandai_di_barisnya(client, persona, rujukan_komoditas):
    bambu, _ = rujukan_komoditas
    resp = masuk(client, persona["sari"]).post(
        ubah_url(), dict(DATA_PROFIL, **_komoditas_post([{"komoditas": bambu.pk, "volume": "12"}])))
    html = resp.content.decode()
    assert resp.status_code == 400 and 'href="#id_komoditas-0-satuan"' in html
    assert "Komoditas 1, Satuan: Sebutkan satuan volume" in html
    assert not m.DesaProfil.objects.exists() and not m.DesaKomoditas.objects.exists()


def test_detail_tahun_tanpa_komoditas_menampilkan_tahun_terakhir(client, persona, wilayah, rujukan_komoditas):
    bambu, _ = rujukan_komoditas
    m.DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=bambu, tahun=TAHUN - 1, unggulan=True,
                                   keterangan="anyaman bambu")
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    html = masuk(client, persona["sari"]).get(detail_url()).content.decode()
    assert f"Belum ada data komoditas tahun {TAHUN}; di bawah ini data tahun {TAHUN - 1}." in html
    assert "anyaman bambu" in html


# -- perbaikan-h: the year's facilities on the profile page -----------------------------------------------

def _baris_post(prefix: str, baris: list[dict], awal: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(baris)), f"{prefix}-INITIAL_FORMS": str(awal),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, b in enumerate(baris):
        for k, v in b.items():
            data[f"{prefix}-{i}-{k}"] = v
    return data


@pytest.fixture
def rujukan_fasilitas(db):
    # The reference list the migration loads.
    return m.JenisFasilitas.objects.get(kode="kantor-desa"), m.JenisFasilitas.objects.get(kode="pustu")


def test_fasilitas_tahun_baru_ditawarkan_dari_tahun_lalu_lalu_disimpan(client, persona, wilayah, rujukan_fasilitas):
    kantor, pustu = rujukan_fasilitas
    desa = wilayah.klapasawit
    profil_simpan(desa=desa, tahun_data=TAHUN - 1, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    m.DesaFasilitas.objects.create(desa=desa, jenis=kantor, tahun=TAHUN - 2, jumlah=9, keterangan="lama sekali")
    m.DesaFasilitas.objects.create(desa=desa, jenis=kantor, tahun=TAHUN - 1, jumlah=1, keterangan="gedung baru")
    m.DesaFasilitas.objects.create(desa=desa, jenis=pustu, tahun=TAHUN - 1, jumlah=2)
    masuk(client, persona["sari"])
    html = client.get(ubah_url()).content.decode()
    assert f"Belum ada fasilitas tahun {TAHUN}. Baris di bawah disalin dari tahun {TAHUN - 1}" in html
    assert 'value="gedung baru"' in html and 'name="fasilitas-1-jumlah" value="2"' in html
    assert "lama sekali" not in html  # only the latest earlier year
    assert f'<option value="{pustu.pk}" selected>' in html
    assert not m.DesaFasilitas.objects.filter(tahun=TAHUN).exists()  # offered, not saved

    data = dict(DATA_PROFIL, **_baris_post("fasilitas", [
        {"jenis": kantor.pk, "jumlah": "1", "keterangan": "gedung baru"},
        {"jenis": pustu.pk, "jumlah": "3"},
        {"jenis": "", "jumlah": "", "keterangan": ""},  # an empty extra row is ignored
    ]))
    assert client.post(ubah_url(), data).status_code == 302
    baru = {f.jenis.kode: f for f in m.DesaFasilitas.objects.filter(tahun=TAHUN)}
    assert set(baru) == {"kantor-desa", "pustu"}
    assert baru["pustu"].jumlah == 3 and baru["kantor-desa"].keterangan == "gedung baru"
    assert baru["pustu"].created_by == persona["sari"] and baru["pustu"].updated_by == persona["sari"]
    assert m.DesaFasilitas.objects.filter(tahun=TAHUN - 1).count() == 2  # last year's rows untouched
    detail = client.get(detail_url()).content.decode()
    assert "Puskesmas pembantu (pustu)" in detail and "Belum ada data fasilitas" not in detail


def test_fasilitas_diubah_dihapus_dan_ganda_ditolak_tanpa_kehilangan_isian(client, persona, wilayah, rujukan_fasilitas):
    kantor, pustu = rujukan_fasilitas
    desa = wilayah.klapasawit
    profil_simpan(desa=desa, tahun_data=TAHUN, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    m.DesaFasilitas.objects.create(desa=desa, jenis=kantor, tahun=TAHUN, jumlah=1)
    m.DesaFasilitas.objects.create(desa=desa, jenis=pustu, tahun=TAHUN, jumlah=2)
    masuk(client, persona["sari"])

    ganda = dict(DATA_PROFIL, jumlah_kk="901", **_baris_post("fasilitas", [
        {"jenis": kantor.pk, "jumlah": "1", "keterangan": "atap bocor"},
        {"jenis": kantor.pk, "jumlah": "4"},
    ], 2))
    resp = client.post(ubah_url(), ganda)
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "Fasilitas “Kantor desa” tercantum dua kali; satu baris per jenis fasilitas." in html
    assert 'id="ringkasan-galat"' in html and 'href="#fasilitas-baris-0"' in html  # summary at the top
    assert 'value="atap bocor"' in html and 'name="jumlah_kk" value="901"' in html  # nothing typed is lost
    assert m.DesaProfil.objects.get(tahun_data=TAHUN).jumlah_kk is None  # nothing saved, not even the profile
    assert sorted(m.DesaFasilitas.objects.filter(tahun=TAHUN).values_list("jumlah", flat=True)) == [1, 2]

    ubah = dict(DATA_PROFIL, **_baris_post("fasilitas", [
        {"jenis": kantor.pk, "jumlah": "2", "keterangan": "atap bocor"},
        {"jenis": pustu.pk, "jumlah": "2", "DELETE": "on"},
    ], 2))
    assert client.post(ubah_url(), ubah).status_code == 302
    sisa = list(m.DesaFasilitas.objects.filter(desa=desa, tahun=TAHUN))
    assert [(f.jenis_id, f.jumlah, f.keterangan) for f in sisa] == [(kantor.pk, 2, "atap bocor")]

    # A post without the facility rows (an older page, a script) leaves them as they are.
    assert client.post(ubah_url(), DATA_PROFIL).status_code == 302
    assert m.DesaFasilitas.objects.filter(desa=desa, tahun=TAHUN).count() == 1


def test_fasilitas_galat_ditandai_di_barisnya_dan_di_ringkasan(client, persona, rujukan_fasilitas):
    kantor, _ = rujukan_fasilitas
    resp = masuk(client, persona["sari"]).post(ubah_url(), dict(DATA_PROFIL, **_baris_post("fasilitas", [
        {"jenis": kantor.pk, "jumlah": "", "keterangan": "belum dihitung"},
        {"jenis": "999999", "jumlah": "1"},
    ])))
    html = resp.content.decode()
    assert resp.status_code == 400
    assert 'href="#id_fasilitas-0-jumlah"' in html and "Fasilitas 1, Jumlah:" in html
    assert 'href="#id_fasilitas-1-jenis"' in html and "Fasilitas 2, Jenis fasilitas:" in html
    assert 'id="id_fasilitas-0-jumlah_error"' in html  # the message sits on the row's field as well
    assert 'value="belum dihitung"' in html
    assert not m.DesaProfil.objects.exists() and not m.DesaFasilitas.objects.exists()


def test_fasilitas_di_luar_lingkup_404_dan_tidak_ditulis(client, persona, wilayah, rujukan_fasilitas):
    kantor, _ = rujukan_fasilitas
    masuk(client, persona["tono"])  # operator of the neighbouring desa
    assert client.get(ubah_url()).status_code == 404
    data = dict(DATA_PROFIL, **_baris_post("fasilitas", [{"jenis": kantor.pk, "jumlah": "5"}]))
    assert client.post(ubah_url(), data).status_code == 404
    assert not m.DesaFasilitas.objects.exists() and not m.DesaProfil.objects.exists()
    # In his own desa the same post is saved, and only there.
    assert client.post(ubah_url("33.03.06.2006"), data).status_code == 302
    assert list(m.DesaFasilitas.objects.values_list("desa__kode", "jumlah")) == [("33.03.06.2006", 5)]


def test_detail_tahun_tanpa_fasilitas_menampilkan_tahun_terakhir(client, persona, wilayah, rujukan_fasilitas):
    kantor, _ = rujukan_fasilitas
    m.DesaFasilitas.objects.create(desa=wilayah.klapasawit, jenis=kantor, tahun=TAHUN - 1, jumlah=1, keterangan="gedung baru")
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    html = masuk(client, persona["sari"]).get(detail_url()).content.decode()
    assert f"Belum ada data fasilitas tahun {TAHUN}; di bawah ini data tahun {TAHUN - 1}." in html
    assert "gedung baru" in html


def test_jumlah_query_ubah_profil_tetap(client, persona, wilayah):
    """The edit page costs the same with 1 commodity and facility (and year) as with 20 of each."""
    _isi_desa(wilayah.klapasawit, persona["sari"], 1)
    _isi_desa(wilayah.tetangga, persona["tono"], 20)
    masuk(client, persona["pmd_pbg"])
    sedikit, _ = jumlah_query(client, ubah_url(KLAPASAWIT))
    banyak, resp = jumlah_query(client, ubah_url("33.03.06.2006"))
    assert resp.context["fasilitas_formset"].total_form_count() == 22
    assert resp.context["formset"].total_form_count() == 22
    assert sedikit == banyak


def test_fasilitas_desa_simpan_menolak_yang_tidak_berwenang_dan_kelurahan(persona, wilayah, rujukan_fasilitas):
    from django.core.exceptions import PermissionDenied

    from desa.services import fasilitas_desa_simpan
    from inti.errors import AturanDilanggar

    kantor, _ = rujukan_fasilitas
    data = {"jenis": kantor, "tahun": TAHUN, "jumlah": 1}
    with pytest.raises(PermissionDenied):
        fasilitas_desa_simpan(desa=wilayah.klapasawit, data=data, oleh=persona["tono"])
    kelurahan = m.Desa.objects.get(kode="33.03.06.1013")
    with pytest.raises(AturanDilanggar):
        fasilitas_desa_simpan(desa=kelurahan, data=data, oleh=persona["admin"])
    assert not m.DesaFasilitas.objects.exists()


# -- perbaikan-k: bounds on text typed on the profile page ---------------------------------------------------

def test_keterangan_komoditas_terlalu_panjang_ditolak_tanpa_menyimpan(client, persona, rujukan_komoditas):
    bambu, _ = rujukan_komoditas
    resp = masuk(client, persona["sari"]).post(
        ubah_url(), dict(DATA_PROFIL, **_komoditas_post([{"komoditas": bambu.pk, "keterangan": "b" * 501}])))
    html = resp.content.decode()
    assert resp.status_code == 400 and 'href="#id_komoditas-0-keterangan"' in html
    assert "Komoditas 1, Keterangan: Teks terlalu panjang: paling banyak 500 karakter; yang Anda ketik 501" in html
    assert 'maxlength="500"' in html
    assert not m.DesaProfil.objects.exists() and not m.DesaKomoditas.objects.exists()


def test_teks_profil_lebih_dari_batas_model_ditolak_dengan_pesan_inti(client, persona):
    resp = masuk(client, persona["sari"]).post(ubah_url(), dict(DATA_PROFIL, tipologi="t" * 121))
    assert resp.status_code == 400
    assert "Teks terlalu panjang: paling banyak 120 karakter; yang Anda ketik 121" in resp.content.decode()
    assert not m.DesaProfil.objects.exists()
