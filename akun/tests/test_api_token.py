"""Token authentication of the API: exchange, use, and the django-axes lock (username + IP, 15 min)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from akun.api.views import PESAN_SALAH, PESAN_TERKUNCI

pytestmark = pytest.mark.django_db

URL = "/api/v1/token/"


def minta(username, password, ip="10.0.0.1"):
    return APIClient(REMOTE_ADDR=ip).post(URL, {"username": username, "password": password}, format="json")


def test_token_is_issued_and_opens_the_api(persona):
    response = minta("sari", "rahasia-123")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert Token.objects.get(user=persona["sari"]).key == token
    assert minta("sari", "rahasia-123").json()["token"] == token  # the same token, not a new one each time

    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    saya = client.get("/api/v1/saya/").json()
    assert saya == {
        "username": "sari",
        "nama": "Sari",
        "role": "operator_desa",
        "role_label": "Operator desa",
        "wilayah_kode": "33.03.06.2015",
        "wilayah": "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)",
    }
    assert [r["kode"] for r in client.get("/api/v1/desa/").json()["results"]] == ["33.03.06.2015"]


@pytest.mark.parametrize(
    "nama, label",
    [("pmd_pbg", "Kabupaten Purbalingga (33.03)"), ("camat", "Kalimanah (33.03.06)"), ("admin", "")],
)
def test_saya_names_the_region_of_each_level(persona, nama, label):
    client = APIClient()
    client.force_authenticate(persona[nama])
    assert client.get("/api/v1/saya/").json()["wilayah"] == label


def test_wrong_password_is_refused_in_indonesian(persona):
    response = minta("sari", "salah")
    assert response.status_code == 401
    assert response.json() == {"detail": PESAN_SALAH}
    assert AccessAttempt.objects.get(username="sari").failures_since_start == 1


def test_missing_fields_name_the_field(persona):
    response = APIClient().post(URL, {"username": "sari"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["Bidang ini harus diisi."]}


def test_inactive_user_gets_no_token(persona):
    persona["tono"].is_active = False
    persona["tono"].save()
    assert minta("tono", "rahasia-123").status_code == 401
    assert not Token.objects.filter(user=persona["tono"]).exists()


def test_five_failures_lock_the_username_from_that_ip(persona):
    for _ in range(4):
        assert minta("sari", "salah").status_code == 401
    response = minta("sari", "salah")  # the fifth failure locks
    assert response.status_code == 429
    assert response.json() == {"detail": PESAN_TERKUNCI}

    # Locked: even the right password gets no token from this IP for this username …
    response = minta("sari", "rahasia-123")
    assert response.status_code == 429
    assert not Token.objects.filter(user=persona["sari"]).exists()
    # … while the same username from another IP, and another user from this IP, still get in.
    assert minta("sari", "rahasia-123", ip="10.0.0.2").status_code == 200
    assert minta("budi", "rahasia-123").status_code == 200


def test_lock_lifts_after_the_cool_off(persona, settings):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(5):
        minta("sari", "salah")
    assert minta("sari", "rahasia-123").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert minta("sari", "rahasia-123").status_code == 200


def test_bad_token_is_refused_in_indonesian(persona):
    response = APIClient(HTTP_AUTHORIZATION="Token tidak-ada").get("/api/v1/saya/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Token tidak valid."}
    response = APIClient(HTTP_AUTHORIZATION="Token").get("/api/v1/saya/")
    assert response.json() == {"detail": "Header token tidak sah: token tidak disertakan."}
    assert response["WWW-Authenticate"] == "Token"
