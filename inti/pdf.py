"""HTML → PDF with WeasyPrint, reading assets from disk only (STYLE.md §12).

``render_pdf(template_name, context, ukuran="A4"|"F4") -> bytes`` renders a Django template and lays it
out on A4 or F4 (folio, 21,5 × 33 cm) paper. Stylesheets and images are resolved through Django's
staticfiles finders; anything else — http(s), ftp, a ``file://`` path outside the static files — is
refused and stops the render (``AsetDitolak``), so a document can never depend on the network or leak
a server file into a PDF. ``data:`` URIs (the inline QR code) need no fetching and are allowed.

Output is deterministic: the same HTML gives the same bytes. WeasyPrint adds no creation date unless
the HTML has ``<meta name="dcterms.created">``, and templates set that from the document's own date.
Fonts are the system's Liberation fonts (Debian ``fonts-liberation``: metric-compatible Arial/Times).

Speed (bench/pdf.py): the house print stylesheet ``static/css/print.css`` is applied here to every
document, not linked from the templates, so it is parsed once per process (re-read when the file
changes) instead of on every render; the paper-size sheets likewise. Each thread keeps one
``FontConfiguration`` (its Pango font map and caches stay warm between renders). Both are safe because
print.css has no ``@font-face`` and no ``@counter-style`` rules — add such a rule and this cache must go.

Python's cyclic garbage collector is paused while WeasyPrint lays a document out (``_gc_dijeda``). A
layout allocates hundreds of thousands of objects, so the collector would otherwise run several full
collections per document, each walking every object the process holds (Django, the ORM, WeasyPrint
itself: ~200,000) — about a quarter of a 12-page render (bench/pdf.py). The render's own cyclic garbage
is collected as usual once the collector is back on; reference counting frees the rest immediately.
"""

from __future__ import annotations

import contextlib
import gc
import mimetypes
import os
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Paper sizes of DOMAIN.md §D1 ("folio" 21,5 × 33 cm is common in desa offices).
UKURAN_KERTAS = {"A4": "210mm 297mm", "F4": "215mm 330mm"}


class AsetDitolak(FatalURLFetchingError):
    """A document asked for a resource that is not one of the project's static files."""


def _akar_statis() -> Path:
    """The folder the documents' relative URLs resolve against (the project's ``static/``)."""
    dirs = list(getattr(settings, "STATICFILES_DIRS", []))
    if dirs:
        first = dirs[0]
        return Path(first[1] if isinstance(first, (tuple, list)) else first).resolve()
    return Path(settings.STATIC_ROOT).resolve()


def base_url() -> str:
    return _akar_statis().as_uri() + "/"


def _path_statis(url: str) -> str | None:
    """The static-relative path a URL names, or ``None`` when it names anything else.

    Accepted: ``file:///static/css/print.css`` (an absolute ``{% static %}`` URL resolved against the
    base URL) and ``file://<static dir>/css/print.css`` (a relative URL). Never ``..`` out of the tree.
    """
    bagian = urlsplit(url)
    if bagian.scheme != "file" or bagian.netloc not in ("", "localhost"):
        return None
    path = unquote(bagian.path)
    akar = _akar_statis().as_posix().rstrip("/") + "/"
    static_url = "/" + settings.STATIC_URL.strip("/") + "/"
    if path.startswith(akar):
        relatif = path[len(akar):]
    elif path.startswith(static_url):
        relatif = path[len(static_url):]
    else:
        return None
    relatif = posixpath.normpath(relatif)
    if relatif.startswith(("../", "/")) or relatif in ("..", "."):
        return None
    return relatif


class PengambilStatis(URLFetcher):
    """Serves the project's static files through the staticfiles finders; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler, no I/O
        relatif = _path_statis(url)
        lokasi = finders.find(relatif) if relatif else None
        if not lokasi:
            raise AsetDitolak(f"Aset PDF ditolak (hanya berkas statis proyek): {url}")
        if isinstance(lokasi, list):
            lokasi = lokasi[0]
        jenis, _ = mimetypes.guess_type(lokasi)
        return URLFetcherResponse(
            Path(lokasi).as_uri(), Path(lokasi).read_bytes(), {"Content-Type": jenis or "application/octet-stream"}
        )


# The house print stylesheet, applied to every document by html_ke_pdf.
GAYA_CETAK = "css/print.css"

_css_kertas_tersimpan: dict[str, CSS] = {}
_gaya_tersimpan: dict[tuple[str, int, int], CSS] = {}
_lokal = threading.local()


def _css_kertas(ukuran: str) -> CSS:
    try:
        size = UKURAN_KERTAS[ukuran]
    except KeyError:
        raise ValueError(f"Ukuran kertas {ukuran!r} tidak dikenal; gunakan A4 atau F4.") from None
    css = _css_kertas_tersimpan.get(ukuran)
    if css is None:
        css = _css_kertas_tersimpan[ukuran] = CSS(string=f"@page {{ size: {size}; }}")
    return css


def lokasi_gaya_cetak() -> str:
    lokasi = finders.find(GAYA_CETAK)
    if not lokasi:
        raise AsetDitolak(f"Lembar gaya cetak tidak ditemukan: {GAYA_CETAK}")
    return lokasi[0] if isinstance(lokasi, list) else lokasi


def _gaya_cetak() -> CSS:
    """print.css parsed once per process; parsed again when the file changes (mtime or size)."""
    lokasi = lokasi_gaya_cetak()
    st = os.stat(lokasi)
    kunci = (lokasi, st.st_mtime_ns, st.st_size)
    css = _gaya_tersimpan.get(kunci)
    if css is None:
        # Any url() in the sheet goes through the same disk-only fetcher as the document.
        css = CSS(filename=lokasi, base_url=base_url(), url_fetcher=PengambilStatis())
        _gaya_tersimpan.clear()
        _gaya_tersimpan[kunci] = css
    return css


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread, reused by every render of that thread."""
    fc = getattr(_lokal, "font_config", None)
    if fc is None:
        fc = _lokal.font_config = FontConfiguration()
    return fc


_gc_kunci = threading.Lock()
_gc_jeda = {"jumlah": 0, "dimatikan": False}


@contextlib.contextmanager
def _gc_dijeda():
    """Pause the cyclic garbage collector for the block; nested and concurrent renders share one pause.

    The collector is switched back on when the last render of the process leaves the block, and only if
    this context switched it off (a caller that had disabled it itself keeps it disabled).
    """
    with _gc_kunci:
        if _gc_jeda["jumlah"] == 0:
            _gc_jeda["dimatikan"] = gc.isenabled()
            gc.disable()
        _gc_jeda["jumlah"] += 1
    try:
        yield
    finally:
        with _gc_kunci:
            _gc_jeda["jumlah"] -= 1
            if _gc_jeda["jumlah"] == 0 and _gc_jeda["dimatikan"]:
                gc.enable()


def html_ke_pdf(html: str, *, ukuran: str = "A4") -> bytes:
    """Lay out ready HTML with the house print stylesheet on A4/F4 paper, with the disk-only fetcher."""
    kertas = _css_kertas(ukuran)
    with _gc_dijeda():
        dokumen = HTML(string=html, base_url=base_url(), url_fetcher=PengambilStatis())
        return dokumen.write_pdf(stylesheets=[_gaya_cetak(), kertas], font_config=_font_config())


def render_pdf(template_name: str, context: dict, *, ukuran: str = "A4") -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes (A4 or F4 paper)."""
    html = render_to_string(template_name, {**context, "ukuran_kertas": ukuran})
    return html_ke_pdf(html, ukuran=ukuran)
