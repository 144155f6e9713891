"""The confirmed profile import as a Celery job (desa.berkas impor_mulai / impor_jalankan, ImporProfil):
the pages from upload to result, the progress fragment, the job's scope, failures, and the bulk write
service underneath (services.profil_simpan_banyak)."""

from __future__ import annotations

import pytest
from django.db import connection, connections
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pghistory.models import Events

from desa import berkas, services
from desa.choices import StatusImpor
from desa.models import Desa, DesaProfil, ImporProfil
from desa.tasks import impor_profil_proses
from desa.tests.test_berkas import URL_IMPOR, baris, masuk, profil, token, unggah, xlsx

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url_status(impor) -> str:
    return reverse("desa:impor_profil_status", args=[impor.pk])


def url_progres(impor) -> str:
    return reverse("desa:impor_profil_progres", args=[impor.pk])


def buat_impor(user, tmp_path, baris_baris, nama="profil.xlsx") -> ImporProfil:
    """A queued job for ``user`` (its task captured, not run)."""
    sumber = tmp_path / "sumber.xlsx"
    sumber.write_bytes(xlsx(baris_baris))
    with TestCase.captureOnCommitCallbacks(execute=False):
        return berkas.impor_mulai(oleh=user, sumber=sumber, nama=nama)


# -- The flow through the pages ----------------------------------------------------------------------

def test_unggah_pratinjau_konfirmasi_progres_hasil(client, persona, wilayah):
    c = masuk(client, persona["pmd_pbg"])
    profil(wilayah.tetangga, 2024)
    assert unggah(c, xlsx([baris("33.03.06.2015"), baris("33.03.06.2006", 2024, jumlah_kk=950, sumber_data="BPS 2021"),
                           baris("33.03.06.2006", 2024 - 1)])).status_code == 302
    assert c.get(URL_IMPOR).context["jumlah"] == {"buat": 2, "ubah": 1, "tetap": 0, "galat": 0}

    # Confirming creates the job and queues its task after the commit; the page answers at once.
    with TestCase.captureOnCommitCallbacks(execute=False) as antrian:
        response = c.post(URL_IMPOR, {"aksi": "terapkan", "token": token(c)})
    impor = ImporProfil.objects.get()
    assert response.status_code == 302 and response["Location"] == url_status(impor)
    assert (impor.status, impor.dibuat_oleh, impor.nama_berkas) == (StatusImpor.MENUNGGU, persona["pmd_pbg"], "profil.xlsx")
    assert len(antrian) == 1 and not DesaProfil.objects.filter(tahun_data=2025).exists()

    halaman = c.get(url_status(impor)).content.decode()
    assert 'hx-trigger="every 1500ms"' in halaman and url_progres(impor) in halaman
    assert '<meta http-equiv="refresh"' in halaman  # without JavaScript the page reloads itself
    fragmen = c.get(url_progres(impor), **HTMX)
    assert fragmen.status_code == 200 and "Menunggu giliran" in fragmen.content.decode()
    assert "<html" not in fragmen.content.decode() and "hx-trigger" in fragmen.content.decode()
    # Coming back later: the import page lists the job.
    assert url_status(impor) in c.get(URL_IMPOR).content.decode()

    antrian[0]()  # the worker picks the task up
    impor.refresh_from_db()
    assert (impor.status, impor.total, impor.selesai, impor.dibuat, impor.diubah, impor.tetap) == (
        StatusImpor.SELESAI, 3, 3, 2, 1, 0)
    assert impor.mulai_at and impor.selesai_at and not impor.berkas
    fragmen = c.get(url_progres(impor), **HTMX).content.decode()
    assert "hx-trigger" not in fragmen  # finished: the polling stops
    assert "Profil dibuat: <strong>2</strong>" in fragmen and "Profil diubah: <strong>1</strong>" in fragmen
    assert DesaProfil.objects.get(desa=wilayah.tetangga, tahun_data=2024).jumlah_kk == 950
    assert DesaProfil.objects.count() == 3
    # The job's own audit trail: created, then each status change (not each progress step).
    assert list(Events.objects.tracks(impor).order_by("pgh_id").values_list("pgh_label", flat=True)) == [
        "insert", "update", "update"]


