"""Reads that matter, always scoped: pages, API, exports and the admin start here."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from akun.scoping import scope

from .models import (
    Desa,
    DesaFasilitas,
    DesaKomoditas,
    DesaProfil,
    ImporProfil,
    IndeksDesaSkor,
    JenisFasilitas,
    Kabupaten,
    Kecamatan,
    Komoditas,
    Provinsi,
)


def provinsi_list(user) -> QuerySet[Provinsi]:
    return scope(user, Provinsi).order_by("kode")


def kabupaten_list(user) -> QuerySet[Kabupaten]:
    return scope(user, Kabupaten).select_related("provinsi").order_by("kode")


def kecamatan_list(user) -> QuerySet[Kecamatan]:
    return scope(user, Kecamatan).select_related("kabupaten").order_by("kode")


def desa_list(user) -> QuerySet[Desa]:
    """Desa with what their label needs (kecamatan, kabupaten), ordered by code for keyset pages."""
    return scope(user, Desa).select_related("kecamatan__kabupaten").order_by("kode")


def desa_get(user, kode: str) -> Desa:
    """One desa by code, or 404 when it does not exist or lies outside the user's scope."""
    return get_object_or_404(desa_list(user), kode=kode)


def wilayah_get(user, kode: str):
    """A region of any level by code, within scope, else 404."""
    from .aturan import tingkat_kode

    queries = {1: provinsi_list, 2: kabupaten_list, 3: kecamatan_list, 4: desa_list}
    tingkat = tingkat_kode(kode)
    if tingkat is None:
        raise Http404("Kode wilayah tidak dikenal.")
    return get_object_or_404(queries[tingkat](user), kode=kode)


def profil_list(user) -> QuerySet[DesaProfil]:
    return scope(user, DesaProfil).select_related("desa__kecamatan__kabupaten").order_by("desa__kode", "-tahun_data")


def profil_terbaru(user, desa: Desa) -> DesaProfil | None:
    return profil_list(user).filter(desa=desa).order_by("-tahun_data").first()


def komoditas_desa_list(user) -> QuerySet[DesaKomoditas]:
    return scope(user, DesaKomoditas).select_related("komoditas", "desa__kecamatan__kabupaten")


def fasilitas_desa_list(user) -> QuerySet[DesaFasilitas]:
    return scope(user, DesaFasilitas).select_related("jenis", "desa")


def indeks_desa_list(user) -> QuerySet[IndeksDesaSkor]:
    return scope(user, IndeksDesaSkor).select_related("desa")


def komoditas_list(user) -> QuerySet[Komoditas]:
    return scope(user, Komoditas).order_by("nama")


def jenis_fasilitas_list(user) -> QuerySet[JenisFasilitas]:
    return scope(user, JenisFasilitas).order_by("urutan", "nama")


def desa_detail(user, kode: str) -> Desa:
    """One desa with everything its detail page shows, in a fixed number of queries."""
    qs = desa_list(user).prefetch_related(
        Prefetch("profil", queryset=profil_list(user).order_by("-tahun_data")),
        Prefetch("komoditas", queryset=komoditas_desa_list(user).order_by("-tahun", "-unggulan", "komoditas__nama")),
        Prefetch("fasilitas", queryset=fasilitas_desa_list(user).order_by("-tahun", "jenis__urutan")),
        Prefetch("indeks", queryset=indeks_desa_list(user).order_by("-tahun", "jenis_indeks")),
        "dusun",
    )
    return get_object_or_404(qs, kode=kode)


def impor_profil_list(user) -> QuerySet[ImporProfil]:
    """The profile import jobs this user may see: their own (an administrator: all), newest first."""
    return scope(user, ImporProfil).select_related("dibuat_oleh").order_by("-created_at", "-pk")
