"""Benchmark of the national region list (issue 2, item 11). A script, not a test:

    .venv/bin/python bench/wilayah.py [--folder ../shared/data/wilayah] [--ulang 3] [--permintaan 200]

It drops and re-creates the database ``simpul_bench`` (``--db``), migrates it, and measures in one run:

(a) import: a plain PostgreSQL COPY of the same rows into the same (empty) tables — the floor — against
    ``wilayah_import`` on the empty database and a second, all-unchanged run; peak RSS of the import
    (it runs in a child process, which reports its VmHWM).
(b) the desa list API (``/api/v1/desa/?kabupaten=33.03``, 50 rows, cursor pages; and the national list
    at a deep cursor) against a hand-written raw SQL view returning the same JSON through the same
    Django test client and middleware (the floor), and against bare SQL + ``json.dumps``.

See bench/README.md for what every number means. Later issues add their own cases here.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_BAKU = BASE_DIR.parent / "shared" / "data" / "wilayah"
TABEL_WILAYAH = ("desa_provinsi", "desa_kabupaten", "desa_kecamatan", "desa_desa")
TABEL_EVENT = ("desa_provinsievent", "desa_kabupatenevent", "desa_kecamatanevent", "desa_desaevent")


_DB_AKTIF: list[str] = []


def siapkan_lingkungan(db: str) -> None:
    """Point Django at the bench database (embedded PostgreSQL, or the server of DATABASE_URL)."""
    _DB_AKTIF[:] = [db]
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "False"  # no query log, no debug toolbar-like overhead
    url = os.environ.get("DATABASE_URL")
    if url:
        bagian = urlsplit(url)
        os.environ["DATABASE_URL"] = bagian._replace(path="/" + db).geturl()
    else:
        os.environ["DATABASE_NAME"] = db


# -- Child process: one import run ----------------------------------------------------------------

def anak_impor(folder: str) -> None:
    import django

    django.setup()
    from desa.impor import wilayah_import

    rss_awal = rss_puncak_kb()
    t0 = time.perf_counter()
    laporan = wilayah_import(folder)
    detik = time.perf_counter() - t0
    print(json.dumps({
        "detik": detik,
        "rss_puncak_kb": rss_puncak_kb(),
        "galat": len(laporan.galat),
        "rss_sebelum_kb": rss_awal,
        "hitungan": {n: [h.dibuat, h.diubah, h.tetap] for n, h in laporan.hitungan.items()},
    }))


def rss_puncak_kb() -> int:
    """Peak RSS of this process since its exec (VmHWM). ``ru_maxrss`` is not used: on Linux it keeps
    the parent's RSS from before exec, so a child of a big parent would report the parent's size."""
    try:
        for baris in Path("/proc/self/status").read_text().splitlines():
            if baris.startswith("VmHWM:"):
                return int(baris.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def jalankan_anak(argumen: list[str]) -> tuple[dict, float, int]:
    """Run this script as a child; returns (its JSON line, wall seconds, its peak RSS in KB)."""
    t0 = time.perf_counter()
    # The child gets the same --db: without it, it would fall back to the default database name.
    argumen = [*argumen, "--db", _DB_AKTIF[0]] if _DB_AKTIF else argumen
    proc = subprocess.Popen([sys.executable, __file__, *argumen], stdout=subprocess.PIPE, env=os.environ.copy())
    keluaran = proc.stdout.read()
    proc.wait()
    dinding = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"proses anak {argumen} gagal (kode {proc.returncode})")
    data = json.loads(keluaran.decode().strip().splitlines()[-1])
    return data, dinding, data["rss_puncak_kb"]


# -- Database set-up -----------------------------------------------------------------------------

def buat_ulang_database(db: str) -> None:
    import psycopg2
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    cfg = settings.DATABASES["default"]
    connections.close_all()
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], password=cfg.get("PASSWORD") or None,
        host=cfg.get("HOST") or cfg["OPTIONS"].get("host"), port=cfg.get("PORT") or None,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{db}"')
    conn.close()
    call_command("migrate", verbosity=0)


def kosongkan(cur) -> None:
    cur.execute(
        f"TRUNCATE {', '.join(TABEL_WILAYAH + TABEL_EVENT)}, pghistory_context RESTART IDENTITY CASCADE"
    )
    try:
        cur.execute("CHECKPOINT")  # start every run with no dirty pages left by the previous one
    except Exception:  # noqa: BLE001 — needs a superuser or pg_checkpoint; only reduces noise
        pass


# -- (a) COPY floor --------------------------------------------------------------------------------

def siapkan_copy(folder: Path, tujuan: Path) -> dict[str, tuple[Path, str]]:
    """The same rows as the CSVs, with ids and parent ids already resolved, one COPY file per table.

    Building these files is NOT timed: the floor is only the COPY of finished rows into the tables.
    """
    waktu = "2026-01-01 00:00:00+07"
    NULL = "\\N"  # noqa: N806 — COPY's null marker (an empty field is an empty string here)
    hasil = {}

    def baca(nama):
        with open(folder / nama, encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

    def tulis(tabel, kolom, rows):
        path = tujuan / f"{tabel}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            for r in rows:
                w.writerow(r)
        hasil[tabel] = (path, ", ".join(kolom))

    id_prov = {}
    rows = []
    for i, r in enumerate(baca("provinces.csv"), 1):
        id_prov[r["code"]] = i
        rows.append([i, r["code"], r["name"].strip(), r["area_km2"] or NULL, r["population"] or NULL, waktu, waktu])
    tulis("desa_provinsi", ["id", "kode", "nama", "luas_km2", "jumlah_penduduk", "created_at", "updated_at"], rows)
    id_kab = {}
    rows = []
    for i, r in enumerate(baca("regencies.csv"), 1):
        id_kab[r["code"]] = i
        rows.append([i, r["code"], id_prov[r["province_code"]], r["name"].strip(), r["type"], r["area_km2"] or NULL,
                     r["population"] or NULL, waktu, waktu])
    tulis("desa_kabupaten", ["id", "kode", "provinsi_id", "nama", "jenis", "luas_km2", "jumlah_penduduk",
                             "created_at", "updated_at"], rows)
    id_kec = {}
    rows = []
    for i, r in enumerate(baca("districts.csv"), 1):
        id_kec[r["code"]] = i
        rows.append([i, r["code"], id_kab[r["regency_code"]], r["name"].strip(), waktu, waktu])
    tulis("desa_kecamatan", ["id", "kode", "kabupaten_id", "nama", "created_at", "updated_at"], rows)
    sumber = "Kepmendagri 300.2.2-2138/2025"
    tulis(
        "desa_desa",
        ["id", "kode", "kecamatan_id", "nama", "jenis", "sebutan_lokal", "kode_sumber", "aktif", "kode_lama",
         "created_at", "updated_at"],
        ([i, r["code"], id_kec[r["district_code"]], r["name"].strip(), r["type"], "", sumber, "t", "[]", waktu, waktu]
         for i, r in enumerate(baca("villages.csv"), 1)),
    )
    return hasil


def ukur_copy(berkas: dict[str, tuple[Path, str]], *, pemicu: bool) -> float:
    """One COPY of the four prepared files into the empty tables, in one transaction; seconds."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        kosongkan(cur)
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if pemicu:
            # Same conditions as the import: audit triggers fire with a pghistory context, and the
            # foreign keys are checked immediately (see desa/impor.py on the deferred queue).
            cur.execute(
                "SELECT set_config('pghistory.context_id', %s, true), "
                "set_config('pghistory.context_metadata', %s, true)",
                [str(uuid.uuid4()), json.dumps({"perintah": "bench_copy"})],
            )
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            cur.execute("SET LOCAL session_replication_role = replica")  # no triggers, no FK checks
        for tabel in TABEL_WILAYAH:
            path, kolom = berkas[tabel]
            with open(path, encoding="utf-8") as f:
                cur.copy_expert(f"COPY {tabel} ({kolom}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", f)
    return time.perf_counter() - t0


