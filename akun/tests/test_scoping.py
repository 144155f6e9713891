import pytest
from django.core.exceptions import ImproperlyConfigured
from django.contrib.auth.models import AnonymousUser

from akun.scoping import leluhur, scope
from desa.models import Desa, Kabupaten, Provinsi


def kode_terlihat(user, model):
    return set(scope(user, model).values_list("kode", flat=True))


def test_leluhur():
    assert leluhur("33.03.06.2015") == ["33", "33.03", "33.03.06"]
    assert leluhur("33") == []


def test_operator_sees_own_desa_and_its_ancestors_only(persona, wilayah):
    sari = persona["sari"]
    assert kode_terlihat(sari, Desa) == {"33.03.06.2015"}
    assert kode_terlihat(sari, Kabupaten) == {"33.03"}
    assert kode_terlihat(sari, Provinsi) == {"33"}


def test_pmd_kabupaten_sees_its_kabupaten(persona, wilayah):
    assert kode_terlihat(persona["pmd_pbg"], Desa) == {
        "33.03.06.2015", "33.03.06.2006", "33.03.06.1013", "33.03.01.2001",
    }


def test_admin_sees_everything_and_nobody_else_does_without_role(persona, wilayah, django_user_model):
    assert scope(persona["admin"], Desa).count() == Desa.objects.count()
    tanpa_peran = django_user_model.objects.create_user(username="x", password="p")
    assert scope(tanpa_peran, Desa).count() == 0
    assert scope(AnonymousUser(), Desa).count() == 0
    persona["pmd_pbg"].is_active = False
    assert scope(persona["pmd_pbg"], Desa).count() == 0


def test_unregistered_model_fails_closed(persona):
    from django.contrib.sessions.models import Session

    with pytest.raises(ImproperlyConfigured):
        scope(persona["admin"], Session)
