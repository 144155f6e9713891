"""Document downloads through the scope gate, and the public verification page (DOMAIN.md §C6; issue 3 item 6).

- ``produk_hukum_pdf`` / ``produk_hukum_ttd``: the generated PDF and the signed scan of a legal document,
  for signed-in users whose scope holds it; anything else is 404 (never 403), a missing file too.
- ``verifikasi``: anonymous. A printed copy carries a QR code and a short code leading here; the page shows
  what the register knows (title, parties, status, dates, SHA-256 of the generated PDF and of the signed
  scan) so the copy can be checked. The code is random (10 characters), so the page reveals a document
  only to someone holding a copy of it.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from akun.scoping import scope
from inti.format import huruf_kecil_awal

from .choices import StatusProdukHukum
from .models import ProdukHukum

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _produk_hukum_dalam_lingkup(user) -> QuerySet[ProdukHukum]:
    """The legal documents this user may download (the read gate, STYLE.md §1)."""
    return scope(user, ProdukHukum)


def _produk_hukum_publik() -> QuerySet[ProdukHukum]:
    """Documents looked up by their verification code: public by design (see queries.produk_hukum_verifikasi)."""
    from .queries import produk_hukum_verifikasi

    return produk_hukum_verifikasi()


def _berkas(field_file, nama: str) -> FileResponse:
    if not field_file:
        raise Http404("Berkas belum tersedia.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas tidak ditemukan.") from None
    return FileResponse(handle, content_type="application/pdf", as_attachment=False, filename=nama)


@require_GET
@login_required
def produk_hukum_pdf(request, pk: int):
    ph = get_object_or_404(_produk_hukum_dalam_lingkup(request.user), pk=pk)
    return _berkas(ph.file_pdf, f"{ph.get_jenis_display()} {ph.kode_verifikasi} v{ph.versi}.pdf")


@require_GET
@login_required
def produk_hukum_ttd(request, pk: int):
    ph = get_object_or_404(_produk_hukum_dalam_lingkup(request.user), pk=pk)
    return _berkas(ph.file_ttd, f"{ph.get_jenis_display()} {ph.kode_verifikasi} bertanda tangan.pdf")


@require_GET
def verifikasi(request, kode: str):
    ph = get_object_or_404(_produk_hukum_publik(), kode_verifikasi=kode.strip().upper())
    desa = sorted(ph.desa.all(), key=lambda d: d.nama)
    if ph.kerja_sama_id:
        urutan = {p.desa_id: (p.urutan, p.id) for p in ph.kerja_sama.peserta.all()}
        desa = sorted(desa, key=lambda d: urutan.get(d.pk, (999, d.pk)))
    # Optional: compare the hash of a copy at hand (?sha256=…) with the register.
    dicek = (request.GET.get("sha256") or "").strip().lower()
    cocok = None
    if dicek:
        cocok = "format" if not HEX64.match(dicek) else (
            "pdf" if dicek == ph.sha256 else "ttd" if dicek == ph.sha256_ttd else "tidak"
        )
    return render(request, "kerjasama/verifikasi.html", {
        "ph": ph,
        "desa": desa,
        "pihak_ketiga": ph.kerja_sama.pihak_ketiga if ph.kerja_sama_id else None,
        "berlaku": ph.status in (StatusProdukHukum.DIUNDANGKAN, StatusProdukHukum.DISEBARLUASKAN),
        "rancangan": ph.status in (StatusProdukHukum.DRAFT, StatusProdukHukum.RANCANGAN_DISEPAKATI),
        "dicek": dicek,
        "cocok": cocok,
    })


@require_POST
@login_required
def produk_hukum_buat_ulang(request, pk: int):
    """Queue again a document whose PDF failed or got stuck → services.produk_hukum_buat_ulang; back to the
    agreement's page with the outcome (a refusal names its rule)."""
    from inti.errors import AturanDilanggar, PelanggaranAturan, sebagai_daftar

    from . import services

    ph = get_object_or_404(_produk_hukum_dalam_lingkup(request.user).select_related("kerja_sama"), pk=pk)
    try:
        ph = services.produk_hukum_buat_ulang(produk_hukum=ph, oleh=request.user)
    except (AturanDilanggar, PelanggaranAturan) as exc:
        for d in sebagai_daftar(exc):
            messages.error(request, d.pesan)
    else:
        if ph.galat_pembuatan:
            messages.error(request, f"PDF {huruf_kecil_awal(ph.get_jenis_display())} masih gagal dibuat: {ph.galat_pembuatan[:300]}")
        elif ph.sedang_dibuat:
            messages.success(request, f"PDF {huruf_kecil_awal(ph.get_jenis_display())} sedang dibuat ulang.")
        else:
            messages.success(request, f"PDF {huruf_kecil_awal(ph.get_jenis_display())} berhasil dibuat ulang.")
    if ph.kerja_sama_id:
        return redirect(reverse("kerjasama:detail", args=[ph.kerja_sama.kode]) + "#judul-dokumen")
    return redirect("kerjasama:daftar")
