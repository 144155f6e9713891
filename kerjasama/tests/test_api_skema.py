"""Real answers of the API against the OpenAPI schema the app publishes (drf-spectacular).

An API fuzzing run (schemathesis) found answers the schema did not allow: null where it said integer
(``peserta[].musdes``, ``surat_penawaran[].kepada_pihak_ketiga``, ``perubahan[].dokumen``), "" where it gave an
enum (``surat_penawaran[].jawaban``, ``perubahan[].penandatangan[].cara_penyebarluasan``), and properties the
public register returns but did not declare (``status``, ``status_label``, ``perubahan``). Here each answer is
validated with ``jsonschema`` against the generated schema, made strict: OpenAPI's ``nullable`` becomes JSON
Schema's null type, and an object may carry only the properties it declares.
"""

from __future__ import annotations

import copy

import jsonschema
import pytest
from rest_framework.test import APIClient

from kerjasama import services

from .conftest import segera
from .test_perubahan import _sepakati, _tanda_tangani_semua, _undangkan_semua

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]


def _ketat(node):
    """OpenAPI 3.0 schema object → a strict JSON Schema (nullable → null allowed; no undeclared properties)."""
    if isinstance(node, list):
        return [_ketat(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _ketat(v) for k, v in node.items()}
    if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def skema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def periksa(skema, path: str, jawaban):
    bentuk = skema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    dokumen = {**copy.deepcopy(bentuk), "components": {"schemas": _ketat(skema["components"]["schemas"])}}
    jsonschema.Draft7Validator(_ketat(dokumen)).validate(jawaban)


def _detail(k, user=None):
    c = APIClient()
    c.force_authenticate(user or k.pmd)
    r = c.get(f"/api/v1/kerjasama/{k.ks.kode}/")
    assert r.status_code == 200, r.content
    return r.json()


def test_detail_of_an_open_offer_matches_the_schema(skema, buat_ks):
    """Offers unanswered (jawaban "") and a partner's Musdes not yet held (musdes null)."""
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    data = _detail(k)
    assert "" in [s["jawaban"] for s in data["surat_penawaran"]]
    assert None in [p["musdes"] for p in data["peserta"]]
    assert {s["kepada_pihak_ketiga"] for s in data["surat_penawaran"]} == {None}
    periksa(skema, "/api/v1/kerjasama/{kode}/", data)


def test_detail_of_a_third_party_agreement_matches_the_schema(skema, buat_ks):
    k = buat_ks(sampai="BERLAKU", jenis="PIHAK_KETIGA")
    data = _detail(k)
    assert [s["kepada"] for s in data["surat_penawaran"]] == [None]
    periksa(skema, "/api/v1/kerjasama/{kode}/", data)


def test_detail_with_changes_signed_and_asked_matches_the_schema(skema, buat_ks):
    """An agreed change signed but not yet disseminated (cara_penyebarluasan ""), then a suspension asked
    (its dokumen null)."""
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    pr = _sepakati(k)
    _tanda_tangani_semua(k, pr)
    _undangkan_semua(k, pr)
    with segera():
        services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.operator[0], jenis="PENUNDAAN", uraian="Musim hujan.")
    data = _detail(k)
    assert None in [p["dokumen"] for p in data["perubahan"]]
    assert "" in [t["cara_penyebarluasan"] for p in data["perubahan"] for t in p["penandatangan"]]
    periksa(skema, "/api/v1/kerjasama/{kode}/", data)


def test_public_register_list_and_entry_match_the_schema(skema, buat_ks):
    k = buat_ks(sampai="BERLAKU", jumlah_desa=2)
    pr = _sepakati(k)
    _tanda_tangani_semua(k, pr)
    _undangkan_semua(k, pr)
    c = APIClient()
    daftar = c.get("/api/v1/publik/kerjasama/").json()
    assert [r["kode"] for r in daftar["results"]] == [k.ks.kode] and daftar["results"][0]["perubahan"]
    assert {"status", "status_label"} <= set(daftar["results"][0])
    periksa(skema, "/api/v1/publik/kerjasama/", daftar)
    periksa(skema, "/api/v1/publik/kerjasama/{kode}/", c.get(f"/api/v1/publik/kerjasama/{k.ks.kode}/").json())


def test_a_document_download_is_documented_with_the_types_it_answers(skema, buat_ks):
    from kerjasama.models import Dokumen

    k = buat_ks(sampai="DISETUJUI_MUSDES", jumlah_desa=2)  # its Musdes' berita acara is a PDF
    dok = Dokumen.objects.get(jenis="BERITA_ACARA")
    jenis = set(skema["paths"]["/api/v1/dokumen/{id}/unduh/"]["get"]["responses"]["200"]["content"])
    assert {"application/pdf", "image/jpeg", "image/png"} <= jenis
    c = APIClient()
    c.force_authenticate(k.pmd)
    r = c.get(f"/api/v1/dokumen/{dok.pk}/unduh/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
