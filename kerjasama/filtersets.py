"""One filter vocabulary for agreements, shared by the API and the pages.

``KerjaSamaFilterSet(request.GET, queryset=queries.kerjasama_list(user)).qs`` narrows an already scoped
queryset; it never widens it. Parameters (all optional):

- ``status``: one state of §C1 (``BERLAKU``), or several separated by commas (``DIAJUKAN,DIVERIFIKASI``);
- ``kecamatan``: a kecamatan code (``33.03.06``): agreements with a participating desa there;
- ``bidang``: one bidang of UU 6/2014 Pasal 92 ayat (1) (``USAHA_BERSAMA``);
- ``tahun``: year of enactment, or of drafting while not yet enacted;
- ``jenis``: ``ANTAR_DESA`` or ``PIHAK_KETIGA``;
- ``q``: words in the title, an agreement code (``KS-…``) or the name of a participating desa.

Filters over the parties go through a subquery (``pk IN (…)``) so an agreement is never listed twice.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q

from desa.aturan import POLA_KODE
from desa.filtersets import FilterSetRingan

from .choices import Bidang, JenisKerjaSama, StatusKerjaSama
from .models import KerjaSamaDesa, KerjaSamaPeserta

BATAS_CARI = 100


class StatusFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """``status=BERLAKU`` or ``status=DIAJUKAN,DIVERIFIKASI``; an unknown state is a clear 400."""


class KerjaSamaFilterSet(FilterSetRingan):
    # FilterSetRingan (desa.filtersets): shallow per-request copies of these static filters and one cached
    # form class, instead of django-filter's deep copies and a new form class on every request.
    status = StatusFilter(choices=StatusKerjaSama.choices, label="Status (satu atau beberapa, dipisah koma)")
    kecamatan = django_filters.CharFilter(
        method="filter_kecamatan",
        label="Kode kecamatan desa peserta",
        validators=[RegexValidator(POLA_KODE[3], "Kode kecamatan tidak sah; contoh: 33.03.06.")],
    )
    bidang = django_filters.ChoiceFilter(choices=Bidang.choices, method="filter_bidang", label="Bidang")
    tahun = django_filters.NumberFilter(method="filter_tahun", label="Tahun", min_value=2000, max_value=2100)
    jenis = django_filters.ChoiceFilter(choices=JenisKerjaSama.choices, label="Jenis")
    q = django_filters.CharFilter(method="filter_q", label="Cari judul, kode, atau nama desa", max_length=BATAS_CARI)

    class Meta:
        model = KerjaSamaDesa
        fields = ["status", "kecamatan", "bidang", "tahun", "jenis", "q"]

    def filter_kecamatan(self, qs, name, value):
        return qs.filter(pk__in=KerjaSamaPeserta.objects.filter(desa__kecamatan__kode=value).values("kerja_sama_id"))

    def filter_bidang(self, qs, name, value):
        return qs.filter(bidang__contains=[value])

    def filter_tahun(self, qs, name, value):
        tahun = int(value)
        return qs.filter(
            Q(tanggal_penetapan__year=tahun) | Q(tanggal_penetapan__isnull=True, created_at__year=tahun)
        )

    def filter_q(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        if value.upper().startswith("KS-"):
            return qs.filter(kode__iexact=value)
        desa_cocok = KerjaSamaPeserta.objects.filter(desa__nama__icontains=value).values("kerja_sama_id")
        return qs.filter(Q(judul__icontains=value) | Q(pk__in=desa_cocok))

