"""Form fields for numbers written the Indonesian way: a text box (a number box cannot hold "1.234,5"), read by
the parsers of inti.format and shown back the same way. One mechanism for rupiah amounts (kerja sama
contributions) and for quantities and coordinates (desa profiles); a refused value is shown back as typed
(Django keeps the bound data) with the parser's message."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .format import PESAN_ANGKA, PESAN_KOORDINAT, PESAN_RUPIAH, angka_rupiah, baca_angka, baca_rupiah, tulis_angka


class AngkaInput(forms.TextInput):
    """A text box with a number keypad on phones; a stored number is shown through ``tulis``."""

    def __init__(self, attrs=None, *, tulis=tulis_angka, inputmode: str = "decimal"):
        self.tulis = tulis
        super().__init__({"inputmode": inputmode, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return self.tulis(value)
        return super().format_value(value)  # what the user typed, after an error


class _AngkaIndonesiaField(forms.DecimalField):
    """A DecimalField whose text is read by ``baca`` (``ValueError`` → the ``invalid`` message ``pesan``)."""

    pesan = PESAN_ANGKA

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)  # the format is fixed (Indonesian), not the active locale's
        kwargs.setdefault("widget", self.buat_widget())
        super().__init__(**kwargs)
        self.error_messages["invalid"] = self.pesan

    def buat_widget(self) -> forms.Widget:
        return AngkaInput()

    def baca(self, teks: str) -> Decimal:
        return baca_angka(teks)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return self.baca(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        return {}  # no step/min/max: the box is text, the model and the field validate the range


class AngkaField(_AngkaIndonesiaField):
    """An area, a volume …: ``1.234,5``, ``1234,5``, ``1.234`` (thousands), a lone decimal point (``1.5``)."""


class KoordinatField(_AngkaIndonesiaField):
    """Degrees: never thousands; one dot or comma is the decimal sign (``-7,401234``)."""

    pesan = PESAN_KOORDINAT

    def buat_widget(self):
        return AngkaInput(tulis=lambda nilai: tulis_angka(nilai, ribuan=False))

    def baca(self, teks):
        return baca_angka(teks, ribuan=False)


class RupiahField(_AngkaIndonesiaField):
    """An amount in rupiah: "5.000.000", "Rp 5.000.000", "Rp5.000.000,00" and "5000000" are the same five million;
    ambiguous writings ("7.5", "5,000,000") are refused with PESAN_RUPIAH instead of being guessed. Shown as
    ``75.000.000`` (no ",00" unless there are cents). Defaults to the precision of the models' money fields."""

    pesan = PESAN_RUPIAH

    def __init__(self, *, max_digits=18, decimal_places=2, min_value=0, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, min_value=min_value, **kwargs)

    def buat_widget(self):
        return AngkaInput({"placeholder": "mis. 5.000.000"}, tulis=angka_rupiah, inputmode="numeric")

    def baca(self, teks):
        return baca_rupiah(teks)
