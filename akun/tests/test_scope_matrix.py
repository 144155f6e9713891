"""The scope matrix (STYLE.md §13): who sees and changes which object, on every face, as data.

``TERLIHAT`` below is the whole truth of the matrix, written by hand from the region tree of the
root conftest (it is not computed from ``scope()``, which it tests). From it and the two editor
lists, ``MATRIKS`` spells out one row per (persona, object, action) with the status every face
must answer:

- list:   200 = the object's row appears in the list, 404 = it does not;
- detail: 200 = shown, 404 = not found (out of scope never answers 403: that would confirm it exists);
- update: 200 = allowed and saved, 403 = visible but not this persona's to change, 404 = not found.

Each face turns a row into its own request: the model layer (``scope()``, ``has_perm``), the admin,
the API and the pages. A face test runs every row of one persona and reports every mismatch at once
(one test per row would rebuild the fixtures ~1000 times on a shared two-core machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from akun.scoping import dalam_lingkup, scope
from desa import models as m

# -- The objects --------------------------------------------------------------------------------

# Desa positions, seen from Sari (operator of Klapasawit): her own desa, the neighbour in the same
# kecamatan, a desa of another kecamatan of the same kabupaten, one of another kabupaten of the same
# province (the Banyumas homonym Klapasawit), one of another province.
DESA = {
    "klp": "33.03.06.2015",  # Klapasawit, Kalimanah, Purbalingga
    "tgg": "33.03.06.2006",  # Kalimanah Kulon, same kecamatan
    "kmk": "33.03.01.2001",  # Kemangkon, same kabupaten
    "bms": "33.02.13.2006",  # Klapasawit, Purwojati, Banyumas: same province, same name
    "kls": "63.01.01.2001",  # Takisung, Kalimantan Selatan
}
KECAMATAN = {"kal": "33.03.06", "kem": "33.03.01", "pwj": "33.02.13", "tks": "63.01.01"}
KABUPATEN = {"pbg": "33.03", "bms": "33.02", "tla": "63.01"}
PROVINSI = {"jtg": "33", "kls": "63"}

# Kinds of objects hanging on a desa (one row of each per desa, made by the ``objek`` fixture).
JENIS_PROFIL = ("desaprofil", "desakomoditas", "desafasilitas", "indeksdesaskor")

# Who sees what. Columns: desa klp tgg kmk bms kls | kecamatan kal kem pwj tks | kabupaten pbg bms tla
# | provinsi jtg kls. A region's ancestors are visible so the browser can walk down to it.
TABEL = """
persona      klp tgg kmk bms kls | kal kem pwj tks | pbg bms tla | jtg kls
sari          Y   .   .   .   .  |  Y   .   .   .  |  Y   .   .  |  Y   .
budi          Y   .   .   .   .  |  Y   .   .   .  |  Y   .   .  |  Y   .
tono          .   Y   .   .   .  |  Y   .   .   .  |  Y   .   .  |  Y   .
camat         Y   Y   .   .   .  |  Y   .   .   .  |  Y   .   .  |  Y   .
camat_lain    .   .   Y   .   .  |  .   Y   .   .  |  Y   .   .  |  Y   .
pmd_pbg       Y   Y   Y   .   .  |  Y   Y   .   .  |  Y   .   .  |  Y   .
pmd_bms       .   .   .   Y   .  |  .   .   Y   .  |  .   Y   .  |  Y   .
prov_jateng   Y   Y   Y   Y   .  |  Y   Y   Y   .  |  Y   Y   .  |  Y   .
prov_kalsel   .   .   .   .   Y  |  .   .   .   Y  |  .   .   Y  |  .   Y
admin         Y   Y   Y   Y   Y  |  Y   Y   Y   Y  |  Y   Y   Y  |  Y   Y
"""

# Who may change what they see (desa/permissions.py says the same in predicates; this is the spec).
PENYUNTING_PROFIL = {"sari", "budi", "tono", "pmd_pbg", "pmd_bms", "admin"}
PENYUNTING_WILAYAH = {"admin"}


def _baca_tabel() -> dict[str, set[str]]:
    baris = [b.replace("|", " ").split() for b in TABEL.strip().splitlines()]
    kolom = ["desa:" + k for k in DESA] + ["kecamatan:" + k for k in KECAMATAN]
    kolom += ["kabupaten:" + k for k in KABUPATEN] + ["provinsi:" + k for k in PROVINSI]
    assert baris[0][1:] == [k.split(":")[1] for k in kolom]
    return {b[0]: {k for k, v in zip(kolom, b[1:], strict=True) if v == "Y"} for b in baris[1:]}


TERLIHAT = _baca_tabel()


@dataclass(frozen=True)
class Baris:
    persona: str
    jenis: str  # model name: desa, desaprofil, …, kecamatan, kabupaten, provinsi
    posisi: str  # key in DESA / KECAMATAN / …
    aksi: str  # list, detail, update
    status: int

    def __str__(self) -> str:
        return f"{self.persona} {self.aksi} {self.jenis}@{self.posisi} → {self.status}"


def _matriks() -> list[Baris]:
    rows = []
    objek = [("desa", k, "desa:" + k) for k in DESA]
    objek += [(j, k, "desa:" + k) for j in JENIS_PROFIL for k in DESA]
    objek += [("kecamatan", k, "kecamatan:" + k) for k in KECAMATAN]
    objek += [("kabupaten", k, "kabupaten:" + k) for k in KABUPATEN]
    objek += [("provinsi", k, "provinsi:" + k) for k in PROVINSI]
    for persona, terlihat in TERLIHAT.items():
        for jenis, posisi, kunci in objek:
            lihat = kunci in terlihat
            penyunting = PENYUNTING_PROFIL if jenis in JENIS_PROFIL else PENYUNTING_WILAYAH
            rows.append(Baris(persona, jenis, posisi, "list", 200 if lihat else 404))
            rows.append(Baris(persona, jenis, posisi, "detail", 200 if lihat else 404))
            ubah = (200 if persona in penyunting else 403) if lihat else 404
            rows.append(Baris(persona, jenis, posisi, "update", ubah))
    return rows


MATRIKS = _matriks()
PERSONA = list(TERLIHAT)
STAF = {"pmd_pbg", "pmd_bms", "prov_jateng", "prov_kalsel", "admin"}  # is_staff in the root conftest


def test_matriks_has_every_persona_object_and_action():
    from conftest import PERSONA as PERSONA_CONFTEST

    assert set(TERLIHAT) == set(PERSONA_CONFTEST)
    assert len(MATRIKS) == len(PERSONA_CONFTEST) * (5 + 5 * 4 + 4 + 3 + 2) * 3
    # 0 leaks means something: the table denies as much as it allows.
    assert sum(r.status == 404 for r in MATRIKS) > sum(r.status == 200 for r in MATRIKS) / 2


# -- Fixtures -----------------------------------------------------------------------------------

@pytest.fixture
def objek(wilayah):
    """``objek[(jenis, posisi)]`` → the object; one profile, commodity, facility and index row per desa."""
    bambu, _ = m.Komoditas.objects.get_or_create(nama="Kerajinan bambu", defaults={"sektor": "INDUSTRI_KERAJINAN"})
    kantor, _ = m.JenisFasilitas.objects.get_or_create(
        kode="kantor-desa", defaults={"nama": "Kantor desa", "kelompok": "PEMERINTAHAN"}
    )
    hasil = {}
    for posisi, kode in DESA.items():
        desa = m.Desa.objects.get(kode=kode)
        hasil["desa", posisi] = desa
        hasil["desaprofil", posisi] = m.DesaProfil.objects.create(
            desa=desa, tahun_data=2024, jumlah_penduduk=1000, jumlah_kk=300, sumber_data="BPS"
        )
        hasil["desakomoditas", posisi] = m.DesaKomoditas.objects.create(
            desa=desa, komoditas=bambu, tahun=2024, unggulan=True
        )
        hasil["desafasilitas", posisi] = m.DesaFasilitas.objects.create(desa=desa, jenis=kantor, tahun=2024, jumlah=1)
        hasil["indeksdesaskor", posisi] = m.IndeksDesaSkor.objects.create(
            desa=desa, tahun=2024, jenis_indeks="IDM", nilai=Decimal("0.7000"), status="BERKEMBANG"
        )
    for posisi, kode in KECAMATAN.items():
        hasil["kecamatan", posisi] = m.Kecamatan.objects.get(kode=kode)
    for posisi, kode in KABUPATEN.items():
        hasil["kabupaten", posisi] = m.Kabupaten.objects.get(kode=kode)
    for posisi, kode in PROVINSI.items():
        hasil["provinsi", posisi] = m.Provinsi.objects.get(kode=kode)
    return hasil


MODEL = {
    "desa": m.Desa,
    "desaprofil": m.DesaProfil,
    "desakomoditas": m.DesaKomoditas,
    "desafasilitas": m.DesaFasilitas,
    "indeksdesaskor": m.IndeksDesaSkor,
    "kecamatan": m.Kecamatan,
    "kabupaten": m.Kabupaten,
    "provinsi": m.Provinsi,
}

# The field an update changes, and the new value (admin form value, API/page payload value).
PERUBAHAN = {
    "desa": ("sebutan_lokal", "kampung"),
    "desaprofil": ("jumlah_kk", 321),
    "desakomoditas": ("keterangan", "anyaman bambu, ekspor Belgia"),
    "desafasilitas": ("jumlah", 2),
    "indeksdesaskor": ("dasar_penetapan", "Kepmendes 2024"),
    "kecamatan": ("nama", "Nama Baru"),
    "kabupaten": ("nama", "Kabupaten Nama Baru"),
    "provinsi": ("nama", "Provinsi Nama Baru"),
}


def _periksa(persona: str, face: str, cek) -> None:
    """Run ``cek(row) -> actual status`` over the persona's rows; fail with every mismatch listed."""
    salah = []
    rows = [r for r in MATRIKS if r.persona == persona]
    for row in rows:
        aktual = cek(row)
        if aktual != row.status:
            salah.append(f"{row}, {face} answered {aktual}")
    assert not salah, f"{len(salah)} of {len(rows)} rows wrong:\n" + "\n".join(salah)


