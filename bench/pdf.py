#!/usr/bin/env python
"""Benchmark: the Peraturan Bersama of an 8-desa agreement through ``render_produk_hukum`` vs bare WeasyPrint.

    .venv/bin/python bench/pdf.py                  # 15 warm rounds each, median reported
    .venv/bin/python bench/pdf.py --ulang 30 --json /tmp/pdf.json

Rows (all warm: each path runs twice before timing; the paths alternate so all see the same load):

- ``render_produk_hukum`` — the whole path the Celery task takes: the document's rows read from the
  database, the text assembled, the template rendered, the QR code made, WeasyPrint with the disk-only
  fetcher (inti/pdf.py) laying out A4 with the house print stylesheet. inti.pdf keeps the parsed
  print.css and one FontConfiguration per thread between renders, and pauses Python's cyclic garbage
  collector during the layout (all part of what is measured).
- ``WeasyPrint murni`` **[floor]** — ``HTML(string=same_html, base_url=static).write_pdf(stylesheets=
  [CSS(filename=print.css), CSS(string=paper size)])`` on the very HTML the first path produced: bare
  WeasyPrint with its default fetcher, the same stylesheets parsed as WeasyPrint parses them, a fresh
  FontConfiguration each time — what WeasyPrint alone costs for this document.
- ``WeasyPrint, CSS+fonts dipakai ulang, GC dijeda`` — the floor given inti.pdf's reused parsed sheets and
  FontConfiguration and its garbage-collector pause: ``render_produk_hukum`` minus this row is our own
  overhead (queries, text, template, QR); for information only. The floor minus this row is what the
  pause and the caches save (mostly the pause: without it the collector's full passes over the ~200,000
  objects of a Django process cost about a quarter of the render).
- ``WeasyPrint murni tanpa print.css`` — literally ``HTML(string=same_html).write_pdf()``: no print CSS,
  far less layout; for information only.

Goal: ``render_produk_hukum`` ≤ 1.15 × the floor and ≤ 0.5 s.

The data (8 desa, MAD, Musdes, BKAD, contributions) is written inside a transaction that is rolled back at
the end, in the database ``simpul_bench`` (embedded PostgreSQL, created and migrated if missing; or the
server of ``DATABASE_URL`` with the name replaced). Nothing is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def siapkan_django(db: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ["DJANGO_DEBUG"] = "False"
    url = os.environ.get("DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + db
    else:
        os.environ["DATABASE_NAME"] = db
    import django

    django.setup()
    if url:  # a server: make sure the database exists
        import psycopg2
        from django.db import connection

        d = connection.settings_dict
        conn = psycopg2.connect(dbname="postgres", user=d["USER"], password=d["PASSWORD"], host=d["HOST"], port=d["PORT"])
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{db}"')
        conn.close()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def wilayah_bench():
    """The small region tree data_dokumen expects (created if missing; rolled back with the rest)."""
    from desa.models import Desa, Kabupaten, Kecamatan, Provinsi

    prov, _ = Provinsi.objects.get_or_create(kode="33", defaults={"nama": "Jawa Tengah"})
    kab, _ = Kabupaten.objects.get_or_create(kode="33.03", defaults={"nama": "Kabupaten Purbalingga", "provinsi": prov,
                                                                     "jenis": "KABUPATEN"})
    kec, _ = Kecamatan.objects.get_or_create(kode="33.03.06", defaults={"nama": "Kalimanah", "kabupaten": kab})
    kec2, _ = Kecamatan.objects.get_or_create(kode="33.03.01", defaults={"nama": "Kemangkon", "kabupaten": kab})

    def desa(kode, nama, k):
        return Desa.objects.get_or_create(kode=kode, defaults={"nama": nama, "kecamatan": k, "jenis": "DESA"})[0]

    return SimpleNamespace(
        kalimanah=kec, klapasawit=desa("33.03.06.2015", "Klapasawit", kec),
        tetangga=desa("33.03.06.2006", "Kalimanah Kulon", kec), kemangkon_desa=desa("33.03.01.2001", "Kemangkon", kec2),
    )


def median_ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ulang", type=int, default=15, help="timed rounds per path (median reported)")
    ap.add_argument("--db", default="simpul_bench")
    ap.add_argument("--json", help="write every figure to this file")
    args = ap.parse_args()

    siapkan_django(args.db)
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.db import transaction
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from inti import pdf as inti_pdf
    from kerjasama import documents
    from kerjasama.models import ProdukHukum
    from kerjasama.tests.data_dokumen import buat_kerja_sama, desa_dokumen

    class Batal(Exception):
        pass

    hasil = {}
    try:
        with transaction.atomic():
            desa = [d for d in desa_dokumen(wilayah_bench(), 8)]
            ph_id = buat_kerja_sama(desa).pk

            def jalur_penuh() -> bytes:
                ph = ProdukHukum.objects.get(pk=ph_id)  # as the task does: fetch by id, render
                return documents.render_produk_hukum(ph)

            html = render_to_string("kerjasama/dokumen/peraturan_bersama.html", {
                **documents.konteks_peraturan_bersama(ProdukHukum.objects.get(pk=ph_id)), "ukuran_kertas": "A4"})
            kertas = "@page { size: %s; }" % inti_pdf.UKURAN_KERTAS["A4"]
            base = inti_pdf.base_url()
            print_css = inti_pdf.lokasi_gaya_cetak()

            def murni() -> bytes:
                return HTML(string=html, base_url=base).write_pdf(
                    stylesheets=[CSS(filename=print_css), CSS(string=kertas)])

            def murni_tersimpan() -> bytes:
                with inti_pdf._gc_dijeda():
                    return HTML(string=html, base_url=base).write_pdf(
                        stylesheets=[inti_pdf._gaya_cetak(), inti_pdf._css_kertas("A4")],
                        font_config=inti_pdf._font_config())

            def murni_tanpa_css() -> bytes:
                return HTML(string=html).write_pdf()

            jalur = {"render_produk_hukum": jalur_penuh, "WeasyPrint murni [lantai]": murni,
                     "WeasyPrint, CSS+fonts dipakai ulang, GC dijeda": murni_tersimpan,
                     "WeasyPrint murni tanpa print.css": murni_tanpa_css}
            waktu = {k: [] for k in jalur}
            halaman = {}
            for nama, f in jalur.items():  # warm-up: fonts, template cache, imports
                f()
                f()
            import io

            from pypdf import PdfReader

            for nama, f in jalur.items():
                halaman[nama] = len(PdfReader(io.BytesIO(f())).pages)
            for _ in range(args.ulang):
                for nama, f in jalur.items():
                    t = time.perf_counter()
                    f()
                    waktu[nama].append(time.perf_counter() - t)
            hasil = {"ulang": args.ulang, "halaman": halaman, "detik": waktu,
                     "median_ms": {k: median_ms(v) for k, v in waktu.items()}}
            raise Batal
    except Batal:
        pass

    m = hasil["median_ms"]
    lantai = m["WeasyPrint murni [lantai]"]
    penuh = m["render_produk_hukum"]
    rasio = penuh / lantai
    print(f"PDF Peraturan Bersama, 8 desa, A4 — median of {args.ulang} warm rounds")
    print(f"{'jalur':48} {'median':>10} {'min':>10} {'halaman':>8}")
    for nama, xs in hasil["detik"].items():
        print(f"{nama:48} {median_ms(xs):8.1f} ms {min(xs) * 1000:7.1f} ms {hasil['halaman'][nama]:>8}")
    print(f"rasio render_produk_hukum / lantai: {rasio:.3f}× (sasaran ≤ 1,15×) — {'TERCAPAI' if rasio <= 1.15 else 'TIDAK'}")
    print(f"render_produk_hukum hangat: {penuh / 1000:.3f} s (sasaran ≤ 0,5 s) — {'TERCAPAI' if penuh <= 500 else 'TIDAK'}")
    if args.json:
        hasil["rasio"] = rasio
        Path(args.json).write_text(json.dumps(hasil, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
