"""Document downloads through the scope gate, and the public verification page (DOMAIN.md §C6; issue 3 item 6).

- ``produk_hukum_pdf`` / ``produk_hukum_ttd``: the generated PDF and the signed scan of a legal document,
  for signed-in users whose scope holds it; anything else is 404 (never 403), a missing file too.
- ``dokumen_unduh``: an evidence file (``Dokumen``: berita acara, daftar hadir …) under the same gate.
  All three answer through ``inti.unduhan.berkas_response``, as the API and the public register do.
- ``verifikasi_cari``: anonymous, ``/v/``: a form for the short code, leading to ``verifikasi``.
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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from akun.scoping import scope
from inti.format import huruf_kecil_awal
from inti.unduhan import berkas_response

from . import forms, queries
from .choices import JenisProdukHukum, StatusProdukHukum
from .models import ProdukHukum

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _produk_hukum_dalam_lingkup(user) -> QuerySet[ProdukHukum]:
    """The legal documents this user may download (the read gate, STYLE.md §1)."""
    return scope(user, ProdukHukum)


def _produk_hukum_publik() -> QuerySet[ProdukHukum]:
    """Documents looked up by their verification code: public by design (see queries.produk_hukum_verifikasi)."""
    return queries.produk_hukum_verifikasi()


@require_GET
@login_required
def produk_hukum_pdf(request, pk: int):
    ph = get_object_or_404(_produk_hukum_dalam_lingkup(request.user), pk=pk)
    return berkas_response(ph.file_pdf, f"{ph.get_jenis_display()} {ph.kode_verifikasi} v{ph.versi}.pdf")


@require_GET
@login_required
def produk_hukum_ttd(request, pk: int):
    ph = get_object_or_404(_produk_hukum_dalam_lingkup(request.user), pk=pk)
    return berkas_response(ph.file_ttd, f"{ph.get_jenis_display()} {ph.kode_verifikasi} bertanda tangan.pdf")


@require_GET
@login_required
def dokumen_unduh(request, pk: int):
    """An evidence file (Musdes/MAD minutes, attendance list, signed scan …) for a reader whose scope holds it."""
    dok = queries.dokumen_get(request.user, pk)
    return berkas_response(dok.file, dok.nama_asli)


def keterangan_status(ph: ProdukHukum) -> tuple[str, str]:
    """The sentence heading /v/<kode>/: what the document's status means to someone holding a copy.

    ``(tingkat, kalimat)``, the level being the message style (success, warning, error, info). A letter and
    the minutes of a MAD are final once signed (services.dokumen_final_buat); a Perjanjian Bersama binds once
    the parties sign (DOMAIN.md §C2); a Peraturan Bersama only once promulgated in every desa (§C6).
    """
    S, J = StatusProdukHukum, JenisProdukHukum
    if ph.status == S.DICABUT:
        return "error", "Dokumen ini telah dicabut dan tidak berlaku lagi."
    if ph.status == S.DISEBARLUASKAN:
        return "success", "Dokumen ini terdaftar, telah diundangkan, dan telah disebarluaskan."
    if ph.status == S.DIUNDANGKAN:
        return "success", "Dokumen ini terdaftar dan telah diundangkan."
    if ph.status == S.DRAFT:
        return "warning", "Dokumen ini masih berupa draf; belum berlaku."
    if ph.status == S.RANCANGAN_DISEPAKATI:
        return "warning", "Dokumen ini masih berupa rancangan yang telah disepakati dan belum ditandatangani; belum berlaku."
    ditandatangani = {
        J.SURAT_PENAWARAN: "Surat ini terdaftar dan telah ditandatangani.",
        J.BERITA_ACARA_MAD: "Berita acara ini terdaftar dan telah ditandatangani.",
        J.PERJANJIAN_BERSAMA: "Perjanjian ini terdaftar dan telah ditandatangani para pihak.",
    }
    if ph.status == S.DITANDATANGANI:
        if ph.jenis in ditandatangani:
            return "success", ditandatangani[ph.jenis]
        return "info", "Dokumen ini terdaftar dan telah ditandatangani, tetapi belum diundangkan; belum berlaku."
    return "info", f"Dokumen ini terdaftar dengan status {huruf_kecil_awal(ph.get_status_display())}."


@require_GET
def verifikasi_cari(request):
    """/v/: type the short code printed on a copy and land on its page, or learn that no document has it.

    A GET form (anonymous, bookmarkable, nothing to protect with a token). It tells no more than
    ``/v/<kode>/`` does: whether a document has this code (the code is random, so guessing one is hopeless).
    """
    form = forms.VerifikasiForm(request.GET if "kode" in request.GET else None)
    status, tidak_ada = 200, ""
    if form.is_bound:
        if not form.is_valid():
            status = 400
        elif _produk_hukum_publik().filter(kode_verifikasi=form.cleaned_data["kode"]).exists():
            return redirect("kerjasama:verifikasi", kode=form.cleaned_data["kode"])
        else:
            status, tidak_ada = 404, form.cleaned_data["kode"]
    return render(request, "kerjasama/verifikasi_cari.html", {"form": form, "tidak_ada": tidak_ada}, status=status)


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
        "keterangan": keterangan_status(ph),
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