# -- Face 1: the model layer (scope and rules) ---------------------------------------------------

@pytest.mark.parametrize("nama", PERSONA)
def test_model_layer(nama, persona, objek):
    user = persona[nama]

    def cek(row: Baris) -> int:
        obj = objek[row.jenis, row.posisi]
        if row.aksi == "list":
            return 200 if scope(user, MODEL[row.jenis]).filter(pk=obj.pk).exists() else 404
        if row.aksi == "detail":
            return 200 if dalam_lingkup(user, obj) else 404
        if not dalam_lingkup(user, obj):
            # Out of scope: the write predicate must refuse too, whatever the role.
            assert not user.has_perm(f"desa.change_{row.jenis}", obj), f"{row}: has_perm leaks"
            return 404
        return 200 if user.has_perm(f"desa.change_{row.jenis}", obj) else 403

    _periksa(nama, "model", cek)


# -- Face 2: the admin -----------------------------------------------------------------------------

def _data_form_admin(admin_user, rf, obj, field: str, nilai) -> dict:
    """The POST body of the admin change form for ``obj`` (as the administrator's form shows it)."""
    from django.contrib import admin as django_admin

    ma = django_admin.site._registry[type(obj)]
    request = rf.get("/")
    request.user = admin_user
    form = ma.get_form(request, obj, change=True)(instance=obj)
    data = {}
    for nama_field, bf in form.fields.items():
        nilai_awal = form[nama_field].value()
        if isinstance(nilai_awal, bool):
            if nilai_awal:
                data[nama_field] = "on"
            continue
        data[nama_field] = "" if nilai_awal is None else nilai_awal
    data[field] = nilai
    data["_save"] = "Simpan"
    return data


