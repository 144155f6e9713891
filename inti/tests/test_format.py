import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from inti import format as fmt


def test_tanggal_uses_indonesian_month_names():
    assert fmt.tanggal(dt.date(2026, 11, 23)) == "23 November 2026"
    assert fmt.tanggal(dt.date(2025, 2, 1)) == "1 Februari 2025"
    assert fmt.tanggal(dt.datetime(2026, 8, 17, 10, 30)) == "17 Agustus 2026"
    assert fmt.tanggal(None) == "…"


def test_hari():
    assert fmt.hari(dt.date(2026, 11, 23)) == "Senin"
    assert fmt.hari(dt.date(2026, 11, 27)) == "Jumat"


@pytest.mark.parametrize(
    "nilai, teks",
    [
        (1250000, "Rp 1.250.000"),
        (Decimal("1250000.00"), "Rp 1.250.000"),
        (Decimal("1250.5"), "Rp 1.250,50"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (Decimal("-15000"), "-Rp 15.000"),
        ("2500000", "Rp 2.500.000"),
        (None, "—"),
    ],
)
def test_rupiah(nilai, teks):
    assert fmt.rupiah(nilai) == teks


def test_romawi():
    assert [fmt.romawi(n) for n in (1, 4, 9, 12, 14, 40, 90, 1999)] == [
        "I", "IV", "IX", "XII", "XIV", "XL", "XC", "MCMXCIX"
    ]
    with pytest.raises(ValueError):
        fmt.romawi(0)


def test_daftar_dan():
    assert fmt.daftar_dan(["A"]) == "A"
    assert fmt.daftar_dan(["A", "B"]) == "A dan B"
    assert fmt.daftar_dan(["A", "B", "C"]) == "A, B dan C"
    assert fmt.daftar_dan([]) == ""


@pytest.mark.parametrize(
    "n, kata",
    [
        (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"), (19, "sembilan belas"),
        (20, "dua puluh"), (23, "dua puluh tiga"), (100, "seratus"), (115, "seratus lima belas"),
        (300, "tiga ratus"), (1000, "seribu"), (1001, "seribu satu"), (2026, "dua ribu dua puluh enam"),
        (1250000, "satu juta dua ratus lima puluh ribu"), (3_000_000_000, "tiga miliar"),
    ],
)
def test_terbilang(n, kata):
    assert fmt.terbilang(n) == kata


def test_tanggal_terbilang():
    assert fmt.tanggal_terbilang(dt.date(2026, 11, 23)) == (
        "Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam"
    )


def test_template_filters():
    t = Template("{% load format_id %}{{ d|tanggal_id }} · {{ x|rupiah }} · BAB {{ n|romawi }}")
    assert t.render(Context({"d": dt.date(2026, 11, 23), "x": 1250000, "n": 12})) == (
        "23 November 2026 · Rp 1.250.000 · BAB XII"
    )


def test_tanggal_filter_uses_local_time_for_a_moment():
    momen = dt.datetime(2026, 11, 22, 18, 30, tzinfo=dt.timezone.utc)  # 01:30 WIB on the 23rd
    assert Template("{% load format_id %}{{ m|tanggal_id }}").render(Context({"m": momen})) == "23 November 2026"


@pytest.mark.parametrize(
    "teks, nilai",
    [
        ("5.000.000", Decimal("5000000")),
        ("Rp 5.000.000", Decimal("5000000")),
        ("Rp5.000.000,00", Decimal("5000000")),
        ("Rp. 5.000.000,-", Decimal("5000000")),
        ("rp 5.000.000", Decimal("5000000")),
        ("5000000", Decimal("5000000")),
        ("  7.500 ", Decimal("7500")),
        ("250.000", Decimal("250000")),
        ("1.250,5", Decimal("1250.50")),
        ("1.250,75", Decimal("1250.75")),
        ("0", Decimal("0")),
    ],
)
def test_baca_rupiah_membaca_tulisan_sehari_hari(teks, nilai):
    assert fmt.baca_rupiah(teks) == nilai


@pytest.mark.parametrize(
    "teks",
    ["7.5", "7.50", "5,000,000", "5.000.000.00", "5 000 000", "-5.000", "1.2345", "5,123", "lima juta", "", "Rp",
     "5.000,", "٥٠٠٠"],
)
def test_baca_rupiah_menolak_yang_meragukan(teks):
    with pytest.raises(ValueError, match="Tulis nilai rupiah seperti 5.000.000"):
        fmt.baca_rupiah(teks)


@pytest.mark.parametrize(
    "nilai, teks",
    [(Decimal("75000000.00"), "75.000.000"), (Decimal("1250.50"), "1.250,50"), (0, "0"), (999, "999")],
)
def test_angka_rupiah_tanpa_sen_kosong(nilai, teks):
    assert fmt.angka_rupiah(nilai) == teks
    assert fmt.baca_rupiah(teks) == Decimal(nilai)


@pytest.mark.parametrize(
    "label, di_kalimat",
    [
        ("Konfirmasi RPJM Desa dan RKP Desa", "konfirmasi RPJM Desa dan RKP Desa"),
        ("Disetujui Musdes desa pemrakarsa", "disetujui Musdes desa pemrakarsa"),
        ("Anggota BPD", "anggota BPD"), ("Catat MAD (sepakat)", "catat MAD (sepakat)"),
        ("MAD tahunan BUM Desa bersama", "MAD tahunan BUM Desa bersama"), ("BKAD", "BKAD"), ("APB Desa", "APB Desa"),
        ("Musyawarah Desa", "Musyawarah Desa"), ("Musyawarah para pihak", "musyawarah para pihak"),
        ("Dinas PMD kabupaten/kota", "Dinas PMD kabupaten/kota"), ("Kepala desa", "kepala desa"),
        ("Peraturan Bersama Kepala Desa", "Peraturan Bersama Kepala Desa"), ("Berita acara", "berita acara"),
        ("Sepakat", "sepakat"), ("", ""),
    ],
)
def test_huruf_kecil_awal_keeps_abbreviations_and_names(label, di_kalimat):
    assert fmt.huruf_kecil_awal(label) == di_kalimat
    assert Template("{% load format_id %}{{ x|kecil }}").render(Context({"x": label})) == di_kalimat