def bagian_a(folder: Path, ulang: int) -> dict:
    from django.db import connection

    with tempfile.TemporaryDirectory() as tmp:
        berkas = siapkan_copy(folder, Path(tmp))
        copy_pemicu, copy_murni, impor, impor_dinding, impor_rss, ulang_detik, ulang_rss = [], [], [], [], [], [], []
        hitungan_pertama = hitungan_ulang = None
        for i in range(ulang):
            print(f"  putaran {i + 1}/{ulang}: COPY tanpa pemicu …", file=sys.stderr, flush=True)
            copy_murni.append(ukur_copy(berkas, pemicu=False))
            print(f"  putaran {i + 1}/{ulang}: COPY dengan pemicu audit …", file=sys.stderr, flush=True)
            copy_pemicu.append(ukur_copy(berkas, pemicu=True))
            with connection.cursor() as cur:
                kosongkan(cur)
            connection.close()
            print(f"  putaran {i + 1}/{ulang}: import_wilayah (kosong) …", file=sys.stderr, flush=True)
            data, dinding, rss = jalankan_anak(["--anak-impor", str(folder)])
            impor.append(data["detik"])
            impor_dinding.append(dinding)
            impor_rss.append(rss)
            hitungan_pertama = data["hitungan"]
            print(f"  putaran {i + 1}/{ulang}: import_wilayah (ulang, tanpa perubahan) …", file=sys.stderr, flush=True)
            data, _, rss = jalankan_anak(["--anak-impor", str(folder)])
            ulang_detik.append(data["detik"])
            ulang_rss.append(rss)
            hitungan_ulang = data["hitungan"]
        _, _, rss_dasar = jalankan_anak(["--anak-dasar"])
    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM desa_provinsi), (SELECT count(*) FROM desa_kabupaten), "
                    "(SELECT count(*) FROM desa_kecamatan), (SELECT count(*) FROM desa_desa)")
        jumlah_db = cur.fetchone()
    med = statistics.median
    return {
        "copy_murni": med(copy_murni), "copy_pemicu": med(copy_pemicu), "impor": med(impor),
        "impor_dinding": med(impor_dinding), "impor_rss_kb": max(impor_rss), "ulang": med(ulang_detik),
        "ulang_rss_kb": max(ulang_rss), "rss_dasar_kb": rss_dasar, "jumlah_db": jumlah_db,
        "hitungan_pertama": hitungan_pertama, "hitungan_ulang": hitungan_ulang,
        "semua": {"copy_murni": copy_murni, "copy_pemicu": copy_pemicu, "impor": impor, "ulang": ulang_detik},
    }


