"""The one domain error of the house: a rule of law that was not met.

``AturanDilanggar`` carries the rule id (``R3``), the Indonesian message naming the rule and its
article, and optionally the field it belongs to. A service may raise several at once through
``PelanggaranAturan`` so a refused action answers with every unmet rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Aturan:
    """A rule of law as data: its id, its message (with the article) and its severity."""

    kode: str
    pesan: str
    sifat: str = "BLOCK"  # BLOCK, WARN or INFO, as in DOMAIN.md §E


class AturanDilanggar(Exception):
    """One unmet rule. ``str()`` gives the full message, e.g. ``R28: Kode … (Permendagri 58/2021).``"""

    def __init__(self, aturan: Aturan, detail: str = "", *, field: str | None = None):
        self.aturan = aturan
        self.detail = detail
        self.field = field
        super().__init__(self.pesan)

    @property
    def kode(self) -> str:
        return self.aturan.kode

    @property
    def pesan(self) -> str:
        text = f"{self.aturan.kode}: {self.aturan.pesan}"
        return f"{text} {self.detail}".strip() if self.detail else text

    def as_dict(self) -> dict:
        data = {"kode": self.kode, "pesan": self.pesan}
        if self.field:
            data["field"] = self.field
        return data


@dataclass
class PelanggaranAturan(Exception):
    """Several unmet rules at once; raised by services after collecting every failing check."""

    pelanggaran: list[AturanDilanggar] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(p.pesan for p in self.pelanggaran)

    def as_list(self) -> list[dict]:
        return [p.as_dict() for p in self.pelanggaran]


def kumpulkan(*checks) -> None:
    """Run every check (callables raising AturanDilanggar); raise all failures together."""
    gagal: list[AturanDilanggar] = []
    for check in checks:
        try:
            check()
        except AturanDilanggar as exc:
            gagal.append(exc)
    if gagal:
        raise PelanggaranAturan(gagal)


def sebagai_daftar(exc: Exception) -> list[AturanDilanggar]:
    if isinstance(exc, PelanggaranAturan):
        return list(exc.pelanggaran)
    if isinstance(exc, AturanDilanggar):
        return [exc]
    return []
