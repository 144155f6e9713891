"""``python manage.py import_wilayah FOLDER``: load the national region list (see desa/impor.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desa.impor import Laporan, wilayah_import


def angka(n: int) -> str:
    """83762 → ``83.762`` (Indonesian thousands separator)."""
    return f"{n:,}".replace(",", ".")


class BilahProgres:
    """A small progress bar on stderr: redrawn in place on a terminal, one line per stage otherwise."""

    LEBAR = 30

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.tahap: str | None = None
        self.mulai = time.monotonic()
        self.terbuka = False  # a bar line is drawn and not yet ended

    def __call__(self, tahap: str, selesai: int, total: int | None) -> None:
        if tahap != self.tahap:
            self._tutup()
            self.tahap, self.mulai = tahap, time.monotonic()
        total = total or 0
        beres = total > 0 and selesai >= total or total == 0 and selesai == 0
        if self.tty:
            bagian = min(selesai / total, 1.0) if total else 1.0
            isi = int(bagian * self.LEBAR)
            self.stream.write(
                f"\r{tahap:<26} [{'#' * isi}{'.' * (self.LEBAR - isi)}] {bagian * 100:3.0f}%  "
                f"{angka(selesai)}/{angka(total)}"
            )
            self.stream.flush()
            self.terbuka = True
            if beres:
                self._tutup()
        elif beres:
            self.stream.write(f"{tahap}: {angka(selesai)} baris, {time.monotonic() - self.mulai:.1f} dtk\n")
            self.stream.flush()

    def _tutup(self) -> None:
        if self.terbuka:
            self.stream.write(f"  {time.monotonic() - self.mulai:.1f} dtk\n")
            self.stream.flush()
            self.terbuka = False


class Command(BaseCommand):
    help = (
        "Memuat daftar wilayah nasional (provinces.csv, regencies.csv, districts.csv, villages.csv) dari FOLDER: "
        "diperiksa dulu seluruhnya (R28), lalu disimpan sekaligus; bila ada baris salah, tidak ada yang ditulis."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder berisi empat berkas CSV wilayah")
        parser.add_argument(
            "--tanpa-progres", action="store_true", help="jangan tampilkan bilah kemajuan di stderr"
        )
        parser.add_argument(
            "--batas-galat", type=int, default=0, metavar="N",
            help="tampilkan paling banyak N baris salah (0 = semua)",
        )

    def handle(self, *args, folder: str, tanpa_progres: bool, batas_galat: int, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"Folder {folder} tidak ditemukan.")
        progres = None if tanpa_progres else BilahProgres(self.stderr._out)
        mulai = time.monotonic()
        laporan = wilayah_import(path, progress=progres)
        if progres:
            progres._tutup()
        if laporan.galat:
            self._galat(laporan, batas_galat)
            sys.exit(1)
        self._ringkasan(laporan, time.monotonic() - mulai)

    def _galat(self, laporan: Laporan, batas: int) -> None:
        tampil = laporan.galat if batas <= 0 else laporan.galat[:batas]
        for galat in tampil:
            self.stderr.write(str(galat))
        if len(tampil) < len(laporan.galat):
            self.stderr.write(f"… dan {angka(len(laporan.galat) - len(tampil))} kesalahan lainnya.")
        for kode, pesan in sorted(laporan.aturan.items()):
            self.stderr.write(f"{kode}: {pesan}")
        self.stderr.write(f"{angka(len(laporan.galat))} kesalahan ditemukan. Tidak ada data yang ditulis.")

    def _ringkasan(self, laporan: Laporan, detik: float) -> None:
        baris = [("tingkat", "dibaca", "dibuat", "diubah", "tetap")]
        for nama, h in laporan.hitungan.items():
            baris.append((nama, angka(h.dibaca), angka(h.dibuat), angka(h.diubah), angka(h.tetap)))
        t = laporan.total
        baris.append(("jumlah", angka(t.dibaca), angka(t.dibuat), angka(t.diubah), angka(t.tetap)))
        lebar = [max(len(r[i]) for r in baris) for i in range(5)]
        for i, r in enumerate(baris):
            self.stdout.write(
                "  ".join(r[0].ljust(lebar[0]) if j == 0 else r[j].rjust(lebar[j]) for j in range(5)).rstrip()
            )
            if i == 0 or i == len(baris) - 2:
                self.stdout.write("  ".join("-" * w for w in lebar))
        self.stdout.write(self.style.SUCCESS(f"Impor wilayah selesai dalam {detik:.1f} detik."))
