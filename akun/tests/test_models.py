"""User: one role, one region of that role's level (akun/models.py ``User.clean``), and the user admin
that applies the same check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from akun.models import Peran, User


def _galat(role: str, kode: str) -> str | None:
    """The wilayah_kode error of a user with this role and code, or None when valid."""
    try:
        User(username="x", role=role, wilayah_kode=kode).clean()
    except ValidationError as exc:
        return " ".join(exc.message_dict["wilayah_kode"])
    return None


SAH = [
    (Peran.OPERATOR_DESA, "33.03.06.2015"),
    (Peran.KEPALA_DESA, "33.03.06.2006"),
    (Peran.CAMAT, "33.03.06"),
    (Peran.PMD_KABUPATEN, "33.03"),
    (Peran.PMD_PROVINSI, "63"),
    (Peran.ADMIN, ""),
]


@pytest.mark.parametrize(("role", "kode"), SAH)
def test_role_with_a_region_of_its_level_is_valid(wilayah, role, kode):
    assert _galat(role, kode) is None


@pytest.mark.parametrize(
    ("role", "kode", "pesan"),
    [
        (Peran.OPERATOR_DESA, "", "memerlukan wilayah desa"),
        (Peran.OPERATOR_DESA, "33.03.06", "memerlukan kode desa, bukan 33.03.06"),
        (Peran.KEPALA_DESA, "33.03", "memerlukan kode desa"),
        (Peran.CAMAT, "33.03.06.2015", "memerlukan kode kecamatan"),
        (Peran.CAMAT, "", "memerlukan wilayah kecamatan"),
        (Peran.PMD_KABUPATEN, "33", "memerlukan kode kabupaten/kota"),
        (Peran.PMD_KABUPATEN, "33.03.06", "memerlukan kode kabupaten/kota"),
        (Peran.PMD_PROVINSI, "33.03", "memerlukan kode provinsi"),
        (Peran.ADMIN, "33", "Administrator bekerja secara nasional"),
    ],
)
def test_role_with_a_region_of_another_level_is_refused(wilayah, role, kode, pesan):
    assert pesan in (_galat(role, kode) or "")


@pytest.mark.parametrize(("role", "kode"), [(Peran.OPERATOR_DESA, "33.03.06.2099"), (Peran.CAMAT, "33.03.09"), (Peran.PMD_PROVINSI, "99")])
def test_region_code_must_exist(wilayah, role, kode):
    assert f"Kode wilayah {kode} tidak ditemukan" in (_galat(role, kode) or "")


def test_desa_roles_refuse_a_kelurahan_naming_r32(wilayah):
    for role in (Peran.OPERATOR_DESA, Peran.KEPALA_DESA):
        assert (_galat(role, "33.03.06.1013") or "").startswith("R32: ")


def test_user_without_role_is_not_checked_but_sees_nothing(wilayah):
    from akun.scoping import scope
    from desa.models import Desa

    user = User.objects.create_user(username="tanpa", password="p", wilayah_kode="33")
    user.clean()
    assert scope(user, Desa).count() == 0


def test_tingkat_and_wilayah(persona, wilayah):
    assert persona["sari"].tingkat == 4 and persona["sari"].wilayah == wilayah.klapasawit
    assert persona["camat"].wilayah == wilayah.kalimanah
    assert persona["pmd_pbg"].tingkat == 2 and persona["pmd_pbg"].wilayah == wilayah.purbalingga
    assert persona["prov_kalsel"].wilayah == wilayah.kalsel
    assert persona["admin"].tingkat == 0 and persona["admin"].wilayah is None


# -- The user admin applies the same check -------------------------------------------------------

def test_admin_add_user_form_refuses_a_wrong_level(persona, client):
    client.force_login(persona["admin"])
    data = {
        "username": "operator_baru",
        "usable_password": "true",
        "password1": "Sandi-Panjang-2025",
        "password2": "Sandi-Panjang-2025",
        "role": Peran.OPERATOR_DESA,
        "wilayah_kode": "33.03.06",
    }
    resp = client.post(reverse("admin:akun_user_add"), data)
    assert resp.status_code == 200
    assert "memerlukan kode desa" in str(resp.context["adminform"].form.errors["wilayah_kode"])
    assert not User.objects.filter(username="operator_baru").exists()

    data["wilayah_kode"] = "33.03.06.2015"
    resp = client.post(reverse("admin:akun_user_add"), data)
    assert resp.status_code == 302
    baru = User.objects.get(username="operator_baru")
    assert (baru.role, baru.wilayah_kode) == (Peran.OPERATOR_DESA, "33.03.06.2015")
    assert baru.check_password("Sandi-Panjang-2025")


def test_admin_change_user_form_refuses_a_kelurahan_for_an_operator(persona, client):
    client.force_login(persona["admin"])
    sari = persona["sari"]
    url = reverse("admin:akun_user_change", args=[sari.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for nama in form.fields:
        nilai = form[nama].value()
        if nilai is None or nilai is False:
            continue
        data[nama] = "on" if nilai is True else nilai
    data["wilayah_kode"] = "33.03.06.1013"
    resp = client.post(url, data)
    assert resp.status_code == 200
    assert "R32" in str(resp.context["adminform"].form.errors["wilayah_kode"])
    sari.refresh_from_db()
    assert sari.wilayah_kode == "33.03.06.2015"
