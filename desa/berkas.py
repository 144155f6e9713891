"""Files in and out of the desa app: CSV/XLSX exports of the desa and profile lists, and the import of
village profiles from XLSX with a preview and a row-level error report. No HTTP here: the page views
in ``views_berkas.py`` only parse the request, call these functions and choose a template.

Exports read through ``desa.queries`` (so they show exactly the user's scope) with ``values_list``
and a server-side cursor: one query whatever the number of rows, and the national list of 83,762
desa never sits in memory as model instances.

The import is two-step. ``impor_analisis`` reads the workbook and decides, for every row, what would
happen (buat / ubah / tanpa perubahan) or why it cannot (a ``Galat`` with row, column, message and
rule id), without writing. Confirming creates an ``ImporProfil`` job (``impor_mulai``) that keeps the
workbook and queues a Celery task; the task (``impor_jalankan``) runs ``impor_terapkan``, which re-runs
the analysis and writes every row through ``services.profil_simpan_banyak`` inside one transaction:
all rows or none. The job row carries the progress, then the outcome, for the page to poll.
"""

from __future__ import annotations

import csv
import logging
import re
import tempfile
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from inti.errors import AturanDilanggar
from inti.teks import PANJANG_CATATAN, pesan_terlalu_panjang

from . import aturan, queries, services
from .choices import JenisDesa, Klasifikasi, StatusImpor
from .models import TAHUN_PROFIL_AWAL, Desa, DesaProfil, ImporProfil, periksa_tahun_profil

logger = logging.getLogger(__name__)

MAKS_UKURAN = 5 * 1024 * 1024  # bytes of an uploaded workbook
MAKS_BARIS = 5000  # data rows per import
MAKS_KOLOM = 80  # columns read from the header row (the template has about 30)
TANDA_KOSONGKAN = "-"  # a cell holding only this clears the value; an empty cell leaves it as it is
UMUR_BERKAS_SEMENTARA = 24 * 3600  # seconds an uploaded file waits for its confirmation

PESAN_DI_LUAR_WILAYAH = "Kode desa tidak ditemukan di wilayah Anda."
PESAN_TIDAK_BERWENANG = "Anda tidak berwenang mengubah profil desa ini."

AKSI_BUAT = "buat"
AKSI_UBAH = "ubah"
AKSI_TETAP = "tanpa perubahan"


# -- Filters shared by both exports ----------------------------------------------------------------

class SaringSalah(Exception):
    """A filter parameter of an export link is malformed (the view answers 400 with this message)."""


def desa_tersaring(user, params) -> QuerySet[Desa]:
    """The user's desa narrowed by the region browser's own filter vocabulary (``DesaFilterSet``:
    ``kode``, ``provinsi``, ``kabupaten``, ``kecamatan``, ``jenis``, ``q``); never wider than the scope."""
    from .filtersets import DesaFilterSet

    fs = DesaFilterSet(data=params, queryset=queries.desa_list(user))
    if not fs.is_valid():
        raise SaringSalah(" ".join(str(m) for errs in fs.errors.values() for m in errs))
    return fs.qs


def _tahun(params) -> int | None:
    nilai = (params.get("tahun") or "").strip()
    if not nilai:
        return None
    if not re.fullmatch(r"\d{4}", nilai):
        raise SaringSalah("Tahun data harus empat angka, mis. 2025.")
    return int(nilai)


# -- Columns -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kolom:
    """One column of an exported or imported sheet: its key, its Indonesian header and its guidance."""

    nama: str
    judul: str
    petunjuk: str = ""
    wajib: bool = False
    info: bool = False  # shown for the reader (nama desa, kecamatan …); ignored when importing
    lebar: int = 14


KOLOM_DESA = [
    Kolom("kode", "Kode", lebar=16),
    Kolom("nama", "Nama", lebar=28),
    Kolom("jenis", "Jenis", lebar=11),
    Kolom("kecamatan", "Kecamatan", lebar=22),
    Kolom("kabupaten", "Kabupaten/Kota", lebar=26),
    Kolom("provinsi", "Provinsi", lebar=22),
]
_JALUR_DESA = [
    "kode",
    "nama",
    "jenis",
    "kecamatan__nama",
    "kecamatan__kabupaten__nama",
    "kecamatan__kabupaten__provinsi__nama",
]


def _petunjuk_field(f: models.Field) -> str:
    if f.choices:
        isi = "Salah satu: " + ", ".join(str(label) for _, label in f.choices) + "."
    elif isinstance(f, models.DecimalField):
        isi = f"Angka, paling banyak {f.decimal_places} angka di belakang koma (titik atau koma sebagai pemisah desimal)."
    elif isinstance(f, models.IntegerField):
        isi = "Bilangan bulat, 0 atau lebih."
    else:
        isi = f"Teks, paling panjang {f.max_length} karakter." if getattr(f, "max_length", None) else "Teks."
    extra = str(f.help_text or "")
    return f"{isi} {extra}".strip()


