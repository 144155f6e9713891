"""Writes in the desa app that are more than a form save: one function each, atomic, audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from akun.scoping import scope
from inti.errors import AturanDilanggar

from . import aturan
from .models import Desa, DesaFasilitas, DesaKomoditas, DesaProfil

# Fields of DesaProfil a person may set (everything but keys and bookkeeping).
PROFIL_FIELDS = [
    f.name
    for f in DesaProfil._meta.concrete_fields
    if f.name not in {"id", "desa", "tahun_data", "created_at", "updated_at", "created_by", "updated_by"}
]


def profil_simpan(*, desa: Desa, tahun_data: int, data: dict[str, Any], oleh) -> DesaProfil:
    """Create or update the profile of ``desa`` for ``tahun_data`` (R32: never a kelurahan).

    Checks that ``oleh`` may edit this desa's profile (its operator or kepala desa, the Dinas PMD of
    its kabupaten, an administrator), validates every field, and writes nothing on error.
    """
    if not oleh.has_perm("desa.change_desaprofil", desa):
        raise PermissionDenied("Anda tidak berwenang mengubah profil desa ini.")
    aturan.pastikan_desa(desa)
    unknown = set(data) - set(PROFIL_FIELDS)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        profil = (
            DesaProfil.objects.select_for_update().filter(desa=desa, tahun_data=tahun_data).first()
            or DesaProfil(desa=desa, tahun_data=tahun_data, created_by=oleh)
        )
        for name, value in data.items():
            setattr(profil, name, value)
        profil.updated_by = oleh
        profil.full_clean()
        profil.save()
    return profil


@dataclass(frozen=True)
class ProfilMasuk:
    """One profile to write: ``data`` holds only the fields to set (an absent field keeps its value)."""

    desa: Desa
    tahun_data: int
    data: dict[str, Any]


@dataclass(frozen=True)
class HasilSimpanBanyak:
    dibuat: int
    diubah: int
    tetap: int


class ProfilGagal(Exception):
    """Item ``indeks`` of a ``profil_simpan_banyak`` call was refused; ``sebab`` is the original error
    (PermissionDenied, AturanDilanggar, ValidationError or a database error). Nothing was written."""

    def __init__(self, indeks: int, sebab: Exception):
        self.indeks = indeks
        self.sebab = sebab
        super().__init__(f"baris ke-{indeks + 1}: {sebab}")


UKURAN_KELOMPOK = 250  # rows per INSERT/UPDATE statement, and per progress report

# Django's foreign keys are DEFERRABLE INITIALLY DEFERRED. The pghistory trigger opens a subtransaction per
# audited row, and PostgreSQL walks the whole queue of deferred checks at every subtransaction end: with the
# profile foreign keys deferred, a bulk write is quadratic in its rows (see desa/impor.py). They are
# checked immediately while the rows are written, then set back.
_FK_PROFIL = """
    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname)
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND c.condeferrable AND c.condeferred AND c.conrelid = 'desa_desaprofil'::regclass
"""


def profil_simpan_banyak(
    *,
    profil: Sequence[ProfilMasuk],
    oleh,
    progres: Callable[[int, int], None] | None = None,
) -> HasilSimpanBanyak:
    """Create or update many profiles at once, all or nothing: the rules of ``profil_simpan`` for each
    item (``oleh`` may edit the desa's profile, R32, every field validated), with a constant number of
    queries per ``UKURAN_KELOMPOK`` rows instead of six or more per row.

    Existing profiles are locked (``select_for_update``) and compared under the lock: an item that would
    change nothing is not written (no audit event, ``updated_at`` kept). New profiles go in with
    ``bulk_create``, changed ones with one ``UPDATE … FROM (VALUES …)`` per group; the pghistory triggers record every inserted and
    every changed row, as a save would. ``progres(done, total)`` is called after each group of rows.

    Raises ``ProfilGagal`` naming the first refused item; then nothing is written.
    """
    total = len(profil)
    if not oleh.has_perm("desa.change_desaprofil"):  # the role; each desa's scope is checked below
        raise ProfilGagal(0, PermissionDenied("Anda tidak berwenang mengubah profil desa ini."))
    desa_ids = {p.desa.pk for p in profil}
    boleh = set(scope(oleh, Desa).filter(pk__in=desa_ids).values_list("pk", flat=True))
    kunci_dilihat: set[tuple[int, int]] = set()
    for i, p in enumerate(profil):
        if p.desa.pk not in boleh:
            raise ProfilGagal(i, PermissionDenied("Anda tidak berwenang mengubah profil desa ini."))
        try:
            aturan.pastikan_desa(p.desa)
        except AturanDilanggar as exc:
            raise ProfilGagal(i, exc) from exc
        unknown = set(p.data) - set(PROFIL_FIELDS)
        if unknown:
            raise ProfilGagal(i, ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}."))
        kunci = (p.desa.pk, p.tahun_data)
        if kunci in kunci_dilihat:
            raise ProfilGagal(i, ValidationError(f"Profil {p.desa.kode} tahun {p.tahun_data} muncul dua kali."))
        kunci_dilihat.add(kunci)

    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(_FK_PROFIL)
            fk = ", ".join(r[0] for r in cur.fetchall())
            if fk:
                cur.execute(f"SET CONSTRAINTS {fk} IMMEDIATE")
        # One query locks the existing profiles of these desa and years (a superset of the pairs is
        # harmless: rows of this desa set in these years), in id order so concurrent imports queue.
        ada = {
            (d.desa_id, d.tahun_data): d
            for d in DesaProfil.objects.select_for_update().filter(
                desa_id__in=desa_ids, tahun_data__in={p.tahun_data for p in profil}
            ).order_by("pk")
        }
        sekarang = timezone.now()
        baru: list[tuple[int, DesaProfil]] = []
        ubah: list[tuple[int, DesaProfil]] = []
        tetap = 0
        for i, p in enumerate(profil):
            lama = ada.get((p.desa.pk, p.tahun_data))
            obj = lama or DesaProfil(desa=p.desa, tahun_data=p.tahun_data, created_by=oleh)
            obj.desa = p.desa  # the caller's instance: clean() reads its jenis without a query
            berubah = False
            for name, value in p.data.items():
                if getattr(obj, name) != value:
                    setattr(obj, name, value)
                    berubah = True
            if lama is not None and not berubah:
                tetap += 1
                continue
            obj.updated_by = oleh
            obj.updated_at = sekarang
            try:
                # desa and the users exist (loaded above); uniqueness is what the locked rows tell.
                obj.full_clean(exclude=["desa", "created_by", "updated_by"], validate_unique=False,
                               validate_constraints=False)
            except ValidationError as exc:
                raise ProfilGagal(i, exc) from exc
            (ubah if lama is not None else baru).append((i, obj))

        selesai = tetap
        if progres:
            progres(selesai, total)
        kolom_ubah = [*PROFIL_FIELDS, "updated_by", "updated_at"]
        for daftar, tulis in (
            (baru, lambda objs: DesaProfil.objects.bulk_create(objs)),
            (ubah, lambda objs: _perbarui_banyak(objs, kolom_ubah)),
        ):
            for awal in range(0, len(daftar), UKURAN_KELOMPOK):
                kelompok = daftar[awal:awal + UKURAN_KELOMPOK]
                _tulis_kelompok(kelompok, tulis)
                selesai += len(kelompok)
                if progres:
                    progres(selesai, total)
        if fk:
            with connection.cursor() as cur:
                cur.execute(f"SET CONSTRAINTS {fk} DEFERRED")
    return HasilSimpanBanyak(dibuat=len(baru), diubah=len(ubah), tetap=tetap)


def _perbarui_banyak(objs: list[DesaProfil], kolom: list[str]) -> None:
    """``UPDATE … FROM (VALUES …)``: one statement for the group, like ``bulk_update`` but without its
    CASE WHEN per column and row (which Django takes seconds to compile for a few hundred rows). The
    update trigger of pghistory fires for every row, as for any UPDATE."""
    fields = [DesaProfil._meta.get_field(nama) for nama in kolom]
    qn = connection.ops.quote_name
    tipe = ["bigint"] + [f.db_type(connection) for f in fields]
    baris = "(" + ", ".join(f"%s::{t}" for t in tipe) + ")"
    params: list[Any] = []
    for obj in objs:
        params.append(obj.pk)
        params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {qn(DesaProfil._meta.db_table)} AS t SET "
            + ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
            + f" FROM (VALUES {', '.join([baris] * len(objs))}) AS v(id, {', '.join(qn(f.column) for f in fields)})"
            " WHERE t.id = v.id",
            params,
        )


def _tulis_kelompok(kelompok: list[tuple[int, DesaProfil]], tulis) -> None:
    """Write one group in a savepoint; when the database refuses it, find the row it refuses (one
    savepoint per row) so the error names that row, then fail the whole call."""
    try:
        with transaction.atomic():
            tulis([obj for _, obj in kelompok])
            return
    except DatabaseError as exc:
        galat_kelompok = exc
    for i, obj in kelompok:
        try:
            with transaction.atomic():
                tulis([obj])
        except DatabaseError as exc:
            raise ProfilGagal(i, exc) from exc
    raise ProfilGagal(kelompok[0][0], galat_kelompok)


# -- Rows of a desa's data year: commodities and facilities -----------------------------------------

@dataclass(frozen=True)
class _JenisBaris:
    """One kind of per-year row of a desa: its model, the fields a person may set, the key that is
    unique per desa and year, and the words of its refusals."""

    model: type
    fields: tuple[str, ...]
    kunci: str
    nama: str  # "komoditas desa ini", for the refusal messages

    @property
    def izin(self) -> str:
        return f"desa.{{aksi}}_{self.model._meta.model_name}"


# Fields of DesaKomoditas a person may set (the desa is given separately and never moves).
# DesaKomoditas.keterangan is a TextField (no limit in the database): the one bound of the pages and the
# API (inti/teks.py), short enough for the commodity table on a phone.
PANJANG_KETERANGAN_KOMODITAS = 500
KOMODITAS_DESA_FIELDS = ["komoditas", "tahun", "unggulan", "volume", "satuan", "keterangan", "pasar_ekspor"]
# Fields of DesaFasilitas a person may set.
FASILITAS_DESA_FIELDS = ["jenis", "tahun", "jumlah", "keterangan"]

_KOMODITAS = _JenisBaris(DesaKomoditas, tuple(KOMODITAS_DESA_FIELDS), "komoditas", "komoditas desa ini")
_FASILITAS = _JenisBaris(DesaFasilitas, tuple(FASILITAS_DESA_FIELDS), "jenis", "fasilitas desa ini")


def _baris_desa_simpan(jenis: _JenisBaris, *, desa: Desa, data: dict[str, Any], oleh, obj=None):
    if obj is not None and obj.desa_id != desa.pk:
        raise ValidationError({"desa": f"Desa sebuah {jenis.model._meta.verbose_name} tidak dapat dipindahkan."})
    aksi = "change" if obj is not None else "add"
    if not oleh.has_perm(jenis.izin.format(aksi=aksi), desa):
        raise PermissionDenied(f"Anda tidak berwenang mengubah {jenis.nama}.")
    aturan.pastikan_desa(desa)
    unknown = set(data) - set(jenis.fields)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        if obj is None:
            baris = jenis.model(desa=desa, created_by=oleh)
        else:
            baris = jenis.model.objects.select_for_update().get(pk=obj.pk)
            baris.desa = desa  # the caller's instance, with what its label needs already loaded
        for name, value in data.items():
            setattr(baris, name, value)
        baris.updated_by = oleh
        baris.full_clean()
        baris.save()
    return baris


def komoditas_desa_simpan(
    *, desa: Desa, data: dict[str, Any], oleh, komoditas_desa: DesaKomoditas | None = None
) -> DesaKomoditas:
    """Add a commodity to ``desa`` or change ``komoditas_desa`` of it (R32: never a kelurahan).

    The same people as for the profile may write (``desa.add/change_desakomoditas`` on the desa);
    validates every field and the one-row-per-desa-commodity-year constraint; writes nothing on error.
    """
    return _baris_desa_simpan(_KOMODITAS, desa=desa, data=data, oleh=oleh, obj=komoditas_desa)


def fasilitas_desa_simpan(
    *, desa: Desa, data: dict[str, Any], oleh, fasilitas_desa: DesaFasilitas | None = None
) -> DesaFasilitas:
    """Add a kind of facility to ``desa`` or change ``fasilitas_desa`` of it (R32: never a kelurahan);
    ``desa.add/change_desafasilitas`` on the desa, every field and the one-row-per-desa-kind-year
    constraint validated; writes nothing on error."""
    return _baris_desa_simpan(_FASILITAS, desa=desa, data=data, oleh=oleh, obj=fasilitas_desa)


def profil_tahun_simpan(
    *, desa: Desa, tahun_data: int, data: dict[str, Any], oleh,
    komoditas: list[dict[str, Any]] | None = None, fasilitas: list[dict[str, Any]] | None = None,
) -> DesaProfil:
    """Save one year's profile and, for ``komoditas`` and ``fasilitas`` when given, make the desa's rows
    of that year exactly those rows (create, change, remove), all in one transaction: ``profil_simpan``'s
    rules, and ``desa.add/change/delete_desakomoditas`` / ``…_desafasilitas`` for the rows. ``None``
    leaves that kind of row as it is."""
    with transaction.atomic():
        profil = profil_simpan(desa=desa, tahun_data=tahun_data, data=data, oleh=oleh)
        for jenis, baris in ((_KOMODITAS, komoditas), (_FASILITAS, fasilitas)):
            if baris is not None:
                _baris_tahun_samakan(jenis, desa=desa, tahun=tahun_data, baris=baris, oleh=oleh)
    return profil


def _baris_tahun_samakan(jenis: _JenisBaris, *, desa: Desa, tahun: int, baris: list[dict[str, Any]], oleh) -> None:
    """Make the desa's rows of ``jenis`` in ``tahun`` exactly ``baris`` (one per key)."""
    kunci_id = f"{jenis.kunci}_id"
    ada = {getattr(b, kunci_id): b for b in jenis.model.objects.select_for_update().filter(desa=desa, tahun=tahun)}
    dipakai = set()
    for isi in baris:
        pk = isi[jenis.kunci].pk
        if pk in dipakai:
            raise ValidationError(f"“{isi[jenis.kunci]}” tercantum dua kali; satu baris untuk masing-masing.")
        dipakai.add(pk)
        lama = ada.get(pk)
        if lama is not None and all(getattr(lama, k) == v for k, v in isi.items()):
            continue  # unchanged: no write, no audit event
        _baris_desa_simpan(jenis, desa=desa, data={**isi, "tahun": tahun}, oleh=oleh, obj=lama)
    hapus = [b.pk for k, b in ada.items() if k not in dipakai]
    if hapus:
        if not oleh.has_perm(jenis.izin.format(aksi="delete"), desa):
            raise PermissionDenied(f"Anda tidak berwenang menghapus {jenis.nama}.")
        jenis.model.objects.filter(pk__in=hapus).delete()
