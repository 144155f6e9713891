"""Pages of the desa app: region browser, desa detail, profile editing, and the home-page panel.

Thin on purpose: every read starts from desa.queries (scoped), every write goes through
desa.services. Out-of-scope codes answer 404 from the queries; an in-scope reader who may not
edit gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Substr
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from akun.beranda import Angka, Panel, Tindakan
from akun.models import Peran
from akun.scoping import lingkup_nasional, scope
from inti.errors import AturanDilanggar, sebagai_daftar
from inti.riwayat import riwayat_objek

from . import aturan, queries
from .choices import JenisDesa
from .filtersets import BATAS_CARI, DesaFilterSet, saring_awalan_kode
from .forms import DesaProfilForm, FasilitasFormSet, KomoditasFormSet, RingkasanGalat
from .models import TAHUN_PROFIL_AWAL, Desa, DesaProfil, Kabupaten, Kecamatan, periksa_tahun_profil, tahun_profil_akhir
from .services import PROFIL_FIELDS, profil_simpan, profil_tahun_simpan

PER_HALAMAN = 50
PANJANG_KODE = {1: 2, 2: 5, 3: 8, 4: 13}  # length of a code per level
NAMA_ANAK = {0: "Provinsi", 1: "Kabupaten/kota", 2: "Kecamatan", 3: "Desa/kelurahan"}
KELURAHAN = Q(jenis=JenisDesa.KELURAHAN)


def _tahun_ini() -> int:
    return timezone.localdate().year


def _halaman(request, items):
    return Paginator(items, PER_HALAMAN).get_page(request.GET.get("halaman"))


# -- Region browser ------------------------------------------------------------------------------

def _jumlah_per_anak(user, induk_kode: str | None, tingkat_anak: int) -> dict[str, dict]:
    """Scoped counts under each child region, keyed by the child's code: one query for desa and
    kelurahan (and desa with a profile this year), one for kecamatan when the child is above them."""
    panjang = PANJANG_KODE[tingkat_anak]
    tahun = _tahun_ini()
    desa = queries.desa_list(user).order_by()
    if induk_kode:
        desa = saring_awalan_kode(desa, induk_kode)
    hasil: dict[str, dict] = {}
    if tingkat_anak == 4:
        return hasil
    baris = (
        desa.annotate(anak=Substr("kode", 1, panjang))
        .values("anak")
        .annotate(
            desa=Count("pk", filter=~KELURAHAN, distinct=True),
            kelurahan=Count("pk", filter=KELURAHAN, distinct=True),
            berprofil=Count("pk", filter=Q(profil__tahun_data=tahun), distinct=True),
        )
    )
    for b in baris:
        hasil[b["anak"]] = {"desa": b["desa"], "kelurahan": b["kelurahan"], "berprofil": b["berprofil"]}
    if tingkat_anak <= 2:
        kec = scope(user, Kecamatan).order_by()
        if induk_kode:
            kec = saring_awalan_kode(kec, induk_kode)
        for b in kec.annotate(anak=Substr("kode", 1, panjang)).values("anak").annotate(n=Count("pk")):
            hasil.setdefault(b["anak"], {})["kecamatan"] = b["n"]
    return hasil


def _cari_desa(user, q: str, induk_kode: str | None):
    """Desa and kelurahan in scope (and under ``induk_kode``) matching a name or a code.

    The filter vocabulary is the API's (desa/filtersets.py, parameter ``q``), so the page and the
    API find the same rows for the same words."""
    data = {"q": q[:BATAS_CARI]}
    if induk_kode:
        data["kode"] = induk_kode
    return DesaFilterSet(data=data, queryset=queries.desa_list(user)).qs


def _induk(obj):
    """The parent region (Desa → Kecamatan → Kabupaten → Provinsi → None)."""
    if isinstance(obj, Desa):
        return obj.kecamatan
    if isinstance(obj, Kecamatan):
        return obj.kabupaten
    if isinstance(obj, Kabupaten):
        return obj.provinsi
    return None


def _remah(obj) -> list[tuple[str, str]]:
    """Breadcrumbs above a region: [(name, url), …] from the province down to the parent.

    Parents are reached through foreign keys: a region the user may see always has visible parents
    (the scope lets every user browse down from their own ancestors)."""
    rantai = []
    induk = _induk(obj)
    while induk is not None:
        rantai.append(induk)
        induk = _induk(induk)
    rantai.reverse()
    return [(w.nama, reverse("desa:wilayah_detail", args=[w.kode])) for w in rantai]


def _render_wilayah(request, *, obj, tingkat: int, anak_qs, remah):
    user = request.user
    induk_kode = obj.kode if obj is not None else None
    q = request.GET.get("q", "").strip()
    konteks = {
        "wilayah": obj,
        "tingkat": tingkat,
        "remah": remah,
        "q": q,
        "nama_anak": NAMA_ANAK[tingkat],
        "tahun_ini": _tahun_ini(),
    }
    if q:
        konteks["hasil"] = _halaman(request, _cari_desa(user, q, induk_kode))
    else:
        if tingkat == 3:
            anak_qs = anak_qs.annotate(profil_terakhir=Max("profil__tahun_data"))
        halaman = _halaman(request, anak_qs)
        jumlah = _jumlah_per_anak(user, induk_kode, tingkat + 1)
        for w in halaman.object_list:
            w.jumlah = jumlah.get(w.kode, {})
        konteks["halaman"] = halaman
    template = "desa/_daftar_wilayah.html" if request.htmx else "desa/wilayah.html"
    response = render(request, template, konteks)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def wilayah(request):
    """Root of the region browser: the provinces in scope; a desa's own people go to their desa."""
    user = request.user
    if user.tingkat == 4 and user.wilayah_kode:
        return redirect("desa:detail", kode=user.wilayah_kode)
    return _render_wilayah(request, obj=None, tingkat=0, anak_qs=queries.provinsi_list(user), remah=[])


