"""Regions (Kemendagri codes) and village profiles — DOMAIN.md §B1–B2."""

from __future__ import annotations

import re

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from inti.errors import AturanDilanggar
from inti.riwayat import lacak

from . import aturan
from .choices import (
    JenisDesa,
    JenisIndeks,
    JenisKabupaten,
    Klasifikasi,
    KelompokFasilitas,
    SektorKomoditas,
    StatusImpor,
    StatusIndeks,
)

KODE_SUMBER_BAKU = "Kepmendagri 300.2.2-2138/2025"


class Jejak(models.Model):
    """Timestamps and authors every domain row carries (DOMAIN.md §B conventions)."""

    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="diubah oleh", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        abstract = True


def _r28_ke_validasi(exc: AturanDilanggar) -> ValidationError:
    return ValidationError({exc.field or "kode": exc.pesan})


# -- Regions -------------------------------------------------------------------------------------

class Wilayah(models.Model):
    """Shared shape of the four region levels; ``kode`` is the Kemendagri code (natural key)."""

    TINGKAT: int = 0
    kode = models.CharField("kode", max_length=13, unique=True)
    nama = models.CharField("nama", max_length=100)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.kode})"

    @property
    def kode_induk(self) -> str | None:
        return self.kode.rsplit(".", 1)[0] if "." in self.kode else None

    def _periksa_kode(self, kode_induk: str | None) -> None:
        try:
            aturan.periksa_kode(self.kode, self.TINGKAT, kode_induk)
        except AturanDilanggar as exc:
            raise _r28_ke_validasi(exc) from None


@lacak()
class Provinsi(Wilayah):
    TINGKAT = 1
    kode = models.CharField("kode", max_length=2, unique=True)
    luas_km2 = models.DecimalField("luas (km²)", max_digits=12, decimal_places=3, null=True, blank=True)
    jumlah_penduduk = models.PositiveIntegerField("jumlah penduduk", null=True, blank=True)

    class Meta(Wilayah.Meta):
        verbose_name = "provinsi"
        verbose_name_plural = "provinsi"

    def clean(self) -> None:
        self._periksa_kode(None)


@lacak()
class Kabupaten(Wilayah):
    """A kabupaten or a kota (``jenis`` follows the code, R28)."""

    TINGKAT = 2
    kode = models.CharField("kode", max_length=5, unique=True)
    provinsi = models.ForeignKey(Provinsi, verbose_name="provinsi", on_delete=models.PROTECT, related_name="kabupaten")
    jenis = models.CharField("jenis", max_length=10, choices=JenisKabupaten.choices)
    luas_km2 = models.DecimalField("luas (km²)", max_digits=12, decimal_places=3, null=True, blank=True)
    jumlah_penduduk = models.PositiveIntegerField("jumlah penduduk", null=True, blank=True)

    class Meta(Wilayah.Meta):
        verbose_name = "kabupaten/kota"
        verbose_name_plural = "kabupaten/kota"

    @property
    def nama_singkat(self) -> str:
        """``Purbalingga`` for Kabupaten Purbalingga; a kota keeps its word (``Kota Bogor`` ≠ ``Bogor``)."""
        return self.nama.removeprefix("Kabupaten ")

    def clean(self) -> None:
        self._periksa_kode(self.provinsi.kode if self.provinsi_id else None)
        try:
            aturan.periksa_jenis(self.kode, self.jenis, 2)
        except AturanDilanggar as exc:
            raise _r28_ke_validasi(exc) from None


@lacak()
class Kecamatan(Wilayah):
    TINGKAT = 3
    kode = models.CharField("kode", max_length=8, unique=True)
    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota", on_delete=models.PROTECT, related_name="kecamatan")

    class Meta(Wilayah.Meta):
        verbose_name = "kecamatan"
        verbose_name_plural = "kecamatan"

    def clean(self) -> None:
        self._periksa_kode(self.kabupaten.kode if self.kabupaten_id else None)


