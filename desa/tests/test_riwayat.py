"""Audit trail (issue 2 §7): database triggers record every write to a domain model — save(),
QuerySet.update(), bulk_create() and deletes — with who did it: the request user when the write
comes through a request (pghistory middleware), the ``pghistory.context`` otherwise."""

from __future__ import annotations

from decimal import Decimal

import pghistory
import pytest
from django.urls import reverse
from pghistory.models import Events

from desa import models as m
from inti.riwayat import riwayat_objek


def _peristiwa(obj) -> list[tuple[str, int | None]]:
    """(label, user id) of the object's events, newest first, through the helper pages use."""
    return [(r["label"], r["user_id"]) for r in riwayat_objek(obj)]


@pytest.fixture
def profil(wilayah):
    return m.DesaProfil.objects.create(
        desa=wilayah.klapasawit, tahun_data=2024, jumlah_penduduk=1000, jumlah_kk=300, sumber_data="BPS"
    )


def test_save_records_insert_and_update_with_the_context_user_newest_first(wilayah, persona):
    sari = persona["sari"]
    with pghistory.context(user=sari.pk, perintah="uji"):
        p = m.DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2024, sumber_data="BPS")
        p.jumlah_kk = 310
        p.save()
        p.jumlah_kk = 320
        p.save()

    rows = riwayat_objek(p)
    assert [(r["label"], r["user_id"]) for r in rows] == [
        ("update", sari.pk), ("update", sari.pk), ("insert", sari.pk)
    ]
    assert rows[0]["perubahan"]["jumlah_kk"] == [310, 320]
    assert rows[1]["perubahan"]["jumlah_kk"] == [None, 310]
    assert rows[0]["perintah"] == "uji"
    assert rows[0]["data"]["jumlah_kk"] == 320


def test_queryset_update_is_recorded_for_every_row(wilayah, persona):
    profil_a = m.DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2023, sumber_data="BPS")
    profil_b = m.DesaProfil.objects.create(desa=wilayah.tetangga, tahun_data=2023, sumber_data="BPS")
    pmd = persona["pmd_pbg"]

    with pghistory.context(user=pmd.pk):
        jumlah = m.DesaProfil.objects.filter(tahun_data=2023).update(sumber_data="Prodeskel")

    assert jumlah == 2
    for p in (profil_a, profil_b):
        terbaru = riwayat_objek(p)[0]
        assert (terbaru["label"], terbaru["user_id"]) == ("update", pmd.pk)
        assert terbaru["perubahan"]["sumber_data"] == ["BPS", "Prodeskel"]


def test_update_that_changes_nothing_records_nothing(profil):
    sebelum = len(riwayat_objek(profil))
    m.DesaProfil.objects.filter(pk=profil.pk).update(jumlah_kk=profil.jumlah_kk)
    assert len(riwayat_objek(profil)) == sebelum


def test_bulk_create_is_recorded(wilayah, persona):
    admin = persona["admin"]
    with pghistory.context(user=admin.pk, perintah="import_wilayah"):
        baru = m.Desa.objects.bulk_create(
            [
                m.Desa(kode="33.03.06.2001", nama="Kalimanah Wetan", kecamatan=wilayah.kalimanah, jenis="DESA"),
                m.Desa(kode="33.03.06.2002", nama="Karangpetir", kecamatan=wilayah.kalimanah, jenis="DESA"),
            ]
        )
    for desa in baru:
        rows = riwayat_objek(desa)
        assert [(r["label"], r["user_id"], r["perintah"]) for r in rows] == [("insert", admin.pk, "import_wilayah")]
        assert rows[0]["data"]["kode"] == desa.kode

    komoditas = m.Komoditas.objects.create(nama="Komoditas uji riwayat", sektor="LAINNYA")
    m.DesaKomoditas.objects.bulk_create(
        [m.DesaKomoditas(desa=wilayah.klapasawit, komoditas=komoditas, tahun=t) for t in (2023, 2024)]
    )
    assert Events.objects.filter(pgh_model="desa.DesaKomoditasEvent", pgh_label="insert").count() == 2


def test_delete_is_recorded_with_the_last_values(profil, persona):
    pk = profil.pk
    with pghistory.context(user=persona["admin"].pk):
        profil.delete()
    profil.pk = pk  # the history outlives the row
    terbaru = riwayat_objek(profil)[0]
    assert (terbaru["label"], terbaru["user_id"]) == ("delete", persona["admin"].pk)
    assert terbaru["data"]["jumlah_kk"] == 300


def test_write_without_context_has_no_user(profil):
    assert _peristiwa(profil) == [("insert", None)]


def test_write_through_a_page_records_the_request_user_and_url(profil, persona, client):
    """The profile form (desa:profil_ubah) as Sari: the middleware puts her id and the URL in the context."""
    sari = persona["sari"]
    client.force_login(sari)
    url = reverse("desa:profil_ubah", args=[profil.desa.kode]) + "?tahun=2024"
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["jumlah_kk"] = 333
    resp = client.post(url, data)
    assert resp.status_code == 302

    terbaru = riwayat_objek(profil)[0]
    assert (terbaru["label"], terbaru["user_id"]) == ("update", sari.pk)
    assert terbaru["url"] == reverse("desa:profil_ubah", args=[profil.desa.kode])
    assert terbaru["perubahan"]["jumlah_kk"] == [300, 333]


def test_write_through_the_admin_records_the_request_user(profil, persona, client):
    pmd = persona["pmd_pbg"]
    client.force_login(pmd)
    url = reverse("admin:desa_desaprofil_change", args=[profil.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for nama in form.fields:
        nilai = form[nama].value()
        if nilai is not None and nilai is not False:
            data[nama] = nilai
    data["jumlah_kk"] = 350
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content[:500]

    terbaru = riwayat_objek(profil)[0]
    assert (terbaru["label"], terbaru["user_id"], terbaru["url"]) == ("update", pmd.pk, url)
    profil.refresh_from_db()
    assert profil.updated_by == pmd


def test_write_through_the_api_records_the_token_user(profil, persona, client):
    """DRF sets request.user in the view; pghistory's request wrapper picks it up there."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=persona["budi"])
    resp = client.patch(
        f"/api/v1/profil-desa/{profil.pk}/",
        data={"jumlah_kk": 360},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert resp.status_code == 200, resp.content[:500]
    terbaru = riwayat_objek(profil)[0]
    assert (terbaru["label"], terbaru["user_id"]) == ("update", persona["budi"].pk)


def test_every_domain_model_is_tracked():
    """Each concrete model of the domain apps has an event model, so no write escapes the trail."""
    from django.apps import apps

    from akun.tests.test_gerbang import APP_DOMAIN

    untracked = []
    for app in APP_DOMAIN:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label.endswith("Event") or model._meta.proxy:
                continue
            if not any(
                getattr(ev, "pgh_tracked_model", None) is model
                for ev in apps.get_models()
                if ev._meta.label.endswith("Event")
            ):
                untracked.append(model._meta.label)
    assert untracked == []


def test_riwayat_objek_is_limited_and_typed(profil):
    for i in range(5):
        m.DesaProfil.objects.filter(pk=profil.pk).update(jumlah_kk=301 + i, luas_ha=Decimal("10.5"), luas_sumber="BPS")
    rows = riwayat_objek(profil, batas=3)
    assert len(rows) == 3
    assert [r["data"]["jumlah_kk"] for r in rows] == [305, 304, 303]
