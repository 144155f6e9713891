"""A third party of a plan is taken from the register of the desa's own kabupaten (R-pihak3, UU 6/2014 Pasal 93;
PP 43/2014 Pasal 143 ayat (5)): the service refuses any other; the page and the API, which only see the
kabupaten's register, refuse another kabupaten's third party (or an unknown id) with the same rule."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kerjasama import aturan, services
from kerjasama.models import KerjaSamaDesa, PihakKetiga
from kerjasama.tests.conftest import penolakan

pytestmark = pytest.mark.django_db

ISI = {"judul": "Pengolahan bambu bersama", "bidang": ["USAHA_BERSAMA"]}


@pytest.fixture
def pk_banyumas(wilayah):
    return PihakKetiga.objects.create(
        kabupaten=wilayah.banyumas, nama="PT Serayu Makmur", jenis="SWASTA_BADAN_USAHA",
        penanggung_jawab_nama="Agus", penanggung_jawab_jabatan="Direktur",
    )


def test_the_service_refuses_a_third_party_of_another_kabupaten(persona, wilayah, pk_banyumas, pihak_ketiga):
    (galat,) = penolakan(services.kerjasama_buat, oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit,
                         jenis="PIHAK_KETIGA", pihak_ketiga=pk_banyumas, **ISI)
    assert galat.kode == "R-pihak3" and galat.field == "pihak_ketiga"
    assert "PP 43/2014 Pasal 143 ayat (5)" in galat.pesan
    assert "PT Serayu Makmur terdaftar di Kabupaten Banyumas, bukan di Kabupaten Purbalingga" in galat.pesan
    assert not KerjaSamaDesa.objects.exists()
    # its own kabupaten's third party is fine
    ks = services.kerjasama_buat(oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, jenis="PIHAK_KETIGA",
                                 pihak_ketiga=pihak_ketiga, **ISI)
    assert ks.pihak_ketiga == pihak_ketiga


def test_the_page_form_refuses_it_with_the_rule(client, persona, pk_banyumas, pihak_ketiga):
    client.force_login(persona["sari"])
    data = {**ISI, "jenis": "PIHAK_KETIGA", "prakarsa": "DESA", "simpan": "1"}
    for pk in (pk_banyumas.pk, 999999):  # another kabupaten's, or unknown: the same answer
        r = client.post(reverse("kerjasama:buat"), {**data, "pihak_ketiga": str(pk)})
        assert r.status_code == 400
        html = r.content.decode()
        assert "R-pihak3" in html and "PP 43/2014 Pasal 143 ayat (5)" in html, pk
        assert "PT Serayu Makmur" not in html  # nothing of another kabupaten is shown
    assert not KerjaSamaDesa.objects.exists()
    r = client.post(reverse("kerjasama:buat"), {**data, "pihak_ketiga": str(pihak_ketiga.pk)})
    assert r.status_code == 302 and KerjaSamaDesa.objects.get().pihak_ketiga == pihak_ketiga


def test_the_api_refuses_it_with_the_rule(persona, pk_banyumas, pihak_ketiga):
    c = APIClient()
    c.force_authenticate(persona["budi"])
    for pk in (pk_banyumas.pk, 999999):
        r = c.post("/api/v1/kerjasama/", {**ISI, "jenis": "PIHAK_KETIGA", "pihak_ketiga": pk}, format="json")
        assert r.status_code == 400, r.content
        body = r.json()
        assert body["kode"] == "R-pihak3" and body["pelanggaran"][0]["field"] == "pihak_ketiga"
        assert body["detail"] == f"R-pihak3: {aturan.R_PIHAK3_KABUPATEN.pesan}"  # no detail of the other kabupaten
    assert not KerjaSamaDesa.objects.exists()
    r = c.post("/api/v1/kerjasama/", {**ISI, "jenis": "PIHAK_KETIGA", "pihak_ketiga": pihak_ketiga.pk}, format="json")
    assert r.status_code == 201, r.content
