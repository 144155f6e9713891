"""The published OpenAPI schema (inti/skema.py): the common error answers on every operation, the limits of the
list filters, and no mixin docstring passed off as an operation's description."""

from __future__ import annotations

import jsonschema
import pytest
from rest_framework.test import APIClient

from desa.aturan import POLA_KODE


@pytest.fixture(scope="module")
def skema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _operasi(skema):
    for path, ops in skema["paths"].items():
        for metode, op in ops.items():
            yield path, metode, op


def test_every_operation_documents_its_error_answers(skema):
    for path, metode, op in _operasi(skema):
        jawaban = set(op["responses"])
        harap = set()
        if op.get("security"):
            harap.add("401")
            if metode != "get":
                harap.add("403")
        if metode != "get":
            harap.add("400")
        if "{" in path:
            harap.add("404")
        assert harap <= jawaban, (metode, path, sorted(jawaban))


def test_no_operation_is_described_by_a_mixin_docstring(skema):
    from akun.mixins import LingkupViewSetMixin

    doc = LingkupViewSetMixin.__doc__.strip()
    assert [(m, p) for p, m, op in _operasi(skema) if doc in op.get("description", "")] == []


def _param(skema, path, nama):
    return next(p for p in skema["paths"][path]["get"]["parameters"] if p["name"] == nama)["schema"]


def test_filter_limits_are_in_the_schema(skema):
    assert _param(skema, "/api/v1/desa/", "kecamatan")["pattern"] == POLA_KODE[3].pattern
    assert _param(skema, "/api/v1/desa/", "kabupaten")["pattern"] == POLA_KODE[2].pattern
    assert _param(skema, "/api/v1/desa/", "kode")["maxLength"] == 13
    assert _param(skema, "/api/v1/profil-desa/", "desa")["maxLength"] == 13
    assert _param(skema, "/api/v1/kerjasama/", "kecamatan")["pattern"] == POLA_KODE[3].pattern
    tahun = _param(skema, "/api/v1/kerjasama/", "tahun")
    assert (tahun["minimum"], tahun["maximum"]) == (2000, 2100)


@pytest.mark.django_db
def test_a_refused_filter_answers_the_documented_error_shape(skema, persona):
    c = APIClient()
    c.force_authenticate(persona["pmd_pbg"])
    r = c.get("/api/v1/kerjasama/", {"kecamatan": "bukan-kode"})
    assert r.status_code == 400, r.content
    op = skema["paths"]["/api/v1/kerjasama/"]["get"]
    ref = op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    jsonschema.validate(r.json(), {**skema["components"]["schemas"][ref.rsplit("/", 1)[1]]})
    assert c.get("/api/v1/kerjasama/", {"cursor": "rusak"}).status_code == 404
    assert "404" in op["responses"]
