"""Base classes that apply the scope gate, so no page, viewset or admin can forget it."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from rest_framework.permissions import SAFE_METHODS

from .scoping import cara_lingkup, dalam_lingkup, scope


class LingkupViewSetMixin:
    """DRF viewsets: ``get_queryset`` comes from a scoped query function ``lingkup(user)``."""

    lingkup = None  # e.g. staticmethod(desa.queries.desa_list)

    def get_queryset(self):
        if self.lingkup is None:
            raise ImproperlyConfigured(f"{type(self).__name__}.lingkup must name a scoped query")
        return self.lingkup(self.request.user)

    def check_permissions(self, request):
        # A write to one object (PUT/PATCH/DELETE …/<id>/) by a role that may not write at all was
        # refused with 403 before the object was looked up, even for an object outside the user's
        # scope. Not found comes first: 404 unless the object is in scope (one EXISTS, writes only).
        lookup = self.lookup_url_kwarg or self.lookup_field
        if request.method not in SAFE_METHODS and lookup in self.kwargs and request.user.is_authenticated:
            try:
                ada = self.get_queryset().filter(**{self.lookup_field: self.kwargs[lookup]}).exists()
            except (TypeError, ValueError, ValidationError):  # e.g. a non-numeric id
                ada = False
            if not ada:
                raise Http404
        super().check_permissions(request)


class LingkupModelAdmin(admin.ModelAdmin):
    """Admin lists, forms and choice lists through ``scope``; foreign objects answer 404."""

    def get_queryset(self, request):
        return scope(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        try:
            cara_lingkup(related)
        except ImproperlyConfigured:
            pass
        else:
            kwargs["queryset"] = scope(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _perm(self, request, action, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_module_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._perm(request, "view", obj) or self._perm(request, "change", obj)

    def has_add_permission(self, request) -> bool:
        return self._perm(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._perm(request, "delete", obj)

    def get_object(self, request, object_id, from_field=None):
        # Django checks permissions before it notices the object is missing, so a POST to an
        # out-of-scope object by a read-only user answered 403 ("exists, not yours"). Not found first.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index for a missing object; out of scope must look like absent: 404.
        raise Http404

    def save_model(self, request, obj, form, change):
        """Save, then re-check that the row is still in the writer's scope (else roll back)."""
        with transaction.atomic():
            if hasattr(obj, "updated_by_id"):
                obj.updated_by = request.user
                if not change:
                    obj.created_by = request.user
            super().save_model(request, obj, form, change)
            if not dalam_lingkup(request.user, obj):
                raise PermissionDenied("Objek berada di luar wilayah kerja Anda.")
