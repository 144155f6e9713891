"""Template filters for Indonesian dates and money (inti.format): ``{% load format_id %}``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from inti import format as fmt

register = template.Library()


@register.filter
def tanggal_id(nilai) -> str:
    """``{{ d|tanggal_id }}`` → ``23 November 2026``; empty → ``…``. A moment is shown in local time (WIB)."""
    if isinstance(nilai, dt.datetime) and timezone.is_aware(nilai):
        nilai = timezone.localtime(nilai)
    return fmt.tanggal(nilai)


@register.filter
def kecil(nilai) -> str:
    """``{{ x.get_unsur_display|kecil }}`` → ``anggota BPD``: a label inside a sentence, abbreviations and names
    kept (inti.format.huruf_kecil_awal); use it instead of ``|lower`` on a label."""
    return fmt.huruf_kecil_awal(nilai)


@register.filter
def rupiah(nilai) -> str:
    """``{{ x|rupiah }}`` → ``Rp 1.250.000``; empty → ``—``."""
    return fmt.rupiah(nilai)


@register.filter
def romawi(nilai) -> str:
    """``{{ 12|romawi }}`` → ``XII``."""
    return fmt.romawi(int(nilai))


@register.filter
def penanda(nomor, gaya="huruf") -> str:
    """List marker written into the text: ``{{ 2|penanda }}`` → ``b.``, ``{{ 2|penanda:"angka" }}`` → ``2.``.
    Past ``z.`` the numbers go on (``27.``), as kerjasama.documents numbers "huruf" references."""
    n = int(nomor)
    if gaya == "angka" or n > 26:
        return f"{n}."
    return "abcdefghijklmnopqrstuvwxyz"[n - 1] + "."