# -- (b) desa list endpoint vs the raw floor -------------------------------------------------------

SQL_DESA = """
    SELECT d.kode, d.nama, d.jenis, k.kode, k.nama, b.kode, b.nama
    FROM desa_desa d
    JOIN desa_kecamatan k ON k.id = d.kecamatan_id
    JOIN desa_kabupaten b ON b.id = k.kabupaten_id
    WHERE ({saring}) AND d.kode > %s
    ORDER BY d.kode
    LIMIT 51
"""


def kursor(**token) -> str:
    """A DRF CursorPagination cursor (``p`` position, ``r`` reverse), as the pagination writes it."""
    return base64.b64encode(urlencode(token).encode("ascii")).decode("ascii")


def baca_kursor(teks: str | None) -> dict:
    if not teks:
        return {}
    return {k: v[0] for k, v in parse_qs(base64.b64decode(teks.encode("ascii")).decode("ascii")).items()}


def baris_mentah(r) -> dict:
    kode, nama, jenis, kec_kode, kec_nama, kab_kode, kab_nama = r
    singkat = kab_nama[10:] if kab_nama.startswith("Kabupaten ") else kab_nama
    return {
        "kode": kode, "nama": nama, "jenis": jenis,
        "label": f"{nama} — {kec_nama}, {singkat} ({kode})",
        "kecamatan": {"kode": kec_kode, "nama": kec_nama},
        "kabupaten": {"kode": kab_kode, "nama": kab_nama},
    }


def halaman_mentah(cur, kabupaten: str | None, posisi: str) -> tuple[list, str | None]:
    """The floor query: 50 rows after ``posisi`` (keyset), optionally of one kabupaten."""
    saring, params = ("b.kode = %s", [kabupaten]) if kabupaten else ("true", [])
    cur.execute(SQL_DESA.format(saring=saring), [*params, posisi])
    rows = cur.fetchall()
    hasil = [baris_mentah(r) for r in rows[:50]]
    lanjut = hasil[-1]["kode"] if len(rows) > 50 else None
    return hasil, lanjut


def view_mentah(request):
    """The raw floor through Django: same auth, same middleware, raw SQL, json.dumps."""
    from django.db import connection
    from django.http import HttpResponse, JsonResponse

    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Tidak login."}, status=401)
    token = baca_kursor(request.GET.get("cursor"))
    posisi = token.get("p", "")
    with connection.cursor() as cur:
        hasil, lanjut = halaman_mentah(cur, request.GET.get("kabupaten"), posisi)
    dasar = request.build_absolute_uri()
    data = {
        "next": _ganti_kursor(dasar, kursor(p=lanjut)) if lanjut else None,
        "previous": _ganti_kursor(dasar, kursor(r="1", p=hasil[0]["kode"])) if posisi and hasil else None,
        "results": hasil,
    }
    return HttpResponse(json.dumps(data), content_type="application/json")


