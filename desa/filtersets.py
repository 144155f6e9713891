"""One filter vocabulary for regions, shared by the API and the pages.

``DesaFilterSet(request.GET, queryset=desa_list(user)).qs`` narrows an already scoped queryset; it
never widens it. Parameters (all optional):

- ``kode``: code prefix (``33.03`` → every desa of Purbalingga, ``33.03.06.2015`` → that one desa);
- ``provinsi``, ``kabupaten``, ``kecamatan``: parent codes (``33``, ``33.03``, ``33.03.06``);
- ``jenis``: ``DESA``, ``DESA_ADAT`` or ``KELURAHAN``;
- ``q``: search; a code (``33.03.06`` or ``3303``) searches by code prefix, anything else by name,
  tolerant of typos (trigram similarity) and of partial words (``icontains``), both served by the
  trigram GIN index on ``nama``.

Parent filters go through the foreign keys (indexed joins), not ``kode LIKE '33.03.%'``: a LIKE
prefix uses the btree index only under the C collation, and production databases are often
``en_US.UTF-8``. A full parent code given as ``kode`` or ``q`` is turned into the same join.
"""

from __future__ import annotations

import copy
import re

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.http import QueryDict

from .aturan import POLA_KODE, normalkan_kode, tingkat_kode
from .choices import JenisDesa
from .models import Desa, DesaKomoditas, DesaProfil, Kabupaten, Kecamatan, Provinsi

# A search text that is a code, whole or partial: "33", "33.03.06", "33.03.06.20", "3303".
POLA_CARI_KODE = re.compile(r"^\d{2}(\.\d{0,4})*$|^\d{4,10}$")
BATAS_CARI = 100


def _validator(tingkat: int, nama: str, contoh: str) -> RegexValidator:
    return RegexValidator(POLA_KODE[tingkat], f"Kode {nama} tidak sah; contoh: {contoh}.")


# The foreign-key path from each model to the code of its ancestors at each level.
JALUR_INDUK: dict[type, dict[int, str]] = {
    Desa: {1: "kecamatan__kabupaten__provinsi__kode", 2: "kecamatan__kabupaten__kode", 3: "kecamatan__kode", 4: "kode"},
    Kecamatan: {1: "kabupaten__provinsi__kode", 2: "kabupaten__kode", 3: "kode"},
    Kabupaten: {1: "provinsi__kode", 2: "kode"},
    Provinsi: {1: "kode"},
}


def saring_awalan_kode(qs: QuerySet, awalan: str) -> QuerySet:
    """Rows whose code is ``awalan`` or starts with it; a whole code of a level uses the join."""
    awalan = normalkan_kode(awalan).rstrip(".")
    if not awalan:
        return qs
    tingkat = tingkat_kode(awalan)
    jalur = JALUR_INDUK.get(qs.model, {})
    if tingkat in jalur:
        return qs.filter(**{jalur[tingkat]: awalan})
    return qs.filter(kode__startswith=awalan)


def saring_nama(qs: QuerySet, teks: str) -> QuerySet:
    """Name search: partial words (ILIKE) or typos (trigram ``%``), one GIN index for both."""
    return qs.filter(Q(nama__icontains=teks) | Q(nama__trigram_similar=teks))


class _MedanDangkal(dict):
    """The form's ``base_fields``: Django's form deep-copies them for every form (every request).

    Our filter fields are static (fixed choices, no per-request attributes), so each form gets a
    shallow copy of every field and of its widget (own ``attrs`` dict) instead of a deep copy.
    """

    def __deepcopy__(self, memo):
        salinan = {}
        for nama, medan in self.items():
            medan = copy.copy(medan)
            medan.widget = copy.copy(medan.widget)
            medan.widget.attrs = dict(medan.widget.attrs)
            medan.error_messages = dict(medan.error_messages)
            salinan[nama] = medan
        return salinan


