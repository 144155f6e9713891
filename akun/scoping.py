"""THE read gate: ``scope(user, model_or_queryset)`` is the queryset this user may see.

Every page, API view, admin list, export and download starts from it; an object outside it is
simply not found (404), never forbidden, so its existence does not leak (DESIGN.md §1).

Each model says once how it reaches a Kemendagri code (``daftarkan``); a user's region code then
decides: ``33.03`` sees the rows whose code is ``33.03`` or starts with ``33.03.``. Fail closed: an
anonymous or inactive user, a user without role, or a role without region sees nothing, and a model
that was never registered raises instead of being shown unscoped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from .models import Peran


@dataclass(frozen=True)
class CaraLingkup:
    """How a model is scoped: the lookup path to a region code, or a reference table open to all roles."""

    jalur: str | None = None  # e.g. "kode", "desa__kode"
    wilayah: bool = False  # a region table: the user's own ancestors are visible too (to browse down)
    referensi: bool = False  # reference data (commodities, facility kinds): visible to every signed-in role
    banyak: bool = False  # the path crosses a to-many relation: filter through a subquery, never duplicate rows
    pemilik: str | None = None  # personal rows (an inbox): path to the owning user; only the owner sees them
    jalur_kabupaten: str | None = None  # single-valued path to a kabupaten code: the fast path for
    # provinsi and kabupaten users (e.g. "kabupaten__kode" on an agreement whose desa all lie in it)


_DAFTAR: dict[type[Model], CaraLingkup] = {}


def daftarkan(
    model: type[Model],
    jalur: str | None = None,
    *,
    wilayah: bool = False,
    referensi: bool = False,
    banyak: bool = False,
    jalur_kabupaten: str | None = None,
    pemilik: str | None = None,
) -> None:
    """Register how ``model`` is scoped; called from each app's ``AppConfig.ready()``."""
    if not referensi and not jalur and not pemilik:
        raise ImproperlyConfigured(f"{model.__name__}: give a path to a region code, or referensi=True")
    _DAFTAR[model] = CaraLingkup(
        jalur=jalur, wilayah=wilayah, referensi=referensi, banyak=banyak, jalur_kabupaten=jalur_kabupaten,
        pemilik=pemilik,
    )


def cara_lingkup(model: type[Model]) -> CaraLingkup:
    try:
        return _DAFTAR[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no scope rule; register it with akun.scoping.daftarkan()"
        ) from None


def leluhur(kode: str) -> list[str]:
    """``33.03.06.2015`` → ``["33", "33.03", "33.03.06"]``."""
    bagian = kode.split(".")
    return [".".join(bagian[:i]) for i in range(1, len(bagian))]


def kode_dalam_wilayah(kode_objek: str, kode_wilayah: str) -> bool:
    """True when ``kode_objek`` is the region ``kode_wilayah`` itself or lies inside it."""
    return kode_objek == kode_wilayah or kode_objek.startswith(kode_wilayah + ".")


def lingkup_nasional(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.role == Peran.ADMIN))


def scope(user, model_or_qs: type[Model] | QuerySet) -> QuerySet:
    """The rows of ``model_or_qs`` that ``user`` may see."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    cara = cara_lingkup(qs.model)
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if lingkup_nasional(user):
        return qs
    if not user.role:
        return qs.none()
    if cara.referensi:
        return qs
    if cara.pemilik:
        return qs.filter(**{cara.pemilik: user})
    kode = user.wilayah_kode
    if not kode:
        return qs.none()
    if cara.jalur_kabupaten and kode.count(".") <= 1:
        # Provinsi or kabupaten user: every row carries its kabupaten, no join through the to-many path.
        jalur = cara.jalur_kabupaten
        return qs.filter(Q(**{jalur: kode}) | Q(**{f"{jalur}__startswith": kode + "."}))
    tingkat_tabel = getattr(qs.model, "TINGKAT", None)
    if cara.wilayah and tingkat_tabel:
        # A region table holds codes of one level only, so one plain condition suffices: the user's
        # descendants, the user's own region, or the user's ancestor at that level.
        tingkat_user = kode.count(".") + 1
        if tingkat_tabel > tingkat_user:
            return qs.filter(**{f"{cara.jalur}__startswith": kode + "."})
        return qs.filter(**{cara.jalur: ".".join(kode.split(".")[:tingkat_tabel])})
    syarat = Q(**{cara.jalur: kode}) | Q(**{f"{cara.jalur}__startswith": kode + "."})
    if cara.wilayah:
        syarat |= Q(**{f"{cara.jalur}__in": leluhur(kode)})
    if cara.banyak:
        return qs.filter(pk__in=qs.model._default_manager.filter(syarat).values("pk"))
    return qs.filter(syarat)


def dalam_lingkup(user, obj: Model) -> bool:
    """Is this one object visible to the user? (one query; for predicates and re-checks after a write)"""
    return obj.pk is not None and scope(user, type(obj)).filter(pk=obj.pk).exists()
