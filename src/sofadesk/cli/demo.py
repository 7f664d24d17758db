"""`sofadesk demo`: a short guided tour of the Vilnius case on the embedded database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.rule import Rule
from rich.text import Text

from sofadesk.cli.output import command, out, tri_style, tri_word
from sofadesk.cli.registry_cmds import print_coverage
from sofadesk.config import Settings, default_data_dir
from sofadesk.db.bootstrap import open_registry
from sofadesk.db.fastread import redact
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.timeline import state_timeline

# The dates the tour walks through, each with why it matters.
MOMENTS: tuple[tuple[date, str], ...] = (
    (date(2005, 4, 20), "the day before Vilnius"),
    (date(2005, 4, 21), "Russia signs the PfP SOFA in Vilnius"),
    (date(2007, 9, 26), "the day before entry into force for Russia"),
    (date(2007, 9, 27), "entry into force for Russia"),
    (date(2008, 1, 1), "a transit towards Afghanistan is being planned"),
)


def demo(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the API afterwards.")] = True,
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
) -> None:
    """A guided tour (the Vilnius signature, the 2007 entry into force, a jurisdiction case), then the demo
    States' users and the Riga - Termez rail transit, served over the API on 127.0.0.1."""
    settings = Settings.from_env()
    registry = open_registry(settings)
    engine = InForceEngine(registry)
    rus, usa, deu = (registry.states[c] for c in ("RUS", "USA", "DEU"))

    out.print(Rule("SOFA Desk - the Vilnius agreement"))
    out.print(
        Text(f"Database: {redact(settings.database_url)}" + (" (embedded)" if settings.embedded else ""))
    )
    out.print(
        Text(
            "On 21 April 2005 in Vilnius, Russia signed the PfP SOFA, which makes the 1951 NATO SOFA apply between "
            "its parties. It had to be ratified before it could enter into force."
        )
    )

    out.print(Rule("1. Russia's record"))
    events, _ = state_timeline(engine, rus)
    for e in events:
        when = e.on.isoformat() if e.on else "unknown   "
        out.print(Text(f"  {when}  {e.text}  [{e.basis}]"))

    out.print(Rule("2. Does the NATO SOFA regime apply between Russia (sending) and the United States?"))
    for day, why in MOMENTS:
        c = explain_coverage(engine, rus, usa, day)
        line = Text(f"  {long_date(day):>18}  ")
        line.append(f"{tri_word(c.answer.applies):<7}", style=f"bold {tri_style(c.answer.applies)}")
        line.append(f" {why}")
        out.print(line)
    out.print()
    print_coverage(explain_coverage(engine, rus, usa, date(2008, 1, 1)))

    out.print(Rule("3. The death-penalty protection of the Additional Protocol"))
    for other in (deu, usa):
        c = explain_coverage(engine, rus, other, date(2008, 1, 1))
        out.print(Text(f"  Russia and {other.display_name}, 1 January 2008: {c.additional_protocol_status}"))

    out.print(Rule("4. A case: a US convoy driver in a fatal collision in Russia, 15 June 2009"))
    _jurisdiction_example(engine)

    _transit_demo(port)
    _exercise_demo()
    _incident_demo()
    _claims_demo()

    out.print(Rule("Try it yourself"))
    for cmd in (
        "sofadesk coverage RUS USA --on 2005-04-21",
        "sofadesk coverage Russia 'United States' --on 2008-01-01 --json",
        "sofadesk timeline RUS",
        "sofadesk parties pfp-sofa --on 2008-01-01",
        "sofadesk law decide claim-share --facts examples/facts/claim-share--exercise.yaml",
        "sofadesk law coverage",
        "sofadesk exercise list --as deu.planner",
        "sofadesk claim list --as deu.claims",
    ):
        command(f"  {cmd}")
    if serve:
        from sofadesk.cases.transit.demo_data import PASSWORD
        from sofadesk.cli.serve import serve_api

        out.print(Rule(f"Serving the web interface and the API on http://127.0.0.1:{port}/ (Ctrl+C to stop)"))
        for step in (
            f"Open http://127.0.0.1:{port}/ in a browser; every demo user's password is '{PASSWORD}'.",
            "  usa.requester: open the draft transit from the dashboard, Submit it (or file a new one: New transit request);",
            "  lva.approver, rus.approver, kaz.approver, uzb.approver: decide it from the dashboard;",
            "  usa.requester: the case is permitted; download the movement order; deu.observer gets 404 for it;",
            "  deu.planner: Exercises > Plan an exercise; deu.approver approves; invite USA, POL; usa.planner accepts.",
            "The README's 'Web interface' section walks through every step.",
        ):
            out.print(Text(step))
        serve_api("127.0.0.1", port)


