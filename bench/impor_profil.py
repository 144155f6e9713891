"""Benchmark of the confirmed XLSX profile import (desa/berkas.py ``impor_terapkan``). A script, not a test:

    .venv/bin/python bench/impor_profil.py [--baris 5000] [--ulang 3] [--db simpul_bench_impor]

It drops and re-creates the bench database, migrates it and loads the regions of Jawa Tengah (provinsi 33)
from ../shared/data/wilayah with ``bulk_create``. The importing user is the Dinas PMD of the kabupaten
with the most desa (a scoped user, so every permission check is a real one, not an admin's shortcut).

The workbook has ``--baris`` rows: every desa of that kabupaten × consecutive data years from 2014 (the
first data year a profile may have). Before each round the profile table and its audit events are emptied and the profiles of the first years are
put back, so each round writes the same mix: about a quarter of the rows change an existing profile,
a quarter leave one unchanged, half create a new one. Every row fills the usual columns (population by
sex, households, dusun/RW/RT, area with its source, postcode, classification, data source).

Timed, per round (median reported): ``impor_analisis`` alone (read + check, what the preview does) and the
whole confirm ``impor_terapkan`` (it re-runs the analysis, then writes), with the number of SQL queries
and of audit events written. The figures go into bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kerjasama as bk  # noqa: E402  (bench/kerjasama.py: loads the regions of Jawa Tengah)
import wilayah as bw  # noqa: E402  (bench/wilayah.py: database set-up)



def siapkan_pengguna():
    """The PMD kabupaten user of the kabupaten with the most desa (not kelurahan) in provinsi 33."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from desa.models import Kabupaten

    kab = (
        Kabupaten.objects.annotate(n=Count("kecamatan__desa", filter=Q(kecamatan__desa__jenis="DESA")))
        .order_by("-n").first()
    )
    user = get_user_model().objects.create_user(
        username="pmd_bench", password="x", role="pmd_kabupaten", wilayah_kode=kab.kode, is_staff=True
    )
    return user, kab