@pytest.mark.parametrize("nama", PERSONA)
def test_admin(nama, persona, objek, client, rf):
    user = persona[nama]
    client.force_login(user)
    daftar_cache: dict[str, set] = {}

    def url(row, aksi):
        obj = objek[row.jenis, row.posisi]
        return reverse(f"admin:desa_{row.jenis}_{aksi}", args=[obj.pk] if aksi == "change" else [])

    def cek(row: Baris) -> int:
        obj = objek[row.jenis, row.posisi]
        if row.aksi == "list":
            if row.jenis not in daftar_cache:
                resp = client.get(url(row, "changelist"))
                if resp.status_code != 200:
                    return resp.status_code
                daftar_cache[row.jenis] = {o.pk for o in resp.context["cl"].result_list}
            return 200 if obj.pk in daftar_cache[row.jenis] else 404
        if row.aksi == "detail":
            return client.get(url(row, "change")).status_code
        field, nilai = PERUBAHAN[row.jenis]
        data = _data_form_admin(persona["admin"], rf, obj, field, nilai)
        resp = client.post(url(row, "change"), data)
        if resp.status_code == 302 and resp.url.startswith(reverse("admin:login")):
            return 302
        obj_baru = type(obj).objects.get(pk=obj.pk)
        if resp.status_code == 302:
            assert str(getattr(obj_baru, field)) == str(nilai), f"{row}: redirected but not saved"
            setattr(obj, field, getattr(obj_baru, field))
            return 200
        assert str(getattr(obj_baru, field)) != str(nilai), f"{row}: refused with {resp.status_code} but saved"
        if resp.status_code == 200:  # the form came back with errors
            pytest.fail(f"{row}: form errors {resp.context['adminform'].form.errors.as_json()}")
        return resp.status_code

    if nama in STAF:
        _periksa(nama, "admin", cek)
    else:
        # No admin at all for desa, camat: every admin URL sends them to the admin login page.
        for row in MATRIKS:
            if row.persona == nama and row.aksi != "list":
                resp = client.get(url(row, "change"))
                assert resp.status_code == 302 and resp.url.startswith(reverse("admin:login")), str(row)
        assert client.get(reverse("admin:desa_desa_changelist")).status_code == 302


