"""Cursor pages (``inti.api.HalamanKursor``): a cursor whose position cannot be a value of the ordering field is a
bad cursor (404 "Kursor tidak sah."), not a 500 — an API fuzzing run sent ``p=abc`` to the agreement list (ordered
by id: "Field 'id' expected a number") and ``p=%00`` to the desa list (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest
from rest_framework.test import APIClient

from inti.api import HalamanKursor

pytestmark = pytest.mark.django_db


def _daftar_berkursor() -> list[str]:
    """Every list endpoint paged by HalamanKursor (found from the URL conf, so a new one is tested too)."""
    from drf_spectacular.generators import EndpointEnumerator

    hasil = set()
    for path, _regex, method, view in EndpointEnumerator().get_api_endpoints():
        halaman = getattr(getattr(view, "cls", None), "pagination_class", None)
        if method == "GET" and "{" not in path and halaman and issubclass(halaman, HalamanKursor):
            hasil.add(path)
    return sorted(hasil)


DAFTAR = _daftar_berkursor()


def test_the_cursor_lists_are_the_known_ones():
    assert {"/api/v1/desa/", "/api/v1/kerjasama/"} <= set(DAFTAR)


def kursor(posisi: str, balik: bool = False) -> str:
    from urllib.parse import urlencode

    isi = {"p": posisi, **({"r": "1"} if balik else {})}
    return base64.b64encode(urlencode(isi).encode()).decode()


BURUK = {
    "huruf": "abc",
    "nul": "\x00",
    "nul_dalam_kode": "33.03\x00",
    "angka_raksasa": "9" * 40,
    "terlalu_panjang": "3" * 65,
    "kutip": "33.03' OR '1'='1",
    "id_negatif": "-1",
}


@pytest.mark.parametrize("url", DAFTAR)
@pytest.mark.parametrize("nama", list(BURUK))
def test_a_cursor_with_an_impossible_position_is_a_bad_cursor(persona, url, nama):
    c = APIClient()
    c.force_authenticate(persona["pmd_pbg"])
    for balik in (False, True):
        r = c.get(url, {"cursor": kursor(BURUK[nama], balik)})
        assert r.status_code == 404 and r.json() == {"detail": "Kursor tidak sah."}, (nama, r.content)


@pytest.mark.parametrize("url", DAFTAR)
def test_a_real_cursor_still_pages(persona, wilayah, url):
    from kerjasama import services

    for i in range(3):
        services.kerjasama_buat(oleh=persona["sari"], desa_pemrakarsa=wilayah.klapasawit, mitra=[wilayah.tetangga],
                                judul=f"Kerja sama {i}", bidang=["USAHA_BERSAMA"])
    c = APIClient()
    c.force_authenticate(persona["pmd_pbg"])
    pertama = c.get(url, {"page_size": 1}).json()
    assert pertama["next"], url
    posisi = parse_qs(base64.b64decode(parse_qs(urlparse(pertama["next"]).query)["cursor"][0]).decode())["p"][0]
    assert HalamanKursor.posisi_sah.__get__(_paginator_untuk(url))(posisi)
    kedua = c.get(pertama["next"])
    assert kedua.status_code == 200 and kedua.json()["results"] and kedua.json()["results"] != pertama["results"]


def _paginator_untuk(url):
    from django.urls import resolve

    return resolve(url).func.cls.pagination_class()
