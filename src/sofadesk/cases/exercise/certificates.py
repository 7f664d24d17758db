"""Customs certificates for a contingent's temporarily imported equipment, and the re-export balance.

Law: the force imports its equipment and reasonable provisions duty-free on a certificate in a form agreed
between the two States (NATO SOFA Art. XI(4); in practice NATO Form 302), and may re-export it freely on that
certificate (XI(8)(a)).  What stays behind is not sold or given away locally unless the receiving State
authorises it, on its conditions such as paying duty (XI(8)(b)); fuel and lubricants delivered for service
vehicles are consumed (XI(11)).  So when the exercise closes, every line must have gone out again or been
declared, and the declaration says what happened to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sofadesk.cases.exercise.schemas import DischargeLine
from sofadesk.cases.force import ForceManifest
from sofadesk.errors import Invalid

CERTIFICATE_CITES = ("NATO SOFA Art. XI(4)", "NATO SOFA Art. XI(8)(a)")
BALANCE_CITES = ("NATO SOFA Art. XI(4)", "NATO SOFA Art. XI(8)(a)", "NATO SOFA Art. XI(8)(b)")


def serial_number(host: str, participant: str, year: int, certificate_id: int) -> str:
    """Unique because the id is: the database's key for the certificate row."""
    return f"F302-{host}-{participant}-{year}-{certificate_id:06d}"


def certificate_lines(contingent: ForceManifest) -> list[dict[str, Any]]:
    """One line per equipment line temporarily imported (what must go out again)."""
    return [
        {
            "line": n,
            "description": e.description,
            "kind": e.kind,
            "quantity": e.quantity,
            "serial_number": e.serial_number,
        }
        for n, e in enumerate((e for e in contingent.equipment if e.temporarily_imported), start=1)
    ]


@dataclass(frozen=True)
class LineBalance:
    line: int
    description: str
    imported: int
    re_exported: int
    declared: int
    declaration: str | None

    @property
    def outstanding(self) -> int:
        return self.imported - self.re_exported - self.declared

    def as_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "description": self.description,
            "imported": self.imported,
            "re_exported": self.re_exported,
            "declared": self.declared,
            "declaration": self.declaration,
            "outstanding": self.outstanding,
        }


def balance(lines: list[dict[str, Any]], discharge: dict[str, Any]) -> list[LineBalance]:
    out = []
    for line in lines:
        d = discharge.get(str(line["line"]), {})
        out.append(
            LineBalance(
                line["line"],
                line["description"],
                line["quantity"],
                d.get("re_exported", 0),
                d.get("declared", 0),
                d.get("declaration"),
            )
        )
    return out


def apply_discharge(
    lines: list[dict[str, Any]], discharge: dict[str, Any], given: list[DischargeLine]
) -> dict[str, Any]:
    """The new discharge record, after checking every line exists and nothing leaves twice."""
    by_number = {line["line"]: line for line in lines}
    updated = dict(discharge)
    seen: set[int] = set()
    for i, d in enumerate(given):
        if d.line not in by_number:
            raise Invalid(f"lines.{i}.line", f"the certificate has no line {d.line} (it has 1-{len(lines)})")
        if d.line in seen:
            raise Invalid(f"lines.{i}.line", f"line {d.line} is given twice")
        seen.add(d.line)
        imported = by_number[d.line]["quantity"]
        if d.re_exported + d.declared > imported:
            raise Invalid(
                f"lines.{i}",
                f"{d.re_exported} re-exported and {d.declared} declared exceed the {imported} imported on line {d.line}",
            )
        updated[str(d.line)] = {
            "re_exported": d.re_exported,
            "declared": d.declared,
            "declaration": d.declaration.strip() if d.declaration else None,
        }
    return updated