# -- Face 3: the API -------------------------------------------------------------------------------

# Endpoint per kind, and how its detail URL names the object. desafasilitas and indeksdesaskor have no
# API endpoint (issue 2 §8 lists provinsi, kabupaten, kecamatan, desa, profile, komoditas); regions
# are read-only in the API, so only the profile and the desa commodities have API update rows.
API = {
    "provinsi": ("provinsi", "kode"),
    "kabupaten": ("kabupaten", "kode"),
    "kecamatan": ("kecamatan", "kode"),
    "desa": ("desa", "kode"),
    "desaprofil": ("profil-desa", "id"),
    "desakomoditas": ("komoditas-desa", "id"),
}
API_UBAH = {"desaprofil", "desakomoditas"}


def _hasil_api(resp) -> list[dict]:
    data = resp.json()
    return data["results"] if isinstance(data, dict) else data


@pytest.mark.parametrize("nama", PERSONA)
def test_api(nama, persona, objek, client):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(persona[nama])
    daftar_cache: dict[str, set] = {}

    def cek(row: Baris) -> int | None:
        if row.jenis not in API or (row.aksi == "update" and row.jenis not in API_UBAH):
            return None
        obj = objek[row.jenis, row.posisi]
        rute, kunci = API[row.jenis]
        nilai_kunci = getattr(obj, kunci)
        if row.aksi == "list":
            if row.jenis not in daftar_cache:
                resp = api.get(f"/api/v1/{rute}/", {"page_size": 200})
                assert resp.status_code == 200, f"{row}: list answered {resp.status_code}"
                daftar_cache[row.jenis] = {r[kunci] for r in _hasil_api(resp)}
            return 200 if nilai_kunci in daftar_cache[row.jenis] else 404
        url = f"/api/v1/{rute}/{nilai_kunci}/"
        if row.aksi == "detail":
            return api.get(url).status_code
        field, nilai = PERUBAHAN[row.jenis]
        resp = api.patch(url, {field: nilai}, format="json")
        tersimpan = str(getattr(type(obj).objects.get(pk=obj.pk), field)) == str(nilai)
        assert tersimpan == (resp.status_code == 200), f"{row}: answered {resp.status_code}, saved={tersimpan}"
        if tersimpan:
            setattr(obj, field, nilai)
        return resp.status_code

    _periksa_sebagian(nama, "API", cek)


def _periksa_sebagian(persona: str, face: str, cek) -> None:
    """Like ``_periksa``, for a face that has no request for some rows (``cek`` returns None)."""
    salah, dijalankan = [], 0
    rows = [r for r in MATRIKS if r.persona == persona]
    for row in rows:
        aktual = cek(row)
        if aktual is None:
            continue
        dijalankan += 1
        if aktual != row.status:
            salah.append(f"{row}, {face} answered {aktual}")
    assert dijalankan, f"no {face} rows for {persona}"
    assert not salah, f"{len(salah)} of {dijalankan} rows wrong:\n" + "\n".join(salah)


# -- Face 4: the pages -------------------------------------------------------------------------------

INDUK = {"desa": "kecamatan", "kecamatan": "kabupaten", "kabupaten": "provinsi"}
KONTEKS_DETAIL = {"desakomoditas": "komoditas", "desafasilitas": "fasilitas", "indeksdesaskor": "indeks"}


