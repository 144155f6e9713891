"""Pages for files: exports of the desa and profile lists, and the XLSX profile import.

Thin adapters: parse the request, call desa.berkas, pick a template. The import keeps the uploaded
workbook on the server between preview and confirmation (its token in the session), so a user on a
slow connection uploads once. Confirming hands the kept file to an ``ImporProfil`` job run by Celery,
which re-validates it before writing anything; the job's page shows its progress (htmx polls a small
fragment) and then its outcome, and stays reachable from the import page after the tab is closed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import berkas, queries
from .forms_berkas import SaringEksporForm, UnggahProfilForm

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESI_IMPOR = "berkas_impor_profil"  # {"token": …, "nama": original file name}
IMPOR_TERAKHIR = 5  # jobs listed on the import page


def _boleh_impor(user) -> bool:
    return user.has_perm("desa.change_desaprofil")


@login_required
def berkas_index(request):
    """The export links with the region browser's filters, and the way to the import."""
    form = SaringEksporForm(request.GET or None)
    return render(request, "desa/berkas/index.html", {"form": form, "boleh_impor": _boleh_impor(request.user)})


def _unduhan(fmt: str, kolom, baris, *, nama: str, lembar: str):
    tanggal = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(berkas.csv_alir(kolom, baris), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{nama}-{tanggal}.csv"'
        return response
    return FileResponse(
        berkas.xlsx_tulis(kolom, baris, judul_lembar=lembar),
        as_attachment=True, filename=f"{nama}-{tanggal}.xlsx", content_type=MIME_XLSX,
    )


@login_required
def ekspor_desa(request, fmt: str):
    """The desa list in scope, with the region browser's filters (kode, kabupaten, kecamatan, jenis, q)."""
    try:
        baris = berkas.desa_baris(request.user, request.GET)
    except berkas.SaringSalah as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return _unduhan(fmt, berkas.KOLOM_DESA, baris, nama="daftar-desa", lembar="Daftar desa")


@login_required
def ekspor_profil(request, fmt: str):
    """Every profile (desa × tahun data) in scope, with the same filters plus ``tahun``."""
    try:
        baris = berkas.profil_baris(request.user, request.GET)
    except berkas.SaringSalah as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return _unduhan(fmt, berkas.KOLOM_PROFIL_EKSPOR, baris, nama="profil-desa", lembar="Profil desa")


@login_required
def impor_templat(request):
    if not _boleh_impor(request.user):
        raise PermissionDenied("Anda tidak berwenang mengimpor profil desa.")
    return FileResponse(
        berkas.templat_impor(), as_attachment=True, filename="templat-impor-profil-desa.xlsx", content_type=MIME_XLSX
    )


@login_required
@require_http_methods(["GET", "POST"])
def impor_profil(request):
    """GET: the upload form, or the preview of the kept upload. POST aksi=unggah|terapkan|batal."""
    if not _boleh_impor(request.user):
        raise PermissionDenied("Anda tidak berwenang mengimpor profil desa.")
    tersimpan = request.session.get(SESI_IMPOR) or {}
    aksi = request.POST.get("aksi") if request.method == "POST" else None

    if aksi == "unggah":
        form = UnggahProfilForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "desa/berkas/impor.html", {"form": form}, status=400)
        unggahan = form.cleaned_data["berkas"]
        berkas.sementara_hapus(tersimpan.get("token"))
        token = berkas.sementara_simpan(unggahan.chunks())
        request.session[SESI_IMPOR] = {"token": token, "nama": unggahan.name}
        return redirect("desa:impor_profil")

    if aksi == "batal":
        berkas.sementara_hapus(tersimpan.get("token"))
        request.session.pop(SESI_IMPOR, None)
        messages.info(request, "Impor dibatalkan; tidak ada data yang diubah.")
        return redirect("desa:impor_profil")

    path = berkas.sementara_path(tersimpan.get("token"))
    if aksi == "terapkan":
        if path is None or request.POST.get("token") != tersimpan.get("token"):
            messages.error(request, "Berkas unggahan tidak ditemukan atau sudah kedaluwarsa; unggah lagi.")
            request.session.pop(SESI_IMPOR, None)
            return redirect("desa:impor_profil")
        # Checked again here, not only by hiding the button: an import that would write nothing starts
        # no job. (A file with errors still goes to the job, which records them: the data may have changed
        # since the preview, and the owner keeps the report.)
        try:
            hasil = berkas.impor_analisis(request.user, path)
        except berkas.BerkasDitolak as exc:
            return _tolak(request, tersimpan, exc)
        if hasil.sah and not hasil.ada_perubahan:
            messages.info(request, pesan_tanpa_perubahan(hasil))
            return redirect("desa:impor_profil")
        impor = berkas.impor_mulai(oleh=request.user, sumber=path, nama=tersimpan.get("nama", ""))
        berkas.sementara_hapus(tersimpan.get("token"))  # the job keeps its own copy
        request.session.pop(SESI_IMPOR, None)
        return redirect("desa:impor_profil_status", pk=impor.pk)

    if path is None:
        if tersimpan:
            request.session.pop(SESI_IMPOR, None)
        return render(request, "desa/berkas/impor.html", {"form": UnggahProfilForm(), "terakhir": _terakhir(request.user)})
    try:
        hasil = berkas.impor_analisis(request.user, path)
    except berkas.BerkasDitolak as exc:
        return _tolak(request, tersimpan, exc)
    return render(request, "desa/berkas/impor.html", _konteks_pratinjau(tersimpan, hasil))