def _jurisdiction_example(engine: InForceEngine) -> None:
    """The same question decided twice: official duty certified, and official duty disputed."""
    from sofadesk.law.rules.art_07_criminal_jurisdiction import JurisdictionFacts, decide_jurisdiction
    from sofadesk.registry.regime import regime_between

    day = date(2009, 6, 15)
    facts = {
        "sending_state": "USA",
        "receiving_state": "RUS",
        "regime": regime_between(engine, "USA", "RUS", day),
        "accused": {"category": "member_of_force", "subject_to_sending_state_military_law": True},
        "offence": {
            "description": "Fatal collision while driving a convoy vehicle",
            "date": day,
            "punishable_by_sending_state": True,
            "punishable_by_receiving_state": True,
            "solely_against": "other",
            "official_duty": "yes",
        },
    }
    for duty in ("yes", "disputed"):
        facts["offence"]["official_duty"] = duty  # type: ignore[index]
        finding = decide_jurisdiction(JurisdictionFacts.model_validate(facts))
        out.print(Text(f"  Official duty {duty}: primary right {finding.value.primary_right}", style="bold"))
        out.print(Text(f"    {finding.reasons[-1]}"))
        for note in finding.left_to_humans:
            out.print(Text(f"    Left to people: {note}"))
        out.print(Text(f"    Citations: {'; '.join(finding.cite_strings()[:5])}"))


