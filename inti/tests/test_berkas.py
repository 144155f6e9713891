"""``inti.berkas.periksa_unggahan`` on broken PDFs: every one is refused as "PDF rusak" (a 400 on its input), never
a 500 — an API fuzzing run found that ``startxref 99999999999999999999`` made pypdf raise OverflowError, which the
old ``except (PdfReadError, ValueError, KeyError, OSError)`` let through on every upload."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from inti import berkas as cek


def _pdf(kata_sandi: str | None = None) -> bytes:
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    if kata_sandi:
        w.encrypt(kata_sandi)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


BAIK = _pdf()
XREF = BAIK.index(b"\nxref") + 1

RUSAK = {
    # pypdf: OverflowError "Python int too large to convert to C ssize_t" (the fuzzer's file)
    "startxref_raksasa": b"%PDF-1.4\nstartxref\n99999999999999999999\n%%EOF",
    "terpotong": BAIK[: len(BAIK) // 2],
    "hanya_kepala": b"%PDF-1.4\n",
    # a cross-reference table of garbage and a trailer naming a missing catalogue
    "xref_palsu": BAIK[:XREF] + b"xref\n0 3\nzzzzzzzzzz 65535 f \nqqqq\ntrailer\n<< /Size 3 /Root 9 0 R >>\nstartxref\n"
    + str(XREF).encode() + b"\n%%EOF",
    "startxref_negatif": b"%PDF-1.4\nstartxref\n-5\n%%EOF",
}


def _unggahan(isi: bytes, nama: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


@pytest.mark.parametrize("nama", list(RUSAK))
def test_a_broken_pdf_is_refused_on_its_input_not_a_crash(nama):
    f = _unggahan(RUSAK[nama])
    with pytest.raises(ValidationError) as e:
        cek.periksa_unggahan(f, field="berita_acara")
    assert e.value.message_dict == {"berita_acara": ["PDF rusak atau tidak dapat dibaca."]}
    assert f.tell() == 0  # rewound for whoever reads it next


def test_a_pdf_whose_xref_pypdf_can_rebuild_is_accepted():
    """Only a wrong startxref offset: pypdf finds the objects again, so the file is readable and accepted."""
    geser = BAIK.replace(b"startxref\n" + str(XREF).encode(), b"startxref\n123456")
    assert geser != BAIK
    assert cek.periksa_unggahan(_unggahan(geser)) == "pdf"


def test_an_encrypted_pdf_is_named_as_such():
    with pytest.raises(ValidationError) as e:
        cek.periksa_unggahan(_unggahan(_pdf("rahasia")), field=None)
    assert e.value.messages == ["PDF terkunci kata sandi (terenkripsi); unggah PDF tanpa kata sandi."]


@pytest.mark.parametrize("galat", [TypeError("x"), IndexError("x"), RecursionError("x"), AttributeError("x")])
def test_whatever_the_parser_raises_is_a_broken_pdf(monkeypatch, galat):
    import pypdf

    def pecah(*a, **k):
        raise galat

    monkeypatch.setattr(pypdf, "PdfReader", pecah)
    with pytest.raises(ValidationError, match="PDF rusak"):
        cek.periksa_unggahan(_unggahan(BAIK))


def test_an_interrupt_while_parsing_is_not_swallowed(monkeypatch):
    import pypdf

    def henti(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pypdf, "PdfReader", henti)
    with pytest.raises(KeyboardInterrupt):
        cek.periksa_unggahan(_unggahan(BAIK))
