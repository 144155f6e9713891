"""The demo data (``manage.py muat_demo``): idempotent, valid codes, logins that work."""

from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from pghistory.models import Events

from akun.scoping import scope
from desa import aturan, demo
from desa.models import Desa, DesaKomoditas, DesaProfil, Dusun, Kabupaten, Kecamatan, Provinsi

pytestmark = pytest.mark.django_db

DATA_WILAYAH = Path(__file__).resolve().parents[2] / "shared" / "data" / "wilayah"
MODELS = [Provinsi, Kabupaten, Kecamatan, Desa, DesaProfil, Dusun, DesaKomoditas, get_user_model()]


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_runs_twice_without_duplicates_or_changes():
    out = StringIO()
    call_command("muat_demo", stdout=out)
    first = _counts()
    events = Events.objects.count()
    # 6 users from the region demo + 4 partner-desa users from the kerja sama demo
    assert first["Provinsi"] == 2 and first["Kabupaten"] == 5 and first["User"] == 10
    assert "Data demo dimuat." in out.getvalue()

    out = StringIO()
    call_command("muat_demo", stdout=out)
    assert _counts() == first
    assert Events.objects.count() == events, "a second run must not write (no audit rows)"
    assert "tidak ada yang berubah" in out.getvalue()


def test_repairs_a_changed_row_and_says_so():
    demo.muat_demo(tambahan=False)
    Desa.objects.filter(kode=demo.KLAPASAWIT).update(nama="Klapa Sawit")
    ringkasan, _ = demo.muat_demo(tambahan=False)
    assert Desa.objects.get(kode=demo.KLAPASAWIT).nama == "Klapasawit"
    assert ringkasan.hitungan["desa/kelurahan"]["diubah"] == 1


def test_every_code_passes_r28():
    demo.muat_demo(tambahan=False)
    for model in (Provinsi, Kabupaten, Kecamatan, Desa):
        for obj in model.objects.all():
            obj.full_clean()  # clean() applies R28 (format, parent prefix, jenis from the code)
            aturan.periksa_kode(obj.kode, model.TINGKAT, obj.kode_induk)
    for desa in Desa.objects.all():
        aturan.periksa_jenis(desa.kode, desa.jenis, 4)
    assert Desa.objects.filter(jenis="KELURAHAN").exists()  # at least one kelurahan to show R32


@pytest.mark.skipif(not DATA_WILAYAH.is_dir(), reason="../shared/data/wilayah is not beside the project")
def test_codes_and_names_match_the_national_list():
    """The hand-typed codes are the real ones: same name in the Kemendagri list."""
    nasional = {}
    for berkas in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        with open(DATA_WILAYAH / berkas, newline="", encoding="utf-8") as f:
            nasional.update({row["code"]: row["name"] for row in csv.DictReader(f)})
    demo.muat_demo(tambahan=False)
    for model in (Provinsi, Kabupaten, Kecamatan, Desa):
        for kode, nama in model.objects.values_list("kode", "nama"):
            assert nasional.get(kode) == nama, kode


def test_klapasawit_and_its_namesake():
    demo.muat_demo(tambahan=False)
    klapasawit = Desa.objects.select_related("kecamatan__kabupaten").get(kode="33.03.06.2015")
    assert klapasawit.label == "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)"
    assert Desa.objects.filter(nama="Klapasawit").count() == 2
    assert Desa.objects.get(kode="33.02.13.2006").kecamatan.nama == "Purwojati"
    assert klapasawit.dusun.count() == 3
    profil = klapasawit.profil.get(tahun_data=2025)
    assert profil.luas_ha == Decimal("149.124") and profil.luas_sumber == "Data pendiri proyek"
    assert profil.jumlah_dusun == 3
    assert klapasawit.profil.get(tahun_data=2021).luas_sumber == "BPS 2021"
    bambu = klapasawit.komoditas.get(komoditas__nama="Anyaman bambu")
    assert bambu.unggulan and bambu.keterangan == "kerajinan bambu, ekspor Belgia dan Kanada"
    for kab in ("63.01", "63.02", "63.11"):
        assert Desa.objects.filter(kode__startswith=kab + ".").count() >= 2


def test_one_user_per_role_in_the_right_region():
    demo.muat_demo(tambahan=False)
    User = get_user_model()
    roles = dict(User.objects.values_list("username", "role"))
    assert sorted(roles.values()) == sorted(
        ["operator_desa", "kepala_desa", "camat", "pmd_kabupaten", "pmd_provinsi", "admin"]
    )
    for user in User.objects.all():
        user.full_clean()  # role ↔ region level, region exists (akun.models.User.clean)
        assert user.is_staff == (user.role in ("pmd_kabupaten", "pmd_provinsi", "admin"))
        assert user.is_superuser == (user.role == "admin")
    operator = User.objects.get(username="operator_klapasawit")
    assert list(scope(operator, Desa).values_list("kode", flat=True)) == ["33.03.06.2015"]


@pytest.mark.parametrize("username", list(demo.PENGGUNA))
def test_demo_users_can_log_in(client, username):
    demo.muat_demo(tambahan=False)
    response = client.post(reverse("akun:login"), {"username": username, "password": demo.KATA_SANDI_DEMO})
    assert response.status_code == 302, response.content[:500]
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username=username).pk)


def test_changed_password_is_kept_unless_reset():
    demo.muat_demo(tambahan=False)
    user = get_user_model().objects.get(username="camat_kalimanah")
    user.set_password("sandi-pribadi-456")
    user.save()
    demo.muat_demo(tambahan=False)
    user.refresh_from_db()
    assert user.check_password("sandi-pribadi-456")
    demo.muat_demo(setel_ulang_sandi=True)
    user.refresh_from_db()
    assert user.check_password(demo.KATA_SANDI_DEMO)


def test_refused_in_production():
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="produksi"):
        call_command("muat_demo", stdout=StringIO())
    assert not Provinsi.objects.exists()
