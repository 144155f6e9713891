"""Demo data: the regions named in the founding documents and one login per role.

Loaded by ``python manage.py muat_demo`` (and by ``python3 dev.py start``). Idempotent: every row is
matched on its natural key (Kemendagri code, username, desa + year …) and written only when a value
differs, so a second run creates nothing, changes nothing and leaves no audit rows.

The codes are real Kemendagri codes (Kepmendagri 300.2.2-2138/2025), typed by hand for this small
set; ``python manage.py import_wilayah`` loads the whole national list. Dusun names and the facility
row are placeholders for the demo, marked as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction

from .choices import JenisDesa, Klasifikasi, SektorKomoditas
from .models import (
    Desa,
    DesaFasilitas,
    DesaKomoditas,
    DesaProfil,
    Dusun,
    JenisFasilitas,
    Kabupaten,
    Kecamatan,
    Komoditas,
    Provinsi,
)

KATA_SANDI_DEMO = "demo-desa-123"

# provinsi kode → (nama, luas km², penduduk)
PROVINSI = {
    "33": ("Jawa Tengah", "34347.428", 38430645),
    "63": ("Kalimantan Selatan", "37125.426", 4305281),
}

# kabupaten kode → (nama, luas km², penduduk); source: BIG 2024 area, Dukcapil semester II 2024.
KABUPATEN = {
    "33.02": ("Kabupaten Banyumas", "1391.153", 1868446),
    "33.03": ("Kabupaten Purbalingga", "805.757", 1057750),
    "63.01": ("Kabupaten Tanah Laut", "3841.157", 369818),
    "63.02": ("Kabupaten Kotabaru", "9345.91", 332787),
    "63.11": ("Kabupaten Balangan", "1828.513", 138950),
}

# kecamatan kode → (nama, {desa kode: nama}); the jenis of a desa follows its code (R28).
KECAMATAN = {
    "33.02.13": ("Purwojati", {
        "33.02.13.2001": "Gerduren",
        "33.02.13.2005": "Purwojati",
        "33.02.13.2006": "Klapasawit",  # namesake of the Purbalingga Klapasawit (R29)
    }),
    "33.02.19": ("Sokaraja", {
        "33.02.19.2001": "Kalikidang",
        "33.02.19.2002": "Wiradadi",
        "33.02.19.2004": "Sokaraja Tengah",
    }),
    "33.03.05": ("Purbalingga", {
        "33.03.05.1006": "Purbalingga Wetan",
        "33.03.05.2002": "Toyareja",
        "33.03.05.2004": "Jatisaba",
    }),
    "33.03.06": ("Kalimanah", {
        "33.03.06.1013": "Kalikabong",
        "33.03.06.2006": "Kalimanah Kulon",
        "33.03.06.2009": "Kalimanah Wetan",
        "33.03.06.2014": "Selabaya",
        "33.03.06.2015": "Klapasawit",
        "33.03.06.2016": "Kedungwuluh",
    }),
    "63.01.01": ("Takisung", {
        "63.01.01.2001": "Benua Lawas",
        "63.01.01.2002": "Tabanio",
        "63.01.01.2004": "Takisung",
    }),
    "63.01.03": ("Pelaihari", {
        "63.01.03.1003": "Pelaihari",
        "63.01.03.2006": "Bumi Jaya",
        "63.01.03.2009": "Tampang",
    }),
    "63.02.06": ("Pulaulaut Utara", {
        "63.02.06.2009": "Megasari",
        "63.02.06.2011": "Stagen",
        "63.02.06.2013": "Sungai Taib",
    }),
    "63.02.07": ("Kelumpang Selatan", {
        "63.02.07.2004": "Tanjung Pangga",
        "63.02.07.2006": "Sungai Nipah",
    }),
    "63.11.01": ("Juai", {
        "63.11.01.2001": "Muara Ninian",
        "63.11.01.2003": "Juai",
    }),
    "63.11.06": ("Paringin", {
        "63.11.06.2005": "Balang",
        "63.11.06.2008": "Paran",
        "63.11.06.2009": "Layap",
    }),
}

KLAPASAWIT = "33.03.06.2015"

# (tahun_data, values) — two sources disagree on the area (DOMAIN.md §F6); each profile names its own.
PROFIL_KLAPASAWIT = [
    (2021, {
        "luas_ha": Decimal("211.73"),
        "luas_sumber": "BPS 2021",
        "jumlah_penduduk": 3424,
        "klasifikasi": Klasifikasi.PERDESAAN,
        "sumber_data": "BPS 2021 (dikutip halaman profil desa)",
    }),
    (2025, {
        "luas_ha": Decimal("149.124"),
        "luas_sumber": "Data pendiri proyek",
        "jumlah_dusun": 3,
        "klasifikasi": Klasifikasi.PERDESAAN,
        "sumber_data": "Data pendiri proyek",
    }),
]
DUSUN_KLAPASAWIT = ["Dusun I", "Dusun II", "Dusun III"]  # placeholders: the real names are not in our sources

# (komoditas nama, sektor, values) for Klapasawit in 2025
KOMODITAS_KLAPASAWIT = [
    ("Anyaman bambu", SektorKomoditas.INDUSTRI_KERAJINAN, {
        "unggulan": True,
        "keterangan": "kerajinan bambu, ekspor Belgia dan Kanada",
        "pasar_ekspor": "Belgia, Kanada",
    }),
    ("Padi", SektorKomoditas.TANAMAN_PANGAN, {
        "unggulan": False,
        "keterangan": "pertanian padi sawah",
    }),
]

# username → (role, wilayah kode, nama depan, nama belakang)
PENGGUNA = {
    "operator_klapasawit": ("operator_desa", KLAPASAWIT, "Operator", "Klapasawit"),
    "kades_klapasawit": ("kepala_desa", KLAPASAWIT, "Kepala Desa", "Klapasawit"),
    "camat_kalimanah": ("camat", "33.03.06", "Camat", "Kalimanah"),
    "pmd_purbalingga": ("pmd_kabupaten", "33.03", "Dinas PMD", "Purbalingga"),
    "pmd_jateng": ("pmd_provinsi", "33", "Dinas PMD", "Jawa Tengah"),
    "admin": ("admin", "", "Administrator", ""),
}


@dataclass
class Ringkasan:
    """What a run did: per model, how many rows were new, changed or already equal."""

    hitungan: dict[str, dict[str, int]] = field(default_factory=dict)
    peringatan: list[str] = field(default_factory=list)  # what a later app's loader could not load, and why

    def catat(self, model, status: str) -> None:
        baris = self.hitungan.setdefault(model._meta.verbose_name_plural, {"baru": 0, "diubah": 0, "sama": 0})
        baris[status] += 1

    @property
    def ada_perubahan(self) -> bool:
        return any(b["baru"] or b["diubah"] for b in self.hitungan.values())

    def baris(self) -> list[str]:
        return [
            f"{nama}: {b['baru']} baru, {b['diubah']} diubah, {b['sama']} tetap"
            for nama, b in self.hitungan.items()
        ]


def _simpan(ringkasan: Ringkasan, model, kunci: dict, nilai: dict):
    """Upsert on the natural key ``kunci``; validate (R28 through ``clean``) and save only on a difference."""
    obj = model.objects.filter(**kunci).first()
    if obj is None:
        obj = model(**kunci, **nilai)
        obj.full_clean()
        obj.save()
        ringkasan.catat(model, "baru")
        return obj
    berubah = [nama for nama, v in nilai.items() if getattr(obj, nama) != v]
    if berubah:
        for nama in berubah:
            setattr(obj, nama, nilai[nama])
        obj.full_clean()
        obj.save()
        ringkasan.catat(model, "diubah")
    else:
        ringkasan.catat(model, "sama")
    return obj


def _jenis_desa(kode: str) -> str:
    return {"1": JenisDesa.KELURAHAN, "2": JenisDesa.DESA, "3": JenisDesa.DESA_ADAT}[kode[9]]


def _muat_wilayah(r: Ringkasan) -> dict[str, Desa]:
    provinsi = {
        kode: _simpan(r, Provinsi, {"kode": kode}, {"nama": nama, "luas_km2": Decimal(luas), "jumlah_penduduk": jiwa})
        for kode, (nama, luas, jiwa) in PROVINSI.items()
    }
    kabupaten = {
        kode: _simpan(r, Kabupaten, {"kode": kode}, {
            "nama": nama, "provinsi": provinsi[kode[:2]], "jenis": "KABUPATEN",
            "luas_km2": Decimal(luas), "jumlah_penduduk": jiwa,
        })
        for kode, (nama, luas, jiwa) in KABUPATEN.items()
    }
    desa = {}
    for kode_kec, (nama_kec, daftar_desa) in KECAMATAN.items():
        kec = _simpan(r, Kecamatan, {"kode": kode_kec}, {"nama": nama_kec, "kabupaten": kabupaten[kode_kec[:5]]})
        for kode, nama in daftar_desa.items():
            desa[kode] = _simpan(r, Desa, {"kode": kode}, {"nama": nama, "kecamatan": kec, "jenis": _jenis_desa(kode)})
    return desa


def _muat_profil(r: Ringkasan, klapasawit: Desa) -> None:
    for tahun, nilai in PROFIL_KLAPASAWIT:
        _simpan(r, DesaProfil, {"desa": klapasawit, "tahun_data": tahun}, nilai)
    for nama in DUSUN_KLAPASAWIT:
        _simpan(r, Dusun, {"desa": klapasawit, "nama": nama}, {})
    for nama, sektor, nilai in KOMODITAS_KLAPASAWIT:
        # The reference list (migration desa 0002) normally holds it; an admin may have removed it.
        komoditas = Komoditas.objects.filter(nama=nama).first() or _simpan(r, Komoditas, {"nama": nama}, {"sektor": sektor})
        _simpan(r, DesaKomoditas, {"desa": klapasawit, "komoditas": komoditas, "tahun": 2025}, nilai)
    kantor = JenisFasilitas.objects.filter(kode="kantor-desa").first()
    if kantor is not None:
        _simpan(r, DesaFasilitas, {"desa": klapasawit, "jenis": kantor, "tahun": 2025}, {"jumlah": 1})


def muat_pengguna(r: Ringkasan, pengguna: dict[str, tuple[str, str, str, str]], *,
                  setel_ulang_sandi: bool) -> list[tuple[str, str, str]]:
    """Upsert demo users ``{username: (role, wilayah kode, nama depan, nama belakang)}`` (also used by later apps)."""
    User = get_user_model()
    logins = []
    for username, (role, kode, depan, belakang) in pengguna.items():
        nilai = {
            "role": role,
            "wilayah_kode": kode,
            "first_name": depan,
            "last_name": belakang,
            "email": f"{username}@demo.simpuldesa.local",
            "is_active": True,
            "is_staff": role in ("pmd_kabupaten", "pmd_provinsi", "admin"),
            "is_superuser": role == "admin",
        }
        user = User.objects.filter(username=username).first()
        baru = user is None
        if baru:
            user = User(username=username)
        berubah = [nama for nama, v in nilai.items() if getattr(user, nama) != v]
        for nama in berubah:
            setattr(user, nama, nilai[nama])
        # Hashing is slow on purpose: only a new user (or an explicit reset) gets the demo password,
        # so a second run neither rewrites the row nor costs the hashing time.
        if baru or setel_ulang_sandi:
            user.set_password(KATA_SANDI_DEMO)
        if baru or berubah or setel_ulang_sandi:
            user.full_clean()  # role ↔ region level, region exists, R32 (akun.models.User.clean)
            user.save()
        r.catat(User, "baru" if baru else "diubah" if berubah or setel_ulang_sandi else "sama")
        wilayah = user.wilayah
        logins.append((username, user.get_role_display(), getattr(wilayah, "label", None) or str(wilayah or "nasional")))
    return logins


def muat_demo(*, setel_ulang_sandi: bool = False, tambahan: bool = True) -> tuple[Ringkasan, list[tuple[str, str, str]]]:
    """Load (or bring up to date) the demo regions, Klapasawit's profile and one user per role, then
    (unless ``tambahan=False``) the registered loaders of later apps (``PEMUAT_TAMBAHAN``), each outside
    desa's transaction."""
    r = Ringkasan()
    with transaction.atomic(), pghistory.context(perintah="muat_demo"):
        desa = _muat_wilayah(r)
        _muat_profil(r, desa[KLAPASAWIT])
        logins = muat_pengguna(r, PENGGUNA, setel_ulang_sandi=setel_ulang_sandi)
    # Later apps' demo data (kerja sama …), registered by them: desa imports no later app (DESIGN.md §3).
    for pemuat in PEMUAT_TAMBAHAN if tambahan else ():
        logins += pemuat(r, setel_ulang_sandi=setel_ulang_sandi)
    return r, logins


# Loaders of later apps, called in order after desa's own data: ``fn(ringkasan, *, setel_ulang_sandi)``
# returns the demo logins it added and notes what it could not load in ``ringkasan.peringatan``.
PEMUAT_TAMBAHAN: list[Callable[..., list[tuple[str, str, str]]]] = []


def daftarkan_pemuat(fn: Callable[..., list[tuple[str, str, str]]]) -> None:
    """Register a later app's demo loader (from its ``AppConfig.ready()``); registering twice is harmless."""
    if fn not in PEMUAT_TAMBAHAN:
        PEMUAT_TAMBAHAN.append(fn)
