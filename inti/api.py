"""API plumbing shared by every app: pagination and the one JSON error shape."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import AturanDilanggar, PelanggaranAturan, sebagai_daftar


class HalamanNomor(PageNumberPagination):
    """Numbered pages for short lists (``?page=2``, ``?page_size=100`` up to 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# What a cursor's position may be, by the ordering field: an id (a positive bigint) or a region code (Kemendagri:
# 33, 33.03, 33.03.06, 33.03.06.2015). Any other field: text without NUL, at most POSISI_MAKS characters.
POLA_POSISI = {
    "id": re.compile(r"[0-9]{1,18}"),
    "kode": re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?"),
}
POSISI_MAKS = 64


class HalamanKursor(CursorPagination):
    """Cursor pages for deep lists: every page costs the same as the first (keyset, no OFFSET).

    The position inside a cursor (``?cursor=`` is base64 of ``p=<position>``) comes from the client and goes
    into ``WHERE <ordering> > position``: one that cannot be a value of the ordering field (``abc`` for an id,
    a NUL byte PostgreSQL refuses in text) is answered 404 "Kursor tidak sah." like any other bad cursor,
    instead of a 500 from the database.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "kode"
    invalid_cursor_message = "Kursor tidak sah."

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not self.posisi_sah(cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def posisi_sah(self, posisi: str) -> bool:
        if len(posisi) > POSISI_MAKS or "\x00" in posisi:
            return False
        urutan = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
        pola = POLA_POSISI.get(urutan.lstrip("-"))
        return pola is None or pola.fullmatch(posisi) is not None


class IzinRules(BasePermission):
    """Writes through django-rules: POST needs ``<app>.add_<model>``, PUT/PATCH ``change``, DELETE ``delete``.

    Reads are decided by the scope gate alone (the viewset's queryset), so safe methods pass here.
    The model is the viewset's ``izin_model`` or its queryset's model; the object check runs
    ``has_perm(perm, obj)`` on the object ``get_object()`` found in scope.
    """

    AKSI = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def _perm(self, request, view) -> str:
        model = getattr(view, "izin_model", None) or view.get_queryset().model
        return f"{model._meta.app_label}.{self.AKSI[request.method]}_{model._meta.model_name}"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.has_perm(self._perm(request, view))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.has_perm(self._perm(request, view), obj)


def exception_handler(exc, context):
    """Answer rule violations and model validation errors as 400 with the rule ids.

    Shape: ``{"detail": "...", "kode": "R3", "pelanggaran": [{"kode", "pesan", "field"?}]}``.
    """
    if isinstance(exc, (AturanDilanggar, PelanggaranAturan)):
        daftar = sebagai_daftar(exc)
        return Response(
            {
                "detail": " ".join(p.pesan for p in daftar),
                "kode": daftar[0].kode,
                "pelanggaran": [p.as_dict() for p in daftar],
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            data = {"detail": " ".join(str(m) for m in exc.messages)}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        # get_object_or_404's text is English and names the model; absent and out of scope look alike.
        exc = NotFound()
    return drf_exception_handler(exc, context)