def _kolom_profil() -> list[Kolom]:
    kolom = [
        Kolom("kode_desa", "Kode desa", "Kode Kemendagri desa, mis. 33.03.06.2015 atau 3303062015 (R28). Harus desa di wilayah Anda; "
              "kelurahan tidak memiliki profil desa (R32).", wajib=True, lebar=16),
        Kolom("nama_desa", "Nama desa", "Hanya keterangan; tidak dibaca saat impor.", info=True, lebar=22),
        Kolom("kecamatan", "Kecamatan", "Hanya keterangan; tidak dibaca saat impor.", info=True, lebar=18),
        Kolom("kabupaten", "Kabupaten/Kota", "Hanya keterangan; tidak dibaca saat impor.", info=True, lebar=22),
        Kolom("tahun_data", "Tahun data", f"Tahun data profil, {TAHUN_PROFIL_AWAL} sampai tahun depan. Satu baris per desa per tahun.", wajib=True, lebar=11),
    ]
    for name in services.PROFIL_FIELDS:
        f = DesaProfil._meta.get_field(name)
        wajib = not f.blank
        kolom.append(Kolom(name, capfirst(str(f.verbose_name)), _petunjuk_field(f), wajib=wajib,
                           lebar=24 if isinstance(f, models.CharField) and not f.choices else 14))
    return kolom


KOLOM_PROFIL = _kolom_profil()
KOLOM_PROFIL_EKSPOR = KOLOM_PROFIL + [Kolom("updated_at", "Terakhir diubah", info=True, lebar=18)]
_JALUR_PROFIL = [
    "desa__kode",
    "desa__nama",
    "desa__kecamatan__nama",
    "desa__kecamatan__kabupaten__nama",
    "tahun_data",
    *services.PROFIL_FIELDS,
    "updated_at",
]

_LABEL_JENIS = dict(JenisDesa.choices)
_LABEL_PILIHAN = {
    name: {str(v): str(label) for v, label in DesaProfil._meta.get_field(name).choices}
    for name in services.PROFIL_FIELDS
    if DesaProfil._meta.get_field(name).choices
}


# -- Export rows -----------------------------------------------------------------------------------------

def desa_baris(user, params) -> Iterator[tuple]:
    """The desa list rows of ``user``'s scope, filtered; one query on a server-side cursor."""
    qs = desa_tersaring(user, params).values_list(*_JALUR_DESA)  # raises SaringSalah now, not mid-stream

    def _baris():
        for kode, nama, jenis, kec, kab, prov in qs.iterator(chunk_size=2000):
            yield (kode, nama, _LABEL_JENIS.get(jenis, jenis), kec, kab, prov)

    return _baris()


def profil_baris(user, params) -> Iterator[tuple]:
    """One row per desa × tahun_data with every profile field; one query on a server-side cursor.

    Filters: those of the desa list, plus ``tahun`` (the data year)."""
    qs = queries.profil_list(user)
    if any(params.get(k) for k in ("kode", "provinsi", "kabupaten", "kecamatan", "jenis", "q")):
        qs = qs.filter(desa__in=desa_tersaring(user, params).values("pk"))
    tahun = _tahun(params)
    if tahun:
        qs = qs.filter(tahun_data=tahun)
    return _profil_baris(qs)


def _profil_baris(qs) -> Iterator[tuple]:
    pilihan = [(i, _LABEL_PILIHAN[name]) for i, name in enumerate(_JALUR_PROFIL) if name in _LABEL_PILIHAN]
    akhir = len(_JALUR_PROFIL) - 1
    for row in qs.values_list(*_JALUR_PROFIL).iterator(chunk_size=2000):
        row = list(row)
        for i, labels in pilihan:
            row[i] = labels.get(row[i], row[i])
        if row[akhir] is not None:
            row[akhir] = timezone.localtime(row[akhir]).strftime("%Y-%m-%d %H:%M")
        yield tuple(row)


# -- Writers -------------------------------------------------------------------------------------------------

class _Gema:
    """A file-like object whose write() hands back what it was given (for csv.writer in a stream)."""

    def write(self, value: str) -> str:
        return value


def csv_alir(kolom: list[Kolom], baris: Iterable[tuple]) -> Iterator[bytes]:
    """CSV lines one by one, UTF-8 with a BOM so spreadsheet programs read the names right."""
    tulis = csv.writer(_Gema())
    yield "\ufeff".encode() + tulis.writerow([k.judul for k in kolom]).encode()
    for row in baris:
        yield tulis.writerow(["" if v is None else v for v in row]).encode()