def _ganti_kursor(url: str, nilai: str) -> str:
    from rest_framework.utils.urls import replace_query_param

    return replace_query_param(url, "cursor", nilai)


def pasang_urlconf() -> None:
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, path

    import config.urls

    modul = types.ModuleType("bench_urls")
    modul.urlpatterns = [path("bench/desa-mentah/", view_mentah), *config.urls.urlpatterns]
    sys.modules["bench_urls"] = modul
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def ukur_permintaan(client, url: str, n: int) -> dict:
    from django.db import connection

    for _ in range(max(10, n // 10)):  # warm up
        resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code, resp.content[:300])
    waktu = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(url)
        waktu.append(time.perf_counter() - t0)
    kueri = []

    def hitung_kueri(execute, sql, params, many, context):
        kueri.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(hitung_kueri):
        resp = client.get(url)
    tracemalloc.start()
    client.get(url)
    _, puncak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"ms": statistics.median(waktu) * 1000, "kueri": len(kueri), "puncak_kb": puncak / 1024,
            "json": json.loads(resp.content)}


def ukur_berpasangan(client, url_a: str, url_b: str, n: int) -> tuple[dict, dict]:
    """Measure two URLs in alternation, request by request, so both see the same machine load
    (this 2-core machine is shared; sequential blocks measured load swings, not the code)."""
    a = ukur_permintaan(client, url_a, 1)
    b = ukur_permintaan(client, url_b, 1)
    for _ in range(max(10, n // 10)):  # warm up both
        client.get(url_a)
        client.get(url_b)
    waktu_a, waktu_b = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(url_a)
        t1 = time.perf_counter()
        client.get(url_b)
        t2 = time.perf_counter()
        waktu_a.append(t1 - t0)
        waktu_b.append(t2 - t1)
    a["ms"] = statistics.median(waktu_a) * 1000
    b["ms"] = statistics.median(waktu_b) * 1000
    return a, b


def ukur_polos(kabupaten: str | None, posisi: str, n: int) -> dict:
    """Bare floor: the raw query + json.dumps, no HTTP, no middleware."""
    from django.db import connection

    waktu = []
    with connection.cursor() as cur:
        for i in range(n + max(10, n // 10)):
            t0 = time.perf_counter()
            hasil, _ = halaman_mentah(cur, kabupaten, posisi)
            json.dumps({"results": hasil})
            if i >= max(10, n // 10):
                waktu.append(time.perf_counter() - t0)
    return {"ms": statistics.median(waktu) * 1000}


def bagian_b(n: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    pasang_urlconf()
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"role": "admin", "is_staff": True})
    pmd, _ = User.objects.get_or_create(username="bench_pmd", defaults={"role": "pmd_kabupaten", "wilayah_kode": "33.03"})

    with connection.cursor() as cur:
        # The kabupaten with the most desa, for a deep page inside one kabupaten.
        cur.execute(
            "SELECT b.kode, count(*) FROM desa_desa d JOIN desa_kecamatan k ON k.id = d.kecamatan_id "
            "JOIN desa_kabupaten b ON b.id = k.kabupaten_id GROUP BY b.kode ORDER BY 2 DESC LIMIT 1"
        )
        kab_besar, kab_besar_n = cur.fetchone()
        cur.execute("SELECT kode FROM desa_desa ORDER BY kode OFFSET 79999 LIMIT 1")
        (kode_80rb,) = cur.fetchone()
        cur.execute(
            "SELECT d.kode FROM desa_desa d JOIN desa_kecamatan k ON k.id = d.kecamatan_id "
            "JOIN desa_kabupaten b ON b.id = k.kabupaten_id WHERE b.kode = %s ORDER BY d.kode "
            "OFFSET %s LIMIT 1",
            [kab_besar, (kab_besar_n // 50 - 1) * 50 - 1],
        )
        (kode_kab_dalam,) = cur.fetchone()

    # (label, user, query string, kabupaten for the floor, cursor position, index of its first page)
    kasus = [
        ("kabupaten 33.03, hal. 1 (admin)", admin, "kabupaten=33.03", "33.03", "", None),
        ("kabupaten 33.03, hal. 1 (PMD kab.)", pmd, "kabupaten=33.03", "33.03", "", None),
        (f"kabupaten {kab_besar} ({kab_besar_n} desa), hal. 1", admin, f"kabupaten={kab_besar}", kab_besar, "", None),
        (f"kabupaten {kab_besar}, hal. {kab_besar_n // 50}", admin,
         f"kabupaten={kab_besar}&cursor={kursor(p=kode_kab_dalam)}", kab_besar, kode_kab_dalam, 2),
        ("nasional, hal. 1", admin, "", None, "", None),
        ("nasional, baris 80.001–80.050", admin, f"cursor={kursor(p=kode_80rb)}", None, kode_80rb, 4),
    ]
    hasil = []
    client = Client()
    pengguna = None
    for label, user, qs, kab, posisi, banding in kasus:
        if user is not pengguna:
            client.force_login(user)
            pengguna = user
        print(f"  {label} …", file=sys.stderr, flush=True)
        api, mentah = ukur_berpasangan(client, f"/api/v1/desa/?{qs}", f"/bench/desa-mentah/?{qs}", n)
        polos = ukur_polos(kab, posisi, n)
        sama = (
            api["json"]["results"] == mentah["json"]["results"]
            and len(api["json"]["results"]) == 50
            and _token(api["json"]["next"]) == _token(mentah["json"]["next"])
            and _token(api["json"]["previous"]) == _token(mentah["json"]["previous"])
        )
        hasil.append({"label": label, "api": api, "mentah": mentah, "polos": polos, "sama": sama, "banding": banding})
    return hasil


def _token(url: str | None) -> dict:
    if not url:
        return {}
    return baca_kursor(parse_qs(urlsplit(url).query).get("cursor", [None])[0])


def periksa_ikuti_next(n_halaman: int = 6) -> bool:
    """Follow ``next`` from page 1 of 33.03 and check each page against the raw floor (cursor parity)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_admin"))
    url = "/api/v1/desa/?kabupaten=33.03"
    posisi = ""
    with connection.cursor() as cur:
        for _ in range(n_halaman):
            data = client.get(url).json()
            mentah, _ = halaman_mentah(cur, "33.03", posisi)
            if data["results"] != mentah:
                return False
            if not data["next"]:
                return True
            url = data["next"]
            posisi = _token(url)["p"]
    return True


# -- Report ----------------------------------------------------------------------------------------

def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def cetak(a: dict | None, b: list[dict] | None, ikuti_ok: bool | None) -> None:
    print()
    if a:
        print("(a) IMPOR WILAYAH NASIONAL — median dari", len(a["semua"]["impor"]), "putaran")
        print(f"    baris di basis data: provinsi {a['jumlah_db'][0]}, kabupaten/kota {a['jumlah_db'][1]}, "
              f"kecamatan {a['jumlah_db'][2]}, desa/kelurahan {a['jumlah_db'][3]}")
        baris = [
            ("COPY murni (tanpa pemicu & FK)", a["copy_murni"], None),
            ("COPY + pemicu audit + FK  [lantai]", a["copy_pemicu"], None),
            ("import_wilayah, basis data kosong", a["impor"], a["impor"] / a["copy_pemicu"]),
            ("  … seluruh proses (termasuk start Django)", a["impor_dinding"], None),
            ("import_wilayah ulang (semua tetap)", a["ulang"], a["ulang"] / a["copy_pemicu"]),
        ]
        print(f"    {'ukuran':<44} {'detik':>7} {'× lantai':>9}")
        for label, detik, rasio in baris:
            print(f"    {label:<44} {detik:7.2f} {'' if rasio is None else f'{rasio:8.2f}×':>9}")
        print(f"    rasio import / COPY murni: {a['impor'] / a['copy_murni']:.2f}×")
        print(f"    RSS puncak import: {mb(a['impor_rss_kb'])} (ulang: {mb(a['ulang_rss_kb'])}; "
              f"proses Django kosong: {mb(a['rss_dasar_kb'])})")
        print(f"    hitungan pertama (dibuat, diubah, tetap): {a['hitungan_pertama']}")
        print(f"    hitungan ulang   (dibuat, diubah, tetap): {a['hitungan_ulang']}")
        ok = a["impor"] <= 2 * a["copy_pemicu"] and a["impor_rss_kb"] < 300 * 1024
        print(f"    sasaran import ≤ 2× COPY dan RSS < 300 MB: {'TERCAPAI' if ok else 'TIDAK tercapai'}")
        print()
    if b:
        print("(b) DAFTAR DESA /api/v1/desa/ (50 baris, kursor) — median ms per permintaan")
        kepala = (f"    {'kasus':<38} {'API':>7} {'mentah':>7} {'rasio':>6} {'polos':>6} "
                  f"{'kueri':>9} {'memori puncak':>17} {'sama':>5}")
        print(kepala)
        for r in b:
            api, mentah, polos = r["api"], r["mentah"], r["polos"]
            print(
                f"    {r['label']:<38} {api['ms']:7.2f} {mentah['ms']:7.2f} {api['ms'] / mentah['ms']:5.2f}× "
                f"{polos['ms']:6.2f} {api['kueri']:>4}/{mentah['kueri']:<4} "
                f"{api['puncak_kb']:7.0f}/{mentah['puncak_kb']:<6.0f}KB {'ya' if r['sama'] else 'TIDAK':>5}"
            )
        dalam = [(r, b[r["banding"]]) for r in b if r.get("banding") is not None]
        print("    kueri = API/mentah per permintaan; memori = puncak alokasi Python (tracemalloc) API/mentah;")
        print("    polos = SQL mentah + json.dumps tanpa HTTP; sama = hasil, next dan previous identik.")
        if ikuti_ok is not None:
            print(f"    mengikuti 'next' dari hal. 1 kabupaten 33.03 memberi baris yang sama dengan lantai: "
                  f"{'ya' if ikuti_ok else 'TIDAK'}")
        rasio_maks = max(r["api"]["ms"] / r["mentah"]["ms"] for r in b)
        print(f"    rasio terburuk API / lantai mentah: {rasio_maks:.2f}× (sasaran ≤ 1,5×: "
              f"{'TERCAPAI' if rasio_maks <= 1.5 else 'TIDAK tercapai'})")
        for r, awal in dalam:
            print(f"    halaman dalam '{r['label']}': {r['api']['ms']:.2f} ms vs '{awal['label']}' "
                  f"{awal['api']['ms']:.2f} ms ({r['api']['ms'] / awal['api']['ms']:.2f}×; kueri "
                  f"{r['api']['kueri']} vs {awal['api']['kueri']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(DATA_BAKU), help="folder CSV wilayah (bawaan ../shared/data/wilayah)")
    parser.add_argument("--db", default="simpul_bench", help="nama basis data bench (dihapus dan dibuat ulang)")
    parser.add_argument("--ulang", type=int, default=3, help="putaran bagian (a); median dilaporkan")
    parser.add_argument("--permintaan", type=int, default=200, help="permintaan per kasus bagian (b)")
    parser.add_argument("--hanya", choices=["a", "b"], help="jalankan satu bagian saja (b memuat data dulu)")
    parser.add_argument("--json", help="tulis semua angka ke berkas JSON ini")
    parser.add_argument("--anak-impor", help=argparse.SUPPRESS)
    parser.add_argument("--anak-dasar", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    siapkan_lingkungan(args.db)
    if args.anak_impor:
        anak_impor(args.anak_impor)
        return
    if args.anak_dasar:
        import django

        django.setup()
        print(json.dumps({"rss_puncak_kb": rss_puncak_kb()}))
        return

    folder = Path(args.folder)
    if not (folder / "villages.csv").is_file():
        raise SystemExit(f"Data wilayah tidak ditemukan di {folder}")
    import django

    django.setup()
    print(f"Basis data {args.db}: dihapus, dibuat ulang, migrate …", file=sys.stderr, flush=True)
    buat_ulang_database(args.db)
    a = b = ikuti = None
    if args.hanya in (None, "a"):
        print("(a) impor vs COPY …", file=sys.stderr, flush=True)
        a = bagian_a(folder, args.ulang)
    else:
        print("memuat data untuk (b) …", file=sys.stderr, flush=True)
        jalankan_anak(["--anak-impor", str(folder)])
    if args.hanya in (None, "b"):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # as a database some minutes after a load would be
        print("(b) endpoint daftar desa vs lantai mentah …", file=sys.stderr, flush=True)
        b = bagian_b(args.permintaan)
        ikuti = periksa_ikuti_next()
    cetak(a, b, ikuti)
    if args.json:
        for r in b or []:
            for k in ("api", "mentah"):
                r[k].pop("json", None)
        Path(args.json).write_text(json.dumps({"impor": a, "daftar_desa": b}, indent=2, default=str))


if __name__ == "__main__":
    main()