def _kode_induk(obj) -> str | None:
    return obj.kode.rsplit(".", 1)[0] if "." in obj.kode else None


@pytest.mark.parametrize("nama", PERSONA)
def test_pages(nama, persona, objek, client):
    """Lists: the region browser one level up (``/wilayah/``, ``/wilayah/<induk>/``); details: the region
    page, or the desa page that shows the profile rows; update: the profile edit form. Commodity, facility
    and index rows have no list page and no edit page of their own."""
    user = persona[nama]
    client.force_login(user)

    def cek(row: Baris) -> int | None:
        obj = objek[row.jenis, row.posisi]
        if row.jenis in JENIS_PROFIL:
            desa = obj.desa
            if row.aksi == "list":
                return None
            if row.aksi == "detail":
                resp = client.get(reverse("desa:detail", args=[desa.kode]), {"tahun": 2024})
                if resp.status_code == 200:
                    if row.jenis == "desaprofil":
                        assert resp.context["profil"] == obj, str(row)
                    else:
                        assert obj in resp.context[KONTEKS_DETAIL[row.jenis]], str(row)
                return resp.status_code
            if row.jenis != "desaprofil":
                return None
            url = reverse("desa:profil_ubah", args=[desa.kode]) + "?tahun=2024"
            resp = client.get(url)
            if resp.status_code != 200:
                return resp.status_code
            data = {k: ("" if v is None else v) for k, v in resp.context["form"].initial.items()}
            data = {k: v for k, v in data.items() if k in resp.context["form"].fields}
            field, nilai = PERUBAHAN[row.jenis]
            data[field] = nilai
            resp = client.post(url, data)
            if resp.status_code == 200 or resp.status_code == 400:
                pytest.fail(f"{row}: form errors {resp.context['form'].errors.as_json()}")
            assert resp.status_code == 302, f"{row}: answered {resp.status_code}"
            assert getattr(type(obj).objects.get(pk=obj.pk), field) == nilai, f"{row}: not saved"
            return 200
        if row.aksi == "update":
            return None  # regions are edited in the admin only
        if row.aksi == "detail":
            url = reverse("desa:detail" if row.jenis == "desa" else "desa:wilayah_detail", args=[obj.kode])
            return client.get(url).status_code
        induk = _kode_induk(obj)
        url = reverse("desa:wilayah_detail", args=[induk]) if induk else reverse("desa:wilayah")
        resp = client.get(url)
        if resp.status_code == 302 and user.tingkat == 4 and induk is None:
            # By design the browser root sends a desa's own people to their desa page; the province
            # list is not a page they have. Absent, not leaked.
            return row.status
        if resp.status_code == 404:
            return 404
        assert resp.status_code == 200, f"{row}: list page answered {resp.status_code}"
        kode_tampil = {w.kode for w in resp.context["halaman"].object_list}
        return 200 if obj.kode in kode_tampil else 404

    _periksa_sebagian(nama, "pages", cek)


# -- Admin details the matrix does not reach: choosers, autocomplete, re-check, audit, users -------

def _autocomplete(client, url_name: str, term: str = "", model: str = "desaprofil") -> dict[str, str]:
    params = {"app_label": "desa", "model_name": model, "field_name": "desa", "term": term}
    resp = client.get(reverse(url_name), params)
    assert resp.status_code == 200, resp.content[:300]
    return {r["id"]: r["text"] for r in resp.json()["results"]}


@pytest.mark.parametrize("url_name", ["admin:autocomplete", "admin:desa_desa_autocomplete"])
def test_desa_autocomplete_is_scoped(persona, wilayah, client, url_name):
    client.force_login(persona["pmd_pbg"])
    hasil = _autocomplete(client, url_name, "Klapasawit")
    assert set(hasil) == {str(wilayah.klapasawit.pk)}  # not the Banyumas homonym
    semua = _autocomplete(client, url_name)
    assert set(semua) == {str(d.pk) for d in (wilayah.klapasawit, wilayah.tetangga, wilayah.kelurahan, wilayah.kemangkon_desa)}
    assert _autocomplete(client, url_name, "63.01") == {}


