"""Writes in the desa app that are more than a form save: one function each, atomic, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import aturan
from .models import Desa, DesaKomoditas, DesaProfil

# Fields of DesaProfil a person may set (everything but keys and bookkeeping).
PROFIL_FIELDS = [
    f.name
    for f in DesaProfil._meta.concrete_fields
    if f.name not in {"id", "desa", "tahun_data", "created_at", "updated_at", "created_by", "updated_by"}
]


def profil_simpan(*, desa: Desa, tahun_data: int, data: dict[str, Any], oleh) -> DesaProfil:
    """Create or update the profile of ``desa`` for ``tahun_data`` (R32: never a kelurahan).

    Checks that ``oleh`` may edit this desa's profile (its operator or kepala desa, the Dinas PMD of
    its kabupaten, an administrator), validates every field, and writes nothing on error.
    """
    if not oleh.has_perm("desa.change_desaprofil", desa):
        raise PermissionDenied("Anda tidak berwenang mengubah profil desa ini.")
    aturan.pastikan_desa(desa)
    unknown = set(data) - set(PROFIL_FIELDS)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        profil = (
            DesaProfil.objects.select_for_update().filter(desa=desa, tahun_data=tahun_data).first()
            or DesaProfil(desa=desa, tahun_data=tahun_data, created_by=oleh)
        )
        for name, value in data.items():
            setattr(profil, name, value)
        profil.updated_by = oleh
        profil.full_clean()
        profil.save()
    return profil


# Fields of DesaKomoditas a person may set (the desa is given separately and never moves).
KOMODITAS_DESA_FIELDS = ["komoditas", "tahun", "unggulan", "volume", "satuan", "keterangan", "pasar_ekspor"]


def komoditas_desa_simpan(
    *, desa: Desa, data: dict[str, Any], oleh, komoditas_desa: DesaKomoditas | None = None
) -> DesaKomoditas:
    """Add a commodity to ``desa`` or change ``komoditas_desa`` of it (R32: never a kelurahan).

    The same people as for the profile may write (``desa.add/change_desakomoditas`` on the desa);
    validates every field and the one-row-per-desa-commodity-year constraint; writes nothing on error.
    """
    if komoditas_desa is not None and komoditas_desa.desa_id != desa.pk:
        raise ValidationError({"desa": "Desa sebuah komoditas desa tidak dapat dipindahkan."})
    aksi = "change" if komoditas_desa is not None else "add"
    if not oleh.has_perm(f"desa.{aksi}_desakomoditas", desa):
        raise PermissionDenied("Anda tidak berwenang mengubah komoditas desa ini.")
    aturan.pastikan_desa(desa)
    unknown = set(data) - set(KOMODITAS_DESA_FIELDS)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        if komoditas_desa is None:
            baris = DesaKomoditas(desa=desa, created_by=oleh)
        else:
            baris = DesaKomoditas.objects.select_for_update().get(pk=komoditas_desa.pk)
            baris.desa = desa  # the caller's instance, with what its label needs already loaded
        for name, value in data.items():
            setattr(baris, name, value)
        baris.updated_by = oleh
        baris.full_clean()
        baris.save()
    return baris