class FilterSetRingan(django_filters.FilterSet):
    """A FilterSet that copies its filter definitions shallowly per request.

    django-filter deep-copies every filter for every request, which on the desa list costs about as
    much as the database query itself. Our filters keep no per-request state apart from their
    ``parent``/``model`` and the method binding, which are re-set here, so a shallow copy suffices.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for nama, asli in self.base_filters.items():
            salinan = copy.copy(asli)
            salinan.model = queryset.model
            salinan.parent = self
            if salinan.method is not None:
                salinan.method = salinan.method  # rebind the method to this copy, not the class-level one
            self.filters[nama] = salinan

    @classmethod
    def _kelas_form(cls):
        # The form class depends only on the (static) filter definitions: build it once per FilterSet.
        if "_form_tersimpan" not in cls.__dict__:
            kelas = super().get_form_class(cls(queryset=cls._meta.model._default_manager.none()))
            kelas.base_fields = _MedanDangkal(kelas.base_fields)
            cls._form_tersimpan = kelas
        return cls._form_tersimpan

    def get_form_class(self):
        return type(self)._kelas_form()


class WilayahFilterSet(FilterSetRingan):
    """What every region level shares: code prefix and search by name or code."""

    kode = django_filters.CharFilter(method="filter_kode", label="Awalan kode", max_length=13)
    q = django_filters.CharFilter(method="filter_q", label="Cari nama atau kode", max_length=BATAS_CARI)

    def filter_kode(self, qs, name, value):
        return saring_awalan_kode(qs, value)

    def filter_q(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        if POLA_CARI_KODE.match(value):
            return saring_awalan_kode(qs, value)
        return saring_nama(qs, value)

    def filter_induk(self, qs, name, value):
        """``provinsi``/``kabupaten``/``kecamatan``: the parent code, through the join."""
        tingkat = {"provinsi": 1, "kabupaten": 2, "kecamatan": 3}[name]
        return qs.filter(**{JALUR_INDUK[qs.model][tingkat]: value})


class ProvinsiFilterSet(WilayahFilterSet):
    class Meta:
        model = Provinsi
        fields = ["kode", "q"]


class KabupatenFilterSet(WilayahFilterSet):
    provinsi = django_filters.CharFilter(
        method="filter_induk", label="Kode provinsi", validators=[_validator(1, "provinsi", "33")]
    )

    class Meta:
        model = Kabupaten
        fields = ["kode", "provinsi", "jenis", "q"]


class KecamatanFilterSet(WilayahFilterSet):
    provinsi = django_filters.CharFilter(
        method="filter_induk", label="Kode provinsi", validators=[_validator(1, "provinsi", "33")]
    )
    kabupaten = django_filters.CharFilter(
        method="filter_induk", label="Kode kabupaten/kota", validators=[_validator(2, "kabupaten/kota", "33.03")]
    )

    class Meta:
        model = Kecamatan
        fields = ["kode", "provinsi", "kabupaten", "q"]


class DesaFilterSet(KecamatanFilterSet):
    """Filters of the desa list (API ``/api/v1/desa/`` and the region browser pages)."""

    kecamatan = django_filters.CharFilter(
        method="filter_induk", label="Kode kecamatan", validators=[_validator(3, "kecamatan", "33.03.06")]
    )
    jenis = django_filters.ChoiceFilter(choices=JenisDesa.choices, label="Jenis")

    class Meta:
        model = Desa
        fields = ["kode", "provinsi", "kabupaten", "kecamatan", "jenis", "q"]


class MilikDesaFilterSet(django_filters.FilterSet):
    """Rows hanging on a desa (profiles, commodities): ``desa`` is its code or a code prefix."""

    desa = django_filters.CharFilter(method="filter_desa", label="Kode desa atau awalannya", max_length=13)

    def filter_desa(self, qs, name, value):
        value = normalkan_kode(value).rstrip(".")
        tingkat = tingkat_kode(value)
        if tingkat is not None:
            return qs.filter(**{f"desa__{JALUR_INDUK[Desa][tingkat]}": value})
        return qs.filter(desa__kode__startswith=value)


class ProfilFilterSet(MilikDesaFilterSet):
    tahun_data = django_filters.NumberFilter(label="Tahun data")

    class Meta:
        model = DesaProfil
        fields = ["desa", "tahun_data"]


class DesaKomoditasFilterSet(MilikDesaFilterSet):
    tahun = django_filters.NumberFilter(label="Tahun")
    unggulan = django_filters.BooleanFilter(label="Unggulan")
    komoditas = django_filters.NumberFilter(field_name="komoditas_id", label="ID komoditas")

    class Meta:
        model = DesaKomoditas
        fields = ["desa", "tahun", "unggulan", "komoditas"]
