"""The API's ``aksi`` of one agreement is what THIS user may do now — the same answer as the buttons of the
agreement page (both read ``tindakan.langkah_tersedia``): the actors of ``pelaku``, steps this user's desa
already took hidden (its answer, its signature, its Berita Desa)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kerjasama import services
from kerjasama.tests.conftest import TANGGAL_JAWABAN, berkas_pdf, musdes_data, segera
from kerjasama.views import TRANSISI_KE_AKSI

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_palsu")]


def aksi_api(user, ks) -> list[str]:
    c = APIClient()
    c.force_authenticate(user)
    r = c.get(f"/api/v1/kerjasama/{ks.kode}/")
    assert r.status_code == 200, r.content
    aksi = r.json()["aksi"]
    assert all(a["endpoint"] and a["endpoint"].startswith(f"/api/v1/kerjasama/{ks.kode}/") for a in aksi), aksi
    return [a["aksi"] for a in aksi]


def tombol_halaman(client, user, ks) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    from kerjasama.views import AKSI

    ada = {n: html.index(h) for n in AKSI if (h := f'href="{reverse("kerjasama:aksi", args=[ks.kode, n])}"') in html}
    return sorted(ada, key=ada.get)  # in the order the page shows them


def sama_dengan_halaman(client, user, ks, aksi: list[str]) -> None:
    """The API's steps, as page actions, are the page's buttons (the comment form is not a button)."""
    dari_api = list(dict.fromkeys(TRANSISI_KE_AKSI[a] for a in aksi))
    assert [n for n in dari_api if n != "komentar"] == tombol_halaman(client, user, ks)


def test_during_the_offer(buat_ks, client):
    # an offer still open (its deadline ahead; a lapsed one: test_penawaran_batas)
    k = buat_ks(sampai="PENAWARAN", jumlah_desa=3, batas_jawab=timezone.localdate() + dt.timedelta(days=30))
    ks = k.ks
    harapan = {
        "kades_mitra": (k.kades[1], ["musdes_mitra", "jawab_penawaran", "komentar"]),
        "operator_mitra": (k.operator[1], ["musdes_mitra"]),  # records the Musdes, does not answer
        "pemrakarsa": (k.kades[0], ["komentar"]),  # the offer is sent: nothing to do but wait
        "camat": (k.camat, ["komentar"]),
        "pmd": (k.pmd, ["komentar"]),
    }
    for nama, (u, aksi) in harapan.items():
        assert aksi_api(u, ks) == aksi, nama
        sama_dengan_halaman(client, u, ks, aksi)

    # Partner 1 answers: its answer and its Musdes disappear from its list; partner 2's stay.
    with segera():
        services.musdes_catat(kerja_sama=ks, desa=k.desa[1], oleh=k.operator[1], data=musdes_data(), berita_acara=berkas_pdf())
    with segera():
        services.penawaran_jawab(kerja_sama=ks, desa=k.desa[1], oleh=k.kades[1], jawaban="DITERIMA",
                                 rpjmdes_rujukan="RKP Desa 2025", tanggal=TANGGAL_JAWABAN)
    assert aksi_api(k.kades[1], ks) == ["komentar"]
    assert aksi_api(k.kades[2], ks) == ["musdes_mitra", "jawab_penawaran", "komentar"]
    sama_dengan_halaman(client, k.kades[1], ks, ["komentar"])


def test_signing_each_desa_once(buat_ks, client):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=3)
    ks = k.ks
    for u in (k.kades[0], k.kades[1]):
        assert aksi_api(u, ks) == ["tandatangani", "komentar"], u
        sama_dengan_halaman(client, u, ks, ["tandatangani", "komentar"])
    assert aksi_api(k.operator[1], ks) == ["komentar"]  # the operator does not sign
    assert aksi_api(k.camat, ks) == ["komentar"] and aksi_api(k.pmd, ks) == ["komentar"]
    with segera():
        services.peraturan_tandatangani(kerja_sama=ks, desa=k.desa[1], oleh=k.kades[1], kepala_desa_nama="Darmo Satu")
    assert aksi_api(k.kades[1], ks) == ["komentar"]  # signed already: hidden
    sama_dengan_halaman(client, k.kades[1], ks, ["komentar"])
    assert aksi_api(k.kades[0], ks) == ["tandatangani", "komentar"]


def test_the_kabupaten_verifies_the_desa_wait(buat_ks, client):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    assert aksi_api(k.pmd, k.ks) == ["verifikasi", "kembalikan", "komentar"]
    sama_dengan_halaman(client, k.pmd, k.ks, ["verifikasi", "kembalikan", "komentar"])
    for u in (k.kades[0], k.kades[1], k.operator[0], k.camat):
        assert aksi_api(u, k.ks) == ["komentar"], u


def test_a_pending_change_is_decided_once_with_its_own_decision(buat_ks, client):
    k = buat_ks(sampai="PERUBAHAN_DIPROSES", jumlah_desa=2)  # a penundaan is asked
    aksi = aksi_api(k.pmd, k.ks)
    # refuse, or the decision its kind asks for (a penundaan: tangguhkan) — not every decision of the table
    assert aksi == ["tolak_perubahan", "tangguhkan", "musyawarah_para_pihak", "unggah_ttd", "komentar"]
    sama_dengan_halaman(client, k.pmd, k.ks, aksi)
    assert aksi_api(k.camat, k.ks) == ["komentar"]


def test_the_detail_query_count_does_not_depend_on_the_user_or_the_parties(buat_ks):
    kecil, besar = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2), buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=6)

    def hitung(user, ks):
        c = APIClient()
        c.force_authenticate(user)
        with CaptureQueriesContext(connection) as q:
            assert c.get(f"/api/v1/kerjasama/{ks.kode}/").status_code == 200
        return len(q)

    assert hitung(kecil.kades[1], kecil.ks) == hitung(besar.kades[1], besar.ks)
    assert hitung(kecil.pmd, kecil.ks) == hitung(besar.pmd, besar.ks)
