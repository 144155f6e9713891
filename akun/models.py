"""People: one login, one role, one region (DESIGN.md §1)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from inti.riwayat import lacak


class Peran(models.TextChoices):
    OPERATOR_DESA = "operator_desa", "Operator desa"
    KEPALA_DESA = "kepala_desa", "Kepala desa"
    CAMAT = "camat", "Camat"
    PMD_KABUPATEN = "pmd_kabupaten", "Dinas PMD kabupaten/kota"
    PMD_PROVINSI = "pmd_provinsi", "Dinas PMD provinsi"
    ADMIN = "admin", "Administrator"


# The level of region each role works in; its Kemendagri code has that many dot-separated parts.
TINGKAT_PERAN: dict[str, int] = {
    Peran.OPERATOR_DESA: 4,
    Peran.KEPALA_DESA: 4,
    Peran.CAMAT: 3,
    Peran.PMD_KABUPATEN: 2,
    Peran.PMD_PROVINSI: 1,
    Peran.ADMIN: 0,
}
NAMA_TINGKAT = {0: "nasional", 1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa"}


@lacak(exclude=["password", "last_login"])
class User(AbstractUser):
    """A login with exactly one role and one region, given by its Kemendagri code.

    The region code decides the scope (``akun.scoping.scope``): ``33.03`` sees everything whose code
    starts with ``33.03.``. An administrator has no region and sees the whole country.
    """

    role = models.CharField("peran", max_length=20, choices=Peran.choices, blank=True)
    wilayah_kode = models.CharField(
        "kode wilayah",
        max_length=13,
        blank=True,
        db_index=True,
        help_text="Kode Kemendagri wilayah kerja: desa untuk operator/kepala desa, kecamatan untuk camat, "
        "kabupaten untuk PMD kabupaten, provinsi untuk PMD provinsi; kosong untuk admin.",
    )

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def tingkat(self) -> int | None:
        return TINGKAT_PERAN.get(self.role)

    @property
    def wilayah(self):
        """The region object (Provinsi, Kabupaten, Kecamatan or Desa) or None for admin."""
        from desa.models import wilayah_dari_kode

        return wilayah_dari_kode(self.wilayah_kode) if self.wilayah_kode else None

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        tingkat = TINGKAT_PERAN[self.role]
        if tingkat == 0:
            if self.wilayah_kode:
                raise ValidationError({"wilayah_kode": "Administrator bekerja secara nasional; kosongkan kode wilayah."})
            return
        if not self.wilayah_kode:
            raise ValidationError({"wilayah_kode": f"Peran {self.get_role_display()} memerlukan wilayah {NAMA_TINGKAT[tingkat]}."})
        if len(self.wilayah_kode.split(".")) != tingkat:
            raise ValidationError(
                {"wilayah_kode": f"Peran {self.get_role_display()} memerlukan kode {NAMA_TINGKAT[tingkat]}, "
                 f"bukan {self.wilayah_kode}."}
            )
        wilayah = self.wilayah
        if wilayah is None:
            raise ValidationError({"wilayah_kode": f"Kode wilayah {self.wilayah_kode} tidak ditemukan."})
        if tingkat == 4 and not wilayah.bisa_berprofil:
            raise ValidationError({"wilayah_kode": "R32: Kelurahan bukan desa; operator/kepala desa hanya untuk desa atau desa adat (UU 6/2014 Pasal 1 angka 1)."})