@lacak()
class Desa(Wilayah):
    """A desa, desa adat or kelurahan (all in one table so codes stay unique; R28 ties jenis to the code)."""

    TINGKAT = 4
    kode = models.CharField("kode", max_length=13, unique=True)
    kecamatan = models.ForeignKey(Kecamatan, verbose_name="kecamatan", on_delete=models.PROTECT, related_name="desa")
    jenis = models.CharField("jenis", max_length=10, choices=JenisDesa.choices)
    sebutan_lokal = models.CharField("sebutan lokal", max_length=40, blank=True, help_text="nagari, gampong, kampung, pekon, …")
    kode_sumber = models.CharField("sumber kode", max_length=120, default=KODE_SUMBER_BAKU)
    aktif = models.BooleanField("aktif", default=True)
    kode_lama = models.JSONField("kode lama", default=list, blank=True)

    class Meta(Wilayah.Meta):
        verbose_name = "desa/kelurahan"
        verbose_name_plural = "desa/kelurahan"
        indexes = [GinIndex(name="desa_nama_trgm", fields=["nama"], opclasses=["gin_trgm_ops"])]

    @property
    def label(self) -> str:
        """R29: ``Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)``; needs kecamatan__kabupaten loaded."""
        kec = self.kecamatan
        return f"{self.nama} — {kec.nama}, {kec.kabupaten.nama_singkat} ({self.kode})"

    @property
    def bisa_berprofil(self) -> bool:
        """R32: only desa and desa adat own a profile and take part in cooperation."""
        return self.jenis != JenisDesa.KELURAHAN

    @property
    def kabupaten_kode(self) -> str:
        return self.kode[:5]

    def clean(self) -> None:
        self._periksa_kode(self.kecamatan.kode if self.kecamatan_id else None)
        try:
            aturan.periksa_jenis(self.kode, self.jenis, 4)
        except AturanDilanggar as exc:
            raise _r28_ke_validasi(exc) from None


MODEL_TINGKAT = {1: Provinsi, 2: Kabupaten, 3: Kecamatan, 4: Desa}


def wilayah_dari_kode(kode: str):
    """The region object for a Kemendagri code of any level, or None."""
    tingkat = aturan.tingkat_kode(kode)
    if tingkat is None:
        return None
    return MODEL_TINGKAT[tingkat].objects.filter(kode=kode).first()


# -- Village profile -----------------------------------------------------------------------------

# Data years a profile may have: from 2014 (UU 6/2014 on Desa; the profile and its indices start with it)
# to next year (a profile prepared ahead). The one check, used by the model, the import and the page.
TAHUN_PROFIL_AWAL = 2014


def tahun_profil_akhir() -> int:
    return timezone.localdate().year + 1


def periksa_tahun_profil(tahun: int | None) -> str | None:
    """The message when ``tahun`` is no data year a profile may have, else None."""
    akhir = tahun_profil_akhir()
    if tahun is None or not TAHUN_PROFIL_AWAL <= tahun <= akhir:
        return (f"Tahun data profil harus antara {TAHUN_PROFIL_AWAL} dan {akhir} "
                f"(sejak UU 6/2014 tentang Desa, paling jauh tahun depan).")
    return None


POLA_KODE_POS = re.compile(r"[1-9]\d{4}")

