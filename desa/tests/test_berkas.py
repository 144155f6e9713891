"""Exports (CSV/XLSX) of the desa and profile lists, and the XLSX profile import (desa/berkas.py)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pghistory.models import Events

from desa import berkas
from desa.choices import StatusImpor
from desa.models import Desa, DesaProfil, ImporProfil
from desa.views_berkas import SESI_IMPOR

URL_IMPOR = "/berkas/profil/impor/"
TAHUN_DEPAN = timezone.localdate().year + 1
JUDUL = [k.judul for k in berkas.KOLOM_PROFIL]


@pytest.fixture(autouse=True)
def media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def masuk(client, user):
    client.force_login(user)
    return client


def isi(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def baca_csv(response) -> list[list[str]]:
    teks = isi(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(teks)))


def baca_xlsx(response) -> list[tuple]:
    wb = load_workbook(io.BytesIO(isi(response)), read_only=True)
    rows = [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def ekspor(client, nama: str, fmt: str, **params) -> list:
    response = client.get(reverse(f"desa:{nama}", args=[fmt]), params)
    assert response.status_code == 200, isi(response)
    return baca_csv(response) if fmt == "csv" else baca_xlsx(response)


def profil(desa, tahun=2024, **data):
    nilai = {"sumber_data": "BPS 2021", "jumlah_penduduk": 3000, "jumlah_kk": 900}
    nilai.update(data)
    return DesaProfil.objects.create(desa=desa, tahun_data=tahun, **nilai)


def xlsx(baris: list[list], *, judul: list[str] | None = None, lembar: str = "Profil desa") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = lembar
    ws.append(judul if judul is not None else JUDUL)
    for row in baris:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def baris(kode, tahun=2025, **data) -> list:
    """One import row in template column order; unspecified cells stay empty."""
    nilai = {"kode_desa": kode, "tahun_data": tahun, "sumber_data": "Prodeskel 2025"}
    nilai.update(data)
    return [nilai.get(k.nama) for k in berkas.KOLOM_PROFIL]


def unggah(client, isi_berkas: bytes, nama="profil.xlsx"):
    return client.post(URL_IMPOR, {"aksi": "unggah", "berkas": SimpleUploadedFile(nama, isi_berkas)})


def token(client) -> str:
    return client.session[SESI_IMPOR]["token"]


def terapkan(client):
    """Confirm the kept upload; the job's task runs after the commit (eagerly, as without a broker)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL_IMPOR, {"aksi": "terapkan", "token": token(client)})


def impor_terakhir() -> ImporProfil:
    return ImporProfil.objects.latest("pk")


def halaman_impor(client, response) -> str:
    """Follow the confirmation to the job's page; its text."""
    impor = impor_terakhir()
    assert response.status_code == 302
    assert response["Location"] == reverse("desa:impor_profil_status", args=[impor.pk])
    halaman = client.get(response["Location"])
    assert halaman.status_code == 200
    return halaman.content.decode()


# -- Exports: scope ----------------------------------------------------------------------------------------

KODE_PURBALINGGA = ["33.03.01.2001", "33.03.06.1013", "33.03.06.2006", "33.03.06.2015"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "orang, harapan",
    [
        ("sari", ["33.03.06.2015"]),
        ("camat", ["33.03.06.1013", "33.03.06.2006", "33.03.06.2015"]),
        ("pmd_pbg", KODE_PURBALINGGA),
        ("pmd_bms", ["33.02.13.2006"]),
        ("prov_kalsel", ["63.01.01.2001"]),
    ],
)
def test_ekspor_desa_hanya_wilayah_sendiri(client, persona, fmt, orang, harapan):
    rows = ekspor(masuk(client, persona[orang]), "ekspor_desa", fmt)
    assert list(rows[0]) == ["Kode", "Nama", "Jenis", "Kecamatan", "Kabupaten/Kota", "Provinsi"]
    assert [r[0] for r in rows[1:]] == harapan


