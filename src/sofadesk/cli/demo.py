"""`sofadesk demo`: a short guided tour of the Vilnius case on the embedded database."""

from __future__ import annotations

from datetime import date

from rich.rule import Rule
from rich.text import Text

from sofadesk.cli.output import out, tri_style, tri_word
from sofadesk.cli.registry_cmds import print_coverage
from sofadesk.config import Settings
from sofadesk.db.fastread import redact
from sofadesk.registry.access import open_registry
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


def demo() -> None:
    """A guided tour: the Vilnius signature, the 2007 entry into force, and the answer changing across them."""
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

    out.print(Rule("Try it yourself"))
    for cmd in (
        "sofadesk coverage RUS USA --on 2005-04-21",
        "sofadesk coverage Russia 'United States' --on 2008-01-01 --json",
        "sofadesk timeline RUS",
        "sofadesk parties pfp-sofa --on 2008-01-01",
        "sofadesk law decide claim-share --facts examples/facts/claim-share--exercise.yaml",
        "sofadesk law coverage",
    ):
        out.print(Text(f"  {cmd}"))


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