def test_desa_autocomplete_answers_with_the_r29_label_and_searches_codes(persona, wilayah, client):
    client.force_login(persona["prov_jateng"])
    hasil = _autocomplete(client, "admin:desa_desa_autocomplete", "Klapasawit")
    assert sorted(hasil.values()) == [
        "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)",
        "Klapasawit — Purwojati, Banyumas (33.02.13.2006)",
    ]
    assert list(_autocomplete(client, "admin:desa_desa_autocomplete", "33.02.13").values()) == [
        "Klapasawit — Purwojati, Banyumas (33.02.13.2006)"
    ]


def test_admin_add_form_refuses_a_desa_outside_scope(persona, wilayah, client):
    client.force_login(persona["pmd_pbg"])
    url = reverse("admin:desa_desaprofil_add")
    resp = client.get(url)
    assert resp.status_code == 200
    pilihan = resp.context["adminform"].form.fields["desa"]
    assert set(pilihan.queryset.values_list("kode", flat=True)) == {
        "33.03.06.2015", "33.03.06.2006", "33.03.06.1013", "33.03.01.2001"
    }
    assert pilihan.label_from_instance(wilayah.klapasawit) == "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)"
    data = {"desa": wilayah.klapasawit_banyumas.pk, "tahun_data": 2024, "sumber_data": "BPS"}
    resp = client.post(url, data)
    assert resp.status_code == 200 and "desa" in resp.context["adminform"].form.errors
    assert not m.DesaProfil.objects.exists()
    data["desa"] = wilayah.klapasawit.pk
    assert client.post(url, data).status_code == 302
    profil = m.DesaProfil.objects.get()
    assert profil.created_by == persona["pmd_pbg"] and profil.updated_by == persona["pmd_pbg"]


def test_admin_save_rechecks_scope_and_rolls_back(persona, wilayah, rf):
    """A row that ends up outside the writer's scope is refused after saving, and nothing stays."""
    from django.contrib import admin as django_admin
    from django.core.exceptions import PermissionDenied

    ma = django_admin.site._registry[m.DesaProfil]
    request = rf.post("/")
    request.user = persona["pmd_pbg"]
    profil = m.DesaProfil(desa=wilayah.desa_kalsel, tahun_data=2024, sumber_data="BPS")
    with pytest.raises(PermissionDenied):
        ma.save_model(request, profil, form=None, change=False)
    assert not m.DesaProfil.objects.filter(desa=wilayah.desa_kalsel).exists()