def _tolak(request, tersimpan: dict, exc: berkas.BerkasDitolak):
    berkas.sementara_hapus(tersimpan.get("token"))
    request.session.pop(SESI_IMPOR, None)
    form = UnggahProfilForm()
    return render(
        request, "desa/berkas/impor.html",
        {"form": form, "ditolak": exc.pesan, "nama_berkas": tersimpan.get("nama", "")}, status=400,
    )


def pesan_tanpa_perubahan(hasil: berkas.HasilImpor) -> str:
    n = len(hasil.baris)
    return (f"Tidak ada perubahan untuk disimpan: semua {berkas._angka(n)} baris sama dengan data yang ada."
            if n > 1 else "Tidak ada perubahan untuk disimpan: baris ini sama dengan data yang ada.")


def _konteks_pratinjau(tersimpan: dict, hasil: berkas.HasilImpor, *, galat_tulis=None) -> dict:
    return {
        "form": UnggahProfilForm(),
        "hasil": hasil,
        "jumlah": hasil.hitung(),
        "galat": galat_tulis or hasil.galat,
        "tanpa_perubahan": pesan_tanpa_perubahan(hasil) if hasil.sah and not hasil.ada_perubahan else "",
        "token": tersimpan.get("token"),
        "nama_berkas": tersimpan.get("nama", ""),
    }


def _terakhir(user) -> list:
    return list(queries.impor_profil_list(user)[:IMPOR_TERAKHIR])


@login_required
def impor_profil_status(request, pk: int):
    """One import job: its progress while it runs (the fragment below, polled), then its outcome."""
    impor = get_object_or_404(queries.impor_profil_list(request.user), pk=pk)
    berkas.impor_terhenti_tandai(impor)
    return render(request, "desa/berkas/status.html", {"impor": impor})


@login_required
def impor_profil_progres(request, pk: int):
    """The job's progress fragment for htmx polling; one query for the job whatever its size."""
    impor = get_object_or_404(queries.impor_profil_list(request.user), pk=pk)
    if not request.htmx:
        return redirect("desa:impor_profil_status", pk=impor.pk)
    berkas.impor_terhenti_tandai(impor)
    return render(request, "desa/berkas/_progres.html", {"impor": impor})
