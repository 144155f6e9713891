"""Forms of the desa pages. They parse and validate input; saving goes through desa.services."""

from __future__ import annotations

from django import forms

from .models import DesaProfil
from .services import PROFIL_FIELDS

# How the profile form is grouped on the page. A field the model gains later and that is not named
# here still appears, in the last group ("Lainnya"), so nothing settable is ever hidden.
KELOMPOK_PROFIL: list[tuple[str, list[str]]] = [
    ("Penduduk", ["jumlah_penduduk", "jumlah_laki", "jumlah_perempuan", "jumlah_kk"]),
    ("Wilayah administratif", ["jumlah_dusun", "jumlah_rw", "jumlah_rt", "kode_pos", "klasifikasi", "tipologi"]),
    ("Luas dan letak", ["luas_ha", "luas_sumber", "lintang", "bujur"]),
    ("Batas wilayah", ["batas_utara", "batas_selatan", "batas_timur", "batas_barat"]),
    ("Sumber data", ["sumber_data"]),
]

# Decimal fields accept both "12,5" (Indonesian) and "12.5".
DESIMAL = ("luas_ha", "lintang", "bujur")


class DesaProfilForm(forms.ModelForm):
    """The settable fields of one year's profile; the model's ``clean`` checks sums and pairs."""

    class Meta:
        model = DesaProfil
        fields = PROFIL_FIELDS
        localized_fields = DESIMAL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "numeric")
            if name in DESIMAL:
                field.widget.attrs.setdefault("inputmode", "decimal")
        if "kode_pos" in self.fields:
            self.fields["kode_pos"].widget.attrs.update({"inputmode": "numeric", "pattern": r"\d{5}"})
        if "klasifikasi" in self.fields:
            self.fields["klasifikasi"].choices = [("", "— belum ditentukan —"), *DesaProfil._meta.get_field("klasifikasi").choices]

    def kelompok(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The bound fields in their groups, for the template."""
        dipakai: set[str] = set()
        hasil = []
        for judul, nama in KELOMPOK_PROFIL:
            ada = [n for n in nama if n in self.fields]
            dipakai.update(ada)
            if ada:
                hasil.append((judul, [self[n] for n in ada]))
        sisa = [n for n in self.fields if n not in dipakai]
        if sisa:
            hasil.append(("Lainnya", [self[n] for n in sisa]))
        return hasil