def test_progres_berjalan_menunjukkan_baris_dari_total(client, persona, wilayah, tmp_path):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    ImporProfil.objects.filter(pk=impor.pk).update(status=StatusImpor.BERJALAN, total=5000, selesai=1200)
    teks = masuk(client, persona["sari"]).get(url_progres(impor), **HTMX).content.decode()
    assert "1.200 dari 5.000 baris diproses (24%)" in teks
    assert '<progress class="progres" max="5000" value="1200">' in teks and "hx-trigger" in teks
    # Still checking the file (total not known yet): an indeterminate bar.
    ImporProfil.objects.filter(pk=impor.pk).update(total=0, selesai=0)
    teks = client.get(url_progres(impor), **HTMX).content.decode()
    assert "Memeriksa berkas" in teks and '<progress class="progres" aria-label' in teks


def test_progres_tanpa_htmx_diarahkan_ke_halaman(client, persona, wilayah, tmp_path):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    response = masuk(client, persona["sari"]).get(url_progres(impor))
    assert response.status_code == 302 and response["Location"] == url_status(impor)


# -- Scope: the owner and administrators -------------------------------------------------------------

@pytest.mark.parametrize(
    "orang, harapan",
    [("sari", 200), ("admin", 200), ("budi", 404), ("tono", 404), ("pmd_pbg", 404), ("camat", 404),
     ("prov_jateng", 404)],
)
def test_tugas_hanya_untuk_pemilik_dan_admin(client, persona, wilayah, tmp_path, orang, harapan):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    c = masuk(client, persona[orang])
    assert c.get(url_status(impor)).status_code == harapan
    assert c.get(url_progres(impor), **HTMX).status_code == harapan
    if orang in ("budi", "pmd_pbg"):  # may import, but sees only their own jobs in the list
        assert url_status(impor) not in c.get(URL_IMPOR).content.decode()


def test_tugas_butuh_login(client, persona, wilayah, tmp_path):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    response = client.get(url_progres(impor), **HTMX)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.get(reverse("desa:impor_profil_status", args=[impor.pk + 1000])).status_code == 302


def test_camat_tidak_dapat_memulai_impor(persona, wilayah, tmp_path):
    from django.core.exceptions import PermissionDenied

    sumber = tmp_path / "x.xlsx"
    sumber.write_bytes(xlsx([baris("33.03.06.2015")]))
    with pytest.raises(PermissionDenied):
        berkas.impor_mulai(oleh=persona["camat"], sumber=sumber, nama="x.xlsx")
    assert not ImporProfil.objects.exists()


# -- Failures ----------------------------------------------------------------------------------------------

def test_tugas_gagal_menunjukkan_galat_per_baris(client, persona, wilayah, tmp_path):
    impor = buat_impor(persona["pmd_pbg"], tmp_path, [
        baris("33.03.06.2015"), baris("33.03.06.1013"), baris("33.03.06.2006", jumlah_penduduk="banyak"),
    ])
    hasil = impor_profil_proses.delay(impor.pk)
    assert hasil.get() == StatusImpor.GAGAL
    impor.refresh_from_db()
    assert impor.pesan_galat == "Tidak ada data yang diubah: 2 galat pada berkas."
    assert [(g["baris"], g["kolom"], g["aturan"]) for g in impor.galat] == [
        (3, "Kode desa", "R32"), (4, "Jumlah penduduk", "")]
    assert impor.total == 3 and impor.selesai == 0 and impor.berkas  # the workbook is kept
    teks = masuk(client, persona["pmd_pbg"]).get(url_progres(impor), **HTMX).content.decode()
    assert "Gagal" in teks and "2 galat pada berkas" in teks and "R32" in teks and "hx-trigger" not in teks
    assert not DesaProfil.objects.exists()