@login_required
def wilayah_detail(request, kode: str):
    """One region of any level with its children (paginated, with counts) and a search box."""
    user = request.user
    obj = queries.wilayah_get(user, kode)
    tingkat = aturan.tingkat_kode(kode)
    if tingkat == 4:
        return redirect("desa:detail", kode=kode)
    if tingkat == 1:
        anak = queries.kabupaten_list(user).filter(provinsi=obj)
    elif tingkat == 2:
        anak = queries.kecamatan_list(user).filter(kabupaten=obj)
    else:
        anak = queries.desa_list(user).filter(kecamatan=obj)
    return _render_wilayah(request, obj=obj, tingkat=tingkat, anak_qs=anak, remah=_remah(obj))


# -- Desa detail ---------------------------------------------------------------------------------

LABEL_PERISTIWA = {"insert": "dibuat", "update": "diubah", "delete": "dihapus"}


def _nama_pengguna(ids: set[int]) -> dict[int, str]:
    """Display names for the authors of history rows, in one query.

    Deliberately not scoped: a profile edited by the Dinas PMD must still say who edited it to the
    desa operator, and only the ids found in rows the reader may already see are looked up."""
    if not ids:
        return {}
    User = get_user_model()
    return {u.pk: str(u) for u in User._default_manager.filter(pk__in=ids).only("username", "first_name", "last_name")}


def _riwayat_profil(profil_semua: list[DesaProfil]) -> list[dict]:
    """History of all profile rows of a desa, newest first, with readable field names and authors."""
    if not profil_semua:
        return []
    events = riwayat_objek(profil_semua)
    nama = _nama_pengguna({e["user_id"] for e in events if e["user_id"]})
    label_kolom = {f.name: str(f.verbose_name) for f in DesaProfil._meta.concrete_fields}
    label_kolom.update({f"{f.name}_id": str(f.verbose_name) for f in DesaProfil._meta.concrete_fields if f.is_relation})
    abaikan = {"updated_at", "created_at", "updated_by_id", "created_by_id", "updated_by", "created_by"}
    baris = []
    for e in events:
        perubahan = [
            {"kolom": label_kolom.get(k, k), "lama": v[0], "baru": v[1]}
            for k, v in (e["perubahan"] or {}).items()
            if k not in abaikan and isinstance(v, (list, tuple)) and len(v) == 2
        ]
        baris.append(
            {
                "waktu": e["waktu"],
                "peristiwa": LABEL_PERISTIWA.get(str(e["label"]).lower(), e["label"]),
                "oleh": nama.get(e["user_id"], "sistem" if not e["user_id"] else f"pengguna #{e['user_id']}"),
                "tahun": (e["data"] or {}).get("tahun_data"),
                "perubahan": perubahan,
                "perintah": e.get("perintah"),
            }
        )
    return baris