@lacak()
class DesaProfil(Jejak):
    """The profile of a desa for one data year (R32: never a kelurahan)."""

    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.CASCADE, related_name="profil")
    tahun_data = models.PositiveSmallIntegerField(
        "tahun data", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    luas_ha = models.DecimalField("luas (ha)", max_digits=12, decimal_places=4, null=True, blank=True)
    luas_sumber = models.CharField("sumber data luas", max_length=120, blank=True)
    jumlah_penduduk = models.PositiveIntegerField("jumlah penduduk", null=True, blank=True)
    jumlah_laki = models.PositiveIntegerField("penduduk laki-laki", null=True, blank=True)
    jumlah_perempuan = models.PositiveIntegerField("penduduk perempuan", null=True, blank=True)
    jumlah_kk = models.PositiveIntegerField("jumlah KK", null=True, blank=True)
    jumlah_dusun = models.PositiveSmallIntegerField("jumlah dusun", null=True, blank=True)
    jumlah_rw = models.PositiveSmallIntegerField("jumlah RW", null=True, blank=True)
    jumlah_rt = models.PositiveSmallIntegerField("jumlah RT", null=True, blank=True)
    kode_pos = models.CharField("kode pos", max_length=5, blank=True)
    lintang = models.DecimalField(
        "lintang", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
        help_text="Derajat desimal, Indonesia antara −11 dan 6.",
    )
    bujur = models.DecimalField(
        "bujur", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
        help_text="Derajat desimal, Indonesia antara 94 dan 142.",
    )
    klasifikasi = models.CharField("klasifikasi", max_length=10, choices=Klasifikasi.choices, blank=True)
    batas_utara = models.CharField("batas utara", max_length=120, blank=True)
    batas_selatan = models.CharField("batas selatan", max_length=120, blank=True)
    batas_timur = models.CharField("batas timur", max_length=120, blank=True)
    batas_barat = models.CharField("batas barat", max_length=120, blank=True)
    tipologi = models.CharField("tipologi", max_length=120, blank=True)
    sumber_data = models.CharField("sumber data", max_length=120, help_text="BPS, Prodeskel, SID, survei …")

    class Meta:
        verbose_name = "profil desa"
        verbose_name_plural = "profil desa"
        ordering = ["desa__kode", "-tahun_data"]
        constraints = [models.UniqueConstraint(fields=["desa", "tahun_data"], name="profil_desa_tahun_unik")]

    def __str__(self) -> str:
        return f"Profil {self.desa.nama} {self.tahun_data}"

    def clean(self) -> None:
        errors = {}
        if self.desa_id and not self.desa.bisa_berprofil:
            errors["desa"] = aturan.R32.kode + ": " + aturan.R32.pesan
        if (
            self.jumlah_penduduk is not None
            and self.jumlah_laki is not None
            and self.jumlah_perempuan is not None
            and self.jumlah_laki + self.jumlah_perempuan != self.jumlah_penduduk
        ):
            errors["jumlah_penduduk"] = "Jumlah penduduk harus sama dengan laki-laki + perempuan."
        if self.jumlah_kk and self.jumlah_penduduk is not None and self.jumlah_kk > self.jumlah_penduduk:
            errors["jumlah_kk"] = "Jumlah KK tidak boleh melebihi jumlah penduduk."
        if (self.lintang is None) != (self.bujur is None):
            errors["bujur" if self.bujur is None else "lintang"] = "Isi lintang dan bujur bersama-sama."
        if self.tahun_data is not None and (pesan := periksa_tahun_profil(self.tahun_data)):
            errors["tahun_data"] = pesan
        if self.kode_pos and not POLA_KODE_POS.fullmatch(self.kode_pos):
            errors["kode_pos"] = "Kode pos Indonesia terdiri dari 5 angka, mis. 53371."
        if self.luas_ha is not None and self.luas_ha <= 0:
            errors["luas_ha"] = "Luas harus lebih dari 0 ha."
        if self.luas_ha is not None and not self.luas_sumber:
            errors["luas_sumber"] = "Sebutkan sumber data luas (mis. BPS 2021, Perbup batas desa)."
        if errors:
            raise ValidationError(errors)


@lacak()
class Dusun(Jejak):
    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.CASCADE, related_name="dusun")
    nama = models.CharField("nama", max_length=100)

    class Meta:
        verbose_name = "dusun"
        verbose_name_plural = "dusun"
        ordering = ["desa__kode", "nama"]
        constraints = [models.UniqueConstraint(fields=["desa", "nama"], name="dusun_nama_unik")]

    def __str__(self) -> str:
        return self.nama


@lacak()
class Komoditas(Jejak):
    """Reference list of commodities and products (admin-editable, DOMAIN.md §G.8)."""

    nama = models.CharField("nama", max_length=100, unique=True)
    sektor = models.CharField("sektor", max_length=20, choices=SektorKomoditas.choices)

    class Meta:
        verbose_name = "komoditas"
        verbose_name_plural = "komoditas"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


@lacak()
class DesaKomoditas(Jejak):
    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.CASCADE, related_name="komoditas")
    komoditas = models.ForeignKey(Komoditas, verbose_name="komoditas", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    unggulan = models.BooleanField("unggulan", default=False)
    volume = models.DecimalField("volume", max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField("satuan", max_length=30, blank=True)
    keterangan = models.TextField("keterangan", blank=True, help_text="mis. anyaman bambu, ekspor Belgia dan Kanada")
    pasar_ekspor = models.CharField("pasar ekspor", max_length=200, blank=True, help_text="negara tujuan, pisahkan dengan koma")

    class Meta:
        verbose_name = "komoditas desa"
        verbose_name_plural = "komoditas desa"
        ordering = ["desa__kode", "-tahun", "-unggulan", "komoditas__nama"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "komoditas", "tahun"], name="desa_komoditas_tahun_unik")
        ]

    def __str__(self) -> str:
        return f"{self.komoditas} ({self.tahun})"

    def clean(self) -> None:
        if self.volume is not None and not self.satuan:
            raise ValidationError({"satuan": "Sebutkan satuan volume (ton, buah, kg …)."})


@lacak()
class JenisFasilitas(Jejak):
    """Reference list of facility kinds: kantor desa, pasar, puskesmas, SD, … (admin-editable)."""

    kode = models.SlugField("kode", max_length=40, unique=True)
    nama = models.CharField("nama", max_length=100)
    kelompok = models.CharField("kelompok", max_length=20, choices=KelompokFasilitas.choices)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "jenis fasilitas"
        verbose_name_plural = "jenis fasilitas"
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


