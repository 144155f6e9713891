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


def _daftar_jenis(boleh) -> str:
    nama = [j.upper() for j in boleh]
    return nama[0] if len(nama) == 1 else f"{', '.join(nama[:-1])} atau {nama[-1]}"


def periksa_unggahan(berkas, *, boleh=("pdf",), maks=MAKS_PDF, field: str | None = "berkas") -> str:
    """Refuse a file that is too large, of another kind (by its bytes, not its name) or an encrypted PDF.

    The refusal is keyed by ``field`` — the name of the input the file came in (``berita_acara``,
    ``daftar_hadir`` …) so a page or the API shows it on that input; ``field=None`` raises a plain error,
    for a form field's own ``clean``. Returns the kind ("pdf", "jpg", "png").
    """

    def tolak(pesan: str) -> ValidationError:
        return ValidationError({field: pesan} if field else pesan, code="berkas")

    if berkas is None:
        raise tolak("Pilih berkas untuk diunggah.")
    nama_berkas = getattr(berkas, "name", "") or "ini"
    if berkas.size > maks:
        raise tolak(f"Berkas terlalu besar ({berkas.size / MB:.1f} MB); paling besar {maks // MB} MB.")
    if berkas.size == 0:
        raise tolak(f"Berkas “{nama_berkas}” kosong.")
    jenis = jenis_berkas(berkas)
    if jenis not in boleh:
        raise tolak(f"Berkas harus {_daftar_jenis(boleh)}; isi berkas “{nama_berkas}” bukan {_daftar_jenis(boleh)}.")
    if jenis == "pdf":
        from pypdf import PdfReader

        try:
            reader = PdfReader(berkas)
            terkunci = reader.is_encrypted
            if not terkunci:
                len(reader.pages)
        except Exception:  # noqa: BLE001
            # A file pypdf cannot parse is a broken PDF, whatever it raises: PdfReadError, and on malformed files
            # also OverflowError ("startxref 9999…"), ValueError, KeyError, IndexError, TypeError, RecursionError …;
            # each one left out was a 500 on every upload. ``Exception`` only: KeyboardInterrupt and SystemExit
            # (BaseException) still stop the process.
            raise tolak("PDF rusak atau tidak dapat dibaca.") from None
        finally:
            berkas.seek(0)
        if terkunci:
            raise tolak("PDF terkunci kata sandi (terenkripsi); unggah PDF tanpa kata sandi.")
    return jenis
