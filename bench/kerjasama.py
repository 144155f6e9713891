"""Benchmark of the agreement list endpoint (issue 3, "Done when"). A script, not a test:

    .venv/bin/python bench/kerjasama.py [--jumlah 50000] [--permintaan 200] [--db simpul_bench_ks]

It drops and re-creates the bench database, migrates it, loads the regions of Jawa Tengah (provinsi 33:
35 kabupaten, ~8,500 desa) from ../shared/data/wilayah with ``bulk_create``, then ``--jumlah`` agreements
spread over those kabupaten, each with 2–4 desa of one kecamatan as parties (``COPY``, audit triggers
off for the load only), and ``VACUUM ANALYZE``.

Then, for each case, ``/api/v1/kerjasama/`` (ORM + DRF: scope gate, filterset, cursor pagination, two
queries) is measured in alternation with its raw floor: a minimal Django view behind the same URL
resolver, middleware and session auth, running hand-written SQL that returns the same rows and the same
JSON (``json.dumps``). A third figure is the bare floor: the same SQL + ``json.dumps`` without HTTP.
Ratio = API / raw floor through Django (goal ≤ 1.5×). Every case checks that both return identical rows
and cursors; query counts are printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import wilayah as bw  # noqa: E402  (bench/wilayah.py: database set-up, cursor helpers, paired timing)

PROVINSI = "33"
STATUS = [
    ("DRAFT", 8), ("PERSIAPAN", 4), ("DISETUJUI_MUSDES", 3), ("SIAP_DITAWARKAN", 3), ("PENAWARAN", 5),
    ("PENYUSUNAN_RANCANGAN", 6), ("DIAJUKAN", 4), ("DIVERIFIKASI", 3), ("RANCANGAN_DISEPAKATI", 3),
    ("DITANDATANGANI", 3), ("BERLAKU", 40), ("PERUBAHAN_DIPROSES", 2), ("DITANGGUHKAN", 1),
    ("DALAM_PERSELISIHAN", 1), ("BERAKHIR", 6), ("SELESAI", 5), ("BATAL", 3),
]
BIDANG = ["USAHA_BERSAMA", "KEMASYARAKATAN_PELAYANAN_PEMBANGUNAN_PEMBERDAYAAN", "KEAMANAN_KETERTIBAN"]
TEMA = ["Kerajinan Bambu", "Air Bersih", "Pasar Desa", "Wisata Sungai", "Pengelolaan Sampah", "Jalan Usaha Tani",
        "Siskamling Bersama", "Benih Padi", "Gula Kelapa", "Ternak Kambing"]


# -- load -----------------------------------------------------------------------------------------

def muat_wilayah(folder: Path) -> None:
    from desa.models import Desa, Kabupaten, Kecamatan, Provinsi

    def baca(nama):
        with open(folder / nama, newline="", encoding="utf-8") as f:
            return [r for r in csv.DictReader(f) if r["code"].split(".")[0] == PROVINSI]

    prov = {r["code"]: Provinsi.objects.create(kode=r["code"], nama=r["name"]) for r in baca("provinces.csv")}
    kab = {
        k.kode: k for k in Kabupaten.objects.bulk_create(
            [Kabupaten(kode=r["code"], nama=r["name"], jenis=r["type"], provinsi=prov[r["province_code"]])
             for r in baca("regencies.csv")])
    }
    kec = {
        k.kode: k for k in Kecamatan.objects.bulk_create(
            [Kecamatan(kode=r["code"], nama=r["name"], kabupaten=kab[r["regency_code"]]) for r in baca("districts.csv")])
    }
    Desa.objects.bulk_create(
        [Desa(kode=r["code"], nama=r["name"], jenis=r["type"], kecamatan=kec[r["district_code"]])
         for r in baca("villages.csv")],
        batch_size=5000,
    )


def _kolom_teks_lain(tabel: str, kolom: list[str]) -> list[str]:
    """NOT NULL text columns of the model behind ``tabel`` that the load does not list (fields added to the
    model later): COPY fills them with '' (Django's blank value), so the bench keeps loading."""
    from django.apps import apps
    from django.db import models

    model = next(m for m in apps.get_models() if m._meta.db_table == tabel)
    return [
        f.column for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.null and f.column not in kolom
    ]


def _copy(cur, tabel: str, kolom: list[str], rows) -> None:
    lain = _kolom_teks_lain(tabel, kolom)
    kolom = [*kolom, *lain]
    tambahan = [""] * len(lain)
    buf = io.StringIO()
    w = csv.writer(buf)
    for r in rows:
        w.writerow(["\\N" if v is None else v for v in [*r, *tambahan]])
    buf.seek(0)
    cur.copy_expert(f"COPY {tabel} ({', '.join(kolom)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf)


def muat_kerjasama(jumlah: int, seed: int = 3) -> dict:
    """``jumlah`` agreements with 2–4 desa of one kecamatan each, by COPY (ids assigned here)."""
    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT d.id, d.kode, k.id, b.id FROM desa_desa d JOIN desa_kecamatan k ON k.id = d.kecamatan_id "
            "JOIN desa_kabupaten b ON b.id = k.kabupaten_id WHERE d.jenis <> 'KELURAHAN' ORDER BY d.kode"
        )
        per_kec: dict[int, list[tuple[int, int]]] = {}
        for desa_id, _kode, kec_id, kab_id in cur.fetchall():
            per_kec.setdefault(kec_id, []).append((desa_id, kab_id))
        kecamatan = [v for v in per_kec.values() if len(v) >= 4]
        status_list = [s for s, w in STATUS for _ in range(w)]
        ks_rows, peserta_rows = [], []
        pid = 0
        for i in range(1, jumlah + 1):
            desa = rng.sample(rng.choice(kecamatan), rng.randint(2, 4))
            kab_id = desa[0][1]
            status = rng.choice(status_list)
            tahun = rng.randint(2019, 2026)
            mulai = f"{tahun}-{rng.randint(1, 12):02d}-01"
            selesai = f"{tahun + rng.randint(1, 5)}-12-31"
            ditetapkan = mulai if status in ("BERLAKU", "PERUBAHAN_DIPROSES", "DITANGGUHKAN", "DALAM_PERSELISIHAN",
                                             "BERAKHIR", "SELESAI", "DITANDATANGANI") else None
            dibuat = f"{tahun - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 08:00:00+07"
            bidang = "{" + rng.choice(BIDANG) + "}"
            ks_rows.append([
                i, dibuat, dibuat, f"KS-{i:08X}", "ANTAR_DESA", "DESA", f"Kerja Sama {rng.choice(TEMA)} {i}", bidang,
                "Ruang lingkup.", "Tata cara.", mulai, selesai, "Hak dan kewajiban.", "APB Desa.", "Perubahan.",
                "Perselisihan.", "", desa[0][0], kab_id, status, "", "", "", ditetapkan,
            ])
            for urut, (desa_id, _) in enumerate(desa):
                pid += 1
                peserta_rows.append([
                    pid, dibuat, dibuat, i, desa_id, "PEMRAKARSA" if urut == 0 else "MITRA", urut,
                    "DITERIMA" if urut == 0 or status not in ("DRAFT", "PERSIAPAN", "PENAWARAN") else "DIKIRIM",
                    False, "", "", "", "",
                ])
        try:
            cur.execute("SET session_replication_role = replica")  # no audit triggers for the synthetic load
            tanpa_pemicu = True
        except Exception:  # noqa: BLE001 — not a superuser: load with the triggers
            connection.rollback() if not connection.get_autocommit() else None
            tanpa_pemicu = False
        _copy(cur, "kerjasama_kerjasamadesa", [
            "id", "created_at", "updated_at", "kode", "jenis", "prakarsa", "judul", "bidang", "ruang_lingkup",
            "tata_cara_pelaksanaan", "tanggal_mulai", "tanggal_selesai", "hak_kewajiban", "pendanaan_uraian",
            "tata_cara_perubahan", "penyelesaian_perselisihan", "maksud_tujuan", "desa_pemrakarsa_id", "kabupaten_id",
            "status", "alasan_berakhir", "catatan_verifikasi", "tempat_penetapan", "tanggal_penetapan",
        ], ks_rows)
        _copy(cur, "kerjasama_kerjasamapeserta", [
            "id", "created_at", "updated_at", "kerja_sama_id", "desa_id", "peran", "urutan", "penawaran_status",
            "tercantum_rpjmdes", "rpjmdes_rujukan", "kepala_desa_nama", "sekretaris_desa_nama", "berita_desa_nomor",
        ], peserta_rows)
        if tanpa_pemicu:
            cur.execute("SET session_replication_role = origin")
        cur.execute("SELECT setval(pg_get_serial_sequence('kerjasama_kerjasamadesa', 'id'), %s)", [jumlah])
        cur.execute("SELECT setval(pg_get_serial_sequence('kerjasama_kerjasamapeserta', 'id'), %s)", [pid])
        cur.execute("VACUUM ANALYZE kerjasama_kerjasamadesa")
        cur.execute("VACUUM ANALYZE kerjasama_kerjasamapeserta")
        cur.execute("ANALYZE")
    return {"kerja_sama": jumlah, "peserta": pid, "tanpa_pemicu": tanpa_pemicu}


# -- the raw floor --------------------------------------------------------------------------------

SQL_HALAMAN = """
    SELECT k.id, k.kode, k.jenis, k.judul, k.status, k.bidang, k.tanggal_mulai, k.tanggal_selesai,
           k.tanggal_penetapan, k.created_at, k.updated_at, b.kode, b.nama, d.kode, d.nama
    FROM kerjasama_kerjasamadesa k
    JOIN desa_kabupaten b ON b.id = k.kabupaten_id
    JOIN desa_desa d ON d.id = k.desa_pemrakarsa_id
    WHERE ({saring}) AND k.id < %s
    ORDER BY k.id DESC
    LIMIT 51
"""
SQL_PESERTA = """
    SELECT p.kerja_sama_id, d.kode, d.nama, p.peran, p.penawaran_status
    FROM kerjasama_kerjasamapeserta p JOIN desa_desa d ON d.id = p.desa_id
    WHERE p.kerja_sama_id = ANY(%s)
    ORDER BY p.kerja_sama_id, p.urutan, p.id
"""
LABEL = {}


def _iso(v):
    return v.isoformat() if v is not None else None


def halaman_mentah(cur, kabupaten: str | None, status: str | None, posisi: int) -> tuple[list, int | None]:
    saring, params = ["true"], []
    if kabupaten:
        saring.append("(b.kode = %s OR b.kode LIKE %s)")
        params += [kabupaten, kabupaten + ".%"]
    if status:
        saring.append("k.status = %s")
        params.append(status)
    cur.execute(SQL_HALAMAN.format(saring=" AND ".join(saring)), [*params, posisi])
    rows = cur.fetchall()[:51]
    lanjut = rows[49][0] if len(rows) > 50 else None
    rows = rows[:50]
    cur.execute(SQL_PESERTA, [[r[0] for r in rows]])
    peserta: dict[int, list] = {}
    for ks_id, kode, nama, peran, penawaran in cur.fetchall():
        peserta.setdefault(ks_id, []).append({"kode": kode, "nama": nama, "peran": peran, "penawaran_status": penawaran})
    hasil = [
        {
            "kode": r[1], "jenis": r[2], "judul": r[3], "status": r[4], "status_label": LABEL.get(r[4], r[4]),
            "bidang": r[5], "tanggal_mulai": _iso(r[6]), "tanggal_selesai": _iso(r[7]), "tanggal_penetapan": _iso(r[8]),
            "kabupaten": {"kode": r[11], "nama": r[12]}, "desa_pemrakarsa": {"kode": r[13], "nama": r[14]},
            "peserta": peserta.get(r[0], []), "created_at": _iso(r[9]), "updated_at": _iso(r[10]),
        }
        for r in rows
    ]
    return hasil, lanjut


POSISI_AWAL = 2**62


def view_mentah(request):
    """The raw floor through Django: same URL resolver, middleware and session auth; raw SQL; json.dumps."""
    from django.db import connection
    from django.http import HttpResponse, JsonResponse

    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Tidak login."}, status=401)
    token = bw.baca_kursor(request.GET.get("cursor"))
    posisi = int(token.get("p", POSISI_AWAL))
    kode = request.user.wilayah_kode or None  # the same scope as the gate: the user's kabupaten (admin: all)
    with connection.cursor() as cur:
        hasil, lanjut = halaman_mentah(cur, kode, request.GET.get("status"), posisi)
    dasar = request.build_absolute_uri()
    data = {
        "next": bw._ganti_kursor(dasar, bw.kursor(p=lanjut)) if lanjut else None,
        "previous": (
            bw._ganti_kursor(dasar, bw.kursor(r="1", p=hasil[0]["kode"] and _id_dari_kode(hasil[0]["kode"])))
            if "p" in token and hasil else None
        ),
        "results": hasil,
    }
    return HttpResponse(json.dumps(data), content_type="application/json")


def _id_dari_kode(kode: str) -> int:
    return int(kode[3:], 16)  # the bench's codes are KS-<id in hex>


def pasang_urlconf() -> None:
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, path

    import config.urls

    modul = types.ModuleType("bench_urls_ks")
    modul.urlpatterns = [path("bench/kerjasama-mentah/", view_mentah), *config.urls.urlpatterns]
    sys.modules["bench_urls_ks"] = modul
    settings.ROOT_URLCONF = "bench_urls_ks"
    clear_url_caches()


def ukur_polos(kabupaten, status, posisi, n) -> dict:
    from django.db import connection

    waktu = []
    pemanasan = max(10, n // 10)
    with connection.cursor() as cur:
        for i in range(n + pemanasan):
            t0 = time.perf_counter()
            hasil, _ = halaman_mentah(cur, kabupaten, status, posisi)
            json.dumps({"results": hasil})
            if i >= pemanasan:
                waktu.append(time.perf_counter() - t0)
    return {"ms": statistics.median(waktu) * 1000}


def _token(url):
    return bw._token(url)


def ukur(n: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from kerjasama.choices import StatusKerjaSama

    LABEL.update(dict(StatusKerjaSama.choices))
    pasang_urlconf()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT b.kode, count(*) FROM kerjasama_kerjasamadesa k JOIN desa_kabupaten b ON b.id = k.kabupaten_id "
            "GROUP BY b.kode ORDER BY 2 DESC LIMIT 1"
        )
        kab, kab_n = cur.fetchone()
        cur.execute(
            "SELECT k.id FROM kerjasama_kerjasamadesa k JOIN desa_kabupaten b ON b.id = k.kabupaten_id "
            "WHERE b.kode = %s ORDER BY k.id DESC OFFSET %s LIMIT 1", [kab, (kab_n // 50 - 1) * 50 - 1])
        (id_kab_dalam,) = cur.fetchone()
        cur.execute("SELECT id FROM kerjasama_kerjasamadesa ORDER BY id DESC OFFSET 39999 LIMIT 1")
        row = cur.fetchone()
        id_40rb = row[0] if row else None
    User = get_user_model()
    pmd, _ = User.objects.get_or_create(username="bench_pmd_ks", defaults={"role": "pmd_kabupaten", "wilayah_kode": kab})
    admin, _ = User.objects.get_or_create(username="bench_admin_ks", defaults={"role": "admin", "is_staff": True})
    kasus = [
        (f"PMD kab. {kab} ({kab_n} kerja sama), hal. 1", pmd, "", kab, None, POSISI_AWAL),
        (f"PMD kab. {kab}, hal. {kab_n // 50} (dalam)", pmd, f"cursor={bw.kursor(p=id_kab_dalam)}", kab, None, id_kab_dalam),
        (f"PMD kab. {kab}, status=BERLAKU, hal. 1", pmd, "status=BERLAKU", kab, "BERLAKU", POSISI_AWAL),
        ("admin nasional, hal. 1", admin, "", None, None, POSISI_AWAL),
    ]
    if id_40rb:
        kasus.append(("admin nasional, baris 40.001–40.050", admin, f"cursor={bw.kursor(p=id_40rb)}", None, None, id_40rb))
    hasil = []
    client = Client()
    for label, user, qs, kab_kode, status, posisi in kasus:
        client.force_login(user)
        print(f"  {label} …", file=sys.stderr, flush=True)
        api, mentah = bw.ukur_berpasangan(client, f"/api/v1/kerjasama/?{qs}", f"/bench/kerjasama-mentah/?{qs}", n)
        polos = ukur_polos(kab_kode, status, posisi, n)
        sama = (
            api["json"]["results"] == mentah["json"]["results"]
            and len(api["json"]["results"]) == 50
            and _token(api["json"]["next"]) == _token(mentah["json"]["next"])
        )
        if not sama:
            a, b = api["json"]["results"][:1], mentah["json"]["results"][:1]
            print(f"    BEDA: api={json.dumps(a)[:400]}\n          mentah={json.dumps(b)[:400]}", file=sys.stderr)
        for r in (api, mentah):
            r.pop("json", None)
        hasil.append({"label": label, "api": api, "mentah": mentah, "polos": polos, "sama": sama})
    return hasil


def cetak(muat: dict, hasil: list[dict]) -> None:
    print(f"\nData: {muat['kerja_sama']:,} kerja sama, {muat['peserta']:,} peserta "
          f"(muat {muat['detik']:.1f} s{', pemicu audit dimatikan saat muat' if muat['tanpa_pemicu'] else ''})")
    print(f"\n{'kasus':<48} {'API ms':>8} {'mentah ms':>10} {'polos ms':>9} {'rasio':>6} {'kueri':>10} sama")
    for r in hasil:
        rasio = r["api"]["ms"] / r["mentah"]["ms"]
        r["rasio"] = rasio
        print(f"{r['label']:<48} {r['api']['ms']:8.2f} {r['mentah']['ms']:10.2f} {r['polos']['ms']:9.2f} "
              f"{rasio:5.2f}× {r['api']['kueri']:>4} vs {r['mentah']['kueri']:<3} {'ya' if r['sama'] else 'TIDAK'}")
    print("\nrasio = API / lantai mentah lewat Django (target ≤ 1,5×); kueri = API vs lantai, "
          "termasuk sesi dan pengguna.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(bw.DATA_BAKU), help="folder CSV wilayah")
    parser.add_argument("--db", default="simpul_bench_ks", help="nama basis data bench (dihapus dan dibuat ulang)")
    parser.add_argument("--jumlah", type=int, default=50_000, help="jumlah kerja sama")
    parser.add_argument("--permintaan", type=int, default=200, help="permintaan per kasus")
    parser.add_argument("--json", help="tulis semua angka ke berkas JSON ini")
    args = parser.parse_args()

    bw.siapkan_lingkungan(args.db)
    import django

    django.setup()
    print(f"Basis data {args.db}: dihapus, dibuat ulang, migrate …", file=sys.stderr, flush=True)
    bw.buat_ulang_database(args.db)
    t0 = time.perf_counter()
    print("memuat wilayah provinsi 33 dan kerja sama …", file=sys.stderr, flush=True)
    muat_wilayah(Path(args.folder))
    muat = muat_kerjasama(args.jumlah)
    muat["detik"] = time.perf_counter() - t0
    print("mengukur …", file=sys.stderr, flush=True)
    hasil = ukur(args.permintaan)
    cetak(muat, hasil)
    if args.json:
        Path(args.json).write_text(json.dumps({"muat": muat, "kasus": hasil}, indent=2, default=str))


if __name__ == "__main__":
    main()
