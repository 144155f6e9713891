"""Pages of the akun app: login, logout, password change, lockout page, and the home page per role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akun import beranda
from desa import models as m
from desa.services import profil_simpan

TAHUN = timezone.localdate().year


def test_halaman_masuk_berbahasa_indonesia(client, db):
    resp = client.get(reverse("akun:login"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert '<html lang="id">' in html and "Masuk" in html and "Nama pengguna" in html and "Sandi" in html
    assert 'for="id_username"' in html and 'for="id_password"' in html  # labelled fields


def test_masuk_lalu_ke_beranda(client, persona):
    resp = client.post(reverse("akun:login"), {"username": "sari", "password": "rahasia-123"})
    assert resp.status_code == 302 and resp.url == reverse("beranda")


def test_masuk_gagal_menampilkan_pesan(client, persona):
    resp = client.post(reverse("akun:login"), {"username": "sari", "password": "salah"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "kotak-galat" in html and 'value="sari"' in html
    # one natural sentence (Django's own reads "Masukkan nama pengguna nama pengguna dan sandi …" in Indonesian)
    assert "Nama pengguna atau sandi salah. Periksa kembali; huruf besar dan kecil dibedakan." in html
    assert "nama pengguna nama pengguna" not in html.lower()


def test_terkunci_setelah_lima_kali_gagal(client, persona):
    for _ in range(5):
        client.post(reverse("akun:login"), {"username": "sari", "password": "salah"})
    resp = client.post(reverse("akun:login"), {"username": "sari", "password": "rahasia-123"})
    html = resp.content.decode()
    assert resp.status_code == 429
    assert "Terlalu banyak percobaan masuk" in html and "coba lagi dalam 15 menit" in html


def test_keluar_hanya_lewat_post(client, persona):
    client.force_login(persona["sari"])
    assert client.get(reverse("akun:logout")).status_code == 405
    html = client.get(reverse("beranda")).content.decode()
    assert f'<form method="post" action="{reverse("akun:logout")}">' in html
    resp = client.post(reverse("akun:logout"))
    assert resp.status_code == 302
    assert client.get(reverse("beranda")).status_code == 302  # signed out


def test_ubah_kata_sandi(client, persona):
    client.force_login(persona["sari"])
    resp = client.post(
        reverse("akun:password_change"),
        {"old_password": "salah", "new_password1": "Bambu-Klapasawit-9", "new_password2": "Bambu-Klapasawit-9"},
    )
    assert resp.status_code == 200 and "id_old_password_error" in resp.content.decode()
    resp = client.post(
        reverse("akun:password_change"),
        {"old_password": "rahasia-123", "new_password1": "Bambu-Klapasawit-9", "new_password2": "Bambu-Klapasawit-9"},
        follow=True,
    )
    assert "Kata sandi diubah" in resp.content.decode()
    persona["sari"].refresh_from_db()
    assert persona["sari"].check_password("Bambu-Klapasawit-9")


# -- Home page per role --------------------------------------------------------------------------

def test_beranda_perlu_masuk(client, db):
    resp = client.get(reverse("beranda"))
    assert resp.status_code == 302 and resp.url.startswith(reverse("akun:login"))


def test_beranda_operator_profil_belum_diisi(client, persona, wilayah):
    client.force_login(persona["sari"])
    html = client.get(reverse("beranda")).content.decode()
    assert f"Profil Klapasawit tahun {TAHUN} belum diisi" in html
    assert reverse("desa:profil_ubah", args=["33.03.06.2015"]) + f"?tahun={TAHUN}" in html

    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN - 1, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    html = client.get(reverse("beranda")).content.decode()
    assert f"terakhir diisi untuk tahun {TAHUN - 1}" in html

    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, data={"sumber_data": "BPS", "jumlah_penduduk": 3125}, oleh=persona["sari"])
    html = client.get(reverse("beranda")).content.decode()
    assert "belum diisi" not in html and f"Profil tahun {TAHUN} sudah diisi." in html
    assert "3.125" in html


def test_beranda_pmd_desa_tanpa_profil_di_kabupaten(client, persona, wilayah):
    profil_simpan(desa=wilayah.klapasawit, tahun_data=TAHUN, data={"sumber_data": "BPS"}, oleh=persona["sari"])
    client.force_login(persona["pmd_pbg"])
    html = client.get(reverse("beranda")).content.decode()
    # Purbalingga: Kalimanah Kulon and Kemangkon lack a profile; Klapasawit has one; the kelurahan needs none.
    assert "Kalimanah Kulon — Kalimanah, Purbalingga (33.03.06.2006)" in html
    assert "Kedungbenda — Kemangkon, Purbalingga (33.03.01.2001)" in html
    assert "(33.03.06.2015)" not in html.split("Perlu tindakan")[1]
    assert "Kalikabong" not in html
    assert "33.02.13.2006" not in html and "63.01.01.2001" not in html  # other kabupaten, other province
    assert "Isi profil" in html
    angka = html.split('class="angka-deret"')[1].split("</ul>")[0]
    assert '<span class="angka-nilai">2</span><span class="angka-label">Kecamatan' in angka
    assert '<span class="angka-nilai">3</span><span class="angka-label">Desa<' in angka
    assert '<span class="angka-nilai">1</span><span class="angka-label">Kelurahan' in angka
    assert f'<span class="angka-nilai">1</span><span class="angka-label">Desa berprofil {TAHUN}' in angka


def test_beranda_camat_hanya_melihat(client, persona, wilayah):
    client.force_login(persona["camat"])
    html = client.get(reverse("beranda")).content.decode()
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in html
    assert "Kedungbenda — Kemangkon" not in html
    assert "Isi profil" not in html and "Lihat" in html


@pytest.mark.parametrize("nama", ["sari", "camat", "pmd_pbg", "prov_jateng", "admin"])
def test_beranda_setiap_peran(client, persona, nama):
    client.force_login(persona[nama])
    resp = client.get(reverse("beranda"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Selamat datang" in html and "Perlu tindakan" in html
    assert ("Dokumentasi API" in html) is persona[nama].is_staff
    assert (reverse("admin:index") in html) is persona[nama].is_staff


def test_jumlah_query_beranda_tetap(client, persona, wilayah):
    client.force_login(persona["pmd_pbg"])
    with CaptureQueriesContext(connection) as sedikit:
        client.get(reverse("beranda"))
    for i in range(20):
        m.Desa.objects.create(kode=f"33.03.06.{2100 + i}", nama=f"Desa Uji {i}", kecamatan=wilayah.kalimanah, jenis="DESA")
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(reverse("beranda")).content.decode()
    assert "lainnya" in html  # more than the listed actions
    assert len(sedikit.captured_queries) == len(banyak.captured_queries)


def test_panel_dari_aplikasi_lain_didaftarkan(client, persona, monkeypatch):
    """A later app registers its panel by dotted path; the home page shows it after desa's."""
    monkeypatch.setattr(beranda, "_tambahan", [])
    monkeypatch.setattr(beranda, "_cache", None)
    beranda.daftarkan("akun.tests.test_pages.panel_contoh")
    beranda.daftarkan("akun.tests.test_pages.panel_contoh")  # twice is harmless
    client.force_login(persona["pmd_pbg"])
    html = client.get(reverse("beranda")).content.decode()
    assert html.count("Kerja sama (contoh)") == 1
    assert html.index("Wilayah dan profil desa") < html.index("Kerja sama (contoh)")
    monkeypatch.setattr(beranda, "_cache", None)


def panel_contoh(request):
    return beranda.Panel(judul="Kerja sama (contoh)", tindakan=[beranda.Tindakan("Rancangan menunggu verifikasi", "/")])


def test_akun_tidak_mengimpor_desa_saat_dimuat():
    """akun sits below desa (DESIGN.md §3): its home-page registry names desa only as a string."""
    import ast
    import pathlib

    for nama in ("beranda.py", "views.py"):
        pohon = ast.parse(pathlib.Path(beranda.__file__).with_name(nama).read_text())
        for node in pohon.body:
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("desa"), nama
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("desa") for a in node.names), nama
