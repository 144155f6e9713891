"""The signer's name (§D1 signature block: the office above, the person's name below): the signing forms start
with a person's name the records hold, never the office title, and a name that is only the office is refused
by the service, so neither the page nor the API can print ``KEPALA DESA X,`` above ``KEPALA DESA X``."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kerjasama import services
from kerjasama.penanda_tangan import nama_jabatan
from kerjasama.tests.conftest import segera

pytestmark = pytest.mark.django_db


def _nilai_awal(client, user, ks, nama) -> str:
    client.force_login(user)
    r = client.get(reverse("kerjasama:aksi", args=[ks.kode, nama]))
    assert r.status_code == 200
    m = re.search(r'<input[^>]*name="kepala_desa_nama"[^>]*>', r.content.decode())
    nilai = re.search(r'value="([^"]*)"', m.group(0)) if m else None
    return nilai.group(1) if nilai else ""


@pytest.mark.parametrize("nama,jabatan", [
    ("Kepala Desa Klapasawit", True), ("KEPALA DESA KLAPASAWIT", True), ("Kades Klapasawit", True),
    ("Pj. Kepala Desa Klapasawit", True), ("kepala  desa", True), ("Sekretaris Desa Grecol", True),
    ("Sutrisno", False), ("Kadesih Wulandari", False), ("Budi Santoso", False),
])
def test_nama_jabatan_dikenali(nama, jabatan):
    assert nama_jabatan(nama) is jabatan


def test_isian_tanda_tangan_berisi_nama_orang_bukan_jabatan(client, buat_ks):
    # The demo's kepala desa account is named after the office ("Kepala Desa Klapasawit").
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2, judul="Pasar desa bersama")
    budi = k.kades[0]
    budi.first_name, budi.last_name = "Kepala Desa", "Klapasawit"
    budi.save()
    assert _nilai_awal(client, budi, k.ks, "tandatangani") == ""  # no person's name known yet: left empty

    # A person's name on the account is used.
    budi.first_name, budi.last_name = "Sutrisno", ""
    budi.save()
    assert _nilai_awal(client, budi, k.ks, "tandatangani") == "Sutrisno"

    # The desa's signer on an earlier agreement comes first.
    lama = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    assert lama.ks.peserta.get(desa=k.desa[0]).kepala_desa_nama == "Darmo Klapasawit"
    assert _nilai_awal(client, budi, k.ks, "tandatangani") == "Darmo Klapasawit"


def test_nama_jabatan_ditolak_di_halaman_dan_layanan(client, buat_ks, render_palsu):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    client.force_login(k.kades[0])
    r = client.post(reverse("kerjasama:aksi", args=[k.ks.kode, "tandatangani"]),
                    {"kepala_desa_nama": "Kepala Desa Klapasawit", "tanggal": "2025-09-01"})
    assert r.status_code == 400
    assert "bukan jabatannya" in r.content.decode()
    assert not k.ks.peserta.get(desa=k.desa[0]).sudah_tanda_tangan
    with pytest.raises(ValidationError) as e:
        services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Kades Klapasawit")
    assert "kepala_desa_nama" in e.value.error_dict


def test_perubahan_diawali_nama_penanda_tangan_sebelumnya(client, buat_ks, render_palsu):
    from kerjasama.tests.conftest import musyawarah_semua_pihak

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    budi = k.kades[0]
    budi.first_name, budi.last_name = "Kepala Desa", "Klapasawit"
    budi.save()
    with segera():
        services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Perpanjangan.",
                                  isi_baru={"tanggal_selesai": "2031-12-31"})
    m = musyawarah_semua_pihak(k)
    with segera():
        services.perubahan_putuskan(perubahan=k.ks.perubahan.get(), oleh=k.pmd, musyawarah=m, disepakati=True)
    assert _nilai_awal(client, budi, k.ks, "tandatangani_perubahan") == "Darmo Klapasawit"
    with pytest.raises(ValidationError):
        services.perubahan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=budi, kepala_desa_nama="Kepala Desa Klapasawit")


# -- the sekretaris desa who promulgates in the Berita Desa: a person, not the office ----------------------

def _error_isian(teks: str, nama: str) -> str:
    m = re.search(rf'<div class="galat-isian" id="id_{nama}_error">(.*?)</div>', teks, re.DOTALL)
    return m.group(1) if m else ""


@pytest.mark.parametrize("sekretaris", ["Sekretaris Desa Klapasawit", "Sekdes Klapasawit", "Plt. Sekdes", "  "])
def test_nama_sekretaris_desa_jabatan_ditolak_layanan(buat_ks, render_palsu, sekretaris):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    with pytest.raises(ValidationError) as e:
        services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="41", sekretaris_desa_nama=sekretaris)
    assert "sekretaris_desa_nama" in e.value.error_dict
    p = k.ks.peserta.get(desa=k.desa[0])
    assert (p.berita_desa_nomor, p.sekretaris_desa_nama) == ("", "")
    # a person's name is accepted
    with segera():
        services.peraturan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="41", sekretaris_desa_nama=" Rahayu Lestari ")
    p.refresh_from_db()
    assert (p.berita_desa_nomor, p.sekretaris_desa_nama) == ("41", "Rahayu Lestari")


def test_nama_sekretaris_desa_jabatan_ditolak_di_isian_halaman(client, buat_ks, render_palsu):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    client.force_login(k.operator[0])
    url = reverse("kerjasama:aksi", args=[k.ks.kode, "undangkan"])
    r = client.post(url, {"berita_desa_tahun": "2025", "berita_desa_nomor": "41",
                          "sekretaris_desa_nama": "Sekretaris Desa Klapasawit"})
    assert r.status_code == 400
    galat = _error_isian(r.content.decode(), "sekretaris_desa_nama")
    assert "bukan jabatannya" in galat and "sekretaris desa" in galat and "Permendagri 111/2014" in galat
    assert not k.ks.peserta.get(desa=k.desa[0]).berita_desa_nomor
    with segera():
        r = client.post(url, {"berita_desa_tahun": "2025", "berita_desa_nomor": "41", "sekretaris_desa_nama": "Rahayu"})
    assert r.status_code == 302
    assert k.ks.peserta.get(desa=k.desa[0]).sekretaris_desa_nama == "Rahayu"


def test_nama_sekretaris_desa_jabatan_ditolak_pada_perubahan(buat_ks, render_palsu):
    from kerjasama.models import PenandatanganDokumen
    from kerjasama.tests.conftest import musyawarah_semua_pihak

    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    with segera():
        pr = services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PERUBAHAN", uraian="Perpanjangan.",
                                       isi_baru={"tanggal_selesai": "2031-12-31"})
        services.perubahan_putuskan(perubahan=pr, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
        for d, kades in zip(k.desa, k.kades):
            services.perubahan_tandatangani(kerja_sama=k.ks, desa=d, oleh=kades, kepala_desa_nama=f"Darmo {d.nama}")
    with pytest.raises(ValidationError) as e:
        services.perubahan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="51", sekretaris_desa_nama="Sekdes Klapasawit")
    assert "sekretaris_desa_nama" in e.value.error_dict
    baris = PenandatanganDokumen.objects.get(desa=k.desa[0], produk_hukum__mengubah__isnull=False)
    assert not baris.berita_desa_nomor
    with segera():
        services.perubahan_undangkan(kerja_sama=k.ks, desa=k.desa[0], oleh=k.operator[0], berita_desa_tahun=2025,
                                     berita_desa_nomor="51", sekretaris_desa_nama="Rahayu Klapasawit")
    baris.refresh_from_db()
    assert (baris.berita_desa_nomor, baris.sekretaris_desa_nama) == ("51", "Rahayu Klapasawit")
