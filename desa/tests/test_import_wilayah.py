"""import_wilayah: row checks by line, all-or-nothing, idempotent upsert, audit events, the command."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from desa.impor import KODE_SUMBER, wilayah_import
from desa.models import Desa, Kabupaten, Kecamatan, Provinsi

HEADER = {
    "provinces.csv": "code,name,area_km2,population,population_male,population_female",
    "regencies.csv": "code,province_code,name,type,area_km2,population,population_male,population_female",
    "districts.csv": "code,regency_code,name",
    "villages.csv": "code,district_code,name,type",
}

BAIK = {
    "provinces.csv": [
        "33,Jawa Tengah,32800.690,37892280,18950000,18942280",
        "63,Kalimantan Selatan,37135.050,4273430,2160000,2113430",
    ],
    "regencies.csv": [
        "33.03,33,Kabupaten Purbalingga,KABUPATEN,805.839,1023917,516000,507917",
        "33.71,33,Kota Magelang,KOTA,18.560,123000,61000,62000",
        "63.01,63,Kabupaten Tanah Laut,KABUPATEN,3631.350,363000,185000,178000",
    ],
    "districts.csv": [
        "33.03.06,33.03,Kalimanah",
        "33.71.01,33.71,Magelang Selatan",
        "63.01.01,63.01,Takisung",
    ],
    "villages.csv": [
        "33.03.06.2015,33.03.06,Klapasawit,DESA",
        "33.03.06.1013,33.03.06,Kalikabong,KELURAHAN",
        '33.71.01.1001,33.71.01,"Jurangombo Utara, Selatan",KELURAHAN',
        "63.01.01.2001,63.01.01,  Takisung  ,DESA",
    ],
}


def tulis(folder: Path, **ganti: list[str]) -> Path:
    """Write the four files; ``villages=[...]`` etc. replaces that file's data rows."""
    folder.mkdir(parents=True, exist_ok=True)
    nama_kunci = {"provinces": "provinces.csv", "regencies": "regencies.csv", "districts": "districts.csv",
                  "villages": "villages.csv"}
    data = dict(BAIK)
    for kunci, rows in ganti.items():
        data[nama_kunci[kunci]] = rows
    for berkas, rows in data.items():
        (folder / berkas).write_text("\n".join([HEADER[berkas], *rows]) + "\n", encoding="utf-8")
    return folder


def jumlah() -> tuple[int, int, int, int]:
    return (Provinsi.objects.count(), Kabupaten.objects.count(), Kecamatan.objects.count(), Desa.objects.count())


def hitung(laporan) -> dict[str, tuple[int, int, int]]:
    return {nama: (h.dibuat, h.diubah, h.tetap) for nama, h in laporan.hitungan.items()}


# -- Loading and re-loading ----------------------------------------------------------------------

def test_impor_memuat_semua_lalu_ulang_tetap(db, tmp_path):
    folder = tulis(tmp_path / "w")
    laporan = wilayah_import(folder)
    assert laporan.galat == [] and laporan.ditulis
    assert hitung(laporan) == {
        "provinsi": (2, 0, 0), "kabupaten/kota": (3, 0, 0), "kecamatan": (3, 0, 0), "desa/kelurahan": (4, 0, 0),
    }
    assert jumlah() == (2, 3, 3, 4)

    jateng = Provinsi.objects.get(kode="33")
    assert jateng.luas_km2 == Decimal("32800.690") and jateng.jumlah_penduduk == 37892280
    pbg = Kabupaten.objects.get(kode="33.03")
    assert (pbg.provinsi, pbg.jenis, pbg.luas_km2, pbg.jumlah_penduduk) == (jateng, "KABUPATEN", Decimal("805.839"), 1023917)
    assert Kabupaten.objects.get(kode="33.71").jenis == "KOTA"
    klapasawit = Desa.objects.select_related("kecamatan__kabupaten").get(kode="33.03.06.2015")
    assert klapasawit.label == "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)"
    assert klapasawit.jenis == "DESA" and klapasawit.kode_sumber == KODE_SUMBER == "Kepmendagri 300.2.2-2138/2025"
    assert Desa.objects.get(kode="33.71.01.1001").nama == "Jurangombo Utara, Selatan"  # RFC 4180 quoting
    assert Desa.objects.get(kode="63.01.01.2001").nama == "Takisung"  # whitespace stripped
    diubah_pertama = dict(Desa.objects.values_list("kode", "updated_at"))

    ulang = wilayah_import(folder)
    assert ulang.galat == [] and ulang.ditulis
    assert hitung(ulang) == {
        "provinsi": (0, 0, 2), "kabupaten/kota": (0, 0, 3), "kecamatan": (0, 0, 3), "desa/kelurahan": (0, 0, 4),
    }
    assert jumlah() == (2, 3, 3, 4)
    assert dict(Desa.objects.values_list("kode", "updated_at")) == diubah_pertama  # rows not touched