@login_required
def desa_detail(request, kode: str):
    """Everything about one desa for one data year, in a fixed number of queries."""
    user = request.user
    desa = queries.desa_detail(user, kode)
    profil_semua = list(desa.profil.all())
    komoditas_semua = list(desa.komoditas.all())
    fasilitas_semua = list(desa.fasilitas.all())
    tahun_ada = sorted(
        {p.tahun_data for p in profil_semua} | {k.tahun for k in komoditas_semua} | {f.tahun for f in fasilitas_semua},
        reverse=True,
    )
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = None
    if tahun not in tahun_ada:
        tahun = tahun_ada[0] if tahun_ada else None
    indeks = list(desa.indeks.all())
    for skor in indeks:
        menurut_nilai = skor.status_menurut_nilai
        skor.r30 = menurut_nilai is not None and menurut_nilai != skor.status
        skor.status_menurut_nilai_label = _label_status(menurut_nilai)
    # A year without commodities (facilities) shows the latest earlier year's, said so on the page, so
    # the leading product does not vanish from the default view the day a new year's profile is saved.
    komoditas, komoditas_tahun = baris_tahun_atau_sebelumnya(komoditas_semua, tahun)
    fasilitas, fasilitas_tahun = baris_tahun_atau_sebelumnya(fasilitas_semua, tahun)
    bisa_ubah = desa.bisa_berprofil and user.has_perm("desa.change_desaprofil", desa)
    return render(
        request,
        "desa/detail.html",
        {
            "desa": desa,
            "provinsi": desa.kecamatan.kabupaten.provinsi,
            "tahun": tahun,
            "tahun_ada": tahun_ada,
            "tahun_ini": _tahun_ini(),
            "profil": next((p for p in profil_semua if p.tahun_data == tahun), None),
            "komoditas": sorted(komoditas, key=lambda k: (not k.unggulan, k.komoditas.nama)),
            "komoditas_tahun": komoditas_tahun,
            "fasilitas": sorted(fasilitas, key=lambda f: (f.jenis.urutan, f.jenis.nama)),
            "fasilitas_tahun": fasilitas_tahun,
            "dusun": list(desa.dusun.all()),
            "indeks": indeks,
            "ada_r30": any(s.r30 for s in indeks),
            "riwayat": _riwayat_profil(profil_semua),
            "bisa_ubah": bisa_ubah,
            "r30": aturan.R30,
            "r32": aturan.R32,
        },
    )


def _label_status(status: str | None) -> str:
    from .choices import StatusIndeks

    return StatusIndeks(status).label if status else ""


# -- Profile editing -----------------------------------------------------------------------------

def baris_tahun_atau_sebelumnya(semua: list, tahun: int | None) -> tuple[list, int | None]:
    """The rows of ``semua`` (each with a ``tahun``) of ``tahun``, or when there are none those of the
    latest earlier year, with the year they are of."""
    baris = [b for b in semua if b.tahun == tahun]
    if baris or tahun is None:
        return baris, tahun
    lebih_awal = [b.tahun for b in semua if b.tahun < tahun]
    if not lebih_awal:
        return [], tahun
    sumber = max(lebih_awal)
    return [b for b in semua if b.tahun == sumber], sumber


class _BarisHalaman:
    """One kind of per-year rows on the profile page: its formset, pre-filled with the year's rows or,
    when the year has none, the latest earlier year's (``sumber``: that year). A post without this
    formset's management form (an older page, a script) leaves these rows as they are."""

    def __init__(self, request, formset_class, prefix: str, pilihan, ada_qs, tahun: int, fields: list[str]):
        baris, tahun_baris = baris_tahun_atau_sebelumnya(list(ada_qs), tahun)
        self.sumber = tahun_baris if tahun_baris != tahun else None
        awal = [{f: getattr(b, f) for f in fields} for b in baris]
        self.dikirim = request.method == "POST" and f"{prefix}-TOTAL_FORMS" in request.POST
        if self.dikirim:
            self.formset = formset_class(request.POST, prefix=prefix, pilihan=pilihan)
        else:
            self.formset = formset_class(prefix=prefix, pilihan=pilihan, initial=awal)

    def sah(self) -> bool:
        return not self.dikirim or self.formset.is_valid()

    def baris(self) -> list[dict] | None:
        return self.formset.baris() if self.dikirim else None

def _tahun_dari(request) -> tuple[int, str | None]:
    """The data year asked for (``?tahun=``, default this year), or this year with the reason why the
    one asked for cannot be used (shown to the user, never a silent switch)."""
    teks = request.GET.get("tahun", "").strip()
    if not teks:
        return _tahun_ini(), None
    try:
        tahun = int(teks)
    except ValueError:
        return _tahun_ini(), f"“{teks}” bukan tahun."
    pesan = periksa_tahun_profil(tahun)
    return (_tahun_ini(), f"Tahun {tahun} tidak dapat dipakai. {pesan}") if pesan else (tahun, None)


