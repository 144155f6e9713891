"""Login throttling (issue 2 §6): django-axes locks a username + IP pair after 5 failed logins on
the login page, for 15 minutes; other IPs and other usernames are not affected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

SALAH = "bukan-sandinya"
BENAR = "rahasia-123"  # the conftest personas' password
IP_A = "10.1.1.1"
IP_B = "10.2.2.2"


@pytest.fixture
def masuk(client):
    """POST the login form as ``username`` from ``ip``; a fresh client each time, like a new browser."""
    from django.test import Client

    def _masuk(username: str, password: str, ip: str = IP_A):
        return Client(REMOTE_ADDR=ip).post(reverse("akun:login"), {"username": username, "password": password})

    return _masuk


def _terkunci(resp) -> bool:
    return resp.status_code == 429 and "registration/terkunci.html" in [t.name for t in resp.templates]


def _berhasil(resp) -> bool:
    return resp.status_code == 302 and resp.url == reverse("beranda")


def _gagal_lima_kali(masuk, username: str = "sari", ip: str = IP_A):
    hasil = [masuk(username, SALAH, ip) for _ in range(5)]
    # The first four are the login page again with its error; the fifth locks.
    assert [r.status_code for r in hasil[:4]] == [200] * 4
    assert all(not r.context["form"].is_valid() for r in hasil[:4])
    return hasil[4]


def test_four_failures_do_not_lock(persona, masuk):
    for _ in range(4):
        assert masuk("sari", SALAH).status_code == 200
    assert _berhasil(masuk("sari", BENAR))


def test_five_failures_lock_the_username_ip_pair_even_for_the_right_password(persona, masuk):
    kelima = _gagal_lima_kali(masuk)
    assert _terkunci(kelima)
    assert "15 menit" in kelima.content.decode()

    benar = masuk("sari", BENAR)
    assert _terkunci(benar)
    assert "_auth_user_id" not in benar.wsgi_request.session


def test_the_same_username_from_another_ip_is_not_locked(persona, masuk):
    assert _terkunci(_gagal_lima_kali(masuk, ip=IP_A))
    assert _berhasil(masuk("sari", BENAR, IP_B))


def test_another_username_from_the_same_ip_is_not_locked(persona, masuk):
    assert _terkunci(_gagal_lima_kali(masuk, ip=IP_A))
    assert _berhasil(masuk("budi", BENAR, IP_A))
    assert _terkunci(masuk("sari", BENAR, IP_A))


def test_the_lock_lifts_after_the_15_minute_cool_off(persona, masuk):
    assert _terkunci(_gagal_lima_kali(masuk))

    # 14 minutes later: still locked.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14))
    assert _terkunci(masuk("sari", BENAR))

    # Past 15 minutes: the right password works again, and the failures are forgotten.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert _berhasil(masuk("sari", BENAR))
    assert not AccessAttempt.objects.filter(username="sari").exists()