def test_nama_berubah_dihitung_diubah_dan_tercatat(db, tmp_path):
    wilayah_import(tulis(tmp_path / "a"))
    DesaEvent = apps.get_model("desa", "DesaEvent")
    desa = Desa.objects.get(kode="33.03.06.2015")
    sebelum = DesaEvent.objects.filter(pgh_obj=desa).count()

    baris = list(BAIK["villages.csv"])
    baris[0] = "33.03.06.2015,33.03.06,Klapa Sawit,DESA"
    provinsi = list(BAIK["provinces.csv"])
    provinsi[0] = "33,Jawa Tengah,32800.690,37900000,18950000,18950000"
    laporan = wilayah_import(tulis(tmp_path / "b", villages=baris, provinces=provinsi))

    assert laporan.hitungan["desa/kelurahan"].diubah == 1
    assert laporan.hitungan["desa/kelurahan"].tetap == 3
    assert laporan.hitungan["provinsi"].diubah == 1 and laporan.hitungan["provinsi"].tetap == 1
    desa.refresh_from_db()
    assert desa.nama == "Klapa Sawit"
    assert Provinsi.objects.get(kode="33").jumlah_penduduk == 37900000
    events = DesaEvent.objects.filter(pgh_obj=desa).order_by("pgh_id")
    assert events.count() == sebelum + 1
    terakhir = events.select_related("pgh_context").last()
    assert terakhir.pgh_label == "update" and terakhir.nama == "Klapa Sawit"
    assert terakhir.pgh_context.metadata == {"perintah": "import_wilayah"}


def test_impor_mencatat_audit_setiap_wilayah_baru(db, tmp_path):
    wilayah_import(tulis(tmp_path / "w"))
    for model, banyak in ((Provinsi, 2), (Kabupaten, 3), (Kecamatan, 3), (Desa, 4)):
        Event = apps.get_model("desa", f"{model.__name__}Event")
        events = Event.objects.filter(pgh_label="insert").select_related("pgh_context")
        assert events.count() == banyak, model
        assert {e.pgh_context.metadata["perintah"] for e in events} == {"import_wilayah"}
    # A second, unchanged run writes no event at all.
    DesaEvent = apps.get_model("desa", "DesaEvent")
    sebelum = DesaEvent.objects.count()
    wilayah_import(tmp_path / "w")
    assert DesaEvent.objects.count() == sebelum


def test_induk_boleh_sudah_ada_di_basis_data(wilayah, tmp_path):
    """A folder with only villages: their kecamatan (from the fixture) are already in the database."""
    folder = tulis(
        tmp_path / "w", provinces=[], regencies=[], districts=[],
        villages=["33.03.06.2001,33.03.06,Kalimanah Wetan,DESA", "63.01.01.2002,63.01.01,Pagatan Besar,DESA"],
    )
    laporan = wilayah_import(folder)
    assert laporan.galat == []
    assert laporan.hitungan["desa/kelurahan"].dibuat == 2
    assert Desa.objects.get(kode="33.03.06.2001").kecamatan == wilayah.kalimanah


# -- Bad rows: each reported by line, nothing written --------------------------------------------

