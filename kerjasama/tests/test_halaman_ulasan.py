"""Findings of the page review: a Perjanjian Bersama is not put in force before its term starts (one answer for
the page, the API and the home panel), dissemination names its document, §C2 wording, drafting pages read-only
once enacted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inti.format import tanggal as tanggal_id
from kerjasama.models import KerjaSamaDesa
from kerjasama.tindakan import Konteks, langkah_tersedia
from kerjasama.views import perlu_tindakan

pytestmark = pytest.mark.django_db


def _langkah(user, ks) -> set[str]:
    from kerjasama import queries

    return {lk.aksi for lk in langkah_tersedia(Konteks.dari(user, queries.kerjasama_detail(user, ks.kode)))}


# -- M6: "Mulai berlaku" only from the start date ---------------------------------------------------------

def test_mulai_berlaku_tidak_ditawarkan_sebelum_tanggal_mulai(client, buat_ks, render_palsu):
    k = buat_ks(sampai="DITANDATANGANI", jenis="PIHAK_KETIGA")
    sari = k.operator[0]
    mulai = timezone.localdate() + dt.timedelta(days=26)
    KerjaSamaDesa.objects.filter(pk=k.ks.pk).update(tanggal_mulai=mulai)
    for user in (sari, k.pmd):
        assert "berlakukan" not in _langkah(user, k.ks)
    assert not any(k.ks.pk == ks.pk and any(a.nama == "berlakukan" for a in aksi) for ks, aksi in perlu_tindakan(sari))
    api = APIClient()
    api.force_authenticate(sari)
    body = api.get(f"/api/v1/kerjasama/{k.ks.kode}/").json()
    assert "berlakukan" not in {a["aksi"] for a in body["aksi"]}
    client.force_login(sari)
    teks = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert f"Berlaku mulai <strong>{tanggal_id(mulai)}</strong>" in teks
    assert reverse("kerjasama:aksi", args=[k.ks.kode, "berlakukan"]) not in teks

    # On the start date the step is there, and the notice is gone.
    KerjaSamaDesa.objects.filter(pk=k.ks.pk).update(tanggal_mulai=timezone.localdate())
    assert "berlakukan" in _langkah(sari, k.ks)
    teks = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert "Berlaku mulai" not in teks
    assert reverse("kerjasama:aksi", args=[k.ks.kode, "berlakukan"]) in teks


# -- Minor 6: dissemination names its document ------------------------------------------------------------

def test_penyebarluasan_menyebut_dokumennya(client, buat_ks, render_palsu):
    from kerjasama.tests.test_perubahan import _sepakati, _tanda_tangani_semua, _undangkan_semua

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    hari_ini = timezone.localdate()  # R12: signed, promulgated, disseminated after the change, never in the future
    for i in range(2):
        pr = _sepakati(k, isi_baru={"tanggal_selesai": f"203{i + 1}-12-31"}, uraian=f"Perpanjangan ke-{i + 1}.")
        _tanda_tangani_semua(k, pr, tanggal=hari_ini)
        _undangkan_semua(k, pr, tanggal=hari_ini)
    client.force_login(k.operator[0])
    url = reverse("kerjasama:aksi", args=[k.ks.kode, "sebarluaskan"])
    diharapkan = ["Peraturan Bersama Kepala Desa", "Perubahan atas Peraturan Bersama Kepala Desa",
                  "Perubahan Kedua atas Peraturan Bersama Kepala Desa"]
    for nama in diharapkan:
        teks = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
        assert f"Catat penyebarluasan {nama}</a>" in teks
        teks = client.get(url).content.decode()
        assert f"<h1>Catat penyebarluasan {nama}</h1>" in teks
        r = client.post(url, {"cara": "PAPAN_PENGUMUMAN", "tanggal": hari_ini.isoformat()}, follow=True)
        assert f"Penyebarluasan {nama} di Desa {k.desa[0].nama} tercatat." in r.content.decode()
    assert client.get(url).status_code == 403  # all three done


# -- Minor 8: §C2 wording (Perjanjian Bersama, no MAD) ----------------------------------------------------

@pytest.mark.parametrize("jenis,dokumen,bukan", [
    ("PIHAK_KETIGA", "Perjanjian Bersama wajib memuat delapan hal", "Peraturan Bersama wajib"),
    ("ANTAR_DESA", "Peraturan Bersama wajib memuat delapan hal", "Perjanjian Bersama wajib"),
])
def test_halaman_isi_menyebut_dokumen_sesuai_jenis(client, buat_ks, jenis, dokumen, bukan):
    k = buat_ks(sampai="DRAFT", jenis=jenis)
    client.force_login(k.operator[0])
    teks = client.get(reverse("kerjasama:isi", args=[k.ks.kode])).content.decode()
    assert dokumen in teks and bukan not in teks


@pytest.mark.parametrize("jenis,pesan,bukan", [
    ("PIHAK_KETIGA", "Perjanjian Bersama siap ditandatangani", "Musyawarah Antar Desa"),
    ("ANTAR_DESA", "Desa peserta dapat mengadakan Musyawarah Antar Desa", "Perjanjian Bersama"),
])
def test_pesan_verifikasi_sesuai_jenis(client, buat_ks, render_palsu, jenis, pesan, bukan):
    k = buat_ks(sampai="DIAJUKAN", jenis=jenis)
    client.force_login(k.pmd)
    r = client.post(reverse("kerjasama:aksi", args=[k.ks.kode, "verifikasi"]), {"catatan": "Lengkap."}, follow=True)
    pesan_masuk = [str(m) for m in r.context["messages"]]
    assert any(pesan in m for m in pesan_masuk) and not any(bukan in m for m in pesan_masuk)


# -- Minor 9: drafting pages read-only once the content is locked -------------------------------------------

@pytest.mark.parametrize("halaman", ["rencana", "isi", "kontribusi", "bkad"])
def test_halaman_penyusunan_hanya_baca_setelah_ditandatangani(client, buat_ks, render_palsu, halaman):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    sari = k.operator[0]
    client.force_login(sari)
    url = reverse(f"kerjasama:{halaman}", args=[k.ks.kode])
    r = client.get(url)
    teks = r.content.decode()
    assert r.status_code == 200
    assert "Kerja sama ini sudah ditandatangani; isinya hanya dapat diubah melalui perubahan" in teks
    assert "R13" in teks
    assert f'action="{url}"' not in teks and "<form method=\"post\" action=\"/kerjasama/" not in teks
    sebelum = (k.ks.judul, k.ks.ruang_lingkup, k.ks.kontribusi.count(), k.ks.bkad.anggota.count(), k.ks.langkah.count())
    r = client.post(url, {"judul": "Judul lain", "ruang_lingkup": "Lain", "nama": "BKAD lain"}, follow=True)
    assert r.status_code == 403
    assert "Tidak disimpan." in r.content.decode() and "tersimpan" not in r.content.decode().replace("Tidak disimpan", "")
    ks = KerjaSamaDesa.objects.get(pk=k.ks.pk)
    assert (ks.judul, ks.ruang_lingkup, ks.kontribusi.count(), ks.bkad.anggota.count(), ks.langkah.count()) == sebelum


def test_halaman_isi_sebelum_ditandatangani_menyebut_aturan_layanan(client, buat_ks):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    client.force_login(k.operator[0])
    teks = client.get(reverse("kerjasama:isi", args=[k.ks.kode])).content.decode()
    assert "Isi kerja sama hanya dapat diubah saat perencanaan atau penyusunan rancangan." in teks
    assert 'name="ruang_lingkup"' not in teks
    # still open while drafting: the form is there
    k2 = buat_ks(sampai="PENYUSUNAN_RANCANGAN", jumlah_desa=2, judul="Pasar bersama")
    teks = client.get(reverse("kerjasama:isi", args=[k2.ks.kode])).content.decode()
    assert 'name="ruang_lingkup"' in teks


# -- Minor 10: coordinates with their hemisphere; the "Asal desa" placeholder ------------------------------

def test_koordinat_dengan_belahan_bumi(client, persona, wilayah):
    from desa.models import DesaProfil
    from desa.templatetags.wilayah_tags import bujur, lintang

    assert (lintang("-7.410000"), bujur("109.300000")) == ("7,41° LS", "109,3° BT")
    assert lintang(None) == "—" and lintang("3.5") == "3,5° LU"
    DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2025, lintang="-7.41", bujur="109.3", sumber_data="BPS")
    client.force_login(persona["sari"])
    teks = client.get(reverse("desa:detail", args=[wilayah.klapasawit.kode])).content.decode()
    assert "7,41° LS, 109,3° BT" in teks and "-7,41, 109,3" not in teks


def test_asal_desa_tanpa_garis_django():
    from kerjasama.forms import AnggotaBKADForm

    assert AnggotaBKADForm().fields["asal_desa"].empty_label == "—"
