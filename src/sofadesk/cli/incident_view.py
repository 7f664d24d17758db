"""How `sofadesk incident ...` prints an incident: the finding first, then who holds the primary right, the
persons (redacted as the user's role sees them), what is due from whom, trials and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from sofadesk.cli.output import out

if TYPE_CHECKING:
    from sofadesk.cases.incident.reads import IncidentRead


def show_incident(i: IncidentRead) -> None:
    out.print(Text(f"{i.reference} (id {i.id}) - {i.status}, version {i.version}", style="bold"))
    out.print(
        Text(
            f"{i.sending_state} force in {i.receiving_state}, {i.occurred_at} at {i.place}: "
            f"{i.offence.description} ({i.offence.type})"
        )
    )
    j = i.jurisdiction
    value = j.value or {}
    head = (
        f"Jurisdiction: {value.get('jurisdiction')}, primary right: {j.primary_right_state or value.get('primary_right')}"
        if j.value
        else "Jurisdiction: not settled"
    )
    out.print(Text(head, style="bold green" if j.value else "bold yellow"))
    for reason in j.reasons:
        out.print(Text(f"  {reason}"))
    for turn in j.turns_on:
        out.print(Text(f"  Turns on: {turn}", style="yellow"))
    if j.citations:
        out.print(Text(f"  [{'; '.join(j.citations)}]"))
    p = i.primary_right
    if p.holder:
        out.print(
            Text(
                f"Primary right: {p.holder}; decision: {p.decision or 'pending'}; to try: {p.trying_state or '-'}"
            )
        )
    if p.standing:
        s = p.standing
        out.print(
            Text(
                f"  Standing waiver ({s.basis}: {s.source}): {s.state}, recall until {s.recall_until or '-'}"
            )
        )
    for person in i.persons:
        who = person.name or ("[erased]" if i.personal_data == "erased" else "[redacted]")
        out.print(Text(f"  person {person.number}: {person.role}, {person.category} - {who}"))
    for d in i.decisions:
        due = (d.due_on or "-") + (" OVERDUE" if d.overdue else "")
        out.print(Text(f"  due from {d.state}: {d.subject} - {d.status}, due {due}"))
    for t in i.trials:
        out.print(
            Text(
                f"  trial {t.number}: {t.state} {t.kind}, {t.court}; {t.outcome or 'pending'} {t.sentence or ''}"
            )
        )
    for f in i.flags:
        out.print(Text(f"  [{f.basis}] {f.message}", style="red" if f.basis == "law" else "yellow"))
    out.print(Text(f"You may: {', '.join(i.actions) or '-'}", style="dim"))
