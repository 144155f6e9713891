"""Forms of the export/import pages: they check the shape of the input; desa.berkas does the rest."""

from __future__ import annotations

from django import forms

from . import berkas
from .choices import JenisDesa


class SaringEksporForm(forms.Form):
    """The export filters as a form on the index page; the parameters are the region browser's
    (desa/filtersets.py ``DesaFilterSet``), which desa.berkas applies and validates."""

    kode = forms.CharField(
        label="Wilayah (kode)", required=False, max_length=13,
        help_text="Kode provinsi, kabupaten/kota atau kecamatan, mis. 33.03 atau 33.03.06.",
    )
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua")] + list(JenisDesa.choices))
    q = forms.CharField(label="Nama atau kode", required=False, max_length=100)
    tahun = forms.IntegerField(label="Tahun data (profil)", required=False, min_value=2000, max_value=2100)


class UnggahProfilForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=f"Paling besar {berkas.MAKS_UKURAN // (1024 * 1024)} MB dan {berkas._angka(berkas.MAKS_BARIS)} baris.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_berkas(self):
        unggahan = self.cleaned_data["berkas"]
        unggahan.seek(0)
        awal = unggahan.read(8)
        unggahan.seek(0)
        try:
            berkas.periksa_unggahan(unggahan.name or "", unggahan.size or 0, awal)
        except berkas.BerkasDitolak as exc:
            raise forms.ValidationError(exc.pesan) from None
        return unggahan