def test_tugas_gagal_tak_terduga_dicatat_dan_berkas_disimpan(client, persona, wilayah, tmp_path, monkeypatch):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])

    def rusak(**kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(berkas, "impor_terapkan", rusak)
    with pytest.raises(RuntimeError):  # Celery records the failure too (eager: it propagates)
        impor_profil_proses.delay(impor.pk)
    impor.refresh_from_db()
    assert (impor.status, impor.pesan_galat) == (StatusImpor.GAGAL, berkas.PESAN_TAK_TERDUGA)
    assert impor.berkas and impor.selesai_at
    teks = masuk(client, persona["sari"]).get(url_status(impor)).content.decode()
    assert berkas.PESAN_TAK_TERDUGA in teks and "disk penuh" not in teks


def test_berkas_yang_ditolak_saat_dijalankan(persona, wilayah, tmp_path):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    with impor.berkas.open("wb") as f:  # the stored file got damaged before the worker ran
        f.write(b"PK\x03\x04 bukan xlsx")
    impor_profil_proses.delay(impor.pk)
    impor.refresh_from_db()
    assert impor.status == StatusImpor.GAGAL and impor.pesan_galat.startswith("Berkas ditolak: ")


def test_tugas_yang_sama_hanya_dijalankan_sekali(persona, wilayah, tmp_path):
    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    assert impor_profil_proses.delay(impor.pk).get() == StatusImpor.SELESAI
    assert impor_profil_proses.delay(impor.pk).get() == ""  # delivered twice: taken already
    assert impor_profil_proses.delay(impor.pk + 1000).get() == ""
    assert DesaProfil.objects.count() == 1
    assert Events.objects.filter(pgh_model="desa.DesaProfilEvent").count() == 1


# -- The progress endpoint's queries do not grow with the job ---------------------------------------

def test_progres_jumlah_kueri_tetap(client, persona, wilayah, tmp_path):
    kecil = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    ImporProfil.objects.filter(pk=kecil.pk).update(status=StatusImpor.BERJALAN, total=1, selesai=0)
    besar = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    ImporProfil.objects.filter(pk=besar.pk).update(
        status=StatusImpor.GAGAL, total=5000, pesan_galat="Tidak ada data yang diubah: 500 galat pada berkas.",
        galat=[{"baris": i, "kolom": "Kode desa", "pesan": "Kode desa wajib diisi.", "aturan": ""} for i in range(2, 502)],
        peringatan=["Kolom “Catatan” tidak dikenal dan diabaikan."] * 20,
    )
    c = masuk(client, persona["sari"])
    c.get(url_progres(kecil), **HTMX)  # warm the session
    counts = []
    for impor in (kecil, besar):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url_progres(impor), **HTMX).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 3, counts


# -- The bulk write service ----------------------------------------------------------------------------------

def test_simpan_banyak_kueri_tidak_tumbuh_dengan_baris(persona, wilayah, monkeypatch):
    monkeypatch.setattr(services, "UKURAN_KELOMPOK", 1000)
    desa = [wilayah.kemangkon_desa]
    for i in range(2, 21):
        desa.append(Desa.objects.create(kode=f"33.03.01.{2000 + i}", nama=f"Desa {i}", kecamatan=wilayah.kemangkon))
    user = persona["pmd_pbg"]
    user.has_perm("desa.change_desaprofil")  # warm the per-user caches alike for both runs
    counts = []
    for tahun, n in ((2024, 1), (2025, 20)):
        for d in desa[:n]:
            profil(d, tahun)
        masuk_ = [services.ProfilMasuk(desa=d, tahun_data=tahun, data={"jumlah_kk": 950}) for d in desa[:n]]
        masuk_ += [services.ProfilMasuk(desa=d, tahun_data=tahun - 8, data={"sumber_data": "SID"}) for d in desa[:n]]
        with CaptureQueriesContext(connection) as ctx:
            hasil = services.profil_simpan_banyak(profil=masuk_, oleh=user)
        assert (hasil.dibuat, hasil.diubah, hasil.tetap) == (n, n, 0)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_simpan_banyak_mencatat_setiap_perubahan_dan_melewati_yang_sama(persona, wilayah):
    lama = profil(wilayah.klapasawit, 2024)
    sama = profil(wilayah.klapasawit, 2023)
    langkah = []
    hasil = services.profil_simpan_banyak(
        profil=[
            services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2024, data={"jumlah_kk": 950}),
            services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2023, data={"jumlah_kk": 900}),
            services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2025, data={"sumber_data": "SID"}),
        ],
        oleh=persona["budi"], progres=lambda selesai, total: langkah.append((selesai, total)),
    )
    assert (hasil.dibuat, hasil.diubah, hasil.tetap) == (1, 1, 1)
    assert langkah[0] == (1, 3) and langkah[-1] == (3, 3)
    lama.refresh_from_db()
    assert lama.jumlah_kk == 950 and lama.updated_by == persona["budi"]
    assert Events.objects.tracks(lama).filter(pgh_label="update").count() == 1
    assert not Events.objects.tracks(sama).filter(pgh_label="update").exists()
    baru = DesaProfil.objects.get(tahun_data=2025)
    assert baru.created_by == persona["budi"] and Events.objects.tracks(baru).filter(pgh_label="insert").count() == 1