def baris_bench(kab, n: int) -> list[tuple[str, int]]:
    from desa.models import Desa

    kode = list(
        Desa.objects.filter(kecamatan__kabupaten=kab, jenis="DESA").order_by("kode").values_list("kode", flat=True)
    )
    tahun_n = -(-n // len(kode))
    from desa.models import TAHUN_PROFIL_AWAL, tahun_profil_akhir  # the data years a profile may have

    if TAHUN_PROFIL_AWAL + tahun_n - 1 > tahun_profil_akhir():
        raise SystemExit(f"{n} baris butuh {tahun_n} tahun profil per desa; yang diterima hanya "
                         f"{TAHUN_PROFIL_AWAL}–{tahun_profil_akhir()}.")
    pasangan = [(k, TAHUN_PROFIL_AWAL + t) for t in range(tahun_n) for k in kode]
    return pasangan[:n]


def nilai(kode: str, tahun: int, *, versi: int = 0) -> dict:
    angka = int(kode.replace(".", "")[-4:]) + tahun
    laki = 1000 + angka % 900
    perempuan = 1000 + (angka * 7) % 900
    return {
        "jumlah_penduduk": laki + perempuan,
        "jumlah_laki": laki,
        "jumlah_perempuan": perempuan,
        "jumlah_kk": 600 + angka % 300 + versi,
        "jumlah_dusun": 2 + angka % 5,
        "jumlah_rw": 4 + angka % 6,
        "jumlah_rt": 12 + angka % 20,
        "kode_pos": f"5{angka % 10000:04d}",
        "luas_ha": 100 + (angka % 500) / 4,
        "luas_sumber": "BPS 2021",
        "klasifikasi": "Perdesaan",
        "sumber_data": "Prodeskel",
    }


def buat_xlsx(pasangan: list[tuple[str, int]], tahun_ada: int) -> bytes:
    """Rows of years before ``tahun_ada`` exist already; of those, even years change jumlah_kk."""
    from openpyxl import Workbook

    from desa import berkas

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Profil desa")
    ws.append([k.judul for k in berkas.KOLOM_PROFIL])
    for kode, tahun in pasangan:
        isi = {"kode_desa": kode, "tahun_data": tahun,
               **nilai(kode, tahun, versi=1 if tahun < tahun_ada and tahun % 2 == 0 else 0)}
        ws.append([isi.get(k.nama) for k in berkas.KOLOM_PROFIL])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def reset_profil(pasangan: list[tuple[str, int]], tahun_ada: int) -> int:
    """Empty the profiles and their audit events, then put back those of the years before ``tahun_ada``."""
    from decimal import Decimal

    import pghistory
    from django.db import connection

    from desa.models import Desa, DesaProfil

    with connection.cursor() as cur:
        cur.execute("TRUNCATE desa_desaprofil, desa_desaprofilevent RESTART IDENTITY CASCADE")
    desa = dict(Desa.objects.filter(kode__in={k for k, _ in pasangan}).values_list("kode", "pk"))
    ada = []
    for kode, tahun in pasangan:
        if tahun < tahun_ada:
            v = nilai(kode, tahun)
            v["luas_ha"] = Decimal(str(v["luas_ha"]))
            v["klasifikasi"] = "PERDESAAN"
            ada.append(DesaProfil(desa_id=desa[kode], tahun_data=tahun, **v))
    with pghistory.context(perintah="bench"):
        DesaProfil.objects.bulk_create(ada, batch_size=2000)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE desa_desaprofilevent")
        cur.execute("VACUUM ANALYZE desa_desaprofil")
    return len(ada)


class PenghitungKueri:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def ukur(user, path: Path, pasangan, tahun_ada: int, ulang: int) -> dict:
    from django.db import connection

    from desa import berkas
    from desa.models import DesaProfil, DesaProfilEvent

    hasil = {"analisis": [], "terapkan": [], "kueri_terapkan": [], "kueri_analisis": []}
    for i in range(ulang):
        reset_profil(pasangan, tahun_ada)
        hitung = PenghitungKueri()
        with connection.execute_wrapper(hitung):
            t0 = time.perf_counter()
            analisis = berkas.impor_analisis(user, path)
            hasil["analisis"].append(time.perf_counter() - t0)
        hasil["kueri_analisis"].append(hitung.n)
        assert analisis.sah, analisis.galat[:5]
        hasil["rencana"] = analisis.hitung()
        hitung = PenghitungKueri()
        with connection.execute_wrapper(hitung):
            t0 = time.perf_counter()
            ringkasan = berkas.impor_terapkan(user=user, sumber=path, label="bench.xlsx")
            hasil["terapkan"].append(time.perf_counter() - t0)
        hasil["kueri_terapkan"].append(hitung.n)
        hasil["ringkasan"] = {"dibuat": ringkasan.dibuat, "diubah": ringkasan.diubah, "tetap": ringkasan.tetap}
        hasil["event"] = DesaProfilEvent.objects.count()
        hasil["profil"] = DesaProfil.objects.count()
        print(f"  putaran {i + 1}: analisis {hasil['analisis'][-1]:.2f} s, terapkan {hasil['terapkan'][-1]:.2f} s, "
              f"{hitung.n} kueri", file=sys.stderr, flush=True)
    return hasil


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(bw.DATA_BAKU), help="folder CSV wilayah")
    parser.add_argument("--db", default="simpul_bench_impor", help="nama basis data bench (dihapus dan dibuat ulang)")
    parser.add_argument("--baris", type=int, default=5000, help="baris data dalam berkas")
    parser.add_argument("--ulang", type=int, default=3, help="putaran (median dilaporkan)")
    parser.add_argument("--json", help="tulis semua angka ke berkas JSON ini")
    args = parser.parse_args()

    bw.siapkan_lingkungan(args.db)
    import django

    django.setup()
    print(f"Basis data {args.db}: dihapus, dibuat ulang, migrate …", file=sys.stderr, flush=True)
    bw.buat_ulang_database(args.db)
    bk.muat_wilayah(Path(args.folder))
    user, kab = siapkan_pengguna()
    pasangan = baris_bench(kab, args.baris)
    tahun = sorted({t for _, t in pasangan})
    tahun_ada = tahun[len(tahun) // 2]  # the first half of the years exist already
    path = Path("/tmp") / f"{args.db}.xlsx"
    path.write_bytes(buat_xlsx(pasangan, tahun_ada))
    print(f"{kab} ({kab.kode}): {len(pasangan)} baris, tahun {tahun[0]}–{tahun[-1]}", file=sys.stderr, flush=True)
    hasil = ukur(user, path, pasangan, tahun_ada, args.ulang)
    med = {k: statistics.median(hasil[k]) for k in ("analisis", "terapkan", "kueri_terapkan", "kueri_analisis")}
    print()
    print(f"| {args.baris} baris ({kab.kode}, PMD kabupaten) | median detik | kueri |")
    print("|---|---:|---:|")
    print(f"| impor_analisis (pratinjau) | {med['analisis']:.2f} | {med['kueri_analisis']:.0f} |")
    print(f"| impor_terapkan (konfirmasi: analisis + tulis) | {med['terapkan']:.2f} | {med['kueri_terapkan']:.0f} |")
    print(f"| … tulis saja (selisih) | {med['terapkan'] - med['analisis']:.2f} | "
          f"{med['kueri_terapkan'] - med['kueri_analisis']:.0f} |")
    print()
    print(f"rencana {hasil['rencana']}; hasil {hasil['ringkasan']}; profil {hasil['profil']}; "
          f"event audit {hasil['event']}")
    if args.json:
        Path(args.json).write_text(json.dumps(hasil, indent=2, default=str))


if __name__ == "__main__":
    main()