def test_baris_salah_dilaporkan_per_baris_dan_tidak_ada_yang_ditulis(wilayah, tmp_path):
    folder = tulis(
        tmp_path / "w",
        regencies=[
            *BAIK["regencies.csv"],
            "33.70,33,Kota Tanpa Nomor,KOTA,10.000,1000,500,500",  # line 5: kk 70 is neither range
            "33.04,33,Kabupaten Banjarnegara,KOTA,1069.710,1000,500,500",  # line 6: jenis disagrees
        ],
        districts=[
            *BAIK["districts.csv"],
            "33.03.07,33.03,",  # line 5: empty name
        ],
        villages=[
            "33.03.06.2015,33.03.06,Klapasawit,DESA",  # line 2: fine
            "33.03.06.5015,33.03.06,Kode Rusak,DESA",  # line 3: village digit 5
            "33.03.07.2001,33.03.06,Salah Induk,DESA",  # line 4: prefix ≠ district_code
            "33.03.06.1002,33.03.06,Bukan Desa,DESA",  # line 5: digit 1 is a kelurahan
            "33.03.06.2015,33.03.06,Klapasawit Lagi,DESA",  # line 6: duplicate of line 2
            "33.99.01.2001,33.99.01,Tanpa Induk,DESA",  # line 7: parent nowhere
            "33.03.06.2016,33.03.06,   ,DESA",  # line 8: empty name
        ],
        provinces=[
            "33,Jawa Tengah,tiga puluh,37892280,18950000,18942280",  # line 2: area not a number
            "63,Kalimantan Selatan,37135.050,-5,2160000,2113430",  # line 3: negative population
        ],
    )
    sebelum = jumlah()
    laporan = wilayah_import(folder)

    assert not laporan.ditulis and not laporan.berhasil
    per_baris = {(g.berkas, g.baris): g.alasan for g in laporan.galat}
    assert "area_km2" in per_baris[("provinces.csv", 2)]
    assert "population" in per_baris[("provinces.csv", 3)]
    assert per_baris[("regencies.csv", 5)].startswith("R28: ") and "01–69" in per_baris[("regencies.csv", 5)]
    assert per_baris[("regencies.csv", 6)].startswith("R28: ") and "kabupaten" in per_baris[("regencies.csv", 6)]
    assert per_baris[("districts.csv", 5)] == "Nama kosong."
    assert per_baris[("villages.csv", 3)].startswith("R28: ") and "33.03.06.5015" in per_baris[("villages.csv", 3)]
    assert per_baris[("villages.csv", 4)] == "R28: Kode 33.03.07.2001 tidak diawali kode induknya 33.03.06."
    assert per_baris[("villages.csv", 5)].startswith("R28: ") and "kelurahan" in per_baris[("villages.csv", 5)]
    assert per_baris[("villages.csv", 6)] == "Kode 33.03.06.2015 ganda: sudah ada di baris 2."
    assert "33.99.01" in per_baris[("villages.csv", 7)] and "tidak ada" in per_baris[("villages.csv", 7)]
    assert per_baris[("villages.csv", 8)] == "Nama kosong."
    assert ("villages.csv", 2) not in per_baris
    assert str(laporan.galat[0]).startswith("provinces.csv baris 2: ")
    assert "Permendagri 58/2021" in laporan.aturan["R28"]

    # Nothing written: the good rows (e.g. Magelang, Tanah Laut's kecamatan) are not there either.
    assert jumlah() == sebelum
    assert not Kabupaten.objects.filter(kode="33.71").exists()
    assert Provinsi.objects.get(kode="33").luas_km2 is None


def test_berkas_rusak_tidak_mengubah_apa_pun(db, tmp_path):
    wilayah_import(tulis(tmp_path / "a"))
    sebelum = jumlah()
    nama_sebelum = dict(Desa.objects.values_list("kode", "nama"))
    DesaEvent = apps.get_model("desa", "DesaEvent")
    event_sebelum = DesaEvent.objects.count()

    # A renamed desa (would be an update), a new one (would be created) and one bad row.
    folder = tulis(
        tmp_path / "b",
        villages=[
            "33.03.06.2015,33.03.06,Klapa Sawit Baru,DESA",
            "33.03.06.2020,33.03.06,Desa Baru,DESA",
            "33.03.06.2021,33.03.06,Desa Baru Kedua,KELURAHAN",
        ],
    )
    laporan = wilayah_import(folder)
    assert [str(g) for g in laporan.galat] == [
        "villages.csv baris 4: R28: Kode 33.03.06.2021 berarti desa, bukan kelurahan."
    ]
    assert jumlah() == sebelum
    assert dict(Desa.objects.values_list("kode", "nama")) == nama_sebelum
    assert DesaEvent.objects.count() == event_sebelum