def test_ekspor_desa_isi_baris_dan_nama_berkas(client, persona):
    response = masuk(client, persona["sari"]).get(reverse("desa:ekspor_desa", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="daftar-desa-' in response["Content-Disposition"]
    rows = baca_csv(response)
    assert rows[1] == ["33.03.06.2015", "Klapasawit", "Desa", "Kalimanah", "Kabupaten Purbalingga", "Jawa Tengah"]


def test_ekspor_desa_saring_seperti_penjelajah_wilayah(client, persona):
    c = masuk(client, persona["pmd_pbg"])
    assert [r[0] for r in ekspor(c, "ekspor_desa", "csv", kode="33.03.01")[1:]] == ["33.03.01.2001"]
    assert [r[0] for r in ekspor(c, "ekspor_desa", "csv", kecamatan="33.03.01")[1:]] == ["33.03.01.2001"]
    assert [r[0] for r in ekspor(c, "ekspor_desa", "csv", jenis="KELURAHAN")[1:]] == ["33.03.06.1013"]
    assert [r[0] for r in ekspor(c, "ekspor_desa", "csv", q="klapa")[1:]] == ["33.03.06.2015"]
    assert [r[0] for r in ekspor(c, "ekspor_desa", "csv", q="33.03.06.2")[1:]] == ["33.03.06.2006", "33.03.06.2015"]
    # A filter never widens the scope: Banyumas stays out of sight for Purbalingga's PMD.
    assert ekspor(c, "ekspor_desa", "csv", kabupaten="33.02")[1:] == []
    salah = c.get(reverse("desa:ekspor_desa", args=["csv"]), {"kecamatan": "x"})
    assert salah.status_code == 400 and "Kode kecamatan tidak sah" in salah.content.decode()
    assert c.get(reverse("desa:ekspor_profil", args=["csv"]), {"tahun": "dua"}).status_code == 400


def test_ekspor_butuh_login(client, wilayah):
    response = client.get(reverse("desa:ekspor_desa", args=["csv"]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ekspor_profil_hanya_wilayah_sendiri(client, persona, wilayah, fmt):
    profil(wilayah.klapasawit, 2024, luas_ha=Decimal("149.124"), luas_sumber="BPS", klasifikasi="PERDESAAN")
    profil(wilayah.klapasawit, 2025)
    profil(wilayah.tetangga, 2024)
    profil(wilayah.klapasawit_banyumas, 2024)
    kunci = lambda rows: [(r[0], int(r[4])) for r in rows[1:]]  # noqa: E731

    rows = ekspor(masuk(client, persona["sari"]), "ekspor_profil", fmt)
    assert list(rows[0]) == [k.judul for k in berkas.KOLOM_PROFIL_EKSPOR]
    assert kunci(rows) == [("33.03.06.2015", 2025), ("33.03.06.2015", 2024)]
    kolom = {k.nama: i for i, k in enumerate(berkas.KOLOM_PROFIL_EKSPOR)}
    lama = rows[2]
    assert Decimal(str(lama[kolom["luas_ha"]])) == Decimal("149.124")
    assert lama[kolom["klasifikasi"]] == "Perdesaan"
    assert lama[kolom["sumber_data"]] == "BPS 2021"

    assert kunci(ekspor(masuk(client, persona["pmd_pbg"]), "ekspor_profil", fmt)) == [
        ("33.03.06.2006", 2024), ("33.03.06.2015", 2025), ("33.03.06.2015", 2024),
    ]
    assert kunci(ekspor(masuk(client, persona["pmd_bms"]), "ekspor_profil", fmt)) == [("33.02.13.2006", 2024)]
    assert kunci(ekspor(masuk(client, persona["prov_kalsel"]), "ekspor_profil", fmt)) == []
    assert kunci(ekspor(masuk(client, persona["pmd_pbg"]), "ekspor_profil", fmt, tahun=2025)) == [("33.03.06.2015", 2025)]
    assert kunci(ekspor(masuk(client, persona["pmd_pbg"]), "ekspor_profil", fmt, q="Kalimanah Kulon")) == [
        ("33.03.06.2006", 2024)
    ]


# -- Exports: query count does not grow with rows ------------------------------------------------------

def _hitung_kueri(client, nama, fmt) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"desa:{nama}", args=[fmt]), {"kecamatan": "33.03.01"})
        rows = baca_csv(response) if fmt == "csv" else baca_xlsx(response)
    return len(ctx.captured_queries), len(rows) - 1


@pytest.mark.parametrize("nama", ["ekspor_desa", "ekspor_profil"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ekspor_jumlah_kueri_tetap(client, persona, wilayah, nama, fmt):
    c = masuk(client, persona["pmd_pbg"])
    profil(wilayah.kemangkon_desa)
    satu, n1 = _hitung_kueri(c, nama, fmt)
    for i in range(2, 21):
        d = Desa.objects.create(kode=f"33.03.01.{2000 + i}", nama=f"Desa {i}", kecamatan=wilayah.kemangkon, jenis="DESA")
        profil(d)
    dua_puluh, n20 = _hitung_kueri(c, nama, fmt)
    assert (n1, n20) == (1, 20)
    assert satu == dua_puluh


# -- Import: template ---------------------------------------------------------------------------------------

def test_templat_berisi_judul_contoh_dan_petunjuk(client, persona):
    response = masuk(client, persona["sari"]).get(reverse("desa:impor_profil_templat"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(isi(response)))
    assert wb.sheetnames == ["Profil desa", "Petunjuk"]
    rows = list(wb["Profil desa"].iter_rows(values_only=True))
    assert list(rows[0]) == JUDUL and rows[1][0] == "33.03.06.2015" and len(rows) == 2
    petunjuk = [r[0] for r in wb["Petunjuk"].iter_rows(values_only=True)]
    assert all(j in petunjuk for j in JUDUL)

    # The untouched template is refused as empty rather than importing its example row.
    assert unggah(client, isi(client.get(reverse("desa:impor_profil_templat")))).status_code == 302
    response = client.get(URL_IMPOR)
    assert response.status_code == 400
    assert "selain baris contoh" in response.content.decode()
    assert not DesaProfil.objects.exists()


def test_camat_tidak_boleh_impor(client, persona):
    c = masuk(client, persona["camat"])
    assert c.get(URL_IMPOR).status_code == 403
    assert c.get(reverse("desa:impor_profil_templat")).status_code == 403


# -- Import: the good path -----------------------------------------------------------------------------------

def test_impor_membuat_dan_mengubah_profil_dengan_riwayat(client, persona, wilayah, media_sementara):
    lama = profil(wilayah.klapasawit, 2024, jumlah_dusun=2)
    c = masuk(client, persona["sari"])
    response = unggah(c, xlsx([
        baris("33.03.06.2015", 2025, jumlah_penduduk=3424, jumlah_laki=1720, jumlah_perempuan=1704,
              luas_ha=149.124, luas_sumber="Kepmendagri 2025", klasifikasi="perdesaan", kode_pos=53371),
        baris("33.03.06.2015", 2024, jumlah_dusun=3, sumber_data="BPS 2021"),
    ]))
    assert response.status_code == 302
    # The upload is kept server-side: the preview comes back on a plain GET, no second upload.
    assert len(list((media_sementara / "impor").glob("*.xlsx"))) == 1
    pratinjau = c.get(URL_IMPOR)
    teks = pratinjau.content.decode()
    assert pratinjau.status_code == 200
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in teks
    assert "buat" in teks and "Jumlah dusun: 2 → 3" in teks
    assert not DesaProfil.objects.filter(tahun_data=2025).exists()  # preview writes nothing
    assert pratinjau.context["jumlah"] == {"buat": 1, "ubah": 1, "tetap": 0, "galat": 0}

    response = terapkan(c)
    impor = impor_terakhir()
    assert response.status_code == 302
    assert response["Location"] == reverse("desa:impor_profil_status", args=[impor.pk])
    assert (impor.status, impor.dibuat, impor.diubah, impor.tetap, impor.total) == (StatusImpor.SELESAI, 1, 1, 0, 2)
    assert impor.dibuat_oleh == persona["sari"] and impor.berkas.name == ""
    baru = DesaProfil.objects.get(desa=wilayah.klapasawit, tahun_data=2025)
    assert (baru.jumlah_penduduk, baru.luas_ha, baru.klasifikasi, baru.kode_pos) == (3424, Decimal("149.124"), "PERDESAAN", "53371")
    assert baru.created_by == persona["sari"] and baru.updated_by == persona["sari"]
    lama.refresh_from_db()
    assert lama.jumlah_dusun == 3 and lama.jumlah_penduduk == 3000  # empty cells leave values as they were
    # Neither the preview's copy nor the job's copy is kept once the rows are saved.
    assert list((media_sementara / "impor").rglob("*.xlsx")) == []

    selesai = c.get(response["Location"]).content.decode()
    assert "Profil dibuat: <strong>1</strong>" in selesai and "Profil diubah: <strong>1</strong>" in selesai

    # The audit trail records both writes, with the importing user and the file in the context.
    for obj, label in ((baru, "insert"), (lama, "update")):
        ev = Events.objects.tracks(obj).filter(pgh_label=label).get()  # pgh_context is the metadata here
        assert ev.pgh_context["user"] == persona["sari"].pk
        assert ev.pgh_context["impor_profil"] == "profil.xlsx"
        assert ev.pgh_context["impor_id"] == impor.pk


def test_impor_tanda_hubung_mengosongkan_dan_baris_sama_tanpa_perubahan(client, persona, wilayah):
    profil(wilayah.klapasawit, 2024, kode_pos="53371")
    profil(wilayah.klapasawit, 2023)
    c = masuk(client, persona["budi"])
    unggah(c, xlsx([baris("33.03.06.2015", 2024, kode_pos="-", sumber_data="BPS 2021"),
                    baris("33.03.06.2015", 2023, sumber_data="BPS 2021")]))
    assert c.get(URL_IMPOR).context["jumlah"] == {"buat": 0, "ubah": 1, "tetap": 1, "galat": 0}
    assert terapkan(c).status_code == 302
    assert DesaProfil.objects.get(tahun_data=2024).kode_pos == ""


def test_ekspor_profil_dapat_diimpor_kembali_tanpa_perubahan(client, persona, wilayah):
    profil(wilayah.klapasawit, 2024, luas_ha=Decimal("149.1240"), luas_sumber="BPS", lintang=Decimal("-7.401234"),
           bujur=Decimal("109.345678"), klasifikasi="PERKOTAAN", kode_pos="53371")
    profil(wilayah.tetangga, 2024)
    c = masuk(client, persona["pmd_pbg"])
    unduhan = isi(c.get(reverse("desa:ekspor_profil", args=["xlsx"])))
    unggah(c, unduhan, nama="profil-desa.xlsx")
    response = c.get(URL_IMPOR)
    assert response.context["jumlah"] == {"buat": 0, "ubah": 0, "tetap": 2, "galat": 0}, response.context["galat"]


# -- Import: row errors ---------------------------------------------------------------------------------------

def galat_pratinjau(client) -> list[tuple]:
    response = client.get(URL_IMPOR)
    return [(g.baris, g.kolom, g.pesan, g.aturan) for g in response.context["galat"]]


def test_desa_di_luar_wilayah_sama_dengan_yang_tidak_ada(client, persona, wilayah):
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015"), baris("33.03.06.2006"), baris("33.03.06.2099"), baris("63.01.01.2001")]))
    assert galat_pratinjau(c) == [
        (3, "Kode desa", berkas.PESAN_DI_LUAR_WILAYAH, ""),
        (4, "Kode desa", berkas.PESAN_DI_LUAR_WILAYAH, ""),
        (5, "Kode desa", berkas.PESAN_DI_LUAR_WILAYAH, ""),
    ]
    assert "Kalimanah Kulon" not in c.get(URL_IMPOR).content.decode()
    teks = halaman_impor(c, terapkan(c))
    assert impor_terakhir().status == StatusImpor.GAGAL
    assert berkas.PESAN_DI_LUAR_WILAYAH in teks and "Kalimanah Kulon" not in teks
    assert not DesaProfil.objects.exists()


def test_galat_per_baris_dengan_kolom_dan_aturan(client, persona, wilayah):
    c = masuk(client, persona["pmd_pbg"])
    unggah(c, xlsx([
        baris("33.03.06.1013"),  # kelurahan: R32
        baris("33.3.6.2015"),  # malformed code: R28
        baris("33.03.06.2015", 1999),
        baris("33.03.06.2006", jumlah_penduduk="banyak"),
        baris("33.03.06.2006", 2026, jumlah_penduduk=100, jumlah_laki=60, jumlah_perempuan=50),
        baris("33.03.01.2001", klasifikasi="kota"),
        baris("33.03.01.2001", 2026, sumber_data=None),
        baris("33.03.06.2015", TAHUN_DEPAN),
        baris("33.03.06.2015", TAHUN_DEPAN),
    ]))
    galat = galat_pratinjau(c)
    per_baris = {}
    for nomor, kolom, pesan, aturan in galat:
        per_baris.setdefault(nomor, []).append((kolom, pesan, aturan))
    assert per_baris[2][0][0] == "Kode desa" and per_baris[2][0][2] == "R32" and "kelurahan" in per_baris[2][0][1]
    assert per_baris[3][0][0] == "Kode desa" and per_baris[3][0][2] == "R28"
    assert per_baris[4] == [("Tahun data", f"Tahun data profil harus antara 2014 dan {TAHUN_DEPAN} "
                                           "(sejak UU 6/2014 tentang Desa, paling jauh tahun depan).", "")]
    assert per_baris[5][0][0] == "Jumlah penduduk" and "bukan bilangan bulat" in per_baris[5][0][1]
    assert per_baris[6] == [("Jumlah penduduk", "Jumlah penduduk harus sama dengan laki-laki + perempuan.", "")]
    assert per_baris[7][0][0] == "Klasifikasi" and "Perdesaan, Perkotaan" in per_baris[7][0][1]
    assert [k for k, _, _ in per_baris[8]] == ["Sumber data"]
    assert 9 not in per_baris
    assert per_baris[10][0][0] == "Tahun data" and "baris 9" in per_baris[10][0][1]
    teks = c.get(URL_IMPOR).content.decode()
    assert 'value="terapkan"' not in teks and "Daftar galat" in teks


def test_satu_baris_salah_tidak_menulis_apa_pun(client, persona, wilayah):
    lama = profil(wilayah.klapasawit, 2024)
    c = masuk(client, persona["pmd_pbg"])
    unggah(c, xlsx([
        baris("33.03.06.2015", 2024, jumlah_kk=950, sumber_data="BPS 2021"),
        baris("33.03.06.2006", 2025),
        baris("33.03.06.1013", 2025),  # kelurahan
    ]))
    teks = halaman_impor(c, terapkan(c))
    assert "R32" in teks and "Tidak ada data yang diubah" in teks
    assert impor_terakhir().status == StatusImpor.GAGAL
    lama.refresh_from_db()
    assert lama.jumlah_kk == 900
    assert DesaProfil.objects.count() == 1


def test_kegagalan_saat_menulis_membatalkan_semua_baris(client, persona, wilayah, media_sementara):
    """All or nothing even when a row fails only on writing (after the preview and the re-check said it
    was fine): here the database itself refuses one row, through a trigger this test adds. The job names
    that row, nothing is written, and the workbook is kept."""
    with connection.cursor() as cur:
        cur.execute("""
            CREATE FUNCTION uji_tolak_profil() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'ditolak untuk uji'; END $$;
            CREATE TRIGGER uji_tolak BEFORE INSERT ON desa_desaprofil FOR EACH ROW
            WHEN (NEW.desa_id = %s) EXECUTE FUNCTION uji_tolak_profil();
        """ % int(wilayah.tetangga.pk))
    lama = profil(wilayah.klapasawit, 2024)
    c = masuk(client, persona["pmd_pbg"])
    unggah(c, xlsx([baris("33.03.06.2015", 2024, jumlah_kk=950, sumber_data="BPS 2021"),
                    baris("33.03.06.2015"), baris("33.03.06.2006"), baris("33.03.01.2001")]))
    teks = halaman_impor(c, terapkan(c))
    impor = impor_terakhir()
    assert impor.status == StatusImpor.GAGAL
    assert impor.galat == [{"baris": 4, "kolom": "—", "pesan": "Basis data menolak baris ini: ditolak untuk uji",
                            "aturan": ""}]
    assert "ditolak untuk uji" in teks
    assert DesaProfil.objects.count() == 1
    lama.refresh_from_db()
    assert lama.jumlah_kk == 900
    assert impor.berkas.name and (media_sementara / impor.berkas.name).is_file()


def test_konfirmasi_memeriksa_ulang_berkas(client, persona, wilayah):
    """Between preview and confirmation the user moved to another desa: the confirmation re-checks scope."""
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015")]))
    assert c.get(URL_IMPOR).context["jumlah"]["buat"] == 1
    sari = persona["sari"]
    sari.wilayah_kode = "33.03.06.2006"
    sari.save()
    teks = halaman_impor(c, terapkan(c))
    assert berkas.PESAN_DI_LUAR_WILAYAH in teks
    assert impor_terakhir().status == StatusImpor.GAGAL
    assert not DesaProfil.objects.exists()


def test_konfirmasi_dengan_token_lain_ditolak(client, persona, wilayah):
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015")]))
    response = c.post(URL_IMPOR, {"aksi": "terapkan", "token": "0" * 32})
    assert response.status_code == 302
    assert not DesaProfil.objects.exists() and not ImporProfil.objects.exists()


def test_batal_menghapus_berkas_sementara(client, persona, wilayah, media_sementara):
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015")]))
    assert c.post(URL_IMPOR, {"aksi": "batal"}).status_code == 302
    assert list((media_sementara / "impor").glob("*.xlsx")) == []
    assert "Pratinjau" not in c.get(URL_IMPOR).content.decode()


# -- Import: refused files -----------------------------------------------------------------------------------

def pesan_tolak(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.parametrize(
    "nama, isi_berkas, pesan",
    [
        ("profil.csv", b"Kode desa,Tahun data\n33.03.06.2015,2025\n", "harus berformat Excel .xlsx"),
        ("profil.xlsx", b"Kode desa,Tahun data\n33.03.06.2015,2025\n", "harus berformat Excel .xlsx"),
        ("profil.xlsx", b"%PDF-1.7\n" + b"x" * 100, "harus berformat Excel .xlsx"),
        ("profil.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "format Excel lama (.xls)"),
    ],
)
def test_bukan_xlsx_ditolak(client, persona, nama, isi_berkas, pesan):
    teks = pesan_tolak(unggah(masuk(client, persona["sari"]), isi_berkas, nama=nama))
    assert pesan in teks
    assert "Pratinjau" not in teks


def test_xlsx_berekstensi_lain_ditolak(client, persona):
    teks = pesan_tolak(unggah(masuk(client, persona["sari"]), xlsx([baris("33.03.06.2015")]), nama="profil.txt"))
    assert "harus berformat Excel .xlsx" in teks


def test_zip_yang_bukan_xlsx_ditolak(client, persona):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("catatan.txt", "bukan lembar kerja")
    c = masuk(client, persona["sari"])
    assert unggah(c, out.getvalue()).status_code == 302  # the magic bytes are a ZIP's …
    assert "tidak dapat dibaca sebagai Excel" in pesan_tolak(c.get(URL_IMPOR))  # … but it holds no workbook


def test_berkas_terlalu_besar_ditolak(client, persona, media_sementara):
    besar = b"PK\x03\x04" + b"\0" * berkas.MAKS_UKURAN
    teks = pesan_tolak(unggah(masuk(client, persona["sari"]), besar))
    assert "Berkas terlalu besar" in teks and "batasnya 5 MB" in teks
    assert not (media_sementara / "impor").exists()


@pytest.mark.parametrize(
    "isi_berkas, pesan",
    [
        (lambda: xlsx([], judul=[]), "Lembar kosong"),
        (lambda: xlsx([]), "hanya ada baris judul kolom"),
        (lambda: xlsx([["33.03.06.2015", 2025]], judul=["Kode desa", "Tahun data"]), "Kolom wajib tidak ada: Sumber data"),
        (lambda: xlsx([baris("33.03.06.2015", 2000 + i % 100) for i in range(berkas.MAKS_BARIS + 1)]),
         "lebih dari 5.000 baris"),
    ],
    ids=["kosong", "tanpa-data", "kolom-wajib", "terlalu-banyak-baris"],
)
def test_isi_lembar_ditolak(client, persona, isi_berkas, pesan):
    c = masuk(client, persona["sari"])
    assert unggah(c, isi_berkas()).status_code == 302
    assert pesan in pesan_tolak(c.get(URL_IMPOR))
    assert not DesaProfil.objects.exists()


def test_kolom_tak_dikenal_diperingatkan_dan_judul_longgar(client, persona, wilayah):
    judul = ["  kode DESA ", "tahun_data", "Sumber data*", "Catatan pribadi"]
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([["33.03.06.2015", 2025, "Survei", "abaikan"]], judul=judul))
    response = c.get(URL_IMPOR)
    assert response.context["jumlah"]["buat"] == 1
    assert "Kolom “Catatan pribadi” tidak dikenal dan diabaikan." in response.content.decode()


# -- Import: the analysis stays at two queries --------------------------------------------------------------

def test_analisis_jumlah_kueri_tetap(persona, wilayah, tmp_path):
    for i in range(2, 21):
        Desa.objects.create(kode=f"33.03.01.{2000 + i}", nama=f"Desa {i}", kecamatan=wilayah.kemangkon, jenis="DESA")
    user = persona["pmd_pbg"]
    satu = tmp_path / "satu.xlsx"
    satu.write_bytes(xlsx([baris("33.03.01.2001")]))
    banyak = tmp_path / "banyak.xlsx"
    banyak.write_bytes(xlsx([baris(f"33.03.01.{2000 + i}") for i in range(1, 21)]))
    user.has_perm("desa.change_desaprofil")  # warm the rules' per-user caches alike for both runs
    counts = []
    for path in (satu, banyak):
        with CaptureQueriesContext(connection) as ctx:
            hasil = berkas.impor_analisis(user, path)
        assert hasil.sah, hasil.galat
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 3


# -- perbaikan-g: refusals look like every other error, unchanged files offer no save ---------------------

@pytest.mark.parametrize(
    "nama, isi_berkas, pesan",
    [
        ("catatan.xlsx", b"ini teks biasa, bukan lembar kerja\n", "harus berformat Excel .xlsx"),
        ("profil.xlsx", b"", "kosong"),
        ("profil.csv", b"Kode desa,Tahun data\n33.03.06.2015,2025\n", "harus berformat Excel .xlsx"),
    ],
    ids=["txt-berganti-nama", "kosong", "csv"],
)
def test_berkas_ditolak_tampil_sebagai_kotak_galat(client, persona, nama, isi_berkas, pesan):
    teks = pesan_tolak(unggah(masuk(client, persona["sari"]), isi_berkas, nama=nama))
    assert 'class="galat"' not in teks  # the old class had no style: plain black text
    assert '<div class="pesan-error kotak-galat" role="alert">' in teks
    assert '<div class="galat-isian" id="id_berkas_error">' in teks and pesan in teks.split("galat-isian", 1)[1]
    assert 'aria-invalid="true"' in teks


def test_berkas_tak_terbaca_tampil_sebagai_kotak_galat(client, persona):
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([]))
    teks = pesan_tolak(c.get(URL_IMPOR))
    assert '<div class="pesan-error kotak-galat" role="alert"><p>Berkas “profil.xlsx” ditolak: Lembar tidak berisi data' in teks


def test_berkas_tanpa_perubahan_tidak_menawarkan_simpan(client, persona, wilayah):
    profil(wilayah.klapasawit, 2024)
    profil(wilayah.klapasawit, 2023)
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015", 2024, sumber_data="BPS 2021"),
                    baris("33.03.06.2015", 2023, sumber_data="BPS 2021", jumlah_penduduk=3000)]))
    teks = c.get(URL_IMPOR).content.decode()
    assert "Tidak ada perubahan untuk disimpan: semua 2 baris sama dengan data yang ada." in teks
    assert 'value="terapkan"' not in teks and "Simpan semua" not in teks
    assert 'value="batal"' in teks

    # The confirmation endpoint refuses it too: no job, the upload kept for the preview.
    response = c.post(URL_IMPOR, {"aksi": "terapkan", "token": token(c)})
    assert response.status_code == 302 and response["Location"] == URL_IMPOR
    assert not ImporProfil.objects.exists()
    assert "Tidak ada perubahan untuk disimpan" in c.get(URL_IMPOR).content.decode()



def test_kode_desa_tanpa_titik_diterima_yang_cacat_tetap_r28(client, persona, wilayah):
    c = masuk(client, persona["pmd_pbg"])
    unggah(c, xlsx([
        baris("3303062015", 2025),  # text, as the region search accepts it
        baris(3303062006, 2025),  # a number cell, as a spreadsheet stores a code typed without dots
        baris("330306201", 2025),  # one digit short
        baris("33030620150", 2025),  # one digit too many (never cut to a valid code)
        baris("3303061013", 2025),  # a kelurahan still is one (R32 after normalising)
    ]))
    galat = galat_pratinjau(c)
    assert [(n, a) for n, _, _, a in galat] == [(4, "R28"), (5, "R28"), (6, "R32")]
    assert "'330306201'" in galat[0][2] and "'33030620150'" in galat[1][2]
    hasil = c.get(URL_IMPOR).context["hasil"]
    assert [(b.kode, b.aksi) for b in hasil.baris[:2]] == [("33.03.06.2015", "buat"), ("33.03.06.2006", "buat")]
    assert "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)" in c.get(URL_IMPOR).content.decode()


# -- perbaikan-k: a text cell longer than its column -----------------------------------------------------------

def test_teks_terlalu_panjang_menjadi_galat_baris_dan_tidak_menulis(client, persona, wilayah):
    c = masuk(client, persona["sari"])
    unggah(c, xlsx([baris("33.03.06.2015", 2025, jumlah_kk=950), baris("33.03.06.2015", 2024, batas_utara="u" * 121)]))
    assert galat_pratinjau(c) == [(3, "Batas utara", "Teks terlalu panjang: paling banyak 120 karakter.", "")]
    teks = halaman_impor(c, terapkan(c))
    assert "Teks terlalu panjang: paling banyak 120 karakter." in teks
    assert impor_terakhir().status == StatusImpor.GAGAL
    assert not DesaProfil.objects.exists()
