"""Admin of kerja sama: scoped lists, 404 outside the region, read-only for non-admin staff, status never
editable, no way to add an agreement behind the services' back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kerjasama import services
from kerjasama.models import KerjaSamaDesa
from kerjasama.tests.test_api import ISI

pytestmark = pytest.mark.django_db

MODEL = [
    "kerjasamadesa", "kerjasamapeserta", "pihakketiga", "kontribusidana", "suratpenawaran", "musyawarah", "bkad",
    "bkadanggota", "laporankerjasama", "perubahankerjasama", "perselisihan", "produkhukum", "dokumen",
    "langkahkerjasama", "nomorurut", "notifikasi",
]


@pytest.fixture
def ks(persona, wilayah):
    return services.kerjasama_buat(oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, mitra=[wilayah.tetangga],
                                   **ISI)


def _masuk(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODEL)
def test_every_model_is_registered_and_its_list_opens_for_admin(client, persona, ks, model):
    r = _masuk(client, persona["admin"]).get(reverse(f"admin:kerjasama_{model}_changelist"))
    assert r.status_code == 200, model


def test_kabupaten_official_sees_own_agreements_read_only(client, persona, ks):
    c = _masuk(client, persona["pmd_pbg"])
    r = c.get(reverse("admin:kerjasama_kerjasamadesa_changelist"))
    assert r.status_code == 200 and ks.kode in r.content.decode()
    url = reverse("admin:kerjasama_kerjasamadesa_change", args=[ks.pk])
    r = c.get(url)
    assert r.status_code == 200
    assert 'name="judul"' not in r.content.decode()  # view only
    assert c.post(url, {"judul": "Diubah"}).status_code == 403
    ks.refresh_from_db()
    assert ks.judul == ISI["judul"]
    assert c.get(reverse("admin:kerjasama_kerjasamadesa_add")).status_code == 403


def test_other_kabupaten_gets_404_and_an_empty_list(client, persona, ks):
    c = _masuk(client, persona["pmd_bms"])
    r = c.get(reverse("admin:kerjasama_kerjasamadesa_changelist"))
    assert r.status_code == 200 and ks.kode not in r.content.decode()
    assert c.get(reverse("admin:kerjasama_kerjasamadesa_change", args=[ks.pk])).status_code == 404
    assert c.post(reverse("admin:kerjasama_kerjasamadesa_change", args=[ks.pk]), {"judul": "x"}).status_code == 404
    peserta = ks.peserta.first()
    assert c.get(reverse("admin:kerjasama_kerjasamapeserta_change", args=[peserta.pk])).status_code == 404
    langkah = ks.langkah.first()
    assert c.get(reverse("admin:kerjasama_langkahkerjasama_change", args=[langkah.pk])).status_code == 404


def test_status_is_read_only_even_for_the_administrator(client, persona, ks):
    c = _masuk(client, persona["admin"])
    url = reverse("admin:kerjasama_kerjasamadesa_change", args=[ks.pk])
    html = c.get(url).content.decode()
    assert 'name="judul"' in html and 'name="status"' not in html
    assert c.get(reverse("admin:kerjasama_kerjasamadesa_add")).status_code == 403
    r = c.get(reverse("admin:kerjasama_langkahkerjasama_change", args=[ks.langkah.first().pk]))
    assert r.status_code == 200 and 'name="aksi"' not in r.content.decode()
    assert KerjaSamaDesa.objects.get(pk=ks.pk).status == "DRAFT"


def test_desa_users_have_no_admin(client, persona, ks):
    r = _masuk(client, persona["sari"]).get(reverse("admin:kerjasama_kerjasamadesa_changelist"))
    assert r.status_code in (302, 403)
