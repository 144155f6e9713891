"""Import of the national region list (Kemendagri codes) from four CSV files — issue 2, item 4.

Folder layout (../shared/data/wilayah/README.md): ``provinces.csv``, ``regencies.csv``,
``districts.csv``, ``villages.csv``; UTF-8, header row, RFC 4180 quoting.

How it works, and why:

1. Every file is read as a stream (``csv.reader``) and every row is checked with desa/aturan.py
   (R28: code form per level, child prefix = parent code, kab 01–69 / kota 71–99, jenis agrees with
   the code digits), plus: the parent exists (in the files or already in the database), no code
   appears twice, the name is not empty, numbers parse. Only compact COPY lines and one set of
   codes per level are kept in memory, never model objects.
2. If any row is bad, nothing is written: the report lists every bad row (file, line, reason).
3. Otherwise, in one transaction under ``pghistory.context(perintah="import_wilayah")``, each level
   is COPYed into a TEMP staging table and moved into its table with one
   ``INSERT … SELECT … JOIN parent … ON CONFLICT (kode) DO UPDATE … WHERE (…) IS DISTINCT FROM (…)``.
   Rows that did not change are not touched (no audit event, ``updated_at`` kept), so a second run
   reports everything unchanged. The audit triggers stay on: every created or changed region gets
   its pghistory event, attached to the import's context.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

import pghistory
from django.db import connection, transaction

from inti.errors import AturanDilanggar

from . import aturan
from .choices import JenisDesa, JenisKabupaten
from .models import KODE_SUMBER_BAKU, Desa, Kabupaten, Kecamatan, Provinsi

PERINTAH = "import_wilayah"
KODE_SUMBER = KODE_SUMBER_BAKU  # "Kepmendagri 300.2.2-2138/2025"

# Progress callback: (tahap, selesai, total). ``tahap`` is an Indonesian label such as
# "membaca villages.csv" or "menulis desa/kelurahan"; ``total`` may be None when unknown.
Progres = Callable[[str, int, "int | None"], None]

BATAS_NAMA = 100
BATAS_LUAS = Decimal("1000000000")  # numeric(12,3): below 10^9
BATAS_BILANGAN = 2_147_483_647  # PositiveIntegerField (PostgreSQL integer)
LANGKAH_PROGRES = 2_000


@dataclass(frozen=True)
class Tingkat:
    """One region level and the file that holds it."""

    nomor: int
    nama: str  # label in reports
    berkas: str
    kolom: tuple[str, ...]
    kolom_induk: str | None
    kolom_jenis: str | None
    model: type
    angka: bool  # has area and population columns


TINGKAT = (
    Tingkat(1, "provinsi", "provinces.csv",
            ("code", "name", "area_km2", "population", "population_male", "population_female"),
            None, None, Provinsi, True),
    Tingkat(2, "kabupaten/kota", "regencies.csv",
            ("code", "province_code", "name", "type", "area_km2", "population", "population_male",
             "population_female"),
            "province_code", "type", Kabupaten, True),
    Tingkat(3, "kecamatan", "districts.csv", ("code", "regency_code", "name"), "regency_code", None, Kecamatan, False),
    Tingkat(4, "desa/kelurahan", "villages.csv", ("code", "district_code", "name", "type"), "district_code", "type",
            Desa, False),
)

JENIS_SAH = {2: set(JenisKabupaten.values), 4: set(JenisDesa.values)}


@dataclass(frozen=True)
class Galat:
    """One bad row: file, line number (1 = header) and the reason in Indonesian."""

    berkas: str
    baris: int
    alasan: str

    def __str__(self) -> str:
        return f"{self.berkas} baris {self.baris}: {self.alasan}"


@dataclass
class Hitungan:
    """Counts of one level: rows read, and what happened to them."""

    dibaca: int = 0
    dibuat: int = 0
    diubah: int = 0
    tetap: int = 0


@dataclass
class Laporan:
    """What ``wilayah_import`` did. ``ditulis`` is False when any row was bad (then nothing changed)."""

    hitungan: dict[str, Hitungan] = field(default_factory=lambda: {t.nama: Hitungan() for t in TINGKAT})
    galat: list[Galat] = field(default_factory=list)
    aturan: dict[str, str] = field(default_factory=dict)  # rule id → full rule text with its article
    ditulis: bool = False

    @property
    def berhasil(self) -> bool:
        return not self.galat

    @property
    def total(self) -> Hitungan:
        jumlah = Hitungan()
        for h in self.hitungan.values():
            jumlah.dibaca += h.dibaca
            jumlah.dibuat += h.dibuat
            jumlah.diubah += h.diubah
            jumlah.tetap += h.tetap
        return jumlah


# -- COPY text format ----------------------------------------------------------------------------

_ESCAPE_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_teks(nilai) -> str:
    if nilai is None:
        return "\\N"
    return str(nilai).translate(_ESCAPE_COPY)


# -- Reading and checking ------------------------------------------------------------------------

def _hitung_baris(path: Path) -> int:
    """Data lines of a file (physical lines minus the header), for the progress total."""
    n = 0
    with open(path, "rb") as f:
        while blok := f.read(1 << 20):
            n += blok.count(b"\n")
    return max(n - 1, 0)


def _luas(teks: str, kolom: str) -> tuple[Decimal | None, str | None]:
    teks = teks.strip()
    if not teks:
        return None, None
    try:
        nilai = Decimal(teks)
    except InvalidOperation:
        return None, f"{kolom} {teks!r} bukan angka."
    if not nilai.is_finite() or nilai < 0 or nilai >= BATAS_LUAS:
        return None, f"{kolom} {teks!r} harus angka 0 sampai di bawah 1.000.000.000."
    return nilai, None


def _bilangan(teks: str, kolom: str) -> tuple[int | None, str | None]:
    teks = teks.strip()
    if not teks:
        return None, None
    if not teks.isdigit() or not teks.isascii():
        return None, f"{kolom} {teks!r} bukan bilangan bulat tidak negatif."
    nilai = int(teks)
    if nilai > BATAS_BILANGAN:
        return None, f"{kolom} {teks!r} terlalu besar."
    return nilai, None


class _Pembaca:
    """Reads and checks the four files, level by level, into COPY text kept in memory."""

    def __init__(self, folder: Path, laporan: Laporan, progress: Progres | None):
        self.folder = folder
        self.laporan = laporan
        self.progress = progress
        # Codes known per level: those in the database plus those read (well-formed) from the files.
        self.kode_db = {t.nomor: set(t.model.objects.values_list("kode", flat=True)) for t in TINGKAT[:3]}
        self.kode_berkas: dict[int, set[str]] = {}
        self.utuh: dict[int, bool] = {}  # file read to its end (else its children skip the parent check)
        self.copy: dict[int, io.StringIO] = {}

    def galat(self, tingkat: Tingkat, baris: int, alasan: str) -> None:
        self.laporan.galat.append(Galat(tingkat.berkas, baris, alasan))

    def galat_aturan(self, tingkat: Tingkat, baris: int, exc: AturanDilanggar) -> None:
        self.laporan.aturan.setdefault(exc.kode, exc.aturan.pesan)
        self.galat(tingkat, baris, f"{exc.kode}: {exc.detail}" if exc.detail else exc.pesan)

    def baca_semua(self) -> None:
        for tingkat in TINGKAT:
            self.baca(tingkat)

    def baca(self, t: Tingkat) -> None:
        path = self.folder / t.berkas
        kode_ini: dict[str, int] = {}  # code → line where it first appeared
        self.kode_berkas[t.nomor] = set()
        self.utuh[t.nomor] = False
        keluaran = self.copy[t.nomor] = io.StringIO()
        hitungan = self.laporan.hitungan[t.nama]
        if not path.is_file():
            self.galat(t, 0, f"Berkas {t.berkas} tidak ditemukan di {self.folder}.")
            return
        total = _hitung_baris(path)
        tahap = f"membaca {t.berkas}"
        if self.progress:
            self.progress(tahap, 0, total)
        # The parent check needs the whole parent file; when it could not be read, that file's own
        # error is reported and its children are not flooded with "parent missing".
        induk_dikenal = None
        if t.nomor > 1 and self.utuh[t.nomor - 1]:
            induk_dikenal = self.kode_db[t.nomor - 1] | self.kode_berkas[t.nomor - 1]
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, strict=True)
            try:
                header = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                self.galat(t, 1, f"Baris judul tidak dapat dibaca: {exc}.")
                return
            if header is None:
                self.galat(t, 1, "Berkas kosong: baris judul tidak ada.")
                return
            header = [h.strip().lower() for h in header]
            kurang = [k for k in t.kolom if k not in header]
            if kurang:
                self.galat(t, 1, f"Kolom wajib tidak ada: {', '.join(kurang)} (harus ada: {', '.join(t.kolom)}).")
                return
            posisi = {k: header.index(k) for k in t.kolom}
            lebar = len(header)
            nomor_baris = 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError as exc:
                    self.galat(t, nomor_baris + 1, f"Berkas bukan UTF-8 yang sah ({exc.reason}); pembacaan berhenti.")
                    return
                except csv.Error as exc:
                    self.galat(t, reader.line_num, f"Baris CSV rusak ({exc}); pembacaan berhenti.")
                    return
                nomor_baris = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                hitungan.dibaca += 1
                if len(row) != lebar:
                    self.galat(t, nomor_baris, f"Jumlah kolom {len(row)}, seharusnya {lebar} seperti baris judul.")
                    continue
                baris = self.periksa(t, row, posisi, nomor_baris, kode_ini, induk_dikenal)
                if baris is not None:
                    keluaran.write("\t".join(_copy_teks(v) for v in baris))
                    keluaran.write("\n")
                if self.progress and hitungan.dibaca % LANGKAH_PROGRES == 0:
                    self.progress(tahap, hitungan.dibaca, total)
        self.utuh[t.nomor] = True
        if self.progress:
            self.progress(tahap, hitungan.dibaca, hitungan.dibaca)

    def periksa(self, t: Tingkat, row, posisi, nomor_baris: int, kode_ini: dict, induk_dikenal: set | None):
        """One row → the tuple to COPY, or None after reporting every reason it is bad."""
        salah_awal = len(self.laporan.galat)
        kode = row[posisi["code"]].strip()
        induk = row[posisi[t.kolom_induk]].strip() if t.kolom_induk else None
        nama = row[posisi["name"]].strip()

        kode_sah = bool(aturan.POLA_KODE[t.nomor].match(kode))
        if t.kolom_induk and not induk:
            self.galat(t, nomor_baris, f"{t.kolom_induk} kosong: kode induk wajib diisi.")
            if kode_sah:
                induk = kode.rsplit(".", 1)[0]
        try:
            aturan.periksa_kode(kode, t.nomor, induk or None, field="code")
        except AturanDilanggar as exc:
            self.galat_aturan(t, nomor_baris, exc)

        if kode_sah:
            if kode in kode_ini:
                self.galat(t, nomor_baris, f"Kode {kode} ganda: sudah ada di baris {kode_ini[kode]}.")
            else:
                kode_ini[kode] = nomor_baris
                self.kode_berkas[t.nomor].add(kode)
        if (
            induk and induk_dikenal is not None
            and aturan.POLA_KODE[t.nomor - 1].match(induk) and induk not in induk_dikenal
        ):
            induk_t = TINGKAT[t.nomor - 2]
            self.galat(
                t, nomor_baris,
                f"Induk {induk} ({induk_t.nama}) tidak ada di {induk_t.berkas} maupun di basis data.",
            )

        jenis = None
        if t.kolom_jenis and kode_sah:
            jenis = row[posisi[t.kolom_jenis]].strip().upper()
            if not jenis:
                # README: type is derived from the code digits; an empty cell takes the derived value.
                jenis = (aturan.jenis_kabupaten_dari_kode(kode) if t.nomor == 2 else aturan.jenis_desa_dari_kode(kode))
                jenis = str(jenis)
            elif jenis not in JENIS_SAH[t.nomor]:
                self.galat(
                    t, nomor_baris,
                    f"{t.kolom_jenis} {jenis!r} tidak dikenal; pilihan: {', '.join(sorted(JENIS_SAH[t.nomor]))}.",
                )
            else:
                try:
                    aturan.periksa_jenis(kode, jenis, t.nomor, field="type")
                except AturanDilanggar as exc:
                    self.galat_aturan(t, nomor_baris, exc)

        if not nama:
            self.galat(t, nomor_baris, "Nama kosong.")
        elif len(nama) > BATAS_NAMA:
            self.galat(t, nomor_baris, f"Nama lebih dari {BATAS_NAMA} karakter ({len(nama)}).")

        luas = penduduk = None
        if t.angka:
            luas, alasan = _luas(row[posisi["area_km2"]], "area_km2")
            if alasan:
                self.galat(t, nomor_baris, alasan)
            angka = {}
            for kolom in ("population", "population_male", "population_female"):
                angka[kolom], alasan = _bilangan(row[posisi[kolom]], kolom)
                if alasan:
                    self.galat(t, nomor_baris, alasan)
            penduduk = angka["population"]
            if None not in angka.values() and angka["population_male"] + angka["population_female"] != penduduk:
                self.galat(
                    t, nomor_baris,
                    f"population_male + population_female = "
                    f"{angka['population_male'] + angka['population_female']}, bukan population {penduduk}.",
                )

        if len(self.laporan.galat) > salah_awal:
            return None
        if t.nomor == 1:
            return (kode, nama, luas, penduduk)
        if t.nomor == 2:
            return (kode, induk, nama, jenis, luas, penduduk)
        if t.nomor == 3:
            return (kode, induk, nama)
        return (kode, induk, nama, jenis)


# -- Writing -------------------------------------------------------------------------------------

# Per level: staging columns, and the upsert (created and updated counted from xmax).
# ``%s`` is the Desa source; every literal percent sign is doubled because pghistory adds parameters.
_STAGING = {
    1: "kode varchar(2), nama varchar(100), luas numeric(12,3), penduduk integer",
    2: "kode varchar(5), induk varchar(2), nama varchar(100), jenis varchar(10), luas numeric(12,3), penduduk integer",
    3: "kode varchar(8), induk varchar(5), nama varchar(100)",
    4: "kode varchar(13), induk varchar(8), nama varchar(100), jenis varchar(10)",
}

_UPSERT = {
    1: """
        INSERT INTO desa_provinsi AS t (kode, nama, luas_km2, jumlah_penduduk, created_at, updated_at)
        SELECT s.kode, s.nama, s.luas, s.penduduk, now(), now() FROM {staging} s
        ON CONFLICT (kode) DO UPDATE SET
            nama = EXCLUDED.nama, luas_km2 = EXCLUDED.luas_km2, jumlah_penduduk = EXCLUDED.jumlah_penduduk,
            updated_at = EXCLUDED.updated_at
        WHERE (t.nama, t.luas_km2, t.jumlah_penduduk)
            IS DISTINCT FROM (EXCLUDED.nama, EXCLUDED.luas_km2, EXCLUDED.jumlah_penduduk)
    """,
    2: """
        INSERT INTO desa_kabupaten AS t (kode, provinsi_id, nama, jenis, luas_km2, jumlah_penduduk, created_at, updated_at)
        SELECT s.kode, p.id, s.nama, s.jenis, s.luas, s.penduduk, now(), now()
        FROM {staging} s JOIN desa_provinsi p ON p.kode = s.induk
        ON CONFLICT (kode) DO UPDATE SET
            provinsi_id = EXCLUDED.provinsi_id, nama = EXCLUDED.nama, jenis = EXCLUDED.jenis,
            luas_km2 = EXCLUDED.luas_km2, jumlah_penduduk = EXCLUDED.jumlah_penduduk, updated_at = EXCLUDED.updated_at
        WHERE (t.provinsi_id, t.nama, t.jenis, t.luas_km2, t.jumlah_penduduk)
            IS DISTINCT FROM (EXCLUDED.provinsi_id, EXCLUDED.nama, EXCLUDED.jenis, EXCLUDED.luas_km2,
                              EXCLUDED.jumlah_penduduk)
    """,
    3: """
        INSERT INTO desa_kecamatan AS t (kode, kabupaten_id, nama, created_at, updated_at)
        SELECT s.kode, k.id, s.nama, now(), now()
        FROM {staging} s JOIN desa_kabupaten k ON k.kode = s.induk
        ON CONFLICT (kode) DO UPDATE SET
            kabupaten_id = EXCLUDED.kabupaten_id, nama = EXCLUDED.nama, updated_at = EXCLUDED.updated_at
        WHERE (t.kabupaten_id, t.nama) IS DISTINCT FROM (EXCLUDED.kabupaten_id, EXCLUDED.nama)
    """,
    4: """
        INSERT INTO desa_desa AS t (kode, kecamatan_id, nama, jenis, sebutan_lokal, kode_sumber, aktif, kode_lama,
                                    created_at, updated_at)
        SELECT s.kode, k.id, s.nama, s.jenis, '', %s, true, '[]'::jsonb, now(), now()
        FROM {staging} s JOIN desa_kecamatan k ON k.kode = s.induk
        ON CONFLICT (kode) DO UPDATE SET
            kecamatan_id = EXCLUDED.kecamatan_id, nama = EXCLUDED.nama, jenis = EXCLUDED.jenis,
            kode_sumber = EXCLUDED.kode_sumber, updated_at = EXCLUDED.updated_at
        WHERE (t.kecamatan_id, t.nama, t.jenis, t.kode_sumber)
            IS DISTINCT FROM (EXCLUDED.kecamatan_id, EXCLUDED.nama, EXCLUDED.jenis, EXCLUDED.kode_sumber)
    """,
}


_FK_TERTUNDA = """
    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname)
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND c.condeferrable AND c.condeferred
      AND c.conrelid IN ('desa_kabupaten'::regclass, 'desa_kecamatan'::regclass, 'desa_desa'::regclass)
