"""API v1 of regions, profiles and commodities: thin viewsets over desa.queries and desa.services.

Every queryset comes from a scoped query (``LingkupViewSetMixin.lingkup``), so an object outside the
user's region answers 404 exactly like one that does not exist. Writes go through the services,
which check the rules permission on the desa and the rules of law (R32).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from akun.mixins import LingkupViewSetMixin
from inti.api import HalamanKursor, IzinRules

from .. import queries
from ..filtersets import (
    DesaFilterSet,
    DesaKomoditasFilterSet,
    KabupatenFilterSet,
    KecamatanFilterSet,
    ProfilFilterSet,
    ProvinsiFilterSet,
)
from .serializers import (
    KOLOM_DESA,
    DesaKomoditasSerializer,
    DesaProfilSerializer,
    DesaSerializer,
    KabupatenSerializer,
    KecamatanSerializer,
    KomoditasSerializer,
    ProvinsiSerializer,
    baris_desa,
)

# Region codes contain dots (33.03.06.2015); the default lookup pattern stops at a dot.
POLA_KODE_URL = r"[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?"


class WilayahViewSet(LingkupViewSetMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "kode"
    lookup_value_regex = POLA_KODE_URL


@extend_schema_view(
    list=extend_schema(summary="Daftar provinsi dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu provinsi menurut kode"),
)
class ProvinsiViewSet(WilayahViewSet):
    lingkup = staticmethod(queries.provinsi_list)
    serializer_class = ProvinsiSerializer
    filterset_class = ProvinsiFilterSet


@extend_schema_view(
    list=extend_schema(summary="Daftar kabupaten/kota dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu kabupaten/kota menurut kode"),
)
class KabupatenViewSet(WilayahViewSet):
    lingkup = staticmethod(queries.kabupaten_list)
    serializer_class = KabupatenSerializer
    filterset_class = KabupatenFilterSet


@extend_schema_view(
    list=extend_schema(summary="Daftar kecamatan dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu kecamatan menurut kode"),
)
class KecamatanViewSet(WilayahViewSet):
    lingkup = staticmethod(queries.kecamatan_list)
    serializer_class = KecamatanSerializer
    filterset_class = KecamatanFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="Daftar desa/kelurahan dalam wilayah kerja",
        description="Halaman kursor berurut kode: halaman ke-1.000 sama cepatnya dengan halaman pertama. "
        "Saring dengan kode (awalan), provinsi, kabupaten, kecamatan (kode induk), jenis, dan q "
        "(nama, toleran salah ketik; atau kode).",
    ),
    retrieve=extend_schema(summary="Satu desa/kelurahan menurut kode, mis. 33.03.06.2015"),
)
class DesaViewSet(WilayahViewSet):
    lingkup = staticmethod(queries.desa_list)
    serializer_class = DesaSerializer
    filterset_class = DesaFilterSet
    pagination_class = HalamanKursor

    def list(self, request, *args, **kwargs):
        # The hot path: plain dicts from one query, no model instance per row (see serializers).
        # Plain field paths, not F() aliases: the same joins and SQL, without resolving four annotations.
        rows = self.filter_queryset(self.get_queryset()).values(*KOLOM_DESA_NILAI)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([baris_desa(r) for r in page])


KOLOM_DESA_NILAI = ("kode", "nama", "jenis", *KOLOM_DESA.values())


class TulisTanpaHapusViewSet(
    LingkupViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, replace (PUT) and change (PATCH); nothing is deleted through the API."""

    permission_classes = [IsAuthenticated, IzinRules]


@extend_schema_view(
    list=extend_schema(summary="Profil desa dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu profil desa"),
    create=extend_schema(
        summary="Buat profil desa untuk satu tahun data",
        description="Operator/kepala desa untuk desanya, Dinas PMD kabupaten, admin. "
        "Kelurahan ditolak (R32).",
    ),
    update=extend_schema(summary="Ganti profil desa"),
    partial_update=extend_schema(summary="Ubah sebagian profil desa"),
)
class ProfilDesaViewSet(TulisTanpaHapusViewSet):
    lingkup = staticmethod(queries.profil_list)
    serializer_class = DesaProfilSerializer
    filterset_class = ProfilFilterSet


@extend_schema_view(
    list=extend_schema(summary="Daftar rujukan komoditas"),
    retrieve=extend_schema(summary="Satu komoditas"),
    create=extend_schema(summary="Tambah komoditas (admin)"),
    update=extend_schema(summary="Ganti komoditas (admin)"),
    partial_update=extend_schema(summary="Ubah komoditas (admin)"),
)
class KomoditasViewSet(TulisTanpaHapusViewSet):
    lingkup = staticmethod(queries.komoditas_list)
    serializer_class = KomoditasSerializer
    filterset_fields = ["sektor"]


@extend_schema_view(
    list=extend_schema(summary="Komoditas desa dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu komoditas desa"),
    create=extend_schema(summary="Tambah komoditas desa", description="Kelurahan ditolak (R32)."),
    update=extend_schema(summary="Ganti komoditas desa"),
    partial_update=extend_schema(summary="Ubah sebagian komoditas desa"),
)
class KomoditasDesaViewSet(TulisTanpaHapusViewSet):
    lingkup = staticmethod(queries.komoditas_desa_list)
    serializer_class = DesaKomoditasSerializer
    filterset_class = DesaKomoditasFilterSet
