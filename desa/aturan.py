"""Rules of law for regions and profiles (DOMAIN.md §E4), each raising AturanDilanggar.

R28: Kemendagri code format per level, child prefix = parent, jenis from the code digits.
R29: desa names are not unique — always shown with kecamatan, kabupaten and code.
R30: IDM status from score, only to cross-check the official status.
R32: only desa and desa adat (not kelurahan) own a profile, join a KAD, a kawasan or found a BUMDesma.
"""

from __future__ import annotations

import re
from decimal import Decimal

from inti.errors import Aturan, AturanDilanggar

from .choices import JenisDesa, JenisKabupaten, StatusIndeks

R28 = Aturan(
    "R28",
    "Kode wilayah harus mengikuti format Kemendagri: provinsi pp, kabupaten/kota pp.kk, kecamatan pp.kk.cc, "
    "desa/kelurahan pp.kk.cc.dddd; kode anak diawali kode induknya "
    "(Permendagri 58/2021; Kepmendagri 300.2.2-2138/2025).",
)
R29 = Aturan(
    "R29",
    "Nama desa tidak unik; desa selalu ditampilkan dengan kecamatan, kabupaten dan kodenya.",
    sifat="WARN",
)
R30 = Aturan(
    "R30",
    "Status IDM tidak sesuai ambang nilai Permendesa PDTT 2/2016; periksa kembali status resmi.",
    sifat="INFO",
)
R32 = Aturan(
    "R32",
    "Hanya desa dan desa adat yang dapat memiliki profil desa, ikut kerja sama antar desa, menjadi anggota "
    "kawasan perdesaan, atau mendirikan BUM Desa bersama; kelurahan bukan desa (UU 6/2014 Pasal 1 angka 1, Pasal 11–12).",
)

POLA_KODE = {
    1: re.compile(r"^\d{2}$"),
    2: re.compile(r"^\d{2}\.\d{2}$"),
    3: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    4: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[123]\d{3}$"),
}
NAMA_TINGKAT = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan"}
CONTOH_KODE = {1: "33", 2: "33.03", 3: "33.03.06", 4: "33.03.06.2015"}


def normalkan_kode(teks: str) -> str:
    """A code written without dots in its dotted form: ``3303062015`` → ``33.03.06.2015``, ``3303`` →
    ``33.03`` (also a partial ``33030`` → ``33.03.0``, for the search). A code with dots, or anything
    that is not digits, is kept as it is (only stripped); whether the result is a valid code is R28's
    ``periksa_kode`` to say. The one place undotted codes are read (search, filters, import)."""
    teks = str(teks or "").strip()
    if "." in teks or not teks.isdigit():
        return teks
    bagian = [teks[0:2], teks[2:4], teks[4:6], teks[6:10], teks[10:]]
    return ".".join(b for b in bagian if b)


def tingkat_kode(kode: str) -> int | None:
    """1 provinsi … 4 desa, from the shape of the code alone; None when it fits no level."""
    for tingkat, pola in POLA_KODE.items():
        if pola.match(kode or ""):
            return tingkat
    return None


def periksa_kode(kode: str, tingkat: int, kode_induk: str | None = None, *, field: str = "kode") -> None:
    """R28: the code has the form of its level and starts with its parent's code."""
    if not POLA_KODE[tingkat].match(kode or ""):
        raise AturanDilanggar(
            R28,
            f"Kode {NAMA_TINGKAT[tingkat]} {kode!r} tidak sah; contoh yang benar: {CONTOH_KODE[tingkat]}.",
            field=field,
        )
    if tingkat == 2 and not (1 <= int(kode[3:5]) <= 69 or 71 <= int(kode[3:5]) <= 99):
        raise AturanDilanggar(
            R28, f"Kode kabupaten/kota {kode}: dua digit kedua harus 01–69 (kabupaten) atau 71–99 (kota).", field=field
        )
    if kode_induk is not None and kode.rsplit(".", 1)[0] != kode_induk:
        raise AturanDilanggar(
            R28, f"Kode {kode} tidak diawali kode induknya {kode_induk}.", field=field
        )


def jenis_kabupaten_dari_kode(kode: str) -> str:
    """R28: kk 01–69 is a kabupaten, 71–99 a kota."""
    return JenisKabupaten.KABUPATEN if int(kode[3:5]) <= 69 else JenisKabupaten.KOTA


JENIS_DARI_DIGIT = {"1": JenisDesa.KELURAHAN, "2": JenisDesa.DESA, "3": JenisDesa.DESA_ADAT}


def jenis_desa_dari_kode(kode: str) -> str:
    """R28: first digit of the 4-digit part: 1 kelurahan, 2 desa, 3 desa adat."""
    return JENIS_DARI_DIGIT[kode[9]]


def periksa_jenis(kode: str, jenis: str, tingkat: int, *, field: str = "jenis") -> None:
    """R28: the declared jenis agrees with the one the code implies."""
    harus = jenis_kabupaten_dari_kode(kode) if tingkat == 2 else jenis_desa_dari_kode(kode)
    if jenis != harus:
        raise AturanDilanggar(
            R28, f"Kode {kode} berarti {harus.label.lower()}, bukan {str(jenis).lower()}.", field=field
        )


def pastikan_desa(desa, *, field: str = "desa") -> None:
    """R32: refuse a kelurahan where only a desa or desa adat may stand."""
    if desa.jenis == JenisDesa.KELURAHAN:
        raise AturanDilanggar(R32, f"{desa.nama} ({desa.kode}) adalah kelurahan.", field=field)


# R30 thresholds (Permendesa PDTT 2/2016): upper bounds, inclusive.
AMBANG_IDM = [
    (Decimal("0.4907"), StatusIndeks.SANGAT_TERTINGGAL),
    (Decimal("0.5989"), StatusIndeks.TERTINGGAL),
    (Decimal("0.7072"), StatusIndeks.BERKEMBANG),
    (Decimal("0.8155"), StatusIndeks.MAJU),
]


def status_idm_dari_nilai(nilai: Decimal) -> str:
    """R30: the IDM status the score implies (for cross-checking only)."""
    for batas, status in AMBANG_IDM:
        if nilai <= batas:
            return status
    return StatusIndeks.MANDIRI