def xlsx_tulis(kolom: list[Kolom], baris: Iterable[tuple], *, judul_lembar: str) -> IO[bytes]:
    """An XLSX in a temporary file (write-only mode streams rows to disk), rewound for reading."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(judul_lembar)
    _tulis_kepala(ws, kolom)
    for row in baris:
        ws.append(row)
    berkas = tempfile.TemporaryFile()
    wb.save(berkas)
    berkas.seek(0)
    return berkas


def _tulis_kepala(ws, kolom: list[Kolom]) -> None:
    from openpyxl.utils import get_column_letter

    for i, k in enumerate(kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = k.lebar
    ws.freeze_panes = "A2"
    tebal = Font(bold=True)
    kepala = []
    for k in kolom:
        cell = WriteOnlyCell(ws, value=k.judul)
        cell.font = tebal
        kepala.append(cell)
    ws.append(kepala)


CONTOH_PROFIL = {
    "kode_desa": "33.03.06.2015",
    "nama_desa": "Klapasawit",
    "kecamatan": "Kalimanah",
    "kabupaten": "Kabupaten Purbalingga",
    "tahun_data": 2025,
    "luas_ha": Decimal("149.124"),
    "luas_sumber": "Kepmendagri 2025",
    "jumlah_penduduk": 3424,
    "jumlah_laki": 1720,
    "jumlah_perempuan": 1704,
    "jumlah_kk": 1105,
    "jumlah_dusun": 3,
    "jumlah_rw": 6,
    "jumlah_rt": 24,
    "kode_pos": "53371",
    "lintang": Decimal("-7.401234"),
    "bujur": Decimal("109.345678"),
    "klasifikasi": str(Klasifikasi.PERDESAAN.label),
    "sumber_data": "BPS 2021",
}


def templat_impor() -> IO[bytes]:
    """The import template: the profile sheet (headers + one example row) and a sheet explaining each column."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Profil desa")
    _tulis_kepala(ws, KOLOM_PROFIL)
    ws.append([CONTOH_PROFIL.get(k.nama) for k in KOLOM_PROFIL])

    petunjuk = wb.create_sheet("Petunjuk")
    petunjuk.column_dimensions["A"].width = 24
    petunjuk.column_dimensions["B"].width = 8
    petunjuk.column_dimensions["C"].width = 90
    for teks in (
        "Cara mengisi templat impor profil desa",
        "1. Isi satu baris per desa per tahun data pada lembar 'Profil desa'. Baris 2 adalah contoh: hapus "
        "atau timpa sebelum mengunggah (baris contoh yang tidak diubah dilewati).",
        "2. Kolom bertanda 'ya' wajib ada. Desa yang belum punya profil untuk tahun itu dibuat baru; yang sudah "
        "ada diubah.",
        f"3. Sel kosong tidak mengubah nilai yang sudah ada. Untuk mengosongkan nilai, isi sel dengan tanda "
        f"'{TANDA_KOSONGKAN}'.",
        f"4. Paling banyak {_angka(MAKS_BARIS)} baris dan {MAKS_UKURAN // (1024 * 1024)} MB per berkas (.xlsx). "
        "Sebelum disimpan, Anda melihat pratinjau setiap baris dan daftar galat; tidak ada yang disimpan "
        "bila satu baris pun bergalat.",
        "",
    ):
        petunjuk.append([teks])
    tebal = Font(bold=True)
    kepala = []
    for teks in ("Kolom", "Wajib", "Isi dan keterangan"):
        cell = WriteOnlyCell(petunjuk, value=teks)
        cell.font = tebal
        kepala.append(cell)
    petunjuk.append(kepala)
    for k in KOLOM_PROFIL:
        petunjuk.append([k.judul, "ya" if k.wajib else "", k.petunjuk])

    berkas = tempfile.TemporaryFile()
    wb.save(berkas)
    berkas.seek(0)
    return berkas


# -- Import: the uploaded file ------------------------------------------------------------------------------

class BerkasDitolak(Exception):
    """The whole file is refused (not an XLSX, too large, empty, missing columns, too many rows)."""

    def __init__(self, pesan: str):
        self.pesan = pesan
        super().__init__(pesan)


MAGIC_ZIP = b"PK\x03\x04"
MAGIC_OLE = b"\xd0\xcf\x11\xe0"  # the old .xls format


def periksa_unggahan(nama: str, ukuran: int, awal: bytes) -> None:
    """Refuse an upload by its size, extension and first bytes, before anything parses it."""
    if ukuran > MAKS_UKURAN:
        besar = f"{ukuran / (1024 * 1024):.1f}".replace(".", ",")
        raise BerkasDitolak(
            f"Berkas terlalu besar ({besar} MB); batasnya {MAKS_UKURAN // (1024 * 1024)} MB. "
            "Bagi data menjadi beberapa berkas."
        )
    if ukuran == 0:
        raise BerkasDitolak("Berkas kosong.")
    if awal.startswith(MAGIC_OLE):
        raise BerkasDitolak("Berkas ini format Excel lama (.xls). Simpan ulang sebagai .xlsx (Excel Workbook), lalu unggah lagi.")
    if not nama.lower().endswith(".xlsx") or not awal.startswith(MAGIC_ZIP):
        raise BerkasDitolak("Berkas harus berformat Excel .xlsx. Unduh templat impor dan isi data di sana.")


def _norm(teks: Any) -> str:
    return re.sub(r"\s+", " ", str(teks or "")).strip().rstrip("*").strip().lower()


_PETA_JUDUL = {}
for _k in KOLOM_PROFIL_EKSPOR:
    _PETA_JUDUL[_norm(_k.judul)] = _k
    _PETA_JUDUL[_norm(_k.nama)] = _k
_KOLOM_MENURUT_NAMA = {k.nama: k for k in KOLOM_PROFIL_EKSPOR}


@dataclass
class Lembar:
    """What was read from the workbook: the columns found, the data rows with their sheet row numbers."""

    kolom: dict[int, Kolom]  # position in the row → column
    baris: list[tuple[int, tuple]]
    peringatan: list[str] = field(default_factory=list)


MAKS_ISI_ZIP = 200 * 1024 * 1024  # bytes once unpacked: a 5 MB file claiming more is a zip bomb


