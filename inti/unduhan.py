"""Serving a stored file to a reader who passed the read gate: one answer for every download.

Pages (legal documents, evidence, the public register) and the API all answer through ``berkas_response``:
a missing or never-generated file is 404 like an object out of scope; the Content-Type comes from the
file's own bytes (what the upload check accepted, inti.berkas), not from the name a user gave it; PDFs and
photos open in the browser (``inline``, so a phone shows the minutes instead of a bare download) and keep
their file name for "save as"; anything else is offered as a download of unknown type.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from .berkas import jenis_berkas

# Kinds accepted on upload (inti.berkas.MAGIC) that a browser shows by itself.
TAMPIL = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
LAINNYA = "application/octet-stream"


def berkas_response(field_file, nama: str) -> FileResponse:
    """The file behind ``field_file`` under the name ``nama``; 404 when there is none (or it left the disk)."""
    if not field_file:
        raise Http404("Berkas belum tersedia.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas tidak ditemukan.") from None
    jenis = TAMPIL.get(jenis_berkas(handle))
    return FileResponse(handle, content_type=jenis or LAINNYA, as_attachment=jenis is None, filename=nama)