def test_region_admin_is_read_only_for_non_admin_staff(persona, wilayah, client):
    client.force_login(persona["prov_jateng"])
    resp = client.get(reverse("admin:desa_desa_change", args=[wilayah.klapasawit.pk]))
    assert resp.status_code == 200
    assert resp.context["has_change_permission"] is False
    assert client.get(reverse("admin:desa_desa_add")).status_code == 403
    assert client.post(reverse("admin:desa_desa_delete", args=[wilayah.klapasawit.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:desa_desa_delete", args=[wilayah.desa_kalsel.pk]), {"post": "yes"}).status_code == 404
    assert m.Desa.objects.filter(pk=wilayah.klapasawit.pk).exists()


def test_desa_admin_list_shows_the_r29_label_and_filters_by_jenis(persona, wilayah, client):
    client.force_login(persona["pmd_pbg"])
    resp = client.get(reverse("admin:desa_desa_changelist"), {"jenis__exact": "KELURAHAN"})
    assert [d.kode for d in resp.context["cl"].result_list] == ["33.03.06.1013"]
    assert "Kalikabong — Kalimanah, Purbalingga (33.03.06.1013)" in resp.content.decode()
    resp = client.get(reverse("admin:desa_desa_changelist"), {"q": "Klapasawit"})
    assert [d.kode for d in resp.context["cl"].result_list] == ["33.03.06.2015"]


@pytest.mark.parametrize("jenis", ["desa", "desaprofil", "desakomoditas", "desafasilitas", "indeksdesaskor"])
def test_admin_changelist_query_count_does_not_grow_with_rows(jenis, persona, objek, client):
    """The Purbalingga official's list costs the same number of queries with 1 more row or 6 more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(f"admin:desa_{jenis}_changelist")
    client.force_login(persona["pmd_pbg"])
    client.get(url)  # warm caches (content types, session)

    def ukur() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as q:
            resp = client.get(url)
        assert resp.status_code == 200
        return len(q), len(resp.context["cl"].result_list)

    def tambah(n: int, mulai: int) -> None:
        for i in range(mulai, mulai + n):
            if jenis == "desa":
                m.Desa.objects.create(kode=f"33.03.06.20{40 + i}", nama=f"Desa {i}", kecamatan=objek["kecamatan", "kal"], jenis="DESA")
            else:
                obj = type(objek[jenis, "klp"]).objects.get(pk=objek[jenis, "klp"].pk)
                obj.pk = None
                setattr(obj, "tahun_data" if jenis == "desaprofil" else "tahun", 2010 + i)
                obj.save()

    tambah(1, 0)
    sedikit = ukur()
    tambah(6, 1)
    banyak = ukur()
    assert banyak[1] == sedikit[1] + 6
    assert banyak[0] == sedikit[0], (sedikit, banyak)


def test_events_admin_is_for_administrators_only(persona, objek, client):
    url = reverse("admin:pghistory_events_changelist")
    for nama in ("pmd_pbg", "prov_jateng"):
        client.force_login(persona[nama])
        assert client.get(url).status_code == 403
        assert client.get(url, {"obj": f"desa.desaprofil:{objek['desaprofil', 'kls'].pk}"}).status_code == 403
        index = client.get(reverse("admin:index"))
        assert "pghistory" not in {a["app_label"] for a in index.context["app_list"]}
    client.force_login(persona["admin"])
    resp = client.get(url)
    assert resp.status_code == 200 and len(resp.context["cl"].result_list) > 0


def test_user_admin_is_scoped_and_read_only_for_pmd(persona, client):
    client.force_login(persona["pmd_pbg"])
    resp = client.get(reverse("admin:akun_user_changelist"))
    assert {u.username for u in resp.context["cl"].result_list} == {"sari", "budi", "tono", "camat", "camat_lain", "pmd_pbg"}
    assert client.get(reverse("admin:akun_user_change", args=[persona["sari"].pk])).status_code == 200
    for lain in ("pmd_bms", "prov_kalsel", "admin"):
        assert client.get(reverse("admin:akun_user_change", args=[persona[lain].pk])).status_code == 404
        assert client.get(reverse("admin:auth_user_password_change", args=[persona[lain].pk])).status_code == 404
    assert client.get(reverse("admin:auth_user_password_change", args=[persona["sari"].pk])).status_code == 403
    assert client.get(reverse("admin:akun_user_add")).status_code == 403


def test_user_admin_offers_no_password_link_it_would_refuse(persona, client):
    """A PMD official reading a user's page gets no "reset password" link (that page answers 403 to them);
    an administrator keeps it."""
    halaman = reverse("admin:akun_user_change", args=[persona["sari"].pk])
    tautan = reverse("admin:auth_user_password_change", args=[persona["sari"].pk])
    for nama, ada in (("pmd_pbg", False), ("prov_jateng", False), ("admin", True)):
        client.force_login(persona[nama])
        teks = client.get(halaman).content.decode()
        assert (tautan in teks or 'href="../password/"' in teks) is ada, nama
        assert client.get(tautan).status_code == (200 if ada else 403)


# -- Face 5: the exports (lists of desa and of profiles as CSV) ----------------------------------------

def _kode_di_csv(resp) -> set[str]:
    import csv
    import io

    assert resp.status_code == 200
    isi = b"".join(resp.streaming_content) if resp.streaming else resp.content
    teks = isi.decode("utf-8-sig")
    baris = list(csv.reader(io.StringIO(teks)))  # desa/berkas.py csv_alir: comma, UTF-8 with BOM
    judul = [h.strip().lower() for h in baris[0]]
    assert "kode" in judul or "kode desa" in judul, judul
    kolom = judul.index("kode") if "kode" in judul else judul.index("kode desa")
    return {b[kolom] for b in baris[1:] if b}


@pytest.mark.parametrize("nama", PERSONA)
def test_exports(nama, persona, objek, client):
    client.force_login(persona[nama])
    ekspor = {
        "desa": _kode_di_csv(client.get(reverse("desa:ekspor_desa", args=["csv"]))),
        "desaprofil": _kode_di_csv(client.get(reverse("desa:ekspor_profil", args=["csv"]), {"tahun": 2024})),
    }

    def cek(row: Baris) -> int | None:
        if row.aksi != "list" or row.jenis not in ekspor:
            return None
        return 200 if DESA[row.posisi] in ekspor[row.jenis] else 404

    _periksa_sebagian(nama, "exports", cek)