"""


def _tulis(pembaca: _Pembaca, laporan: Laporan, progress: Progres | None) -> None:
    with connection.cursor() as cur:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: each inserted row would queue a
        # check until COMMIT. The pghistory trigger function opens a subtransaction per row (its
        # EXCEPTION block), and PostgreSQL walks the whole deferred queue at every subtransaction
        # end, so a deferred queue makes a bulk write quadratic (84k desa: minutes instead of ~2 s).
        # The region foreign keys are therefore checked immediately here, then set back.
        cur.execute(_FK_TERTUNDA)
        fk = ", ".join(r[0] for r in cur.fetchall())
        if fk:
            cur.execute(f"SET CONSTRAINTS {fk} IMMEDIATE")
        for t in TINGKAT:
            tahap = f"menulis {t.nama}"
            hitungan = laporan.hitungan[t.nama]
            if progress:
                progress(tahap, 0, hitungan.dibaca)
            staging = f"_impor_wilayah_{t.nomor}"
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{staging}")
            cur.execute(f"CREATE TEMP TABLE {staging} ({_STAGING[t.nomor]}) ON COMMIT DROP")
            data = pembaca.copy.pop(t.nomor)
            data.seek(0)
            cur.copy_expert(f"COPY {staging} FROM STDIN", data)
            data.close()
            cur.execute(f"ANALYZE {staging}")
            upsert = _UPSERT[t.nomor].format(staging=staging)
            cur.execute(
                f"WITH hasil AS ({upsert} RETURNING (xmax = 0) AS baru) "
                "SELECT count(*) FILTER (WHERE baru), count(*) FILTER (WHERE NOT baru) FROM hasil",
                [KODE_SUMBER] if t.nomor == 4 else [],
            )
            dibuat, diubah = cur.fetchone()
            hitungan.dibuat, hitungan.diubah = dibuat, diubah
            hitungan.tetap = hitungan.dibaca - dibuat - diubah
            cur.execute(f"DROP TABLE pg_temp.{staging}")
            if progress:
                progress(tahap, hitungan.dibaca, hitungan.dibaca)
        if fk:
            cur.execute(f"SET CONSTRAINTS {fk} DEFERRED")


def wilayah_import(folder, *, progress: Progres | None = None) -> Laporan:
    """Check and load the four CSV files of ``folder``; all or nothing.

    Returns a ``Laporan``: with ``galat`` non-empty nothing was written; otherwise the counts per
    level tell what was created, updated and left unchanged.
    """
    folder = Path(folder)
    laporan = Laporan()
    with transaction.atomic():
        pembaca = _Pembaca(folder, laporan, progress)
        pembaca.baca_semua()
        if laporan.galat:
            return laporan
        with pghistory.context(perintah=PERINTAH):
            _tulis(pembaca, laporan, progress)
        laporan.ditulis = True
    return laporan
