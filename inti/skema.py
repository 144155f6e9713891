"""OpenAPI schema plumbing shared by every app (drf-spectacular settings point here).

* ``pustaka_tanpa_dokumen``: docstrings that are not an operation's description. drf-spectacular falls back to
  the first docstring in a view's MRO; ``LingkupViewSetMixin``'s ("DRF viewsets: get_queryset comes from a
  scoped query …") became the description of some fifty operations.
* ``FilterDenganBatas``: django-filter parameters with the limits their filters enforce — ``maxLength``
  (``max_length``), ``pattern`` (a ``RegexValidator``), ``minimum``/``maximum`` (``min_value``/``max_value``) —
  so a client (or a fuzzer) knows ``?kecamatan=`` takes ``33.03.06`` and not thirteen-plus characters.
* ``jawaban_galat``: the error answers every operation can give, added where a view did not document them:
  400 (input refused: writes and filtered lists), 401 (not signed in), 403 (writes: no permission, or a
  session without its CSRF token), 404 (a path naming an object absent or outside the user's scope, a page
  past the end, a bad cursor).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

GALAT = "Galat"
SKEMA_GALAT = {
    "type": "object",
    "description": "Jawaban galat. Langkah yang melanggar aturan: detail, kode aturan (mis. R3) dan pelanggaran; "
    "masukan yang tidak sah: daftar pesan per nama isian.",
    "properties": {
        "detail": {"type": "string"},
        "kode": {"type": "string", "description": "kode aturan pertama yang dilanggar, mis. R3"},
        "pelanggaran": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"kode": {"type": "string"}, "pesan": {"type": "string"}, "field": {"type": "string"}},
            },
        },
    },
    "additionalProperties": {"type": "array", "items": {}},
}
TULIS = {"post", "put", "patch", "delete"}
HALAMAN = {"page", "page_size", "cursor"}
URAIAN = {
    "400": "Masukan ditolak (isian tidak sah atau aturan dilanggar)",
    "401": "Belum masuk: token atau sesi tidak ada atau tidak sah",
    "403": "Tidak berwenang, atau sesi tanpa token CSRF",
    "404": "Tidak ditemukan (atau di luar wilayah kerja; halaman atau kursor tidak ada)",
}


def pustaka_tanpa_dokumen() -> list[type]:
    """drf-spectacular's GET_LIB_DOC_EXCLUDES plus the project's mixins (their docstrings describe code)."""
    from drf_spectacular.plumbing import get_lib_doc_excludes

    from akun.mixins import LingkupViewSetMixin

    return [*get_lib_doc_excludes(), LingkupViewSetMixin]


class FilterDenganBatas(DjangoFilterExtension):
    priority = 1  # before drf-spectacular's own extension for the same backend

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        hasil = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        extra = filter_field.extra
        for param in hasil:
            skema = param["schema"]
            if skema.get("type") == "array":
                skema = skema["items"]
            if skema.get("type") == "string":
                if extra.get("max_length"):
                    skema["maxLength"] = extra["max_length"]
                pola = next((v.regex.pattern for v in extra.get("validators", ())
                             if isinstance(v, RegexValidator) and not v.inverse_match), None)
                if pola:
                    skema["pattern"] = pola
            if skema.get("type") in ("integer", "number"):
                if extra.get("min_value") is not None:
                    skema["minimum"] = extra["min_value"]
                if extra.get("max_value") is not None:
                    skema["maximum"] = extra["max_value"]
        return hasil


def jawaban_galat(result, generator, request, public):
    """POSTPROCESSING_HOOKS: add the common error answers an operation does not document itself."""
    result.setdefault("components", {}).setdefault("schemas", {})[GALAT] = SKEMA_GALAT
    rujukan = {"application/json": {"schema": {"$ref": f"#/components/schemas/{GALAT}"}}}
    for path, operasi in result.get("paths", {}).items():
        for metode, op in operasi.items():
            kode = set()
            masuk = bool(op.get("security"))
            kueri = {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"}
            if metode in TULIS or kueri - HALAMAN:  # a filter refuses a value it cannot take
                kode.add("400")
            if kueri & {"page", "cursor"}:  # a page past the end, a bad cursor
                kode.add("404")
            if masuk:
                kode.add("401")
                if metode in TULIS:
                    kode.add("403")
            if "{" in path:
                kode.add("404")
            jawaban = op.setdefault("responses", {})
            for k in sorted(kode):
                if k not in jawaban:
                    jawaban[k] = {"description": URAIAN[k], "content": rujukan}
    return result
