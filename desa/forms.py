"""Forms of the desa pages. They parse and validate input; saving goes through desa.services."""

from __future__ import annotations

from typing import Any

from django import forms

from inti.isian import AngkaField, KoordinatField
from inti.teks import pesan_form, teks_form

from .models import DesaProfil, JenisFasilitas, Komoditas
from .services import PANJANG_KETERANGAN_KOMODITAS, PROFIL_FIELDS

# How the profile form is grouped on the page. A field the model gains later and that is not named
# here still appears, in the last group ("Lainnya"), so nothing settable is ever hidden.
KELOMPOK_PROFIL: list[tuple[str, list[str]]] = [
    ("Penduduk", ["jumlah_penduduk", "jumlah_laki", "jumlah_perempuan", "jumlah_kk"]),
    ("Wilayah administratif", ["jumlah_dusun", "jumlah_rw", "jumlah_rt", "kode_pos", "klasifikasi", "tipologi"]),
    ("Luas dan letak", ["luas_ha", "luas_sumber", "lintang", "bujur"]),
    ("Batas wilayah", ["batas_utara", "batas_selatan", "batas_timur", "batas_barat"]),
    ("Sumber data", ["sumber_data"]),
]

# Decimal fields: Indonesian writing ("1.234,5"), see inti.format.baca_angka.
DESIMAL = ("luas_ha", "lintang", "bujur")


class DesaProfilForm(forms.ModelForm):
    """The settable fields of one year's profile; the model's ``clean`` checks sums, pairs, the postal
    code and the data year."""

    class Meta:
        model = DesaProfil
        fields = PROFIL_FIELDS
        field_classes = {"luas_ha": AngkaField, "lintang": KoordinatField, "bujur": KoordinatField}
        help_texts = {"luas_ha": "Mis. 1.234,5 (titik pemisah ribuan, koma pemisah desimal)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "numeric")
            elif isinstance(field, forms.CharField) and field.max_length:
                field.error_messages.update(pesan_form(field.max_length))  # the model's bound, inti's words
        if "kode_pos" in self.fields:
            self.fields["kode_pos"].widget.attrs.update({"inputmode": "numeric", "pattern": r"\d{5}", "maxlength": "5"})
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


# -- Rows of the profile's year (commodities, facilities), edited on the profile page ----------------

class PilihanBarisField(forms.ModelChoiceField):
    """The row's key (a commodity, a facility kind). The formset reads the reference list once and
    hands every row the same choices and lookup, so neither rendering nor validating costs a query
    per row."""

    def pakai_daftar(self, objek: dict[str, Any], pilihan: list[tuple[str, str]]) -> None:
        self._objek = objek
        self.choices = pilihan

    def to_python(self, value):
        objek = getattr(self, "_objek", None)
        if objek is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        try:
            return objek[str(value)]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class _BarisTahunFormSet(forms.BaseFormSet):
    """Rows of one desa's data year keyed by one reference object (``kunci``): one row per key.

    ``pilihan`` is the (scoped) queryset of that reference list."""

    kunci = ""
    judul_baris = ""
    pesan_ganda = "“{nama}” tercantum dua kali; satu baris per {judul}."

    def __init__(self, *args, pilihan=None, **kwargs):
        daftar = list(pilihan) if pilihan is not None else []
        self._pilihan_qs = pilihan
        self._objek = {str(o.pk): o for o in daftar}
        self._pilihan = [("", "— pilih —"), *((str(o.pk), str(o)) for o in daftar)]
        super().__init__(*args, **kwargs)

    def _siapkan(self, form):
        field = form.fields[self.kunci]
        field.queryset = self._pilihan_qs
        field.pakai_daftar(self._objek, self._pilihan)
        return form

    def _construct_form(self, i, **kwargs):
        return self._siapkan(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._siapkan(super().empty_form)

    def clean(self):
        if any(self.errors):
            return
        dilihat = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            obj = form.cleaned_data[self.kunci]
            if obj.pk in dilihat:
                raise forms.ValidationError(self.pesan_ganda.format(nama=obj, judul=self.judul_baris.lower()))
            dilihat.add(obj.pk)

    def baris(self) -> list[dict]:
        """The rows kept (filled, not marked for deletion), without the DELETE flag."""
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def ringkasan_galat(self) -> list[dict]:
        """Every error of the posted rows for the summary at the top (``{"href", "teks"}``)."""
        if not self.is_bound or self.is_valid():
            return []
        hasil = [{"href": f"#{self.prefix}-baris-0", "teks": e} for e in self.non_form_errors()]
        for i, form in enumerate(self.forms):
            for nama, galat in form.errors.items():
                bf = form[nama] if nama in form.fields else None
                href = f"#{bf.id_for_label}" if bf else f"#{self.prefix}-baris-{i}"
                label = f", {bf.label}" if bf else ""
                hasil += [{"href": href, "teks": f"{self.judul_baris} {i + 1}{label}: {e}"} for e in galat]
        return hasil


class RingkasanGalat:
    """Several formsets' error summaries as one, for includes/galat_form.html (``formset=``)."""

    def __init__(self, *formsets):
        self.formsets = formsets

    def ringkasan_galat(self) -> list[dict]:
        return [g for fs in self.formsets for g in fs.ringkasan_galat()]


class KomoditasBarisForm(forms.Form):
    """One commodity of the desa in the profile's year (desa.models.DesaKomoditas without desa/tahun)."""

    komoditas = PilihanBarisField(label="Komoditas", queryset=Komoditas.objects.none(), empty_label="— pilih —")
    unggulan = forms.BooleanField(label="Unggulan", required=False)
    volume = AngkaField(label="Volume", required=False, max_digits=14, decimal_places=2)
    satuan = teks_form(30, label="Satuan", required=False, help_text="ton, kg, buah …")
    keterangan = teks_form(PANJANG_KETERANGAN_KOMODITAS, label="Keterangan", required=False,
                           help_text="Mis. anyaman bambu, ekspor Belgia dan Kanada.")
    pasar_ekspor = teks_form(200, label="Pasar ekspor", required=False, help_text="Negara tujuan, pisahkan dengan koma.")

    def clean(self):
        data = super().clean()
        if data.get("volume") is not None and not data.get("satuan"):
            self.add_error("satuan", "Sebutkan satuan volume (ton, buah, kg …).")
        return data


class _KomoditasFormSet(_BarisTahunFormSet):
    kunci = "komoditas"
    judul_baris = "Komoditas"
    pesan_ganda = "Komoditas “{nama}” tercantum dua kali; satu baris per komoditas."


KomoditasFormSet = forms.formset_factory(KomoditasBarisForm, formset=_KomoditasFormSet, extra=2, can_delete=True)


class FasilitasBarisForm(forms.Form):
    """One kind of facility of the desa in the profile's year (desa.models.DesaFasilitas without desa/tahun)."""

    jenis = PilihanBarisField(label="Jenis fasilitas", queryset=JenisFasilitas.objects.none(), empty_label="— pilih —")
    jumlah = forms.IntegerField(label="Jumlah", min_value=0, max_value=32767,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    keterangan = teks_form(200, label="Keterangan", required=False, help_text="Mis. kondisi, lokasi, pengelola.")


class _FasilitasFormSet(_BarisTahunFormSet):
    kunci = "jenis"
    judul_baris = "Fasilitas"
    pesan_ganda = "Fasilitas “{nama}” tercantum dua kali; satu baris per jenis fasilitas."


FasilitasFormSet = forms.formset_factory(FasilitasBarisForm, formset=_FasilitasFormSet, extra=2, can_delete=True)
