"""Forms of the kerja sama pages. They parse and validate input; every write goes through services.py.

Each action form is small (one screen on a 360 px phone) and keeps what was typed when the service
refuses (the view re-renders the bound form with the rule's message next to it). A file input cannot
keep its file across a refused post (browsers forbid it); the page says so.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from desa.models import Desa
from inti import berkas as cek_berkas
from inti.isian import RupiahField  # noqa: F401  (also the admin's money field)
from inti.tanggal import AWAL, batas_jangka, batas_peristiwa
from inti.teks import PANJANG_ISI, pesan_form, teks_form

from . import aturan
from .choices import (
    AgendaMAD,
    AlasanBerakhir,
    BentukKontribusi,
    Bidang,
    CaraPenyebarluasan,
    HasilMusyawarah,
    JabatanBKAD,
    JawabanPenawaran,
    JenisKelamin,
    JenisKerjaSama,
    JenisPerubahan,
    JenisPihakKetiga,
    Prakarsa,
    SumberDana,
    UnsurBKAD,
)
from .models import ABJAD_KODE, PANJANG_KODE_VERIFIKASI, KerjaSamaDesa, PihakKetiga

TERIMA_BERKAS = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
BANTUAN_BERKAS = "PDF, JPG atau PNG, paling besar 10 MB."


class Tanggal(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TanggalField(forms.DateField):
    """A date on a page, bounded like the API's (``inti.tanggal``): not before UU 6/2014, not absurdly far ahead
    (``jangka``: a date of the agreement's term, else the date of an act)."""

    def __init__(self, *, jangka: bool = False, **kwargs):
        kwargs.setdefault("widget", Tanggal())
        super().__init__(**kwargs)
        self.validators.append(batas_jangka if jangka else batas_peristiwa)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": AWAL.isoformat()}


class BerkasField(forms.FileField):
    """An evidence file, checked by the same function the services use (``inti.berkas.periksa_unggahan``:
    kind by its bytes, size, encryption) while the form is cleaned — so a wrong file is reported on its own
    input, under its own label, together with every other error of the form in one round trip."""

    def __init__(self, *, boleh=("pdf", "jpg", "png"), **kwargs):
        self.boleh = tuple(boleh)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        berkas = super().clean(data, initial)
        if berkas:
            cek_berkas.periksa_unggahan(berkas, boleh=self.boleh, field=None)
        return berkas


def _berkas(label: str, *, wajib: bool = True, pdf_saja: bool = False) -> BerkasField:
    return BerkasField(
        label=label,
        required=wajib,
        boleh=("pdf",) if pdf_saja else ("pdf", "jpg", "png"),
        help_text="Hanya PDF, paling besar 10 MB, tanpa kata sandi." if pdf_saja else BANTUAN_BERKAS,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf" if pdf_saja else TERIMA_BERKAS}),
    )


# -- Wizard ------------------------------------------------------------------------------------------


class KodeDesaGanda(forms.Field):
    """Several desa codes (checkboxes named ``mitra``), resolved against the partner queryset in the form."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v).strip() for v in value if str(v).strip()]


class RencanaForm(forms.Form):
    """Step 1 of the wizard: title, bidang (UU 6/2014 Pasal 92 ayat (1)) and partner desa."""

    judul = forms.CharField(
        label="Judul kerja sama (tentang …)",
        max_length=255,
        help_text="Menjadi judul Peraturan Bersama, mis. \"Pengembangan Usaha Bersama Kerajinan Bambu\".",
        # Named, not Django's "Bidang ini harus diisi.": on this page "bidang" is the sector field just below.
        error_messages={"required": "Judul kerja sama wajib diisi."},
    )
    bidang = forms.MultipleChoiceField(
        label="Bidang kerja sama",
        choices=Bidang.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pilih satu atau lebih bidang menurut UU 6/2014 Pasal 92 ayat (1) (R10).",
        error_messages={"required": "Pilih paling sedikit satu bidang (R10, UU 6/2014 Pasal 92 ayat (1))."},
    )
    mitra = KodeDesaGanda(label="Desa mitra", required=False)
    # §C2 variant (chosen by the tabs of the page, kept in a hidden field): one desa and one third party.
    jenis = forms.ChoiceField(choices=JenisKerjaSama.choices, required=False, widget=forms.HiddenInput)
    pihak_ketiga = forms.ModelChoiceField(
        label="Pihak ketiga", queryset=PihakKetiga.objects.none(), required=False, empty_label="— pilih pihak ketiga —",
        help_text="Swasta/badan usaha, organisasi kemasyarakatan, atau lembaga lain yang terdaftar di kabupaten Anda "
        "(R-pihak3, UU 6/2014 Pasal 93; Permendagri 96/2017 Pasal 5).",
        # The choices are the kabupaten's register: anything else (another kabupaten's, or unknown) is refused with
        # the rule, the same words for both so nothing outside the user's scope is revealed.
        error_messages={"invalid_choice": f"{aturan.R_PIHAK3_KABUPATEN.kode}: {aturan.R_PIHAK3_KABUPATEN.pesan}"},
    )
    prakarsa = forms.ChoiceField(
        label="Prakarsa", choices=[(Prakarsa.DESA, "Desa menawarkan kepada pihak ketiga"),
                                   (Prakarsa.PIHAK_KETIGA, "Pihak ketiga menawarkan kepada desa")],
        widget=forms.RadioSelect, required=False, initial=Prakarsa.DESA,
        help_text="Permendagri 96/2017 Pasal 14 (prakarsa desa) dan Pasal 15 (prakarsa pihak ketiga).",
    )

    def __init__(self, *args, calon_mitra=None, pihak_ketiga_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.calon_mitra = calon_mitra if calon_mitra is not None else Desa.objects.none()
        if pihak_ketiga_qs is not None:
            self.fields["pihak_ketiga"].queryset = pihak_ketiga_qs

    def clean_jenis(self) -> str:
        return self.cleaned_data.get("jenis") or JenisKerjaSama.ANTAR_DESA

    def clean_prakarsa(self) -> str:
        return self.cleaned_data.get("prakarsa") or Prakarsa.DESA

    def clean_mitra(self) -> list[Desa]:
        kode = list(dict.fromkeys(self.cleaned_data.get("mitra") or []))
        if not kode:
            return []
        ketemu = {d.kode: d for d in self.calon_mitra.filter(kode__in=kode)}
        salah = [k for k in kode if k not in ketemu]
        if salah:
            raise forms.ValidationError(
                "Tidak dapat dipilih: " + ", ".join(salah) + ". Desa mitra harus desa atau desa adat (R2, UU 6/2014 "
                "Pasal 91–92) di kabupaten/kota yang sama (R3, Permendagri 96/2017 Pasal 3)."
            )
        return [ketemu[k] for k in kode]


# The hints of step 2: what each mandatory item of PP 43/2014 Pasal 143 ayat (4) asks for.
PETUNJUK_ISI = {
    "maksud_tujuan": "Tidak wajib, tetapi membantu: mengapa desa-desa bekerja sama.",
    "ruang_lingkup": "PP 43/2014 Pasal 143 ayat (4) huruf a — kegiatan apa saja yang dikerjakan bersama, di mana.",
    "tata_cara_pelaksanaan": "Pasal 143 ayat (4) huruf c — siapa melaksanakan (BKAD), bagaimana, jadwal dan tahapan.",
    "tanggal_mulai": "Pasal 143 ayat (4) huruf d — jangka waktu: tanggal mulai.",
    "tanggal_selesai": "Jangka waktu: tanggal selesai (undang-undang tidak menetapkan batas paling lama).",
    "hak_kewajiban": "Pasal 143 ayat (4) huruf e — hak dan kewajiban setiap desa dan BKAD.",
    "pendanaan_uraian": "Pasal 143 ayat (4) huruf f — sumber dana dan kontribusi tiap desa (dari APB Desa, Permendagri "
    "96/2017 Pasal 7); rinciannya diisi di tabel kontribusi.",
    "tata_cara_perubahan": "Pasal 143 ayat (4) huruf g — sudah diisi dengan teks baku menurut PP 43/2014 Pasal 145–147; "
    "sesuaikan bila perlu.",
    "penyelesaian_perselisihan": "Pasal 143 ayat (4) huruf h — sudah diisi dengan teks baku menurut PP 43/2014 Pasal 148; "
    "sesuaikan bila perlu.",
    "tempat_penetapan": "Tempat penetapan Peraturan Bersama, mis. nama desa pemrakarsa.",
}
ISI_HALAMAN = list(PETUNJUK_ISI)
ISI_TEKS = [n for n in ISI_HALAMAN if not n.startswith("tanggal_") and n != "tempat_penetapan"]


class IsiForm(forms.ModelForm):
    """Step 2: the mandatory items. Every field may stay empty while drafting; the review (step 3) and
    the services (R5, R16) say what is still missing."""

    class Meta:
        model = KerjaSamaDesa
        fields = ISI_HALAMAN
        widgets = {
            "tanggal_mulai": Tanggal(),
            "tanggal_selesai": Tanggal(),
            "maksud_tujuan": forms.Textarea(attrs={"rows": 3}),
            "ruang_lingkup": forms.Textarea(attrs={"rows": 4}),
            "tata_cara_pelaksanaan": forms.Textarea(attrs={"rows": 4}),
            "hak_kewajiban": forms.Textarea(attrs={"rows": 4}),
            "pendanaan_uraian": forms.Textarea(attrs={"rows": 3}),
            "tata_cara_perubahan": forms.Textarea(attrs={"rows": 5}),
            "penyelesaian_perselisihan": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = PETUNJUK_ISI

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.required = False
        for nama in ("tanggal_mulai", "tanggal_selesai"):
            self.fields[nama].validators.append(batas_jangka)
            self.fields[nama].widget.attrs["min"] = AWAL.isoformat()
        for nama in ISI_TEKS:  # TextField in the model: bounded here (inti.teks)
            f = self.fields[nama]
            f.max_length = PANJANG_ISI
            f.validators.append(MaxLengthValidator(PANJANG_ISI))
            f.error_messages.update(pesan_form(PANJANG_ISI))
            f.widget.attrs["maxlength"] = str(PANJANG_ISI)
        if not self.is_bound:
            # Helpful defaults from the law, for this kind of agreement, when an older draft has none (or still
            # has the untouched default of the other kind).
            jenis = self.instance.jenis or JenisKerjaSama.ANTAR_DESA
            for nama, baku in aturan.isi_baku(jenis).items():
                lama = self.initial.get(nama)
                if not lama or aturan.teks_baku_lain(jenis, nama, lama):
                    self.initial[nama] = baku

    def _post_clean(self):
        # The service validates the model (full_clean) under its row lock; the form only parses.
        pass

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if mulai and selesai and selesai <= mulai:
            self.add_error("tanggal_selesai", "Tanggal selesai harus sesudah tanggal mulai.")
        return data


# -- Actions ------------------------------------------------------------------------------------------


class KonfirmasiForm(forms.Form):
    """A step that needs nothing but the click (siapkan, ajukan, kirim penawaran, eskalasi)."""


class MusyawarahForm(forms.Form):
    """A Musdes (one desa, held by its BPD) or a musyawarah of several desa, with its berita acara."""

    tanggal = TanggalField(label="Tanggal musyawarah")
    tempat = forms.CharField(label="Tempat", max_length=200)
    hasil = forms.ChoiceField(label="Hasil", choices=HasilMusyawarah.choices, widget=forms.RadioSelect)
    keputusan_ringkas = teks_form(label="Keputusan (ringkas)", widget=forms.Textarea(attrs={"rows": 3}))
    jumlah_hadir = forms.IntegerField(label="Jumlah hadir", min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    jumlah_perempuan = forms.IntegerField(
        label="Jumlah perempuan hadir", min_value=0, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    pimpinan = forms.CharField(label="Pimpinan musyawarah", max_length=150, required=False)
    notulis = forms.CharField(label="Notulis", max_length=150, required=False)
    berita_acara = _berkas("Berita acara (pindaian atau foto)")
    daftar_hadir = _berkas("Daftar hadir", wajib=False)

    DATA = ("tanggal", "tempat", "hasil", "keputusan_ringkas", "jumlah_hadir", "jumlah_perempuan", "pimpinan", "notulis")

    def clean(self):
        data = super().clean()
        hadir, perempuan = data.get("jumlah_hadir"), data.get("jumlah_perempuan")
        if hadir is not None and perempuan is not None and perempuan > hadir:
            self.add_error("jumlah_perempuan", "Jumlah perempuan tidak boleh melebihi jumlah hadir.")
        return data

    def data_musyawarah(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.DATA if self.cleaned_data.get(k) is not None}


class MusyawarahAntarDesaForm(MusyawarahForm):
    """MAD (or a musyawarah of all parties for a change, R13): which desa attended, and its agenda."""

    desa = forms.ModelMultipleChoiceField(
        label="Desa yang hadir", queryset=Desa.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Semua desa peserta harus hadir (R7, UU 6/2014 Pasal 92 ayat (2)).",
    )
    agenda = forms.MultipleChoiceField(
        label="Agenda (UU 6/2014 Pasal 92 ayat (4))", choices=AgendaMAD.choices, widget=forms.CheckboxSelectMultiple,
        required=False, initial=[AgendaMAD.KERJA_SAMA],
    )

    DATA = MusyawarahForm.DATA + ("agenda",)

    def __init__(self, *args, desa_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desa_qs is not None:
            self.fields["desa"].queryset = desa_qs
            self.fields["desa"].label_from_instance = lambda d: d.label
            if not self.is_bound:
                self.initial["desa"] = [d.pk for d in desa_qs]


class RpjmdesForm(forms.Form):
    rujukan = forms.CharField(
        label="Rujukan RPJM Desa dan RKP Desa", max_length=200, required=False,
        help_text="Mis. \"Perdes 3/2020 tentang RPJM Desa, Bab IV; Perdes 5/2025 tentang RKP Desa 2026\" "
        "(R8, Permendagri 96/2017 Pasal 13 ayat (2) huruf e). Bila belum tercantum, ubah dahulu melalui Musrenbang Desa khusus.",
    )


class KirimPenawaranForm(forms.Form):
    tanggal = TanggalField(label="Tanggal surat", required=False)
    batas_jawab = TanggalField(label="Batas waktu jawaban", required=False)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["batas_jawab"].help_text = (
            f"Kosongkan untuk {settings.PENAWARAN_BATAS_HARI} hari sesudah tanggal surat; tidak boleh sebelum tanggal "
            "surat. Penawaran yang tidak dijawab sampai tanggal ini dianggap ditolak."
        )


class JawabPenawaranForm(forms.Form):
    jawaban = forms.ChoiceField(label="Jawaban", choices=JawabanPenawaran.choices, widget=forms.RadioSelect)
    rpjmdes_rujukan = forms.CharField(
        label="Rujukan RPJM Desa dan RKP Desa desa Anda", max_length=200, required=False,
        help_text="Wajib bila menerima (R8, Permendagri 96/2017 Pasal 13 ayat (2) huruf e).",
    )
    catatan = teks_form(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CatatanForm(forms.Form):
    catatan = teks_form(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CatatanWajibForm(forms.Form):
    catatan = teks_form(label="Catatan perbaikan untuk desa", widget=forms.Textarea(attrs={"rows": 5}))


class TandatanganiForm(forms.Form):
    kepala_desa_nama = forms.CharField(
        label="Nama kepala desa penanda tangan", max_length=150, help_text="Tanpa gelar dan pangkat, seperti pada Peraturan Bersama."
    )
    tanggal = TanggalField(label="Tanggal tanda tangan", required=False)


class UnggahTtdForm(forms.Form):
    berkas = _berkas("Pindaian Peraturan Bersama bertanda tangan", pdf_saja=True)


class UndangkanForm(forms.Form):
    berita_desa_tahun = forms.IntegerField(label="Berita Desa tahun", min_value=2000, max_value=2100)
    berita_desa_nomor = forms.CharField(label="Berita Desa nomor", max_length=20)
    sekretaris_desa_nama = forms.CharField(label="Nama sekretaris desa", max_length=150)
    tanggal = TanggalField(label="Tanggal diundangkan", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("berita_desa_tahun", timezone.localdate().year)


class LaporanForm(forms.Form):
    periode = forms.CharField(label="Periode", max_length=60, help_text="Mis. \"Semester I 2026\".")
    isi = teks_form(PANJANG_ISI, label="Isi laporan", widget=forms.Textarea(attrs={"rows": 6}))
    lampiran = _berkas("Lampiran", wajib=False)


class PerubahanForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis", choices=JenisPerubahan.choices, widget=forms.RadioSelect)
    uraian = teks_form(label="Uraian", widget=forms.Textarea(attrs={"rows": 4}))
    alasan = forms.ChoiceField(
        label="Alasan (untuk pembatalan/pengakhiran, PP 43/2014 Pasal 147)",
        choices=[("", "—"), *AlasanBerakhir.choices], required=False,
    )
    # PERUBAHAN only: the new wording of the items that change (empty = unchanged). It becomes Pasal I of the
    # amending Peraturan/Perjanjian Bersama and the agreement's text once that is in force.
    baru_tanggal_selesai = TanggalField(jangka=True, label="Perubahan: tanggal selesai baru", required=False)
    baru_ruang_lingkup = teks_form(PANJANG_ISI, label="Perubahan: ruang lingkup baru",
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_tata_cara_pelaksanaan = teks_form(PANJANG_ISI, label="Perubahan: tata cara dan ketentuan pelaksanaan baru",
                                           required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_hak_kewajiban = teks_form(PANJANG_ISI, label="Perubahan: hak dan kewajiban baru",
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_pendanaan_uraian = teks_form(PANJANG_ISI, label="Perubahan: pendanaan baru",
                                      required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_maksud_tujuan = teks_form(PANJANG_ISI, label="Perubahan: maksud dan tujuan baru",
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_tata_cara_perubahan = teks_form(PANJANG_ISI, label="Perubahan: tata cara perubahan, penundaan, dan pembatalan baru",
                                         required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baru_penyelesaian_perselisihan = teks_form(PANJANG_ISI, label="Perubahan: penyelesaian perselisihan baru",
                                               required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def isi_baru(self) -> dict:
        """{item: new wording} of the filled ``baru_*`` fields (the service checks them)."""
        return {n.removeprefix("baru_"): v for n, v in self.cleaned_data.items() if n.startswith("baru_") and v}


class SebarluaskanForm(forms.Form):
    """PP 43/2014 Pasal 88 ayat (3): how the desa made the promulgated Peraturan Bersama known."""

    cara = forms.ChoiceField(label="Cara penyebarluasan", choices=CaraPenyebarluasan.choices, widget=forms.RadioSelect)
    tanggal = TanggalField(label="Tanggal", required=False)
    keterangan = forms.CharField(label="Keterangan", max_length=255, required=False,
                                 help_text="Mis. tempat papan pengumuman atau alamat halaman web desa.")
    bukti_berkas = _berkas("Bukti (foto papan pengumuman, tangkapan layar, berita acara)", wajib=False)


class PilihMusyawarahMixin(forms.Form):
    musyawarah = forms.ModelChoiceField(
        label="Musyawarah semua pihak", queryset=None, required=False, empty_label="— belum ada —",
        help_text="Catat dahulu musyawarah yang melibatkan semua pihak (R13, PP 43/2014 Pasal 145–146).",
    )

    def __init__(self, *args, musyawarah_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["musyawarah"].queryset = musyawarah_qs


class PutuskanPerubahanForm(PilihMusyawarahMixin):
    disepakati = forms.TypedChoiceField(
        label="Keputusan", choices=[("1", "Disepakati"), ("0", "Tidak disepakati")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    tanggal_efektif = TanggalField(jangka=True, label="Tanggal efektif", required=False)


class LanjutkanForm(PilihMusyawarahMixin):
    pass


class AkhiriForm(PilihMusyawarahMixin):
    alasan = forms.ChoiceField(label="Alasan berakhir (PP 43/2014 Pasal 147)", choices=AlasanBerakhir.choices)


class PerselisihanForm(forms.Form):
    uraian = teks_form(label="Pokok perselisihan", widget=forms.Textarea(attrs={"rows": 5}))


class SelesaikanPerselisihanForm(forms.Form):
    hasil = teks_form(label="Hasil penyelesaian", widget=forms.Textarea(attrs={"rows": 4}))
    berlanjut = forms.TypedChoiceField(
        label="Kerja sama", choices=[("1", "Berlanjut"), ("0", "Berakhir")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, initial="1",
    )
    berita_acara = _berkas("Berita acara penyelesaian", wajib=False)

    def __init__(self, *args, ba_wajib: bool = False, **kwargs):
        """``ba_wajib``: settled by the camat or the bupati/wali kota, final only through the berita acara signed
        by the parties and the facilitator (R14, PP 43/2014 Pasal 148)."""
        super().__init__(*args, **kwargs)
        if ba_wajib:
            ba = self.fields["berita_acara"]
            ba.required = True
            ba.help_text = ("Wajib: berita acara yang ditandatangani para pihak dan pejabat yang memfasilitasi "
                            "(R14, PP 43/2014 Pasal 148). " + str(ba.help_text))


class TutupForm(forms.Form):
    laporan_akhir = teks_form(
        PANJANG_ISI, label="Laporan akhir", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Termasuk serah terima aset hasil kerja sama.",
    )


class BatalkanForm(forms.Form):
    alasan = teks_form(label="Alasan pembatalan", widget=forms.Textarea(attrs={"rows": 3}))


class KomentarForm(forms.Form):
    teks = teks_form(
        label="Komentar atau catatan fasilitasi", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Camat memfasilitasi kerja sama atas nama bupati/wali kota (PP 43/2014 Pasal 143 ayat (5)).",
    )


# -- BKAD and contributions (drafting the rancangan) ------------------------------------------------


class _PilihPesertaMixin:
    def pasang_desa(self, desa_qs):
        self.fields[self.NAMA_DESA].queryset = desa_qs
        self.fields[self.NAMA_DESA].label_from_instance = lambda d: d.nama


class BKADForm(forms.Form):
    nama = forms.CharField(label="Nama BKAD", max_length=200, help_text="Mis. \"BKAD Kecamatan Kalimanah\".")
    periode_mulai = TanggalField(jangka=True, label="Masa bakti mulai", required=False)
    periode_selesai = TanggalField(jangka=True, label="Masa bakti selesai", required=False)


class AnggotaBKADForm(_PilihPesertaMixin, forms.Form):
    NAMA_DESA = "asal_desa"
    nama = forms.CharField(label="Nama", max_length=150)
    asal_desa = forms.ModelChoiceField(label="Asal desa", queryset=Desa.objects.none(), empty_label="—")
    unsur = forms.ChoiceField(label="Unsur (PP 43/2014 Pasal 144 ayat (1))", choices=[("", "—"), *UnsurBKAD.choices])
    jabatan = forms.ChoiceField(label="Jabatan", choices=JabatanBKAD.choices, initial=JabatanBKAD.ANGGOTA)
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=[("", "—"), *JenisKelamin.choices])


class KontribusiForm(_PilihPesertaMixin, forms.Form):
    NAMA_DESA = "desa"
    desa = forms.ModelChoiceField(label="Desa", queryset=Desa.objects.none(), required=False, empty_label="— bersama —")
    sumber = forms.ChoiceField(label="Sumber", choices=[("", "—"), *SumberDana.choices])
    tahun_anggaran = forms.IntegerField(label="Tahun anggaran", min_value=2000, max_value=2100)
    nilai = RupiahField(label="Nilai (Rp)")
    bentuk = forms.ChoiceField(label="Bentuk", choices=BentukKontribusi.choices, initial=BentukKontribusi.UANG)
    keterangan = forms.CharField(label="Keterangan", max_length=255, required=False)


class _BarisFormSet(forms.BaseFormSet):
    judul_baris = "Baris"  # "Kontribusi 3", "Anggota 2": the legend of each row and the words of the summary

    def __init__(self, *args, desa_qs=None, **kwargs):
        self.desa_qs = desa_qs
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.pasang_desa(self.desa_qs)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.pasang_desa(self.desa_qs)
        return form

    def baris(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def id_baris(self, i: int) -> str:
        """The anchor of row ``i`` (its fieldset) on the page."""
        return f"{self.prefix}-baris-{i}"

    def ringkasan_galat(self) -> list[dict]:
        """Every error of a posted formset, for the summary at the top of the page: ``{"href", "teks"}``
        pointing at the field in error (or at its row), so a long page need not be scrolled to find it."""
        if not self.is_bound or self.is_valid():
            return []
        hasil = [{"href": f"#{self.id_baris(0)}", "teks": e} for e in self.non_form_errors()]
        for i, form in enumerate(self.forms):
            baris = f"{self.judul_baris} {i + 1}"
            for e in form.non_field_errors():
                hasil.append({"href": f"#{self.id_baris(i)}", "teks": f"{baris}: {e}"})
            for nama, galat in form.errors.items():
                if nama == NON_FIELD_ERRORS or nama not in form.fields:
                    continue
                bf = form[nama]
                for e in galat:
                    hasil.append({"href": f"#{bf.id_for_label or self.id_baris(i)}", "teks": f"{baris}, {bf.label}: {e}"})
        return hasil


class _AnggotaBKADFormSet(_BarisFormSet):
    judul_baris = "Anggota"


class _KontribusiFormSet(_BarisFormSet):
    judul_baris = "Kontribusi"


AnggotaBKADFormSet = forms.formset_factory(AnggotaBKADForm, formset=_AnggotaBKADFormSet, extra=2, can_delete=True)
KontribusiFormSet = forms.formset_factory(KontribusiForm, formset=_KontribusiFormSet, extra=2, can_delete=True)


class SaringForm(forms.Form):
    """Filters of the agreement list (all optional, GET)."""

    status = forms.ChoiceField(label="Status", required=False)
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)
    bidang = forms.ChoiceField(label="Bidang", required=False, choices=[("", "Semua bidang"), *Bidang.choices])
    tahun = forms.IntegerField(label="Tahun", required=False, min_value=2000, max_value=2100,
                               widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    q = forms.CharField(label="Cari judul atau kode", required=False, max_length=100)

    def __init__(self, *args, kecamatan_choices=(), **kwargs):
        from .choices import StatusKerjaSama

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Semua status"), *StatusKerjaSama.choices]
        self.fields["kecamatan"].choices = [("", "Semua kecamatan"), *kecamatan_choices]


# -- §C2: kerja sama dengan pihak ketiga ----------------------------------------------------------------


class PihakKetigaForm(forms.Form):
    """Register a third party of the kabupaten (UU 6/2014 Pasal 93) → services.pihak_ketiga_buat.

    ``jenis`` is parsed as text on purpose: the service is the one that refuses anything but the three
    kinds of Permendagri 96/2017 Pasal 5, naming rule R-pihak3 and its article."""

    nama = forms.CharField(label="Nama", max_length=200, help_text="Mis. \"CV Bambu Lestari\".")
    jenis = forms.CharField(label="Jenis (R-pihak3, Permendagri 96/2017 Pasal 5)", max_length=30,
                            widget=forms.RadioSelect(choices=JenisPihakKetiga.choices))
    badan_hukum = forms.BooleanField(label="Berbadan hukum", required=False)
    nomor_legalitas = forms.CharField(label="Akta pendirian/NIB", max_length=100, required=False,
                                      help_text="Wajib bila berbadan hukum.")
    alamat = teks_form(label="Alamat", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    penanggung_jawab_nama = forms.CharField(label="Nama penanggung jawab", max_length=150)
    penanggung_jawab_jabatan = forms.CharField(label="Jabatan penanggung jawab", max_length=150,
                                               help_text="Mis. \"Direktur\"; ia menandatangani Perjanjian Bersama.")
    kontak = forms.CharField(label="Kontak (telepon/e-mail)", max_length=150, required=False)


class JawabPihakKetigaForm(forms.Form):
    """§C2: the answer to the offer (the third party's, or the desa's to a third party's offer)."""

    diterima = forms.TypedChoiceField(
        label="Jawaban", choices=[("1", "Diterima"), ("0", "Ditolak")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    tanggal = TanggalField(label="Tanggal jawaban", required=False)
    catatan = teks_form(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    surat_jawaban = _berkas("Surat jawaban", wajib=False, pdf_saja=True)


class TandatanganiPihakKetigaForm(forms.Form):
    """§C2: the third party's signature of the Perjanjian Bersama, recorded by the kepala desa (D3)."""

    penandatangan_nama = forms.CharField(label="Nama penanda tangan pihak ketiga", max_length=150)
    penandatangan_jabatan = forms.CharField(label="Jabatan", max_length=150, required=False)
    nomor = forms.CharField(label="Nomor perjanjian pada pihak ketiga", max_length=60, required=False,
                            help_text="Nomor yang diberikan pihak ketiga pada salinannya; dicetak di bawah nomor desa.")
    tanggal = TanggalField(label="Tanggal tanda tangan", required=False)
    bukti_berkas = _berkas("Pindaian halaman tanda tangan pihak ketiga", wajib=False, pdf_saja=True)


class TandatanganiPerubahanPihakKetigaForm(TandatanganiPihakKetigaForm):
    """§C2: the third party's signature of the amending Perjanjian Bersama."""

    bukti_berkas = None


class ProsesHukumForm(forms.Form):
    uraian = teks_form(label="Uraian (mis. nomor perkara, pengadilan)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class VerifikasiForm(forms.Form):
    """The short code printed on a document, typed by anyone at /v/: any case, spaces or dashes between the
    characters, or the printed address pasted whole (…/v/KODE/); cleaned to the code itself."""

    kode = forms.CharField(
        label="Kode verifikasi", max_length=200,
        error_messages={"required": "Ketik kode verifikasi yang tercetak pada dokumen."},
        help_text="10 huruf dan angka yang tercetak di samping kode QR pada dokumen, misalnya 7KQ2M9XABC.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_kode(self) -> str:
        teks = self.cleaned_data["kode"].upper()
        if "/V/" in teks:
            teks = teks.rsplit("/V/", 1)[1]
        kode = re.sub(r"[\s\-–—._/]", "", teks)
        salah = sorted({c for c in kode if c not in ABJAD_KODE})
        if salah:
            raise forms.ValidationError(
                f"Kode verifikasi hanya memuat angka 2–9 dan huruf A–Z tanpa I, L, O; periksa kembali "
                f"karakter {', '.join(salah)}."
            )
        if len(kode) != PANJANG_KODE_VERIFIKASI:
            raise forms.ValidationError(
                f"Kode verifikasi terdiri atas {PANJANG_KODE_VERIFIKASI} karakter; yang Anda ketik {len(kode)}."
            )
        return kode
