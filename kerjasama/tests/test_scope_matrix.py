"""The scope matrix of kerja sama (STYLE.md §13; issue 3 "Done when"), as data, like akun/tests/test_scope_matrix.py.

``TABEL`` below is the whole truth, written by hand: which persona sees the agreements of which position.
Every object kind hanging on an agreement (its parties, contributions, offer letters, Musdes/MAD, BKAD and
members, reports, changes, disputes, legal documents and their files, evidence, timeline, notifications)
follows its agreement. ``FACES`` then says, per face, which (object kind, action) pairs it has; every
(persona, object, action) row must answer:

- 200 when the persona's column says Y (for a transition: *found* — any answer but 404 or a 5xx, because
  whether this persona may take this step now is the workflow's business, tested elsewhere);
- 404 when it says "." — never 403, never a 5xx, never the object in a list (0 leaks).

Positions: ``klp`` the agreement of Klapasawit with its neighbour Kalimanah Kulon (built with the services,
walked through BERLAKU with a report, a suspension and its resumption, into DALAM_PERSELISIHAN, with the
signed scan uploaded); ``kmk`` two desa of Kec. Kemangkon (same kabupaten, other kecamatan); ``bms`` two desa
of Kabupaten Banyumas (same province); ``kls`` two desa of Kalimantan Selatan. The other positions only need
to exist, so their rows are written directly (a read-gate test, not a workflow test).

Personas are the root conftest's plus ``kades_2009``, the kepala desa of Kalimanah Wetan: same kecamatan as
Klapasawit, not a party — he must see nothing. Notifications are personal: everywhere only their
recipient sees them (and an administrator, in the model layer and the admin).
One test per face runs every persona and lists every mismatch at once (fixtures are built once per face).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse

from akun.scoping import dalam_lingkup, scope
from kerjasama import models as m
from kerjasama.permissions import pelaku
from kerjasama.tests.conftest import berkas_pdf, buat_kerjasama, musyawarah_semua_pihak, pdf_bytes, segera

POSISI = ["klp", "kmk", "bms", "kls"]

TABEL = """
persona      klp kmk bms kls
sari          Y   .   .   .
budi          Y   .   .   .
tono          Y   .   .   .
kades_2009    .   .   .   .
camat         Y   .   .   .
camat_lain    .   Y   .   .
pmd_pbg       Y   Y   .   .
pmd_bms       .   .   Y   .
prov_jateng   Y   Y   Y   .
prov_kalsel   .   .   .   Y
admin         Y   Y   Y   Y
"""
# Notifications are personal (akun.scoping ``pemilik``): the one at klp is addressed to sari; only she and an
# administrator see it in the model layer and the admin, and only she in the API and pages (her own inbox).
NOTIF_KLP_PENERIMA = "sari"


def _baca_tabel() -> dict[str, set[str]]:
    baris = [b.split() for b in TABEL.strip().splitlines()]
    assert baris[0][1:] == POSISI
    return {b[0]: {p for p, v in zip(POSISI, b[1:], strict=True) if v == "Y"} for b in baris[1:]}


TERLIHAT = _baca_tabel()
PERSONA = list(TERLIHAT)
STAF = {"pmd_pbg", "pmd_bms", "prov_jateng", "prov_kalsel", "admin"}

JENIS = [
    "kerjasamadesa", "kerjasamapeserta", "kontribusidana", "suratpenawaran", "musyawarah", "bkad", "bkadanggota",
    "laporankerjasama", "perubahankerjasama", "perselisihan", "produkhukum", "dokumen", "langkahkerjasama",
    "notifikasi", "penandatangandokumen",
]


@dataclass(frozen=True)
class Baris:
    persona: str
    jenis: str
    posisi: str
    aksi: str
    status: int

    def __str__(self) -> str:
        return f"{self.persona} {self.aksi} {self.jenis}@{self.posisi} → {self.status}"


def harapan(persona: str, jenis: str, posisi: str, face: str) -> int:
    if jenis == "notifikasi":
        pemilik = posisi == "klp" and persona == NOTIF_KLP_PENERIMA
        if face in ("api", "halaman"):
            return 200 if pemilik else 404
        return 200 if pemilik or persona == "admin" else 404
    return 200 if posisi in TERLIHAT[persona] else 404


def matriks(face: str, pasangan: list[tuple[str, str]]) -> list[Baris]:
    return [
        Baris(p, jenis, posisi, aksi, harapan(p, jenis, posisi, face))
        for p in PERSONA for jenis, aksi in pasangan for posisi in POSISI
    ]


def _periksa(face: str, rows: list[Baris], cek) -> int:
    """Run ``cek(row) -> status | None`` (None: this face has no request for the row); list every mismatch."""
    salah, dijalankan = [], 0
    for row in rows:
        aktual = cek(row)
        if aktual is None:
            continue
        dijalankan += 1
        if aktual != row.status:
            salah.append(f"{row}, {face} answered {aktual}")
    assert dijalankan, f"no {face} rows ran"
    assert not salah, f"{len(salah)} of {dijalankan} {face} rows wrong:\n" + "\n".join(salah)
    return dijalankan


def _ditemukan(status_code: int) -> int:
    """A transition: 404 = not found; a 5xx stays itself (a failure); anything else = the object was found."""
    if status_code == 404 or status_code >= 500:
        return status_code
    return 200


def test_matrix_has_every_persona_and_denies_as_much_as_it_allows():
    from conftest import PERSONA as PERSONA_CONFTEST

    assert set(PERSONA) == set(PERSONA_CONFTEST) | {"kades_2009"}
    rows = matriks("model", [(j, "detail") for j in JENIS])
    assert len(rows) == len(PERSONA) * len(JENIS) * len(POSISI)
    assert sum(r.status == 404 for r in rows) > sum(r.status == 200 for r in rows)


# -- Fixtures ---------------------------------------------------------------------------------------

def _ks_lain(posisi: str, desa: list, kabupaten, penerima) -> dict:
    """One agreement of another position with one row of every kind (written directly: only its existence counts)."""
    ks = m.KerjaSamaDesa.objects.create(
        judul=f"Kerja sama {posisi}", bidang=["USAHA_BERSAMA"], desa_pemrakarsa=desa[0], kabupaten=kabupaten,
        status="DALAM_PERSELISIHAN",
    )
    p1 = m.KerjaSamaPeserta.objects.create(kerja_sama=ks, desa=desa[0], peran="PEMRAKARSA", penawaran_status="DITERIMA")
    p2 = m.KerjaSamaPeserta.objects.create(kerja_sama=ks, desa=desa[1], peran="MITRA", urutan=1, penawaran_status="DITERIMA")
    mad = m.Musyawarah.objects.create(
        jenis="MAD", kerja_sama=ks, kabupaten=kabupaten, penyelenggara="Para kepala desa", tanggal=dt.date(2026, 5, 4),
        tempat="Balai", hasil="SEPAKAT", keputusan_ringkas="Sepakat.",
    )
    mad.desa.set(desa)
    bkad = m.BKAD.objects.create(kerja_sama=ks, nama=f"BKAD {posisi}")
    ph = m.ProdukHukum(jenis="PERATURAN_BERSAMA_KADES", kerja_sama=ks, kabupaten=kabupaten, tentang=ks.judul,
                       status="DIUNDANGKAN")
    ph.file_pdf.save("ph.pdf", ContentFile(pdf_bytes(posisi)), save=False)
    ph.file_ttd.save("ph-ttd.pdf", ContentFile(pdf_bytes(posisi)), save=False)
    ph.save()
    ph.desa.set(desa)
    dok = m.Dokumen(
        content_type=ContentType.objects.get_for_model(m.Musyawarah), object_id=mad.pk, kabupaten=kabupaten,
        jenis="BERITA_ACARA", judul="BA MAD", nama_asli="ba.pdf", ukuran=100, sha256="0" * 64,
    )
    dok.file.save("ba.pdf", ContentFile(pdf_bytes("ba")), save=False)
    dok.save()
    dok.desa.set(desa)
    return {
        "kerjasamadesa": ks,
        "kerjasamapeserta": p2,
        "kontribusidana": m.KontribusiDana.objects.create(kerja_sama=ks, peserta=p1, sumber="APB_DESA",
                                                          tahun_anggaran=2026, nilai=1_000_000),
        "suratpenawaran": m.SuratPenawaran.objects.create(kerja_sama=ks, kepada=p2, nomor="001/KS", tanggal=dt.date(2026, 4, 1)),
        "musyawarah": mad,
        "bkad": bkad,
        "bkadanggota": m.BKADAnggota.objects.create(bkad=bkad, nama="Siti", asal_desa=desa[0], unsur="PEMERINTAH_DESA",
                                                    jenis_kelamin="P"),
        "laporankerjasama": m.LaporanKerjaSama.objects.create(kerja_sama=ks, periode="Triwulan I", isi="Berjalan.",
                                                              tanggal_kirim=dt.date(2026, 6, 1)),
        "perubahankerjasama": m.PerubahanKerjaSama.objects.create(kerja_sama=ks, jenis="PENUNDAAN", uraian="Ditunda."),
        "perselisihan": m.Perselisihan.objects.create(kerja_sama=ks, uraian="Bagi hasil."),
        "produkhukum": ph,
        "dokumen": dok,
        "langkahkerjasama": m.LangkahKerjaSama.objects.create(kerja_sama=ks, aksi="buat", ke_status="DRAFT"),
        "notifikasi": m.Notifikasi.objects.create(penerima=penerima, kerja_sama=ks, judul=f"Giliran Anda ({posisi})"),
        "penandatangandokumen": _penandatangan_perubahan(ph, desa),
    }


def _penandatangan_perubahan(asal, desa: list):
    """A signatory row of an amending document of ``asal`` (§C6 "mengubah"), written directly."""
    ph = m.ProdukHukum.objects.create(jenis=asal.jenis, kerja_sama=asal.kerja_sama, kabupaten=asal.kabupaten,
                                      mengubah=asal, tentang=f"Perubahan atas {asal.tentang}", status="RANCANGAN_DISEPAKATI")
    ph.desa.set(desa)
    for i, d in enumerate(desa):
        baris = m.PenandatanganDokumen.objects.create(produk_hukum=ph, desa=d, urutan=i)
    return baris


@pytest.fixture
def objek(persona, wilayah, render_palsu, django_user_model):
    """``objek[posisi][jenis]`` → the object, and ``objek["_users"]`` → every persona (with kades_2009)."""
    from kerjasama import services

    # klp: with the services, into DALAM_PERSELISIHAN with a report, a decided change and the signed scan.
    k = buat_kerjasama(persona, wilayah, sampai="BERLAKU", jumlah_desa=2)
    sari, budi = persona["sari"], persona["budi"]
    with segera():
        laporan = services.laporan_kirim(kerja_sama=k.ks, oleh=sari, periode="Triwulan III 2026", isi="Berjalan baik.")
    with segera():
        services.peraturan_unggah_ttd(produk_hukum=k.ph, oleh=budi, berkas=berkas_pdf("ttd.pdf"))
    with segera():
        k.perubahan = services.perubahan_ajukan(kerja_sama=k.ks, oleh=sari, jenis="PENUNDAAN", uraian="Musim hujan.")
    with segera():
        services.perubahan_putuskan(perubahan=k.perubahan, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    with segera():
        services.kerjasama_lanjutkan(kerja_sama=k.ks, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k))
    with segera():
        k.perselisihan = services.perselisihan_ajukan(kerja_sama=k.ks, oleh=sari, uraian="Pembagian hasil.")
    k.refresh()
    assert k.ks.status == "DALAM_PERSELISIHAN"
    mitra = k.ks.peserta.get(desa=wilayah.tetangga)
    bkad = k.ks.bkad
    klp = {
        "kerjasamadesa": k.ks,
        "kerjasamapeserta": mitra,
        # The builder drafts without contributions; the read gate only needs the row to exist.
        "kontribusidana": m.KontribusiDana.objects.create(kerja_sama=k.ks, peserta=mitra, sumber="DANA_DESA",
                                                          tahun_anggaran=2026, nilai=50_000_000),
        "suratpenawaran": k.surat[0],
        "musyawarah": k.mad,
        "bkad": bkad,
        "bkadanggota": bkad.anggota.first(),
        "laporankerjasama": laporan,
        "perubahankerjasama": k.perubahan,
        "perselisihan": k.perselisihan,
        "produkhukum": k.ph,
        "dokumen": m.Dokumen.objects.filter(content_type=ContentType.objects.get_for_model(m.Musyawarah),
                                            object_id=k.mad.pk).first(),
        "langkahkerjasama": k.ks.langkah.first(),
        # One with a title of its own, so the inbox page can be searched for exactly this row.
        "notifikasi": m.Notifikasi.objects.create(penerima=sari, kerja_sama=k.ks, judul="Giliran Anda (klp)"),
        "penandatangandokumen": _penandatangan_perubahan(k.ph, [p.desa for p in k.ks.peserta.all()]),
    }
    assert all(klp.values()), [j for j, o in klp.items() if o is None]
    assert klp["produkhukum"].file_pdf and klp["produkhukum"].file_ttd

    from desa.models import Desa

    def desa(kode, nama, kec):
        return Desa.objects.get_or_create(kode=kode, defaults={"nama": nama, "kecamatan": kec, "jenis": "DESA"})[0]

    def warga(username, kode):
        return django_user_model.objects.create_user(username=username, password="x", role="kepala_desa", wilayah_kode=kode)

    kmk = [wilayah.kemangkon_desa, desa("33.03.01.2002", "Desa kedua Kemangkon", wilayah.kemangkon)]
    bms = [wilayah.klapasawit_banyumas, desa("33.02.13.2001", "Gerduren", wilayah.purwojati)]
    kls = [wilayah.desa_kalsel, desa("63.01.01.2002", "Tabanio", wilayah.takisung)]
    users = dict(persona)
    users["kades_2009"] = django_user_model.objects.get(username="kades_2009")
    assert users["kades_2009"].wilayah_kode == "33.03.06.2009"
    return {
        "klp": klp,
        "kmk": _ks_lain("kmk", kmk, wilayah.purbalingga, warga("kades_kmk", kmk[0].kode)),
        "bms": _ks_lain("bms", bms, wilayah.banyumas, warga("kades_bms", bms[0].kode)),
        "kls": _ks_lain("kls", kls, wilayah.tanah_laut, warga("kades_kls", kls[0].kode)),
        "_users": users,
    }


MODEL = {j: getattr(m, n) for j, n in [
    ("kerjasamadesa", "KerjaSamaDesa"), ("kerjasamapeserta", "KerjaSamaPeserta"), ("kontribusidana", "KontribusiDana"),
    ("suratpenawaran", "SuratPenawaran"), ("musyawarah", "Musyawarah"), ("bkad", "BKAD"), ("bkadanggota", "BKADAnggota"),
    ("laporankerjasama", "LaporanKerjaSama"), ("perubahankerjasama", "PerubahanKerjaSama"),
    ("perselisihan", "Perselisihan"), ("produkhukum", "ProdukHukum"), ("dokumen", "Dokumen"),
    ("langkahkerjasama", "LangkahKerjaSama"), ("notifikasi", "Notifikasi"),
    ("penandatangandokumen", "PenandatanganDokumen"),
]}


# -- Face 1: the model layer (scope(), the rules perms, the workflow's actors) -------------------------------

def test_model_layer(objek):
    users = objek["_users"]
    rows = matriks("model", [(j, a) for j in JENIS for a in ("list", "detail")] + [("kerjasamadesa", "pelaku")])

    def cek(row: Baris) -> int:
        user, obj = users[row.persona], objek[row.posisi][row.jenis]
        if row.aksi == "list":
            return 200 if scope(user, MODEL[row.jenis]).filter(pk=obj.pk).exists() else 404
        if row.aksi == "pelaku":
            # Out of scope means no actor label either: nobody acts on an agreement they cannot see.
            lihat, aktor = dalam_lingkup(user, obj), pelaku(user, obj)
            assert lihat or not aktor, f"{row}: actor {aktor} without scope"
            return 200 if lihat else 404
        lihat = dalam_lingkup(user, obj)
        perm = row.jenis not in ("langkahkerjasama", "notifikasi")  # no view rule registered for these two
        if perm:
            assert user.has_perm(f"kerjasama.view_{row.jenis}", obj) == lihat, f"{row}: view perm ≠ scope"
        return 200 if lihat else 404

    _periksa("model", rows, cek)


# -- Face 2: the admin ------------------------------------------------------------------------------------

def test_admin(objek, client):
    users = objek["_users"]
    rows = matriks("admin", [(j, a) for j in JENIS for a in ("list", "detail")])
    daftar: dict[tuple[str, str], set | None] = {}
    tertutup: set[str] = set()

    def url(jenis, aksi, obj=None):
        return reverse(f"admin:kerjasama_{jenis}_{aksi}", args=[obj.pk] if obj is not None else [])

    def cek(row: Baris) -> int:
        obj = objek[row.posisi][row.jenis]
        if row.persona not in STAF:
            # Desa people and camat have no admin: every admin URL sends them to the admin login page.
            resp = client.get(url(row.jenis, "change", obj) if row.aksi == "detail" else url(row.jenis, "changelist"))
            assert resp.status_code == 302 and resp.url.startswith(reverse("admin:login")), f"{row}: {resp.status_code}"
            return row.status  # absent, not leaked
        kunci = (row.persona, row.jenis)
        if kunci not in daftar:
            resp = client.get(url(row.jenis, "changelist"))
            if resp.status_code == 403:
                # The whole model is closed to this persona (notifications: administrators only): an object in
                # scope answers 403 (visible, not here), one out of scope still 404 — nothing leaks.
                daftar[kunci] = None
            else:
                assert resp.status_code == 200, f"{row}: changelist answered {resp.status_code}"
                daftar[kunci] = {o.pk for o in resp.context["cl"].result_list}
        if daftar[kunci] is None:
            tertutup.add(f"{row.persona}:{row.jenis}")
            status = client.get(url(row.jenis, "change", obj)).status_code
            if row.status == 404:
                return status  # out of scope: 404 before any permission check
            assert status == 403, f"{row}: model closed, but the object answered {status}"
            return row.status  # visible to the persona, only not in the admin
        if row.aksi == "list":
            return 200 if obj.pk in daftar[kunci] else 404
        return client.get(url(row.jenis, "change", obj)).status_code

    for p in PERSONA:  # one login per persona, rows in persona order
        client.force_login(users[p])
        _periksa("admin", [r for r in rows if r.persona == p], cek)
    # Only the notifications are closed to non-admin staff; every other kind has its scoped admin.
    assert {t.split(":")[1] for t in tertutup} <= {"notifikasi"}, sorted(tertutup)


# -- Face 3: the API ----------------------------------------------------------------------------------------

# (object kind → (route, lookup attribute)) of the read endpoints of kerjasama/api/urls.py.
API = {
    "kerjasamadesa": ("kerjasama", "kode"),
    "musyawarah": ("musyawarah", "pk"),
    "produkhukum": ("produk-hukum", "pk"),
    "dokumen": ("dokumen", "pk"),
    "notifikasi": ("notifikasi", "pk"),
}
API_UNDUH = {("produkhukum", "pdf"), ("produkhukum", "ttd"), ("dokumen", "unduh")}


def _aksi_api() -> list[str]:
    from kerjasama.api.views import KerjaSamaViewSet

    return sorted(a.url_path for a in KerjaSamaViewSet.get_extra_actions() if "post" in a.mapping)


def _hasil(resp) -> list[dict]:
    data = resp.json()
    return data["results"] if isinstance(data, dict) else data


def test_api(objek):
    from rest_framework.test import APIClient

    users = objek["_users"]
    aksi = _aksi_api()
    assert len(aksi) >= 20, aksi  # one POST per transition service
    pasangan = [(j, a) for j in API for a in ("list", "detail")] + sorted(API_UNDUH)
    pasangan += [("kerjasamadesa", f"post:{a}") for a in aksi] + [("notifikasi", "post:baca")]
    rows = matriks("api", pasangan)
    daftar: dict[tuple[str, str], set] = {}
    api = APIClient()

    def cek(row: Baris) -> int:
        obj = objek[row.posisi][row.jenis]
        rute, kunci = API[row.jenis]
        nilai = getattr(obj, kunci)
        if row.aksi == "list":
            k = (row.persona, row.jenis)
            if k not in daftar:
                hasil, url = set(), f"/api/v1/{rute}/"
                while url:  # follow every page (cursor or number)
                    resp = api.get(url, {"page_size": 100} if "?" not in url else None)
                    assert resp.status_code == 200, f"{row}: list answered {resp.status_code}"
                    data = resp.json()
                    hasil |= {str(r.get(kunci if kunci != "pk" else "id")) for r in _hasil(resp)}
                    url = data.get("next") if isinstance(data, dict) else None
                daftar[k] = hasil
            return 200 if str(nilai) in daftar[k] else 404
        url = f"/api/v1/{rute}/{nilai}/"
        if row.aksi == "detail":
            return api.get(url).status_code
        if row.aksi.startswith("post:"):
            return _ditemukan(api.post(url + row.aksi[5:] + "/", {}, format="json").status_code)
        return api.get(url + row.aksi + "/").status_code

    for p in PERSONA:
        api.force_authenticate(users[p])
        _periksa("api", [r for r in rows if r.persona == p], cek)


# -- Face 4: the pages and document downloads ----------------------------------------------------------------

HALAMAN_GET = ["detail", "rencana", "isi", "tinjau", "bkad", "kontribusi"]


def _aksi_halaman() -> list[str]:
    from kerjasama.views import AKSI

    return sorted(AKSI)


def _url(url_name: str, **kw) -> str | None:
    try:
        return reverse(f"kerjasama:{url_name}", kwargs=kw)
    except NoReverseMatch:
        return None


def test_pages(objek, client):
    users = objek["_users"]
    aksi = _aksi_halaman()
    pasangan = [("kerjasamadesa", "list")] + [("kerjasamadesa", f"get:{h}") for h in HALAMAN_GET]
    pasangan += [("kerjasamadesa", f"get:aksi:{a}") for a in aksi] + [("kerjasamadesa", f"post:aksi:{a}") for a in aksi]
    pasangan += [("produkhukum", "pdf"), ("produkhukum", "ttd"), ("dokumen", "unduh"), ("notifikasi", "list")]
    rows = matriks("halaman", pasangan)
    daftar: dict[tuple[str, str], str] = {}
    tidak_ada: set[str] = set()

    def cek(row: Baris) -> int | None:
        obj = objek[row.posisi][row.jenis]
        if row.aksi == "list":
            halaman = "daftar" if row.jenis == "kerjasamadesa" else "kotak_masuk"
            k = (row.persona, halaman)
            if k not in daftar:
                resp = client.get(_url(halaman), {"per_halaman": 100})
                assert resp.status_code == 200, f"{row}: {halaman} answered {resp.status_code}"
                daftar[k] = resp.content.decode()
            penanda = obj.kode if row.jenis == "kerjasamadesa" else obj.judul  # notification titles are unique here
            return 200 if penanda in daftar[k] else 404
        if row.jenis in ("produkhukum", "dokumen"):
            nama = f"produk_hukum_{row.aksi}" if row.jenis == "produkhukum" else "dokumen_unduh"
            url = _url(nama, pk=obj.pk)
            if url is None:
                tidak_ada.add(nama)
                return None
            resp = client.get(url)
            if resp.status_code == 200:  # found, and the file itself is served (not an empty answer)
                assert b"".join(resp.streaming_content).startswith(b"%PDF-"), f"{row}: not the stored file"
            return resp.status_code
        bagian = row.aksi.split(":")
        if bagian[1] == "aksi":
            url = _url("aksi", kode=obj.kode, nama=bagian[2])
        else:
            url = _url(bagian[1], kode=obj.kode)
        if url is None:
            tidak_ada.add(bagian[1])
            return None
        if bagian[0] == "post":
            return _ditemukan(client.post(url, {}).status_code)
        resp = client.get(url)
        if bagian[1] == "detail":
            return resp.status_code
        # Editing pages and action forms: whether this persona may use them now is not scope's business.
        return _ditemukan(resp.status_code)

    for p in PERSONA:
        client.force_login(users[p])
        _periksa("halaman", [r for r in rows if r.persona == p], cek)
    assert not tidak_ada, f"page faces missing: {sorted(tidak_ada)}"
