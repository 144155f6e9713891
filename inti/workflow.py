"""A small workflow engine: an app's allowed transitions are one table of ``Transisi`` rows.

The table says, for each (state, action): the next state, which actors may do it and which rules
must hold. Services look their row up here (``Alur.transisi``) and never write ``status =`` by hand
outside it; pages and the API ask ``Alur.aksi_untuk`` which buttons to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import Aturan, AturanDilanggar

AKSI_TIDAK_SAH = Aturan("ALUR", "Langkah ini tidak dapat dilakukan pada status sekarang.")
BUKAN_PELAKU = Aturan("PERAN", "Anda bukan pihak yang berwenang melakukan langkah ini.")


@dataclass(frozen=True)
class Transisi:
    dari: tuple[str, ...]
    aksi: str
    ke: str | None  # None: the state stays (a step recorded without moving the whole agreement)
    pelaku: frozenset[str]
    label: str
    aturan: tuple[str, ...] = field(default_factory=tuple)  # rule ids checked by the service, for readers and the UI
    sistem: bool = False  # taken by the service itself when a condition is met (e.g. the last signature)


class Alur:
    def __init__(self, nama: str, baris: Iterable[Transisi]):
        self.nama = nama
        self._tabel: dict[tuple[str, str], Transisi] = {}
        for t in baris:
            for status in t.dari:
                kunci = (status, t.aksi)
                if kunci in self._tabel:
                    raise ValueError(f"{nama}: duplicate transition {kunci}")
                self._tabel[kunci] = t

    def __iter__(self):
        seen = []
        for t in self._tabel.values():
            if t not in seen:
                seen.append(t)
                yield t

    def transisi(self, status: str, aksi: str, pelaku: set[str] | None = None) -> Transisi:
        """The row for (status, aksi); raises AturanDilanggar when the move or the actor is not allowed."""
        t = self._tabel.get((status, aksi))
        if t is None:
            raise AturanDilanggar(AKSI_TIDAK_SAH, f"({aksi} pada status {status})")
        if pelaku is not None and not (t.pelaku & pelaku):
            raise AturanDilanggar(BUKAN_PELAKU)
        return t

    def aksi_untuk(self, status: str, pelaku: set[str]) -> list[Transisi]:
        """Actions this actor may start now (system moves excluded)."""
        return [t for (s, _), t in self._tabel.items() if s == status and not t.sistem and t.pelaku & pelaku]

    def status_tercapai(self) -> set[str]:
        hasil: set[str] = set()
        for (s, _), t in self._tabel.items():
            hasil.add(s)
            if t.ke:
                hasil.add(t.ke)
        return hasil


def periksa_semua(*checks: Callable[[], None]) -> None:
    """Run every rule check; raise all failures together (a refused step names every unmet rule)."""
    from .errors import kumpulkan

    kumpulkan(*checks)