@login_required
@require_http_methods(["GET", "POST"])
def profil_ubah(request, kode: str):
    """Edit the profile of one desa for one year (``?tahun=``, default this year).

    A new year starts from the latest earlier year's values. Out of scope → 404 (from the query);
    in scope but not an editor → 403; a kelurahan → the R32 message, no form."""
    user = request.user
    desa = queries.desa_get(user, kode)
    tahun, tahun_ditolak = _tahun_dari(request)
    if tahun_ditolak and request.method == "POST":
        # Never save what was typed for one year into another.
        messages.error(request, f"{tahun_ditolak} Tidak ada yang disimpan.")
        return redirect("desa:profil_ubah", kode=desa.kode)
    if tahun_ditolak:
        messages.warning(request, f"{tahun_ditolak} Ditampilkan profil tahun {tahun}.")
    konteks = {
        "desa": desa, "tahun": tahun, "tahun_ini": _tahun_ini(),
        "tahun_awal": TAHUN_PROFIL_AWAL, "tahun_akhir": tahun_profil_akhir(),
    }
    if not desa.bisa_berprofil:
        konteks["r32"] = AturanDilanggar(aturan.R32, f"{desa.nama} ({desa.kode}) adalah kelurahan.").pesan
        return render(request, "desa/profil_ubah.html", konteks)
    if not user.has_perm("desa.change_desaprofil", desa):
        raise PermissionDenied("Anda tidak berwenang mengubah profil desa ini.")

    profil_semua = list(queries.profil_list(user).filter(desa=desa, tahun_data__lte=tahun).order_by("-tahun_data"))
    profil = next((p for p in profil_semua if p.tahun_data == tahun), None)
    sumber = None
    initial = {}
    if profil is None:
        sumber = next((p for p in profil_semua if p.tahun_data < tahun), None)
        if sumber is not None:
            initial = model_to_dict(sumber, fields=PROFIL_FIELDS)
        profil = DesaProfil(desa=desa, tahun_data=tahun)

    # The year's commodities and facilities; a year without any starts from the latest earlier year's
    # rows (offered, not saved: they are written only with the form).
    komoditas = _BarisHalaman(
        request, KomoditasFormSet, "komoditas", queries.komoditas_list(user),
        queries.komoditas_desa_list(user).filter(desa=desa, tahun__lte=tahun)
        .order_by("-tahun", "-unggulan", "komoditas__nama"),
        tahun, ["komoditas", "unggulan", "volume", "satuan", "keterangan", "pasar_ekspor"],
    )
    fasilitas = _BarisHalaman(
        request, FasilitasFormSet, "fasilitas", queries.jenis_fasilitas_list(user),
        queries.fasilitas_desa_list(user).filter(desa=desa, tahun__lte=tahun).order_by("-tahun", "jenis__urutan", "jenis__nama"),
        tahun, ["jenis", "jumlah", "keterangan"],
    )

    if request.method == "POST":
        form = DesaProfilForm(request.POST, instance=profil)
        if form.is_valid() and komoditas.sah() and fasilitas.sah():
            try:
                profil_tahun_simpan(
                    desa=desa, tahun_data=tahun, data=form.cleaned_data, oleh=user,
                    komoditas=komoditas.baris(), fasilitas=fasilitas.baris(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except AturanDilanggar as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.pesan)
            except Exception as exc:  # several rules at once
                daftar = sebagai_daftar(exc)
                if not daftar:
                    raise
                for d in daftar:
                    form.add_error(d.field if d.field in form.fields else None, d.pesan)
            else:
                messages.success(request, f"Profil {desa.nama} tahun {tahun} tersimpan.")
                return redirect(f"{reverse('desa:detail', args=[desa.kode])}?tahun={tahun}")
    else:
        form = DesaProfilForm(instance=profil, initial=initial)
    konteks.update({
        "form": form, "sumber": sumber, "baru": profil.pk is None,
        "formset": komoditas.formset, "komoditas_sumber": komoditas.sumber,
        "fasilitas_formset": fasilitas.formset, "fasilitas_sumber": fasilitas.sumber,
        "ringkasan": RingkasanGalat(komoditas.formset, fasilitas.formset),
    })
    galat = form.errors or not (komoditas.sah() and fasilitas.sah())
    return render(request, "desa/profil_ubah.html", konteks, status=400 if galat else 200)


# -- Home-page panel (listed in akun.beranda.PANEL_BAWAAN) ---------------------------------------

BATAS_TINDAKAN = 8


def panel_beranda(request) -> Panel | None:
    """Counts in the user's region and the desa whose profile for this year is still missing."""
    user = request.user
    if not (user.is_authenticated and (user.role or user.is_superuser)):
        return None
    tahun = _tahun_ini()
    if user.tingkat == 4:
        return _panel_desa(user, tahun)

    desa_qs = queries.desa_list(user)
    agg = desa_qs.order_by().aggregate(desa=Count("pk", filter=~KELURAHAN), kelurahan=Count("pk", filter=KELURAHAN))
    profil = queries.profil_list(user).order_by()
    tahun_terakhir = profil.aggregate(t=Max("tahun_data"))["t"]
    berprofil = profil.filter(tahun_data=tahun_terakhir).count() if tahun_terakhir else 0
    wilayah_url = (
        reverse("desa:wilayah") if lingkup_nasional(user) or not user.wilayah_kode
        else reverse("desa:wilayah_detail", args=[user.wilayah_kode])
    )
    angka = []
    if user.tingkat is None or user.tingkat <= 2:
        kec = scope(user, Kecamatan).order_by()
        if user.wilayah_kode:
            kec = kec.filter(kode__startswith=user.wilayah_kode + ".")
        angka.append(Angka("Kecamatan", kec.count(), wilayah_url))
    angka += [
        Angka("Desa", agg["desa"], wilayah_url),
        Angka("Kelurahan", agg["kelurahan"], wilayah_url),
        Angka(f"Desa berprofil {tahun_terakhir or tahun}", berprofil, ""),
    ]

    tanpa_profil = (
        desa_qs.exclude(KELURAHAN)
        .annotate(ada=Exists(scope(user, DesaProfil).filter(desa=OuterRef("pk"), tahun_data=tahun)))
        .filter(ada=False)
    )
    daftar = list(tanpa_profil[:BATAS_TINDAKAN])
    jumlah_tanpa = tanpa_profil.count()  # always asked, so the page costs the same for 1 or 1000 desa
    bisa_isi = user.role in (Peran.PMD_KABUPATEN, Peran.ADMIN) or lingkup_nasional(user)
    tindakan = [
        Tindakan(
            d.label,
            reverse("desa:profil_ubah", args=[d.kode]) if bisa_isi else reverse("desa:detail", args=[d.kode]),
            "Isi profil" if bisa_isi else "Lihat",
        )
        for d in daftar
    ]
    lainnya = max(jumlah_tanpa - len(daftar), 0)
    return Panel(
        judul="Wilayah dan profil desa",
        keterangan=(
            f"Desa yang belum memiliki profil tahun {tahun}"
            + ("" if bisa_isi else " (untuk ditindaklanjuti bersama pemerintah desa)")
        ),
        angka=angka,
        tindakan=tindakan,
        kosong=f"Semua desa di wilayah Anda sudah memiliki profil tahun {tahun}.",
        lainnya=lainnya,
        lainnya_url=wilayah_url,
    )


def _panel_desa(user, tahun: int) -> Panel | None:
    desa = queries.desa_list(user).filter(kode=user.wilayah_kode).first()
    if desa is None:
        return None
    terbaru = queries.profil_terbaru(user, desa)
    angka = [
        Angka("Tahun profil terakhir", str(terbaru.tahun_data) if terbaru else "belum ada", reverse("desa:detail", args=[desa.kode])),
    ]
    if terbaru and terbaru.jumlah_penduduk is not None:
        angka.append(Angka("Penduduk", terbaru.jumlah_penduduk, ""))
    if terbaru and terbaru.jumlah_dusun is not None:
        angka.append(Angka("Dusun", terbaru.jumlah_dusun, ""))
    tindakan = []
    if desa.bisa_berprofil and (terbaru is None or terbaru.tahun_data < tahun):
        sebelumnya = f" (terakhir diisi untuk tahun {terbaru.tahun_data})" if terbaru else ""
        bisa = user.has_perm("desa.change_desaprofil", desa)
        tindakan.append(
            Tindakan(
                f"Profil {desa.nama} tahun {tahun} belum diisi{sebelumnya}.",
                reverse("desa:profil_ubah", args=[desa.kode]) + f"?tahun={tahun}" if bisa else reverse("desa:detail", args=[desa.kode]),
                "Isi profil" if bisa else "Lihat",
            )
        )
    return Panel(
        judul=desa.label,
        keterangan="Profil desa",
        angka=angka,
        tindakan=tindakan,
        kosong=f"Profil tahun {tahun} sudah diisi.",
    )
