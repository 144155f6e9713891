"""The public register (anonymous, read-only): agreements in force and their promulgated PDF.

Everything here reads through ``queries.register_publik`` and its helpers, which show agreements in
force only (BERLAKU with a promulgated Peraturan/Perjanjian Bersama); anything else — a draft, a plan
under review — does not exist here (404).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from inti.unduhan import berkas_response

from . import queries
from .api.serializers import baris_publik

PER_HALAMAN = 25


@require_safe
def register(request):
    halaman = Paginator(queries.register_publik(), PER_HALAMAN).get_page(request.GET.get("halaman"))
    rows = list(halaman.object_list)
    ids = [r["id"] for r in rows]
    peserta, dokumen = queries.register_peserta(ids), queries.register_dokumen(ids)
    entri = [baris_publik(r, peserta.get(r["id"], []), dokumen.get(r["id"], []), iso=False) for r in rows]
    return render(request, "kerjasama/register.html", {"halaman": halaman, "entri": entri})


@require_safe
def register_pdf(request, kode: str):
    ph = queries.dokumen_publik_berlaku(kode, request.GET.get("dokumen"))
    return berkas_response(ph.file_pdf, f"{kode}-{ph.kode_verifikasi}.pdf")
