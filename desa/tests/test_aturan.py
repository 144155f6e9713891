"""Rules of law for regions and profiles (desa/aturan.py, DOMAIN.md §E4): R28 codes, R29 labels,
R30 IDM thresholds, R32 kelurahan refusals — and the model ``clean()`` messages that name them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from desa import aturan
from desa import models as m
from desa.choices import JenisDesa, JenisKabupaten, StatusIndeks
from inti.errors import AturanDilanggar

# -- R28: code format per level --------------------------------------------------------------------

BENAR = [
    ("33", 1), ("63", 1), ("11", 1),
    ("33.03", 2), ("33.01", 2), ("33.69", 2), ("33.71", 2), ("33.99", 2),
    ("33.03.06", 3), ("63.01.01", 3),
    ("33.03.06.2015", 4), ("33.03.06.1013", 4), ("13.06.01.3001", 4),
]
SALAH = [
    ("", 1), ("3", 1), ("333", 1), ("3a", 1), (" 33", 1), ("33.", 1),
    ("33.3", 2), ("33-03", 2), ("3303", 2), ("33.03.06", 2), ("33.003", 2),
    ("33.03.6", 3), ("33.03.006", 3), ("33.03", 3), ("33.03.06.", 3),
    ("33.03.06.201", 4), ("33.03.06.20150", 4), ("33.03.06.0015", 4), ("33.03.06.4015", 4),
    ("33.03.06.9001", 4), ("33.03.062015", 4), ("33.03.06.2O15", 4),
]


@pytest.mark.parametrize(("kode", "tingkat"), BENAR)
def test_r28_accepts_the_kemendagri_format_of_each_level(kode, tingkat):
    aturan.periksa_kode(kode, tingkat)
    assert aturan.tingkat_kode(kode) == tingkat


@pytest.mark.parametrize(("kode", "tingkat"), SALAH)
def test_r28_refuses_a_malformed_code_naming_the_rule_and_an_example(kode, tingkat):
    with pytest.raises(AturanDilanggar) as exc:
        aturan.periksa_kode(kode, tingkat)
    assert exc.value.kode == "R28"
    assert exc.value.field == "kode"
    assert str(exc.value).startswith("R28: ")
    assert aturan.CONTOH_KODE[tingkat] in str(exc.value)
    assert "Permendagri 58/2021" in str(exc.value)


@pytest.mark.parametrize("kode", ["33.00", "33.70"])
def test_r28_kabupaten_part_00_and_70_are_neither_kabupaten_nor_kota(kode):
    with pytest.raises(AturanDilanggar, match=r"01–69 \(kabupaten\) atau 71–99 \(kota\)") as exc:
        aturan.periksa_kode(kode, 2)
    assert exc.value.kode == "R28"


@pytest.mark.parametrize(
    ("kode", "jenis"),
    [("33.01", JenisKabupaten.KABUPATEN), ("33.69", JenisKabupaten.KABUPATEN),
     ("33.71", JenisKabupaten.KOTA), ("33.76", JenisKabupaten.KOTA), ("33.99", JenisKabupaten.KOTA)],
)
def test_r28_kabupaten_or_kota_from_the_code(kode, jenis):
    assert aturan.jenis_kabupaten_dari_kode(kode) == jenis
    aturan.periksa_jenis(kode, jenis, 2)
    lain = JenisKabupaten.KOTA if jenis == JenisKabupaten.KABUPATEN else JenisKabupaten.KABUPATEN
    with pytest.raises(AturanDilanggar) as exc:
        aturan.periksa_jenis(kode, lain, 2)
    assert exc.value.kode == "R28" and exc.value.field == "jenis"


@pytest.mark.parametrize(
    ("kode", "jenis"),
    [("33.03.06.1013", JenisDesa.KELURAHAN), ("33.03.06.2015", JenisDesa.DESA), ("13.06.01.3001", JenisDesa.DESA_ADAT)],
)
def test_r28_jenis_desa_from_the_first_digit_of_the_village_part(kode, jenis):
    assert aturan.jenis_desa_dari_kode(kode) == jenis
    aturan.periksa_jenis(kode, jenis, 4)
    for lain in set(JenisDesa) - {jenis}:
        with pytest.raises(AturanDilanggar, match=f"berarti {jenis.label.lower()}"):
            aturan.periksa_jenis(kode, lain, 4)


@pytest.mark.parametrize(
    ("kode", "tingkat", "induk"),
    [("33.03", 2, "63"), ("33.03.06", 3, "33.02"), ("33.03.06.2015", 4, "33.03.01"), ("33.03.06.2015", 4, "33.03")],
)
def test_r28_child_code_starts_with_its_parent(kode, tingkat, induk):
    with pytest.raises(AturanDilanggar, match=f"tidak diawali kode induknya {induk}") as exc:
        aturan.periksa_kode(kode, tingkat, induk)
    assert exc.value.kode == "R28"
    aturan.periksa_kode(kode, tingkat, kode.rsplit(".", 1)[0])


# -- The models' clean() says which rule --------------------------------------------------------------

def _pesan(exc: ValidationError, field: str) -> str:
    return " ".join(exc.message_dict[field])


def test_model_clean_names_r28_for_codes_and_jenis(wilayah):
    with pytest.raises(ValidationError) as exc:
        m.Provinsi(kode="3", nama="X").clean()
    assert _pesan(exc.value, "kode").startswith("R28: ")

    with pytest.raises(ValidationError) as exc:
        m.Kabupaten(kode="33.70", nama="X", provinsi=wilayah.jateng, jenis="KABUPATEN").clean()
    assert "R28" in _pesan(exc.value, "kode") and "71–99" in _pesan(exc.value, "kode")

    with pytest.raises(ValidationError) as exc:
        m.Kabupaten(kode="33.71", nama="Kota Magelang", provinsi=wilayah.jateng, jenis="KABUPATEN").clean()
    assert _pesan(exc.value, "jenis").startswith("R28: ") and "kota" in _pesan(exc.value, "jenis")

    with pytest.raises(ValidationError) as exc:
        m.Kecamatan(kode="33.02.06", nama="X", kabupaten=wilayah.purbalingga).clean()
    assert "R28" in _pesan(exc.value, "kode") and "33.03" in _pesan(exc.value, "kode")

    with pytest.raises(ValidationError) as exc:
        m.Desa(kode="33.03.06.1099", nama="X", kecamatan=wilayah.kalimanah, jenis="DESA").clean()
    assert "R28" in _pesan(exc.value, "jenis") and "kelurahan" in _pesan(exc.value, "jenis")

    # And the good ones pass.
    m.Kabupaten(kode="33.71", nama="Kota Magelang", provinsi=wilayah.jateng, jenis="KOTA").clean()
    m.Desa(kode="33.03.06.3001", nama="Adat", kecamatan=wilayah.kalimanah, jenis="DESA_ADAT").clean()


# -- R29: one desa, one unambiguous label ---------------------------------------------------------

def test_r29_label_tells_homonyms_apart(wilayah):
    semua = m.Desa.objects.select_related("kecamatan__kabupaten").filter(nama="Klapasawit").order_by("kode")
    assert [d.label for d in semua] == [
        "Klapasawit — Purwojati, Banyumas (33.02.13.2006)",
        "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)",
    ]


# -- R30: IDM status from the score ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("nilai", "status"),
    [
        ("0.0000", StatusIndeks.SANGAT_TERTINGGAL), ("0.4907", StatusIndeks.SANGAT_TERTINGGAL),
        ("0.4908", StatusIndeks.TERTINGGAL), ("0.5989", StatusIndeks.TERTINGGAL),
        ("0.5990", StatusIndeks.BERKEMBANG), ("0.7072", StatusIndeks.BERKEMBANG),
        ("0.7073", StatusIndeks.MAJU), ("0.8155", StatusIndeks.MAJU),
        ("0.8156", StatusIndeks.MANDIRI), ("1.0000", StatusIndeks.MANDIRI),
    ],
)
def test_r30_idm_thresholds(nilai, status):
    assert aturan.status_idm_dari_nilai(Decimal(nilai)) == status
    skor = m.IndeksDesaSkor(jenis_indeks="IDM", nilai=Decimal(nilai), status=status)
    assert skor.status_menurut_nilai == status


def test_r30_is_only_a_cross_check_and_not_for_indeks_desa():
    assert aturan.R30.sifat == "INFO"
    skor = m.IndeksDesaSkor(jenis_indeks="IDM", nilai=Decimal("0.8000"), status=StatusIndeks.MANDIRI)
    skor.clean()  # the official status stands even when the score suggests another (R30 only warns)
    assert skor.status_menurut_nilai == StatusIndeks.MAJU
    assert m.IndeksDesaSkor(jenis_indeks="INDEKS_DESA", nilai=Decimal("70"), status="MAJU").status_menurut_nilai is None
    with pytest.raises(ValidationError):
        m.IndeksDesaSkor(jenis_indeks="IDM", nilai=Decimal("1.5"), status="MANDIRI").clean()


# -- R32: a kelurahan is not a desa ----------------------------------------------------------------

def test_r32_pastikan_desa_refuses_a_kelurahan_only(wilayah):
    with pytest.raises(AturanDilanggar) as exc:
        aturan.pastikan_desa(wilayah.kelurahan)
    assert exc.value.kode == "R32" and exc.value.field == "desa"
    assert "Kalikabong (33.03.06.1013) adalah kelurahan" in str(exc.value)
    assert "UU 6/2014" in str(exc.value)
    aturan.pastikan_desa(wilayah.klapasawit)
    aturan.pastikan_desa(m.Desa(kode="13.06.01.3001", nama="Adat", jenis="DESA_ADAT"))


def test_r32_a_kelurahan_has_no_profile(wilayah, persona):
    with pytest.raises(ValidationError) as exc:
        m.DesaProfil(desa=wilayah.kelurahan, tahun_data=2024, sumber_data="BPS").clean()
    assert _pesan(exc.value, "desa").startswith("R32: ")
    assert not wilayah.kelurahan.bisa_berprofil and wilayah.klapasawit.bisa_berprofil

    from desa.services import profil_simpan

    with pytest.raises(AturanDilanggar) as exc:
        profil_simpan(desa=wilayah.kelurahan, tahun_data=2024, data={"sumber_data": "BPS"}, oleh=persona["admin"])
    assert exc.value.kode == "R32"
    assert not m.DesaProfil.objects.filter(desa=wilayah.kelurahan).exists()


@pytest.mark.parametrize(
    "tertulis, hasil",
    [
        ("3303062015", "33.03.06.2015"), (" 3303062015 ", "33.03.06.2015"), ("330306", "33.03.06"),
        ("3303", "33.03"), ("33", "33"), ("33.03.06.2015", "33.03.06.2015"), ("33030620150", "33.03.06.2015.0"),
        ("Klapasawit", "Klapasawit"), ("", ""),
    ],
)
def test_normalkan_kode_satu_tempat(tertulis, hasil):
    """R28 codes may be typed without dots; the one normaliser (search, filters, import) adds them, and a
    code with a digit too many never becomes a valid one by being cut."""
    assert aturan.normalkan_kode(tertulis) == hasil
    if tertulis.strip().isdigit() and len(tertulis.strip()) in (2, 4, 6, 10):
        assert aturan.tingkat_kode(hasil) == {2: 1, 4: 2, 6: 3, 10: 4}[len(tertulis.strip())]
