"""Indonesian formatting for documents and pages: dates, money, roman numerals, lists, numbers in words.

Pure functions without Django settings or locale, so a PDF reads the same on every machine
(DESIGN.md §3 rule 7: dates like *23 November 2026*, money like *Rp 1.250.000*).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
KOSONG = "…"  # what a document shows for a value that is filled in later (number, date of signing)


def tanggal(nilai: dt.date | None, kosong: str = KOSONG) -> str:
    """``date(2026, 11, 23)`` → ``23 November 2026``; ``None`` → ``…``."""
    if nilai is None:
        return kosong
    if isinstance(nilai, dt.datetime):
        nilai = nilai.date()
    return f"{nilai.day} {BULAN[nilai.month - 1]} {nilai.year}"


def hari(nilai: dt.date) -> str:
    """The Indonesian day name: ``date(2026, 11, 23)`` → ``Senin``."""
    return HARI[nilai.weekday()]


def angka_rupiah(nilai) -> str:
    """The figure of an amount without "Rp": ``75000000`` → ``75.000.000``, ``Decimal("1250.5")`` →
    ``1.250,50`` (cents only when there are some). What a form shows in a rupiah input."""
    angka = Decimal(str(nilai)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    tanda = "-" if angka < 0 else ""
    angka = abs(angka)
    bulat, sen = divmod(angka, 1)
    teks = f"{int(bulat):,}".replace(",", ".")
    if sen:
        teks += "," + f"{sen:.2f}"[2:]
    return tanda + teks


def rupiah(nilai, kosong: str = "—") -> str:
    """``1250000`` → ``Rp 1.250.000``; cents are shown only when there are some (``Rp 1.250,50``)."""
    if nilai is None or nilai == "":
        return kosong
    teks = angka_rupiah(nilai)
    if teks.startswith("-"):
        return f"-Rp {teks[1:]}"
    return f"Rp {teks}"


PESAN_RUPIAH = "Tulis nilai rupiah seperti 5.000.000 (titik untuk ribuan, koma untuk sen)."

# "Rp", "Rp." or "IDR" in front (any case, spaces allowed); the figure with its thousands grouped by dots
# (every group of three) or not grouped at all; then optional cents after a comma (one or two digits) or
# the ",-" of a written amount. Anything else is refused rather than guessed: "7.5" may mean 7,5 or 7.500.
_RUPIAH = re.compile(
    r"(?:(?:rp\.?|idr)\s*)?(?P<bulat>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<sen>\d{1,2})|,-)?",
    re.IGNORECASE | re.ASCII,
)


def baca_rupiah(teks: str) -> Decimal:
    """The inverse of ``rupiah``/``angka_rupiah``, for what people type: ``5.000.000``, ``Rp 5.000.000``,
    ``Rp5.000.000,00``, ``Rp 5.000.000,-``, ``5000000`` and ``1.250,5`` are read; ambiguous or foreign
    writings (``7.5``, ``5,000,000``, ``5.000.000.00``, ``5 000 000``, ``-5.000``) raise ``ValueError``
    with PESAN_RUPIAH."""
    m = _RUPIAH.fullmatch((teks or "").strip())
    if not m:
        raise ValueError(PESAN_RUPIAH)
    bulat = m["bulat"].replace(".", "")
    return Decimal(f"{bulat}.{(m['sen'] or '0').ljust(2, '0')}")


# -- Other numbers written the Indonesian way (areas, volumes, coordinates) ------------------------------

PESAN_ANGKA = "Tulis angka seperti 1.234,5 (titik pemisah ribuan, koma pemisah desimal)."
PESAN_KOORDINAT = "Tulis derajat desimal seperti -7,401234 (satu koma atau satu titik sebagai pemisah desimal)."

# With thousands: groups of three after dots, then an optional decimal comma ("1.234.567,25", "1234,5", "12").
_ANGKA_ID = re.compile(r"(?P<tanda>[-−])?(?P<bulat>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<pecahan>\d+))?", re.ASCII)
# One decimal point, when it cannot be a thousands dot ("1.5", "12.75", "1234.5").
_ANGKA_TITIK = re.compile(r"(?P<tanda>[-−])?(?P<bulat>\d+)\.(?P<pecahan>\d+)", re.ASCII)
# Coordinates: never thousands; one dot or comma is the decimal point ("-7,401234", "109.345678").
_ANGKA_KOORDINAT = re.compile(r"(?P<tanda>[-−])?(?P<bulat>\d+)(?:[.,](?P<pecahan>\d+))?", re.ASCII)


def baca_angka(teks: str, *, ribuan: bool = True) -> Decimal:
    """A decimal number as people in Indonesia type it; ``ValueError`` for anything ambiguous or foreign.

    ``ribuan=True`` (amounts such as an area): the dot groups thousands and the comma is the decimal
    sign, as the page shows them: ``1.234,5`` and ``1234,5`` → 1234,5; ``1.234`` and ``1.234.567`` are
    thousands (1234, 1234567). A single dot that cannot be a thousands dot (not followed by exactly
    three digits: ``1.5``, ``12.75``, ``1234.5``) is read as a decimal point, the way a phone or a GPS
    writes it. Refused: ``1,234.5`` (English grouping), ``1.234.5``, ``1.23,4``, ``1,2,3``, ``1 234``.

    ``ribuan=False`` (coordinates, never thousands): one dot or comma is the decimal sign, ``-7,401234``
    = ``-7.401234``. A leading ``-`` or ``−`` gives a negative number."""
    teks = (teks or "").strip()
    for pola in ((_ANGKA_ID, _ANGKA_TITIK) if ribuan else (_ANGKA_KOORDINAT,)):
        m = pola.fullmatch(teks)
        if m:
            tanda = "-" if m["tanda"] else ""
            return Decimal(f"{tanda}{m['bulat'].replace('.', '')}.{m['pecahan'] or '0'}")
    raise ValueError(PESAN_ANGKA if ribuan else PESAN_KOORDINAT)


def tulis_angka(nilai, *, ribuan: bool = True) -> str:
    """The inverse of ``baca_angka``: ``Decimal("1234.5000")`` → ``1.234,5`` (no trailing zeros);
    without ``ribuan`` no grouping: ``-7.401234`` → ``-7,401234``."""
    angka = Decimal(str(nilai)).normalize()
    if angka == angka.to_integral_value():
        angka = angka.quantize(Decimal(1))
    tanda = "-" if angka < 0 else ""
    bulat, _, pecahan = f"{abs(angka):f}".partition(".")
    if ribuan:
        bulat = f"{int(bulat):,}".replace(",", ".")
    return tanda + bulat + ("," + pecahan if pecahan else "")


def romawi(n: int) -> str:
    """``12`` → ``XII`` (chapter numbers, lampiran numbers)."""
    if not 0 < n < 4000:
        raise ValueError(f"angka romawi hanya untuk 1–3999, bukan {n}")
    hasil = []
    for nilai, huruf in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):
        while n >= nilai:
            hasil.append(huruf)
            n -= nilai
    return "".join(hasil)


def daftar_dan(bagian: Iterable[str], penghubung: str = "dan") -> str:
    """``["A", "B", "C"]`` → ``A, B dan C`` (the drafting style of a Peraturan Bersama title)."""
    bagian = [b for b in bagian if b]
    if len(bagian) <= 1:
        return "".join(bagian)
    return f"{', '.join(bagian[:-1])} {penghubung} {bagian[-1]}"


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: ``2026`` → ``dua ribu dua puluh enam`` (dates in an agreement)."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATUAN[n] if n else "nol"
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh" + (f" {_SATUAN[sisa]}" if sisa else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        ratus, sisa = divmod(n, 100)
        return f"{_SATUAN[ratus]} ratus" + (f" {terbilang(sisa)}" if sisa else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for besar, nama in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= besar:
            depan, sisa = divmod(n, besar)
            return f"{terbilang(depan)} {nama}" + (f" {terbilang(sisa)}" if sisa else "")
    raise AssertionError("unreachable")


def tanggal_terbilang(nilai: dt.date) -> str:
    """The opening of an agreement: ``Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam``."""
    return (
        f"{hari(nilai)} tanggal {terbilang(nilai.day)} bulan {BULAN[nilai.month - 1]} "
        f"tahun {terbilang(nilai.year)}"
    )


# Words that keep their capital at the start of a label inside a sentence: always (a name by itself), or when the
# next word is capitalised too (a name of several words: "Musyawarah Desa", "Peraturan Bersama", "Berita Desa",
# but "musyawarah para pihak", "berita acara", "surat keputusan").
NAMA_SENDIRI = frozenset({"Musdes", "Musrenbang", "Dinas"})
AWAL_NAMA = frozenset({"Musyawarah", "Dana", "Alokasi", "Peraturan", "Perjanjian", "Berita", "Surat", "Keputusan",
                       "Kepala", "Badan"})


def huruf_kecil_awal(teks: str) -> str:
    """A label placed inside a sentence ("… — disetujui Musdes desa pemrakarsa: konfirmasi RPJM Desa …"): only
    its first letter is lower-cased, and not even that when it begins with an abbreviation (two capitals or
    more: RPJM, BPD, MAD, BKAD, APB, BUM) or a name (Musdes, Dinas PMD, Musyawarah Desa, Dana Desa, Peraturan
    Bersama, Berita Desa …). Never ``str.lower()`` on a label: it turns "Anggota BPD" into "anggota bpd"."""
    teks = str(teks or "")
    kata = teks.split(maxsplit=2)
    if not kata:
        return teks
    awal = kata[0].rstrip(".,;:")
    if sum(c.isupper() for c in awal) >= 2 or awal in NAMA_SENDIRI:
        return teks
    if awal in AWAL_NAMA and len(kata) > 1 and kata[1][:1].isupper():
        return teks
    return teks[0].lower() + teks[1:]
