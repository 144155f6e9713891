"""Celery tasks: thin wrappers taking ids (STYLE.md §10)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import OperationalError


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def produk_hukum_buat_pdf(self, produk_hukum_id: int) -> str:
    """Render and store a legal document's PDF (services.produk_hukum_simpan_pdf).

    A document that is signed and already has its file is left alone (returns its hash): a late draft
    render of a Peraturan/Perjanjian Bersama, or a second run for an offer letter or MAD minutes, which
    are born final and rendered once.
    """
    from .models import ProdukHukum
    from .services import produk_hukum_simpan_pdf

    sekarang = ProdukHukum.objects.filter(pk=produk_hukum_id).first()
    if sekarang is None:
        return ""
    if sekarang.terkunci and sekarang.file_pdf and sekarang.sha256:
        # A draft render queued before the last signature, arriving late: the signed text was already
        # rendered inside the signing transaction and is frozen. Nothing to do.
        ProdukHukum.objects.filter(pk=produk_hukum_id).update(sedang_dibuat=False)
        return sekarang.sha256
    try:
        ph = produk_hukum_simpan_pdf(produk_hukum_id=produk_hukum_id)
    except Exception as exc:  # keep the failure visible on the document row, then let Celery record it
        ProdukHukum.objects.filter(pk=produk_hukum_id).update(sedang_dibuat=False, galat_pembuatan=str(exc)[:2000])
        raise
    return ph.sha256


@shared_task
def kirim_email_notifikasi(notifikasi_ids: list[int]) -> int:
    """E-mail each notification to its recipient (those with an address)."""
    from .models import Notifikasi

    pesan = []
    for n in Notifikasi.objects.filter(pk__in=notifikasi_ids).select_related("penerima"):
        if n.penerima.email:
            badan = f"{n.pesan}\n\n{settings.SITUS_URL}{n.tautan}" if n.tautan else n.pesan
            pesan.append((f"[Simpul Desa] {n.judul}", badan, settings.DEFAULT_FROM_EMAIL, [n.penerima.email]))
    if pesan:
        send_mass_mail(pesan, fail_silently=False)
    return len(pesan)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def penawaran_kedaluwarsa(hari_ini: str | None = None) -> list[str]:
    """Daily (CELERY_BEAT_SCHEDULE): refuse by timeout the offers unanswered after their deadline
    (services.penawaran_kedaluwarsakan). ``hari_ini`` as ``YYYY-MM-DD``; default today. Answers the codes."""
    import datetime as dt

    from .services import penawaran_kedaluwarsakan

    tanggal = dt.date.fromisoformat(hari_ini) if hari_ini else None
    return [ks.kode for ks in penawaran_kedaluwarsakan(hari_ini=tanggal)]
