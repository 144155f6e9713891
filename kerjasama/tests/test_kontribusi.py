"""The contributions page (KontribusiDana formset): amounts in everyday Indonesian writing, shown back the
same way, and a refused save that says at the top which rows are wrong (with links to them)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.tests.conftest import buat_kerjasama

pytestmark = pytest.mark.django_db

N = 4  # rows posted


def _post(ks, nilai: list[str]) -> dict:
    data = {"kontribusi-TOTAL_FORMS": str(N), "kontribusi-INITIAL_FORMS": "0", "kontribusi-MIN_NUM_FORMS": "0",
            "kontribusi-MAX_NUM_FORMS": "1000"}
    for i in range(N):
        data[f"kontribusi-{i}-bentuk"] = "UANG"
    for i, n in enumerate(nilai):
        data.update({f"kontribusi-{i}-desa": str(ks.desa_pemrakarsa_id), f"kontribusi-{i}-sumber": "APB_DESA",
                     f"kontribusi-{i}-tahun_anggaran": "2027", f"kontribusi-{i}-nilai": n})
    return data


@pytest.fixture
def ks(persona, wilayah):
    return buat_kerjasama(persona, wilayah, sampai="DRAFT", jumlah_desa=2).ks


def test_nilai_rupiah_ditulis_seperti_biasa_dan_ditampilkan_kembali_dengan_titik(client, persona, ks):
    client.force_login(persona["sari"])
    url = reverse("kerjasama:kontribusi", args=[ks.kode])
    r = client.post(url, _post(ks, ["5.000.000", "Rp 7.500", "Rp250.000,00", "75000000"]))
    assert r.status_code == 302, r.content.decode()[:3000]
    assert sorted(ks.kontribusi.values_list("nilai", flat=True)) == [
        Decimal("7500"), Decimal("250000"), Decimal("5000000"), Decimal("75000000")]

    html = client.get(url).content.decode()
    assert 'value="75.000.000"' in html and 'value="7.500"' in html
    assert ",00" not in html
    masukan = re.search(r'<input[^>]*name="kontribusi-0-nilai"[^>]*>', html).group(0)
    assert 'type="text"' in masukan and 'inputmode="numeric"' in masukan


def test_nilai_yang_meragukan_ditolak_dengan_ringkasan_galat_di_atas(client, persona, ks):
    client.force_login(persona["sari"])
    url = reverse("kerjasama:kontribusi", args=[ks.kode])
    r = client.post(url, _post(ks, ["5.000.000", "5.000.000", "7.5", "lima juta"]))
    html = r.content.decode()
    assert r.status_code == 400
    assert not ks.kontribusi.exists()
    # What was typed stays, and each wrong field says how to write it.
    assert 'value="7.5"' in html and 'value="lima juta"' in html
    assert html.count("Tulis nilai rupiah seperti 5.000.000") >= 2
    # The summary comes before the form and links to the fields in error.
    ringkasan = re.search(r'<div[^>]*id="ringkasan-galat"[^>]*>(.*?)</div>', html, re.S)
    assert ringkasan and html.index('id="ringkasan-galat"') < html.index(f'<form method="post" action="{url}"')
    tautan = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', ringkasan.group(1))
    assert [t[0] for t in tautan] == ["id_kontribusi-2-nilai", "id_kontribusi-3-nilai"]
    assert tautan[0][1].startswith("Kontribusi 3, Nilai (Rp): Tulis nilai rupiah")
    for anchor, _ in tautan:
        assert f'id="{anchor}"' in html


def test_ringkasan_galat_baris_tanpa_isian_wajib(client, persona, ks):
    client.force_login(persona["sari"])
    data = _post(ks, ["5.000.000"])
    data["kontribusi-0-sumber"] = ""
    r = client.post(reverse("kerjasama:kontribusi", args=[ks.kode]), data)
    assert r.status_code == 400
    assert '<a href="#id_kontribusi-0-sumber">Kontribusi 1, Sumber:' in r.content.decode()


def test_halaman_tanpa_galat_tidak_menampilkan_ringkasan(client, persona, ks):
    client.force_login(persona["sari"])
    assert "ringkasan-galat" not in client.get(reverse("kerjasama:kontribusi", args=[ks.kode])).content.decode()


def test_rupiah_field_dipakai_di_form_kontribusi_dan_admin(client, persona, ks):
    from kerjasama.forms import KontribusiForm, RupiahField

    assert isinstance(KontribusiForm.base_fields["nilai"], RupiahField)
    f = RupiahField()
    assert f.clean("Rp 5.000.000") == Decimal("5000000")
    with pytest.raises(Exception, match="Tulis nilai rupiah"):
        f.clean("5,000,000")
    from kerjasama import services

    services.kontribusi_simpan(kerja_sama=ks, oleh=persona["sari"], baris=[
        {"desa": ks.desa_pemrakarsa, "sumber": "APB_DESA", "tahun_anggaran": 2027, "nilai": Decimal("75000000"),
         "bentuk": "UANG"}])
    x = ks.kontribusi.get()
    client.force_login(persona["admin"])
    html = client.get(reverse("admin:kerjasama_kontribusidana_change", args=[x.pk])).content.decode()
    assert re.search(r'<input[^>]*name="nilai"[^>]*value="75.000.000"', html) or \
        re.search(r'<input[^>]*value="75.000.000"[^>]*name="nilai"', html)
