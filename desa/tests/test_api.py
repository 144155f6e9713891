"""API v1 of regions, profiles and commodities: scope per role, filters, pages, writes, errors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from desa.aturan import R32
from desa.models import Desa, DesaKomoditas, DesaProfil, Kecamatan, Komoditas

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """``api(user)`` → an APIClient signed in as ``user`` (or anonymous with None)."""

    def _client(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


def kode_list(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["kode"] for row in response.json()["results"]]


# -- Scope per role ------------------------------------------------------------------------------

SEMUA_DESA = {"33.03.06.2015", "33.03.06.2006", "33.03.06.1013", "33.03.01.2001", "33.02.13.2006", "63.01.01.2001"}
DESA_TERLIHAT = {
    "sari": {"33.03.06.2015"},
    "tono": {"33.03.06.2006"},
    "camat": {"33.03.06.2015", "33.03.06.2006", "33.03.06.1013"},
    "pmd_pbg": {"33.03.06.2015", "33.03.06.2006", "33.03.06.1013", "33.03.01.2001"},
    "pmd_bms": {"33.02.13.2006"},
    "prov_jateng": SEMUA_DESA - {"63.01.01.2001"},
    "prov_kalsel": {"63.01.01.2001"},
    "admin": SEMUA_DESA,
}


@pytest.mark.parametrize("nama", DESA_TERLIHAT)
def test_desa_list_is_cut_to_the_users_region(api, persona, nama):
    assert set(kode_list(api(persona[nama]).get("/api/v1/desa/"))) == DESA_TERLIHAT[nama]


@pytest.mark.parametrize("nama", DESA_TERLIHAT)
def test_desa_detail_answers_404_outside_the_region(api, persona, nama):
    client = api(persona[nama])
    for kode in SEMUA_DESA:
        response = client.get(f"/api/v1/desa/{kode}/")
        expected = 200 if kode in DESA_TERLIHAT[nama] else 404
        assert response.status_code == expected, (nama, kode)
        if expected == 200:
            assert response.json()["kode"] == kode


def test_operator_sees_own_region_chain_but_no_neighbour_kecamatan(api, persona):
    client = api(persona["sari"])
    assert kode_list(client.get("/api/v1/provinsi/")) == ["33"]
    assert kode_list(client.get("/api/v1/kabupaten/")) == ["33.03"]
    assert kode_list(client.get("/api/v1/kecamatan/")) == ["33.03.06"]
    assert client.get("/api/v1/kecamatan/33.03.01/").status_code == 404
    assert client.get("/api/v1/kabupaten/33.02/").status_code == 404
    assert client.get("/api/v1/provinsi/63/").status_code == 404


def test_pmd_kabupaten_reads_the_kecamatan_of_its_kabupaten_only(api, persona):
    client = api(persona["pmd_pbg"])
    assert kode_list(client.get("/api/v1/kecamatan/")) == ["33.03.01", "33.03.06"]
    assert client.get("/api/v1/kecamatan/33.02.13/").status_code == 404
    body = client.get("/api/v1/kabupaten/33.03/").json()
    assert body["provinsi"] == {"kode": "33", "nama": "Jawa Tengah"}
    assert body["nama_singkat"] == "Purbalingga"


def test_anonymous_gets_401_in_indonesian(api, wilayah):
    response = api().get("/api/v1/desa/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Data autentikasi tidak diberikan."


def test_unknown_code_404_message_is_indonesian(api, persona):
    response = api(persona["admin"]).get("/api/v1/desa/99.99.99.2999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Data tidak ditemukan."


# -- Desa rows and filters -----------------------------------------------------------------------

def test_desa_row_carries_label_and_parents(api, persona):
    body = api(persona["sari"]).get("/api/v1/desa/33.03.06.2015/").json()
    assert body == {
        "kode": "33.03.06.2015",
        "nama": "Klapasawit",
        "jenis": "DESA",
        "label": "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)",
        "kecamatan": {"kode": "33.03.06", "nama": "Kalimanah"},
        "kabupaten": {"kode": "33.03", "nama": "Kabupaten Purbalingga"},
    }
    rows = api(persona["sari"]).get("/api/v1/desa/").json()["results"]
    assert rows == [body]


def test_homonym_klapasawit_appears_twice_with_distinct_labels(api, persona):
    rows = api(persona["admin"]).get("/api/v1/desa/", {"q": "Klapasawit"}).json()["results"]
    assert [r["label"] for r in rows] == [
        "Klapasawit — Purwojati, Banyumas (33.02.13.2006)",
        "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)",
    ]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kode": "33.03"}, ["33.03.01.2001", "33.03.06.1013", "33.03.06.2006", "33.03.06.2015"]),
        ({"kode": "33.03.06.20"}, ["33.03.06.2006", "33.03.06.2015"]),
        ({"kode": "33.03.06.2015"}, ["33.03.06.2015"]),
        ({"provinsi": "63"}, ["63.01.01.2001"]),
        ({"kabupaten": "33.02"}, ["33.02.13.2006"]),
        ({"kecamatan": "33.03.06"}, ["33.03.06.1013", "33.03.06.2006", "33.03.06.2015"]),
        ({"jenis": "KELURAHAN"}, ["33.03.06.1013"]),
        ({"kabupaten": "33.03", "jenis": "DESA"}, ["33.03.01.2001", "33.03.06.2006", "33.03.06.2015"]),
        ({"q": "33.03.06"}, ["33.03.06.1013", "33.03.06.2006", "33.03.06.2015"]),
        ({"q": "3303062015"}, ["33.03.06.2015"]),
        ({"q": "kulon"}, ["33.03.06.2006"]),  # part of a name
        ({"q": "Klapaswit"}, ["33.02.13.2006", "33.03.06.2015"]),  # a typo, by trigram similarity
        ({"q": "Tidakada"}, []),
    ],
)
def test_desa_filters(api, persona, params, expected):
    assert kode_list(api(persona["admin"]).get("/api/v1/desa/", params)) == expected


def test_filters_never_widen_the_scope(api, persona):
    client = api(persona["sari"])
    assert kode_list(client.get("/api/v1/desa/", {"kabupaten": "33.02"})) == []
    assert kode_list(client.get("/api/v1/desa/", {"q": "Klapasawit"})) == ["33.03.06.2015"]


def test_malformed_filter_answers_400_naming_the_field(api, persona):
    response = api(persona["admin"]).get("/api/v1/desa/", {"kabupaten": "3303", "jenis": "KOTA"})
    assert response.status_code == 400
    body = response.json()
    assert body["kabupaten"] == ["Kode kabupaten/kota tidak sah; contoh: 33.03."]
    assert body["jenis"] == ["Masukkan pilihan yang valid. KOTA bukan salah satu dari pilihan yang tersedia."]


def test_filterset_works_on_a_plain_querydict(persona):
    """The region browser pages use the same FilterSet with request.GET."""
    from django.http import QueryDict

    from desa.filtersets import DesaFilterSet
    from desa.queries import desa_list

    fs = DesaFilterSet(QueryDict("kecamatan=33.03.06&q=kali"), queryset=desa_list(persona["camat"]))
    assert fs.is_valid()
    assert [d.kode for d in fs.qs] == ["33.03.06.1013", "33.03.06.2006"]


def test_kecamatan_and_kabupaten_filters(api, persona):
    client = api(persona["admin"])
    assert kode_list(client.get("/api/v1/kecamatan/", {"kabupaten": "33.03"})) == ["33.03.01", "33.03.06"]
    assert kode_list(client.get("/api/v1/kabupaten/", {"provinsi": "63"})) == ["63.01"]
    assert kode_list(client.get("/api/v1/kecamatan/", {"q": "Purwo"})) == ["33.02.13"]


# -- Cursor pagination and query counts ----------------------------------------------------------

def _tambah_desa(kecamatan: Kecamatan, jumlah: int) -> None:
    Desa.objects.bulk_create(
        Desa(kode=f"{kecamatan.kode}.{2100 + i}", nama=f"Desa Uji {i}", kecamatan=kecamatan, jenis="DESA")
        for i in range(jumlah)
    )


def test_cursor_pages_walk_the_whole_list_in_code_order(api, persona, wilayah):
    _tambah_desa(wilayah.kalimanah, 12)
    client = api(persona["admin"])
    url, seen, pages = "/api/v1/desa/?page_size=5", [], 0
    while url:
        body = client.get(url).json()
        assert "count" not in body  # keyset pages: no COUNT(*) over the whole table
        seen += [r["kode"] for r in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 4
    assert seen == sorted(Desa.objects.values_list("kode", flat=True))


def test_cursor_next_link_keeps_the_filters(api, persona, wilayah):
    _tambah_desa(wilayah.kalimanah, 5)  # 8 rows in Kalimanah, 2 pages of 4
    client = api(persona["admin"])
    first = client.get("/api/v1/desa/", {"kecamatan": "33.03.06", "page_size": 4}).json()
    assert "kecamatan=33.03.06" in first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 4 and second["next"] is None
    rows = first["results"] + second["results"]
    assert all(r["kecamatan"]["kode"] == "33.03.06" for r in rows)
    assert len({r["kode"] for r in rows}) == 8
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/desa/", "/api/v1/kecamatan/", "/api/v1/kabupaten/", "/api/v1/profil-desa/", "/api/v1/komoditas-desa/"],
)
def test_list_query_count_does_not_grow_with_rows(api, persona, wilayah, url, django_assert_num_queries):
    client = api(persona["pmd_pbg"])
    komoditas = Komoditas.objects.create(nama="Komoditas uji", sektor="LAINNYA")

    def isi(desa_qs):
        for desa in desa_qs:
            if desa.jenis == "KELURAHAN":
                continue
            DesaProfil.objects.get_or_create(desa=desa, tahun_data=2025, defaults={"sumber_data": "BPS"})
            DesaKomoditas.objects.get_or_create(desa=desa, komoditas=komoditas, tahun=2025)

    isi(Desa.objects.filter(kode="33.03.06.2015"))
    sedikit = _queries(client, url)
    _tambah_desa(wilayah.kemangkon, 20)
    for i in range(20):
        Kecamatan.objects.create(kode=f"33.03.{20 + i}", nama=f"Kec Uji {i}", kabupaten=wilayah.purbalingga)
    isi(Desa.objects.filter(kode__startswith="33.03."))
    with django_assert_num_queries(sedikit):
        client.get(url)
    assert sedikit <= 3


def test_desa_list_makes_one_query_behind_token_auth(persona, wilayah, django_assert_num_queries):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=persona["admin"])
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    _tambah_desa(wilayah.kalimanah, 20)
    with django_assert_num_queries(2):  # the token with its user, then the page
        body = client.get("/api/v1/desa/").json()
    assert len(body["results"]) == 26


# -- Profile writes ------------------------------------------------------------------------------

PROFIL = {"desa": "33.03.06.2015", "tahun_data": 2025, "jumlah_dusun": 3, "jumlah_penduduk": 5100,
          "jumlah_kk": 1600, "sumber_data": "Prodeskel 2025"}


def test_operator_creates_and_updates_own_profile(api, persona):
    client = api(persona["sari"])
    response = client.post("/api/v1/profil-desa/", PROFIL, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["desa_label"] == "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)"
    profil = DesaProfil.objects.get(pk=body["id"])
    assert (profil.jumlah_dusun, profil.created_by, profil.updated_by) == (3, persona["sari"], persona["sari"])

    response = client.patch(f"/api/v1/profil-desa/{profil.pk}/", {"jumlah_dusun": 4}, format="json")
    assert response.status_code == 200, response.content
    profil.refresh_from_db()
    assert profil.jumlah_dusun == 4 and profil.jumlah_penduduk == 5100

    response = api(persona["budi"]).put(
        f"/api/v1/profil-desa/{profil.pk}/", {**PROFIL, "jumlah_penduduk": 5200}, format="json"
    )
    assert response.status_code == 200, response.content
    profil.refresh_from_db()
    assert (profil.jumlah_penduduk, profil.updated_by) == (5200, persona["budi"])


def test_profile_refuses_a_kelurahan_with_r32(api, persona):
    response = api(persona["pmd_pbg"]).post(
        "/api/v1/profil-desa/", {**PROFIL, "desa": "33.03.06.1013"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["kode"] == "R32"
    assert body["pelanggaran"][0]["kode"] == "R32"
    assert body["pelanggaran"][0]["pesan"].startswith(f"R32: {R32.pesan}")
    assert body["detail"].startswith("R32:")
    assert not DesaProfil.objects.exists()


def test_profile_of_a_desa_outside_scope_is_unknown(api, persona):
    response = api(persona["tono"]).post("/api/v1/profil-desa/", PROFIL, format="json")
    assert response.status_code == 400
    assert response.json()["desa"] == ["Desa dengan kode 33.03.06.2015 tidak ditemukan."]
    assert not DesaProfil.objects.exists()


def test_profile_detail_and_update_outside_scope_answer_404(api, persona, wilayah):
    profil = DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2025, sumber_data="BPS")
    url = f"/api/v1/profil-desa/{profil.pk}/"
    for nama in ("tono", "pmd_bms", "prov_kalsel"):
        client = api(persona[nama])
        assert client.get(url).status_code == 404, nama
        assert client.patch(url, {"jumlah_dusun": 9}, format="json").status_code in (403, 404), nama
    assert api(persona["tono"]).patch(url, {"jumlah_dusun": 9}, format="json").status_code == 404
    assert api(persona["pmd_bms"]).patch(url, {"jumlah_dusun": 9}, format="json").status_code == 404
    profil.refresh_from_db()
    assert profil.jumlah_dusun is None


@pytest.mark.parametrize("nama", ["camat", "prov_jateng"])
def test_readers_may_not_write_profiles(api, persona, wilayah, nama):
    profil = DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2025, sumber_data="BPS")
    client = api(persona[nama])
    assert client.get(f"/api/v1/profil-desa/{profil.pk}/").status_code == 200
    response = client.patch(f"/api/v1/profil-desa/{profil.pk}/", {"jumlah_dusun": 9}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Anda tidak memiliki izin untuk melakukan tindakan ini."
    assert client.post("/api/v1/profil-desa/", {**PROFIL, "tahun_data": 2024}, format="json").status_code == 403
    assert DesaProfil.objects.count() == 1


def test_profile_validation_errors_are_indonesian_and_name_the_field(api, persona):
    client = api(persona["sari"])
    response = client.post("/api/v1/profil-desa/", {"desa": "33.03.06.2015"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["tahun_data"] == ["Bidang ini harus diisi."]
    response = client.post(
        "/api/v1/profil-desa/",
        {**PROFIL, "jumlah_penduduk": 10, "jumlah_laki": 3, "jumlah_perempuan": 3},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["jumlah_penduduk"] == ["Jumlah penduduk harus sama dengan laki-laki + perempuan."]


def test_profile_cannot_move_to_another_desa_or_year(api, persona, wilayah):
    profil = DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2025, sumber_data="BPS")
    client = api(persona["pmd_pbg"])
    response = client.patch(f"/api/v1/profil-desa/{profil.pk}/", {"desa": "33.03.06.2006"}, format="json")
    assert response.status_code == 400 and "desa" in response.json()
    response = client.patch(f"/api/v1/profil-desa/{profil.pk}/", {"tahun_data": 2024}, format="json")
    assert response.status_code == 400 and "tahun_data" in response.json()


def test_profile_list_filters(api, persona, wilayah):
    for desa in (wilayah.klapasawit, wilayah.tetangga, wilayah.klapasawit_banyumas):
        DesaProfil.objects.create(desa=desa, tahun_data=2025, sumber_data="BPS")
    DesaProfil.objects.create(desa=wilayah.klapasawit, tahun_data=2024, sumber_data="BPS")
    client = api(persona["admin"])

    def desa_tahun(params):
        rows = client.get("/api/v1/profil-desa/", params).json()["results"]
        return [(r["desa"], r["tahun_data"]) for r in rows]

    assert desa_tahun({"desa": "33.03.06.2015"}) == [("33.03.06.2015", 2025), ("33.03.06.2015", 2024)]
    assert desa_tahun({"desa": "33.03", "tahun_data": 2025}) == [("33.03.06.2006", 2025), ("33.03.06.2015", 2025)]


# -- Komoditas ------------------------------------------------------------------------------------

def test_komoditas_reference_is_read_by_all_and_written_by_admin(api, persona):
    Komoditas.objects.create(nama="Anyaman pandan uji", sektor="INDUSTRI_KERAJINAN")
    baru = {"nama": "Gula semut uji", "sektor": "PERKEBUNAN"}
    rows = api(persona["sari"]).get("/api/v1/komoditas/", {"page_size": 200}).json()["results"]
    assert "Anyaman pandan uji" in [k["nama"] for k in rows]
    assert api(persona["sari"]).post("/api/v1/komoditas/", baru, format="json").status_code == 403
    assert api(persona["pmd_pbg"]).post("/api/v1/komoditas/", baru, format="json").status_code == 403
    response = api(persona["admin"]).post("/api/v1/komoditas/", baru, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api(persona["admin"]).patch(f"/api/v1/komoditas/{pk}/", {"sektor": "UMKM_PENGOLAHAN"}, format="json")
    assert response.status_code == 200
    assert Komoditas.objects.get(pk=pk).sektor == "UMKM_PENGOLAHAN"
    assert api(persona["admin"]).delete(f"/api/v1/komoditas/{pk}/").status_code == 405


@pytest.fixture
def bambu(db):
    return Komoditas.objects.create(nama="Kerajinan bambu uji", sektor="INDUSTRI_KERAJINAN")


def test_operator_adds_and_changes_own_desa_komoditas(api, persona, bambu):
    client = api(persona["sari"])
    data = {"desa": "33.03.06.2015", "komoditas": bambu.pk, "tahun": 2025, "unggulan": True,
            "keterangan": "anyaman bambu", "pasar_ekspor": "Belgia, Kanada"}
    response = client.post("/api/v1/komoditas-desa/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["komoditas_nama"], body["desa_label"]) == ("Kerajinan bambu uji", "Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)")
    response = client.patch(f"/api/v1/komoditas-desa/{body['id']}/", {"volume": "12.5"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"satuan": ["Sebutkan satuan volume (ton, buah, kg …)."]}
    response = client.patch(f"/api/v1/komoditas-desa/{body['id']}/", {"volume": "12.5", "satuan": "ton"}, format="json")
    assert response.status_code == 200
    assert DesaKomoditas.objects.get().satuan == "ton"
    # The same commodity and year twice is refused, in Indonesian.
    response = client.post("/api/v1/komoditas-desa/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Komoditas ini sudah tercatat untuk desa ini pada tahun tersebut; ubah data yang ada."]
    }


def test_komoditas_desa_writes_are_scoped(api, persona, wilayah, bambu):
    data = {"desa": "33.03.06.2015", "komoditas": bambu.pk, "tahun": 2025}
    response = api(persona["tono"]).post("/api/v1/komoditas-desa/", data, format="json")
    assert response.status_code == 400
    assert response.json()["desa"] == ["Desa dengan kode 33.03.06.2015 tidak ditemukan."]
    assert api(persona["camat"]).post("/api/v1/komoditas-desa/", data, format="json").status_code == 403
    response = api(persona["pmd_pbg"]).post("/api/v1/komoditas-desa/", {**data, "desa": "33.03.06.1013"}, format="json")
    assert response.status_code == 400 and response.json()["kode"] == "R32"

    baris = DesaKomoditas.objects.create(desa=wilayah.klapasawit, komoditas=bambu, tahun=2025)
    url = f"/api/v1/komoditas-desa/{baris.pk}/"
    assert api(persona["tono"]).get(url).status_code == 404
    assert api(persona["tono"]).patch(url, {"unggulan": True}, format="json").status_code == 404
    assert api(persona["pmd_bms"]).get("/api/v1/komoditas-desa/").json()["results"] == []
    response = api(persona["pmd_pbg"]).patch(url, {"unggulan": True}, format="json")
    assert response.status_code == 200
    assert DesaKomoditas.objects.get().unggulan is True


# -- Schema and docs -----------------------------------------------------------------------------

def test_schema_generates_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    assert "/api/v1/desa/{kode}/" in schema["paths"]
    assert "/api/v1/token/" in schema["paths"]


def test_swagger_ui_loads_its_assets_from_the_app(client, persona):
    client.force_login(persona["admin"])
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


# -- perbaikan-k: bounds on text and years typed into the API ----------------------------------------------

def test_keterangan_komoditas_terlalu_panjang_ditolak_tanpa_menyimpan(api, persona, bambu):
    client = api(persona["sari"])
    data = {"desa": "33.03.06.2015", "komoditas": bambu.pk, "tahun": 2025, "keterangan": "b" * 501}
    response = client.post("/api/v1/komoditas-desa/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"keterangan": ["Teks terlalu panjang: paling banyak 500 karakter."]}
    assert not DesaKomoditas.objects.exists()
    assert client.post("/api/v1/komoditas-desa/", {**data, "keterangan": "b" * 500}, format="json").status_code == 201


def test_teks_profil_lebih_dari_batas_model_ditolak_dengan_pesan_yang_sama(api, persona):
    data = {"desa": "33.03.06.2015", "tahun_data": 2025, "sumber_data": "BPS", "batas_utara": "x" * 121}
    response = api(persona["sari"]).post("/api/v1/profil-desa/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"batas_utara": ["Teks terlalu panjang: paling banyak 120 karakter."]}
    assert not DesaProfil.objects.exists()


def test_tahun_jauh_di_depan_ditolak_400_bukan_500(api, persona, bambu):
    client = api(persona["sari"])
    response = client.post("/api/v1/komoditas-desa/",
                           {"desa": "33.03.06.2015", "komoditas": bambu.pk, "tahun": 9999}, format="json")
    assert response.status_code == 400 and "tahun" in response.json()
    response = client.post("/api/v1/profil-desa/", {"desa": "33.03.06.2015", "tahun_data": 9999, "sumber_data": "BPS"},
                           format="json")
    assert response.status_code == 400 and "tahun_data" in response.json()
    assert not DesaKomoditas.objects.exists() and not DesaProfil.objects.exists()
