"""Panels of the home page: each app contributes its own, akun only collects and shows them.

akun sits below every domain app (DESIGN.md §3), so it must not import them when it loads. A panel
is therefore named by a dotted path and imported only when the home page is first drawn:

- apps known today are listed in ``PANEL_BAWAAN``;
- a later app (kerja sama, kawasan, …) adds its own from its ``AppConfig.ready()`` with
  ``akun.beranda.daftarkan("kerjasama.views.panel_beranda")``.

A panel function takes the request and returns a ``Panel`` (or None when it has nothing to say to
this user). It must run a fixed number of queries, whatever the size of the user's region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import import_string

# Dotted paths of the panel functions shown on the home page, in this order.
PANEL_BAWAAN: list[str] = [
    "desa.views.panel_beranda",
]

_tambahan: list[str] = []
_cache: list[Callable] | None = None


@dataclass
class Angka:
    """One count in a panel: ``12 desa`` linking to where they are listed."""

    label: str
    nilai: int | str
    url: str = ""


@dataclass
class Tindakan:
    """One thing waiting for the user: a sentence and where to do it."""

    teks: str
    url: str = ""
    tombol: str = ""  # text of the action button, e.g. "Isi profil"


@dataclass
class Panel:
    judul: str
    keterangan: str = ""
    angka: list[Angka] = field(default_factory=list)
    tindakan: list[Tindakan] = field(default_factory=list)
    kosong: str = "Tidak ada yang perlu ditindaklanjuti."  # shown when ``tindakan`` is empty
    lainnya: int = 0  # how many more actions exist than are listed
    lainnya_url: str = ""


def daftarkan(dotted_path: str) -> None:
    """Add a panel (by dotted path) from an app's ``ready()``; registering twice is harmless."""
    global _cache
    if dotted_path not in PANEL_BAWAAN and dotted_path not in _tambahan:
        _tambahan.append(dotted_path)
        _cache = None


def fungsi_panel() -> list[Callable]:
    """The panel functions, imported once on first use."""
    global _cache
    if _cache is None:
        _cache = [import_string(path) for path in [*PANEL_BAWAAN, *_tambahan]]
    return _cache


def kumpulkan_panel(request) -> list[Panel]:
    """Every panel that has something for this user."""
    panels = []
    for fn in fungsi_panel():
        panel = fn(request)
        if panel is not None:
            panels.append(panel)
    return panels
