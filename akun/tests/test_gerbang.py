"""Guards of the read gate (STYLE.md §3 "fail closed"): the ways around ``scope()`` are visible.

1. No view, API view or admin module reads a domain model through ``Model.objects`` (or its
   ``_default_manager``/``_base_manager``): reads start from queries.py or scope(). The check parses the
   source with ``ast``, so comments and strings do not count and ``m.Desa.objects`` does.
2. ``scope()`` of a model nobody registered raises instead of answering unscoped.
3. Every concrete model of the domain apps says how it is scoped, or is exempt here with a reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pghistory.models import Event

from akun.scoping import cara_lingkup, scope

APP_DOMAIN = ("akun", "desa", "kerjasama", "kawasan", "bumdesma")
PENGELOLA = {"objects", "_default_manager", "_base_manager"}

# Deliberate bypasses, each with its reason: (path, function, model name) → why.
PENGECUALIAN_MODUL = {
    ("desa/views.py", "_nama_pengguna", "User"): (
        "display names of the authors of history rows the reader may already see (looked up by id only)"
    ),
}

# Concrete domain models that are not registered with the scope registry, and why.
PENGECUALIAN_MODEL = {
    # pghistory event tables (desa.DesaProfilEvent, …) are not; see _dikecualikan below.
}


def _modul_gerbang() -> list[Path]:
    """views.py, views_*.py, api/views.py and admin.py of every domain app."""
    base = Path(settings.BASE_DIR)
    files = []
    for app in APP_DOMAIN:
        folder = base / app
        files += sorted(folder.glob("views.py")) + sorted(folder.glob("views_*.py"))
        files += sorted(folder.glob("api/views.py")) + sorted(folder.glob("admin.py"))
    return files


def _nama_model_domain() -> set[str]:
    return {model.__name__ for app in APP_DOMAIN for model in apps.get_app_config(app).get_models()} | {"User"}


def pelanggaran_gerbang(source: str, nama_model: set[str]) -> list[tuple[str, int, str]]:
    """(function, line, model) for every ``<DomainModel>.objects`` style access in ``source``."""
    tree = ast.parse(source)
    hasil = []

    def kunjungi(node, fungsi: str) -> None:
        for anak in ast.iter_child_nodes(node):
            nama_fungsi = anak.name if isinstance(anak, (ast.FunctionDef, ast.AsyncFunctionDef)) else fungsi
            if isinstance(anak, ast.Attribute) and anak.attr in PENGELOLA:
                dasar = anak.value
                nama = dasar.id if isinstance(dasar, ast.Name) else getattr(dasar, "attr", None)
                if nama in nama_model:
                    hasil.append((fungsi, anak.lineno, nama))
            kunjungi(anak, nama_fungsi)

    kunjungi(tree, "<modul>")
    return hasil


def test_the_checker_finds_direct_manager_reads():
    source = (
        "from desa import models as m\n"
        "from desa.models import Desa\n"
        "def daftar(request):\n"
        "    a = Desa.objects.filter(kode='33')  # Desa.objects in a comment is fine\n"
        "    b = m.DesaProfil._default_manager.all()\n"
        "    c = 'Desa.objects'\n"
        "    return scope(request.user, Desa)\n"
    )
    assert pelanggaran_gerbang(source, {"Desa", "DesaProfil"}) == [
        ("daftar", 4, "Desa"), ("daftar", 5, "DesaProfil")
    ]


def test_views_api_and_admin_read_only_through_the_gate():
    files = _modul_gerbang()
    assert any(f.name == "admin.py" for f in files) and any(f.name == "views.py" for f in files)
    nama_model = _nama_model_domain()
    base = Path(settings.BASE_DIR)
    temuan = []
    dipakai = set()
    for path in files:
        rel = path.relative_to(base).as_posix()
        for fungsi, baris, model in pelanggaran_gerbang(path.read_text(encoding="utf-8"), nama_model):
            kunci = (rel, fungsi, model)
            if kunci in PENGECUALIAN_MODUL:
                dipakai.add(kunci)
                continue
            temuan.append(f"{rel}:{baris} in {fungsi}(): {model}.objects — read through queries.py or scope()")
    assert temuan == []
    # An exemption whose code is gone must be removed, so the list never hides a new bypass.
    assert dipakai == set(PENGECUALIAN_MODUL)


def test_scope_of_an_unregistered_model_raises(persona):
    from django.contrib.sessions.models import Session

    from desa.models import DesaProfil

    event_model = next(m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is DesaProfil)
    for model in (Session, event_model):
        for user in (persona["admin"], persona["sari"]):
            with pytest.raises(ImproperlyConfigured, match="no scope rule"):
                scope(user, model)
            with pytest.raises(ImproperlyConfigured):
                scope(user, model.objects.all())


def _dikecualikan(model) -> str | None:
    if issubclass(model, Event):
        return "pghistory event row: read only through riwayat_objek() of an object already in scope, " \
               "or the events admin (administrators only)"
    return PENGECUALIAN_MODEL.get(model._meta.label)


def test_every_domain_model_is_registered_with_the_scope_registry():
    belum = []
    model_domain = [m for app in APP_DOMAIN for m in apps.get_app_config(app).get_models()]
    assert len(model_domain) > 10
    for model in model_domain:
        if _dikecualikan(model):
            continue
        try:
            cara_lingkup(model)
        except ImproperlyConfigured:
            belum.append(model._meta.label)
    assert belum == [], "register with akun.scoping.daftarkan() or exempt in PENGECUALIAN_MODEL with a reason"
