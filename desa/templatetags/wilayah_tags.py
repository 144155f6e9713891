"""Small helpers for the desa templates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def ganti_param(context, **kwargs) -> str:
    """The current query string with some parameters replaced (``halaman=2``), others kept (``q``)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def angka(value) -> str:
    """``1250000`` → ``1.250.000``; empty → ``—``; text (a year given as ``"2024"``) is left as it is."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        return value
    return intcomma(value)


@register.filter
def atau_strip(value) -> str:
    """An empty value shows as an em dash, so a blank cell is never ambiguous."""
    return "—" if value in (None, "") else value


@register.filter
def desimal(value) -> str:
    """A decimal in Indonesian form without trailing zeros: ``215.5000`` → ``215,5``, ``1250.5`` → ``1.250,5``."""
    if value in (None, ""):
        return "—"
    angka_desimal = Decimal(value).normalize()
    tempat = max(-angka_desimal.as_tuple().exponent, 0)
    return number_format(angka_desimal, tempat, use_l10n=True, force_grouping=True)


def _derajat(value, positif: str, negatif: str) -> str:
    if value in (None, ""):
        return "—"
    angka = Decimal(value)
    return f"{desimal(abs(angka))}° {negatif if angka < 0 else positif}"


@register.filter
def lintang(value) -> str:
    """Latitude with its hemisphere, never a bare signed decimal beside a decimal comma: ``-7.41`` → ``7,41° LS``."""
    return _derajat(value, "LU", "LS")


@register.filter
def bujur(value) -> str:
    """Longitude with its hemisphere: ``109.3`` → ``109,3° BT``."""
    return _derajat(value, "BT", "BB")