def baca_lembar(path_or_file) -> Lembar:
    """Read the profile sheet: header row, then at most MAKS_BARIS non-empty data rows."""
    tidak_terbaca = "Berkas tidak dapat dibaca sebagai Excel .xlsx; mungkin rusak atau bukan XLSX."
    try:
        with zipfile.ZipFile(path_or_file) as arsip:
            if sum(info.file_size for info in arsip.infolist()) > MAKS_ISI_ZIP:
                raise BerkasDitolak("Isi berkas terlalu besar setelah dibuka; bagi data menjadi beberapa berkas.")
        if hasattr(path_or_file, "seek"):
            path_or_file.seek(0)
        wb = load_workbook(path_or_file, read_only=True, data_only=True)
    except BerkasDitolak:
        raise
    except Exception as exc:  # BadZipFile, KeyError, openpyxl's InvalidFileException, XML parser errors …
        raise BerkasDitolak(tidak_terbaca) from exc
    try:
        ws = wb["Profil desa"] if "Profil desa" in wb.sheetnames else wb.worksheets[0]
        rows = enumerate(ws.iter_rows(values_only=True, max_col=MAKS_KOLOM), start=1)
        kepala = None
        for _, row in rows:
            if not _baris_kosong(row):
                kepala = row
                break
        if kepala is None:
            raise BerkasDitolak("Lembar kosong: tidak ada baris judul kolom maupun data.")
        kolom: dict[int, Kolom] = {}
        peringatan = []
        for i, judul in enumerate(kepala):
            if judul in (None, ""):
                continue
            k = _PETA_JUDUL.get(_norm(judul))
            if k is None:
                peringatan.append(f"Kolom “{judul}” tidak dikenal dan diabaikan.")
            elif k in kolom.values():
                raise BerkasDitolak(f"Kolom “{k.judul}” muncul lebih dari sekali.")
            else:
                kolom[i] = k
        hilang = [k.judul for k in KOLOM_PROFIL if k.wajib and k not in kolom.values()]
        if hilang:
            raise BerkasDitolak("Kolom wajib tidak ada: " + ", ".join(hilang) + ". Gunakan templat impor.")
        baris: list[tuple[int, tuple]] = []
        for nomor, row in rows:
            if _baris_kosong(row):
                continue
            baris.append((nomor, row))
            if len(baris) > MAKS_BARIS:
                raise BerkasDitolak(f"Berkas berisi lebih dari {_angka(MAKS_BARIS)} baris data; bagi menjadi beberapa berkas.")
        if not baris:
            raise BerkasDitolak("Lembar tidak berisi data: hanya ada baris judul kolom.")
        return Lembar(kolom=kolom, baris=baris, peringatan=peringatan)
    finally:
        wb.close()


