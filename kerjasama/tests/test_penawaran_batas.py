"""The answer deadline of an offer (DOMAIN.md §C1 "PENAWARAN --(all targets DITOLAK / timeout)--> BATAL").

``penawaran_kirim`` gives every letter its ``batas_jawab`` (the letter's date + settings.PENAWARAN_BATAS_HARI, or
the date the kepala desa chose, never before the letter's date); the letter (§D4), the partner's inbox and the
agreement page show it; ``penawaran_kedaluwarsakan`` (Celery beat daily, and ``manage.py penawaran_kedaluwarsa``)
refuses by timeout every offer still unanswered after it, then takes the same system move as the answer service
(PENYUSUNAN_RANCANGAN if a partner accepted, else BATAL) and tells the initiating desa. An answer before the
deadline wins, even against a job running at the same moment (row lock); one after it is refused (BATAS_JAWAB).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from inti.format import tanggal as tgl_id
from kerjasama import services
from kerjasama.models import LangkahKerjaSama, Notifikasi, SuratPenawaran
from kerjasama.tests.conftest import TANGGAL_JAWABAN, berkas_pdf, musdes_data, penolakan, segera

pytestmark = pytest.mark.django_db

TANGGAL = dt.date(2025, 6, 10)  # the date buat_ks sends its letters
BATAS = dt.date(2025, 7, 10)  # + 30 days


def teks_pdf(field_file) -> str:
    with field_file.open("rb") as f:
        data = f.read()
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def terima(k, i: int, tanggal=TANGGAL_JAWABAN):
    """Partner ``i`` holds its Musdes and accepts (R6, R8), its answer dated ``tanggal``."""
    d = k.desa[i]
    with segera():
        services.musdes_catat(kerja_sama=k.ks, desa=d, oleh=k.operator[i], data=musdes_data(), berita_acara=berkas_pdf())
    with segera():
        services.penawaran_jawab(kerja_sama=k.ks, desa=d, oleh=k.kades[i], jawaban="DITERIMA",
                                 rpjmdes_rujukan=f"RKP Desa {d.nama} 2025", tanggal=tanggal)


# -- the deadline on the letter ---------------------------------------------------------------------

def test_each_letter_gets_the_default_deadline_from_the_settings(buat_ks, render_palsu, settings):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    assert [s.batas_jawab for s in k.ks.surat_penawaran.order_by("id")] == [BATAS, BATAS]

    settings.PENAWARAN_BATAS_HARI = 14
    k2 = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    with segera():
        (s,) = services.penawaran_kirim(kerja_sama=k2.ks, oleh=k2.kades[0], tanggal=TANGGAL)
    assert s.batas_jawab == dt.date(2025, 6, 24)


def test_the_kepala_desa_may_choose_another_deadline_but_not_before_the_letter(buat_ks, render_palsu):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=3)
    with pytest.raises(ValidationError) as e:
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=TANGGAL, batas_jawab=dt.date(2025, 6, 9))
    assert "batas_jawab" in e.value.message_dict
    assert k.refresh().status == "SIAP_DITAWARKAN" and not SuratPenawaran.objects.exists()
    with segera():
        surat = services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=TANGGAL, batas_jawab=TANGGAL)
    assert {s.batas_jawab for s in surat} == {TANGGAL}  # the same day is allowed


def test_the_send_form_and_the_api_take_the_deadline(buat_ks, render_palsu, client):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    url = reverse("kerjasama:aksi", args=[k.ks.kode, "kirim_penawaran"])
    client.force_login(k.kades[0])
    html = client.get(url).content.decode()
    assert 'name="batas_jawab"' in html and "30 hari sesudah tanggal surat" in html
    r = client.post(url, {"tanggal": "2025-06-10", "batas_jawab": "2025-06-01"})
    assert r.status_code == 400 and "tidak boleh sebelum tanggal surat" in r.content.decode()
    assert k.refresh().status == "SIAP_DITAWARKAN"
    with segera():
        r = client.post(url, {"tanggal": "2025-06-10", "batas_jawab": "2025-06-30"}, follow=True)
    assert "Batas waktu jawaban: 30 Juni 2025" in r.content.decode()
    assert SuratPenawaran.objects.get().batas_jawab == dt.date(2025, 6, 30)

    k2 = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    u = f"/api/v1/kerjasama/{k2.ks.kode}/"
    r = api(k2.kades[0]).post(u + "kirim-penawaran/", {"tanggal": "2025-06-10", "batas_jawab": "2025-05-01"}, format="json")
    assert r.status_code == 400 and "batas_jawab" in r.json()
    with segera():
        r = api(k2.kades[0]).post(u + "kirim-penawaran/", {"tanggal": "2025-06-10", "batas_jawab": "2025-07-01"}, format="json")
    assert r.status_code == 200, r.content
    assert [s["batas_jawab"] for s in r.json()["surat_penawaran"]] == ["2025-07-01"]


def test_the_letter_the_inbox_and_the_page_show_the_deadline(buat_ks, client):
    batas = timezone.localdate() + dt.timedelta(days=20)  # an offer still open
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2, batas_jawab=batas)  # the real renderer
    (surat,) = k.surat
    surat.refresh_from_db()
    assert f"Mohon jawaban paling lambat {tgl_id(batas)}" in teks_pdf(surat.dokumen.file_pdf)

    client.force_login(k.kades[1])  # the partner
    html = client.get(reverse("kerjasama:kotak_masuk")).content.decode()
    assert re.search(rf"Mohon jawaban paling lambat <strong>{tgl_id(batas)}</strong>", html)
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert re.search(rf"Mohon jawaban paling lambat <strong>{tgl_id(batas)}</strong>", html)
    assert f"mohon jawaban paling lambat {tgl_id(batas)}" in html  # on the letter's line
    client.force_login(k.kades[0])  # the initiator sees the deadline it set
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert re.search(rf"Batas waktu jawaban penawaran: <strong>{tgl_id(batas)}</strong>", html)


def test_the_inbox_query_count_does_not_grow_with_offers(buat_ks, render_palsu, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    batas = timezone.localdate() + dt.timedelta(days=20)
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2, batas_jawab=batas)
    client.force_login(k.kades[1])
    with CaptureQueriesContext(connection) as satu:
        client.get(reverse("kerjasama:kotak_masuk"))
    for _ in range(3):
        buat_ks(sampai="PENAWARAN", jumlah_desa=2, batas_jawab=batas)
    buat_ks(sampai="PENAWARAN", jumlah_desa=2)  # lapsed: no longer waiting for an answer
    with CaptureQueriesContext(connection) as empat:
        html = client.get(reverse("kerjasama:kotak_masuk")).content.decode()
    assert html.count("Mohon jawaban paling lambat") == 4
    assert len(empat) == len(satu)


# -- expiry ------------------------------------------------------------------------------------------

def test_nobody_answered_the_offer_lapses_and_the_plan_is_batal(buat_ks, render_palsu, mailoutbox):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    Notifikasi.objects.all().delete()
    mailoutbox.clear()
    assert services.penawaran_kedaluwarsakan(hari_ini=BATAS) == []  # the last day to answer: still open
    assert k.refresh().status == "PENAWARAN"

    with segera():
        hasil = services.penawaran_kedaluwarsakan(hari_ini=BATAS + dt.timedelta(days=1))
    assert [ks.pk for ks in hasil] == [k.ks.pk]
    assert k.refresh().status == "BATAL"
    for s in k.ks.surat_penawaran.select_related("kepada"):
        assert (s.jawaban, s.tanggal_jawaban, s.dijawab_oleh) == ("DITOLAK", dt.date(2025, 7, 11), None)
        assert s.catatan_jawaban == "Tidak dijawab sampai batas waktu 10 Juli 2025; penawaran dianggap ditolak."
        assert s.kepada.penawaran_status == "DITOLAK"
    # Timeline: one system step per partner (who: nobody), then the system move to BATAL.
    langkah = list(k.ks.langkah.filter(aksi__in=("penawaran_kedaluwarsa", "penawaran_ditolak")).order_by("id"))
    assert [(x.aksi, x.oleh_id, x.desa_id) for x in langkah] == [
        ("penawaran_kedaluwarsa", None, k.desa[1].pk), ("penawaran_kedaluwarsa", None, k.desa[2].pk),
        ("penawaran_ditolak", None, None),
    ]
    assert langkah[-1].ke_status == "BATAL" and "Kalimanah Kulon, Kalimanah Wetan" in langkah[-1].catatan
    assert {b["model"] for b in langkah[0].bukti} == {"SuratPenawaran"}
    # The initiating desa is told (inbox and e-mail); the partners that lapsed are not asked anything.
    n = Notifikasi.objects.filter(kerja_sama=k.ks)
    assert {x.penerima for x in n} == {k.kades[0], k.operator[0]}
    assert all("tidak menjawab sampai batas waktu" in x.pesan.lower() for x in n)
    assert {m.to[0] for m in mailoutbox} == {k.kades[0].email, k.operator[0].email}

    # Idempotent: a second run finds nothing.
    jumlah = LangkahKerjaSama.objects.count()
    assert services.penawaran_kedaluwarsakan(hari_ini=BATAS + dt.timedelta(days=2)) == []
    assert LangkahKerjaSama.objects.count() == jumlah


def test_one_partner_accepted_in_time_the_plan_goes_on_without_the_silent_one(buat_ks, render_palsu):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3)
    terima(k, 1)
    assert k.refresh().status == "PENAWARAN"
    with segera():
        services.penawaran_kedaluwarsakan(hari_ini=BATAS + dt.timedelta(days=1))
    assert k.refresh().status == "PENYUSUNAN_RANCANGAN"
    status = dict(k.ks.peserta.values_list("desa__kode", "penawaran_status"))
    assert status == {k.desa[0].kode: "DITERIMA", k.desa[1].kode: "DITERIMA", k.desa[2].kode: "DITOLAK"}
    assert [p.desa for p in services.peserta_aktif(k.ks.peserta.select_related("desa"))] == k.desa[:2]
    # the answer that came in time stays as given
    s1 = SuratPenawaran.objects.get(kepada__desa=k.desa[1])
    assert (s1.jawaban, s1.dijawab_oleh) == ("DITERIMA", k.kades[1])
    akhir = k.ks.langkah.order_by("-id").first()
    assert (akhir.aksi, akhir.ke_status) == ("penawaran_diterima", "PENYUSUNAN_RANCANGAN")
    assert "Kalimanah Wetan" in akhir.catatan


def test_an_answer_after_the_deadline_is_refused_before_and_after_the_job(buat_ks, render_palsu):
    hari_ini = timezone.localdate()
    batas = hari_ini - dt.timedelta(days=10)
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=4)
    with segera():
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=hari_ini - dt.timedelta(days=40))
    for i in (1, 2, 3):
        with segera():
            services.musdes_catat(kerja_sama=k.ks, desa=k.desa[i], oleh=k.operator[i], data=musdes_data(),
                                  berita_acara=berkas_pdf())
    # The job has not run yet: an answer given today is refused by the deadline of its letter …
    (galat,) = penolakan(services.penawaran_jawab, kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1],
                         jawaban="DITERIMA", rpjmdes_rujukan="RKP Desa 2025")
    assert galat.kode == "BATAS_JAWAB" and "Permendagri 96/2017 Pasal 13 ayat (3)" in galat.pesan
    assert galat.field == "tanggal" and "tanggal jawaban" in galat.pesan
    assert k.refresh().status == "PENAWARAN"
    assert set(k.ks.peserta.exclude(peran="PEMRAKARSA").values_list("penawaran_status", flat=True)) == {"DIKIRIM"}
    # … while an answer letter dated on the last day, recorded a little later, still counts (acts are recorded
    # with their own date, as every other step of the app).
    with segera():
        services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[2], oleh=k.kades[2], jawaban="DITERIMA",
                                 rpjmdes_rujukan="RKP Desa 2025", tanggal=batas)
    # After the job: the silent partners lapsed; any answer now gets the deadline's refusal (not "wrong state").
    with segera():
        services.penawaran_kedaluwarsakan()
    assert k.refresh().status == "PENYUSUNAN_RANCANGAN"
    status = dict(k.ks.peserta.values_list("desa__kode", "penawaran_status"))
    assert [status[d.kode] for d in k.desa[1:]] == ["DITOLAK", "DITERIMA", "DITOLAK"]
    (galat,) = penolakan(services.penawaran_jawab, kerja_sama=k.ks, desa=k.desa[3], oleh=k.kades[3], jawaban="DITERIMA",
                         rpjmdes_rujukan="RKP Desa 2025", tanggal=batas)
    assert galat.kode == "BATAS_JAWAB" and "sudah dinyatakan ditolak" in galat.pesan


def test_an_answer_on_the_last_day_counts(buat_ks, render_palsu):
    hari_ini = timezone.localdate()
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    with segera():
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=hari_ini - dt.timedelta(days=5),
                                 batas_jawab=hari_ini)
    terima(k, 1, tanggal=None)  # answered today, the last day
    assert k.refresh().status == "PENYUSUNAN_RANCANGAN"
    assert services.penawaran_kedaluwarsakan(hari_ini=hari_ini + dt.timedelta(days=1)) == []


# -- §C2: the letter to a third party ------------------------------------------------------------------

def test_a_third_party_that_does_not_answer_in_time_ends_the_plan(buat_ks, render_palsu, client):
    k = buat_ks(sampai="PENAWARAN", jenis="PIHAK_KETIGA")
    (s,) = k.surat
    assert s.batas_jawab == BATAS and s.kepada_pihak_ketiga_id == k.ks.pihak_ketiga_id
    Notifikasi.objects.all().delete()
    with segera():
        services.penawaran_kedaluwarsakan(hari_ini=BATAS + dt.timedelta(days=1))
    assert k.refresh().status == "BATAL"
    s.refresh_from_db()
    assert (s.jawaban, s.dijawab_oleh) == ("DITOLAK", None) and "10 Juli 2025" in s.catatan_jawaban
    langkah = k.ks.langkah.order_by("-id").first()
    assert (langkah.aksi, langkah.dari_status, langkah.ke_status, langkah.oleh) == (
        "penawaran_kedaluwarsa", "PENAWARAN", "BATAL", None)
    assert {n.penerima for n in Notifikasi.objects.filter(kerja_sama=k.ks)} == {k.kades[0], k.operator[0]}
    assert Notifikasi.objects.filter(judul__startswith="Penawaran tidak dijawab sampai batas waktu").exists()
    client.force_login(k.kades[0])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert "Tidak dijawab sampai batas waktu" in html


def test_a_third_party_answer_recorded_after_the_deadline_is_refused(buat_ks, render_palsu):
    hari_ini = timezone.localdate()
    k = buat_ks(sampai="DISETUJUI_MUSDES", jenis="PIHAK_KETIGA")
    with segera():
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=hari_ini - dt.timedelta(days=31))
    (galat,) = penolakan(services.penawaran_jawab_pihak_ketiga, kerja_sama=k.ks, oleh=k.kades[0], diterima=True)
    assert galat.kode == "BATAS_JAWAB"
    assert k.refresh().status == "PENAWARAN"
    with segera():
        services.penawaran_kedaluwarsakan()
    assert k.refresh().status == "BATAL"
    (galat,) = penolakan(services.penawaran_jawab_pihak_ketiga, kerja_sama=k.ks, oleh=k.kades[0], diterima=True,
                         tanggal=hari_ini - dt.timedelta(days=20))
    assert galat.kode == "BATAS_JAWAB" and "sudah dinyatakan ditolak" in galat.pesan


def test_prakarsa_pihak_ketiga_has_no_letter_and_no_deadline(buat_ks, render_palsu):
    k = buat_ks(sampai="PENAWARAN", jenis="PIHAK_KETIGA", prakarsa="PIHAK_KETIGA")
    assert k.surat == [] and not SuratPenawaran.objects.exists()
    assert services.penawaran_kedaluwarsakan(hari_ini=dt.date(2030, 1, 1)) == []
    assert k.refresh().status == "PENAWARAN"


# -- how the job is run --------------------------------------------------------------------------------

def test_celery_beat_runs_the_job_daily_and_the_task_calls_the_service(buat_ks, render_palsu, settings):
    from config.celery import app
    from kerjasama.tasks import penawaran_kedaluwarsa

    (jadwal,) = [v for v in settings.CELERY_BEAT_SCHEDULE.values() if v["task"] == penawaran_kedaluwarsa.name]
    assert jadwal["task"] in app.tasks
    assert jadwal["schedule"].hour == {0} and jadwal["schedule"].minute == {30}  # daily, 00.30 (CELERY_TIMEZONE)
    assert app.conf.timezone == "Asia/Jakarta" and app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE

    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    assert penawaran_kedaluwarsa.apply(kwargs={"hari_ini": "2025-07-10"}).get() == []
    with segera():
        assert penawaran_kedaluwarsa.apply(kwargs={"hari_ini": "2025-07-11"}).get() == [k.ks.kode]
    assert k.refresh().status == "BATAL"


def test_the_management_command_for_cron(buat_ks, render_palsu, capsys):
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=2)
    with pytest.raises(CommandError):
        call_command("penawaran_kedaluwarsa", "--tanggal", "11-07-2025")
    with segera():
        call_command("penawaran_kedaluwarsa", "--tanggal", "2025-07-11")
    keluar = capsys.readouterr().out
    assert f"{k.ks.kode}: Batal" in keluar and "1 kerja sama dengan penawaran kedaluwarsa." in keluar
    call_command("penawaran_kedaluwarsa", "--tanggal", "2025-07-12")
    assert "0 kerja sama" in capsys.readouterr().out
    assert k.refresh().status == "BATAL"


# -- an answer and the job at the same moment ------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_an_answer_holding_the_lock_wins_against_the_job(buat_ks, render_palsu):
    hari_ini = timezone.localdate()
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=3)
    services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=hari_ini - dt.timedelta(days=5),
                             batas_jawab=hari_ini)
    services.musdes_catat(kerja_sama=k.ks, desa=k.desa[1], oleh=k.operator[1], data=musdes_data(),
                          berita_acara=berkas_pdf())
    terkunci = threading.Event()
    hasil = {}

    def jawab():
        try:
            with transaction.atomic():
                services.penawaran_jawab(kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1], jawaban="DITERIMA",
                                         rpjmdes_rujukan="RKP Desa 2025")
                terkunci.set()  # the agreement row is locked until this block commits
                time.sleep(1.5)
            hasil["jawab"] = "ok"
        except Exception as exc:  # noqa: BLE001
            hasil["jawab"] = exc
            terkunci.set()
        finally:
            connections.close_all()

    def kedaluwarsa():
        try:
            assert terkunci.wait(30)
            mulai = time.monotonic()
            hasil["kedaluwarsa"] = services.penawaran_kedaluwarsakan(hari_ini=hari_ini + dt.timedelta(days=1))
            hasil["menunggu"] = time.monotonic() - mulai
        except Exception as exc:  # noqa: BLE001
            hasil["kedaluwarsa"] = exc
        finally:
            connections.close_all()

    utas = [threading.Thread(target=jawab), threading.Thread(target=kedaluwarsa)]
    for t in utas:
        t.start()
    for t in utas:
        t.join(60)
    assert hasil["jawab"] == "ok", hasil
    assert not isinstance(hasil["kedaluwarsa"], Exception), hasil
    assert hasil["menunggu"] > 1.0  # it waited for the answer's lock
    k.refresh()
    status = dict(k.ks.peserta.values_list("desa__kode", "penawaran_status"))
    assert status[k.desa[1].kode] == "DITERIMA" and status[k.desa[2].kode] == "DITOLAK"
    assert k.ks.status == "PENYUSUNAN_RANCANGAN"
    s1 = SuratPenawaran.objects.get(kepada__desa=k.desa[1])
    assert (s1.jawaban, s1.dijawab_oleh_id) == ("DITERIMA", k.kades[1].pk)


# -- a lapsed offer on the pages: no answer offered, the initiator concludes it ---------------------------

def kirim_lewat(k, hari: int = 40):
    """Send the letters ``hari`` days ago: their default deadline (30 days) lies 10 days behind today."""
    with segera():
        return services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0],
                                        tanggal=timezone.localdate() - dt.timedelta(days=hari))


def langkah_api(user, ks) -> list[str]:
    r = api(user).get(f"/api/v1/kerjasama/{ks.kode}/")
    assert r.status_code == 200, r.content
    return [a["aksi"] for a in r.json()["aksi"]]


def perlu(user) -> set[str]:
    from kerjasama.views import perlu_tindakan

    return {ks.kode for ks, _ in perlu_tindakan(user)}


def test_before_the_deadline_the_partner_is_asked_to_answer(buat_ks, render_palsu, client):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    kirim_lewat(k, hari=30)  # the deadline is today: still open
    assert langkah_api(k.kades[1], k.ks) == ["musdes_mitra", "jawab_penawaran", "komentar"]
    assert k.ks.kode in perlu(k.kades[1]) and k.ks.kode not in perlu(k.kades[0])
    assert "tuntaskan_penawaran" not in langkah_api(k.kades[0], k.ks)
    client.force_login(k.kades[1])
    assert "Batas jawaban telah lewat" not in client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    (galat,) = penolakan(services.penawaran_tuntaskan, kerja_sama=k.ks, oleh=k.kades[0])
    assert galat.kode == "BATAS_JAWAB" and "masih dapat menjawab" in galat.pesan
    assert k.refresh().status == "PENAWARAN"


def test_after_the_deadline_the_partner_is_offered_no_answer_anywhere(buat_ks, render_palsu, client):
    """The page buttons, the API's ``aksi`` and the home panel read one answer (tindakan.langkah_tersedia): once the
    deadline has passed the lapse shows at once, before any job has run."""
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=3)
    (s1, _) = kirim_lewat(k)
    batas = s1.batas_jawab
    assert batas < timezone.localdate() and k.refresh().status == "PENAWARAN"

    for i in (1, 2):  # the partners: kepala desa and operator
        assert langkah_api(k.kades[i], k.ks) == ["komentar"]
        assert langkah_api(k.operator[i], k.ks) == []
        assert k.ks.kode not in perlu(k.kades[i])
    client.force_login(k.kades[1])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert f"Batas jawaban telah lewat pada <strong>{tgl_id(batas)}</strong>; penawaran ini dianggap ditolak" in html
    assert "Mohon jawaban paling lambat" not in html
    for nama in ("jawab", "musdes"):
        assert reverse("kerjasama:aksi", args=[k.ks.kode, nama]) not in html
        assert client.get(reverse("kerjasama:aksi", args=[k.ks.kode, nama])).status_code == 403
    inbox = client.get(reverse("kerjasama:kotak_masuk")).content.decode()
    assert k.ks.judul not in inbox and "Tidak ada penawaran yang menunggu." in inbox

    # The initiating desa sees the lapse and what it can do next: conclude the offer (also on its home panel).
    assert "tuntaskan_penawaran" in langkah_api(k.kades[0], k.ks)
    assert "tuntaskan_penawaran" in langkah_api(k.operator[0], k.ks)
    assert k.ks.kode in perlu(k.kades[0])
    client.force_login(k.operator[0])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert f"Batas jawaban telah lewat pada <strong>{tgl_id(batas)}</strong>; penawaran yang belum dijawab" in html
    assert "Tuntaskan penawaran:" in html
    url = reverse("kerjasama:aksi", args=[k.ks.kode, "tuntaskan_penawaran"])
    assert url in html and client.get(url).status_code == 200
    with segera():
        r = client.post(url, {"konfirmasi": "on"}, follow=True)
    assert r.status_code == 200, r.content.decode()[:2000]
    assert k.refresh().status == "BATAL"
    assert set(k.ks.peserta.exclude(peran="PEMRAKARSA").values_list("penawaran_status", flat=True)) == {"DITOLAK"}
    assert list(k.ks.langkah.filter(aksi="penawaran_kedaluwarsa").values_list("oleh", flat=True)) == [None, None]
    # … and the lapse is recorded: a late answer now gets the recorded refusal
    (galat,) = penolakan(services.penawaran_jawab, kerja_sama=k.ks, desa=k.desa[1], oleh=k.kades[1],
                         jawaban="DITOLAK", tanggal=batas)
    assert galat.kode == "BATAS_JAWAB" and "sudah dinyatakan ditolak" in galat.pesan


def test_the_initiator_concludes_a_lapsed_offer_with_the_partner_that_accepted(buat_ks, render_palsu):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=3)
    (s1, _) = kirim_lewat(k)
    terima(k, 1, tanggal=s1.batas_jawab)  # its answer letter, dated on the last day, recorded later (API)
    assert k.refresh().status == "PENAWARAN"
    assert langkah_api(k.kades[2], k.ks) == ["komentar"]
    assert "komentar" in langkah_api(k.kades[1], k.ks)  # the one that accepted takes part
    (galat,) = penolakan(services.penawaran_tuntaskan, kerja_sama=k.ks, oleh=k.kades[1])  # not the initiator
    assert galat.kode == "PERAN"
    with segera():
        r = api(k.kades[0]).post(f"/api/v1/kerjasama/{k.ks.kode}/tuntaskan-penawaran/", {}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "PENYUSUNAN_RANCANGAN"
    status = dict(k.ks.peserta.values_list("desa__kode", "penawaran_status"))
    assert [status[d.kode] for d in k.desa[1:]] == ["DITERIMA", "DITOLAK"]
    assert services.penawaran_kedaluwarsakan() == []  # the daily job finds nothing left


def test_a_lapsed_letter_to_a_third_party_is_no_longer_answered_on_the_page(buat_ks, render_palsu):
    k = buat_ks(sampai="DISETUJUI_MUSDES", jenis="PIHAK_KETIGA")
    kirim_lewat(k, hari=31)
    assert langkah_api(k.kades[0], k.ks) == ["tuntaskan_penawaran", "komentar"]
    with segera():
        services.penawaran_tuntaskan(kerja_sama=k.ks, oleh=k.kades[0])
    assert k.refresh().status == "BATAL"


# -- dates at the edge of the calendar (API fuzzing: 9999-12-31 overflowed ``tanggal + timedelta`` into a 500) ----

@pytest.mark.parametrize("data, medan, pesan", [
    ({"tanggal": "9999-12-31"}, "tanggal", "terlalu jauh ke depan"),
    ({"tanggal": "2013-12-31"}, "tanggal", "UU 6/2014"),
    ({"batas_jawab": "9999-12-31"}, "batas_jawab", "terlalu jauh ke depan"),
])
def test_a_date_out_of_bounds_is_refused_at_the_edge_not_a_500(buat_ks, render_palsu, client, data, medan, pesan):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    u = f"/api/v1/kerjasama/{k.ks.kode}/kirim-penawaran/"
    r = api(k.kades[0]).post(u, data, format="json")
    assert r.status_code == 400 and pesan in r.json()[medan][0], r.content
    # Whoever asks, in whatever state: a partner on an agreement it cannot offer gets a 400, never a 500.
    assert api(k.kades[1]).post(u, data, format="json").status_code == 400
    client.force_login(k.kades[0])
    r = client.post(reverse("kerjasama:aksi", args=[k.ks.kode, "kirim_penawaran"]), data)
    assert r.status_code == 400 and pesan in r.content.decode()
    assert k.refresh().status == "SIAP_DITAWARKAN" and not SuratPenawaran.objects.exists()


def test_the_service_refuses_a_date_whose_deadline_overflows(buat_ks, render_palsu):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=2)
    with pytest.raises(ValidationError) as e:
        services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=dt.date.max)
    assert "terlalu jauh ke depan" in e.value.message_dict["tanggal"][0]
    assert k.refresh().status == "SIAP_DITAWARKAN" and not SuratPenawaran.objects.exists()