def test_simpan_banyak_menolak_desa_di_luar_wilayah_tanpa_menulis(persona, wilayah):
    with pytest.raises(services.ProfilGagal) as e:
        services.profil_simpan_banyak(
            profil=[services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2025, data={"sumber_data": "SID"}),
                    services.ProfilMasuk(desa=wilayah.tetangga, tahun_data=2025, data={"sumber_data": "SID"})],
            oleh=persona["sari"],
        )
    assert e.value.indeks == 1 and "tidak berwenang" in str(e.value.sebab)
    with pytest.raises(services.ProfilGagal) as e:
        services.profil_simpan_banyak(
            profil=[services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2025, data={"sumber_data": "SID"}),
                    services.ProfilMasuk(desa=wilayah.klapasawit, tahun_data=2026,
                                         data={"sumber_data": "SID", "jumlah_penduduk": 10, "jumlah_kk": 11})],
            oleh=persona["sari"],
        )
    assert e.value.indeks == 1 and "jumlah_kk" in e.value.sebab.message_dict
    assert not DesaProfil.objects.exists()


# -- Progress is visible to other requests while the import's transaction is open ------------------

@pytest.mark.django_db(transaction=True)
def test_progres_terlihat_dari_koneksi_lain_selama_impor(persona, wilayah, tmp_path, monkeypatch):
    """What the progress page sees during a real (non-test-wrapped) run: the rows done grow, committed on
    the job's side connection, while none of the profiles is visible yet (all or nothing)."""
    for i in range(2, 9):
        Desa.objects.create(kode=f"33.03.01.{2000 + i}", nama=f"Desa {i}", kecamatan=wilayah.kemangkon)
    monkeypatch.setattr(services, "UKURAN_KELOMPOK", 2)
    monkeypatch.setattr(berkas, "JEDA_PROGRES", 0)
    sumber = tmp_path / "s.xlsx"
    sumber.write_bytes(xlsx([baris(f"33.03.01.{2000 + i}") for i in range(1, 9)]))
    impor = berkas.impor_mulai(oleh=persona["pmd_pbg"], sumber=sumber, nama="s.xlsx")  # autocommit: the task ran
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and impor.dibuat == 8  # (eager run on commit)

    # Run a second job by hand and look at it from a third connection at every progress step
    # (the first 0 is the unchanged rows: none here).
    sumber.write_bytes(xlsx([baris(f"33.03.01.{2000 + i}", 2026) for i in range(1, 9)]))
    with monkeypatch.context() as m:
        m.setattr(impor_profil_proses, "delay", lambda impor_id: None)  # no worker picks it up
        kedua = berkas.impor_mulai(oleh=persona["pmd_pbg"], sumber=sumber, nama="s2.xlsx")
    pengamat = connections.create_connection("default")
    terlihat = []
    asli = berkas._ProgresTerpisah.catat

    def catat_dan_amati(self, selesai, total):
        asli(self, selesai, total)
        with pengamat.cursor() as cur:
            cur.execute("SELECT status, selesai, total FROM desa_imporprofil WHERE id = %s", [kedua.pk])
            status, sudah, jumlah = cur.fetchone()
            cur.execute("SELECT count(*) FROM desa_desaprofil WHERE tahun_data = 2026")
            terlihat.append((status, sudah, jumlah, cur.fetchone()[0]))

    monkeypatch.setattr(berkas._ProgresTerpisah, "catat", catat_dan_amati)
    try:
        berkas.impor_jalankan(impor_id=kedua.pk)
    finally:
        pengamat.close()
    assert terlihat == [("BERJALAN", n, 8, 0) for n in (0, 2, 4, 6, 8)]
    kedua.refresh_from_db()
    assert (kedua.status, kedua.selesai, kedua.dibuat) == (StatusImpor.SELESAI, 8, 8)
    assert DesaProfil.objects.filter(tahun_data=2026).count() == 8


def test_tugas_yang_kehilangan_pekerjanya_ditandai_gagal(client, persona, wilayah, tmp_path):
    """A job still BERJALAN after the task time limit lost its worker: its page says so instead of waiting forever."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    impor = buat_impor(persona["sari"], tmp_path, [baris("33.03.06.2015")])
    baru = timezone.now() - timedelta(seconds=30)
    ImporProfil.objects.filter(pk=impor.pk).update(status=StatusImpor.BERJALAN, total=1, mulai_at=baru)
    c = masuk(client, persona["sari"])
    assert c.get(url_progres(impor), **HTMX).status_code == 200
    assert ImporProfil.objects.get(pk=impor.pk).status == StatusImpor.BERJALAN  # still within the limit
    lama = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    ImporProfil.objects.filter(pk=impor.pk).update(mulai_at=lama)
    r = c.get(url_status(impor))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.GAGAL and impor.pesan_galat == berkas.PESAN_TERHENTI
    assert "terhenti sebelum selesai" in r.content.decode()
    assert not DesaProfil.objects.exists()