def _transit_demo(port: int) -> None:
    """Demo users of five States (tokens re-issued on each run), and a Riga - Termez draft ready to submit."""
    from sqlalchemy import select

    from sofadesk.accounts.models import UserRow
    from sofadesk.accounts.service import acting_as, issue_token
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.demo_data import PASSWORD, USERS, riga_termez, seed_demo
    from sofadesk.cases.transit.schemas import TransitContent
    from sofadesk.cli.cases import transaction

    with transaction() as session:
        if session.execute(select(UserRow.id).where(UserRow.username == "usa.requester")).first() is None:
            tokens = seed_demo(session)
        else:
            tokens = {
                u[0]: issue_token(
                    session,
                    session.execute(select(UserRow).where(UserRow.username == u[0])).scalar_one(),
                    "demo",
                )
                for u in USERS
            }
        user = acting_as(session, "usa.requester")
        content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=30)))
        t = service.create(session, user, content)
        session.flush()
        transit_id, version = t.id, t.version
    out.print(Rule("5. A transit: Riga - Russia - Kazakhstan - Termez by rail, as a draft"))
    out.print(
        Text(
            f"Transit {transit_id} filed by usa.requester. Users (password '{PASSWORD}') and their API tokens:"
        )
    )
    for username, state, _, roles in USERS:
        out.print(Text(f"  {username:<14} {state}  {','.join(roles):<28} {tokens[username]}"), soft_wrap=True)
    out.print(
        Text(
            f"Web interface: http://127.0.0.1:{port}/ - sign in as any user above with the password '{PASSWORD}'.",
            style="bold",
        )
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    out.print(Text("Drive it through the API (OpenAPI at /docs):", style="bold"))
    command(
        f"  curl -s -X POST {base}/transits/{transit_id}/submit -H 'Authorization: Bearer {tokens['usa.requester']}' -H 'Content-Type: application/json' -d '{{\"version\": {version}}}'"
    )
    command(
        f"  curl -s {base}/transits/{transit_id} -H 'Authorization: Bearer {tokens['rus.approver']}'   # see each decision's version"
    )
    command(
        f"  curl -s -X POST {base}/transits/{transit_id}/decisions -H 'Authorization: Bearer {tokens['rus.approver']}' -H 'Content-Type: application/json' -d '{{\"decision\": \"approved\", \"version\": 1}}'"
    )
    command(
        f"  ... the same for lva.approver, kaz.approver, uzb.approver; then POST {base}/transits/{transit_id}/crossings"
    )
    command(
        f"  curl -s {base}/transits/{transit_id}/timeline -H 'Authorization: Bearer {tokens['usa.requester']}'"
    )
    command(f"  curl -s {base}/audit/verify -H 'Authorization: Bearer {tokens['usa.requester']}'")
    command(
        f"  (or the CLI: sofadesk transit submit {transit_id} --as usa.requester; sofadesk transit decide {transit_id} --as rus.approver --decision approved)"
    )


def _exercise_demo() -> None:
    """A joint exercise hosted by Germany with the United States, Poland and Russia (autumn 2007, around
    Russia's entry into force), its checks, the deconfliction warning and the calendar export."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.demo_data import seed_exercise_demo
    from sofadesk.cli.cases import engine_from, transaction

    with transaction() as session:
        exercise_id = seed_exercise_demo(session)
        planner = acting_as(session, "deu.planner")
        data = service.read_visible(session, planner, exercise_id)
        checks = service.checks(session, planner, exercise_id, engine_from(session))
        clashes = service.deconfliction(session, planner)
        calendar = service.calendar(session, planner)
    out.print(Rule(f"6. A joint exercise: {data.name}, hosted by Germany"))
    out.print(
        Text(
            f"{data.reference} (id {exercise_id}), {data.starts_on} - {data.ends_on}, "
            f"{data.status}; planned by deu.planner, approved by deu.approver."
        )
    )
    for p in data.participants:
        out.print(
            Text(
                f"  {p.state}: {p.status}, {p.persons or 0} persons, customs certificate {p.certificate or '-'}"
            )
        )
    for c in checks.coverage:
        style = {"flag": "bold red", "unknown": "yellow"}.get(c.status, "green")
        out.print(Text(f"  [{c.status}] {c.message}", style=style))
    for clash in clashes:
        a, b = clash.exercises
        out.print(
            Text(
                f"  [deconfliction] {clash.area_name}: {a.reference} and {b.reference} both booked on {clash.text}",
                style="bold red",
            )
        )
    # Next to the embedded database, or in the current directory when a database URL is configured.
    target = (default_data_dir() if Settings.from_env().embedded else Path()) / "exercises-DEU.ics"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(calendar)
    out.print(Text(f"  Calendar (iCalendar) for Germany written to {target}"))
    out.print(Text("Go on with the CLI (or the API under /api/v1/exercises):", style="bold"))
    for cmd in (
        f"sofadesk exercise checks {exercise_id} --as deu.planner",
        f"sofadesk exercise jurisdiction {exercise_id} --as deu.planner",
        f"sofadesk exercise start {exercise_id} --as deu.planner",
        "sofadesk exercise calendar --as rus.planner -o exercises-RUS.ics",
    ):
        command(f"  {cmd}")


def _incident_demo() -> None:
    """Two incidents between the United States and Germany: an on-duty training accident carried to a
    verdict, and an off-duty traffic case with Germany's standing waiver and its recall clock."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.incident import service
    from sofadesk.cases.incident.demo_data import seed_incident_demo
    from sofadesk.cli.cases import engine_from, transaction

    with transaction() as session:
        ids = seed_incident_demo(session, engine_from(session))
        reader = acting_as(session, "deu.legal")
        cases = [service.read_visible(session, reader, i) for i in ids]
    out.print(Rule("7. Incidents: who tries a US soldier in Germany? (NATO SOFA Art. VII)"))
    for i in cases:
        value = i.jurisdiction.value or {}
        out.print(
            Text(f"{i.reference} (id {i.id}): {i.offence.type.replace('_', ' ')}, {i.status}", style="bold")
        )
        out.print(
            Text(
                f"  {value.get('jurisdiction')}; primary right {i.primary_right.holder}; "
                f"to try: {i.primary_right.trying_state or 'open'}"
            )
        )
        reasons = i.jurisdiction.reasons
        out.print(Text(f"  {next((r for r in reasons if 'primary right' in r), reasons[-1])}"))
        standing = i.primary_right.standing
        if standing is not None:
            out.print(Text(f"  Standing waiver ({standing.basis}): recall until {standing.recall_until}"))
    out.print(Text("Legal advisers usa.legal and deu.legal (password 'demo-password'):", style="bold"))
    for cmd in (
        f"sofadesk incident show {ids[1]} --as deu.legal",
        f"sofadesk incident recall {ids[1]} --statement 'Major interest' --as deu.legal",
        "sofadesk incident stats --state USA --year 2007 --as usa.legal",
    ):
        command(f"  {cmd}")


def _claims_demo() -> None:
    """Three claims in Germany (2024): crop damage filed on the public form, paid, shared 75/25, stated and
    reimbursed; a town's traffic claim against a US and British convoy (2/5, 2/5, 1/5; the UK deemed to accept);
    an off-duty car damage settled ex gratia."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.audit.chain import now
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.demo_data import seed_claims_demo
    from sofadesk.cli.cases import engine_from, transaction

    with transaction() as session:
        ids = seed_claims_demo(session, engine_from(session))
        deemed = service.scan_deemed(session, now())
        office = acting_as(session, "deu.claims")
        claims = [service.read_visible(session, office, i) for i in ids]
        preview = service.statement(session, office, "DEU", "GBR", "2024-H2")
    out.print(Rule("8. Claims and cost sharing: Germany's claims office (NATO SOFA Art. VIII)"))
    for c in claims:
        shares = ", ".join(
            f"{s.state} {s.amount} ({s.fraction}, {s.status.replace('_', ' ')})" for s in c.shares
        )
        out.print(
            Text(
                f"  {c.reference} (id {c.id}) {c.claimant.name}: {c.damage_kind.replace('_', ' ')}, "
                f"route {c.route}, {c.status}" + (f"; shares {shares}" if shares else "")
            )
        )
    if deemed:
        out.print(
            Text(f"  {deemed} share(s) deemed accepted now: no reply within two months (Art. VIII(5)(d)).")
        )
    out.print(
        Text(
            f"  Statement DEU to GBR, 2024-H2 (not yet issued): {preview.cases} case(s), total "
            f"{preview.total} {preview.currency}"
        )
    )
    out.print(
        Text(
            "Users deu.claims, usa.claims, gbr.claims (claims offices) and deu.admin; go on with:",
            style="bold",
        )
    )
    for cmd in (
        f"sofadesk claim show {ids[0]} --as deu.claims",
        "sofadesk claim statement --receiving DEU --sending GBR --half 2024-H2 --as deu.claims --issue",
        "sofadesk claim balances --as deu.claims",
        "sofadesk claim submit --file examples/claim/public-claim.yaml",
    ):
        command(f"  {cmd}")
