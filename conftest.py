"""Root fixtures: a small region tree and one persona per role (healthchecks' Alice/Bob/Charlie idea).

Tree (codes are real Kemendagri codes; see ../shared/data/wilayah):
  33 Jawa Tengah
    33.03 Kabupaten Purbalingga
      33.03.06 Kalimanah:   33.03.06.2015 Klapasawit (desa, "own"), 33.03.06.2006 Kalimanah Kulon (desa, "tetangga"),
                            33.03.06.1013 Kalikabong (kelurahan)
      33.03.01 Kemangkon:   33.03.01.2001 Kemangkon desa (same kabupaten, other kecamatan)
    33.02 Kabupaten Banyumas
      33.02.13 Purwojati:   33.02.13.2006 Klapasawit (homonym in another kabupaten)
  63 Kalimantan Selatan
    63.01 Kabupaten Tanah Laut
      63.01.01 Takisung:    63.01.01.2001 (desa in another province)
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")

import pytest  # noqa: E402


@pytest.fixture
def wilayah(db):
    from desa.models import Desa, Kabupaten, Kecamatan, Provinsi

    jateng = Provinsi.objects.create(kode="33", nama="Jawa Tengah")
    kalsel = Provinsi.objects.create(kode="63", nama="Kalimantan Selatan")
    pbg = Kabupaten.objects.create(kode="33.03", nama="Kabupaten Purbalingga", provinsi=jateng, jenis="KABUPATEN")
    bms = Kabupaten.objects.create(kode="33.02", nama="Kabupaten Banyumas", provinsi=jateng, jenis="KABUPATEN")
    tala = Kabupaten.objects.create(kode="63.01", nama="Kabupaten Tanah Laut", provinsi=kalsel, jenis="KABUPATEN")
    kalimanah = Kecamatan.objects.create(kode="33.03.06", nama="Kalimanah", kabupaten=pbg)
    kemangkon = Kecamatan.objects.create(kode="33.03.01", nama="Kemangkon", kabupaten=pbg)
    purwojati = Kecamatan.objects.create(kode="33.02.13", nama="Purwojati", kabupaten=bms)
    takisung = Kecamatan.objects.create(kode="63.01.01", nama="Takisung", kabupaten=tala)

    def desa(kode, nama, kec, jenis="DESA"):
        return Desa.objects.create(kode=kode, nama=nama, kecamatan=kec, jenis=jenis)

    class Pohon:
        pass

    t = Pohon()
    t.jateng, t.kalsel, t.purbalingga, t.banyumas, t.tanah_laut = jateng, kalsel, pbg, bms, tala
    t.kalimanah, t.kemangkon, t.purwojati, t.takisung = kalimanah, kemangkon, purwojati, takisung
    t.klapasawit = desa("33.03.06.2015", "Klapasawit", kalimanah)
    t.tetangga = desa("33.03.06.2006", "Kalimanah Kulon", kalimanah)
    t.kelurahan = desa("33.03.06.1013", "Kalikabong", kalimanah, "KELURAHAN")
    t.kemangkon_desa = desa("33.03.01.2001", "Kedungbenda", kemangkon)
    t.klapasawit_banyumas = desa("33.02.13.2006", "Klapasawit", purwojati)
    t.desa_kalsel = desa("63.01.01.2001", "Benua Lawas", takisung)
    return t


PERSONA = {
    # name: (role, region attribute on the tree)
    "sari": ("operator_desa", "klapasawit"),  # operator of Klapasawit
    "budi": ("kepala_desa", "klapasawit"),  # kepala desa of Klapasawit
    "tono": ("operator_desa", "tetangga"),  # operator of the neighbouring desa
    "camat": ("camat", "kalimanah"),
    "camat_lain": ("camat", "kemangkon"),
    "pmd_pbg": ("pmd_kabupaten", "purbalingga"),
    "pmd_bms": ("pmd_kabupaten", "banyumas"),
    "prov_jateng": ("pmd_provinsi", "jateng"),
    "prov_kalsel": ("pmd_provinsi", "kalsel"),
    "admin": ("admin", None),
}


@pytest.fixture
def persona(wilayah, django_user_model):
    """``persona["sari"]`` etc.: one active user per role, password ``rahasia-123``."""
    users = {}
    for nama, (role, attr) in PERSONA.items():
        kode = getattr(wilayah, attr).kode if attr else ""
        users[nama] = django_user_model.objects.create_user(
            username=nama,
            password="rahasia-123",
            role=role,
            wilayah_kode=kode,
            first_name=nama.capitalize(),
            is_staff=role in ("admin", "pmd_kabupaten", "pmd_provinsi"),
            is_superuser=role == "admin",
        )
    return users
