"""R11: a BKAD (UU 6/2014 Pasal 92 ayat (3)) belongs to kerja sama antar desa only. For a third-party agreement
(§C2, Perjanjian Bersama) the BKAD page explains why and shows no form, a POST saves nothing, no page links to
it, and the API refuses a BKAD with the rule and its article."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kerjasama import aturan
from kerjasama.models import BKAD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]

PASAL = "UU 6/2014 Pasal 92 ayat (3)"


@pytest.mark.parametrize("sampai", ["PENYUSUNAN_RANCANGAN", "DIAJUKAN", "DIVERIFIKASI"])
def test_halaman_bkad_pihak_ketiga_menjelaskan_tanpa_form(client, buat_ks, sampai):
    k = buat_ks(sampai=sampai, jenis="PIHAK_KETIGA")
    url = reverse("kerjasama:bkad", args=[k.ks.kode])
    for user in (k.operator[0], k.pmd):
        client.force_login(user)
        r = client.get(url)
        teks = r.content.decode()
        assert r.status_code == 200
        assert "tanpa BKAD" in teks and "Perjanjian Bersama" in teks and PASAL in teks and "R11" in teks
        assert f'action="{url}"' not in teks and 'name="anggota-TOTAL_FORMS"' not in teks
        assert 'name="nama"' not in teks and "Simpan susunan BKAD" not in teks
        # the detail page and its action list offer no BKAD page
        detail = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
        assert url not in detail


def test_post_bkad_pihak_ketiga_ditolak_tanpa_menyimpan(client, buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jenis="PIHAK_KETIGA")
    client.force_login(k.operator[0])
    r = client.post(reverse("kerjasama:bkad", args=[k.ks.kode]), {
        "nama": "BKAD Kalimanah", "anggota-TOTAL_FORMS": "1", "anggota-INITIAL_FORMS": "0",
        "anggota-0-nama": "Siti Aminah", "anggota-0-asal_desa": str(k.desa[0].pk), "anggota-0-unsur": "PEMERINTAH_DESA",
        "anggota-0-jabatan": "KETUA", "anggota-0-jenis_kelamin": "P",
    })
    teks = r.content.decode()
    assert r.status_code == 403
    assert "Tidak disimpan." in teks and PASAL in teks
    assert not BKAD.objects.filter(kerja_sama=k.ks).exists()
    assert not k.ks.langkah.filter(aksi="susun_bkad").exists()


def test_halaman_bkad_antar_desa_tetap_berisi_form(client, buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jumlah_desa=2)
    client.force_login(k.operator[0])
    url = reverse("kerjasama:bkad", args=[k.ks.kode])
    teks = client.get(url).content.decode()
    assert "Simpan susunan BKAD" in teks and aturan.R11_PIHAK3.pesan not in teks
    assert url in client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()


def test_api_bkad_pihak_ketiga_ditolak_dengan_aturan_dan_pasal(buat_ks):
    k = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jenis="PIHAK_KETIGA")
    c = APIClient()
    c.force_authenticate(k.operator[0])
    r = c.post(f"/api/v1/kerjasama/{k.ks.kode}/bkad/", {"nama": "BKAD Kalimanah", "anggota": [
        {"nama": "Siti Aminah", "asal_desa": k.desa[0].kode, "unsur": "PEMERINTAH_DESA", "jabatan": "KETUA",
         "jenis_kelamin": "P"},
    ]}, format="json")
    assert r.status_code == 400, r.content
    pelanggaran = r.json()["pelanggaran"]
    assert [p["kode"] for p in pelanggaran] == ["R11"]
    assert PASAL in pelanggaran[0]["pesan"] and "Perjanjian Bersama" in pelanggaran[0]["pesan"]
    assert not BKAD.objects.filter(kerja_sama=k.ks).exists()