def _baris_kosong(row: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _angka(n: int) -> str:
    """5000 → ``5.000`` (Indonesian thousand separator)."""
    return f"{n:,}".replace(",", ".")


# -- Import: reading one cell ----------------------------------------------------------------------------

class _NilaiSalah(Exception):
    pass


class _TeksTerlaluPanjang(_NilaiSalah):
    """A text cell longer than its field: the row error carries inti's message as it is."""

    def __init__(self, maks: int):
        self.pesan = pesan_terlalu_panjang(maks)
        super().__init__(self.pesan)


_KOSONG = object()  # the cell was empty: leave the value as it is


def _teks(nilai: Any) -> str:
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    if isinstance(nilai, datetime):
        return nilai.strftime("%Y-%m-%d")
    return str(nilai).strip()


def _bulat(nilai: Any) -> int:
    if isinstance(nilai, bool):
        raise _NilaiSalah("harus bilangan bulat")
    if isinstance(nilai, int):
        return nilai
    if isinstance(nilai, float):
        if nilai.is_integer():
            return int(nilai)
        raise _NilaiSalah("harus bilangan bulat, tanpa angka di belakang koma")
    teks = str(nilai).strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", teks):  # 3.424 written with Indonesian thousand separators
        teks = teks.replace(".", "")
    if not re.fullmatch(r"-?\d+", teks):
        raise _NilaiSalah(f"“{nilai}” bukan bilangan bulat")
    return int(teks)


def _desimal(nilai: Any, f: models.DecimalField) -> Decimal:
    if isinstance(nilai, bool):
        raise _NilaiSalah("harus angka")
    if isinstance(nilai, (int, float)):
        # A spreadsheet stores binary floats (12.3 may come back as 12.300000000000001): round to the field.
        return Decimal(repr(nilai)).quantize(Decimal(1).scaleb(-f.decimal_places)).normalize()
    teks = str(nilai).strip().replace(" ", "")
    if "," in teks and "." not in teks:
        teks = teks.replace(",", ".")
    try:
        hasil = Decimal(teks)
    except InvalidOperation:
        raise _NilaiSalah(f"“{nilai}” bukan angka") from None
    if not hasil.is_finite():
        raise _NilaiSalah(f"“{nilai}” bukan angka")
    return hasil


def _pilihan(nilai: Any, f: models.Field) -> str:
    teks = _norm(nilai)
    for value, label in f.choices:
        if teks in (_norm(value), _norm(label)):
            return value
    raise _NilaiSalah("harus salah satu dari: " + ", ".join(str(label) for _, label in f.choices))


def baca_sel(nama: str, nilai: Any) -> Any:
    """The Python value of one profile cell, ``_KOSONG`` for an empty cell, or ``_NilaiSalah``."""
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return _KOSONG
    f = DesaProfil._meta.get_field(nama)
    if isinstance(nilai, str) and nilai.strip() == TANDA_KOSONGKAN:
        return None if f.null else ""
    if f.choices:
        return _pilihan(nilai, f)
    if isinstance(f, models.DecimalField):
        return _desimal(nilai, f)
    if isinstance(f, models.IntegerField):
        return _bulat(nilai)
    teks = _teks(nilai)
    maks = f.max_length or PANJANG_CATATAN  # a TextField column gets inti's bound for notes
    if len(teks) > maks:
        raise _TeksTerlaluPanjang(maks)
    return teks


# -- Import: analysis ----------------------------------------------------------------------------------------

@dataclass
class Galat:
    """One problem in the file: sheet row number (0 for the whole file), column header, message, rule id."""

    baris: int
    kolom: str
    pesan: str
    aturan: str = ""


@dataclass
class BarisImpor:
    nomor: int
    kode: str
    tahun: int | None
    desa: Desa | None = None
    aksi: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    perubahan: list[tuple[str, Any, Any]] = field(default_factory=list)  # (header, before, after)
    galat: list[Galat] = field(default_factory=list)


@dataclass
class HasilImpor:
    baris: list[BarisImpor]
    peringatan: list[str]

    @property
    def galat(self) -> list[Galat]:
        return [g for b in self.baris for g in b.galat]

    @property
    def sah(self) -> bool:
        return not self.galat

    @property
    def ada_perubahan(self) -> bool:
        """Whether confirming would write anything: a row to create or to change (and no row in error)."""
        return self.sah and any(b.aksi in (AKSI_BUAT, AKSI_UBAH) for b in self.baris)

    def hitung(self) -> dict[str, int]:
        """Rows per outcome, keyed buat / ubah / tetap / galat (names a template can use)."""
        kunci = {AKSI_BUAT: "buat", AKSI_UBAH: "ubah", AKSI_TETAP: "tetap"}
        jumlah = {"buat": 0, "ubah": 0, "tetap": 0, "galat": 0}
        for b in self.baris:
            if b.galat:
                jumlah["galat"] += 1
            elif b.aksi:
                jumlah[kunci[b.aksi]] += 1
        return jumlah


def impor_analisis(user, sumber) -> HasilImpor:
    """Read the workbook and decide what every row would do, writing nothing.

    Queries: one for the desa named in the file (within the user's scope), one for their existing
    profiles, whatever the number of rows.
    """
    lembar = baca_lembar(sumber)
    boleh = user.has_perm("desa.change_desaprofil")
    posisi = {k.nama: i for i, k in lembar.kolom.items()}
    isian = [(i, k) for i, k in lembar.kolom.items() if not k.info and k.nama not in ("kode_desa", "tahun_data")]
    judul_kode = _KOLOM_MENURUT_NAMA["kode_desa"].judul
    judul_tahun = _KOLOM_MENURUT_NAMA["tahun_data"].judul

    def sel(row: tuple, nama: str):
        i = posisi.get(nama)
        return row[i] if i is not None and i < len(row) else None

    hasil: list[BarisImpor] = []
    peringatan = list(lembar.peringatan)
    for nomor, row in lembar.baris:
        if _baris_contoh(row, lembar.kolom):
            peringatan.append(f"Baris {nomor} adalah baris contoh dari templat dan dilewati.")
            continue
        tertulis = _teks(sel(row, "kode_desa")) if sel(row, "kode_desa") is not None else ""
        kode = aturan.normalkan_kode(tertulis)  # 3303062015 (or a number cell) → 33.03.06.2015
        b = BarisImpor(nomor=nomor, kode=kode, tahun=None)
        hasil.append(b)
        if not kode:
            b.galat.append(Galat(nomor, judul_kode, "Kode desa wajib diisi."))
        else:
            try:
                aturan.periksa_kode(kode, 4)
            except AturanDilanggar as exc:
                try:  # name the code as the file wrote it, not as it was normalised
                    aturan.periksa_kode(tertulis, 4)
                except AturanDilanggar as asli:
                    exc = asli
                b.galat.append(Galat(nomor, judul_kode, exc.pesan, exc.kode))
        nilai_tahun = sel(row, "tahun_data")
        if nilai_tahun in (None, ""):
            b.galat.append(Galat(nomor, judul_tahun, "Tahun data wajib diisi."))
        else:
            try:
                b.tahun = _bulat(nilai_tahun)
            except _NilaiSalah as exc:
                b.tahun = None
                b.galat.append(Galat(nomor, judul_tahun, f"Tahun data {exc}."))
            else:
                if pesan := periksa_tahun_profil(b.tahun):
                    b.tahun = None
                    b.galat.append(Galat(nomor, judul_tahun, pesan))
        for i, k in isian:
            try:
                nilai = baca_sel(k.nama, row[i] if i < len(row) else None)
            except _TeksTerlaluPanjang as exc:
                b.galat.append(Galat(nomor, k.judul, exc.pesan))
                continue
            except _NilaiSalah as exc:
                b.galat.append(Galat(nomor, k.judul, f"{k.judul} {exc}."))
                continue
            if nilai is not _KOSONG:
                b.data[k.nama] = nilai

    if not hasil:
        raise BerkasDitolak("Lembar tidak berisi data selain baris contoh templat.")

    # One query for the desa, one for their profiles.
    kode_sah = {b.kode for b in hasil if b.kode and aturan.tingkat_kode(b.kode) == 4}
    desa_menurut_kode = {d.kode: d for d in queries.desa_list(user).filter(kode__in=kode_sah)} if boleh else {}
    ada = {
        (p.desa_id, p.tahun_data): p
        for p in queries.profil_list(user).filter(desa__in=list(desa_menurut_kode.values()))
    } if desa_menurut_kode else {}

    sudah: dict[tuple[str, int], int] = {}
    for b in hasil:
        if not b.kode or aturan.tingkat_kode(b.kode) != 4:
            continue
        b.desa = desa_menurut_kode.get(b.kode)
        if b.desa is None:
            b.galat.append(Galat(b.nomor, judul_kode, PESAN_DI_LUAR_WILAYAH if boleh else PESAN_TIDAK_BERWENANG))
            continue
        try:
            aturan.pastikan_desa(b.desa)
        except AturanDilanggar as exc:
            b.galat.append(Galat(b.nomor, judul_kode, exc.pesan, exc.kode))
            continue
        if b.tahun is None:
            continue
        kunci = (b.kode, b.tahun)
        if kunci in sudah:
            b.galat.append(Galat(b.nomor, judul_tahun,
                                 f"Desa {b.kode} tahun {b.tahun} sudah ada di baris {sudah[kunci]}; satu baris per desa per tahun."))
            continue
        sudah[kunci] = b.nomor
        lama = ada.get((b.desa.pk, b.tahun))
        _rencanakan(b, lama)
    return HasilImpor(baris=hasil, peringatan=peringatan)


def _baris_contoh(row: tuple, kolom: dict[int, Kolom]) -> bool:
    """The template's example row, left as it was (by value, so a re-saved template still matches)."""
    if set(kolom.values()) != set(KOLOM_PROFIL):
        return False
    harapan = {k.nama: CONTOH_PROFIL.get(k.nama) for k in KOLOM_PROFIL}
    for i, k in kolom.items():
        nilai = row[i] if i < len(row) else None
        mau = harapan[k.nama]
        if mau is None:
            if nilai not in (None, ""):
                return False
        elif isinstance(mau, Decimal):
            try:
                if Decimal(repr(nilai)) != mau and Decimal(str(nilai)) != mau:
                    return False
            except InvalidOperation:
                return False
        elif _teks(nilai) != str(mau):
            return False
    return True


def _rencanakan(b: BarisImpor, lama: DesaProfil | None) -> None:
    """Decide buat/ubah/tanpa perubahan and validate the resulting profile in memory (no query)."""
    profil = DesaProfil(desa=b.desa, tahun_data=b.tahun) if lama is None else lama
    for nama, nilai in b.data.items():
        sebelum = getattr(profil, nama)
        if lama is not None and sebelum != nilai and not (sebelum in (None, "") and nilai in (None, "")):
            judul = _KOLOM_MENURUT_NAMA[nama].judul
            b.perubahan.append((judul, _tampil(nama, sebelum), _tampil(nama, nilai)))
        setattr(profil, nama, nilai)
    try:
        # The desa is known and in scope; uniqueness is what ``lama`` already tells.
        profil.full_clean(exclude=["desa", "created_by", "updated_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for nama, pesan_pesan in exc.message_dict.items():
            kolom = _KOLOM_MENURUT_NAMA.get(nama)
            for pesan in pesan_pesan:
                b.galat.append(Galat(b.nomor, kolom.judul if kolom else "—", pesan))
        return
    if lama is None:
        b.aksi = AKSI_BUAT
    elif b.perubahan:
        b.aksi = AKSI_UBAH
    else:
        b.aksi = AKSI_TETAP


def _tampil(nama: str, nilai: Any) -> str:
    if nilai in (None, ""):
        return "(kosong)"
    if nama in _LABEL_PILIHAN:
        return _LABEL_PILIHAN[nama].get(nilai, str(nilai))
    return str(nilai)


# -- Import: applying ----------------------------------------------------------------------------------------

class ImporGagal(Exception):
    """Nothing was written; ``galat`` says why (the analysis found errors, or a row failed on writing)."""

    def __init__(self, hasil: HasilImpor, galat: list[Galat]):
        self.hasil = hasil
        self.galat = galat
        super().__init__("; ".join(g.pesan for g in galat))


@dataclass
class Ringkasan:
    dibuat: int
    diubah: int
    tetap: int
    peringatan: list[str]
    total: int = 0


def impor_terapkan(
    *, user, sumber, label: str = "", konteks: dict | None = None,
    progres: Callable[[int, int], None] | None = None,
) -> Ringkasan:
    """Re-validate the workbook and write all its rows in one transaction (``services.profil_simpan_banyak``).

    Raises ``BerkasDitolak`` for a refused file and ``ImporGagal`` when any row has an error, naming the
    sheet row; in both cases nothing is written. ``progres(done, total)`` follows the rows written;
    ``konteks`` is added to the audit context of every change (with ``impor_profil=label``).
    """
    hasil = impor_analisis(user, sumber)
    if not hasil.sah:
        raise ImporGagal(hasil, hasil.galat)
    tulis = [b for b in hasil.baris if b.aksi != AKSI_TETAP]
    total = len(hasil.baris)
    lewati = total - len(tulis)  # unchanged in the analysis: nothing to write

    def lapor(selesai: int, _jumlah: int) -> None:
        if progres:
            progres(lewati + selesai, total)

    with transaction.atomic(), pghistory.context(impor_profil=label or "berkas XLSX", **(konteks or {})):
        try:
            hasil_tulis = services.profil_simpan_banyak(
                profil=[services.ProfilMasuk(desa=b.desa, tahun_data=b.tahun, data=b.data) for b in tulis],
                oleh=user, progres=lapor,
            )
        except services.ProfilGagal as exc:
            raise ImporGagal(hasil, _galat_tulis(tulis[exc.indeks].nomor, exc.sebab)) from exc
    return Ringkasan(dibuat=hasil_tulis.dibuat, diubah=hasil_tulis.diubah, tetap=lewati + hasil_tulis.tetap,
                     peringatan=hasil.peringatan, total=total)


def _galat_tulis(nomor: int, sebab: Exception) -> list[Galat]:
    """The error of the row the service refused, in the preview's shape."""
    if isinstance(sebab, AturanDilanggar):
        return [Galat(nomor, _KOLOM_MENURUT_NAMA["kode_desa"].judul, sebab.pesan, sebab.kode)]
    if isinstance(sebab, PermissionDenied):
        return [Galat(nomor, _KOLOM_MENURUT_NAMA["kode_desa"].judul, PESAN_TIDAK_BERWENANG)]
    if isinstance(sebab, ValidationError):
        if hasattr(sebab, "error_dict"):
            return [
                Galat(nomor, _KOLOM_MENURUT_NAMA[nama].judul if nama in _KOLOM_MENURUT_NAMA else "—", pesan)
                for nama, daftar in sebab.message_dict.items() for pesan in daftar
            ]
        return [Galat(nomor, "—", pesan) for pesan in sebab.messages]
    if isinstance(sebab, DatabaseError):
        rinci = str(sebab).strip().splitlines()[0] if str(sebab).strip() else type(sebab).__name__
        return [Galat(nomor, "—", f"Basis data menolak baris ini: {rinci}")]
    return [Galat(nomor, "—", str(sebab))]


# -- Import: the confirmed job (a Celery task) ------------------------------------------------------------

MAKS_GALAT_DISIMPAN = 500  # row errors kept on a failed job (the count of all is in its message)
JEDA_PROGRES = 0.5  # seconds between two progress writes of a running job
PESAN_TAK_TERDUGA = "Terjadi kesalahan tak terduga; tidak ada data yang diubah. Coba lagi atau hubungi admin."


def impor_mulai(*, oleh, sumber: Path, nama: str) -> ImporProfil:
    """Confirm an import: keep the previewed workbook on a new job row (``MENUNGGU``) and queue
    ``impor_profil_proses`` after commit (eagerly without a broker). The caller may drop its own copy."""
    if not oleh.has_perm("desa.change_desaprofil"):
        raise PermissionDenied("Anda tidak berwenang mengimpor profil desa.")
    from .tasks import impor_profil_proses

    with transaction.atomic():
        impor = ImporProfil(dibuat_oleh=oleh, nama_berkas=(nama or "berkas.xlsx")[:255])
        with open(sumber, "rb") as f:
            impor.berkas.save(f"{uuid.uuid4().hex}.xlsx", File(f), save=False)
        impor.save()
        transaction.on_commit(lambda: impor_profil_proses.delay(impor.pk), robust=True)
    return impor


def impor_jalankan(*, impor_id: int) -> ImporProfil | None:
    """Run a queued import job: MENUNGGU → BERJALAN → SELESAI (the rows and this status in one commit)
    or GAGAL (nothing written, the errors on the row). Returns None when the job is unknown or was
    already taken (a task delivered twice runs once).

    The rows done are written on a connection of their own while the import's transaction is open, so
    the progress page sees them; the workbook is deleted once the rows are saved, and kept on failure.
    """
    diambil = ImporProfil.objects.filter(pk=impor_id, status=StatusImpor.MENUNGGU).update(
        status=StatusImpor.BERJALAN, mulai_at=timezone.now()
    )
    if not diambil:
        return None
    impor = ImporProfil.objects.select_related("dibuat_oleh").get(pk=impor_id)
    pencatat = _ProgresTerpisah(impor.pk)
    try:
        with transaction.atomic():
            ringkasan = impor_terapkan(
                user=impor.dibuat_oleh, sumber=impor.berkas.path, label=impor.nama_berkas,
                konteks={"user": impor.dibuat_oleh_id, "impor_id": impor.pk}, progres=pencatat.catat,
            )
            pencatat.tutup()  # before this transaction takes the job row's lock
            ImporProfil.objects.filter(pk=impor.pk).update(
                status=StatusImpor.SELESAI, selesai_at=timezone.now(), total=ringkasan.total,
                selesai=ringkasan.total, dibuat=ringkasan.dibuat, diubah=ringkasan.diubah, tetap=ringkasan.tetap,
                peringatan=ringkasan.peringatan, berkas="",
            )
            nama_berkas = impor.berkas.name
            transaction.on_commit(lambda: impor.berkas.storage.delete(nama_berkas))
    except BerkasDitolak as exc:
        _gagal(impor, pesan=f"Berkas ditolak: {exc.pesan}")
    except ImporGagal as exc:
        n = len(exc.galat)
        pesan = f"Tidak ada data yang diubah: {_angka(n)} galat pada berkas." if n > 1 else \
            "Tidak ada data yang diubah: satu galat pada berkas."
        _gagal(impor, pesan=pesan, galat=exc.galat, peringatan=exc.hasil.peringatan, total=len(exc.hasil.baris))
    except Exception:
        logger.exception("impor profil %s gagal", impor.pk)
        _gagal(impor, pesan=PESAN_TAK_TERDUGA)
        raise
    finally:
        pencatat.tutup()
    impor.refresh_from_db()
    return impor


PESAN_TERHENTI = ("Impor terhenti sebelum selesai (pekerja latar berhenti); tidak ada data yang diubah. "
                  "Unggah dan konfirmasi berkasnya sekali lagi.")


def impor_terhenti_tandai(impor: ImporProfil, *, sekarang: datetime | None = None) -> bool:
    """A job still BERJALAN after the task time limit has lost its worker (killed, machine restarted): its
    transaction never committed, so nothing was written. Mark it GAGAL so its owner is not left waiting on
    a bar that never moves. Returns whether it was marked."""
    batas = (sekarang or timezone.now()) - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    if impor.status != StatusImpor.BERJALAN or not impor.mulai_at or impor.mulai_at >= batas:
        return False  # read from the row already loaded: no query for a job that is fine
    n = ImporProfil.objects.filter(pk=impor.pk, status=StatusImpor.BERJALAN, mulai_at__lt=batas).update(
        status=StatusImpor.GAGAL, selesai_at=timezone.now(), pesan_galat=PESAN_TERHENTI, selesai=0,
    )
    if n:
        impor.refresh_from_db()
    return bool(n)


def _gagal(impor: ImporProfil, *, pesan: str, galat: list[Galat] = (), peringatan=(), total: int | None = None) -> None:
    nilai = {
        "status": StatusImpor.GAGAL, "selesai_at": timezone.now(), "pesan_galat": pesan, "selesai": 0,
        "galat": [asdict(g) for g in galat[:MAKS_GALAT_DISIMPAN]], "peringatan": list(peringatan),
    }
    if total is not None:
        nilai["total"] = total
    ImporProfil.objects.filter(pk=impor.pk).update(**nilai)


class _ProgresTerpisah:
    """Writes a running job's rows done on a database connection of its own (autocommit), at most every
    ``JEDA_PROGRES`` seconds, so that other requests see them while the import's transaction is still
    open. Best effort: on any database error it stops writing (the job's outcome is written by the job's
    own transaction). Not used when the job itself runs inside an outer transaction (an eager run in a
    test): there the job row is not committed yet, and its lock would make this connection wait."""

    def __init__(self, impor_id: int):
        self.impor_id = impor_id
        self._conn = None
        self._terakhir = float("-inf")
        self._mati = connection.in_atomic_block

    def catat(self, selesai: int, total: int) -> None:
        if self._mati:
            return
        sekarang = time.monotonic()
        if sekarang - self._terakhir < JEDA_PROGRES and selesai < total:
            return
        self._terakhir = sekarang
        try:
            if self._conn is None:
                self._conn = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._conn.cursor() as cur:
                    cur.execute("SET lock_timeout = '2s'")
            with self._conn.cursor() as cur:
                cur.execute(
                    f"UPDATE {ImporProfil._meta.db_table} SET selesai = %s, total = %s WHERE id = %s AND status = %s",
                    [selesai, total, self.impor_id, StatusImpor.BERJALAN],
                )
        except DatabaseError:
            logger.warning("progres impor profil %s tidak tercatat", self.impor_id, exc_info=True)
            self.tutup()

    def tutup(self) -> None:
        self._mati = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# -- Import: the file kept between preview and confirmation ------------------------------------------------

def _folder_impor() -> Path:
    return Path(settings.MEDIA_ROOT) / "impor"


def sementara_simpan(potongan: Iterable[bytes]) -> str:
    """Keep an uploaded workbook until it is confirmed; returns its token (a UUID)."""
    folder = _folder_impor()
    folder.mkdir(parents=True, exist_ok=True)
    _bersihkan(folder)
    token = uuid.uuid4().hex
    with open(folder / f"{token}.xlsx", "wb") as out:
        for bagian in potongan:
            out.write(bagian)
    return token


def sementara_path(token: str | None) -> Path | None:
    """The kept file of a token, or None (unknown, expired, or not a token at all)."""
    if not token or not re.fullmatch(r"[0-9a-f]{32}", token):
        return None
    path = _folder_impor() / f"{token}.xlsx"
    return path if path.is_file() else None


def sementara_hapus(token: str | None) -> None:
    path = sementara_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _bersihkan(folder: Path) -> None:
    """Remove kept uploads that nobody confirmed within a day."""
    batas = time.time() - UMUR_BERKAS_SEMENTARA
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < batas:
                path.unlink()
        except OSError:
            pass