@lacak()
class DesaFasilitas(Jejak):
    """How many facilities of one kind a desa has, in one data year."""

    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.CASCADE, related_name="fasilitas")
    jenis = models.ForeignKey(JenisFasilitas, verbose_name="jenis", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    jumlah = models.PositiveSmallIntegerField("jumlah")
    keterangan = models.CharField("keterangan", max_length=200, blank=True)

    class Meta:
        verbose_name = "fasilitas desa"
        verbose_name_plural = "fasilitas desa"
        ordering = ["desa__kode", "-tahun", "jenis__urutan"]
        constraints = [models.UniqueConstraint(fields=["desa", "jenis", "tahun"], name="desa_fasilitas_tahun_unik")]

    def __str__(self) -> str:
        return f"{self.jenis}: {self.jumlah}"


@lacak()
class IndeksDesaSkor(Jejak):
    """An official index score of a desa for a year: IDM (2015–2024) or Indeks Desa (2024+)."""

    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.CASCADE, related_name="indeks")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2015), MaxValueValidator(2100)])
    jenis_indeks = models.CharField("jenis indeks", max_length=12, choices=JenisIndeks.choices)
    nilai = models.DecimalField("nilai", max_digits=7, decimal_places=4)
    status = models.CharField("status resmi", max_length=20, choices=StatusIndeks.choices)
    komponen = models.JSONField("komponen", default=dict, blank=True, help_text='IDM: {"IKS": …, "IKE": …, "IKL": …}')
    dasar_penetapan = models.CharField("dasar penetapan", max_length=200, blank=True)

    class Meta:
        verbose_name = "skor indeks desa"
        verbose_name_plural = "skor indeks desa"
        ordering = ["desa__kode", "-tahun", "jenis_indeks"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "tahun", "jenis_indeks"], name="indeks_desa_tahun_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_indeks_display()} {self.tahun}: {self.nilai} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.jenis_indeks == JenisIndeks.IDM and self.nilai is not None and not (0 <= self.nilai <= 1):
            raise ValidationError({"nilai": "Nilai IDM berada antara 0 dan 1."})
        if self.jenis_indeks == JenisIndeks.INDEKS_DESA and self.nilai is not None and not (0 <= self.nilai <= 100):
            raise ValidationError({"nilai": "Nilai Indeks Desa berada antara 0 dan 100."})

    @property
    def status_menurut_nilai(self) -> str | None:
        """R30: the IDM status the score implies; None for Indeks Desa (thresholds not verified)."""
        if self.jenis_indeks != JenisIndeks.IDM:
            return None
        return aturan.status_idm_dari_nilai(self.nilai)


# -- Jobs ----------------------------------------------------------------------------------------

@pghistory.track(
    pghistory.InsertEvent(),
    # Status changes only: the progress counter moves many times a second and is no history.
    pghistory.UpdateEvent(condition=pghistory.AnyChange("status")),
    pghistory.DeleteEvent(),
)
class ImporProfil(models.Model):
    """One confirmed XLSX import of village profiles, run by a Celery task (desa/berkas.py).

    The row is the job's record for its owner: the kept workbook until the job ends, the rows done out
    of the total while it runs, then what it created, changed and left unchanged, or why nothing was
    written (``galat``: row, column, message, rule — the preview's shape). Visible to its owner and to
    administrators only (akun.scoping ``pemilik``). Its audit trail keeps creation and each status
    change; the profiles it writes carry this job's id in their own audit context.
    """

    status = models.CharField("status", max_length=10, choices=StatusImpor.choices, default=StatusImpor.MENUNGGU)
    berkas = models.FileField("berkas", upload_to="impor/profil/%Y/%m/", blank=True)
    nama_berkas = models.CharField("nama berkas", max_length=255)
    total = models.PositiveIntegerField("jumlah baris", default=0)
    selesai = models.PositiveIntegerField("baris selesai", default=0)
    dibuat = models.PositiveIntegerField("profil dibuat", default=0)
    diubah = models.PositiveIntegerField("profil diubah", default=0)
    tetap = models.PositiveIntegerField("tanpa perubahan", default=0)
    peringatan = models.JSONField("peringatan", default=list, blank=True)
    galat = models.JSONField("galat per baris", default=list, blank=True)
    pesan_galat = models.TextField("pesan galat", blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="dibuat oleh", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    mulai_at = models.DateTimeField("mulai", null=True, blank=True)
    selesai_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        verbose_name = "impor profil desa"
        verbose_name_plural = "impor profil desa"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["dibuat_oleh", "-created_at"], name="impor_profil_pemilik_idx")]

    def __str__(self) -> str:
        return f"Impor {self.nama_berkas} ({self.get_status_display()})"

    @property
    def berakhir(self) -> bool:
        return self.status in (StatusImpor.SELESAI, StatusImpor.GAGAL)

    @property
    def persen(self) -> int:
        return min(100, self.selesai * 100 // self.total) if self.total else 0
