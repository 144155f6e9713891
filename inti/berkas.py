"""Checks for uploaded files: kind by magic bytes, size, encryption; SHA-256 of the content."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError

MB = 1024 * 1024
MAKS_PDF = 10 * MB

MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def sha256_berkas(berkas) -> str:
    h = hashlib.sha256()
    berkas.seek(0)
    for chunk in iter(lambda: berkas.read(64 * 1024), b""):
        h.update(chunk)
    berkas.seek(0)
    return h.hexdigest()


def jenis_berkas(berkas) -> str | None:
    berkas.seek(0)
    head = berkas.read(16)
    berkas.seek(0)
    for jenis, awalan in MAGIC.items():
        if any(head.startswith(a) for a in awalan):
            return jenis
    return None


def periksa_unggahan(berkas, *, boleh=("pdf",), maks=MAKS_PDF, field: str = "berkas") -> str:
    """Refuse a file that is too large, of another kind (by its bytes, not its name) or an encrypted PDF.

    Returns the kind ("pdf", "jpg", "png").
    """
    if berkas is None:
        raise ValidationError({field: "Pilih berkas untuk diunggah."})
    if berkas.size > maks:
        raise ValidationError({field: f"Berkas terlalu besar ({berkas.size / MB:.1f} MB); paling besar {maks // MB} MB."})
    if berkas.size == 0:
        raise ValidationError({field: "Berkas kosong."})
    jenis = jenis_berkas(berkas)
    if jenis not in boleh:
        nama = " atau ".join(j.upper() for j in boleh)
        raise ValidationError({field: f"Berkas harus {nama}; isi berkas ini bukan {nama}."})
    if jenis == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(berkas)
            if reader.is_encrypted:
                raise ValidationError({field: "PDF terkunci kata sandi (terenkripsi); unggah PDF tanpa kata sandi."})
            len(reader.pages)
        except (PdfReadError, ValueError, KeyError, OSError):
            raise ValidationError({field: "PDF rusak atau tidak dapat dibaca."}) from None
        finally:
            berkas.seek(0)
    return jenis
