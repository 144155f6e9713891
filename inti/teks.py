"""Upper bounds for free text typed by people (pages and API), with one Indonesian message.

A comment of 3 MB was accepted once, and the agreement page then weighed 3 MB on a village head's phone. The
models keep TextField (no migration, no limit in the database); the bound is enforced where text comes in:

* ``PANJANG_CATATAN`` (5.000 characters, some three pages): comments, notes, reasons, descriptions, results;
* ``PANJANG_ISI`` (20.000 characters): the content of the agreement — the eight mandatory items of PP 43/2014
  Pasal 143 ayat (4), their new wording in an amendment, reports and the final report.
"""

from __future__ import annotations

from django import forms
from rest_framework import serializers

PANJANG_CATATAN = 5_000
PANJANG_ISI = 20_000


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def pesan_terlalu_panjang(maks: int) -> str:
    return f"Teks terlalu panjang: paling banyak {_angka(maks)} karakter."


def teks_api(maks: int = PANJANG_CATATAN, **kwargs) -> serializers.CharField:
    """A DRF text input of at most ``maks`` characters."""
    return serializers.CharField(max_length=maks, error_messages={"max_length": pesan_terlalu_panjang(maks)}, **kwargs)


def teks_form(maks: int = PANJANG_CATATAN, **kwargs) -> forms.CharField:
    """A page's text input of at most ``maks`` characters (the textarea gets ``maxlength`` too)."""
    return forms.CharField(max_length=maks, error_messages=pesan_form(maks), **kwargs)


def pesan_form(maks: int) -> dict[str, str]:
    # Django's MaxLengthValidator fills %(show_value)d with the length typed.
    return {"max_length": pesan_terlalu_panjang(maks)[:-1] + "; yang Anda ketik %(show_value)d."}
