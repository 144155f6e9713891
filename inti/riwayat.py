"""Audit trail: database triggers (django-pghistory) record every insert, update and delete,
including ``QuerySet.update()`` and ``bulk_create``, which no Python signal would see."""

from __future__ import annotations

import pghistory


def lacak(**kwargs):
    """Decorator for every domain model: record inserts, updates and deletes with their context."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs)


def riwayat_objek(obj, *, batas: int = 50) -> list[dict]:
    """The newest events of one object, each with who (user id from the request context) and what changed."""
    from pghistory.models import Events

    # On the aggregate Events model pgh_context is already the context's metadata (JSON), not a relation.
    # Triggers stamp NOW(), the transaction start, so events of one transaction tie on time; the event
    # id (increasing within an event table) keeps them newest first.
    events = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:batas]
    rows = []
    for ev in events:
        meta = ev.pgh_context or {}
        rows.append(
            {
                "waktu": ev.pgh_created_at,
                "label": ev.pgh_label,
                "user_id": meta.get("user"),
                "url": meta.get("url"),
                "perintah": meta.get("perintah"),
                "perubahan": ev.pgh_diff or {},
                "data": ev.pgh_data,
            }
        )
    return rows