def test_kolom_dan_berkas_hilang_dilaporkan(db, tmp_path):
    folder = tulis(tmp_path / "w")
    (folder / "districts.csv").write_text("code,name\n33.03.06,Kalimanah\n", encoding="utf-8")
    (folder / "villages.csv").unlink()
    laporan = wilayah_import(folder)
    teks = [str(g) for g in laporan.galat]
    assert teks[0].startswith("districts.csv baris 1: Kolom wajib tidak ada: regency_code")
    assert teks[1].startswith("villages.csv baris 0: Berkas villages.csv tidak ditemukan")
    assert len(teks) == 2  # no "parent missing" flood for the children of an unreadable file
    assert jumlah() == (0, 0, 0, 0)


def test_nomor_baris_mengikuti_baris_fisik_dengan_kutipan_multibaris(db, tmp_path):
    folder = tulis(tmp_path / "w")
    with open(folder / "villages.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER["villages.csv"].split(","))
        w.writerow(["33.03.06.2015", "33.03.06", "Klapasawit\nbaris kedua", "DESA"])  # lines 2–3
        w.writerow(["33.03.06.9999", "33.03.06", "Rusak", "DESA"])  # line 4
    laporan = wilayah_import(folder)
    assert [(g.berkas, g.baris) for g in laporan.galat] == [("villages.csv", 4)]


# -- The command ---------------------------------------------------------------------------------

def test_perintah_ringkasan_dan_kode_keluar(db, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wilayah", str(tulis(tmp_path / "a")), stdout=out, stderr=err)
    teks = out.getvalue()
    assert "dibuat" in teks and "diubah" in teks and "tetap" in teks
    assert any(line.split()[:2] == ["desa/kelurahan", "4"] for line in teks.splitlines())
    assert "membaca villages.csv" in err.getvalue() and "menulis desa/kelurahan" in err.getvalue()

    folder = tulis(tmp_path / "b", villages=["33.03.06.2015,33.03.06,Klapasawit,DESA", "33.03.6.2016,33.03.06,X,DESA"])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as keluar:
        call_command("import_wilayah", str(folder), "--tanpa-progres", stdout=out, stderr=err)
    assert keluar.value.code == 1
    pesan = err.getvalue()
    assert "villages.csv baris 3: R28: Kode desa/kelurahan '33.03.6.2016' tidak sah" in pesan
    assert "Tidak ada data yang ditulis." in pesan
    assert out.getvalue() == ""
    assert Desa.objects.count() == 4


# -- National scale ------------------------------------------------------------------------------

DATA_NASIONAL = Path(settings.BASE_DIR).parent / "shared/data/wilayah"


@pytest.mark.nasional
@pytest.mark.skipif(not (DATA_NASIONAL / "villages.csv").is_file(), reason="../shared/data/wilayah tidak ada")
def test_impor_nasional(db):
    laporan = wilayah_import(DATA_NASIONAL)
    assert laporan.galat == []
    assert jumlah() == (38, 514, 7285, 83762)
    assert {n: h.dibuat for n, h in laporan.hitungan.items()} == {
        "provinsi": 38, "kabupaten/kota": 514, "kecamatan": 7285, "desa/kelurahan": 83762,
    }
    assert Kabupaten.objects.filter(jenis="KOTA").count() == 98
    assert Desa.objects.filter(jenis="KELURAHAN").count() == 8496
    assert Desa.objects.filter(jenis="DESA_ADAT").count() == 14
    assert Desa.objects.filter(nama="Klapasawit").count() == 3

    ulang = wilayah_import(DATA_NASIONAL)
    assert ulang.galat == []
    assert {n: (h.dibuat, h.diubah, h.tetap) for n, h in ulang.hitungan.items()} == {
        "provinsi": (0, 0, 38), "kabupaten/kota": (0, 0, 514), "kecamatan": (0, 0, 7285),
        "desa/kelurahan": (0, 0, 83762),
    }
